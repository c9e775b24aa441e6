import { z } from "zod";
import { AUTHORING_MODES, createTemplateInput, createVersionInput, diffVersionsInput, TEMPLATE_CATEGORIES, updateDraftInput, updateTemplateInput, versionRefInput } from "@/server/domain/templates/inputs";
import {
  previewSourceInput,
  previewTemplate,
  previewTemplateInput,
  previewTemplateSource,
  previewWithSegmentInput,
  previewWithSegmentRows,
} from "@/server/domain/templates/preview";
import { requestTemplateTest, sendTemplateTestInput } from "@/server/domain/templates/send-template-test";
import { createTemplate, deleteTemplate, getTemplate, listTemplates, updateTemplate } from "@/server/domain/templates/templates";
import { createVersion, diffVersions, duplicateVersion, getVersion, listVersions, publishVersion, updateDraft } from "@/server/domain/templates/versions";
import { createTRPCRouter, protectedProcedure } from "../trpc";

const tags = ["templates"];
const idInput = z.object({ id: z.uuid() });

const templateOutput = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  category: z.enum(TEMPLATE_CATEGORIES),
  versionCount: z.number().int(),
  latestVersion: z.number().int().nullable(),
  activeVersion: z.number().int().nullable(),
  activeVersionId: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

const versionSummaryOutput = z.object({
  id: z.string(),
  templateId: z.string(),
  version: z.number().int(),
  status: z.enum(["DRAFT", "PUBLISHED"]),
  active: z.boolean(),
  subject: z.string(),
  authoringMode: z.enum(AUTHORING_MODES),
  createdAt: z.date(),
  createdByEmail: z.string().nullable(),
  publishedAt: z.date().nullable(),
  publishedByEmail: z.string().nullable(),
});

const versionOutput = versionSummaryOutput.extend({
  preheader: z.string(),
  bodyMjml: z.string().nullable(),
  bodyHtml: z.string().nullable(),
  bodyText: z.string().nullable(),
  builderJson: z.unknown(),
  compiledSubject: z.string().nullable(),
  compiledHtml: z.string().nullable(),
  compiledText: z.string().nullable(),
});

const fieldDiffOutput = z.object({
  changed: z.boolean(),
  patch: z.string(),
  lines: z.array(
    z.object({
      type: z.enum(["added", "removed", "unchanged"]),
      text: z.string(),
      oldLine: z.number().int().nullable(),
      newLine: z.number().int().nullable(),
    }),
  ),
});

const diffOutput = z.object({
  from: z.object({ id: z.string(), version: z.number().int() }),
  to: z.object({ id: z.string(), version: z.number().int() }),
  authoringMode: z.object({ from: z.enum(AUTHORING_MODES), to: z.enum(AUTHORING_MODES), changed: z.boolean() }),
  subject: fieldDiffOutput,
  preheader: fieldDiffOutput,
  body: fieldDiffOutput,
  bodyText: fieldDiffOutput,
});

const previewOutput = z.object({
  subject: z.string(),
  preheader: z.string(),
  html: z.string(),
  text: z.string(),
  variables: z.array(z.string()),
  missingVariables: z.array(z.string()),
  versionId: z.string().nullable(),
  version: z.number().int().nullable(),
});

const segmentPreviewOutput = previewOutput.extend({
  rowIndex: z.number().int(),
  rows: z.array(z.object({ subjectId: z.string(), email: z.string() })),
  columns: z.array(z.object({ name: z.string(), type: z.string() })),
  data: z.record(z.string(), z.unknown()),
  count: z.number().int(),
  masked: z.boolean(),
});

/** Marketers author templates: every signed-in user may create, edit, publish, preview and test them. */
export const templatesRouter = createTRPCRouter({
  list: protectedProcedure
    .meta({ openapi: { method: "GET", path: "/templates", protect: true, tags } })
    .input(z.void())
    .output(z.array(templateOutput))
    .query(({ ctx }) => listTemplates(ctx.services.db)),
  get: protectedProcedure
    .meta({ openapi: { method: "GET", path: "/templates/{id}", protect: true, tags } })
    .input(idInput)
    .output(templateOutput)
    .query(({ ctx, input }) => getTemplate(ctx.services.db, input.id)),
  create: protectedProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/templates",
        protect: true,
        tags,
        description: "`key` is a unique slug. `initialVersion` (optional) creates draft version 1 in the same call.",
      },
    })
    .input(createTemplateInput)
    .output(templateOutput)
    .mutation(({ ctx, input }) => createTemplate(ctx.services.db, ctx.actor, input)),
  update: protectedProcedure
    .meta({ openapi: { method: "PATCH", path: "/templates/{id}", protect: true, tags } })
    .input(updateTemplateInput)
    .output(templateOutput)
    .mutation(({ ctx, input }) => updateTemplate(ctx.services.db, ctx.actor, input)),
  delete: protectedProcedure
    .meta({ openapi: { method: "DELETE", path: "/templates/{id}", protect: true, tags, description: "Refused while single sends use the template." } })
    .input(idInput)
    .output(z.object({ id: z.string() }))
    .mutation(async ({ ctx, input }) => {
      await deleteTemplate(ctx.services.db, ctx.actor, input.id);
      return { id: input.id };
    }),
  versions: protectedProcedure
    .meta({ openapi: { method: "GET", path: "/templates/{id}/versions", protect: true, tags, summary: "Version history, newest first" } })
    .input(idInput)
    .output(z.array(versionSummaryOutput))
    .query(({ ctx, input }) => listVersions(ctx.services.db, input.id)),
  getVersion: protectedProcedure
    .meta({ openapi: { method: "GET", path: "/templates/{id}/versions/{versionId}", protect: true, tags } })
    .input(versionRefInput)
    .output(versionOutput)
    .query(({ ctx, input }) => getVersion(ctx.services.db, input.id, input.versionId)),
  createVersion: protectedProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/templates/{id}/versions",
        protect: true,
        tags,
        description: "Creates a draft numbered after the newest version. The body field must match authoringMode (bodyMjml, bodyHtml or builderJson).",
      },
    })
    .input(createVersionInput)
    .output(versionOutput)
    .mutation(({ ctx, input }) => createVersion(ctx.services.db, ctx.actor, input)),
  updateDraft: protectedProcedure
    .meta({
      openapi: {
        method: "PATCH",
        path: "/templates/{id}/versions/{versionId}",
        protect: true,
        tags,
        description: "Edits a draft. Published versions are frozen (409): create a new version instead.",
      },
    })
    .input(updateDraftInput)
    .output(versionOutput)
    .mutation(({ ctx, input }) => updateDraft(ctx.services.db, ctx.actor, input)),
  publish: protectedProcedure
    .meta({
      openapi: {
        method: "PATCH",
        path: "/templates/{id}/versions/{versionId}/publish",
        protect: true,
        tags,
        description:
          "Compiles the draft with the current components (400 with problems and line numbers when it does not compile), freezes it and makes it the single active version. Publishing an earlier published version makes it active again without recompiling.",
      },
    })
    .input(versionRefInput)
    .output(versionOutput)
    .mutation(({ ctx, input }) => publishVersion(ctx.services.db, ctx.actor, input)),
  duplicateVersion: protectedProcedure
    .input(versionRefInput)
    .output(versionOutput)
    .mutation(({ ctx, input }) => duplicateVersion(ctx.services.db, ctx.actor, input)),
  diff: protectedProcedure
    .input(diffVersionsInput)
    .output(diffOutput)
    .query(({ ctx, input }) => diffVersions(ctx.services.db, input)),
  preview: protectedProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/templates/{id}/preview",
        protect: true,
        tags,
        description:
          "Renders a version (default: the active one, else the newest) with `data`. Published versions render from their frozen compiled output; drafts compile with the current components.",
      },
    })
    .input(previewTemplateInput)
    .output(previewOutput)
    .mutation(({ ctx, input }) => previewTemplate(ctx.services.db, input)),
  previewSource: protectedProcedure
    .input(previewSourceInput)
    .output(previewOutput)
    .mutation(({ ctx, input }) => previewTemplateSource(ctx.services.db, input)),
  previewWithSegment: protectedProcedure
    .input(previewWithSegmentInput)
    .output(segmentPreviewOutput)
    .mutation(({ ctx, input }) => previewWithSegmentRows(ctx.services, ctx.actor, input)),
  sendTest: protectedProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/templates/{id}/send-test",
        protect: true,
        tags,
        description: "Renders the version (or unsaved `source`) with `data` now and queues it to `to` through the sender profile.",
      },
    })
    .input(sendTemplateTestInput)
    .output(z.object({ jobId: z.string(), subject: z.string(), missingVariables: z.array(z.string()) }))
    .mutation(({ ctx, input }) => requestTemplateTest(ctx.services, ctx.actor, input)),
});
