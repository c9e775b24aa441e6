import type { Job } from "bullmq";
import { z } from "zod";
import type { DbOrTx } from "@/server/db/client";
import { recordAudit } from "@/server/domain/audit-log/record";
import type { Actor } from "@/server/domain/auth/actor";
import { notFound } from "@/server/lib/errors";
import { DEAD_LETTER_QUEUE, WORKER_QUEUES, type WorkerQueueName } from "./names";
import type { Queues } from "./queues";
import { isJobName, jobDefinitions } from "./registry";

const deadLetterEntrySchema = z.object({
  originalQueue: z.enum(WORKER_QUEUES),
  originalJobId: z.string(),
  name: z.string(),
  data: z.unknown(),
  failedReason: z.string(),
  attemptsMade: z.number().int(),
  failedAt: z.iso.datetime(),
});
export type DeadLetterEntry = z.infer<typeof deadLetterEntrySchema>;

export interface DeadLetterJob extends Omit<DeadLetterEntry, "failedAt"> {
  id: string;
  failedAt: Date;
}

/** BullMQ will not retry this failure: the attempts are used up or the error is unrecoverable (bad payload, stalled too often). */
export function isFinalFailure(job: Pick<Job, "attemptsMade" | "opts">, error: Error): boolean {
  return error.name === "UnrecoverableError" || job.attemptsMade >= (job.opts.attempts ?? 1);
}

/** Copies a job that failed for good into the dead-letter queue, where it waits to be inspected or re-driven. */
export async function moveToDeadLetter(queues: Queues, queue: WorkerQueueName, job: Job, error: Error): Promise<string> {
  const entry: DeadLetterEntry = {
    originalQueue: queue,
    originalJobId: job.id ?? "",
    name: job.name,
    data: job.data,
    failedReason: error.message,
    attemptsMade: job.attemptsMade,
    failedAt: new Date(job.finishedOn ?? Date.now()).toISOString(),
  };
  const added = await queues.get(DEAD_LETTER_QUEUE).add(job.name, entry);
  return added.id ?? "";
}

function toDeadLetterJob(job: Job): DeadLetterJob {
  const entry = deadLetterEntrySchema.parse(job.data);
  return { ...entry, id: job.id ?? "", failedAt: new Date(entry.failedAt) };
}

/** The newest dead-letter jobs first, plus how many there are in all. */
export async function listDeadLetterJobs(queues: Queues, limit = 500): Promise<{ total: number; jobs: DeadLetterJob[] }> {
  const queue = queues.get(DEAD_LETTER_QUEUE);
  const [total, jobs] = await Promise.all([queue.getWaitingCount(), queue.getWaiting(0, limit - 1)]);
  return { total, jobs: jobs.map(toDeadLetterJob) };
}

/**
 * Puts the original job (same name and data, the registry's retry options) back on its queue and removes the
 * dead-letter copy. Enqueue comes first so a crash in between leaves a duplicate to re-drive, never a lost job.
 */
export async function redriveDeadLetterJob(
  queues: Queues,
  db: DbOrTx,
  actor: Actor,
  id: string,
): Promise<{ id: string; queue: WorkerQueueName; jobId: string }> {
  const job = await queues.get(DEAD_LETTER_QUEUE).getJob(id);
  if (!job) throw notFound("Dead-letter job", id);
  const entry = toDeadLetterJob(job);
  const options = isJobName(entry.name) ? jobDefinitions[entry.name].options : {};
  const requeued = await queues.get(entry.originalQueue).add(entry.name, entry.data, options);
  await job.remove();
  const result = { id, queue: entry.originalQueue, jobId: requeued.id ?? "" };
  await recordAudit(db, actor, {
    action: "dead-letter.redrive",
    entityType: "dead-letter-job",
    entityId: id,
    before: { originalQueue: entry.originalQueue, originalJobId: entry.originalJobId, name: entry.name, failedReason: entry.failedReason },
    after: { queue: result.queue, jobId: result.jobId },
  });
  return result;
}
