import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { eq } from "drizzle-orm";
import { campaignGroups, segments, singleSendRuns, singleSends } from "@/server/db/schema";
import { DomainError, notFound } from "@/server/lib/errors";
import type { Services } from "@/server/services";
import type { ResultBatch, ResultRow } from "../data-connectors/adapter";
import { getDataConnectorAdapter } from "../data-connectors/adapter-factory";
import { REQUIRED_COLUMNS } from "../segments/segments";
import { AudienceScreen } from "./audience-screen";
import { classifyStagedBatch, lockBuildingRun, lockCampaignGroup, type BatchClassification, type CollisionScope } from "./classify";
import { domainMetrics } from "@/server/lib/domain-metrics";
import type { SingleSendRun } from "./run-types";

/** Rows per governor batch: each is COPYed and classified in one transaction while the next one is fetched. */
export const SNAPSHOT_BATCH_SIZE = 20_000;

/** COPY text format: backslash, tab, newline and carriage return are escaped; `\N` is NULL. */
function copyText(value: string): string {
  return value.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r"));
}

function jsonValue(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

/** One COPY line per row: ord, subject_id, normalised email, screened skip reason, every other column as JSON variables. */
function stageLines(rows: ResultRow[], firstOrd: number, screen: AudienceScreen): string {
  const lines: string[] = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as ResultRow;
    const { subject_id: rawSubjectId, email: rawEmail, ...variables } = row;
    const subjectId = cellText(rawSubjectId);
    const { email, skipReason } = screen.screen(subjectId, cellText(rawEmail));
    lines[i] = `${firstOrd + i}\t${copyText(subjectId)}\t${copyText(email)}\t${skipReason ?? "\\N"}\t${copyText(JSON.stringify(variables, jsonValue))}\n`;
  }
  return lines.join("");
}

function addCounts(total: BatchClassification, batch: BatchClassification): void {
  total.queued += batch.queued;
  total.cancelledElsewhere += batch.cancelledElsewhere;
  for (const [reason, n] of Object.entries(batch.skippedByReason)) total.skippedByReason[reason] = (total.skippedByReason[reason] ?? 0) + n;
}

async function collisionScope(services: Services, run: SingleSendRun): Promise<CollisionScope> {
  if (!run.campaignGroupId) return { runId: run.id, priority: run.priority, group: null };
  const [group] = await services.db.select().from(campaignGroups).where(eq(campaignGroups.id, run.campaignGroupId));
  if (!group) return { runId: run.id, priority: run.priority, group: null };
  return { runId: run.id, priority: run.priority, group: { id: group.id, policy: group.collisionPolicy, windowSeconds: group.collisionWindow } };
}

/**
 * Streams the run's segment through the Query Governor and, batch by batch, screens it (normalised addresses, invalid
 * ones, duplicates of earlier rows: see AudienceScreen), COPYs it into the transaction's temp table `snapshot_stage`
 * and classifies it into `single_send_recipients` in the same transaction (see classify.ts), while the governor already
 * fetches the next batch. A build that is retried (crash, transient error) starts over: nothing of the run has been
 * sent while it is BUILDING; a run that left BUILDING (cancelled) stops the stream at the next batch.
 */
export async function buildRunSnapshot(services: Services, run: SingleSendRun, batchSize: number = SNAPSHOT_BATCH_SIZE): Promise<BatchClassification> {
  const [source] = await services.db
    .select({ segment: segments })
    .from(singleSends)
    .innerJoin(segments, eq(segments.id, singleSends.segmentId))
    .where(eq(singleSends.id, run.singleSendId));
  if (!source) throw notFound("Single send", run.singleSendId);
  const scope = await collisionScope(services, run);

  await services.db.update(singleSendRuns).set({ status: "BUILDING", startedAt: new Date(), error: null }).where(eq(singleSendRuns.id, run.id));
  await services.sql`delete from single_send_recipients where run_id = ${run.id}`;

  const adapter = await getDataConnectorAdapter(services, source.segment.dataConnectorId);
  const request = { sql: source.segment.sqlQuery, parameters: source.segment.parameters, values: run.segmentParams };
  const totals: BatchClassification = { queued: 0, skippedByReason: {}, cancelledElsewhere: 0 };
  await streamIntoRecipients(adapter.stream(request, { batchSize }), source.segment.name, async (lines, rowCount) => {
    const counts = await services.sql.begin(async (tx) => {
      if (!(await lockBuildingRun(tx, run.id))) return null;
      await tx`create temp table snapshot_stage (ord integer, subject_id text, email text, skip_reason text, variables jsonb) on commit drop`;
      const copy = await tx`copy snapshot_stage (ord, subject_id, email, skip_reason, variables) from stdin`.writable();
      await pipeline(Readable.from([lines]), copy);
      // The planner's cost estimate of the classification statement would JIT-compile it on every batch: 4–5×
      // slower than running it plainly.
      await tx`set local jit = off`;
      if (scope.group && scope.group.policy !== "SEND_ALL") {
        await lockCampaignGroup(tx, scope.group.id);
        domainMetrics.collisionChecks.inc({ stage: "snapshot" }, rowCount);
      }
      return classifyStagedBatch(tx, scope);
    });
    if (counts) addCounts(totals, counts);
    return counts !== null;
  });
  for (const [reason, n] of Object.entries(totals.skippedByReason)) domainMetrics.recipientsSkipped.inc({ reason }, n);
  if (totals.cancelledElsewhere > 0) domainMetrics.recipientsSkipped.inc({ reason: "collision:lower_priority" }, totals.cancelledElsewhere);
  return totals;
}

/**
 * Hands every batch of the stream, as COPY lines, to `write`; while one batch is written the next is fetched. Stops
 * early when `write` answers false (the run is no longer being built).
 */
async function streamIntoRecipients(
  batches: AsyncIterable<ResultBatch>,
  segmentName: string,
  write: (lines: string, rowCount: number) => Promise<boolean>,
): Promise<void> {
  const screen = new AudienceScreen();
  let ord = 0;
  let writing: Promise<boolean> | null = null;
  try {
    for await (const batch of batches) {
      const names = new Set(batch.columns.map((column) => column.name));
      const missing = REQUIRED_COLUMNS.filter((name) => !names.has(name));
      if (missing.length > 0) {
        throw new DomainError("INVALID", `Segment "${segmentName}" must return the columns subject_id and email; missing: ${missing.join(", ")}.`);
      }
      if (batch.rows.length === 0) continue;
      const lines = stageLines(batch.rows, ord, screen);
      ord += batch.rows.length;
      if (writing && !(await writing)) return;
      writing = write(lines, batch.rows.length);
      // Awaited before the next write or below; until then a failure must not count as an unhandled rejection.
      writing.catch(() => undefined);
    }
    if (writing) await writing;
  } catch (error) {
    // A write still running ends (commits or rolls back) before the failure is reported.
    await writing?.catch(() => undefined);
    throw error;
  }
}
