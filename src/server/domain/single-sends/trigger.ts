import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/server/db/client";
import { campaignGroups, segments, singleSendRuns, singleSends, templates, templateVersions } from "@/server/db/schema";
import { DomainError, notFound } from "@/server/lib/errors";
import type { Services } from "@/server/services";
import { actorLabel, type Actor } from "../auth/actor";
import { recordAudit } from "../audit-log/record";
import { resolveParameterValues } from "../segments/parameters";
import { summarizeRun } from "./run-summary";
import { UNFINISHED_RUN_STATUSES, type RunSummary } from "./run-types";

type SingleSendRow = typeof singleSends.$inferSelect;

/** Everything a run freezes at trigger time, so later edits of the send, segment or template cannot change it. */
async function freezeRun(tx: DbOrTx, send: SingleSendRow, triggerId: string, actor: Actor, viaGroup?: string) {
  if (send.status !== "ACTIVE") {
    throw new DomainError(
      "PRECONDITION_FAILED",
      `Single send "${send.name}" is ${send.status}; only ACTIVE single sends can be triggered. Set its status to ACTIVE first.`,
    );
  }
  const [unfinished] = await tx
    .select({ id: singleSendRuns.id, status: singleSendRuns.status })
    .from(singleSendRuns)
    .where(and(eq(singleSendRuns.singleSendId, send.id), inArray(singleSendRuns.status, [...UNFINISHED_RUN_STATUSES])));
  if (unfinished) {
    throw new DomainError(
      "CONFLICT",
      `Single send "${send.name}" already has a run in progress (${unfinished.id}, ${unfinished.status}); wait for it to finish or cancel it.`,
    );
  }
  const [segment] = await tx.select().from(segments).where(eq(segments.id, send.segmentId));
  if (!segment) throw notFound("Segment", send.segmentId);
  let params: Record<string, unknown>;
  try {
    params = resolveParameterValues(segment.parameters, send.segmentParams);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DomainError("PRECONDITION_FAILED", `Single send "${send.name}": segment parameters are not valid (${reason}).`);
  }
  const [version] = await tx
    .select({ template: templates, version: templateVersions })
    .from(templates)
    .leftJoin(templateVersions, and(eq(templateVersions.templateId, templates.id), eq(templateVersions.active, true)))
    .where(eq(templates.id, send.templateId));
  if (!version) throw notFound("Template", send.templateId);
  const published = version.version;
  if (!published?.compiledHtml || published.compiledSubject === null || published.compiledText === null) {
    throw new DomainError(
      "PRECONDITION_FAILED",
      `Template "${version.template.name}" has no published version; publish one before triggering "${send.name}".`,
    );
  }
  const [run] = await tx
    .insert(singleSendRuns)
    .values({
      singleSendId: send.id,
      status: "PENDING",
      campaignGroupId: send.campaignGroupId,
      priority: send.priority,
      triggerId,
      segmentParams: params,
      templateVersionId: published.id,
      compiledSubject: published.compiledSubject,
      compiledHtml: published.compiledHtml,
      compiledText: published.compiledText,
      triggeredBy: viaGroup ? `${actorLabel(actor)} via campaign group "${viaGroup}"` : actorLabel(actor),
    })
    .returning();
  if (!run) throw new Error("insert returned no row");
  await recordAudit(tx, actor, {
    action: "single-send.trigger",
    entityType: "single_send",
    entityId: send.id,
    after: { runId: run.id, triggerId, templateVersionId: published.id, segmentParams: params },
  });
  return summarizeRun(run, send.name);
}

/** Queues the build; when Redis refuses, the runs just created fail visibly instead of waiting forever as PENDING. */
async function queueBuild(services: Services, triggerId: string): Promise<void> {
  try {
    await services.queues.enqueue("build-snapshots", { triggerId }, { jobId: `build-${triggerId}` });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    await services.db
      .update(singleSendRuns)
      .set({ status: "FAILED", error: `The run could not be queued (${reason}); trigger it again.`, completedAt: new Date() })
      .where(and(eq(singleSendRuns.triggerId, triggerId), eq(singleSendRuns.status, "PENDING")));
    throw new DomainError("QUERY_FAILED", `The run could not be queued: ${reason}. Nothing was sent; try again.`);
  }
}

/** Creates a run of one single send (frozen params + compiled template) and queues its snapshot build. */
export async function triggerSingleSend(services: Services, actor: Actor, singleSendId: string): Promise<RunSummary> {
  const triggerId = randomUUID();
  const run = await services.db.transaction(async (tx) => {
    const [send] = await tx.select().from(singleSends).where(eq(singleSends.id, singleSendId)).for("update");
    if (!send) throw notFound("Single send", singleSendId);
    return freezeRun(tx, send, triggerId, actor);
  });
  await queueBuild(services, triggerId);
  return run;
}

/** Runs every ACTIVE member of the group together: all snapshots are built before any of them sends. */
export async function triggerCampaignGroup(services: Services, actor: Actor, campaignGroupId: string): Promise<RunSummary[]> {
  const triggerId = randomUUID();
  const runs = await services.db.transaction(async (tx) => {
    const [group] = await tx.select().from(campaignGroups).where(eq(campaignGroups.id, campaignGroupId)).for("update");
    if (!group) throw notFound("Campaign group", campaignGroupId);
    const members = await tx
      .select()
      .from(singleSends)
      .where(and(eq(singleSends.campaignGroupId, campaignGroupId), eq(singleSends.status, "ACTIVE")))
      .orderBy(asc(singleSends.priority), asc(singleSends.name))
      .for("update");
    if (members.length === 0) {
      throw new DomainError("PRECONDITION_FAILED", `Campaign group "${group.name}" has no ACTIVE single sends to trigger.`);
    }
    const created: RunSummary[] = [];
    for (const member of members) created.push(await freezeRun(tx, member, triggerId, actor, group.name));
    await recordAudit(tx, actor, {
      action: "campaign-group.trigger",
      entityType: "campaign_group",
      entityId: group.id,
      after: { triggerId, runIds: created.map((run) => run.id) },
    });
    return created;
  });
  await queueBuild(services, triggerId);
  return runs;
}
