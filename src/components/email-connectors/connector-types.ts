import type { EmailConnectorType } from "@/server/domain/email-connectors/config";

export interface ConnectorTypeOption {
  type: EmailConnectorType;
  label: string;
  description: string;
}

export const connectorTypeOptions: ConnectorTypeOption[] = [
  {
    type: "DEV_INBOX",
    label: "Dev inbox",
    description: "Captures every email inside EmailOps; nothing reaches real recipients. No settings needed.",
  },
  { type: "SES", label: "Amazon SES", description: "AWS SES v2 with an IAM access key allowed ses:SendEmail and ses:GetAccount." },
  { type: "RESEND", label: "Resend", description: "The Resend API with an API key; a sending-only key works." },
  { type: "SMTP", label: "SMTP", description: "Any SMTP server; EmailOps keeps a pool of open connections to it." },
];

export function connectorTypeLabel(type: EmailConnectorType): string {
  return connectorTypeOptions.find((option) => option.type === type)?.label ?? type;
}

/** Every type's settings as the form holds them (text inputs); only the selected type's are sent. */
export interface ConfigValues {
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  configurationSetName: string;
  endpoint: string;
  apiKey: string;
  baseUrl: string;
  host: string;
  port: string;
  secure: boolean;
  username: string;
  password: string;
  maxConnections: string;
}

export type ConfigField = keyof ConfigValues;

export const emptyConfigValues: ConfigValues = {
  region: "",
  accessKeyId: "",
  secretAccessKey: "",
  configurationSetName: "",
  endpoint: "",
  apiKey: "",
  baseUrl: "",
  host: "",
  port: "587",
  secure: false,
  username: "",
  password: "",
  maxConnections: "",
};

const optional = (value: string) => (value.trim() === "" ? undefined : value.trim());

/** A number when the text is one, the text otherwise, so the server's message names what is wrong with it. */
function numberOrText(value: string): number | string | undefined {
  const text = optional(value);
  if (text === undefined) return undefined;
  return Number.isNaN(Number(text)) ? text : Number(text);
}

function compact(config: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(config).filter(([, value]) => value !== undefined));
}

export function buildConfig(type: EmailConnectorType, values: ConfigValues): Record<string, unknown> {
  switch (type) {
    case "DEV_INBOX":
      return {};
    case "SES":
      return compact({
        region: values.region.trim(),
        accessKeyId: values.accessKeyId.trim(),
        secretAccessKey: values.secretAccessKey,
        configurationSetName: optional(values.configurationSetName),
        endpoint: optional(values.endpoint),
      });
    case "RESEND":
      return compact({ apiKey: values.apiKey.trim(), baseUrl: optional(values.baseUrl) });
    case "SMTP":
      return compact({
        host: values.host.trim(),
        port: numberOrText(values.port),
        secure: values.secure,
        username: optional(values.username),
        password: values.password === "" ? undefined : values.password,
        maxConnections: numberOrText(values.maxConnections),
      });
  }
}

const configFields = new Set<string>(Object.keys(emptyConfigValues));

/**
 * Server messages read "config.region: problem; name: problem"; this maps each part to the form field it names, so
 * the error shows under that field. Parts naming no known field come back under "".
 */
export function fieldErrorsFromMessage(message: string): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const part of message.split("; ")) {
    const match = /^([\w.]+): (.*)$/.exec(part);
    const path = match?.[1] ?? "";
    const configField = path.startsWith("config.") ? path.slice("config.".length) : "";
    const field = configFields.has(configField) ? configField : path === "name" || path === "type" ? path : "";
    const text = field === "" ? part : (match?.[2] ?? part);
    errors[field] = errors[field] ? `${errors[field]} ${text}` : text;
  }
  return errors;
}
