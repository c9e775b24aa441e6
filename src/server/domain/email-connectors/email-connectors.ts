import { asc, eq } from "drizzle-orm";
import { REDACTED } from "@/server/lib/redaction";
import { z } from "zod";
import type { Database, DbOrTx } from "@/server/db/client";
import { emailConnectors, senderProfiles } from "@/server/db/schema";
import type { Keyring } from "@/server/lib/crypto";
import { DomainError, notFound } from "@/server/lib/errors";
import type { Actor } from "../auth/actor";
import { recordAudit } from "../audit-log/record";
import {
  emailConnectorConfigSchema,
  emailConnectorTypeSchema,
  rawConnectorConfigSchema,
  refineConnectorConfig,
  type EmailConnectorConfig,
  type EmailConnectorType,
} from "./config";
import { resolveEmailConnector } from "./connector-rows";
import { createEmailProvider } from "./provider";
import { dropEmailProvider } from "./provider-cache";
import type { ConnectionTestResult, EmailProvider, EmailProviderDeps } from "./types";

export { resolveEmailConnector } from "./connector-rows";

/** What the domain needs to store and open connector configs. */
export interface EmailConnectorDeps extends EmailProviderDeps {
  db: Database;
  keyring: Keyring;
}

const nameSchema = z.string().trim().min(1, "Name is required").max(100, "Name must be at most 100 characters");

export const createEmailConnectorInput = z
  .object({
    name: nameSchema,
    type: emailConnectorTypeSchema,
    config: rawConnectorConfigSchema.default({}),
  })
  .superRefine(refineConnectorConfig);
export type CreateEmailConnectorInput = z.input<typeof createEmailConnectorInput>;

/** The type cannot change after creation: a config only makes sense for the provider it was written for. */
export const updateEmailConnectorInput = z.object({
  id: z.uuid(),
  name: nameSchema.optional(),
  config: rawConnectorConfigSchema.optional(),
});
export type UpdateEmailConnectorInput = z.input<typeof updateEmailConnectorInput>;

export const testEmailConnectorConfigInput = z
  .object({
    type: emailConnectorTypeSchema,
    config: rawConnectorConfigSchema.default({}),
  })
  .superRefine(refineConnectorConfig);
export type TestEmailConnectorConfigInput = z.input<typeof testEmailConnectorConfigInput>;

export interface EmailConnectorSummary {
  id: string;
  type: EmailConnectorType;
  name: string;
  config: typeof REDACTED;
  createdAt: Date;
  updatedAt: Date;
}

type EmailConnectorRow = typeof emailConnectors.$inferSelect;

function summarize(row: EmailConnectorRow): EmailConnectorSummary {
  return { id: row.id, type: row.type, name: row.name, config: REDACTED, createdAt: row.createdAt, updatedAt: row.updatedAt };
}

/** Parses `{ type, config }` with the discriminated union, turning problems into a field-naming INVALID error. */
function validateConfig(type: EmailConnectorType, config: unknown): EmailConnectorConfig {
  const parsed = emailConnectorConfigSchema.safeParse({ type, config });
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
  throw new DomainError("INVALID", problems);
}

async function assertNameFree(tx: DbOrTx, name: string, exceptId?: string): Promise<void> {
  const [existing] = await tx.select({ id: emailConnectors.id }).from(emailConnectors).where(eq(emailConnectors.name, name));
  if (existing && existing.id !== exceptId) {
    throw new DomainError("CONFLICT", `An email connector named "${name}" already exists; choose another name.`);
  }
}

export async function createEmailConnector(
  deps: EmailConnectorDeps,
  actor: Actor,
  input: CreateEmailConnectorInput,
): Promise<EmailConnectorSummary> {
  const data = createEmailConnectorInput.parse(input);
  const settings = validateConfig(data.type, data.config);
  return deps.db.transaction(async (tx) => {
    await assertNameFree(tx, data.name);
    const [row] = await tx
      .insert(emailConnectors)
      .values({ name: data.name, type: settings.type, encryptedConfig: deps.keyring.encryptJson(settings.config) })
      .returning();
    if (!row) throw new Error("insert returned no row");
    const summary = summarize(row);
    await recordAudit(tx, actor, { action: "email-connector.create", entityType: "email_connector", entityId: row.id, after: summary });
    return summary;
  });
}

export async function listEmailConnectors(db: DbOrTx): Promise<EmailConnectorSummary[]> {
  const rows = await db.select().from(emailConnectors).orderBy(asc(emailConnectors.name));
  return rows.map(summarize);
}

export async function getEmailConnector(db: DbOrTx, id: string): Promise<EmailConnectorSummary> {
  const [row] = await db.select().from(emailConnectors).where(eq(emailConnectors.id, id));
  if (!row) throw notFound("Email connector", id);
  return summarize(row);
}

export async function updateEmailConnector(
  deps: EmailConnectorDeps,
  actor: Actor,
  input: UpdateEmailConnectorInput,
): Promise<EmailConnectorSummary> {
  const data = updateEmailConnectorInput.parse(input);
  const summary = await deps.db.transaction(async (tx) => {
    const [before] = await tx.select().from(emailConnectors).where(eq(emailConnectors.id, data.id)).for("update");
    if (!before) throw notFound("Email connector", data.id);
    const changes: Partial<typeof emailConnectors.$inferInsert> = { updatedAt: new Date() };
    if (data.name !== undefined && data.name !== before.name) {
      await assertNameFree(tx, data.name, before.id);
      changes.name = data.name;
    }
    if (data.config !== undefined) {
      changes.encryptedConfig = deps.keyring.encryptJson(validateConfig(before.type, data.config).config);
    }
    const [after] = await tx.update(emailConnectors).set(changes).where(eq(emailConnectors.id, data.id)).returning();
    if (!after) throw notFound("Email connector", data.id);
    const updated = summarize(after);
    await recordAudit(tx, actor, {
      action: "email-connector.update",
      entityType: "email_connector",
      entityId: after.id,
      before: summarize(before),
      after: { ...updated, configChanged: data.config !== undefined },
    });
    return updated;
  });
  dropEmailProvider(summary.id);
  return summary;
}

export async function deleteEmailConnector(db: Database, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(emailConnectors).where(eq(emailConnectors.id, id)).for("update");
    if (!before) throw notFound("Email connector", id);
    const users = await tx
      .select({ name: senderProfiles.name })
      .from(senderProfiles)
      .where(eq(senderProfiles.emailConnectorId, id))
      .orderBy(asc(senderProfiles.name));
    if (users.length > 0) {
      const names = users.map((u) => `"${u.name}"`).join(", ");
      throw new DomainError(
        "PRECONDITION_FAILED",
        `Email connector "${before.name}" is used by sender profile${users.length > 1 ? "s" : ""} ${names}; point them at another connector or delete them first.`,
      );
    }
    await tx.delete(emailConnectors).where(eq(emailConnectors.id, id));
    await recordAudit(tx, actor, { action: "email-connector.delete", entityType: "email_connector", entityId: id, before: summarize(before) });
  });
  dropEmailProvider(id);
}

async function testAndClose(provider: EmailProvider): Promise<ConnectionTestResult> {
  try {
    return await provider.testConnection();
  } finally {
    await provider.close();
  }
}

export async function testEmailConnectorConfig(deps: EmailProviderDeps, input: TestEmailConnectorConfigInput): Promise<ConnectionTestResult> {
  const data = testEmailConnectorConfigInput.parse(input);
  const settings = validateConfig(data.type, data.config);
  return testAndClose(createEmailProvider(deps, { id: null, name: "unsaved connector", settings }));
}

const providerNames: Record<EmailConnectorType, string> = { DEV_INBOX: "the dev inbox", SES: "SES", RESEND: "Resend", SMTP: "the SMTP server" };

/**
 * Each sender profile has its own token bucket, so a profile refilling faster than the provider's own limit (or
 * several that do together) will be throttled by the provider instead of by EmailOps.
 */
async function senderProfileRateWarnings(db: DbOrTx, connectorId: string, type: EmailConnectorType, maxRate: number): Promise<string[]> {
  const provider = providerNames[type];
  const rate = (value: number) => value.toLocaleString("en", { maximumFractionDigits: 2 });
  const profiles = await db
    .select({ name: senderProfiles.name, refillPerSecond: senderProfiles.refillPerSecond })
    .from(senderProfiles)
    .where(eq(senderProfiles.emailConnectorId, connectorId))
    .orderBy(asc(senderProfiles.name));
  const warnings = profiles
    .filter((profile) => profile.refillPerSecond > maxRate)
    .map(
      (profile) =>
        `Sender profile "${profile.name}" refills ${rate(profile.refillPerSecond)} emails per second, more than ${provider}'s maximum of ${rate(maxRate)} per second; lower its refill rate or ${provider} will throttle its sends.`,
    );
  const combined = profiles.reduce((sum, profile) => sum + profile.refillPerSecond, 0);
  if (profiles.length > 1 && combined > maxRate) {
    warnings.push(
      `Together, sender profiles ${profiles.map((profile) => `"${profile.name}"`).join(", ")} refill ${rate(combined)} emails per second, more than ${provider}'s maximum of ${rate(maxRate)} per second when they send at the same time.`,
    );
  }
  return warnings;
}

/** Tests a saved connector with a fresh provider, and warns about sender profiles configured faster than the provider allows. */
export async function testSavedEmailConnector(deps: EmailConnectorDeps, id: string): Promise<ConnectionTestResult> {
  const connector = await resolveEmailConnector(deps, id);
  const result = await testAndClose(createEmailProvider(deps, connector));
  if (result.maxSendRatePerSecond === undefined) return result;
  const rateWarnings = await senderProfileRateWarnings(deps.db, id, connector.settings.type, result.maxSendRatePerSecond);
  return { ...result, warnings: [...result.warnings, ...rateWarnings] };
}
