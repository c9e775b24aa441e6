import { and, asc, desc, eq, inArray, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database, DbOrTx } from "@/server/db/client";
import {
  campaignGroups,
  collisionPolicy,
  runStatus,
  segments,
  singleSendRuns,
  singleSends,
  singleSendStatus,
  templates,
} from "@/server/db/schema";
import { DomainError, notFound } from "@/server/lib/errors";
import type { Actor } from "../auth/actor";
import { recordAudit } from "../audit-log/record";
import { FINISHED_RUN_STATUSES, type RunStatus } from "../single-sends/run-types";
import { COLLISION_SKIP_REASONS } from "../single-sends/skip-reasons";

export const COLLISION_POLICIES = collisionPolicy.enumValues;
export type CollisionPolicy = (typeof COLLISION_POLICIES)[number];

export const MIN_COLLISION_WINDOW_SECONDS = 60;
/** One year (365 days). */
export const MAX_COLLISION_WINDOW_SECONDS = 31_536_000;
export const DEFAULT_PREVENTED_WINDOWS = 14;
export const MAX_PREVENTED_WINDOWS = 60;

/** A member's run in one of these states still builds or sends; its group must not disappear under it. */
export const IN_PROGRESS_RUN_STATUSES: readonly RunStatus[] = runStatus.enumValues.filter((status) => !FINISHED_RUN_STATUSES.includes(status));

const COLLISION_WINDOW_MESSAGE = "Collision window must be a whole number of seconds between 60 (one minute) and 31,536,000 (one year)";

const nameSchema = z.string("Name is required").trim().min(1, "Name is required").max(120, "Name must be at most 120 characters");
const descriptionSchema = z.string("Description must be text").trim().max(2000, "Description must be at most 2000 characters");
const collisionWindowSchema = z
  .number(COLLISION_WINDOW_MESSAGE)
  .int(COLLISION_WINDOW_MESSAGE)
  .min(MIN_COLLISION_WINDOW_SECONDS, COLLISION_WINDOW_MESSAGE)
  .max(MAX_COLLISION_WINDOW_SECONDS, COLLISION_WINDOW_MESSAGE);
const collisionPolicySchema = z.enum(COLLISION_POLICIES, `Collision policy must be one of ${COLLISION_POLICIES.join(", ")}`);

export const createCampaignGroupInput = z.object({
  name: nameSchema,
  description: descriptionSchema.default(""),
  collisionWindow: collisionWindowSchema.default(86_400),
  collisionPolicy: collisionPolicySchema.default("HIGHEST_PRIORITY_WINS"),
});
export type CreateCampaignGroupInput = z.input<typeof createCampaignGroupInput>;

export const updateCampaignGroupInput = z.object({
  id: z.uuid(),
  name: nameSchema.optional(),
  description: descriptionSchema.optional(),
  collisionWindow: collisionWindowSchema.optional(),
  collisionPolicy: collisionPolicySchema.optional(),
});
export type UpdateCampaignGroupInput = z.input<typeof updateCampaignGroupInput>;

export const reorderMembersInput = z.object({
  id: z.uuid(),
  singleSendIds: z.array(z.uuid("singleSendIds must contain single send ids (UUIDs)"), "singleSendIds must be a list of single send ids"),
});
export type ReorderMembersInput = z.input<typeof reorderMembersInput>;

export const preventedWindowCountSchema = z
  .number("windows must be a number")
  .int("windows must be a whole number")
  .min(1, "windows must be at least 1")
  .max(MAX_PREVENTED_WINDOWS, `windows must be at most ${MAX_PREVENTED_WINDOWS}`);

export const preventedByWindowOptions = z.object({
  windows: preventedWindowCountSchema.default(DEFAULT_PREVENTED_WINDOWS),
  /** The end of the newest window; tests pin it, callers leave it to the current time. */
  now: z.date().optional(),
});
export type PreventedByWindowOptions = z.input<typeof preventedByWindowOptions>;

export interface CampaignGroup {
  id: string;
  name: string;
  description: string;
  collisionWindow: number;
  collisionPolicy: CollisionPolicy;
  memberCount: number;
  activeMemberCount: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface CampaignGroupMember {
  id: string;
  name: string;
  status: (typeof singleSendStatus.enumValues)[number];
  priority: number;
  segmentId: string;
  segmentName: string;
  templateId: string;
  templateName: string;
  lastRunId: string | null;
  lastRunStatus: RunStatus | null;
  lastRunAt: Date | null;
}

export interface PreventedWindow {
  startsAt: Date;
  endsAt: Date;
  total: number;
  byReason: Record<string, number>;
}

export interface PreventedByWindow {
  windowSeconds: number;
  windows: PreventedWindow[];
  total: number;
  byReason: Record<string, number>;
}

const columns = {
  id: campaignGroups.id,
  name: campaignGroups.name,
  description: campaignGroups.description,
  collisionWindow: campaignGroups.collisionWindow,
  collisionPolicy: campaignGroups.collisionPolicy,
  memberCount: sql<number>`count(${singleSends.id})::int`,
  activeMemberCount: sql<number>`(count(${singleSends.id}) filter (where ${singleSends.status} = 'ACTIVE'))::int`,
  createdAt: campaignGroups.createdAt,
  updatedAt: campaignGroups.updatedAt,
};

const selectGroups = (db: DbOrTx) =>
  db.select(columns).from(campaignGroups).leftJoin(singleSends, eq(singleSends.campaignGroupId, campaignGroups.id)).groupBy(campaignGroups.id);

async function findGroup(db: DbOrTx, id: string): Promise<CampaignGroup | null> {
  const [row] = await selectGroups(db).where(eq(campaignGroups.id, id));
  return row ?? null;
}

async function lockGroup(tx: DbOrTx, id: string): Promise<void> {
  const [locked] = await tx.select({ id: campaignGroups.id }).from(campaignGroups).where(eq(campaignGroups.id, id)).for("update");
  if (!locked) throw notFound("Campaign group", id);
}

async function assertNameFree(tx: DbOrTx, name: string, exceptId?: string): Promise<void> {
  const [existing] = await tx.select({ id: campaignGroups.id }).from(campaignGroups).where(eq(campaignGroups.name, name));
  if (existing && existing.id !== exceptId) {
    throw new DomainError("CONFLICT", `A campaign group named "${name}" already exists; choose another name.`);
  }
}

const quotedList = (names: readonly string[]) => names.map((name) => `"${name}"`).join(", ");

export async function createCampaignGroup(db: Database, actor: Actor, input: CreateCampaignGroupInput): Promise<CampaignGroup> {
  const data = createCampaignGroupInput.parse(input);
  return db.transaction(async (tx) => {
    await assertNameFree(tx, data.name);
    const [row] = await tx.insert(campaignGroups).values(data).returning({ id: campaignGroups.id });
    if (!row) throw new Error("insert returned no row");
    const created = await getCampaignGroup(tx, row.id);
    await recordAudit(tx, actor, { action: "campaign-group.create", entityType: "campaign_group", entityId: row.id, after: created });
    return created;
  });
}

export async function listCampaignGroups(db: DbOrTx): Promise<CampaignGroup[]> {
  return selectGroups(db).orderBy(asc(campaignGroups.name));
}

export async function getCampaignGroup(db: DbOrTx, id: string): Promise<CampaignGroup> {
  const group = await findGroup(db, id);
  if (!group) throw notFound("Campaign group", id);
  return group;
}

export async function updateCampaignGroup(db: Database, actor: Actor, input: UpdateCampaignGroupInput): Promise<CampaignGroup> {
  const { id, ...changes } = updateCampaignGroupInput.parse(input);
  return db.transaction(async (tx) => {
    await lockGroup(tx, id);
    const before = await getCampaignGroup(tx, id);
    if (changes.name !== undefined) await assertNameFree(tx, changes.name, id);
    await tx
      .update(campaignGroups)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(campaignGroups.id, id));
    const after = await getCampaignGroup(tx, id);
    await recordAudit(tx, actor, { action: "campaign-group.update", entityType: "campaign_group", entityId: id, before, after });
    return after;
  });
}

/**
 * Refused while a run of the group is in progress (a member's, or one frozen with this group by a former member):
 * the collision engine reads the group's window and policy until the run finishes. Members are detached, not deleted.
 */
export async function deleteCampaignGroup(db: Database, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    await lockGroup(tx, id);
    const before = await getCampaignGroup(tx, id);
    const busy = await tx
      .selectDistinct({ name: singleSends.name })
      .from(singleSendRuns)
      .innerJoin(singleSends, eq(singleSends.id, singleSendRuns.singleSendId))
      .where(
        and(
          inArray(singleSendRuns.status, [...IN_PROGRESS_RUN_STATUSES]),
          or(eq(singleSends.campaignGroupId, id), eq(singleSendRuns.campaignGroupId, id)),
        ),
      )
      .orderBy(asc(singleSends.name));
    if (busy.length > 0) {
      const plural = busy.length > 1;
      throw new DomainError(
        "PRECONDITION_FAILED",
        `Campaign group "${before.name}" cannot be deleted while single send${plural ? "s" : ""} ${quotedList(busy.map((row) => row.name))} ${plural ? "have" : "has"} a run in progress (pending, building, ready, sending or paused); wait for the run to finish or cancel it first.`,
      );
    }
    const detached = await tx
      .update(singleSends)
      .set({ campaignGroupId: null, updatedAt: new Date() })
      .where(eq(singleSends.campaignGroupId, id))
      .returning({ id: singleSends.id, name: singleSends.name });
    await tx.delete(campaignGroups).where(eq(campaignGroups.id, id));
    await recordAudit(tx, actor, {
      action: "campaign-group.delete",
      entityType: "campaign_group",
      entityId: id,
      before: { ...before, detachedSingleSends: detached },
    });
  });
}

/** Members by priority (lower number first), then name; with the newest run of each. */
export async function listMembers(db: DbOrTx, groupId: string): Promise<CampaignGroupMember[]> {
  await getCampaignGroup(db, groupId);
  const lastRun = db
    .select({ id: singleSendRuns.id, status: singleSendRuns.status, createdAt: singleSendRuns.createdAt })
    .from(singleSendRuns)
    .where(eq(singleSendRuns.singleSendId, singleSends.id))
    .orderBy(desc(singleSendRuns.createdAt), desc(singleSendRuns.id))
    .limit(1)
    .as("last_run");
  return db
    .select({
      id: singleSends.id,
      name: singleSends.name,
      status: singleSends.status,
      priority: singleSends.priority,
      segmentId: singleSends.segmentId,
      segmentName: segments.name,
      templateId: singleSends.templateId,
      templateName: templates.name,
      lastRunId: lastRun.id,
      lastRunStatus: lastRun.status,
      lastRunAt: lastRun.createdAt,
    })
    .from(singleSends)
    .innerJoin(segments, eq(segments.id, singleSends.segmentId))
    .innerJoin(templates, eq(templates.id, singleSends.templateId))
    .leftJoinLateral(lastRun, sql`true`)
    .where(eq(singleSends.campaignGroupId, groupId))
    .orderBy(asc(singleSends.priority), asc(singleSends.name), asc(singleSends.id));
}

function duplicates(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  return [...new Set(ids.filter((id) => (seen.has(id) ? true : (seen.add(id), false))))];
}

/** Priorities are spaced by 10 so a single send can later be slotted between two others without renumbering. */
const PRIORITY_STEP = 10;

/**
 * Takes the full ordered list of the group's members and gives them priorities 10, 20, 30… in that order. The list
 * must name exactly the current members, so a stale page cannot silently drop or pull in a single send.
 */
export async function reorderMembers(db: Database, actor: Actor, input: ReorderMembersInput): Promise<CampaignGroupMember[]> {
  const { id, singleSendIds } = reorderMembersInput.parse(input);
  const repeated = duplicates(singleSendIds);
  if (repeated.length > 0) {
    throw new DomainError("INVALID", `singleSendIds: ${repeated.join(", ")} ${repeated.length > 1 ? "are" : "is"} listed more than once; list each member once.`);
  }
  return db.transaction(async (tx) => {
    await lockGroup(tx, id);
    const current = await tx
      .select({ id: singleSends.id, name: singleSends.name, priority: singleSends.priority })
      .from(singleSends)
      .where(eq(singleSends.campaignGroupId, id))
      .orderBy(asc(singleSends.priority), asc(singleSends.name), asc(singleSends.id))
      .for("update");
    const currentIds = new Set(current.map((member) => member.id));
    const listed = new Set(singleSendIds);
    const extra = singleSendIds.filter((memberId) => !currentIds.has(memberId));
    const missing = current.filter((member) => !listed.has(member.id));
    if (extra.length > 0 || missing.length > 0) {
      const problems = [
        extra.length > 0 ? `not members of this group: ${extra.join(", ")}` : null,
        missing.length > 0 ? `members missing from the list: ${missing.map((member) => `${member.id} ("${member.name}")`).join(", ")}` : null,
      ].filter((problem): problem is string => problem !== null);
      throw new DomainError(
        "INVALID",
        `singleSendIds must list exactly the group's current members in their new order; ${problems.join("; ")}. Reload the members and try again.`,
      );
    }
    if (singleSendIds.length > 0) {
      const ordered = sql.join(
        singleSendIds.map((memberId) => sql`${memberId}::uuid`),
        sql`, `,
      );
      await tx.execute(sql`
        update ${singleSends}
        set priority = ordered.position * ${PRIORITY_STEP}, updated_at = now()
        from unnest(array[${ordered}]) with ordinality as ordered(id, position)
        where ${singleSends.id} = ordered.id
      `);
    }
    await recordAudit(tx, actor, {
      action: "campaign-group.reorder",
      entityType: "campaign_group",
      entityId: id,
      before: current,
      after: singleSendIds.map((memberId, index) => ({
        id: memberId,
        name: current.find((member) => member.id === memberId)?.name,
        priority: (index + 1) * PRIORITY_STEP,
      })),
    });
    return listMembers(tx, id);
  });
}

const emptyReasonCounts = (): Record<string, number> => Object.fromEntries(COLLISION_SKIP_REASONS.map((reason) => [reason, 0]));

/**
 * Recipients of the group's runs skipped for a collision, per collision window: the last `windows` windows ending
 * now, oldest first. A skip is counted in the window its recipient row was last updated in (when it was skipped,
 * or cancelled in favour of a higher-priority send).
 */
export async function preventedByWindow(db: DbOrTx, groupId: string, options: PreventedByWindowOptions = {}): Promise<PreventedByWindow> {
  const { windows: windowCount, now } = preventedByWindowOptions.parse(options);
  const group = await getCampaignGroup(db, groupId);
  const endsAt = now ?? new Date();
  const windowMs = group.collisionWindow * 1000;
  const reasons = sql.join(
    COLLISION_SKIP_REASONS.map((reason) => sql`${reason}`),
    sql`, `,
  );
  const rows = await db.execute<{ idx: number; reason: string | null; n: number }>(sql`
    with windows as (
      select idx, ${endsAt.toISOString()}::timestamptz - (${windowCount}::int - idx) * ${group.collisionWindow}::int * interval '1 second' as starts_at
      from generate_series(0, ${windowCount}::int - 1) as g(idx)
    ),
    collisions as (
      select
        width_bucket(r.updated_at, array(select starts_at from windows order by idx)) - 1 as idx,
        r.skip_reason as reason,
        count(*)::int as n
      from single_send_runs run
      join single_send_recipients r on r.run_id = run.id and r.status = 'skipped'
      where run.campaign_group_id = ${groupId}
        and r.skip_reason in (${reasons})
        and r.updated_at >= (select min(starts_at) from windows)
        and r.updated_at < ${endsAt.toISOString()}::timestamptz
      group by 1, 2
    )
    select w.idx, c.reason, coalesce(c.n, 0)::int as n
    from windows w
    left join collisions c on c.idx = w.idx
    order by w.idx, c.reason
  `);

  const windows: PreventedWindow[] = Array.from({ length: windowCount }, (_, idx) => ({
    startsAt: new Date(endsAt.getTime() - (windowCount - idx) * windowMs),
    endsAt: new Date(endsAt.getTime() - (windowCount - idx - 1) * windowMs),
    total: 0,
    byReason: emptyReasonCounts(),
  }));
  const byReason = emptyReasonCounts();
  let total = 0;
  for (const row of rows) {
    const window = windows[Number(row.idx)];
    if (!window || row.reason === null) continue;
    const count = Number(row.n);
    window.byReason[row.reason] = (window.byReason[row.reason] ?? 0) + count;
    window.total += count;
    byReason[row.reason] = (byReason[row.reason] ?? 0) + count;
    total += count;
  }
  return { windowSeconds: group.collisionWindow, windows, total, byReason };
}
