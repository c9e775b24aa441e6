import { z } from "zod";
import { emailConnectorType } from "@/server/db/schema";

export const emailConnectorTypes = emailConnectorType.enumValues;
export type EmailConnectorType = (typeof emailConnectorTypes)[number];
export const emailConnectorTypeSchema = z.enum(emailConnectorTypes);

/**
 * One member per connector type the application can actually send through. SES, RESEND and SMTP exist in the
 * database enum but get their member (and provider) in later work; until then they are refused with a clear message.
 */
export const emailConnectorConfigSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("DEV_INBOX"),
    config: z.strictObject({}, { error: "The dev inbox takes no settings; send an empty config {}" }),
  }),
]);
export type EmailConnectorConfig = z.output<typeof emailConnectorConfigSchema>;

export const availableEmailConnectorTypes: readonly EmailConnectorType[] = emailConnectorConfigSchema.options.map(
  (option) => option.shape.type.value,
);

export function isEmailConnectorTypeAvailable(type: EmailConnectorType): boolean {
  return availableEmailConnectorTypes.includes(type);
}

export const unavailableTypeMessage = (type: string) => `Email connector type ${type} is not available yet`;

/** Raw config as submitted; it is checked against the type's schema by {@link refineConnectorConfig}. */
export const rawConnectorConfigSchema = z.record(z.string(), z.unknown());

/**
 * Validates `{ type, config }` against the discriminated union, reporting problems on the `type` / `config.*` paths
 * so the API error names the field.
 */
export function refineConnectorConfig(value: { type: EmailConnectorType; config: unknown }, ctx: z.RefinementCtx): void {
  if (!isEmailConnectorTypeAvailable(value.type)) {
    ctx.addIssue({ code: "custom", path: ["type"], message: unavailableTypeMessage(value.type) });
    return;
  }
  const parsed = emailConnectorConfigSchema.safeParse({ type: value.type, config: value.config });
  if (parsed.success) return;
  for (const issue of parsed.error.issues) {
    ctx.addIssue({ code: "custom", path: issue.path.map((p) => (typeof p === "symbol" ? String(p) : p)), message: issue.message });
  }
}
