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
} as const;

export type JobName = keyof typeof jobDefinitions;
export type JobPayload<N extends JobName> = z.input<(typeof jobDefinitions)[N]["schema"]>;
export type ParsedJobPayload<N extends JobName> = z.output<(typeof jobDefinitions)[N]["schema"]>;
/** The job names whose definition puts them on queue Q. */
export type JobNameOn<Q extends QueueName> = { [N in JobName]: (typeof jobDefinitions)[N]["queue"] extends Q ? N : never }[JobName];

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(jobDefinitions, name);
}
