import { UnrecoverableError } from "bullmq";
import type { ZodError } from "zod";
import type { WorkerQueueName } from "@/server/queue/names";
import { isJobName, jobDefinitions, type JobName, type JobNameOn, type ParsedJobPayload } from "@/server/queue/registry";
import { DomainError } from "@/server/lib/errors";
import type { Services } from "@/server/services";

/** Which attempt of which job is running: handlers that must act differently on the last attempt read it. */
export interface JobAttempt {
  jobId: string;
  /** 1-based number of this attempt. */
  attempt: number;
  maxAttempts: number;
}

export type JobHandler<N extends JobName> = (services: Services, payload: ParsedJobPayload<N>, attempt: JobAttempt) => Promise<unknown>;

/** Exactly one domain handler for every job the registry puts on queue Q; adding a job without one fails to compile. */
export type HandlerTable<Q extends WorkerQueueName> = { [N in JobNameOn<Q>]: JobHandler<N> };

export interface QueueDispatcher {
  queue: WorkerQueueName;
  dispatch: (services: Services, name: string, data: unknown, attempt: JobAttempt) => Promise<unknown>;
}

type UntypedHandler = (services: Services, payload: unknown, attempt: JobAttempt) => Promise<unknown>;

const describeIssues = (error: ZodError) =>
  error.issues.map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message)).join("; ");

/** Domain errors that describe the request itself (a deleted record, bad data) will fail the same way on every retry. */
const PERMANENT_DOMAIN_ERRORS = new Set(["NOT_FOUND", "INVALID", "FORBIDDEN", "PRECONDITION_FAILED"]);

/**
 * Routes a job by name to its handler after re-parsing the payload with the registry's schema. An unknown name or
 * an invalid payload can never succeed on retry, so both fail the job for good.
 */
export function createDispatcher<Q extends WorkerQueueName>(queue: Q, handlers: HandlerTable<Q>): QueueDispatcher {
  // The table pairs each name with the handler for that name's schema; TypeScript cannot follow that pairing
  // through a runtime lookup by name, so the lookup is untyped and the schema parse below restores safety.
  const table = handlers as Partial<Record<string, UntypedHandler>>;
  return {
    queue,
    async dispatch(services, name, data, attempt) {
      const handler = Object.hasOwn(table, name) ? table[name] : undefined;
      if (!handler || !isJobName(name)) throw new UnrecoverableError(`Unknown job "${name}" on queue "${queue}"`);
      const parsed = jobDefinitions[name].schema.safeParse(data);
      if (!parsed.success) throw new UnrecoverableError(`Invalid payload for job "${name}": ${describeIssues(parsed.error)}`);
      try {
        return await handler(services, parsed.data, attempt);
      } catch (error) {
        if (error instanceof DomainError && PERMANENT_DOMAIN_ERRORS.has(error.code)) throw new UnrecoverableError(error.message);
        throw error;
      }
    },
  };
}
