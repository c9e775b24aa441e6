import { createServer, type Server } from "node:http";
import type { Logger } from "pino";
import type { Metrics } from "@/server/lib/metrics";
import { checkReadiness } from "@/server/lib/readiness";
import type { Services } from "@/server/services";

export interface WorkerStatus {
  shuttingDown: boolean;
  workersRunning: () => boolean;
}

interface Reply {
  status: number;
  contentType: string;
  body: string;
}

const json = (status: number, body: unknown): Reply => ({ status, contentType: "application/json", body: JSON.stringify(body) });

async function route(path: string, deps: { services: Services; metrics: Metrics; status: WorkerStatus }): Promise<Reply> {
  const { services, metrics, status } = deps;
  switch (path) {
    case "/health":
      return status.shuttingDown ? json(503, { status: "shutting-down" }) : json(200, { status: "ok" });
    case "/ready": {
      if (status.shuttingDown) return json(503, { ready: false, checks: { workers: "shutting-down" } });
      const report = await checkReadiness(services.sql, services.redis);
      const workers = status.workersRunning() ? "running" : "stopped";
      const ready = report.ready && workers === "running";
      return json(ready ? 200 : 503, { ready, checks: { ...report.checks, workers } });
    }
    case "/metrics":
      return { status: 200, contentType: metrics.registry.contentType, body: await metrics.registry.metrics() };
    default:
      return json(404, { error: `No route ${path}; try /health, /ready or /metrics` });
  }
}

/** Liveness, readiness and Prometheus metrics for the worker process, on plain node:http. */
export async function startHttpServer(
  port: number,
  deps: { services: Services; metrics: Metrics; status: WorkerStatus; log: Logger },
): Promise<Server> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://worker").pathname;
    const reply = req.method === "GET" ? route(path, deps) : Promise.resolve(json(405, { error: "Only GET is supported" }));
    reply
      .catch((error: unknown) => {
        deps.log.error({ err: error, path }, "health endpoint failed");
        return json(500, { error: "Internal error; it has been logged." });
      })
      .then(({ status, contentType, body }) => res.writeHead(status, { "content-type": contentType }).end(body));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, resolve);
  });
  return server;
}
