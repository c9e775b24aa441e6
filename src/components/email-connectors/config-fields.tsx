"use client";

import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Switch } from "@/components/ui/switch";
import type { EmailConnectorType } from "@/server/domain/email-connectors/config";
import type { ConfigField, ConfigValues } from "./connector-types";

interface ConfigFieldsProps {
  type: EmailConnectorType;
  values: ConfigValues;
  errors: Record<string, string>;
  onChange: <Field extends ConfigField>(field: Field, value: ConfigValues[Field]) => void;
}

interface TextFieldProps {
  field: Exclude<ConfigField, "secure">;
  label: string;
  hint?: string;
  placeholder?: string;
  secret?: boolean;
  numeric?: boolean;
  props: ConfigFieldsProps;
}

/** Secrets are write-only: a password input that browsers do not offer to fill from saved logins. */
function TextField({ field, label, hint, placeholder, secret, numeric, props }: TextFieldProps) {
  return (
    <FormField id={`email-connector-${field}`} label={label} error={props.errors[field]} hint={hint}>
      <Input
        type={secret ? "password" : numeric ? "number" : "text"}
        inputMode={numeric ? "numeric" : undefined}
        autoComplete={secret ? "new-password" : "off"}
        spellCheck={false}
        placeholder={placeholder}
        value={props.values[field]}
        onChange={(event) => props.onChange(field, event.target.value)}
      />
    </FormField>
  );
}

/** The settings of one connector type; the dev inbox has none. */
export function ConfigFields(props: ConfigFieldsProps) {
  switch (props.type) {
    case "DEV_INBOX":
      return null;
    case "SES":
      return (
        <>
          <TextField field="region" label="Region" placeholder="eu-west-1" hint="The AWS region your SES identities are verified in." props={props} />
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField field="accessKeyId" label="Access key ID" placeholder="AKIA…" props={props} />
            <TextField field="secretAccessKey" label="Secret access key" secret props={props} />
          </div>
          <TextField
            field="configurationSetName"
            label="Configuration set"
            hint="Optional; SES publishes delivery, bounce and complaint events through it."
            props={props}
          />
          <TextField
            field="endpoint"
            label="Endpoint"
            placeholder="https://vpce-….email.eu-west-1.vpce.amazonaws.com"
            hint="Optional; only for a VPC endpoint or a local test server."
            props={props}
          />
        </>
      );
    case "RESEND":
      return (
        <>
          <TextField field="apiKey" label="API key" placeholder="re_…" secret props={props} />
          <TextField field="baseUrl" label="Base URL" placeholder="https://api.resend.com" hint="Optional; only for a proxy or a local test server." props={props} />
        </>
      );
    case "SMTP":
      return (
        <>
          <div className="grid gap-4 sm:grid-cols-[1fr_8rem]">
            <TextField field="host" label="Host" placeholder="smtp.example.com" props={props} />
            <TextField field="port" label="Port" numeric props={props} />
          </div>
          <div className="flex items-center justify-between gap-4 rounded-md border p-3">
            <div className="grid gap-1">
              <label htmlFor="email-connector-secure" className="text-sm leading-none font-medium">
                Secure (TLS from the first byte)
              </label>
              <p className="text-sm text-muted-foreground">
                {props.errors.secure ?? "On for port 465. Off for 587 or 25, where EmailOps upgrades with STARTTLS when the server offers it."}
              </p>
            </div>
            <Switch id="email-connector-secure" checked={props.values.secure} onCheckedChange={(checked) => props.onChange("secure", checked)} />
          </div>
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField field="username" label="Username" hint="Leave both empty when the server needs no login." props={props} />
            <TextField field="password" label="Password" secret props={props} />
          </div>
          <TextField
            field="maxConnections"
            label="Pool size"
            numeric
            placeholder="5"
            hint="Connections kept open to the server, and so emails in flight at once (1–100)."
            props={props}
          />
        </>
      );
  }
}
