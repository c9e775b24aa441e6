import type { ReservedSql, TransactionSql } from "postgres";
import type { collisionPolicy } from "@/server/db/schema";

export type CollisionPolicy = (typeof collisionPolicy.enumValues)[number];

/** The collision rules a run is classified under; `group` is null for a single send outside any campaign group. */
export interface CollisionScope {
  runId: string;
  priority: number;
  group: { id: string; policy: CollisionPolicy; windowSeconds: number } | null;
}

export interface BatchClassification {
  queued: number;
  skippedByReason: Record<string, number>;
  /** Recipients of lower-priority runs cancelled in favour of this run (HIGHEST_PRIORITY_WINS). */
  cancelledElsewhere: number;
}

/** Serialises classification and send-time claims of one campaign group (both read and write its collision state). */
export async function lockCampaignGroup(tx: TransactionSql | ReservedSql, groupId: string): Promise<void> {
  await tx`select pg_advisory_xact_lock(hashtext(${`emailops:campaign-group:${groupId}`}))`;
}

/**
 * Marks the staged rows that repeat an earlier row of the audience (same subject, or same valid address) in the
 * session temp table `snapshot_duplicates`: ranked once over the whole stage, so no batch has to look back at the
 * recipients written before it. `kind` keeps the order of the rules: a repeated subject is a duplicate even when its
 * address is invalid; a repeated address only counts among valid ones. Byte order (`collate "C"`) is all equality
 * needs and sorts several times faster than the database's collation.
 */
export async function rankStagedDuplicates(sql: ReservedSql): Promise<void> {
  await sql`drop table if exists pg_temp.snapshot_duplicates`;
  await sql`
    create temp table snapshot_duplicates as
    select ord, case when subject_rank > 1 then 'subject' else 'email' end as kind
    from (
      select ord, valid,
        row_number() over (partition by subject_id collate "C" order by ord) as subject_rank,
        row_number() over (partition by valid, email collate "C" order by ord) as email_rank
      from snapshot_stage
    ) ranked
    where subject_rank > 1 or (valid and email_rank > 1)`;
  await sql`create index on snapshot_duplicates (ord)`;
}

/**
 * Turns the staged rows with `ord` in [fromOrd, toOrd) (temp table `snapshot_stage`) into recipients of the run, in one
 * statement: duplicates (see rankStagedDuplicates), invalid emails, suppressions and — inside a campaign group —
 * collisions are decided by joins and EXISTS over the whole batch. Under HIGHEST_PRIORITY_WINS a subject the new run
 * queues is taken away from lower-priority runs that still hold it queued and unsent. The caller holds the group lock.
 */
export async function classifyStagedBatch(tx: ReservedSql, scope: CollisionScope, fromOrd: number, toOrd: number): Promise<BatchClassification> {
  const policy = scope.group?.policy ?? "SEND_ALL";
  const groupId = scope.group?.id ?? null;
  const windowSeconds = scope.group?.windowSeconds ?? 0;
  const rows = await tx<{ skip_reason: string | null; n: number; cancelled: number }[]>`
    with decided as materialized (
      select st.ord, st.subject_id, st.email, st.variables,
        case
          when dup.kind = 'subject' then 'duplicate'
          when not st.valid then 'invalid_email'
          when dup.kind = 'email' then 'duplicate'
          when sup.reason is not null then 'suppression:' || sup.reason::text
          when ${policy} <> 'SEND_ALL' and exists (
              select 1 from send_log l
              where l.campaign_group_id = ${groupId} and l.subject_id = st.subject_id
                and l.sent_at > now() - make_interval(secs => ${windowSeconds}))
            then 'collision:already_sent'
          when ${policy} = 'HIGHEST_PRIORITY_WINS' and exists (
              select 1 from single_send_recipients r join single_send_runs ru on ru.id = r.run_id
              where r.subject_id = st.subject_id and r.status in ('queued', 'sending')
                and ru.campaign_group_id = ${groupId} and ru.id <> ${scope.runId} and ru.priority <= ${scope.priority})
            then 'collision:lower_priority'
          when ${policy} = 'FIRST_QUEUED_WINS' and exists (
              select 1 from single_send_recipients r join single_send_runs ru on ru.id = r.run_id
              where r.subject_id = st.subject_id and r.status in ('queued', 'sending')
                and ru.campaign_group_id = ${groupId} and ru.id <> ${scope.runId})
            then 'collision:already_queued'
        end as skip_reason
      from snapshot_stage st
      left join snapshot_duplicates dup on dup.ord = st.ord
      left join suppressions sup on sup.email_normalized = st.email and st.valid
      where st.ord >= ${fromOrd} and st.ord < ${toOrd}
    ),
    inserted as (
      insert into single_send_recipients (run_id, subject_id, email, variables, status, skip_reason)
      select ${scope.runId}, subject_id, email, variables,
        (case when skip_reason is null then 'queued' else 'skipped' end)::recipient_status, skip_reason
      from decided
      order by ord
      returning subject_id, status, skip_reason
    ),
    cancelled as (
      update single_send_recipients r
      set status = 'skipped', skip_reason = 'collision:lower_priority', updated_at = now()
      from single_send_runs ru
      where ${policy} = 'HIGHEST_PRIORITY_WINS'
        and ru.id = r.run_id and ru.campaign_group_id = ${groupId} and ru.id <> ${scope.runId} and ru.priority > ${scope.priority}
        and r.status = 'queued'
        and r.subject_id in (select subject_id from inserted where status = 'queued')
      returning r.id
    )
    select skip_reason, count(*)::int as n, (select count(*)::int from cancelled) as cancelled
    from inserted group by skip_reason`;
  const result: BatchClassification = { queued: 0, skippedByReason: {}, cancelledElsewhere: rows[0]?.cancelled ?? 0 };
  for (const row of rows) {
    if (row.skip_reason === null) result.queued += row.n;
    else result.skippedByReason[row.skip_reason] = row.n;
  }
  return result;
}
