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
  isEmailConnectorTypeAvailable,
  rawConnectorConfigSchema,
  refineConnectorConfig,
  unavailableTypeMessage,
  type EmailConnectorConfig,
  type EmailConnectorType,
} from "./config";
import { createEmailProvider } from "./provider";
import type { ConnectionTestResult, EmailProvider, EmailProviderDeps, ResolvedEmailConnector } from "./types";

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
  if (!isEmailConnectorTypeAvailable(type)) throw new DomainError("INVALID", unavailableTypeMessage(type));
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
  return deps.db.transaction(async (tx) => {
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
    const summary = summarize(after);
    await recordAudit(tx, actor, {
      action: "email-connector.update",
      entityType: "email_connector",
      entityId: after.id,
      before: summarize(before),
      after: { ...summary, configChanged: data.config !== undefined },
    });
    return summary;
  });
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
}

function openConfig(keyring: Keyring, row: EmailConnectorRow): unknown {
  try {
    return keyring.decryptJson<unknown>(row.encryptedConfig);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DomainError("PRECONDITION_FAILED", `The config of email connector "${row.name}" cannot be decrypted (${reason}).`);
  }
}

/** Opens a saved connector's config for sending. Throws when the type has no provider yet. */
export async function resolveEmailConnector(deps: Pick<EmailConnectorDeps, "keyring"> & { db: DbOrTx }, id: string): Promise<ResolvedEmailConnector> {
  const [row] = await deps.db.select().from(emailConnectors).where(eq(emailConnectors.id, id));
  if (!row) throw notFound("Email connector", id);
  if (!isEmailConnectorTypeAvailable(row.type)) {
    throw new DomainError("PRECONDITION_FAILED", `${unavailableTypeMessage(row.type)}; connector "${row.name}" cannot be used.`);
  }
  const settings = emailConnectorConfigSchema.safeParse({ type: row.type, config: openConfig(deps.keyring, row) });
  if (!settings.success) {
    throw new DomainError("PRECONDITION_FAILED", `The stored config of email connector "${row.name}" is invalid; edit the connector and save its settings again.`);
  }
  return { id: row.id, name: row.name, settings: settings.data };
}

export async function loadEmailProvider(deps: Pick<EmailConnectorDeps, "keyring"> & { db: DbOrTx }, id: string): Promise<EmailProvider> {
  return createEmailProvider(deps, await resolveEmailConnector(deps, id));
}

export async function testEmailConnectorConfig(deps: EmailProviderDeps, input: TestEmailConnectorConfigInput): Promise<ConnectionTestResult> {
  const data = testEmailConnectorConfigInput.parse(input);
  const settings = validateConfig(data.type, data.config);
  return createEmailProvider(deps, { id: null, name: "unsaved connector", settings }).testConnection();
}

export async function testSavedEmailConnector(deps: EmailConnectorDeps, id: string): Promise<ConnectionTestResult> {
  return (await loadEmailProvider(deps, id)).testConnection();
}
