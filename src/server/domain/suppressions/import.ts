import { CsvError, parse as createParser } from "csv-parse";
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/server/db/client";
import { suppressions } from "@/server/db/schema";
import { DomainError } from "@/server/lib/errors";
import type { Actor } from "../auth/actor";
import { recordAudit } from "../audit-log/record";
import { describeInvalidEmail, isValidEmail, normalizeEmail } from "./email-address";
import { MAX_NOTE_LENGTH, SUPPRESSION_REASONS, type SuppressionReason } from "./suppressions";

export const IMPORT_MAX_ROWS = 100_000;
export const IMPORT_MAX_BYTES = 10 * 1024 * 1024;
export const CSV_IMPORT_SOURCE = "csv-import";
/** Problems listed in the error message; the error's details carry up to MAX_PROBLEMS_IN_DETAILS. */
const MAX_PROBLEMS_IN_MESSAGE = 10;
const MAX_PROBLEMS_IN_DETAILS = 200;
/** Rows per INSERT ... SELECT FROM unnest(arrays): four array parameters whatever the size, ~6x faster than VALUES lists. */
const INSERT_CHUNK_ROWS = 20_000;

export const importSuppressionsInput = z.object({
  csv: z.string("csv must be the file's text").max(IMPORT_MAX_BYTES, "csv must be at most 10 MB; split the file into smaller ones"),
});
export type ImportSuppressionsInput = z.input<typeof importSuppressionsInput>;

export interface CsvProblem {
  line: number;
  message: string;
}

export interface ParsedSuppressionRow {
  line: number;
  email: string;
  emailNormalized: string;
  reason: SuppressionReason;
  note: string | null;
}

export interface ParsedSuppressionsCsv {
  rows: ParsedSuppressionRow[];
  /** Later lines repeating an address already in the file; the first line wins. */
  duplicatesInFile: number;
}

export interface ImportSuppressionsResult {
  added: number;
  /** Addresses that were suppressed before the import; their existing rows are left as they were. */
  alreadySuppressed: number;
  duplicatesInFile: number;
}

const plural = (n: number, word: string) => `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;

function invalidCsv(problems: CsvProblem[]): DomainError {
  const listed = problems
    .slice(0, MAX_PROBLEMS_IN_MESSAGE)
    .map((p) => `line ${p.line}: ${p.message}`)
    .join("; ");
  const more = problems.length > MAX_PROBLEMS_IN_MESSAGE ? `; and ${plural(problems.length - MAX_PROBLEMS_IN_MESSAGE, "more problem")}` : "";
  return new DomainError("INVALID", `Nothing was imported: the CSV has ${plural(problems.length, "problem")}. ${listed}${more}`, {
    problems: problems.slice(0, MAX_PROBLEMS_IN_DETAILS),
    problemCount: problems.length,
  });
}

interface CsvRecord {
  record: string[];
  info: { lines: number; empty_lines: number };
}

/** Fed in slices with a pause between them so a 10 MB import does not hold up every other request for seconds. */
const PARSE_SLICE_CHARS = 256 * 1024;

/** A slice must not end between the two halves of a surrogate pair (an emoji, say), or both halves are lost. */
const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

async function readRecords(csv: string): Promise<CsvRecord[]> {
  const parser = createParser({
    info: true,
    bom: true,
    trim: true,
    skip_empty_lines: true,
    relax_column_count: true,
    record_delimiter: ["\r\n", "\n", "\r"],
    /** The header, the row cap, and one more record to tell that the cap was exceeded. */
    to: IMPORT_MAX_ROWS + 2,
  });
  const records: CsvRecord[] = [];
  parser.on("data", (record: CsvRecord) => records.push(record));
  const ended = new Promise<void>((resolve, reject) => {
    parser.once("end", resolve);
    parser.once("error", reject);
  });
  // Observed by the await below; keeps an error raised mid-loop from counting as an unhandled rejection meanwhile.
  ended.catch(() => undefined);
  let offset = 0;
  while (offset < csv.length && !parser.destroyed) {
    let end = Math.min(offset + PARSE_SLICE_CHARS, csv.length);
    if (isHighSurrogate(csv.charCodeAt(end - 1))) end += 1;
    parser.write(csv.slice(offset, end));
    offset = end;
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (!parser.destroyed) parser.end();
  try {
    await ended;
  } catch (error) {
    if (error instanceof CsvError) {
      const line = typeof error.lines === "number" ? error.lines : 1;
      throw invalidCsv([{ line, message: `the file is not valid CSV (${error.message})` }]);
    }
    throw error;
  }
  return records;
}

/**
 * Validates every line of a suppression CSV and reports all problems at once, with line numbers. The header names
 * the columns in any order: `email` is required, `reason` and `note` are optional; other columns (such as those of
 * an export: source, created_at) are ignored.
 */
export async function parseSuppressionsCsv(csv: string): Promise<ParsedSuppressionsCsv> {
  const bytes = Buffer.byteLength(csv, "utf8");
  if (bytes > IMPORT_MAX_BYTES) {
    throw new DomainError("INVALID", `The CSV is ${(bytes / 1024 / 1024).toFixed(1)} MB; at most 10 MB can be imported at once. Split it into smaller files.`);
  }
  const records = await readRecords(csv);
  const [header, ...body] = records;
  if (!header) {
    throw new DomainError("INVALID", "The CSV is empty: its first line must be a header naming the columns, e.g. email,reason,note");
  }
  const columns = header.record.map((name) => name.trim().toLowerCase());
  const headerLine = header.info.lines;
  const repeated = columns.find((name, i) => name !== "" && columns.indexOf(name) !== i);
  if (repeated) throw invalidCsv([{ line: headerLine, message: `the header names the column "${repeated}" twice` }]);
  const emailColumn = columns.indexOf("email");
  if (emailColumn < 0) {
    throw invalidCsv([{ line: headerLine, message: `the header has no "email" column (found: ${header.record.join(", ") || "nothing"}); the columns are email, reason (optional) and note (optional)` }]);
  }
  if (body.length > IMPORT_MAX_ROWS) {
    throw new DomainError(
      "INVALID",
      `The CSV has more than ${IMPORT_MAX_ROWS.toLocaleString("en-US")} rows; at most that many can be imported at once. Split it into smaller files.`,
    );
  }
  const reasonColumn = columns.indexOf("reason");
  const noteColumn = columns.indexOf("note");

  const problems: CsvProblem[] = [];
  const rows: ParsedSuppressionRow[] = [];
  const firstLineOf = new Map<string, number>();
  let duplicatesInFile = 0;
  let previous = header.info;
  for (const { record, info } of body) {
    const line = previous.lines + 1 + (info.empty_lines - previous.empty_lines);
    previous = info;
    if (record.length > columns.length) {
      problems.push({ line, message: `${record.length} fields but the header has ${columns.length} (quote a note that contains a comma)` });
      continue;
    }
    const email = record[emailColumn] ?? "";
    if (!isValidEmail(email)) {
      problems.push({ line, message: describeInvalidEmail(email) });
      continue;
    }
    const reasonText = (reasonColumn >= 0 ? (record[reasonColumn] ?? "") : "").toLowerCase();
    const reason = reasonText === "" ? "manual" : SUPPRESSION_REASONS.find((r) => r === reasonText);
    if (!reason) {
      problems.push({ line, message: `reason "${reasonText}" must be one of ${SUPPRESSION_REASONS.join(", ")} (or empty for manual)` });
      continue;
    }
    const note = noteColumn >= 0 ? (record[noteColumn] ?? "") : "";
    if (note.length > MAX_NOTE_LENGTH) {
      problems.push({ line, message: `note is ${note.length} characters; at most ${MAX_NOTE_LENGTH} are allowed` });
      continue;
    }
    const emailNormalized = normalizeEmail(email);
    if (firstLineOf.has(emailNormalized)) {
      duplicatesInFile += 1;
      continue;
    }
    firstLineOf.set(emailNormalized, line);
    rows.push({ line, email, emailNormalized, reason, note: note === "" ? null : note });
  }
  if (problems.length > 0) throw invalidCsv(problems);
  return { rows, duplicatesInFile };
}

/**
 * All or nothing: any invalid line refuses the whole file. Addresses already suppressed keep their row (reason,
 * source and note are not overwritten) and are counted in `alreadySuppressed`.
 */
export async function importSuppressionsCsv(db: Database, actor: Actor, input: ImportSuppressionsInput): Promise<ImportSuppressionsResult> {
  const { csv } = importSuppressionsInput.parse(input);
  const { rows, duplicatesInFile } = await parseSuppressionsCsv(csv);
  if (rows.length === 0) throw new DomainError("INVALID", "The CSV has a header but no addresses; nothing was imported.");
  return db.transaction(async (tx) => {
    let added = 0;
    for (let start = 0; start < rows.length; start += INSERT_CHUNK_ROWS) {
      const chunk = rows.slice(start, start + INSERT_CHUNK_ROWS);
      const [counted] = await tx.execute<{ added: number }>(sql`
        with inserted as (
          insert into ${suppressions} (email, email_normalized, reason, source, note)
          select input.email, input.email_normalized, input.reason::suppression_reason, ${CSV_IMPORT_SOURCE}, input.note
          from unnest(
            ${sql.param(chunk.map((r) => r.email))}::text[],
            ${sql.param(chunk.map((r) => r.emailNormalized))}::text[],
            ${sql.param(chunk.map((r) => r.reason))}::text[],
            ${sql.param(chunk.map((r) => r.note))}::text[]
          ) as input(email, email_normalized, reason, note)
          on conflict (email_normalized) do nothing
          returning 1
        )
        select count(*)::int as added from inserted`);
      added += counted?.added ?? 0;
    }
    const result = { added, alreadySuppressed: rows.length - added, duplicatesInFile };
    await recordAudit(tx, actor, { action: "suppression.import", entityType: "suppression", entityId: null, after: { ...result, rows: rows.length } });
    return result;
  });
}
