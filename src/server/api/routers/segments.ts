import { z } from "zod";
import { SEGMENT_PARAMETER_TYPES } from "@/server/domain/segments/parameters";
import {
  createSegment,
  createSegmentInput,
  deleteSegment,
  dryRunOptionsInput,
  dryRunSegment,
  getSegment,
  listSegmentConnectorOptions,
  listSegments,
  previewSegmentInput,
  previewSegmentSql,
  updateSegment,
  updateSegmentInput,
} from "@/server/domain/segments/segments";
import { createTRPCRouter, protectedProcedure } from "../trpc";

const tags = ["segments"];
const idInput = z.object({ id: z.uuid() });
const engineSchema = z.enum(["POSTGRES", "BIGQUERY"]);

const segmentOutput = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  sqlQuery: z.string(),
  dataConnectorId: z.string(),
  dataConnectorName: z.string(),
  dataConnectorType: engineSchema,
  parameters: z.array(
    z.object({
      name: z.string(),
      type: z.enum(SEGMENT_PARAMETER_TYPES),
      default: z.union([z.string(), z.number(), z.boolean()]).nullable().optional(),
    }),
  ),
  lastDryRunCount: z.number().int().nullable(),
  lastDryRunAt: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

const dryRunOutput = z.object({
  columns: z.array(z.object({ name: z.string(), type: z.string() })),
  rows: z.array(z.record(z.string(), z.unknown())),
  count: z.number().int(),
  durationMs: z.number(),
  bytesProcessed: z.number().optional(),
  masked: z.boolean(),
});

const connectorOptionOutput = z.object({ id: z.string(), name: z.string(), type: engineSchema });

/** Segments are marketers' work: every signed-in user may create, edit, preview and delete them. */
export const segmentsRouter = createTRPCRouter({
  list: protectedProcedure
    .meta({ openapi: { method: "GET", path: "/segments", protect: true, tags } })
    .input(z.void())
    .output(z.array(segmentOutput))
    .query(({ ctx }) => listSegments(ctx.services.db)),
  get: protectedProcedure
    .meta({ openapi: { method: "GET", path: "/segments/{id}", protect: true, tags } })
    .input(idInput)
    .output(segmentOutput)
    .query(({ ctx, input }) => getSegment(ctx.services.db, input.id)),
  create: protectedProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/segments",
        protect: true,
        tags,
        description: "The SQL must pass the Query Governor's static analysis for the connector's engine; parameters appear in it as :name.",
      },
    })
    .input(createSegmentInput)
    .output(segmentOutput)
    .mutation(({ ctx, input }) => createSegment(ctx.services.db, ctx.actor, input)),
  update: protectedProcedure
    .meta({ openapi: { method: "PATCH", path: "/segments/{id}", protect: true, tags } })
    .input(updateSegmentInput)
    .output(segmentOutput)
    .mutation(({ ctx, input }) => updateSegment(ctx.services.db, ctx.actor, input)),
  delete: protectedProcedure
    .meta({ openapi: { method: "DELETE", path: "/segments/{id}", protect: true, tags, description: "Refused while single sends use the segment." } })
    .input(idInput)
    .output(z.object({ id: z.string() }))
    .mutation(async ({ ctx, input }) => {
      await deleteSegment(ctx.services.db, ctx.actor, input.id);
      return { id: input.id };
    }),
  dryRun: protectedProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/segments/{id}/dry-run",
        protect: true,
        tags,
        description: "Runs the segment with a row limit (default 100) and returns the rows plus the total count.",
      },
    })
    .input(dryRunOptionsInput.extend({ id: z.uuid() }))
    .output(dryRunOutput)
    .mutation(({ ctx, input }) => dryRunSegment(ctx.services, ctx.actor, input.id, { params: input.params, limit: input.limit })),
  preview: protectedProcedure
    .input(previewSegmentInput)
    .output(dryRunOutput)
    .mutation(({ ctx, input }) => previewSegmentSql(ctx.services, ctx.actor, input)),
  connectorOptions: protectedProcedure
    .input(z.void())
    .output(z.array(connectorOptionOutput))
    .query(({ ctx }) => listSegmentConnectorOptions(ctx.services.db)),
});
