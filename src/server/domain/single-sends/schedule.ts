import { CronExpressionParser } from "cron-parser";
import { z } from "zod";

export const SCHEDULE_TYPES = ["MANUAL", "ONCE", "CRON"] as const;
export type ScheduleType = (typeof SCHEDULE_TYPES)[number];

export type Schedule = { type: "MANUAL" } | { type: "ONCE"; at: Date } | { type: "CRON"; cron: string; timezone: string };

/** A schedule may not fire more often than this: each firing snapshots a whole audience. */
export const MIN_CRON_INTERVAL_SECONDS = 60;
/** Occurrences sampled to find the shortest gap of an expression (enough to see through lists like "0,0,1 * * * *"). */
const INTERVAL_SAMPLE = 12;
export const MAX_CRON_LENGTH = 200;

/**
 * The canonical IANA name of a time zone Intl knows ("europe/berlin" → "Europe/Berlin"), or null. UTC offsets such
 * as "+02:00" are refused: an offset does not follow daylight saving time, which is the point of naming a zone.
 */
export function canonicalTimeZone(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed === "" || /^[+-]/.test(trimmed)) return null;
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: trimmed }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** The zones offered in pickers: Intl's canonical list plus UTC, which Intl lists under no name of its own. */
export function timeZoneNames(): string[] {
  return ["UTC", ...Intl.supportedValuesOf("timeZone").filter((zone) => zone !== "UTC")];
}

/** The next `count` fire times of a cron expression in a time zone, after `from`. Throws on an invalid expression. */
export function nextCronOccurrences(expression: string, timezone: string, count: number, from: Date = new Date()): Date[] {
  const iterator = CronExpressionParser.parse(expression, { tz: timezone, currentDate: from });
  return Array.from({ length: count }, () => iterator.next().toDate());
}

/** Why an expression cannot be a schedule, in words a user can act on; null when it can. */
export function cronProblem(expression: string, timezone: string): string | null {
  const trimmed = expression.trim();
  if (trimmed === "") return "Enter a cron expression, e.g. 0 9 * * 1 (Mondays at 09:00)";
  if (trimmed.length > MAX_CRON_LENGTH) return `Must be at most ${MAX_CRON_LENGTH} characters`;
  let occurrences: Date[];
  try {
    occurrences = nextCronOccurrences(trimmed, timezone, INTERVAL_SAMPLE);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return `"${trimmed}" is not a valid cron expression (${reason}); use five fields: minute hour day-of-month month day-of-week, e.g. 0 9 * * 1`;
  }
  const shortestGap = Math.min(...occurrences.slice(1).map((date, i) => date.getTime() - (occurrences[i]?.getTime() ?? 0)));
  if (shortestGap < MIN_CRON_INTERVAL_SECONDS * 1000) {
    return `"${trimmed}" fires more than once a minute; a schedule may fire at most once every ${MIN_CRON_INTERVAL_SECONDS} seconds`;
  }
  return null;
}

export type CronPreview = { ok: true; fireTimes: Date[] } | { ok: false; field: "cron" | "timezone"; message: string };

/** The next fire times of a cron schedule as the server (and so BullMQ) computes them, or which field is wrong and why. */
export function previewCronSchedule(expression: string, timezoneName: string, count: number, from: Date = new Date()): CronPreview {
  const timezone = canonicalTimeZone(timezoneName);
  if (!timezone) return { ok: false, field: "timezone", message: `"${timezoneName}" is not a known IANA time zone` };
  const problem = cronProblem(expression, timezone);
  if (problem) return { ok: false, field: "cron", message: problem };
  return { ok: true, fireTimes: nextCronOccurrences(expression.trim(), timezone, count, from) };
}

const isoDateTime = z.iso.datetime({ offset: true });
const ONCE_AT_MESSAGE = "Enter an ISO 8601 date-time with a time zone, e.g. 2025-06-01T09:00:00Z";

const onceSchema = z.object({
  // A Date as well, so a parsed schedule parses again unchanged (routers parse, the domain parses once more).
  at: z.union([z.date(), z.string()], ONCE_AT_MESSAGE).transform((value, ctx) => {
    if (typeof value === "string" && !isoDateTime.safeParse(value).success) {
      ctx.addIssue({ code: "custom", message: ONCE_AT_MESSAGE });
      return z.NEVER;
    }
    return new Date(value);
  }),
  type: z.literal("ONCE"),
});

const cronSchema = z
  .object({
    type: z.literal("CRON"),
    cron: z.string("Enter a cron expression, e.g. 0 9 * * 1").trim(),
    timezone: z.string("Enter an IANA time zone, e.g. Europe/Berlin").trim(),
  })
  .transform((value, ctx) => {
    const timezone = canonicalTimeZone(value.timezone);
    if (!timezone) {
      ctx.addIssue({
        code: "custom",
        path: ["timezone"],
        message: `"${value.timezone}" is not a known IANA time zone; use a name such as Europe/Berlin, America/New_York or UTC`,
      });
      return z.NEVER;
    }
    const problem = cronProblem(value.cron, timezone);
    if (problem) {
      ctx.addIssue({ code: "custom", path: ["cron"], message: problem });
      return z.NEVER;
    }
    return { type: "CRON" as const, cron: value.cron, timezone };
  });

/**
 * `{ type: "MANUAL" }`, `{ type: "ONCE", at }` or `{ type: "CRON", cron, timezone }`. Whether a ONCE time is still in
 * the future depends on when it is saved, so that check belongs to the save (see `scheduleInPastProblem`).
 */
export const scheduleSchema = z.discriminatedUnion("type", [z.object({ type: z.literal("MANUAL") }), onceSchema, cronSchema], {
  error: "Schedule type must be MANUAL, ONCE or CRON",
});
export type ScheduleInput = z.input<typeof scheduleSchema>;

export function scheduleInPastProblem(schedule: Schedule, now: Date): string | null {
  if (schedule.type !== "ONCE" || schedule.at.getTime() > now.getTime()) return null;
  return `schedule.at: ${schedule.at.toISOString()} is in the past; choose a future time or a MANUAL schedule`;
}

export function sameSchedule(a: Schedule, b: Schedule): boolean {
  if (a.type === "ONCE" && b.type === "ONCE") return a.at.getTime() === b.at.getTime();
  if (a.type === "CRON" && b.type === "CRON") return a.cron === b.cron && a.timezone === b.timezone;
  return a.type === b.type;
}

export interface ScheduleColumns {
  scheduleType: ScheduleType;
  scheduledAt: Date | null;
  cronExpression: string | null;
  timezone: string | null;
}

export function scheduleToColumns(schedule: Schedule): ScheduleColumns {
  switch (schedule.type) {
    case "MANUAL":
      return { scheduleType: "MANUAL", scheduledAt: null, cronExpression: null, timezone: null };
    case "ONCE":
      return { scheduleType: "ONCE", scheduledAt: schedule.at, cronExpression: null, timezone: null };
    case "CRON":
      return { scheduleType: "CRON", scheduledAt: null, cronExpression: schedule.cron, timezone: schedule.timezone };
  }
}

/** A row whose columns do not describe a complete schedule (only possible by editing the table by hand) reads as MANUAL. */
export function scheduleFromColumns(columns: ScheduleColumns): Schedule {
  if (columns.scheduleType === "ONCE" && columns.scheduledAt) return { type: "ONCE", at: columns.scheduledAt };
  if (columns.scheduleType === "CRON" && columns.cronExpression && columns.timezone) {
    return { type: "CRON", cron: columns.cronExpression, timezone: columns.timezone };
  }
  return { type: "MANUAL" };
}

/** When the schedule fires next; only ACTIVE sends fire, and a ONCE time in the past has already fired (or never will). */
export function nextRunAt(status: string, schedule: Schedule, now: Date = new Date()): Date | null {
  if (status !== "ACTIVE") return null;
  switch (schedule.type) {
    case "MANUAL":
      return null;
    case "ONCE":
      return schedule.at.getTime() > now.getTime() ? schedule.at : null;
    case "CRON":
      try {
        return nextCronOccurrences(schedule.cron, schedule.timezone, 1, now)[0] ?? null;
      } catch {
        return null;
      }
  }
}
