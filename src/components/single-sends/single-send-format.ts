import { SKIP_REASON_LABELS, type SkipReason } from "@/server/domain/single-sends/skip-reasons";
import type { RouterOutputs } from "@/trpc/react";

export type SingleSend = RouterOutputs["singleSends"]["get"];
export type SingleSendStatus = SingleSend["status"];
export type Schedule = SingleSend["schedule"];
export type RunStatus = RouterOutputs["singleSends"]["run"]["status"];
export type RunCounts = RouterOutputs["singleSends"]["run"]["counts"];
export type RecipientStatus = RouterOutputs["singleSends"]["recipients"]["items"][number]["status"];

type BadgeVariant = "default" | "secondary" | "outline" | "destructive" | "success" | "warning" | "muted";

export const SINGLE_SEND_STATUS_OPTIONS: readonly SingleSendStatus[] = ["ACTIVE", "DRAFT", "PAUSED", "ARCHIVED"];

export const singleSendStatusLabel: Record<SingleSendStatus, string> = {
  ACTIVE: "Active",
  DRAFT: "Draft",
  PAUSED: "Paused",
  ARCHIVED: "Archived",
};

export const singleSendStatusVariant: Record<SingleSendStatus, BadgeVariant> = {
  ACTIVE: "success",
  DRAFT: "muted",
  PAUSED: "warning",
  ARCHIVED: "outline",
};

export const runStatusLabel: Record<RunStatus, string> = {
  PENDING: "Pending",
  BUILDING: "Building audience",
  READY: "Ready",
  SENDING: "Sending",
  PAUSED: "Paused",
  COMPLETED: "Completed",
  FAILED: "Failed",
  CANCELLED: "Cancelled",
};

export const runStatusVariant: Record<RunStatus, BadgeVariant> = {
  PENDING: "secondary",
  BUILDING: "secondary",
  READY: "secondary",
  SENDING: "default",
  PAUSED: "warning",
  COMPLETED: "success",
  FAILED: "destructive",
  CANCELLED: "muted",
};

/** While a run is in one of these states its status and counts are still changing: the run page polls. */
export const LIVE_RUN_STATUSES: readonly RunStatus[] = ["PENDING", "BUILDING", "READY", "SENDING"];
export const isLiveRun = (status: RunStatus) => LIVE_RUN_STATUSES.includes(status);
/** The engine pauses only a run that is ready to send or sending. */
export const canPauseRun = (status: RunStatus) => status === "READY" || status === "SENDING";
export const isFinishedRun = (status: RunStatus) => status === "COMPLETED" || status === "FAILED" || status === "CANCELLED";

export const RECIPIENT_STATUS_OPTIONS: readonly RecipientStatus[] = ["queued", "sending", "sent", "skipped", "failed", "unconfirmed"];

export const recipientStatusLabel: Record<RecipientStatus, string> = {
  queued: "Queued",
  sending: "Sending",
  sent: "Sent",
  skipped: "Skipped",
  failed: "Failed",
  unconfirmed: "Unconfirmed",
};

export const recipientStatusVariant: Record<RecipientStatus, BadgeVariant> = {
  queued: "secondary",
  sending: "default",
  sent: "success",
  skipped: "muted",
  failed: "destructive",
  unconfirmed: "warning",
};

export const isSkipReason = (reason: string): reason is SkipReason => Object.hasOwn(SKIP_REASON_LABELS, reason);

export function skipReasonLabel(reason: string): string {
  return isSkipReason(reason) ? SKIP_REASON_LABELS[reason] : reason;
}

const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short" });

/** "Manual", "Once, 1 Jun 2025, 09:00", "Cron 0 9 * * 1 (Europe/Berlin)". */
export function scheduleLabel(schedule: Schedule): string {
  switch (schedule.type) {
    case "MANUAL":
      return "Manual";
    case "ONCE":
      return `Once, ${dateTime.format(schedule.at)}`;
    case "CRON":
      return `Cron ${schedule.cron} (${schedule.timezone})`;
  }
}

/** Recipients that reached an end state (sent, failed, unconfirmed or skipped) out of all, as a whole percentage. */
export function runProgress(counts: RunCounts): { done: number; total: number; percent: number } {
  const done = counts.sent + counts.failed + counts.unconfirmed + counts.skipped;
  const percent = counts.total === 0 ? 0 : Math.floor((done / counts.total) * 100);
  return { done, total: counts.total, percent };
}

/** Skip reasons with their counts, most frequent first (ties by label), for the breakdown list. */
export function skippedBreakdown(counts: RunCounts): { reason: string; label: string; count: number }[] {
  return Object.entries(counts.skippedByReason)
    .map(([reason, count]) => ({ reason, label: skipReasonLabel(reason), count }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

const pad = (n: number) => String(n).padStart(2, "0");

/** A date as the value of an `<input type="datetime-local">`, in the browser's time zone. */
export function toDateTimeLocal(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** An `<input type="datetime-local">` value (browser time zone) as an ISO instant; null when empty or invalid. */
export function fromDateTimeLocal(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/**
 * Splits a server message such as `schedule.cron: … ; segmentParams: …` into per-field messages. Text without a
 * known field prefix lands under "form".
 */
export function fieldMessages(message: string, fields: readonly string[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const part of message.split(/; (?=[\w.]+: )/)) {
    const match = /^([\w.]+): ([\s\S]*)$/.exec(part);
    const field = match?.[1] && fields.includes(match[1]) ? match[1] : "form";
    const text = field === "form" ? part : (match?.[2] ?? part);
    result[field] = result[field] ? `${result[field]} ${text}` : text;
  }
  return result;
}
