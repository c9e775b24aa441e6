import type { JobsOptions } from "bullmq";
import { z } from "zod";
import type { QueueName } from "./names";

interface JobDefinition<Q extends QueueName, S extends z.ZodType> {
  queue: Q;
  schema: S;
  options: JobsOptions;
}

const define = <Q extends QueueName, S extends z.ZodType>(definition: JobDefinition<Q, S>) => definition;

const retried: JobsOptions = {
  attempts: 5,
  backoff: { type: "exponential", delay: 1000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** Audience builds run the customer's query and write the snapshot; a failed build is retried from scratch. */
const build: JobsOptions = {
  attempts: 3,
  backoff: { type: "exponential", delay: 5000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** Send batches retry transient provider failures for roughly ten minutes before their recipients fail. */
const sendBatch: JobsOptions = {
  attempts: 8,
  backoff: { type: "exponential", delay: 2000 },
  removeOnComplete: { age: 24 * 3600, count: 50_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** Caps on a rendered template test email carried in a job payload (Redis holds the whole payload). */
export const TEMPLATE_TEST_LIMITS = { subject: 1000, html: 1_000_000, text: 500_000 } as const;

/** Every job the system knows: name → queue, payload schema, options. The worker re-parses with the same schema. */
export const jobDefinitions = {
  "send-test-email": define({
    queue: "send",
    schema: z.object({
      senderProfileId: z.uuid(),
      to: z.email(),
      requestedBy: z.string(),
    }),
    options: retried,
  }),
  /** Rendered at enqueue time, so drafts and unsaved content can be tested exactly as previewed. */
  "send-template-test": define({
    queue: "send",
    schema: z.object({
      senderProfileId: z.uuid(),
      to: z.email(),
      requestedBy: z.string(),
      templateId: z.uuid(),
      versionId: z.uuid().nullable(),
      subject: z.string().max(TEMPLATE_TEST_LIMITS.subject),
      html: z.string().max(TEMPLATE_TEST_LIMITS.html),
      text: z.string().max(TEMPLATE_TEST_LIMITS.text),
    }),
    options: retried,
  }),
  /** Builds the audience snapshots of every run of one trigger, then starts them sending. */
  "build-snapshots": define({
    queue: "segment",
    schema: z.object({ triggerId: z.uuid() }),
    options: build,
  }),
  /** One contiguous range of a run's recipient ids (at most SEND_BATCH_SIZE queued recipients). */
  "send-batch": define({
    queue: "send",
    schema: z.object({ runId: z.uuid(), fromId: z.number().int().positive(), toId: z.number().int().positive() }),
    options: sendBatch,
  }),
  /** Fired by a single send's job scheduler (CRON or ONCE); triggers the send if it is still ACTIVE and scheduled. */
  "scheduled-trigger": define({
    queue: "single-send",
    schema: z.object({ singleSendId: z.uuid() }),
    options: { attempts: 3, backoff: { type: "exponential", delay: 5000 }, removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 }, removeOnFail: { age: 7 * 24 * 3600 } },
  }),
} as const;

export type JobName = keyof typeof jobDefinitions;
export type JobPayload<N extends JobName> = z.input<(typeof jobDefinitions)[N]["schema"]>;
export type ParsedJobPayload<N extends JobName> = z.output<(typeof jobDefinitions)[N]["schema"]>;
/** The job names whose definition puts them on queue Q. */
export type JobNameOn<Q extends QueueName> = { [N in JobName]: (typeof jobDefinitions)[N]["queue"] extends Q ? N : never }[JobName];

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(jobDefinitions, name);
}
