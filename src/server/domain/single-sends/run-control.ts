import type { Services } from "@/server/services";
import type { Actor } from "../auth/actor";
import type { RunSummary } from "./run-types";

export interface RunRef {
  singleSendId: string;
  runId: string;
}

/** Stops handing out sends; queued recipients stay queued until resumed. */
export async function pauseRun(services: Services, actor: Actor, ref: RunRef): Promise<RunSummary> {
  void services; void actor; void ref;
  throw new Error("pauseRun: being written by the lead");
}

export async function resumeRun(services: Services, actor: Actor, ref: RunRef): Promise<RunSummary> {
  void services; void actor; void ref;
  throw new Error("resumeRun: being written by the lead");
}

/** Cancels the run: every recipient still queued ends skipped with reason `cancelled`. */
export async function cancelRun(services: Services, actor: Actor, ref: RunRef): Promise<RunSummary> {
  void services; void actor; void ref;
  throw new Error("cancelRun: being written by the lead");
}
