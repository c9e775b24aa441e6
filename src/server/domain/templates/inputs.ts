import { z } from "zod";
import { DomainError } from "@/server/lib/errors";
import { validateBuilderDocument } from "../rendering/builder/document";

export const AUTHORING_MODES = ["MJML", "HTML", "BUILDER"] as const;
export const TEMPLATE_CATEGORIES = ["MARKETING", "TRANSACTIONAL"] as const;
export const MAX_BODY_BYTES = 500 * 1024;
export const MAX_SUBJECT_LENGTH = 300;
export const MAX_PREHEADER_LENGTH = 300;

export const templateKeySchema = z
  .string("Key is required")
  .trim()
  .min(1, "Key is required")
  .max(80, "Key must be at most 80 characters")
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Key must be a slug: lowercase letters and digits separated by single hyphens (e.g. credits-low)");
export const templateNameSchema = z.string("Name is required").trim().min(1, "Name is required").max(120, "Name must be at most 120 characters");
export const templateCategorySchema = z.enum(TEMPLATE_CATEGORIES, "Category must be MARKETING or TRANSACTIONAL");
export const authoringModeSchema = z.enum(AUTHORING_MODES, "Authoring mode must be MJML, HTML or BUILDER");

const subjectSchema = z
  .string("Subject is required")
  .trim()
  .min(1, "Subject is required")
  .max(MAX_SUBJECT_LENGTH, `Subject must be at most ${MAX_SUBJECT_LENGTH} characters`);
const preheaderSchema = z.string().trim().max(MAX_PREHEADER_LENGTH, `Preheader must be at most ${MAX_PREHEADER_LENGTH} characters`);
const bodySchema = z.string().nullable();

/** The fields an author writes in a version, before the per-mode checks. */
export const versionContentFields = {
  subject: subjectSchema,
  preheader: preheaderSchema.default(""),
  authoringMode: authoringModeSchema,
  bodyMjml: bodySchema.optional(),
  bodyHtml: bodySchema.optional(),
  bodyText: bodySchema.optional(),
  builderJson: z.unknown().optional(),
};

const byteLength = (value: string) => Buffer.byteLength(value, "utf8");
const tooLarge = `must be at most ${MAX_BODY_BYTES / 1024} KB`;

interface RawContent {
  authoringMode: (typeof AUTHORING_MODES)[number];
  bodyMjml?: string | null;
  bodyHtml?: string | null;
  bodyText?: string | null;
  builderJson?: unknown;
}

/** The body each mode needs, its size, and the builder document's shape. */
export function checkVersionBody(content: RawContent, ctx: z.RefinementCtx): void {
  const required = (field: "bodyMjml" | "bodyHtml", label: string) => {
    const body = content[field];
    if (!body?.trim()) ctx.addIssue({ code: "custom", path: [field], message: `${label} body is required in ${content.authoringMode} mode` });
    else if (byteLength(body) > MAX_BODY_BYTES) ctx.addIssue({ code: "custom", path: [field], message: `${label} body ${tooLarge}` });
  };
  if (content.authoringMode === "MJML") required("bodyMjml", "MJML");
  if (content.authoringMode === "HTML") required("bodyHtml", "HTML");
  if (content.authoringMode === "BUILDER") {
    const doc = content.builderJson;
    if (doc === null || doc === undefined) {
      ctx.addIssue({ code: "custom", path: ["builderJson"], message: "Builder document is required in BUILDER mode" });
    } else if (byteLength(JSON.stringify(doc)) > MAX_BODY_BYTES) {
      ctx.addIssue({ code: "custom", path: ["builderJson"], message: `Builder document ${tooLarge}` });
    } else {
      const validation = validateBuilderDocument(doc);
      if (!validation.success) {
        for (const problem of validation.problems) ctx.addIssue({ code: "custom", path: ["builderJson"], message: problem.message });
      }
    }
  }
  if (content.bodyText && byteLength(content.bodyText) > MAX_BODY_BYTES) {
    ctx.addIssue({ code: "custom", path: ["bodyText"], message: `Text body ${tooLarge}` });
  }
}

export const versionContentSchema = z.object(versionContentFields).superRefine(checkVersionBody);
export type VersionContentInput = z.input<typeof versionContentSchema>;

/** What is stored: only the chosen mode's body; an empty text part means "generate it from the HTML". */
export interface VersionContent {
  subject: string;
  preheader: string;
  authoringMode: (typeof AUTHORING_MODES)[number];
  bodyMjml: string | null;
  bodyHtml: string | null;
  bodyText: string | null;
  builderJson: unknown;
}

export function normalizeVersionContent(content: z.output<typeof versionContentSchema>): VersionContent {
  return {
    subject: content.subject,
    preheader: content.preheader,
    authoringMode: content.authoringMode,
    bodyMjml: content.authoringMode === "MJML" ? (content.bodyMjml ?? null) : null,
    bodyHtml: content.authoringMode === "HTML" ? (content.bodyHtml ?? null) : null,
    bodyText: content.bodyText?.trim() ? content.bodyText : null,
    builderJson: content.authoringMode === "BUILDER" ? (content.builderJson ?? null) : null,
  };
}

const describeIssues = (error: z.ZodError) =>
  error.issues.map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message)).join("; ");

/** Validates content assembled in the domain (a draft merged with a patch): problems become an INVALID error naming the fields. */
export function parseVersionContent(content: unknown): VersionContent {
  const parsed = versionContentSchema.safeParse(content);
  if (!parsed.success) throw new DomainError("INVALID", describeIssues(parsed.error), { fieldErrors: z.flattenError(parsed.error).fieldErrors });
  return normalizeVersionContent(parsed.data);
}

export const createTemplateInput = z.object({
  key: templateKeySchema,
  name: templateNameSchema,
  category: templateCategorySchema.default("MARKETING"),
  /** Optional first draft (version 1), so one call sets up an editable template. */
  initialVersion: versionContentSchema.optional(),
});
export type CreateTemplateInput = z.input<typeof createTemplateInput>;

export const updateTemplateInput = z.object({
  id: z.uuid(),
  key: templateKeySchema.optional(),
  name: templateNameSchema.optional(),
  category: templateCategorySchema.optional(),
});
export type UpdateTemplateInput = z.input<typeof updateTemplateInput>;

export const createVersionInput = z.object({ id: z.uuid(), ...versionContentFields }).superRefine(checkVersionBody);
export type CreateVersionInput = z.input<typeof createVersionInput>;

export const updateDraftInput = z.object({
  id: z.uuid(),
  versionId: z.uuid(),
  subject: subjectSchema.optional(),
  preheader: preheaderSchema.optional(),
  authoringMode: authoringModeSchema.optional(),
  bodyMjml: bodySchema.optional(),
  bodyHtml: bodySchema.optional(),
  bodyText: bodySchema.optional(),
  builderJson: z.unknown().optional(),
});
export type UpdateDraftInput = z.input<typeof updateDraftInput>;

export const versionRefInput = z.object({ id: z.uuid(), versionId: z.uuid() });
export type VersionRefInput = z.input<typeof versionRefInput>;

export const diffVersionsInput = z.object({ id: z.uuid(), fromVersionId: z.uuid(), toVersionId: z.uuid() });
export type DiffVersionsInput = z.input<typeof diffVersionsInput>;
