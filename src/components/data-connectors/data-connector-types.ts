import type { DataConnectorType } from "@/server/domain/data-connectors/data-connectors";

export interface DataConnectorTypeOption {
  type: DataConnectorType;
  label: string;
  description: string;
}

export const dataConnectorTypeOptions: DataConnectorTypeOption[] = [
  { type: "POSTGRES", label: "Postgres", description: "Any PostgreSQL server or compatible warehouse, through a connection string." },
  { type: "BIGQUERY", label: "BigQuery", description: "Google BigQuery, through a service account key." },
];

export function dataConnectorTypeLabel(type: DataConnectorType): string {
  return dataConnectorTypeOptions.find((option) => option.type === type)?.label ?? type;
}

export type SslMode = "disable" | "require" | "verify-full";

export const sslModeOptions: { mode: SslMode; label: string }[] = [
  { mode: "disable", label: "Disable (no TLS)" },
  { mode: "require", label: "Require (TLS, certificate not verified)" },
  { mode: "verify-full", label: "Verify full (TLS, certificate and host checked)" },
];

/** The form's credential fields for both engines; only the selected engine's are sent. */
export interface ConfigValues {
  connectionString: string;
  sslMode: SslMode;
  sslCa: string;
  projectId: string;
  credentialsJson: string;
  location: string;
  maximumBytesBilled: string;
}

export const emptyConfigValues: ConfigValues = {
  connectionString: "",
  sslMode: "disable",
  sslCa: "",
  projectId: "",
  credentialsJson: "",
  location: "",
  maximumBytesBilled: "",
};

const optional = (value: string) => (value.trim() === "" ? undefined : value.trim());

export function buildConfig(type: DataConnectorType, values: ConfigValues): Record<string, unknown> {
  if (type === "POSTGRES") {
    const ca = optional(values.sslCa);
    return {
      connectionString: values.connectionString,
      ssl: { mode: values.sslMode, ...(ca && values.sslMode === "verify-full" ? { ca } : {}) },
    };
  }
  const location = optional(values.location);
  const maximumBytesBilled = optional(values.maximumBytesBilled);
  return {
    projectId: values.projectId,
    credentialsJson: values.credentialsJson,
    ...(location ? { location } : {}),
    ...(maximumBytesBilled ? { maximumBytesBilled } : {}),
  };
}

const configFieldNames: Record<string, keyof ConfigValues> = {
  "config.connectionString": "connectionString",
  "config.ssl": "sslMode",
  "config.ssl.mode": "sslMode",
  "config.ssl.ca": "sslCa",
  "config.projectId": "projectId",
  "config.credentialsJson": "credentialsJson",
  "config.location": "location",
  "config.maximumBytesBilled": "maximumBytesBilled",
};

/**
 * Server messages read "config.connectionString: problem; name: problem"; this maps each part to the form field it
 * names, so the error shows under that field. Parts naming no known field come back under "".
 */
export function fieldErrorsFromMessage(message: string): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const part of message.split("; ")) {
    const match = /^([\w.]+): (.*)$/.exec(part);
    const path = match?.[1] ?? "";
    const field = configFieldNames[path] ?? (path === "name" || path === "type" ? path : "");
    const text = field === "" ? part : (match?.[2] ?? part);
    errors[field] = errors[field] ? `${errors[field]} ${text}` : text;
  }
  return errors;
}
