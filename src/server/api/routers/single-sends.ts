import { z } from "zod";
import { recipientStatus, runStatus } from "@/server/db/schema";
import { cancelRun, pauseRun, resumeRun } from "@/server/domain/single-sends/run-control";
import { getRun, listRunRecipients, listRunRecipientsInput, listRuns, listRunsInput } from "@/server/domain/single-sends/runs";
import { previewCronSchedule, SCHEDULE_TYPES } from "@/server/domain/single-sends/schedule";
import {
  createSingleSend,
  createSingleSendInput,
  deleteSingleSend,
  getSingleSend,
  listSingleSendFormOptions,
  listSingleSends,
  listSingleSendsInput,
  SINGLE_SEND_STATUSES,
  updateSingleSend,
  updateSingleSendInput,
} from "@/server/domain/single-sends/single-sends";
import { triggerSingleSend } from "@/server/domain/single-sends/trigger";
import { SEGMENT_PARAMETER_TYPES } from "@/server/domain/segments/parameters";
import { runSummaryOutput } from "../run-summary-output";
import { createTRPCRouter, protectedProcedure } from "../trpc";

const tags = ["single-sends"];
const idInput = z.object({ id: z.uuid() });
const runRefInput = z.object({ id: z.uuid(), runId: z.uuid() });
const parameterValue = z.union([z.string(), z.number(), z.boolean()]);

const scheduleOutput = z.discriminatedUnion("type", [
  z.object({ type: z.literal("MANUAL") }),
  z.object({ type: z.literal("ONCE"), at: z.date() }),
  z.object({ type: z.literal("CRON"), cron: z.string(), timezone: z.string() }),
]);

const lastRunOutput = z.object({
  id: z.string(),
  status: z.enum(runStatus.enumValues),
  triggeredBy: z.string(),
  createdAt: z.date(),
  completedAt: z.date().nullable(),
});

const singleSendOutput = z.object({
  id: z.string(),
  name: z.string(),
  campaignGroupId: z.string().nullable(),
  campaignGroupName: z.string().nullable(),
  priority: z.number().int(),
  segmentId: z.string(),
  segmentName: z.string(),
  segmentParams: z.record(z.string(), z.unknown()),
  templateId: z.string(),
  templateName: z.string(),
  templateKey: z.string(),
  templateHasPublishedVersion: z.boolean(),
  senderProfileId: z.string(),
  senderProfileName: z.string(),
  senderProfileFromEmail: z.string(),
  status: z.enum(SINGLE_SEND_STATUSES),
  schedule: scheduleOutput,
  nextRunAt: z.date().nullable(),
  lastRun: lastRunOutput.nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});


const countsOutput = z.object({
  total: z.number().int(),
  queued: z.number().int(),
  sending: z.number().int(),
  sent: z.number().int(),
  failed: z.number().int(),
  unconfirmed: z.number().int(),
  skipped: z.number().int(),
  skippedByReason: z.record(z.string(), z.number().int()),
});

const runWithCountsOutput = runSummaryOutput.extend({ counts: countsOutput });

const runDetailOutput = runWithCountsOutput.extend({
  templateVersion: z
    .object({
      id: z.string(),
      version: z.number().int(),
      templateId: z.string(),
      templateName: z.string(),
      templateKey: z.string(),
      compiledSubject: z.string().nullable(),
    })
    .nullable(),
});

const recipientOutput = z.object({
  id: z.number().int(),
  subjectId: z.string(),
  email: z.string(),
  status: z.enum(recipientStatus.enumValues),
  skipReason: z.string().nullable(),
  error: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

const pageFields = { total: z.number().int(), page: z.number().int(), pageSize: z.number().int() };

const formOptionsOutput = z.object({
  segments: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      parameters: z.array(z.object({ name: z.string(), type: z.enum(SEGMENT_PARAMETER_TYPES), default: parameterValue.nullable().optional() })),
    }),
  ),
  templates: z.array(z.object({ id: z.string(), name: z.string(), key: z.string(), activeVersion: z.number().int().nullable() })),
  senderProfiles: z.array(z.object({ id: z.string(), name: z.string(), fromEmail: z.string() })),
  campaignGroups: z.array(z.object({ id: z.string(), name: z.string() })),
  timeZones: z.array(z.string()),
  defaultTimeZone: z.string(),
});

const PREVIEW_FIRE_TIMES = 3;

/** Single sends are marketers' work: every signed-in user may create, edit, trigger and control them. */
export const singleSendsRouter = createTRPCRouter({
  list: protectedProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/single-sends",
        protect: true,
        tags,
        description: "Filter by status, campaignGroupId and search (substring of the name); paginated with page and pageSize.",
      },
    })
    .input(listSingleSendsInput)
    .output(z.object({ items: z.array(singleSendOutput), ...pageFields }))
    .query(({ ctx, input }) => listSingleSends(ctx.services.db, input)),
  get: protectedProcedure
    .meta({ openapi: { method: "GET", path: "/single-sends/{id}", protect: true, tags } })
    .input(idInput)
    .output(singleSendOutput)
    .query(({ ctx, input }) => getSingleSend(ctx.services.db, input.id)),
  create: protectedProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/single-sends",
        protect: true,
        tags,
        description: `schedule is one of { "type": "MANUAL" }, { "type": "ONCE", "at": ISO date-time in the future } or { "type": "CRON", "cron": expression, "timezone": IANA name }. Schedule types: ${SCHEDULE_TYPES.join(", ")}.`,
      },
    })
    .input(createSingleSendInput)
    .output(singleSendOutput)
    .mutation(({ ctx, input }) => createSingleSend(ctx.services, ctx.actor, input)),
  update: protectedProcedure
    .meta({ openapi: { method: "PATCH", path: "/single-sends/{id}", protect: true, tags } })
    .input(updateSingleSendInput)
    .output(singleSendOutput)
    .mutation(({ ctx, input }) => updateSingleSend(ctx.services, ctx.actor, input)),
  delete: protectedProcedure
    .meta({ openapi: { method: "DELETE", path: "/single-sends/{id}", protect: true, tags, description: "Refused while a run is in progress." } })
    .input(idInput)
    .output(z.object({ id: z.string() }))
    .mutation(async ({ ctx, input }) => {
      await deleteSingleSend(ctx.services, ctx.actor, input.id);
      return { id: input.id };
    }),
  trigger: protectedProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/single-sends/{id}/trigger",
        protect: true,
        tags,
        description: "Creates a run (frozen parameters and template version) and queues its audience snapshot.",
      },
    })
    .input(idInput)
    .output(runSummaryOutput)
    .mutation(({ ctx, input }) => triggerSingleSend(ctx.services, ctx.actor, input.id)),
  runs: protectedProcedure
    .meta({ openapi: { method: "GET", path: "/single-sends/{id}/runs", protect: true, tags, description: "Newest first, with live counts." } })
    .input(listRunsInput.extend({ id: z.uuid() }))
    .output(z.object({ items: z.array(runWithCountsOutput), ...pageFields }))
    .query(({ ctx, input }) => listRuns(ctx.services.db, input.id, input)),
  run: protectedProcedure
    .meta({ openapi: { method: "GET", path: "/single-sends/{id}/runs/{runId}", protect: true, tags } })
    .input(runRefInput)
    .output(runDetailOutput)
    .query(({ ctx, input }) => getRun(ctx.services.db, input.id, input.runId)),
  recipients: protectedProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/single-sends/{id}/runs/{runId}/recipients",
        protect: true,
        tags,
        description: "Filter by status and skipReason; paginated with page and pageSize. CSV: GET …/recipients.csv with the same filters.",
      },
    })
    .input(listRunRecipientsInput.omit({ singleSendId: true }).extend({ id: z.uuid() }))
    .output(z.object({ items: z.array(recipientOutput), ...pageFields, masked: z.boolean() }))
    .query(({ ctx, input }) => {
      const { id, ...rest } = input;
      return listRunRecipients(ctx.services.db, { ...rest, singleSendId: id }, ctx.actor);
    }),
  pauseRun: protectedProcedure
    .meta({ openapi: { method: "POST", path: "/single-sends/{id}/runs/{runId}/pause", protect: true, tags } })
    .input(runRefInput)
    .output(runSummaryOutput)
    .mutation(({ ctx, input }) => pauseRun(ctx.services, ctx.actor, { singleSendId: input.id, runId: input.runId })),
  resumeRun: protectedProcedure
    .meta({ openapi: { method: "POST", path: "/single-sends/{id}/runs/{runId}/resume", protect: true, tags } })
    .input(runRefInput)
    .output(runSummaryOutput)
    .mutation(({ ctx, input }) => resumeRun(ctx.services, ctx.actor, { singleSendId: input.id, runId: input.runId })),
  cancelRun: protectedProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/single-sends/{id}/runs/{runId}/cancel",
        protect: true,
        tags,
        description: "Recipients still queued end skipped with reason cancelled.",
      },
    })
    .input(runRefInput)
    .output(runSummaryOutput)
    .mutation(({ ctx, input }) => cancelRun(ctx.services, ctx.actor, { singleSendId: input.id, runId: input.runId })),
  formOptions: protectedProcedure
    .input(z.void())
    .output(formOptionsOutput)
    .query(({ ctx }) => listSingleSendFormOptions(ctx.services.db)),
  /** The next fire times of a cron schedule, computed server-side like the scheduler computes them. */
  previewSchedule: protectedProcedure
    .input(z.object({ cron: z.string().max(500), timezone: z.string().max(100) }))
    .output(
      z.union([
        z.object({ ok: z.literal(true), fireTimes: z.array(z.date()) }),
        z.object({ ok: z.literal(false), field: z.enum(["cron", "timezone"]), message: z.string() }),
      ]),
    )
    .query(({ input }) => previewCronSchedule(input.cron, input.timezone, PREVIEW_FIRE_TIMES)),
});
