import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { FailureControl } from "./failure-plan";
import type { FakeDeliveryStats } from "./recipient-counter";

/** The request body's bytes, from data events: cheaper per request than an async iterator, at benchmark rates. */
export function readBodyBytes(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

export async function readBody(req: IncomingMessage): Promise<string> {
  return (await readBodyBytes(req)).toString("utf8");
}

/** The path of the request target (`/v2/email/account?x=1` → `/v2/email/account`), without building a URL. */
export function requestPath(req: IncomingMessage): string {
  const target = req.url ?? "/";
  const query = target.indexOf("?");
  return query === -1 ? target : target.slice(0, query);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Listens on 127.0.0.1 (port 0 picks a free one) with keep-alive long enough for pooled clients; returns the port. */
export async function listen(server: Server, port = 0, host = "127.0.0.1"): Promise<number> {
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("the server has no TCP address");
  return address.port;
}

export async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** What every fake exposes to another process: counts, recorded messages, failure controls and a reset. */
export interface FakeControlTarget {
  stats(includePerRecipient: boolean): FakeDeliveryStats;
  messages(): unknown[];
  control(control: FailureControl): void;
  reset(): void;
}

/**
 * Serves GET stats (?perRecipient=1 adds the per-address counts), GET messages, POST control (a FailureControl JSON
 * body) and POST reset under `prefix`. Returns false when the path is not one of them.
 */
export async function handleControlRoute(req: IncomingMessage, res: ServerResponse, prefix: string, target: FakeControlTarget): Promise<boolean> {
  if (!requestPath(req).startsWith(prefix)) return false;
  const url = new URL(req.url ?? "/", "http://fake");
  const route = `${req.method ?? "GET"} ${url.pathname.slice(prefix.length)}`;
  switch (route) {
    case "GET stats":
      sendJson(res, 200, target.stats(url.searchParams.get("perRecipient") === "1"));
      return true;
    case "GET messages":
      sendJson(res, 200, target.messages());
      return true;
    case "POST control":
      target.control(JSON.parse((await readBody(req)) || "{}") as FailureControl);
      sendJson(res, 200, { ok: true });
      return true;
    case "POST reset":
      target.reset();
      sendJson(res, 200, { ok: true });
      return true;
    default:
      return false;
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
