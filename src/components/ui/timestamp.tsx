"use client";

import { formatDateTime, formatRelative } from "@/lib/format";

/** A date as "3 hours ago" (or absolute), with the exact time on hover. Render only after data has loaded on the client. */
function Timestamp({ date, relative = false, empty = "—" }: { date: Date | null; relative?: boolean; empty?: string }) {
  if (!date) return <span className="text-muted-foreground">{empty}</span>;
  return (
    <time dateTime={date.toISOString()} title={formatDateTime(date)} className="tabular-nums">
      {relative ? formatRelative(date) : formatDateTime(date)}
    </time>
  );
}

export { Timestamp };
