const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseDay(value: string): [number, number, number] | null {
  const match = DAY.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(year, month - 1, day);
  return date.getMonth() === month - 1 && date.getDate() === day ? [year, month - 1, day] : null;
}

/** A date input's "YYYY-MM-DD" as the first instant of that day in the viewer's time zone. */
export function startOfDay(value: string): Date | undefined {
  const parts = parseDay(value);
  return parts ? new Date(parts[0], parts[1], parts[2]) : undefined;
}

/** The last instant of that day, so a range "from 3 Jan to 3 Jan" covers the whole day. */
export function endOfDay(value: string): Date | undefined {
  const parts = parseDay(value);
  return parts ? new Date(parts[0], parts[1], parts[2], 23, 59, 59, 999) : undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Top-level fields whose values differ between the before and after snapshots of an audit entry. */
export function changedFields(before: unknown, after: unknown): string[] {
  if (!isRecord(before) || !isRecord(after)) return [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key])).sort();
}

/** Pretty JSON for the detail view; null when the entry recorded nothing on that side. */
export function formatSnapshot(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return JSON.stringify(value, null, 2);
}

/** "api_key" → "API key", "sender_profile" → "Sender profile". */
export function entityLabel(entityType: string): string {
  const words = entityType.split("_").map((word) => (word === "api" ? "API" : word));
  const text = words.join(" ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}
