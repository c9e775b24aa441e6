import { eq } from "drizzle-orm";
import { singleSendRuns } from "@/server/db/schema";
import { DomainError } from "@/server/lib/errors";
import type { Services } from "@/server/services";
import type { Actor } from "../auth/actor";
import { recordAudit } from "../audit-log/record";
import { cancelQueued, completeRunIfDone, startSending } from "./run-lifecycle";
import { loadRunSummary } from "./run-summary";
import type { RunStatus, RunSummary } from "./run-types";

export interface RunRef {
  singleSendId: string;
  runId: string;
}

/** Moves the run from one of `from` to `to` under a row lock; any other state is refused with the reason. */
async function transition(services: Services, actor: Actor, ref: RunRef, from: readonly RunStatus[], to: RunStatus, verb: string) {
  const before = await loadRunSummary(services.db, ref.singleSendId, ref.runId);
  await services.db.transaction(async (tx) => {
    const [locked] = await tx.select({ status: singleSendRuns.status }).from(singleSendRuns).where(eq(singleSendRuns.id, ref.runId)).for("update");
    if (!locked || !from.includes(locked.status)) {
      throw new DomainError("PRECONDITION_FAILED", `Run ${ref.runId} is ${locked?.status ?? "gone"}; only a run that is ${from.join(" or ")} can be ${verb}.`);
    }
    await tx
      .update(singleSendRuns)
      .set({ status: to, ...(to === "CANCELLED" ? { completedAt: new Date() } : {}) })
      .where(eq(singleSendRuns.id, ref.runId));
    await recordAudit(tx, actor, {
      action: `single-send.run.${verb}`,
      entityType: "single_send_run",
      entityId: ref.runId,
      before: { status: locked.status },
      after: { status: to },
    });
  });
  return before;
}

/** Stops handing out sends: jobs stop at their next chunk; queued recipients stay queued until resumed. */
export async function pauseRun(services: Services, actor: Actor, ref: RunRef): Promise<RunSummary> {
  await transition(services, actor, ref, ["READY", "SENDING"], "PAUSED", "paused");
  return loadRunSummary(services.db, ref.singleSendId, ref.runId);
}

/** Queues the still-queued recipients again under a fresh job generation (the earlier jobs have ended). */
export async function resumeRun(services: Services, actor: Actor, ref: RunRef): Promise<RunSummary> {
  await transition(services, actor, ref, ["PAUSED"], "SENDING", "resumed");
  await startSending(services, ref.runId, `resume${Date.now()}`);
  return loadRunSummary(services.db, ref.singleSendId, ref.runId);
}

/** Cancels the run: every recipient still queued ends skipped with reason `cancelled`; emails already handed over stay sent. */
export async function cancelRun(services: Services, actor: Actor, ref: RunRef): Promise<RunSummary> {
  await transition(services, actor, ref, ["PENDING", "BUILDING", "READY", "SENDING", "PAUSED"], "CANCELLED", "cancelled");
  await cancelQueued(services, ref.runId);
  await completeRunIfDone(services, ref.runId);
  return loadRunSummary(services.db, ref.singleSendId, ref.runId);
}
