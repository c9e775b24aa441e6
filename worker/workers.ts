import { Worker, type Job } from "bullmq";
import type { Logger } from "pino";
import type { Metrics } from "@/server/lib/metrics";
import { isFinalFailure, moveToDeadLetter } from "@/server/queue/dead-letter";
import { WORKER_QUEUES, type WorkerQueueName } from "@/server/queue/names";
import { isJobName } from "@/server/queue/registry";
import type { Services } from "@/server/services";
import { JOB_LOCK, QUEUE_CONCURRENCY } from "./config";
import type { QueueDispatcher } from "./dispatch";
import { eventsProcessor } from "./processors/events";
import { segmentProcessor } from "./processors/segment";
import { sendProcessor } from "./processors/send";
import { singleSendProcessor } from "./processors/single-send";

const processors: Record<WorkerQueueName, QueueDispatcher> = {
  "single-send": singleSendProcessor,
  segment: segmentProcessor,
  send: sendProcessor,
  events: eventsProcessor,
};

export interface WorkerPool {
  /** True while every queue's worker is taking jobs. */
  isRunning: () => boolean;
  /** Stops taking jobs, waits for in-flight jobs and pending dead-letter writes; connections stay open. */
  close: () => Promise<void>;
}

interface Deps {
  services: Services;
  log: Logger;
  metrics: Metrics;
}

const jobLogger = (log: Logger, queue: WorkerQueueName, job: Job) => log.child({ queue, jobId: job.id, jobName: job.name });

function instrumented({ services, log, metrics }: Deps, dispatcher: QueueDispatcher) {
  const queue = dispatcher.queue;
  return async (job: Job) => {
    const jobLog = jobLogger(log, queue, job);
    const stopTimer = metrics.jobProcessingTime.startTimer({ queue, name: isJobName(job.name) ? job.name : "unknown" });
    jobLog.debug({ attempt: job.attemptsMade + 1 }, "job started");
    try {
      const result = await dispatcher.dispatch(services, job.name, job.data, {
        jobId: job.id ?? "",
        attempt: job.attemptsMade + 1,
        maxAttempts: job.opts.attempts ?? 1,
      });
      stopTimer({ status: "completed" });
      jobLog.debug("job completed");
      return result;
    } catch (error) {
      stopTimer({ status: "failed" });
      metrics.jobFailures.inc({ queue });
      throw error;
    }
  };
}

/** One BullMQ worker per consumed queue, sharing the process's Redis connection (BullMQ adds its blocking ones). */
export async function startWorkers(deps: Deps): Promise<WorkerPool> {
  const { services, log } = deps;
  const pendingDeadLetters = new Set<Promise<void>>();

  const workers = WORKER_QUEUES.map((queue) => {
    const worker = new Worker(queue, instrumented(deps, processors[queue]), {
      connection: services.redis,
      prefix: services.env.QUEUE_PREFIX,
      concurrency: QUEUE_CONCURRENCY[queue],
      ...JOB_LOCK,
    });
    worker.on("error", (error) => log.error({ queue, err: error }, "worker error"));
    worker.on("failed", (job, error) => {
      if (!job) {
        log.error({ queue, err: error }, "job failed");
        return;
      }
      const jobLog = jobLogger(log, queue, job);
      if (!isFinalFailure(job, error)) {
        jobLog.warn({ err: error, attemptsMade: job.attemptsMade }, "job attempt failed; it will be retried");
        return;
      }
      jobLog.error({ err: error, attemptsMade: job.attemptsMade }, "job failed for good; copying it to dead-letter");
      const write = moveToDeadLetter(services.queues, queue, job, error)
        .then((deadLetterJobId) => jobLog.info({ deadLetterJobId }, "job copied to dead-letter"))
        .catch((writeError: unknown) => jobLog.error({ err: writeError }, "could not copy the job to dead-letter"))
        .finally(() => pendingDeadLetters.delete(write));
      pendingDeadLetters.add(write);
    });
    return worker;
  });
  await Promise.all(workers.map((worker) => worker.waitUntilReady()));

  return {
    isRunning: () => workers.every((worker) => worker.isRunning()),
    async close() {
      await Promise.all(workers.map((worker) => worker.close()));
      await Promise.all(pendingDeadLetters);
    },
  };
}
