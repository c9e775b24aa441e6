import { stringify } from "csv-stringify/sync";
import { and, asc, count, desc, eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/server/db/client";
import { recipientStatus, singleSendRecipients, singleSendRuns, singleSends, templates, templateVersions } from "@/server/db/schema";
import { notFound } from "@/server/lib/errors";
import type { Services } from "@/server/services";
import type { Actor } from "../auth/actor";
import { maskEmail } from "../segments/mask";
import { getWorkspaceSettings } from "../settings/settings";
import { countsOfRuns, emptyCounts, runCounts } from "./run-counts";
import { loadRunSummary, summarizeRun } from "./run-summary";
import type { RecipientStatus, RunCounts, RunSummary } from "./run-types";
import { SKIP_REASONS } from "./skip-reasons";

export const RUNS_MAX_PAGE_SIZE = 100;
export const RECIPIENTS_MAX_PAGE_SIZE = 200;
/** Rows fetched per cursor round trip while streaming a CSV export. */
const CSV_BATCH_SIZE = 2000;
export const RECIPIENT_CSV_COLUMNS = ["subject_id", "email", "status", "skip_reason", "error", "updated_at"] as const;

const pageSchema = z.number("page must be a number").int("page must be a whole number").min(1, "page must be at least 1").default(1);
const pageSizeSchema = (max: number, fallback: number) =>
  z
    .number("pageSize must be a number")
    .int("pageSize must be a whole number")
    .min(1, "pageSize must be at least 1")
    .max(max, `pageSize must be at most ${max}`)
    .default(fallback);

export const listRunsInput = z.object({ page: pageSchema, pageSize: pageSizeSchema(RUNS_MAX_PAGE_SIZE, 20) });
export type ListRunsInput = z.input<typeof listRunsInput>;

const recipientFilters = {
  singleSendId: z.uuid(),
  runId: z.uuid(),
  status: z.enum(recipientStatus.enumValues, `status must be one of ${recipientStatus.enumValues.join(", ")}`).optional(),
  skipReason: z.enum(SKIP_REASONS, `skipReason must be one of ${SKIP_REASONS.join(", ")}`).optional(),
};

export const listRunRecipientsInput = z.object({
  ...recipientFilters,
  page: pageSchema,
  pageSize: pageSizeSchema(RECIPIENTS_MAX_PAGE_SIZE, 50),
});
export type ListRunRecipientsInput = z.input<typeof listRunRecipientsInput>;

export const exportRunRecipientsInput = z.object(recipientFilters);
export type ExportRunRecipientsInput = z.input<typeof exportRunRecipientsInput>;

export interface RunWithCounts extends RunSummary {
  counts: RunCounts;
}

export interface RunPage {
  items: RunWithCounts[];
  total: number;
  page: number;
  pageSize: number;
}

export interface FrozenTemplateVersion {
  id: string;
  version: number;
  templateId: string;
  templateName: string;
  templateKey: string;
  /** The subject as frozen into the run (Handlebars source, rendered per recipient). */
  compiledSubject: string | null;
}

export interface RunDetail extends RunWithCounts {
  templateVersion: FrozenTemplateVersion | null;
}

export interface RunRecipient {
  id: number;
  subjectId: string;
  email: string;
  status: RecipientStatus;
  skipReason: string | null;
  error: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface RunRecipientPage {
  items: RunRecipient[];
  total: number;
  page: number;
  pageSize: number;
  /** True when emails were masked for this viewer (workspace setting "mask personal data for members"). */
  masked: boolean;
}

async function singleSendName(db: DbOrTx, singleSendId: string): Promise<string> {
  const [send] = await db.select({ name: singleSends.name }).from(singleSends).where(eq(singleSends.id, singleSendId));
  if (!send) throw notFound("Single send", singleSendId);
  return send.name;
}

/** Newest first, each with its live counts. */
export async function listRuns(db: DbOrTx, singleSendId: string, input: ListRunsInput = {}): Promise<RunPage> {
  const { page, pageSize } = listRunsInput.parse(input);
  const name = await singleSendName(db, singleSendId);
  const where = eq(singleSendRuns.singleSendId, singleSendId);
  const [rows, [totalRow]] = await Promise.all([
    db
      .select()
      .from(singleSendRuns)
      .where(where)
      .orderBy(desc(singleSendRuns.createdAt), desc(singleSendRuns.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ total: count() }).from(singleSendRuns).where(where),
  ]);
  const counts = await countsOfRuns(
    db,
    rows.map((row) => row.id),
  );
  return {
    items: rows.map((row) => ({ ...summarizeRun(row, name), counts: counts.get(row.id) ?? emptyCounts() })),
    total: totalRow?.total ?? 0,
    page,
    pageSize,
  };
}

/** One run with its counts and the template version it froze. */
export async function getRun(db: DbOrTx, singleSendId: string, runId: string): Promise<RunDetail> {
  const summary = await loadRunSummary(db, singleSendId, runId);
  const [counts, [frozen]] = await Promise.all([
    runCounts(db, runId),
    db
      .select({
        id: templateVersions.id,
        version: templateVersions.version,
        templateId: templates.id,
        templateName: templates.name,
        templateKey: templates.key,
        compiledSubject: sql<string | null>`coalesce(${singleSendRuns.compiledSubject}, ${templateVersions.compiledSubject})`,
      })
      .from(singleSendRuns)
      .innerJoin(templateVersions, eq(templateVersions.id, singleSendRuns.templateVersionId))
      .innerJoin(templates, eq(templates.id, templateVersions.templateId))
      .where(eq(singleSendRuns.id, runId)),
  ]);
  return { ...summary, counts, templateVersion: frozen ?? null };
}

async function masksEmailsFor(db: DbOrTx, viewer: Actor | null): Promise<boolean> {
  if (viewer?.role !== "member") return false;
  return (await getWorkspaceSettings(db)).maskPiiForMembers;
}

function recipientConditions(filters: z.output<typeof exportRunRecipientsInput>): SQL | undefined {
  const conditions: SQL[] = [eq(singleSendRecipients.runId, filters.runId)];
  if (filters.status) conditions.push(eq(singleSendRecipients.status, filters.status));
  if (filters.skipReason) conditions.push(eq(singleSendRecipients.skipReason, filters.skipReason));
  return and(...conditions);
}

/** A page of a run's recipients in snapshot order, filtered by status and skip reason. */
export async function listRunRecipients(db: DbOrTx, input: ListRunRecipientsInput, viewer: Actor | null = null): Promise<RunRecipientPage> {
  const { page, pageSize, ...filters } = listRunRecipientsInput.parse(input);
  await loadRunSummary(db, filters.singleSendId, filters.runId);
  const where = recipientConditions(filters);
  const [rows, [totalRow], masked] = await Promise.all([
    db
      .select({
        id: singleSendRecipients.id,
        subjectId: singleSendRecipients.subjectId,
        email: singleSendRecipients.email,
        status: singleSendRecipients.status,
        skipReason: singleSendRecipients.skipReason,
        error: singleSendRecipients.error,
        createdAt: singleSendRecipients.createdAt,
        updatedAt: singleSendRecipients.updatedAt,
      })
      .from(singleSendRecipients)
      .where(where)
      .orderBy(asc(singleSendRecipients.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ total: count() }).from(singleSendRecipients).where(where),
    masksEmailsFor(db, viewer),
  ]);
  return {
    items: masked ? rows.map((row) => ({ ...row, email: maskEmail(row.email) })) : rows,
    total: totalRow?.total ?? 0,
    page,
    pageSize,
    masked,
  };
}

interface CsvRow {
  subject_id: string;
  email: string;
  status: string;
  skip_reason: string | null;
  error: string | null;
  /** ISO 8601 in UTC, formatted by the database. */
  updated_at: string;
}

/**
 * A run's recipients as CSV (header + one line per recipient), read through a server-side cursor in batches so an
 * export of any size streams with constant memory. The run is checked before the stream starts, so a wrong id is an
 * error, not an empty file.
 */
export async function exportRunRecipientsCsv(
  services: Pick<Services, "db" | "sql">,
  viewer: Actor | null,
  input: ExportRunRecipientsInput,
): Promise<ReadableStream<Uint8Array>> {
  const filters = exportRunRecipientsInput.parse(input);
  await loadRunSummary(services.db, filters.singleSendId, filters.runId);
  const masked = await masksEmailsFor(services.db, viewer);
  const q = services.sql;
  const rows = q<CsvRow[]>`
    select subject_id, email, status, skip_reason, error,
      to_char(updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as updated_at
    from single_send_recipients
    where run_id = ${filters.runId}
      ${filters.status ? q`and status = ${filters.status}` : q``}
      ${filters.skipReason ? q`and skip_reason = ${filters.skipReason}` : q``}
    order by id`;
  const batches = rows.cursor(CSV_BATCH_SIZE)[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  const toLine = (row: CsvRow) => [
    row.subject_id,
    masked ? maskEmail(row.email) : row.email,
    row.status,
    row.skip_reason ?? "",
    row.error ?? "",
    row.updated_at,
  ];

  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(stringify([[...RECIPIENT_CSV_COLUMNS]])));
    },
    async pull(controller) {
      try {
        const next = await batches.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(stringify(next.value.map(toLine))));
      } catch (error) {
        // An abandoned cursor would keep its connection (and its table lock) until the pool is closed.
        await batches.return?.();
        controller.error(error);
      }
    },
    async cancel() {
      await batches.return?.();
    },
  });
}
