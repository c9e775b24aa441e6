import { collectDefaultMetrics, Gauge, Registry } from "prom-client";
import { QUEUE_NAMES } from "@/server/queue/names";
import type { Queues } from "@/server/queue/queues";

export interface Metrics {
  registry: Registry;
}

/**
 * One registry per process. Queue depth is read from Redis at scrape time, so web and worker report the same
 * numbers without sharing state.
 */
export function createMetrics(options: { queues: Queues; process: "web" | "worker" }): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ process: options.process });
  collectDefaultMetrics({ register: registry });
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
  return { registry };
}
