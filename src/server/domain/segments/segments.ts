import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Database, DbOrTx } from "@/server/db/client";
import { dataConnectors, segments, singleSends, type SegmentParameter } from "@/server/db/schema";
import type { Keyring } from "@/server/lib/crypto";
import { domainMetrics } from "@/server/lib/domain-metrics";
import { DomainError, notFound } from "@/server/lib/errors";
import type { Actor } from "../auth/actor";
import { recordAudit } from "../audit-log/record";
import type { DataConnectorEngine, DryRunResult } from "../data-connectors/adapter";
import { getDataConnectorAdapter } from "../data-connectors/adapter-factory";
import { QueryExecutionError } from "../query-governor/errors";
import { GOVERNOR_LIMITS } from "../query-governor/limits";
import { getWorkspaceSettings } from "../settings/settings";
import { analyzeSegmentSql } from "./analyze";
import { maskEmailsInRows } from "./mask";
import { parameterValuesSchema, resolveParameterValues, segmentParametersSchema } from "./parameters";

export const MAX_SQL_BYTES = 100 * 1024;
const DEFAULT_DRY_RUN_LIMIT = GOVERNOR_LIMITS.defaultPreviewRows;
const MAX_DRY_RUN_LIMIT = GOVERNOR_LIMITS.maxPreviewRows;
export const REQUIRED_COLUMNS = ["subject_id", "email"] as const;

/** What running a segment needs: the system DB and the keyring that opens connector configs. */
export interface SegmentDeps {
  db: Database;
  keyring: Keyring;
}

const nameSchema = z.string("Name is required").trim().min(1, "Name is required").max(120, "Name must be at most 120 characters");
const descriptionSchema = z.string().trim().max(2000, "Description must be at most 2000 characters");
const sqlQuerySchema = z
  .string("SQL is required")
  .refine((sql) => sql.trim().length > 0, "SQL is required")
  .refine((sql) => new TextEncoder().encode(sql).length <= MAX_SQL_BYTES, `SQL must be at most ${MAX_SQL_BYTES / 1024} KB`);
const dataConnectorIdSchema = z.uuid("Choose a data connector");
const limitSchema = z
  .number("limit must be a number")
  .int("limit must be a whole number")
  .min(1, "limit must be at least 1")
  .max(MAX_DRY_RUN_LIMIT, `limit must be at most ${MAX_DRY_RUN_LIMIT}`);

export const createSegmentInput = z.object({
  name: nameSchema,
  description: descriptionSchema.default(""),
  sqlQuery: sqlQuerySchema,
  dataConnectorId: dataConnectorIdSchema,
  parameters: segmentParametersSchema.default([]),
});
export type CreateSegmentInput = z.input<typeof createSegmentInput>;

export const updateSegmentInput = z.object({
  id: z.uuid(),
  name: nameSchema.optional(),
  description: descriptionSchema.optional(),
  sqlQuery: sqlQuerySchema.optional(),
  dataConnectorId: dataConnectorIdSchema.optional(),
  parameters: segmentParametersSchema.optional(),
});
export type UpdateSegmentInput = z.input<typeof updateSegmentInput>;

export const dryRunOptionsInput = z.object({
  params: parameterValuesSchema.optional(),
  limit: limitSchema.optional(),
});
export type DryRunOptions = z.input<typeof dryRunOptionsInput>;

export const previewSegmentInput = dryRunOptionsInput.extend({
  dataConnectorId: dataConnectorIdSchema,
  sqlQuery: sqlQuerySchema,
  parameters: segmentParametersSchema.default([]),
});
export type PreviewSegmentInput = z.input<typeof previewSegmentInput>;

export interface Segment {
  id: string;
  name: string;
  description: string;
  sqlQuery: string;
  dataConnectorId: string;
  dataConnectorName: string;
  dataConnectorType: DataConnectorEngine;
  parameters: SegmentParameter[];
  lastDryRunCount: number | null;
  lastDryRunAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface SegmentConnectorOption {
  id: string;
  name: string;
  type: DataConnectorEngine;
}

const columns = {
  id: segments.id,
  name: segments.name,
  description: segments.description,
  sqlQuery: segments.sqlQuery,
  dataConnectorId: segments.dataConnectorId,
  dataConnectorName: dataConnectors.name,
  dataConnectorType: dataConnectors.type,
  parameters: segments.parameters,
  lastDryRunCount: segments.lastDryRunCount,
  lastDryRunAt: segments.lastDryRunAt,
  createdAt: segments.createdAt,
  updatedAt: segments.updatedAt,
};

const selectSegments = (db: DbOrTx) => db.select(columns).from(segments).innerJoin(dataConnectors, eq(dataConnectors.id, segments.dataConnectorId));

async function findSegment(db: DbOrTx, id: string): Promise<Segment | null> {
  const [row] = await selectSegments(db).where(eq(segments.id, id));
  return row ?? null;
}

async function findConnector(db: DbOrTx, id: string): Promise<SegmentConnectorOption> {
  const [connector] = await db
    .select({ id: dataConnectors.id, name: dataConnectors.name, type: dataConnectors.type })
    .from(dataConnectors)
    .where(eq(dataConnectors.id, id));
  if (!connector) {
    throw new DomainError("INVALID", `dataConnectorId: data connector ${id} does not exist; choose an existing data connector.`);
  }
  return connector;
}

async function assertNameFree(tx: DbOrTx, name: string, exceptId?: string): Promise<void> {
  const [existing] = await tx.select({ id: segments.id }).from(segments).where(eq(segments.name, name));
  if (existing && existing.id !== exceptId) {
    throw new DomainError("CONFLICT", `A segment named "${name}" already exists; choose another name.`);
  }
}

function sameParameters(a: SegmentParameter[], b: SegmentParameter[]): boolean {
  return a.length === b.length && a.every((p, i) => p.name === b[i]?.name && p.type === b[i]?.type && (p.default ?? null) === (b[i]?.default ?? null));
}

export async function listSegmentConnectorOptions(db: DbOrTx): Promise<SegmentConnectorOption[]> {
  return db
    .select({ id: dataConnectors.id, name: dataConnectors.name, type: dataConnectors.type })
    .from(dataConnectors)
    .orderBy(asc(dataConnectors.name));
}

export async function createSegment(db: Database, actor: Actor, input: CreateSegmentInput): Promise<Segment> {
  const data = createSegmentInput.parse(input);
  const connector = await findConnector(db, data.dataConnectorId);
  await analyzeSegmentSql(connector.type, data.sqlQuery, data.parameters);
  return db.transaction(async (tx) => {
    await findConnector(tx, data.dataConnectorId);
    await assertNameFree(tx, data.name);
    const [row] = await tx.insert(segments).values(data).returning({ id: segments.id });
    if (!row) throw new Error("insert returned no row");
    const created = await findSegment(tx, row.id);
    if (!created) throw notFound("Segment", row.id);
    await recordAudit(tx, actor, { action: "segment.create", entityType: "segment", entityId: row.id, after: created });
    return created;
  });
}

export async function listSegments(db: DbOrTx): Promise<Segment[]> {
  return selectSegments(db).orderBy(asc(segments.name));
}

export async function getSegment(db: DbOrTx, id: string): Promise<Segment> {
  const segment = await findSegment(db, id);
  if (!segment) throw notFound("Segment", id);
  return segment;
}

export async function updateSegment(db: Database, actor: Actor, input: UpdateSegmentInput): Promise<Segment> {
  const { id, ...changes } = updateSegmentInput.parse(input);
  const current = await getSegment(db, id);
  const queryChanged =
    (changes.sqlQuery !== undefined && changes.sqlQuery !== current.sqlQuery) ||
    (changes.dataConnectorId !== undefined && changes.dataConnectorId !== current.dataConnectorId) ||
    (changes.parameters !== undefined && !sameParameters(changes.parameters, current.parameters));
  if (queryChanged) {
    const connector = await findConnector(db, changes.dataConnectorId ?? current.dataConnectorId);
    await analyzeSegmentSql(connector.type, changes.sqlQuery ?? current.sqlQuery, changes.parameters ?? current.parameters);
  }
  return db.transaction(async (tx) => {
    const [locked] = await tx.select({ id: segments.id }).from(segments).where(eq(segments.id, id)).for("update");
    if (!locked) throw notFound("Segment", id);
    const before = await getSegment(tx, id);
    if (changes.dataConnectorId !== undefined) await findConnector(tx, changes.dataConnectorId);
    if (changes.name !== undefined) await assertNameFree(tx, changes.name, id);
    // The last dry-run count describes the query it ran; once the query changes it describes nothing.
    const staleCount = queryChanged ? { lastDryRunCount: null, lastDryRunAt: null } : {};
    await tx
      .update(segments)
      .set({ ...changes, ...staleCount, updatedAt: new Date() })
      .where(eq(segments.id, id));
    const after = await getSegment(tx, id);
    await recordAudit(tx, actor, { action: "segment.update", entityType: "segment", entityId: id, before, after });
    return after;
  });
}

export async function deleteSegment(db: Database, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [locked] = await tx.select({ id: segments.id }).from(segments).where(eq(segments.id, id)).for("update");
    if (!locked) throw notFound("Segment", id);
    const before = await getSegment(tx, id);
    const users = await tx.select({ name: singleSends.name }).from(singleSends).where(eq(singleSends.segmentId, id)).orderBy(asc(singleSends.name));
    if (users.length > 0) {
      const names = users.map((u) => `"${u.name}"`).join(", ");
      throw new DomainError(
        "PRECONDITION_FAILED",
        `Segment "${before.name}" is used by single send${users.length > 1 ? "s" : ""} ${names}; point them at another segment or delete them first.`,
      );
    }
    await tx.delete(segments).where(eq(segments.id, id));
    await recordAudit(tx, actor, { action: "segment.delete", entityType: "segment", entityId: id, before });
  });
}

export interface SegmentDryRunResult extends DryRunResult {
  /** True when emails in `rows` were masked for this viewer (workspace setting "mask personal data for members"). */
  masked: boolean;
}

/** Refuses (and counts) a result that lacks the columns every audience needs. */
function assertRequiredColumns(engine: DataConnectorEngine, result: DryRunResult): void {
  const names = new Set(result.columns.map((column) => column.name));
  const missing = REQUIRED_COLUMNS.filter((name) => !names.has(name));
  if (missing.length === 0) return;
  domainMetrics.segmentQueryErrors.inc({ engine: engine.toLowerCase(), mode: "dry_run", reason: "missing_columns" });
  throw new QueryExecutionError(
    `The query must return the columns subject_id and email; missing: ${missing.join(", ")}. Add ${missing.map((name) => `"… as ${name}"`).join(" and ")} to the select list.`,
    { missingColumns: missing },
  );
}

async function runDryRun(
  deps: SegmentDeps,
  actor: Actor,
  query: { dataConnectorId: string; engine: DataConnectorEngine; sqlQuery: string; parameters: SegmentParameter[] },
  options: z.output<typeof dryRunOptionsInput>,
): Promise<SegmentDryRunResult> {
  const values = resolveParameterValues(query.parameters, options.params);
  const adapter = await getDataConnectorAdapter(deps, query.dataConnectorId);
  const result = await adapter.dryRun(
    { sql: query.sqlQuery, parameters: query.parameters, values },
    { limit: options.limit ?? DEFAULT_DRY_RUN_LIMIT },
  );
  assertRequiredColumns(query.engine, result);
  const settings = await getWorkspaceSettings(deps.db);
  const masked = actor.role === "member" && settings.maskPiiForMembers;
  return { ...result, rows: masked ? maskEmailsInRows(result.rows) : result.rows, masked };
}

/** Preview of a saved segment: at most `limit` rows plus the total count; records the count on the segment. */
export async function dryRunSegment(deps: SegmentDeps, actor: Actor, id: string, options: DryRunOptions = {}): Promise<SegmentDryRunResult> {
  const parsed = dryRunOptionsInput.parse(options);
  const segment = await getSegment(deps.db, id);
  const result = await runDryRun(
    deps,
    actor,
    { dataConnectorId: segment.dataConnectorId, engine: segment.dataConnectorType, sqlQuery: segment.sqlQuery, parameters: segment.parameters },
    parsed,
  );
  await deps.db.transaction(async (tx) => {
    const ranAt = new Date();
    const [row] = await tx
      .update(segments)
      .set({ lastDryRunCount: result.count, lastDryRunAt: ranAt })
      .where(eq(segments.id, id))
      .returning({ id: segments.id });
    if (!row) throw notFound("Segment", id);
    await recordAudit(tx, actor, {
      action: "segment.dry-run",
      entityType: "segment",
      entityId: id,
      after: { count: result.count, durationMs: result.durationMs, params: parsed.params ?? {}, ranAt },
    });
  });
  return result;
}

/** Preview of SQL not saved yet, so the editor can run before saving. Nothing is stored. */
export async function previewSegmentSql(deps: SegmentDeps, actor: Actor, input: PreviewSegmentInput): Promise<SegmentDryRunResult> {
  const data = previewSegmentInput.parse(input);
  const connector = await findConnector(deps.db, data.dataConnectorId);
  return runDryRun(
    deps,
    actor,
    { dataConnectorId: connector.id, engine: connector.type, sqlQuery: data.sqlQuery, parameters: data.parameters },
    { params: data.params, limit: data.limit },
  );
}
