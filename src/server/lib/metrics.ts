import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry, type Metric } from "prom-client";
import { QUEUE_NAMES } from "@/server/queue/names";
import type { Queues } from "@/server/queue/queues";
import { domainMetrics } from "./domain-metrics";

export interface Metrics {
  registry: Registry;
  /** One observation per job attempt, recorded by the worker. */
  jobProcessingTime: Histogram<"queue" | "name" | "status">;
  jobFailures: Counter<"queue">;
}

/**
 * One registry per process. Queue depth is read from Redis at scrape time, so web and worker report the same
 * numbers without sharing state.
 */
export function createMetrics(options: { queues: Queues; process: "web" | "worker" }): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ process: options.process });
  collectDefaultMetrics({ register: registry });
  const shared: Metric<string>[] = Object.values(domainMetrics);
  for (const metric of shared) registry.registerMetric(metric);
  new Gauge({
    name: "queue_depth",
    help: "Jobs waiting, delayed or active per queue",
    labelNames: ["queue", "state"],
    registers: [registry],
    async collect() {
      await Promise.all(
        QUEUE_NAMES.map(async (name) => {
          const counts = await options.queues.get(name).getJobCounts("waiting", "delayed", "active", "failed");
          for (const [state, count] of Object.entries(counts)) this.set({ queue: name, state }, count);
        }),
      );
    },
  });
  const jobProcessingTime = new Histogram({
    name: "job_processing_time_seconds",
    help: "Time spent processing one job attempt",
    labelNames: ["queue", "name", "status"],
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
    registers: [registry],
  });
  const jobFailures = new Counter({
    name: "job_failures_total",
    help: "Failed job attempts per queue (retried or final)",
    labelNames: ["queue"],
    registers: [registry],
  });
  return { registry, jobProcessingTime, jobFailures };
}
