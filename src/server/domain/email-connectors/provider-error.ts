/**
 * How a provider call failed, as the send pipeline needs to know it:
 * - `throttled`: the provider asked us to slow down (HTTP 429, SES TooManyRequests/Throttling, SMTP 421/451 rate
 *   replies). Not a failure: the pipeline waits `retryAfterMs` (or backs off) and sends the same email again.
 * - `transient`: network errors, timeouts, 5xx. Retried with exponential backoff by the job; the recipient fails
 *   only after the last attempt.
 * - `permanent`: the provider rejected this email (invalid address, unverified sender, 4xx validation). The
 *   recipient fails at once with `message`, which is the provider's own text.
 */
export type ProviderFailureKind = "throttled" | "transient" | "permanent";

export class ProviderSendError extends Error {
  constructor(
    readonly kind: ProviderFailureKind,
    message: string,
    readonly options: { retryAfterMs?: number; cause?: unknown; maybeDelivered?: boolean } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "ProviderSendError";
  }

  get retryAfterMs(): number | undefined {
    return this.options.retryAfterMs;
  }

  /**
   * True for a transient failure that happened after the request had been handed over (the connection dropped while
   * waiting for the answer): the provider may have accepted the email. A provider without idempotency keys must not
   * be asked again, or the recipient could get it twice.
   */
  get maybeDelivered(): boolean {
    return this.options.maybeDelivered === true;
  }
}

export function isProviderSendError(error: unknown): error is ProviderSendError {
  return error instanceof ProviderSendError;
}
