import { z } from "zod";
import { emailConnectorType } from "@/server/db/schema";

export const emailConnectorTypes = emailConnectorType.enumValues;
export type EmailConnectorType = (typeof emailConnectorTypes)[number];
export const emailConnectorTypeSchema = z.enum(emailConnectorTypes);

/** Unknown keys are refused (a typo such as `configurationSet` would otherwise be silently dropped). */
const unknownSettingsMessage = (type: string) => (issue: { code: string; keys?: string[] }) =>
  issue.code === "unrecognized_keys" && issue.keys
    ? `Unknown ${type} setting${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((key) => `"${key}"`).join(", ")}`
    : `The ${type} settings must be an object`;

const httpUrl = (label: string) =>
  z
    .string()
    .trim()
    .refine((value) => /^https?:\/\/[^\s/]+/i.test(value) && URL.canParse(value), `${label} must be an http:// or https:// URL`)
    .transform((value) => value.replace(/\/+$/, ""));

export const sesConnectorConfig = z.strictObject(
  {
    region: z
      .string({ error: "Region is required, e.g. eu-west-1" })
      .trim()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, "Region must be an AWS region such as eu-west-1 or us-east-1"),
    accessKeyId: z.string({ error: "Access key id is required" }).trim().min(1, "Access key id is required"),
    secretAccessKey: z.string({ error: "Secret access key is required" }).min(1, "Secret access key is required"),
    configurationSetName: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, "Configuration set name must be 1–64 letters, digits, underscores or dashes")
      .optional(),
    /** A VPC interface endpoint or a local fake; the regional public endpoint otherwise. */
    endpoint: httpUrl("Endpoint").optional(),
  },
  { error: unknownSettingsMessage("SES") },
);
export type SesConnectorConfig = z.output<typeof sesConnectorConfig>;

export const resendConnectorConfig = z.strictObject(
  {
    apiKey: z.string({ error: "API key is required" }).trim().min(1, "API key is required"),
    /** Another API host (a proxy or a local fake); https://api.resend.com otherwise. */
    baseUrl: httpUrl("Base URL").optional(),
  },
  { error: unknownSettingsMessage("Resend") },
);
export type ResendConnectorConfig = z.output<typeof resendConnectorConfig>;

export const smtpConnectorConfig = z
  .strictObject(
    {
      host: z.string({ error: "Host is required" }).trim().min(1, "Host is required"),
      port: z.int({ error: "Port must be a whole number from 1 to 65535" }).min(1, "Port must be from 1 to 65535").max(65535, "Port must be from 1 to 65535"),
      secure: z.boolean({
        error: "Secure must be true (TLS from the first byte, usually port 465) or false (STARTTLS when the server offers it, usually port 587 or 25)",
      }),
      username: z.string().trim().min(1, "Username cannot be empty; leave it out when the server needs no login").optional(),
      password: z.string().min(1, "Password cannot be empty; leave it out when the server needs no login").optional(),
      /** Pooled connections kept open to the server; also the number of emails in flight at once. */
      maxConnections: z
        .int({ error: "Pool size must be a whole number from 1 to 100" })
        .min(1, "Pool size must be from 1 to 100")
        .max(100, "Pool size must be from 1 to 100")
        .default(5),
    },
    { error: unknownSettingsMessage("SMTP") },
  )
  .refine((config) => (config.username === undefined) === (config.password === undefined), {
    path: ["password"],
    message: "Username and password go together: give both to log in, or neither",
  });
export type SmtpConnectorConfig = z.output<typeof smtpConnectorConfig>;

/** One member per connector type; the stored (encrypted) config is this schema's output. */
export const emailConnectorConfigSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("DEV_INBOX"),
    config: z.strictObject({}, { error: "The dev inbox takes no settings; send an empty config {}" }),
  }),
  z.object({ type: z.literal("SES"), config: sesConnectorConfig }),
  z.object({ type: z.literal("RESEND"), config: resendConnectorConfig }),
  z.object({ type: z.literal("SMTP"), config: smtpConnectorConfig }),
]);
export type EmailConnectorConfig = z.output<typeof emailConnectorConfigSchema>;

/** Raw config as submitted; it is checked against the type's schema by {@link refineConnectorConfig}. */
export const rawConnectorConfigSchema = z.record(z.string(), z.unknown());

/**
 * Validates `{ type, config }` against the discriminated union, reporting problems on the `config.*` paths so the
 * API error names the field.
 */
export function refineConnectorConfig(value: { type: EmailConnectorType; config: unknown }, ctx: z.RefinementCtx): void {
  const parsed = emailConnectorConfigSchema.safeParse({ type: value.type, config: value.config });
  if (parsed.success) return;
  for (const issue of parsed.error.issues) {
    ctx.addIssue({ code: "custom", path: issue.path.map((p) => (typeof p === "symbol" ? String(p) : p)), message: issue.message });
  }
}
