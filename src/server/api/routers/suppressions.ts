import { z } from "zod";
import { importSuppressionsCsv, importSuppressionsInput } from "@/server/domain/suppressions/import";
import {
  addSuppression,
  addSuppressionInput,
  deleteSuppression,
  listSuppressions,
  listSuppressionsInput,
  SUPPRESSION_REASONS,
} from "@/server/domain/suppressions/suppressions";
import { adminProcedure, createTRPCRouter, protectedProcedure } from "../trpc";

const tags = ["suppressions"];

const suppressionOutput = z.object({
  id: z.string(),
  email: z.string(),
  emailNormalized: z.string(),
  reason: z.enum(SUPPRESSION_REASONS),
  source: z.string(),
  note: z.string().nullable(),
  createdAt: z.date(),
});

/**
 * Any signed-in user may read, add and import suppressions: stopping email to an address is a marketer's everyday
 * job and never sends anything. Removing one makes an address mailable again, so only admins may.
 */
export const suppressionsRouter = createTRPCRouter({
  list: protectedProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/suppressions",
        protect: true,
        tags,
        summary: "Suppressed addresses, newest first",
        description:
          "`search` matches the address as a case-insensitive substring; `reason` filters by bounce, complaint, unsubscribe or manual. " +
          "The same filters on GET /api/v1/suppressions/export download every match as CSV (email,reason,source,note,created_at).",
      },
    })
    .input(listSuppressionsInput.optional())
    .output(
      z.object({
        items: z.array(suppressionOutput),
        total: z.number().int(),
        page: z.number().int(),
        pageSize: z.number().int(),
        masked: z.boolean(),
      }),
    )
    .query(({ ctx, input }) => listSuppressions(ctx.services.db, ctx.actor, input)),
  add: protectedProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/suppressions",
        protect: true,
        tags,
        summary: "Suppress an address",
        description: "The address is stored lower-cased and trimmed; reason defaults to manual. An address already suppressed is a 409.",
      },
    })
    .input(addSuppressionInput)
    .output(suppressionOutput)
    .mutation(({ ctx, input }) => addSuppression(ctx.services.db, ctx.actor, input)),
  delete: adminProcedure
    .meta({
      openapi: {
        method: "DELETE",
        path: "/suppressions/{id}",
        protect: true,
        tags,
        summary: "Remove a suppression (admins only)",
        description: "The address becomes mailable again; the audit log keeps the removed row.",
      },
    })
    .input(z.object({ id: z.uuid() }))
    .output(z.object({ id: z.string() }))
    .mutation(async ({ ctx, input }) => {
      await deleteSuppression(ctx.services.db, ctx.actor, input.id);
      return { id: input.id };
    }),
  import: protectedProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/suppressions/import",
        protect: true,
        tags,
        summary: "Import suppressions from CSV text",
        description:
          "`csv`: a header row with an `email` column and optional `reason` and `note` columns, then one address per line; at most " +
          "100,000 rows and 10 MB. Every line is validated first and any problem (reported with its line number) imports nothing. " +
          "Addresses already suppressed are counted in `alreadySuppressed` and left unchanged.",
      },
    })
    .input(importSuppressionsInput)
    .output(z.object({ added: z.number().int(), alreadySuppressed: z.number().int(), duplicatesInFile: z.number().int() }))
    .mutation(({ ctx, input }) => importSuppressionsCsv(ctx.services.db, ctx.actor, input)),
});
