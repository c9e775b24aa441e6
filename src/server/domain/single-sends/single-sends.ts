import { and, asc, count, desc, eq, ilike, inArray, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/server/db/client";
import { campaignGroups, segments, senderProfiles, singleSendRuns, singleSends, singleSendStatus, templates, templateVersions } from "@/server/db/schema";
import { DomainError, notFound } from "@/server/lib/errors";
import type { Services } from "@/server/services";
import type { Actor } from "../auth/actor";
import { recordAudit } from "../audit-log/record";
import { getWorkspaceSettings } from "../settings/settings";
import { parameterValuesSchema, resolveParameterValues, type ParameterValue } from "../segments/parameters";
import { UNFINISHED_RUN_STATUSES, type RunStatus } from "./run-types";
import {
  nextRunAt,
  sameSchedule,
  scheduleFromColumns,
  scheduleInPastProblem,
  scheduleSchema,
  scheduleToColumns,
  timeZoneNames,
  type Schedule,
} from "./schedule";
import { syncSchedule } from "./schedules";

export const SINGLE_SEND_STATUSES = singleSendStatus.enumValues;
export type SingleSendStatus = (typeof SINGLE_SEND_STATUSES)[number];

export const DEFAULT_PRIORITY = 100;
export const MAX_PRIORITY = 1_000_000;
export const SINGLE_SENDS_MAX_PAGE_SIZE = 100;

const nameSchema = z.string("Name is required").trim().min(1, "Name is required").max(120, "Name must be at most 120 characters");
const prioritySchema = z
  .number("Priority must be a number")
  .int("Priority must be a whole number")
  .min(0, "Priority must be at least 0")
  .max(MAX_PRIORITY, `Priority must be at most ${MAX_PRIORITY}`);
const statusSchema = z.enum(SINGLE_SEND_STATUSES, `Status must be one of ${SINGLE_SEND_STATUSES.join(", ")}`);
/** null leaves the send outside any campaign group. */
const campaignGroupIdSchema = z.uuid("Choose a campaign group").nullable();

export const createSingleSendInput = z.object({
  name: nameSchema,
  campaignGroupId: campaignGroupIdSchema.optional(),
  priority: prioritySchema.default(DEFAULT_PRIORITY),
  segmentId: z.uuid("Choose a segment"),
  segmentParams: parameterValuesSchema.default({}),
  templateId: z.uuid("Choose a template"),
  senderProfileId: z.uuid("Choose a sender profile"),
  status: statusSchema.default("ACTIVE"),
  schedule: scheduleSchema.default({ type: "MANUAL" }),
});
export type CreateSingleSendInput = z.input<typeof createSingleSendInput>;

export const updateSingleSendInput = z.object({
  id: z.uuid(),
  name: nameSchema.optional(),
  campaignGroupId: campaignGroupIdSchema.optional(),
  priority: prioritySchema.optional(),
  segmentId: z.uuid("Choose a segment").optional(),
  segmentParams: parameterValuesSchema.optional(),
  templateId: z.uuid("Choose a template").optional(),
  senderProfileId: z.uuid("Choose a sender profile").optional(),
  status: statusSchema.optional(),
  schedule: scheduleSchema.optional(),
});
export type UpdateSingleSendInput = z.input<typeof updateSingleSendInput>;

const optionalSearch = z
  .string()
  .trim()
  .max(120, "search must be at most 120 characters")
  .transform((value) => (value === "" ? undefined : value))
  .optional();

export const listSingleSendsInput = z.object({
  status: statusSchema.optional(),
  campaignGroupId: z.uuid("campaignGroupId must be a campaign group id").optional(),
  /** Case-insensitive substring of the name. */
  search: optionalSearch,
  page: z.number("page must be a number").int("page must be a whole number").min(1, "page must be at least 1").default(1),
  pageSize: z
    .number("pageSize must be a number")
    .int("pageSize must be a whole number")
    .min(1, "pageSize must be at least 1")
    .max(SINGLE_SENDS_MAX_PAGE_SIZE, `pageSize must be at most ${SINGLE_SENDS_MAX_PAGE_SIZE}`)
    .default(20),
});
export type ListSingleSendsInput = z.input<typeof listSingleSendsInput>;

export interface LastRun {
  id: string;
  status: RunStatus;
  triggeredBy: string;
  createdAt: Date;
  completedAt: Date | null;
}

export interface SingleSend {
  id: string;
  name: string;
  campaignGroupId: string | null;
  campaignGroupName: string | null;
  priority: number;
  segmentId: string;
  segmentName: string;
  segmentParams: Record<string, unknown>;
  templateId: string;
  templateName: string;
  templateKey: string;
  /** A send needs one: runs freeze the template's active published version. */
  templateHasPublishedVersion: boolean;
  senderProfileId: string;
  senderProfileName: string;
  senderProfileFromEmail: string;
  status: SingleSendStatus;
  schedule: Schedule;
  /** When the schedule fires next; null for MANUAL schedules, a ONCE time already past, and sends that are not ACTIVE. */
  nextRunAt: Date | null;
  lastRun: LastRun | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface SingleSendPage {
  items: SingleSend[];
  total: number;
  page: number;
  pageSize: number;
}

const columns = {
  id: singleSends.id,
  name: singleSends.name,
  campaignGroupId: singleSends.campaignGroupId,
  campaignGroupName: campaignGroups.name,
  priority: singleSends.priority,
  segmentId: singleSends.segmentId,
  segmentName: segments.name,
  segmentParams: singleSends.segmentParams,
  templateId: singleSends.templateId,
  templateName: templates.name,
  templateKey: templates.key,
  templateHasPublishedVersion: sql<boolean>`${templateVersions.id} is not null`,
  senderProfileId: singleSends.senderProfileId,
  senderProfileName: senderProfiles.name,
  senderProfileFromEmail: senderProfiles.fromEmail,
  status: singleSends.status,
  scheduleType: singleSends.scheduleType,
  scheduledAt: singleSends.scheduledAt,
  cronExpression: singleSends.cronExpression,
  timezone: singleSends.timezone,
  createdAt: singleSends.createdAt,
  updatedAt: singleSends.updatedAt,
};

const selectSingleSends = (db: DbOrTx) =>
  db
    .select(columns)
    .from(singleSends)
    .innerJoin(segments, eq(segments.id, singleSends.segmentId))
    .innerJoin(templates, eq(templates.id, singleSends.templateId))
    .leftJoin(templateVersions, and(eq(templateVersions.templateId, singleSends.templateId), eq(templateVersions.active, true)))
    .innerJoin(senderProfiles, eq(senderProfiles.id, singleSends.senderProfileId))
    .leftJoin(campaignGroups, eq(campaignGroups.id, singleSends.campaignGroupId));

type SingleSendRow = Awaited<ReturnType<typeof selectSingleSends>>[number];

/** The newest run of each send in one query (DISTINCT ON over the (single_send_id, created_at) index). */
async function lastRuns(db: DbOrTx, singleSendIds: string[]): Promise<Map<string, LastRun>> {
  if (singleSendIds.length === 0) return new Map();
  const rows = await db
    .selectDistinctOn([singleSendRuns.singleSendId], {
      singleSendId: singleSendRuns.singleSendId,
      id: singleSendRuns.id,
      status: singleSendRuns.status,
      triggeredBy: singleSendRuns.triggeredBy,
      createdAt: singleSendRuns.createdAt,
      completedAt: singleSendRuns.completedAt,
    })
    .from(singleSendRuns)
    .where(inArray(singleSendRuns.singleSendId, singleSendIds))
    .orderBy(singleSendRuns.singleSendId, desc(singleSendRuns.createdAt), desc(singleSendRuns.id));
  return new Map(rows.map(({ singleSendId, ...run }) => [singleSendId, run]));
}

function toSingleSend(row: SingleSendRow, lastRun: LastRun | null, now: Date): SingleSend {
  const { scheduleType, scheduledAt, cronExpression, timezone, ...rest } = row;
  const schedule = scheduleFromColumns({ scheduleType, scheduledAt, cronExpression, timezone });
  return { ...rest, schedule, nextRunAt: nextRunAt(row.status, schedule, now), lastRun };
}

async function findSingleSend(db: DbOrTx, id: string): Promise<SingleSend | null> {
  const [row] = await selectSingleSends(db).where(eq(singleSends.id, id));
  if (!row) return null;
  const runs = await lastRuns(db, [id]);
  return toSingleSend(row, runs.get(id) ?? null, new Date());
}

export async function getSingleSend(db: DbOrTx, id: string): Promise<SingleSend> {
  const send = await findSingleSend(db, id);
  if (!send) throw notFound("Single send", id);
  return send;
}

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/** By name; `total` counts every send matching the filters. */
export async function listSingleSends(db: DbOrTx, input: ListSingleSendsInput = {}): Promise<SingleSendPage> {
  const filters = listSingleSendsInput.parse(input);
  const conditions: SQL[] = [];
  if (filters.status) conditions.push(eq(singleSends.status, filters.status));
  if (filters.campaignGroupId) conditions.push(eq(singleSends.campaignGroupId, filters.campaignGroupId));
  if (filters.search) conditions.push(ilike(singleSends.name, `%${escapeLike(filters.search)}%`));
  const where = conditions.length ? and(...conditions) : undefined;
  const [rows, [totalRow]] = await Promise.all([
    selectSingleSends(db)
      .where(where)
      .orderBy(asc(singleSends.name), asc(singleSends.id))
      .limit(filters.pageSize)
      .offset((filters.page - 1) * filters.pageSize),
    db.select({ total: count() }).from(singleSends).where(where),
  ]);
  const runs = await lastRuns(
    db,
    rows.map((row) => row.id),
  );
  const now = new Date();
  return {
    items: rows.map((row) => toSingleSend(row, runs.get(row.id) ?? null, now)),
    total: totalRow?.total ?? 0,
    page: filters.page,
    pageSize: filters.pageSize,
  };
}

interface References {
  segmentId: string;
  segmentParams: Record<string, unknown>;
  templateId: string;
  senderProfileId: string;
  campaignGroupId: string | null;
  status: SingleSendStatus;
}

/**
 * The given segment parameters coerced to their declared types (defaults are not copied in: a run resolves them when
 * it is triggered). Problems name the parameter.
 */
function checkSegmentParams(segment: { name: string; parameters: (typeof segments.$inferSelect)["parameters"] }, given: Record<string, unknown>) {
  let resolved: Record<string, ParameterValue>;
  try {
    resolved = resolveParameterValues(segment.parameters, given);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    throw new DomainError("INVALID", `${error.message.replace(/^params: /, "segmentParams: ")} (segment "${segment.name}")`);
  }
  const stored: Record<string, ParameterValue> = {};
  for (const name of Object.keys(given)) {
    const value = resolved[name];
    if (value !== undefined && given[name] !== "") stored[name] = value;
  }
  return stored;
}

/** Every referenced record exists; returns the segment parameters as they are stored. */
async function checkReferences(tx: DbOrTx, refs: References, check: { template: boolean }): Promise<Record<string, ParameterValue>> {
  const [segment] = await tx.select({ name: segments.name, parameters: segments.parameters }).from(segments).where(eq(segments.id, refs.segmentId));
  if (!segment) throw new DomainError("INVALID", `segmentId: segment ${refs.segmentId} does not exist; choose an existing segment.`);
  const params = checkSegmentParams(segment, refs.segmentParams);

  const [template] = await tx
    .select({ name: templates.name, activeVersionId: templateVersions.id })
    .from(templates)
    .leftJoin(templateVersions, and(eq(templateVersions.templateId, templates.id), eq(templateVersions.active, true)))
    .where(eq(templates.id, refs.templateId));
  if (!template) throw new DomainError("INVALID", `templateId: template ${refs.templateId} does not exist; choose an existing template.`);
  if (check.template && refs.status === "ACTIVE" && !template.activeVersionId) {
    throw new DomainError(
      "INVALID",
      `templateId: template "${template.name}" has no published version; publish one first, or save the single send as DRAFT.`,
    );
  }

  const [profile] = await tx.select({ id: senderProfiles.id }).from(senderProfiles).where(eq(senderProfiles.id, refs.senderProfileId));
  if (!profile) {
    throw new DomainError("INVALID", `senderProfileId: sender profile ${refs.senderProfileId} does not exist; choose an existing sender profile.`);
  }

  if (refs.campaignGroupId) {
    const [group] = await tx.select({ id: campaignGroups.id }).from(campaignGroups).where(eq(campaignGroups.id, refs.campaignGroupId));
    if (!group) {
      throw new DomainError("INVALID", `campaignGroupId: campaign group ${refs.campaignGroupId} does not exist; choose an existing group or none.`);
    }
  }
  return params;
}

function assertScheduleInFuture(schedule: Schedule, now: Date): void {
  const problem = scheduleInPastProblem(schedule, now);
  if (problem) throw new DomainError("INVALID", problem);
}

/** What the audit log keeps of a send: its settings, not the computed or joined display fields. */
const auditView = (send: SingleSend) => ({
  name: send.name,
  campaignGroupId: send.campaignGroupId,
  priority: send.priority,
  segmentId: send.segmentId,
  segmentParams: send.segmentParams,
  templateId: send.templateId,
  senderProfileId: send.senderProfileId,
  status: send.status,
  schedule: send.schedule,
});

type ScheduleDeps = Pick<Services, "db" | "queues">;

/**
 * The scheduler is synced inside the transaction, so a Redis failure refuses the save with nothing changed. A commit
 * that fails after the sync leaves a scheduler the database does not back, which fires into a check that does nothing.
 */
export async function createSingleSend(services: ScheduleDeps, actor: Actor, input: CreateSingleSendInput): Promise<SingleSend> {
  const data = createSingleSendInput.parse(input);
  assertScheduleInFuture(data.schedule, new Date());
  return services.db.transaction(async (tx) => {
    const campaignGroupId = data.campaignGroupId ?? null;
    const segmentParams = await checkReferences(tx, { ...data, campaignGroupId }, { template: true });
    const [row] = await tx
      .insert(singleSends)
      .values({
        name: data.name,
        campaignGroupId,
        priority: data.priority,
        segmentId: data.segmentId,
        segmentParams,
        templateId: data.templateId,
        senderProfileId: data.senderProfileId,
        status: data.status,
        ...scheduleToColumns(data.schedule),
      })
      .returning({ id: singleSends.id });
    if (!row) throw new Error("insert returned no row");
    const created = await getSingleSend(tx, row.id);
    await recordAudit(tx, actor, { action: "single-send.create", entityType: "single_send", entityId: row.id, after: auditView(created) });
    await syncSchedule(services.queues, created);
    return created;
  });
}

export async function updateSingleSend(services: ScheduleDeps, actor: Actor, input: UpdateSingleSendInput): Promise<SingleSend> {
  const { id, ...changes } = updateSingleSendInput.parse(input);
  return services.db.transaction(async (tx) => {
    const [locked] = await tx.select({ id: singleSends.id }).from(singleSends).where(eq(singleSends.id, id)).for("update");
    if (!locked) throw notFound("Single send", id);
    const before = await getSingleSend(tx, id);
    // Re-saving an unchanged ONCE time that has passed (e.g. renaming a send that already fired) is not an error.
    if (changes.schedule && !sameSchedule(changes.schedule, before.schedule)) assertScheduleInFuture(changes.schedule, new Date());
    const merged: References = {
      segmentId: changes.segmentId ?? before.segmentId,
      segmentParams: changes.segmentParams ?? before.segmentParams,
      templateId: changes.templateId ?? before.templateId,
      senderProfileId: changes.senderProfileId ?? before.senderProfileId,
      campaignGroupId: changes.campaignGroupId === undefined ? before.campaignGroupId : changes.campaignGroupId,
      status: changes.status ?? before.status,
    };
    const segmentParams = await checkReferences(tx, merged, { template: changes.templateId !== undefined || changes.status !== undefined });
    const { schedule, ...fields } = changes;
    await tx
      .update(singleSends)
      .set({ ...fields, campaignGroupId: merged.campaignGroupId, segmentParams, ...(schedule ? scheduleToColumns(schedule) : {}), updatedAt: new Date() })
      .where(eq(singleSends.id, id));
    const after = await getSingleSend(tx, id);
    await recordAudit(tx, actor, { action: "single-send.update", entityType: "single_send", entityId: id, before: auditView(before), after: auditView(after) });
    await syncSchedule(services.queues, after);
    return after;
  });
}

/** Refused while a run may still send: its recipients would lose their run mid-flight. */
export async function deleteSingleSend(services: ScheduleDeps, actor: Actor, id: string): Promise<void> {
  await services.db.transaction(async (tx) => {
    const [locked] = await tx.select({ id: singleSends.id }).from(singleSends).where(eq(singleSends.id, id)).for("update");
    if (!locked) throw notFound("Single send", id);
    const before = await getSingleSend(tx, id);
    const [active] = await tx
      .select({ id: singleSendRuns.id, status: singleSendRuns.status })
      .from(singleSendRuns)
      .where(and(eq(singleSendRuns.singleSendId, id), inArray(singleSendRuns.status, [...UNFINISHED_RUN_STATUSES])))
      .limit(1);
    if (active) {
      throw new DomainError(
        "PRECONDITION_FAILED",
        `Single send "${before.name}" has a run in progress (${active.id}, ${active.status}); cancel the run or wait for it to finish before deleting.`,
      );
    }
    // Runs carry the send history the collision engine reads and the recipients unsubscribe links point at.
    const [{ runs } = { runs: 0 }] = await tx.select({ runs: count() }).from(singleSendRuns).where(eq(singleSendRuns.singleSendId, id));
    if (runs > 0) {
      throw new DomainError(
        "PRECONDITION_FAILED",
        `Single send "${before.name}" has ${runs} run${runs === 1 ? "" : "s"}; deleting it would erase its send history (collision windows, unsubscribe links). Set its status to ARCHIVED instead.`,
      );
    }
    await tx.delete(singleSends).where(eq(singleSends.id, id));
    await recordAudit(tx, actor, { action: "single-send.delete", entityType: "single_send", entityId: id, before: auditView(before) });
    await syncSchedule(services.queues, { id, status: before.status, schedule: { type: "MANUAL" } });
  });
}

export interface SingleSendFormOptions {
  segments: { id: string; name: string; parameters: (typeof segments.$inferSelect)["parameters"] }[];
  templates: { id: string; name: string; key: string; activeVersion: number | null }[];
  senderProfiles: { id: string; name: string; fromEmail: string }[];
  campaignGroups: { id: string; name: string }[];
  timeZones: string[];
  /** The workspace's default, preselected for new CRON schedules. */
  defaultTimeZone: string;
}

/** Everything the create/edit form offers in its selects, in one round trip. */
export async function listSingleSendFormOptions(db: DbOrTx): Promise<SingleSendFormOptions> {
  const [segmentRows, templateRows, profileRows, groupRows, settings] = await Promise.all([
    db.select({ id: segments.id, name: segments.name, parameters: segments.parameters }).from(segments).orderBy(asc(segments.name)),
    db
      .select({ id: templates.id, name: templates.name, key: templates.key, activeVersion: templateVersions.version })
      .from(templates)
      .leftJoin(templateVersions, and(eq(templateVersions.templateId, templates.id), eq(templateVersions.active, true)))
      .orderBy(asc(templates.name), asc(templates.key)),
    db.select({ id: senderProfiles.id, name: senderProfiles.name, fromEmail: senderProfiles.fromEmail }).from(senderProfiles).orderBy(asc(senderProfiles.name)),
    db.select({ id: campaignGroups.id, name: campaignGroups.name }).from(campaignGroups).orderBy(asc(campaignGroups.name)),
    getWorkspaceSettings(db),
  ]);
  return {
    segments: segmentRows,
    templates: templateRows,
    senderProfiles: profileRows,
    campaignGroups: groupRows,
    timeZones: timeZoneNames(),
    defaultTimeZone: settings.defaultTimezone,
  };
}
