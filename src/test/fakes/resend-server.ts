import { createHash, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { FailurePlan, type FailureControl } from "./failure-plan";
import { closeServer, handleControlRoute, listen, readBody, requestPath, sendJson, sleep } from "./http-helpers";
import { RecipientCounter, type FakeDeliveryStats } from "./recipient-counter";

/**
 * A local stand-in for the Resend API, for the real `resend` SDK constructed with `{ baseUrl: fake.url }`:
 * - POST /emails → { id }, honouring `Idempotency-Key` like Resend: the same key and body answer the first id again
 *   without sending a second email; the same key with another body is refused (409 invalid_idempotent_request).
 * - GET /domains → { object: "list", has_more, data: [...] }
 * Errors use Resend's documented body `{ statusCode, name, message }`; every answer carries the rate limit headers.
 * Test controls live under /_fake/ (see handleControlRoute).
 */

export interface FakeResendOptions {
  port?: number;
  /** API keys Resend accepts; when left out any `Bearer` key is accepted. */
  apiKeys?: string[];
  /** Keys restricted to sending: listing domains answers 401 restricted_api_key. */
  sendingOnlyApiKeys?: string[];
  domains?: { name: string; status: string }[];
  /** Reported in the `ratelimit-limit` header. */
  rateLimitPerSecond?: number;
  keepMessages?: boolean;
  latencyMs?: number;
}

export interface ResendRecordedMessage {
  id: string;
  apiKey: string;
  from: string;
  to: string[];
  replyTo: string[];
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  tags: Record<string, string>;
  idempotencyKey: string | null;
}

export interface FakeResendServer {
  url: string;
  port: number;
  messages: ResendRecordedMessage[];
  /** POST /emails calls answered, accepted or not (idempotent replays included). */
  sendRequests(): number;
  /** Sends answered from the idempotency store instead of being sent again. */
  idempotentReplays(): number;
  stats(includePerRecipient?: boolean): FakeDeliveryStats;
  control(control: FailureControl): void;
  reset(): void;
  close(): Promise<void>;
}

interface SendEmailBody {
  from?: string;
  to?: string | string[];
  reply_to?: string | string[];
  subject?: string;
  html?: string;
  text?: string;
  headers?: Record<string, string>;
  tags?: { name: string; value: string }[];
}

const asList = (value: string | string[] | undefined) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

export async function startFakeResendServer(options: FakeResendOptions = {}): Promise<FakeResendServer> {
  const apiKeys = options.apiKeys ? new Set(options.apiKeys) : null;
  const sendingOnly = new Set(options.sendingOnlyApiKeys ?? []);
  const domains = options.domains ?? [{ name: "example.com", status: "verified" }];
  const rateLimit = options.rateLimitPerSecond ?? 2;
  const keepMessages = options.keepMessages ?? true;
  const messages: ResendRecordedMessage[] = [];
  const counter = new RecipientCounter();
  const failures = new FailurePlan();
  const idempotency = new Map<string, { fingerprint: string; id: string }>();
  let sendRequests = 0;
  let replays = 0;

  const rateHeaders = (remaining: number) => ({ "ratelimit-limit": String(rateLimit), "ratelimit-remaining": String(remaining), "ratelimit-reset": "1" });
  const resendError = (res: ServerResponse, statusCode: number, name: string, message: string, headers: Record<string, string> = {}) =>
    sendJson(res, statusCode, { statusCode, name, message }, { ...rateHeaders(Math.max(0, rateLimit - 1)), ...headers });

  const target = {
    stats: (includePerRecipient = false) => counter.stats(includePerRecipient),
    messages: () => messages,
    control: (control: FailureControl) => failures.apply(control),
    reset: () => {
      messages.length = 0;
      counter.reset();
      failures.reset();
      idempotency.clear();
      sendRequests = 0;
      replays = 0;
    },
  };

  async function sendEmail(req: IncomingMessage, res: ServerResponse, apiKey: string): Promise<void> {
    sendRequests += 1;
    const raw = await readBody(req);
    if (options.latencyMs) await sleep(options.latencyMs);
    const body = JSON.parse(raw) as SendEmailBody;
    const to = asList(body.to);
    const failure = failures.next(to);
    if (failure?.kind === "throttle") {
      const retryAfter = failures.retryAfterSeconds;
      resendError(
        res,
        429,
        "rate_limit_exceeded",
        `Too many requests. You can only make ${rateLimit} requests per second. See rate limit response headers for more information. Or contact support to increase rate limit.`,
        { ...rateHeaders(0), ...(retryAfter === null ? {} : { "retry-after": String(retryAfter) }) },
      );
      return;
    }
    if (failure?.kind === "fail") {
      resendError(res, 500, "internal_server_error", "An unexpected error occurred.");
      return;
    }
    const idempotencyKey = typeof req.headers["idempotency-key"] === "string" ? req.headers["idempotency-key"] : null;
    const fingerprint = createHash("sha256").update(raw).digest("hex");
    const previous = idempotencyKey ? idempotency.get(idempotencyKey) : undefined;
    if (previous) {
      if (previous.fingerprint !== fingerprint) {
        resendError(res, 409, "invalid_idempotent_request", "Same idempotency key used with a different request payload. Change your idempotency key or payload.");
        return;
      }
      replays += 1;
      sendJson(res, 200, { id: previous.id }, rateHeaders(rateLimit - 1));
      return;
    }
    if (!body.from || to.length === 0 || !body.subject) {
      resendError(res, 422, "missing_required_field", "The `from`, `to` and `subject` fields are required.");
      return;
    }
    if (failure?.kind === "reject") {
      resendError(res, 422, "validation_error", failure.message);
      return;
    }
    const id = randomUUID();
    if (idempotencyKey) idempotency.set(idempotencyKey, { fingerprint, id });
    for (const address of to) counter.record(address);
    if (keepMessages) {
      messages.push({
        id,
        apiKey,
        from: body.from,
        to,
        replyTo: asList(body.reply_to),
        subject: body.subject,
        html: body.html ?? "",
        text: body.text ?? "",
        headers: body.headers ?? {},
        tags: Object.fromEntries((body.tags ?? []).map((tag) => [tag.name, tag.value])),
        idempotencyKey,
      });
    }
    sendJson(res, 200, { id }, rateHeaders(rateLimit - 1));
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (await handleControlRoute(req, res, "/_fake/", target)) return;
    const apiKey = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    if (!apiKey) {
      resendError(res, 401, "missing_api_key", "Missing API key in the authorization header. Include the following header in the request: Authorization: Bearer YOUR_API_KEY");
      return;
    }
    if (apiKeys && !apiKeys.has(apiKey) && !sendingOnly.has(apiKey)) {
      resendError(res, 403, "invalid_api_key", "API key is invalid");
      return;
    }
    const path = requestPath(req);
    if (req.method === "POST" && path === "/emails") return sendEmail(req, res, apiKey);
    if (req.method === "GET" && path === "/domains") {
      if (sendingOnly.has(apiKey)) {
        resendError(res, 401, "restricted_api_key", "This API key is restricted to only send emails");
        return;
      }
      const data = domains.map((domain, index) => ({
        id: `d${index}-${domain.name}`,
        name: domain.name,
        status: domain.status,
        created_at: "2024-01-01T00:00:00.000Z",
        region: "us-east-1",
        capabilities: { sending: "enabled", receiving: "disabled" },
      }));
      sendJson(res, 200, { object: "list", has_more: false, data }, rateHeaders(rateLimit - 1));
      return;
    }
    resendError(res, 404, "not_found", `The fake does not implement ${req.method} ${path}`);
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (!res.headersSent) resendError(res, 500, "internal_server_error", error instanceof Error ? error.message : String(error));
    });
  });
  const port = await listen(server, options.port);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    messages,
    sendRequests: () => sendRequests,
    idempotentReplays: () => replays,
    stats: target.stats,
    control: target.control,
    reset: target.reset,
    close: () => closeServer(server),
  };
}
