import type { SegmentParameterType } from "@/server/db/schema";

/** A parameter value as JSON carries it: dates and timestamps stay ISO strings until they are bound. */
export type ParameterValue = string | number | boolean;

export const parameterTypeDescriptions: Record<SegmentParameterType, string> = {
  string: "a string",
  number: "a number",
  boolean: "true or false",
  date: "a date (YYYY-MM-DD)",
  timestamp: "a timestamp (ISO 8601, e.g. 2025-01-31T12:00:00Z)",
};

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP_PATTERN = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

function isCalendarDate(text: string): boolean {
  const match = DATE_PATTERN.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function parseTimestamp(text: string): Date | undefined {
  const match = TIMESTAMP_PATTERN.exec(text);
  if (!match?.[1] || !isCalendarDate(match[1])) return undefined;
  // A timestamp without a zone is UTC, never the server's local time.
  const date = new Date(`${match[1]}T${match[2] ?? "00:00"}${(match[3] ?? "Z").toUpperCase()}`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * The one set of coercion rules for parameter values, used when a segment is saved (defaults), when a run's values
 * are checked, and when the governor binds them. Returns undefined when the value is not of the type.
 */
export function normalizeParameterValue(type: SegmentParameterType, value: unknown): ParameterValue | undefined {
  switch (type) {
    case "string":
      return typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? String(value) : undefined;
    case "number":
      if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
      return typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)) ? Number(value) : undefined;
    case "boolean":
      if (typeof value === "boolean") return value;
      return typeof value === "string" && /^(true|false)$/i.test(value.trim()) ? value.trim().toLowerCase() === "true" : undefined;
    case "date":
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString().slice(0, 10);
      return typeof value === "string" && isCalendarDate(value.trim()) ? value.trim() : undefined;
    case "timestamp":
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
      return typeof value === "string" && parseTimestamp(value.trim()) ? value.trim() : undefined;
  }
}
