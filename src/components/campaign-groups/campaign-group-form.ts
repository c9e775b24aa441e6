import type { CollisionPolicy } from "@/server/domain/campaign-groups/campaign-groups";
import type { RunStatus } from "@/server/domain/single-sends/run-types";

export const COLLISION_POLICIES = ["HIGHEST_PRIORITY_WINS", "FIRST_QUEUED_WINS", "SEND_ALL"] as const satisfies readonly CollisionPolicy[];

export const policyLabel: Record<CollisionPolicy, string> = {
  HIGHEST_PRIORITY_WINS: "Highest priority wins",
  FIRST_QUEUED_WINS: "First queued wins",
  SEND_ALL: "Send all",
};

export const policyExplanation: Record<CollisionPolicy, string> = {
  HIGHEST_PRIORITY_WINS: "A person in several members' audiences gets only the highest-priority email, whatever order the sends were triggered in.",
  FIRST_QUEUED_WINS: "The member that queued a person first keeps them; later members skip that person for the window.",
  SEND_ALL: "No collision handling: every member sends to its whole audience (suppressions still apply).",
};

export const WINDOW_UNITS = ["minutes", "hours", "days"] as const;
export type WindowUnit = (typeof WINDOW_UNITS)[number];

export const windowUnitSeconds: Record<WindowUnit, number> = { minutes: 60, hours: 3600, days: 86_400 };
export const windowUnitLabel: Record<WindowUnit, string> = { minutes: "Minutes", hours: "Hours", days: "Days" };

const DAY = 86_400;
const HOUR = 3600;
const MINUTE = 60;

/** "24 h", "7 d", "90 min", "45 s": whole days from two days up, otherwise the largest unit that divides evenly. */
export function formatWindow(seconds: number): string {
  if (seconds >= 2 * DAY && seconds % DAY === 0) return `${seconds / DAY} d`;
  if (seconds % HOUR === 0) return `${seconds / HOUR} h`;
  if (seconds % MINUTE === 0) return `${seconds / MINUTE} min`;
  return `${seconds} s`;
}

export interface WindowInput {
  value: string;
  unit: WindowUnit;
}

/** The form's number + unit for a stored window, in the largest unit that divides it evenly (decimal minutes at worst). */
export function windowToInput(seconds: number): WindowInput {
  if (seconds % DAY === 0) return { value: String(seconds / DAY), unit: "days" };
  if (seconds % HOUR === 0) return { value: String(seconds / HOUR), unit: "hours" };
  return { value: String(seconds / MINUTE), unit: "minutes" };
}

/**
 * Seconds for the form's number + unit. An empty field becomes NaN and a fraction that is not whole seconds stays
 * fractional, so the server answers with its message instead of the form silently sending something else.
 */
export function inputToWindow({ value, unit }: WindowInput): number {
  if (value.trim() === "") return Number.NaN;
  const seconds = Number(value) * windowUnitSeconds[unit];
  const rounded = Math.round(seconds);
  return Math.abs(seconds - rounded) < 1e-6 ? rounded : seconds;
}

/** The member ids with the one at `index` moved one place up (-1) or down (+1); unchanged at either end. */
export function moveMember(ids: readonly string[], index: number, direction: -1 | 1): string[] {
  const target = index + direction;
  const next = [...ids];
  if (index < 0 || index >= ids.length || target < 0 || target >= ids.length) return next;
  [next[index], next[target]] = [next[target] as string, next[index] as string];
  return next;
}

export type BadgeTone = "default" | "secondary" | "outline" | "destructive" | "success" | "warning" | "muted";

export const runStatusTone: Record<RunStatus, BadgeTone> = {
  PENDING: "muted",
  BUILDING: "secondary",
  READY: "secondary",
  SENDING: "warning",
  PAUSED: "warning",
  COMPLETED: "success",
  FAILED: "destructive",
  CANCELLED: "muted",
};

export const runStatusLabel: Record<RunStatus, string> = {
  PENDING: "Pending",
  BUILDING: "Building",
  READY: "Ready",
  SENDING: "Sending",
  PAUSED: "Paused",
  COMPLETED: "Completed",
  FAILED: "Failed",
  CANCELLED: "Cancelled",
};

export type SingleSendStatus = "ACTIVE" | "DRAFT" | "PAUSED" | "ARCHIVED";

export const singleSendStatusTone: Record<SingleSendStatus, BadgeTone> = {
  ACTIVE: "success",
  DRAFT: "muted",
  PAUSED: "warning",
  ARCHIVED: "outline",
};

export const singleSendStatusLabel: Record<SingleSendStatus, string> = {
  ACTIVE: "Active",
  DRAFT: "Draft",
  PAUSED: "Paused",
  ARCHIVED: "Archived",
};
