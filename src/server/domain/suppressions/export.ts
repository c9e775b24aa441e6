import { stringify } from "csv-stringify/sync";
import { desc, sql } from "drizzle-orm";
import type { Sql } from "postgres";
import type { Database } from "@/server/db/client";
import { suppressions } from "@/server/db/schema";
import { DomainError } from "@/server/lib/errors";
import type { Actor } from "../auth/actor";
import { maskEmail } from "../segments/mask";
import { masksEmailsFor, suppressionFilterConditions, suppressionFiltersInput } from "./suppressions";

/** Same column names the import reads (email, reason, note), so an export can be imported elsewhere as is. */
export const EXPORT_COLUMNS = ["email", "reason", "source", "note", "created_at"] as const;
const EXPORT_BATCH_ROWS = 2000;

interface ExportRow {
  email: string;
  reason: string;
  source: string;
  note: string | null;
  /** ISO 8601 in UTC, formatted by Postgres: the raw driver leaves timestamps as text. */
  created_at: string;
}

/**
 * Spreadsheets run a cell starting with = + - @ (or a tab / carriage return) as a formula; free text a user typed is
 * prefixed with a quote so opening the export cannot run anything. Addresses are validated and need no guard.
 */
export function neutralizeFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function toRecord(row: ExportRow, masked: boolean): string[] {
  return [
    masked ? maskEmail(row.email) : row.email,
    row.reason,
    neutralizeFormula(row.source),
    neutralizeFormula(row.note ?? ""),
    row.created_at,
  ];
}

/**
 * The suppressions matching the filters as CSV text chunks, newest first, read from a server-side cursor so memory
 * stays flat whatever the list's size. Filters are validated before anything is read (DomainError INVALID).
 * Stop iterating (return()) to close the cursor early.
 */
export async function exportSuppressionsCsv(
  deps: { db: Database; sql: Sql },
  actor: Actor,
  /** As they arrive in a query string; validated here. */
  filters: { search?: string; reason?: string },
): Promise<AsyncGenerator<string, void, undefined>> {
  const parsed = suppressionFiltersInput.safeParse(filters);
  if (!parsed.success) throw new DomainError("INVALID", parsed.error.issues.map((issue) => issue.message).join("; "));
  const masked = await masksEmailsFor(deps.db, actor);
  const query = deps.db
    .select({
      email: suppressions.email,
      reason: suppressions.reason,
      source: suppressions.source,
      note: suppressions.note,
      created_at: sql<string>`to_char(${suppressions.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`.as("created_at"),
    })
    .from(suppressions)
    .where(suppressionFilterConditions(parsed.data))
    .orderBy(desc(suppressions.createdAt), desc(suppressions.id))
    .toSQL();

  async function* chunks(): AsyncGenerator<string, void, undefined> {
    yield stringify([], { header: true, columns: [...EXPORT_COLUMNS] });
    const cursor = deps.sql.unsafe<ExportRow[]>(query.sql, query.params as string[]).cursor(EXPORT_BATCH_ROWS);
    for await (const batch of cursor) {
      yield stringify(batch.map((row) => toRecord(row, masked)));
    }
  }
  return chunks();
}
