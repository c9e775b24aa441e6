import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/server/db/client";
import { singleSendRuns, singleSends } from "@/server/db/schema";
import { notFound } from "@/server/lib/errors";
import type { RunSummary } from "./run-types";

type RunRow = typeof singleSendRuns.$inferSelect;

export function summarizeRun(row: RunRow, singleSendName: string): RunSummary {
  return {
    id: row.id,
    singleSendId: row.singleSendId,
    singleSendName,
    status: row.status,
    campaignGroupId: row.campaignGroupId,
    priority: row.priority,
    triggerId: row.triggerId,
    triggeredBy: row.triggeredBy,
    segmentParams: row.segmentParams,
    templateVersionId: row.templateVersionId,
    error: row.error,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    completedAt: row.completedAt,
  };
}

/** The run, checked to belong to the single send named in the path. */
export async function loadRunSummary(db: DbOrTx, singleSendId: string, runId: string): Promise<RunSummary> {
  const [found] = await db
    .select({ run: singleSendRuns, name: singleSends.name })
    .from(singleSendRuns)
    .innerJoin(singleSends, eq(singleSends.id, singleSendRuns.singleSendId))
    .where(eq(singleSendRuns.id, runId));
  if (!found || found.run.singleSendId !== singleSendId) throw notFound("Run", runId);
  return summarizeRun(found.run, found.name);
}
