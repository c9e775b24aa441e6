import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/server/db/client";
import type { RunCounts } from "./run-types";

/** Live counts of one run's recipients in one grouped scan of the (run_id, status) index. */
export async function runCounts(db: DbOrTx, runId: string): Promise<RunCounts> {
  const rows = await db.execute<{ status: string; skip_reason: string | null; n: number }>(sql`
    select status, skip_reason, count(*)::int as n
    from single_send_recipients
    where run_id = ${runId}
    group by status, skip_reason`);
  const counts: RunCounts = { total: 0, queued: 0, sending: 0, sent: 0, failed: 0, unconfirmed: 0, skipped: 0, skippedByReason: {} };
  for (const row of rows) {
    counts.total += row.n;
    switch (row.status) {
      case "queued":
      case "sending":
      case "sent":
      case "failed":
      case "unconfirmed":
      case "skipped":
        counts[row.status] += row.n;
        break;
    }
    if (row.status === "skipped" && row.skip_reason) {
      counts.skippedByReason[row.skip_reason] = (counts.skippedByReason[row.skip_reason] ?? 0) + row.n;
    }
  }
  return counts;
}
