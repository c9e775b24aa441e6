import { z } from "zod";
import { listDeadLetterJobs, redriveDeadLetterJob } from "@/server/queue/dead-letter";
import { WORKER_QUEUES } from "@/server/queue/names";
import { adminProcedure, createTRPCRouter } from "../trpc";

const deadLetterJobOutput = z.object({
  id: z.string(),
  originalQueue: z.enum(WORKER_QUEUES),
  originalJobId: z.string(),
  name: z.string(),
  data: z.unknown(),
  failedReason: z.string(),
  attemptsMade: z.number(),
  failedAt: z.date(),
});

export const deadLetterRouter = createTRPCRouter({
  list: adminProcedure
    .meta({ openapi: { method: "GET", path: "/dead-letter", protect: true, tags: ["dead-letter"], summary: "Jobs that failed their last attempt, newest first" } })
    .input(z.void())
    .output(z.object({ total: z.number(), jobs: z.array(deadLetterJobOutput) }))
    .query(({ ctx }) => listDeadLetterJobs(ctx.services.queues)),
  redrive: adminProcedure
    .meta({ openapi: { method: "POST", path: "/dead-letter/{id}/redrive", protect: true, tags: ["dead-letter"], summary: "Put the original job back on its queue" } })
    .input(z.object({ id: z.string().regex(/^[A-Za-z0-9_-]+$/, "id must be a dead-letter job id") }))
    .output(z.object({ id: z.string(), queue: z.enum(WORKER_QUEUES), jobId: z.string() }))
    .mutation(({ ctx, input }) => redriveDeadLetterJob(ctx.services.queues, ctx.services.db, ctx.actor, input.id)),
});
