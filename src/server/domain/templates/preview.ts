import { desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/server/db/client";
import { templates, templateVersions } from "@/server/db/schema";
import { DomainError, notFound } from "@/server/lib/errors";
import type { Actor } from "../auth/actor";
import { listComponentSources } from "../components/components";
import { listVariables, prepareTemplate, renderPreview, SYSTEM_VARIABLES, type TemplateSource } from "../rendering";
import { parameterValuesSchema } from "../segments/parameters";
import { dryRunSegment, type SegmentDeps } from "../segments/segments";
import { AUTHORING_MODES, checkVersionBody, MAX_PREHEADER_LENGTH, MAX_SUBJECT_LENGTH } from "./inputs";
import { getVersion, versionSource } from "./versions";

export const MAX_PREVIEW_DATA_BYTES = 256 * 1024;
export const MAX_SEGMENT_PREVIEW_ROWS = 20;

export const previewDataSchema = z
  .record(z.string(), z.unknown(), "data must be an object of variable name → value")
  .refine((data) => Buffer.byteLength(JSON.stringify(data), "utf8") <= MAX_PREVIEW_DATA_BYTES, `data must be at most ${MAX_PREVIEW_DATA_BYTES / 1024} KB of JSON`);

/** Unsaved editor content: like a version, but an empty subject is allowed while typing. */
export const previewSourceSchema = z
  .object({
    subject: z.string().max(MAX_SUBJECT_LENGTH, `Subject must be at most ${MAX_SUBJECT_LENGTH} characters`).default(""),
    preheader: z.string().max(MAX_PREHEADER_LENGTH, `Preheader must be at most ${MAX_PREHEADER_LENGTH} characters`).default(""),
    authoringMode: z.enum(AUTHORING_MODES, "Authoring mode must be MJML, HTML or BUILDER"),
    bodyMjml: z.string().nullable().optional(),
    bodyHtml: z.string().nullable().optional(),
    bodyText: z.string().nullable().optional(),
    builderJson: z.unknown().optional(),
  })
  .superRefine(checkVersionBody);
export type PreviewSource = z.input<typeof previewSourceSchema>;

export const previewTemplateInput = z.object({
  id: z.uuid(),
  /** Defaults to the active version, else the newest one. */
  versionId: z.uuid().optional(),
  data: previewDataSchema.default({}),
});
export type PreviewTemplateInput = z.input<typeof previewTemplateInput>;

export const previewSourceInput = z.object({ source: previewSourceSchema, data: previewDataSchema.default({}) });
export type PreviewSourceInput = z.input<typeof previewSourceInput>;

export const previewWithSegmentInput = z
  .object({
    id: z.uuid().optional(),
    versionId: z.uuid().optional(),
    source: previewSourceSchema.optional(),
    segmentId: z.uuid("Choose a segment"),
    params: parameterValuesSchema.optional(),
    limit: z
      .number()
      .int("limit must be a whole number")
      .min(1, "limit must be at least 1")
      .max(MAX_SEGMENT_PREVIEW_ROWS, `limit must be at most ${MAX_SEGMENT_PREVIEW_ROWS}`)
      .default(10),
    rowIndex: z.number().int("rowIndex must be a whole number").min(0, "rowIndex must be at least 0").default(0),
  })
  .refine((input) => input.source !== undefined || input.id !== undefined, {
    message: "Give source (unsaved content) or id (a saved template, with an optional versionId)",
    path: ["source"],
  });
export type PreviewWithSegmentInput = z.input<typeof previewWithSegmentInput>;

export interface TemplatePreview {
  subject: string;
  preheader: string;
  html: string;
  text: string;
  /** Variables the content reads, sorted. */
  variables: string[];
  /** Of those, the ones `data` did not provide. */
  missingVariables: string[];
  /** The version rendered; null for unsaved content. */
  versionId: string | null;
  version: number | null;
}

export interface SegmentRowPreview extends TemplatePreview {
  rowIndex: number;
  /** The dry run's rows, so the UI can switch between them. */
  rows: { subjectId: string; email: string }[];
  columns: { name: string; type: string }[];
  /** The row's columns exactly as the template sees them (snake_case, JSON values). */
  data: Record<string, unknown>;
  count: number;
  masked: boolean;
}

type StoredVersion = Awaited<ReturnType<typeof getVersion>>;

/** Stand-ins for what the send pipeline fills in per recipient (the unsubscribe link), so previews show working markup. */
const PREVIEW_SYSTEM_VALUES: Record<string, string> = Object.fromEntries(SYSTEM_VARIABLES.map((name) => [name, `#${name}`]));

/** The preheader as the inbox shows it, rendered by the engine like a subject line. */
function renderPreheader(preheader: string, data: Record<string, unknown>): string {
  return prepareTemplate({ subject: preheader, html: "", text: "", variables: [] }).render(data).subject;
}

async function renderSource(db: DbOrTx, source: TemplateSource, data: Record<string, unknown>): Promise<Omit<TemplatePreview, "versionId" | "version">> {
  const values = { ...PREVIEW_SYSTEM_VALUES, ...data };
  const rendered = await renderPreview(source, await listComponentSources(db), values);
  return { ...rendered, preheader: renderPreheader(source.preheader, values) };
}

/**
 * A published version renders from its frozen compiled output, exactly as a send would; a draft compiles with the
 * current component library.
 */
async function renderVersion(db: DbOrTx, version: StoredVersion, data: Record<string, unknown>): Promise<TemplatePreview> {
  const ref = { versionId: version.id, version: version.version };
  if (version.compiledHtml === null || version.compiledSubject === null) return { ...(await renderSource(db, versionSource(version), data)), ...ref };
  const frozen = { subject: version.compiledSubject, html: version.compiledHtml, text: version.compiledText ?? "" };
  const variables = listVariables(frozen);
  const values = { ...PREVIEW_SYSTEM_VALUES, ...data };
  const rendered = prepareTemplate({ ...frozen, variables }).render(values);
  return { ...rendered, preheader: renderPreheader(version.preheader, values), variables, ...ref };
}

/** The version asked for, else the active one, else the newest. */
async function resolveVersion(db: DbOrTx, templateId: string, versionId: string | undefined): Promise<StoredVersion> {
  if (versionId) return getVersion(db, templateId, versionId);
  const [row] = await db
    .select({ id: templateVersions.id })
    .from(templateVersions)
    .where(eq(templateVersions.templateId, templateId))
    .orderBy(desc(templateVersions.active), desc(templateVersions.version))
    .limit(1);
  if (!row) {
    await assertTemplateExists(db, templateId);
    throw new DomainError("PRECONDITION_FAILED", "This template has no versions yet; create a draft first.");
  }
  return getVersion(db, templateId, row.id);
}

async function assertTemplateExists(db: DbOrTx, templateId: string): Promise<void> {
  const [row] = await db.select({ id: templates.id }).from(templates).where(eq(templates.id, templateId));
  if (!row) throw notFound("Template", templateId);
}

export async function previewTemplate(db: DbOrTx, input: PreviewTemplateInput): Promise<TemplatePreview> {
  const { id, versionId, data } = previewTemplateInput.parse(input);
  return renderVersion(db, await resolveVersion(db, id, versionId), data);
}

/** Unsaved editor content rendered with the current component library. */
export async function previewTemplateSource(db: DbOrTx, input: PreviewSourceInput): Promise<TemplatePreview> {
  const { source, data } = previewSourceInput.parse(input);
  return { ...(await renderSource(db, source, data)), versionId: null, version: null };
}

/** Postgres dates and bigints as a real send sees them: the snapshot stores row values as JSON. */
function asJsonValues(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row).map(([key, value]) => [key, value instanceof Date ? value.toISOString() : typeof value === "bigint" ? value.toString() : value]),
  );
}

/**
 * Runs the segment's dry run (at most 20 rows) and renders with one row's columns as the data. Columns keep their
 * names as the query returns them (`first_name` stays `first_name`), which is how real sends see them.
 */
export async function previewWithSegmentRows(deps: SegmentDeps, actor: Actor, input: PreviewWithSegmentInput): Promise<SegmentRowPreview> {
  const { id, versionId, source, segmentId, params, limit, rowIndex } = previewWithSegmentInput.parse(input);
  const result = await dryRunSegment(deps, actor, segmentId, { params, limit });
  if (result.rows.length === 0) {
    throw new DomainError("PRECONDITION_FAILED", "The segment returned no rows for these parameters; there is no recipient to preview with.");
  }
  const row = result.rows[rowIndex];
  if (!row) {
    throw new DomainError("INVALID", `rowIndex: ${rowIndex} is out of range; the dry run returned ${result.rows.length} rows (0–${result.rows.length - 1}).`);
  }
  const data = asJsonValues(row);
  const preview = source
    ? { ...(await renderSource(deps.db, source, data)), versionId: null, version: null }
    : await renderVersion(deps.db, await resolveVersion(deps.db, id ?? "", versionId), data);
  return {
    ...preview,
    rowIndex,
    rows: result.rows.map((r) => ({ subjectId: String(r.subject_id), email: String(r.email) })),
    columns: result.columns,
    data,
    count: result.count,
    masked: result.masked,
  };
}
