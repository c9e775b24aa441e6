import { z } from "zod";
import { clearDevInbox, getDevInboxMessage, listDevInboxInput, listDevInboxMessages } from "@/server/domain/dev-inbox/dev-inbox";
import { adminProcedure, createTRPCRouter, protectedProcedure } from "../trpc";

const tags = ["dev-inbox"];

const devInboxMessageOutput = z.object({
  id: z.string(),
  emailConnectorId: z.string().nullable(),
  to: z.string(),
  from: z.string(),
  subject: z.string(),
  html: z.string(),
  text: z.string(),
  headers: z.record(z.string(), z.string()),
  createdAt: z.date(),
});

export const devInboxRouter = createTRPCRouter({
  list: protectedProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/dev-inbox",
        protect: true,
        tags,
        description: "Newest first. `to` matches recipients case-insensitively as a substring.",
      },
    })
    .input(listDevInboxInput.optional())
    .output(z.object({ messages: z.array(devInboxMessageOutput), total: z.number(), limit: z.number(), offset: z.number() }))
    .query(({ ctx, input }) => listDevInboxMessages(ctx.services.db, input)),
  get: protectedProcedure
    .meta({ openapi: { method: "GET", path: "/dev-inbox/{id}", protect: true, tags } })
    .input(z.object({ id: z.uuid() }))
    .output(devInboxMessageOutput)
    .query(({ ctx, input }) => getDevInboxMessage(ctx.services.db, input.id)),
  clear: adminProcedure
    .meta({ openapi: { method: "DELETE", path: "/dev-inbox", protect: true, tags, summary: "Delete every captured message" } })
    .input(z.void())
    .output(z.object({ deleted: z.number() }))
    .mutation(({ ctx }) => clearDevInbox(ctx.services.db, ctx.actor)),
});
