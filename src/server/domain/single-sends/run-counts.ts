import { inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/server/db/client";
import { singleSendRecipients } from "@/server/db/schema";
import type { RunCounts } from "./run-types";

export const emptyCounts = (): RunCounts => ({ total: 0, queued: 0, sending: 0, sent: 0, failed: 0, unconfirmed: 0, skipped: 0, skippedByReason: {} });

function addToCounts(counts: RunCounts, status: string, skipReason: string | null, n: number): void {
  counts.total += n;
  switch (status) {
    case "queued":
    case "sending":
    case "sent":
    case "failed":
    case "unconfirmed":
    case "skipped":
      counts[status] += n;
      break;
  }
  if (status === "skipped" && skipReason) counts.skippedByReason[skipReason] = (counts.skippedByReason[skipReason] ?? 0) + n;
}

/** Counts of many runs in one grouped query, instead of one query per run. */
export async function countsOfRuns(db: DbOrTx, runIds: string[]): Promise<Map<string, RunCounts>> {
  const byRun = new Map(runIds.map((id) => [id, emptyCounts()]));
  if (runIds.length === 0) return byRun;
  const rows = await db
    .select({
      runId: singleSendRecipients.runId,
      status: singleSendRecipients.status,
      skipReason: singleSendRecipients.skipReason,
      n: sql<number>`count(*)::int`,
    })
    .from(singleSendRecipients)
    .where(inArray(singleSendRecipients.runId, runIds))
    .groupBy(singleSendRecipients.runId, singleSendRecipients.status, singleSendRecipients.skipReason);
  for (const row of rows) {
    const counts = byRun.get(row.runId);
    if (counts) addToCounts(counts, row.status, row.skipReason, row.n);
  }
  return byRun;
}

/** Live counts of one run's recipients. */
export async function runCounts(db: DbOrTx, runId: string): Promise<RunCounts> {
  return (await countsOfRuns(db, [runId])).get(runId) ?? emptyCounts();
}
