import { and, asc, count, desc, eq, gte, ilike, lte, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/server/db/client";
import { auditLog } from "@/server/db/schema";

export const AUDIT_LOG_MAX_PAGE_SIZE = 100;

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .transform((value) => (value === "" ? undefined : value))
    .optional();

export const listAuditLogInput = z
  .object({
    entityType: optionalText(100),
    entityId: optionalText(200),
    action: optionalText(100),
    /** Case-insensitive substring of the actor's label (a user's email or an API key's / system job's name). */
    actor: optionalText(200),
    from: z.date({ error: "from must be a date-time, e.g. 2025-01-31T00:00:00Z" }).optional(),
    to: z.date({ error: "to must be a date-time, e.g. 2025-01-31T23:59:59Z" }).optional(),
    limit: z
      .number({ error: "limit must be a number" })
      .int("limit must be a whole number")
      .min(1, "limit must be at least 1")
      .max(AUDIT_LOG_MAX_PAGE_SIZE, `limit must be at most ${AUDIT_LOG_MAX_PAGE_SIZE}`)
      .default(50),
    offset: z.number({ error: "offset must be a number" }).int("offset must be a whole number").min(0, "offset must not be negative").default(0),
  })
  .refine((input) => !input.from || !input.to || input.from <= input.to, { path: ["to"], message: "to must not be before from" });
export type ListAuditLogInput = z.input<typeof listAuditLogInput>;

export interface AuditLogEntry {
  id: string;
  createdAt: Date;
  actorType: "user" | "api_key" | "system";
  actorId: string | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
}

export interface AuditLogPage {
  items: AuditLogEntry[];
  total: number;
  limit: number;
  offset: number;
}

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Newest first; `total` counts every entry matching the filters, so the UI can show "41–60 of 1,203". */
export async function listAuditLog(db: DbOrTx, input: ListAuditLogInput): Promise<AuditLogPage> {
  const filters = listAuditLogInput.parse(input);
  const conditions: SQL[] = [];
  if (filters.entityType) conditions.push(eq(auditLog.entityType, filters.entityType));
  if (filters.entityId) conditions.push(eq(auditLog.entityId, filters.entityId));
  if (filters.action) conditions.push(eq(auditLog.action, filters.action));
  if (filters.actor) conditions.push(ilike(auditLog.actorLabel, `%${escapeLike(filters.actor)}%`));
  if (filters.from) conditions.push(gte(auditLog.createdAt, filters.from));
  if (filters.to) conditions.push(lte(auditLog.createdAt, filters.to));
  const where = conditions.length ? and(...conditions) : undefined;

  const [items, [totalRow]] = await Promise.all([
    db
      .select()
      .from(auditLog)
      .where(where)
      .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
      .limit(filters.limit)
      .offset(filters.offset),
    db.select({ total: count() }).from(auditLog).where(where),
  ]);
  return { items, total: totalRow?.total ?? 0, limit: filters.limit, offset: filters.offset };
}

export interface AuditLogFacets {
  entityTypes: string[];
  actions: string[];
}

/** The values the filters can take, for the viewer's dropdowns. */
export async function listAuditLogFacets(db: DbOrTx): Promise<AuditLogFacets> {
  const [entityTypes, actions] = await Promise.all([
    db.selectDistinct({ value: auditLog.entityType }).from(auditLog).orderBy(asc(auditLog.entityType)),
    db.selectDistinct({ value: auditLog.action }).from(auditLog).orderBy(asc(auditLog.action)),
  ]);
  return { entityTypes: entityTypes.map((r) => r.value), actions: actions.map((r) => r.value) };
}
