import { z } from "zod";
import {
  createSenderProfile,
  createSenderProfileInput,
  deleteSenderProfile,
  getSenderProfile,
  listSenderProfiles,
  requestTestEmail,
  requestTestEmailInput,
  updateSenderProfile,
  updateSenderProfileInput,
} from "@/server/domain/sender-profiles/sender-profiles";
import { adminProcedure, createTRPCRouter, protectedProcedure } from "../trpc";

const tags = ["sender-profiles"];
const idInput = z.object({ id: z.uuid() });

const senderProfileOutput = z.object({
  id: z.string(),
  name: z.string(),
  fromEmail: z.string(),
  fromName: z.string(),
  replyTo: z.string().nullable(),
  emailConnectorId: z.string(),
  emailConnectorName: z.string(),
  bucketSize: z.number(),
  refillPerSecond: z.number(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const senderProfilesRouter = createTRPCRouter({
  list: protectedProcedure
    .meta({ openapi: { method: "GET", path: "/sender-profiles", protect: true, tags } })
    .input(z.void())
    .output(z.array(senderProfileOutput))
    .query(({ ctx }) => listSenderProfiles(ctx.services.db)),
  get: protectedProcedure
    .meta({ openapi: { method: "GET", path: "/sender-profiles/{id}", protect: true, tags } })
    .input(idInput)
    .output(senderProfileOutput)
    .query(({ ctx, input }) => getSenderProfile(ctx.services.db, input.id)),
  create: adminProcedure
    .meta({ openapi: { method: "POST", path: "/sender-profiles", protect: true, tags } })
    .input(createSenderProfileInput)
    .output(senderProfileOutput)
    .mutation(({ ctx, input }) => createSenderProfile(ctx.services.db, ctx.actor, input)),
  update: adminProcedure
    .meta({ openapi: { method: "PATCH", path: "/sender-profiles/{id}", protect: true, tags } })
    .input(updateSenderProfileInput)
    .output(senderProfileOutput)
    .mutation(({ ctx, input }) => updateSenderProfile(ctx.services.db, ctx.actor, input)),
  delete: adminProcedure
    .meta({ openapi: { method: "DELETE", path: "/sender-profiles/{id}", protect: true, tags } })
    .input(idInput)
    .output(z.object({ id: z.string() }))
    .mutation(async ({ ctx, input }) => {
      await deleteSenderProfile(ctx.services.db, ctx.actor, input.id);
      return { id: input.id };
    }),
  sendTest: protectedProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/sender-profiles/{id}/send-test",
        protect: true,
        tags,
        description: "Queues a test email through the profile's connector; the worker sends it.",
      },
    })
    .input(requestTestEmailInput)
    .output(z.object({ jobId: z.string() }))
    .mutation(({ ctx, input }) => requestTestEmail(ctx.services, ctx.actor, input)),
});
