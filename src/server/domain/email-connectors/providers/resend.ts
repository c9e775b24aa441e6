import { Resend } from "resend";
import type { ResendConnectorConfig } from "../config";
import { formatMailbox } from "../mailbox";
import { ProviderSendError } from "../provider-error";
import type { ConnectionTestResult, EmailProvider, OutgoingEmail } from "../types";
import { toProviderTags } from "./message-tags";
import { customHeaders } from "./mime";
import { parseRetryAfter } from "./retry-after";

const REQUEST_TIMEOUT_MS = 30_000;

/** What the SDK returns instead of throwing: the API's error body, or `application_error` with a null status for network failures. */
interface ResendErrorResult {
  error: { name: string; message: string; statusCode: number | null };
  headers: Record<string, string> | null;
}

/** Slow-down answers: the per-second API limit, and the daily quota (it frees up as the 24-hour window moves). */
const THROTTLING_ERRORS = new Set(["rate_limit_exceeded", "daily_quota_exceeded"]);
/** Worth retrying as is: server failures, and a request with the same idempotency key still in progress. */
const TRANSIENT_ERRORS = new Set(["application_error", "internal_server_error", "concurrent_idempotent_requests"]);

/**
 * Maps a Resend error result to the pipeline's kinds. `monthly_quota_exceeded` is a 429 too but does not clear for
 * weeks, so it fails the recipient with Resend's message instead of stalling the run.
 */
export function toResendSendError({ error, headers }: ResendErrorResult): ProviderSendError {
  const status = error.statusCode;
  const message = `Resend ${error.name}: ${error.message}`;
  if (THROTTLING_ERRORS.has(error.name) || (status === 429 && error.name !== "monthly_quota_exceeded")) {
    const retryAfterMs = parseRetryAfter(headers?.["retry-after"]);
    return new ProviderSendError("throttled", message, retryAfterMs !== undefined ? { retryAfterMs } : {});
  }
  if (status === null || status >= 500 || TRANSIENT_ERRORS.has(error.name)) return new ProviderSendError("transient", message);
  return new ProviderSendError("permanent", message);
}

/**
 * Sends through the Resend API. Every send carries the pipeline's idempotency key, so a retry after an unknown
 * outcome (a crash, a timeout) returns the first attempt's result instead of sending again.
 */
export class ResendProvider implements EmailProvider {
  readonly idempotent = true;
  /** Resend's default rate limit is a few requests per second per team; more parallel calls only earn 429s. */
  readonly maxInFlight = 20;
  private readonly client: Resend;

  constructor(private readonly config: ResendConnectorConfig) {
    // baseUrl is per instance; the SDK reads RESEND_BASE_URL only when no baseUrl is given.
    this.client = new Resend(config.apiKey, { baseUrl: config.baseUrl ?? "https://api.resend.com" });
  }

  async send(message: OutgoingEmail): Promise<{ messageId: string }> {
    const tags = toProviderTags(message.tags);
    let result: Awaited<ReturnType<Resend["emails"]["send"]>>;
    try {
      result = await this.client.emails.send(
        {
          from: formatMailbox(message.from, message.fromName),
          to: message.to,
          ...(message.replyTo ? { replyTo: message.replyTo } : {}),
          subject: message.subject,
          html: message.html,
          text: message.text,
          headers: Object.fromEntries(customHeaders(message.headers)),
          ...(tags.length > 0 ? { tags } : {}),
        },
        {
          ...(message.idempotencyKey ? { idempotencyKey: message.idempotencyKey } : {}),
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        },
      );
    } catch (error) {
      throw new ProviderSendError("transient", `Resend could not be reached: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    if (result.error) throw toResendSendError(result);
    return { messageId: result.data.id };
  }

  async testConnection(): Promise<ConnectionTestResult> {
    const started = performance.now();
    const result = await this.client.domains.list({}, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    const latencyMs = Math.round(performance.now() - started);
    const where = this.config.baseUrl ? ` at ${this.config.baseUrl}` : "";
    if (result.error) {
      if (result.error.name === "restricted_api_key") {
        return {
          ok: true,
          latencyMs,
          details: `Connected to Resend${where}. The API key is valid but restricted to sending, so its domains cannot be listed here.`,
          warnings: [],
        };
      }
      return { ok: false, latencyMs, details: `Resend${where} refused the test: ${toResendSendError(result).message}`, warnings: [] };
    }
    const domains = result.data.data;
    const verified = domains.filter((domain) => domain.status === "verified").map((domain) => domain.name);
    const unverified = domains.filter((domain) => domain.status !== "verified").map((domain) => `${domain.name} (${domain.status})`);
    const details = [`Connected to Resend${where}.`];
    details.push(verified.length > 0 ? `Verified sending domains: ${verified.join(", ")}.` : "No verified sending domain.");
    if (unverified.length > 0) details.push(`Not verified: ${unverified.join(", ")}.`);
    const rateLimit = Number(result.headers?.["ratelimit-limit"]);
    const hasRateLimit = Number.isFinite(rateLimit) && rateLimit > 0;
    if (hasRateLimit) details.push(`API rate limit: ${rateLimit} requests per second.`);
    const warnings =
      verified.length === 0 ? ["Resend only sends from verified domains: add and verify the domain of your sender profiles' From addresses."] : [];
    return { ok: true, latencyMs, details: details.join(" "), warnings, ...(hasRateLimit ? { maxSendRatePerSecond: rateLimit } : {}) };
  }

  /** The SDK uses the global fetch, whose keep-alive pool is shared by the process; nothing to release. */
  async close(): Promise<void> {}
}
