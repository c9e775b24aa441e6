import { and, asc, eq, inArray } from "drizzle-orm";
import { singleSendRuns, type RunStats } from "@/server/db/schema";
import { DomainError } from "@/server/lib/errors";
import { logger } from "@/server/lib/logger";
import type { ParsedJobPayload } from "@/server/queue/registry";
import type { Services } from "@/server/services";
import { QueryExecutionError } from "../query-governor/errors";
import { runCounts } from "./run-counts";
import type { SingleSendRun } from "./run-types";
import { buildRunSnapshot } from "./snapshot";

/** Queued recipients per send job: a job is a contiguous id range holding at most this many. */
export const SEND_BATCH_SIZE = 500;

async function statsOf(services: Services, runId: string): Promise<RunStats> {
  const counts = await runCounts(services.db, runId);
  return {
    total: counts.total,
    queued: counts.queued + counts.sending,
    sent: counts.sent,
    failed: counts.failed,
    unconfirmed: counts.unconfirmed,
    skipped: counts.skippedByReason,
  };
}

/** Marks a sending run COMPLETED once no recipient is queued or being sent; the final counts are kept on the run. */
export async function completeRunIfDone(services: Services, runId: string): Promise<boolean> {
  const [done] = await services.sql<{ id: string }[]>`
    update single_send_runs set status = 'COMPLETED', completed_at = now()
    where id = ${runId} and status in ('READY', 'SENDING')
      and not exists (select 1 from single_send_recipients where run_id = ${runId} and status in ('queued', 'sending'))
    returning id`;
  if (!done) return false;
  await services.db.update(singleSendRuns).set({ stats: await statsOf(services, runId) }).where(eq(singleSendRuns.id, runId));
  return true;
}

/**
 * Queues the run's queued recipients as send jobs over contiguous id ranges (computed in SQL, so 1,000,000
 * recipients are never loaded here), then marks the run SENDING. Job ids are deterministic per `generation`; jobs
 * whose ranges overlap (a start retried after a crash) are harmless: a recipient is claimed by exactly one job.
 */
export async function startSending(services: Services, runId: string, generation: string): Promise<number> {
  const ranges = await services.sql<{ from_id: number; to_id: number }[]>`
    select min(id)::int as from_id, max(id)::int as to_id
    from (
      select id, (row_number() over (order by id) - 1) / ${SEND_BATCH_SIZE} as batch
      from single_send_recipients where run_id = ${runId} and status = 'queued'
    ) numbered
    group by batch order by from_id`;
  await services.queues.enqueueMany(
    "send-batch",
    ranges.map((range) => ({
      payload: { runId, fromId: range.from_id, toId: range.to_id },
      jobId: `send-${runId}-${generation}-${range.from_id}`,
    })),
  );
  await services.db
    .update(singleSendRuns)
    .set({ status: "SENDING" })
    .where(and(eq(singleSendRuns.id, runId), eq(singleSendRuns.status, "READY")));
  await completeRunIfDone(services, runId);
  return ranges.length;
}

function failureMessage(error: unknown): string {
  if (error instanceof DomainError || error instanceof QueryExecutionError) return error.message;
  return `The audience snapshot could not be built: ${error instanceof Error ? error.message : String(error)}`;
}

/** Errors that will not change on a retry: the run fails at once instead of being rebuilt. */
function isPermanent(error: unknown): boolean {
  return error instanceof DomainError || error instanceof QueryExecutionError;
}

/** Ends every recipient still queued as skipped `cancelled`: the run will not send to them. */
export async function cancelQueued(services: Services, runId: string): Promise<void> {
  await services.sql`
    update single_send_recipients set status = 'skipped', skip_reason = 'cancelled', updated_at = now()
    where run_id = ${runId} and status = 'queued'`;
}

/**
 * Handler of "build-snapshots": builds every run of one trigger (highest priority first), and only then starts them
 * sending, so the collision outcome of a group trigger never depends on which run happened to send first.
 */
export async function buildSnapshots(
  services: Services,
  payload: ParsedJobPayload<"build-snapshots">,
  attempt: { attempt: number; maxAttempts: number },
): Promise<{ built: number; failed: number }> {
  const runs = await services.db
    .select()
    .from(singleSendRuns)
    .where(eq(singleSendRuns.triggerId, payload.triggerId))
    .orderBy(asc(singleSendRuns.priority), asc(singleSendRuns.createdAt));
  let failed = 0;
  for (const run of runs) {
    if (run.status !== "PENDING" && run.status !== "BUILDING") continue;
    try {
      await buildRunSnapshot(services, run);
      const [after] = await services.db
        .update(singleSendRuns)
        .set({ status: "READY" })
        .where(and(eq(singleSendRuns.id, run.id), eq(singleSendRuns.status, "BUILDING")))
        .returning({ id: singleSendRuns.id });
      if (!after) await cancelQueued(services, run.id);
    } catch (error) {
      if (!isPermanent(error) && attempt.attempt < attempt.maxAttempts) throw error;
      failed++;
      logger().warn({ runId: run.id, err: error }, "audience snapshot failed");
      await markRunFailed(services, run, failureMessage(error));
    }
  }
  const ready = await services.db
    .select({ id: singleSendRuns.id })
    .from(singleSendRuns)
    .where(and(eq(singleSendRuns.triggerId, payload.triggerId), eq(singleSendRuns.status, "READY")));
  for (const run of ready) await startSending(services, run.id, "start");
  return { built: ready.length, failed };
}

/** A run whose snapshot failed sends nothing: whatever was staged is kept for inspection, marked cancelled. */
export async function markRunFailed(services: Services, run: SingleSendRun, message: string): Promise<void> {
  await services.db
    .update(singleSendRuns)
    .set({ status: "FAILED", error: message, completedAt: new Date() })
    .where(and(eq(singleSendRuns.id, run.id), inArray(singleSendRuns.status, ["PENDING", "BUILDING", "READY"])));
  await cancelQueued(services, run.id);
}
