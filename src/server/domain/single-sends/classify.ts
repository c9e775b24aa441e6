import type { TransactionSql } from "postgres";
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
export async function lockCampaignGroup(tx: TransactionSql, groupId: string): Promise<void> {
  await tx`select pg_advisory_xact_lock(hashtext(${`emailops:campaign-group:${groupId}`}))`;
}

/**
 * Locks the run's row against deletion for the rest of the transaction (what a foreign key check would take) and
 * tells whether the run is still being built; a run cancelled or deleted meanwhile gets no more recipients.
 */
export async function lockBuildingRun(tx: TransactionSql, runId: string): Promise<boolean> {
  const [run] = await tx<{ status: string }[]>`select status from single_send_runs where id = ${runId} for key share`;
  return run?.status === "BUILDING";
}

/**
 * Turns the staged batch (temp table `snapshot_stage`, already screened for invalid addresses and duplicates: see
 * AudienceScreen) into recipients of the run, in one statement: suppressions and — inside a campaign group —
 * collisions are decided by joins and EXISTS over the whole batch. Under HIGHEST_PRIORITY_WINS a subject the new run
 * queues is taken away from lower-priority runs that still hold it queued and unsent. The caller holds the group lock.
 */
export async function classifyStagedBatch(tx: TransactionSql, scope: CollisionScope): Promise<BatchClassification> {
  const policy = scope.group?.policy ?? "SEND_ALL";
  const groupId = scope.group?.id ?? null;
  const windowSeconds = scope.group?.windowSeconds ?? 0;
  const rows = await tx<{ skip_reason: string | null; n: number; cancelled: number }[]>`
    with decided as materialized (
      select st.ord, st.subject_id, st.email, st.variables,
        case
          when st.skip_reason is not null then st.skip_reason
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
      left join suppressions sup on sup.email_normalized = st.email and st.skip_reason is null
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
