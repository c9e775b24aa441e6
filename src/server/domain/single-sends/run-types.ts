import type { recipientStatus, runStatus, singleSendRuns } from "@/server/db/schema";

export type RunStatus = (typeof runStatus.enumValues)[number];
export type RecipientStatus = (typeof recipientStatus.enumValues)[number];

/** Live counts of a run's recipients, computed from `single_send_recipients`. */
export interface RunCounts {
  total: number;
  queued: number;
  sending: number;
  sent: number;
  failed: number;
  unconfirmed: number;
  skipped: number;
  /** Skipped recipients per skip reason (only reasons that occur). */
  skippedByReason: Record<string, number>;
}

export interface RunSummary {
  id: string;
  singleSendId: string;
  singleSendName: string;
  status: RunStatus;
  campaignGroupId: string | null;
  priority: number;
  triggerId: string;
  triggeredBy: string;
  segmentParams: Record<string, unknown>;
  templateVersionId: string | null;
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  completedAt: Date | null;
}

/** Runs in these states will not change any more. */
export const FINISHED_RUN_STATUSES: readonly RunStatus[] = ["COMPLETED", "FAILED", "CANCELLED"];

/** Runs that may still send: a single send has at most one of these at a time. */
export const UNFINISHED_RUN_STATUSES = ["PENDING", "BUILDING", "READY", "SENDING", "PAUSED"] as const satisfies readonly RunStatus[];

export type SingleSendRun = typeof singleSendRuns.$inferSelect;
