import { closeAllDataConnectorAdapters } from "@/server/domain/data-connectors/adapter-cache";
import { closeAllEmailProviders } from "@/server/domain/email-connectors/provider-cache";
import { env, type Env } from "@/server/lib/env";
import { loadEnvFile } from "@/server/lib/load-env-file";
import { logger } from "@/server/lib/logger";
import { createMetrics } from "@/server/lib/metrics";
import { reconcileSchedules } from "@/server/domain/single-sends/schedules";
import { createServices } from "@/server/services";
import { parseWorkerArgs, WORKER_USAGE, type WorkerOptions } from "./config";
import { startHttpServer, type WorkerStatus } from "./http-server";
import { startWorkers } from "./workers";

function exitWithMessage(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

function readConfiguration(): { config: Env; options: WorkerOptions } {
  loadEnvFile();
  let config: Env;
  try {
    config = env();
  } catch (error) {
    exitWithMessage(error instanceof Error ? error.message : String(error));
  }
  try {
    return { config, options: parseWorkerArgs(process.argv.slice(2)) };
  } catch (error) {
    exitWithMessage(`${error instanceof Error ? error.message : String(error)}\n${WORKER_USAGE}`);
  }
}

async function main() {
  const { config, options } = readConfiguration();
  const log = logger().child({ process: "worker" });
  const services = createServices(config);
  const metrics = createMetrics({ queues: services.queues, process: "worker" });
  const status: WorkerStatus = { shuttingDown: false, workersRunning: () => false };
  const started = (async () => {
    const server = await startHttpServer(config.WORKER_PORT, { services, metrics, status, log });
    const pool = await startWorkers({ services, log, metrics });
    status.workersRunning = pool.isRunning;
    return { server, pool };
  })();

  // Installed before startup finishes so an early SIGTERM still waits for startup and then shuts down cleanly.
  const shutdown = async (signal: NodeJS.Signals) => {
    if (status.shuttingDown) {
      log.warn({ signal }, "second signal: exiting without waiting for in-flight jobs");
      process.exit(1);
    }
    status.shuttingDown = true;
    log.info({ signal, timeoutMs: options.shutdownTimeoutMs }, "shutting down: no new jobs, waiting for in-flight jobs");
    setTimeout(() => {
      log.error({ timeoutMs: options.shutdownTimeoutMs }, "shutdown timed out with jobs still in flight; exiting");
      process.exit(1);
    }, options.shutdownTimeoutMs);
    try {
      const { server, pool } = await started;
      await pool.close();
      await closeAllDataConnectorAdapters();
      await closeAllEmailProviders();
      await services.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      log.info("worker stopped");
      process.exit(0);
    } catch (error) {
      log.error({ err: error }, "shutdown failed");
      process.exit(1);
    }
  };
  process.on("SIGTERM", (signal) => void shutdown(signal));
  process.on("SIGINT", (signal) => void shutdown(signal));

  await started;
  log.info({ port: config.WORKER_PORT }, "worker started");
  // Schedules live in Redis; rebuilding them from the database recovers a Redis that lost its data (idempotent).
  reconcileSchedules(services)
    .then((count) => log.info({ schedules: count }, "single send schedules reconciled"))
    .catch((error: unknown) => log.error({ err: error }, "reconciling single send schedules failed"));
}

void main().catch((error: unknown) => {
  logger().fatal({ err: error }, "worker failed to start");
  process.exit(1);
});
