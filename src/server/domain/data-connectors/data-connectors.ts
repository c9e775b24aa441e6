import { asc, eq } from "drizzle-orm";
import { REDACTED } from "@/server/lib/redaction";
import { z } from "zod";
import type { Database, DbOrTx } from "@/server/db/client";
import { dataConnectors, dataConnectorType, segments } from "@/server/db/schema";
import type { Keyring } from "@/server/lib/crypto";
import { DomainError, notFound } from "@/server/lib/errors";
import type { Actor } from "../auth/actor";
import { recordAudit } from "../audit-log/record";
import { dropDataConnectorAdapter } from "./adapter-cache";
import { dataConnectorConfig, type DataConnectorSettings } from "./config";

export { REDACTED };

export const dataConnectorTypes = dataConnectorType.enumValues;
export type DataConnectorType = (typeof dataConnectorTypes)[number];
export const dataConnectorTypeSchema = z.enum(dataConnectorTypes);

/** What the domain needs to store connector configs and open adapters on them. */
export interface DataConnectorDeps {
  db: Database;
  keyring: Keyring;
}

const nameSchema = z.string().trim().min(1, "Name is required").max(100, "Name must be at most 100 characters");

/** Raw config as submitted; checked against the type's schema by {@link refineConfig}. */
const rawConfigSchema = z.record(z.string(), z.unknown());

/** Reports problems on `config.*` paths so the error names the field. */
function refineConfig(value: { type: DataConnectorType; config: unknown }, ctx: z.RefinementCtx): void {
  const parsed = dataConnectorConfig.safeParse({ type: value.type, config: value.config });
  if (parsed.success) return;
  for (const issue of parsed.error.issues) {
    ctx.addIssue({ code: "custom", path: issue.path.map((p) => (typeof p === "symbol" ? String(p) : p)), message: issue.message });
  }
}

export const createDataConnectorInput = z
  .object({
    name: nameSchema,
    type: dataConnectorTypeSchema,
    config: rawConfigSchema,
  })
  .superRefine(refineConfig);
export type CreateDataConnectorInput = z.input<typeof createDataConnectorInput>;

/** The type cannot change; a given config replaces the stored one entirely (secrets included). */
export const updateDataConnectorInput = z.object({
  id: z.uuid(),
  name: nameSchema.optional(),
  config: rawConfigSchema.optional(),
});
export type UpdateDataConnectorInput = z.input<typeof updateDataConnectorInput>;

export const testDataConnectorConfigInput = z
  .object({
    type: dataConnectorTypeSchema,
    config: rawConfigSchema,
  })
  .superRefine(refineConfig);
export type TestDataConnectorConfigInput = z.input<typeof testDataConnectorConfigInput>;

export interface DataConnectorSummary {
  id: string;
  type: DataConnectorType;
  name: string;
  config: typeof REDACTED;
  createdAt: Date;
  updatedAt: Date;
}

type DataConnectorRow = typeof dataConnectors.$inferSelect;

function summarize(row: DataConnectorRow): DataConnectorSummary {
  return { id: row.id, type: row.type, name: row.name, config: REDACTED, createdAt: row.createdAt, updatedAt: row.updatedAt };
}

export function validateDataConnectorConfig(type: DataConnectorType, config: unknown): DataConnectorSettings {
  const parsed = dataConnectorConfig.safeParse({ type, config });
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
  throw new DomainError("INVALID", problems);
}

async function assertNameFree(tx: DbOrTx, name: string, exceptId?: string): Promise<void> {
  const [existing] = await tx.select({ id: dataConnectors.id }).from(dataConnectors).where(eq(dataConnectors.name, name));
  if (existing && existing.id !== exceptId) {
    throw new DomainError("CONFLICT", `A data connector named "${name}" already exists; choose another name.`);
  }
}

export async function createDataConnector(deps: DataConnectorDeps, actor: Actor, input: CreateDataConnectorInput): Promise<DataConnectorSummary> {
  const data = createDataConnectorInput.parse(input);
  const settings = validateDataConnectorConfig(data.type, data.config);
  return deps.db.transaction(async (tx) => {
    await assertNameFree(tx, data.name);
    const [row] = await tx
      .insert(dataConnectors)
      .values({ name: data.name, type: settings.type, encryptedConfig: deps.keyring.encryptJson(settings.config) })
      .returning();
    if (!row) throw new Error("insert returned no row");
    const summary = summarize(row);
    await recordAudit(tx, actor, { action: "data-connector.create", entityType: "data_connector", entityId: row.id, after: summary });
    return summary;
  });
}

export async function listDataConnectors(db: DbOrTx): Promise<DataConnectorSummary[]> {
  const rows = await db.select().from(dataConnectors).orderBy(asc(dataConnectors.name));
  return rows.map(summarize);
}

export async function getDataConnector(db: DbOrTx, id: string): Promise<DataConnectorSummary> {
  const [row] = await db.select().from(dataConnectors).where(eq(dataConnectors.id, id));
  if (!row) throw notFound("Data connector", id);
  return summarize(row);
}

export async function updateDataConnector(deps: DataConnectorDeps, actor: Actor, input: UpdateDataConnectorInput): Promise<DataConnectorSummary> {
  const data = updateDataConnectorInput.parse(input);
  const summary = await deps.db.transaction(async (tx) => {
    const [before] = await tx.select().from(dataConnectors).where(eq(dataConnectors.id, data.id)).for("update");
    if (!before) throw notFound("Data connector", data.id);
    const changes: Partial<typeof dataConnectors.$inferInsert> = { updatedAt: new Date() };
    if (data.name !== undefined && data.name !== before.name) {
      await assertNameFree(tx, data.name, before.id);
      changes.name = data.name;
    }
    if (data.config !== undefined) {
      changes.encryptedConfig = deps.keyring.encryptJson(validateDataConnectorConfig(before.type, data.config).config);
    }
    const [after] = await tx.update(dataConnectors).set(changes).where(eq(dataConnectors.id, data.id)).returning();
    if (!after) throw notFound("Data connector", data.id);
    const updated = summarize(after);
    await recordAudit(tx, actor, {
      action: "data-connector.update",
      entityType: "data_connector",
      entityId: after.id,
      before: summarize(before),
      after: { ...updated, configChanged: data.config !== undefined },
    });
    return updated;
  });
  await dropDataConnectorAdapter(summary.id);
  return summary;
}

export async function deleteDataConnector(db: Database, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(dataConnectors).where(eq(dataConnectors.id, id)).for("update");
    if (!before) throw notFound("Data connector", id);
    const users = await tx.select({ name: segments.name }).from(segments).where(eq(segments.dataConnectorId, id)).orderBy(asc(segments.name));
    if (users.length > 0) {
      const names = users.map((u) => `"${u.name}"`).join(", ");
      throw new DomainError(
        "PRECONDITION_FAILED",
        `Data connector "${before.name}" is used by segment${users.length > 1 ? "s" : ""} ${names}; point them at another connector or delete them first.`,
      );
    }
    await tx.delete(dataConnectors).where(eq(dataConnectors.id, id));
    await recordAudit(tx, actor, { action: "data-connector.delete", entityType: "data_connector", entityId: id, before: summarize(before) });
  });
  await dropDataConnectorAdapter(id);
}
