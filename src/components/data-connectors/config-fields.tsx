"use client";

import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import type { DataConnectorType } from "@/server/domain/data-connectors/data-connectors";
import { sslModeOptions, type ConfigValues, type SslMode } from "./data-connector-types";

interface ConfigFieldsProps {
  type: DataConnectorType;
  values: ConfigValues;
  errors: Record<string, string>;
  onChange: (field: keyof ConfigValues, value: string) => void;
}

/** The credential fields of one engine. */
export function ConfigFields({ type, values, errors, onChange }: ConfigFieldsProps) {
  if (type === "POSTGRES") {
    return (
      <>
        <FormField
          id="data-connector-connection-string"
          label="Connection string"
          error={errors.connectionString}
          hint="postgres://user:password@host:5432/database — use a role that can only read."
        >
          <Input
            autoComplete="off"
            spellCheck={false}
            className="font-mono text-xs"
            placeholder="postgres://reader:…@db.example.com:5432/warehouse"
            value={values.connectionString}
            onChange={(event) => onChange("connectionString", event.target.value)}
          />
        </FormField>
        <FormField id="data-connector-ssl-mode" label="SSL mode" error={errors.sslMode}>
          {(control) => (
            <Select value={values.sslMode} onValueChange={(value) => onChange("sslMode", value as SslMode)}>
              <SelectTrigger {...control}>
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                {sslModeOptions.map((option) => (
                  <SelectItem key={option.mode} value={option.mode}>
                    {option.label}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          )}
        </FormField>
        {values.sslMode === "verify-full" ? (
          <FormField id="data-connector-ssl-ca" label="CA certificate" error={errors.sslCa} hint="Optional PEM certificate when the server uses a private CA.">
            <Textarea
              spellCheck={false}
              className="max-h-40 font-mono text-xs"
              placeholder="-----BEGIN CERTIFICATE-----"
              value={values.sslCa}
              onChange={(event) => onChange("sslCa", event.target.value)}
            />
          </FormField>
        ) : null}
      </>
    );
  }
  return (
    <>
      <FormField id="data-connector-project-id" label="Project id" error={errors.projectId}>
        <Input autoComplete="off" spellCheck={false} value={values.projectId} onChange={(event) => onChange("projectId", event.target.value)} />
      </FormField>
      <FormField
        id="data-connector-credentials-json"
        label="Service account JSON"
        error={errors.credentialsJson}
        hint="The key file of a service account with BigQuery Job User and Data Viewer roles."
      >
        <Textarea
          spellCheck={false}
          className="max-h-48 font-mono text-xs"
          placeholder='{ "type": "service_account", "client_email": "…", "private_key": "…" }'
          value={values.credentialsJson}
          onChange={(event) => onChange("credentialsJson", event.target.value)}
        />
      </FormField>
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField id="data-connector-location" label="Location" error={errors.location} hint="Optional, e.g. EU or us-central1.">
          <Input autoComplete="off" value={values.location} onChange={(event) => onChange("location", event.target.value)} />
        </FormField>
        <FormField
          id="data-connector-maximum-bytes-billed"
          label="Maximum bytes billed"
          error={errors.maximumBytesBilled}
          hint="Optional cap per query; BigQuery fails a query that would bill more."
        >
          <Input
            type="number"
            inputMode="numeric"
            min={1}
            step={1}
            value={values.maximumBytesBilled}
            onChange={(event) => onChange("maximumBytesBilled", event.target.value)}
          />
        </FormField>
      </div>
    </>
  );
}
