import { parseArgs } from "node:util";
import type { WorkerQueueName } from "@/server/queue/names";

/**
 * Jobs processed in parallel per queue by one worker process. Send batches mostly wait on providers and rate
 * limits and events are tiny, so they get more slots than the database-heavy audience builds.
 */
export const QUEUE_CONCURRENCY: Record<WorkerQueueName, number> = {
  "single-send": 2,
  segment: 2,
  send: 10,
  events: 20,
};

/**
 * Stalled-job detection. A killed worker's job is handed to another worker once its lock expires; the send pipeline
 * is crash-safe, so a short lock gets the run going again quickly, and a job may stall several times (repeated
 * crashes) before BullMQ gives up on it.
 */
export const JOB_LOCK = { lockDuration: 10_000, stalledInterval: 5_000, maxStalledCount: 10 } as const;

export const DEFAULT_SHUTDOWN_TIMEOUT_SECONDS = 30;

export interface WorkerOptions {
  /** After SIGTERM/SIGINT, in-flight jobs get this long to finish before the process exits with code 1. */
  shutdownTimeoutMs: number;
}

export const WORKER_USAGE = "Usage: npm run worker -- [--shutdown-timeout <seconds>]";

export function parseWorkerArgs(argv: string[]): WorkerOptions {
  const { values } = parseArgs({ args: argv, options: { "shutdown-timeout": { type: "string" } }, strict: true });
  const raw = values["shutdown-timeout"] ?? String(DEFAULT_SHUTDOWN_TIMEOUT_SECONDS);
  const seconds = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(seconds) || seconds <= 0) {
    throw new Error(`--shutdown-timeout must be a positive number of seconds, got "${raw}"`);
  }
  return { shutdownTimeoutMs: Math.round(seconds * 1000) };
}

/**
 * Node flags the worker runs with (package.json "worker", scripts/start.sh and docker-compose.yml spell them out too).
 * Sending allocates several KB of short-lived strings and buffers per email (render, MIME, socket writes); a larger
 * young generation lets far fewer of them survive into the old generation. Measured with bench:campaign (SMTP): the
 * garbage collector's share of the worker's CPU went from ~20% (16 MB) to ~10% (32 MB), and CPU per email from
 * 0.40 ms (32 MB) to 0.36 ms (64 MB). Costs up to ~100 MB more RSS under load.
 */
export const WORKER_NODE_FLAGS = ["--max-semi-space-size=64"] as const;
