import type { Services } from "@/server/services";
import type { Actor } from "../auth/actor";
import type { RunSummary } from "./run-types";

/** Creates a run of one single send (frozen params + compiled template) and queues its snapshot build. */
export async function triggerSingleSend(services: Services, actor: Actor, singleSendId: string): Promise<RunSummary> {
  void services; void actor; void singleSendId;
  throw new Error("triggerSingleSend: being written by the lead");
}

/** Runs every ACTIVE member of the group together: all snapshots are built before any of them sends. */
export async function triggerCampaignGroup(services: Services, actor: Actor, campaignGroupId: string): Promise<RunSummary[]> {
  void services; void actor; void campaignGroupId;
  throw new Error("triggerCampaignGroup: being written by the lead");
}
