/**
 * Which upcoming requests a fake answers with an error instead of accepting them: the next N (`throttleNext`,
 * `failNext`), every Nth (`throttleEvery`) and any request to a rejected recipient. Shared by the SES, Resend and
 * SMTP fakes, and settable over HTTP (POST .../control) from another process.
 */
export interface FailureControl {
  /** Answer the next N sends "slow down" (SES TooManyRequestsException, Resend rate_limit_exceeded, SMTP 451). */
  throttleNext?: number;
  /** Answer every Nth send "slow down" (counted over all sends); 0 or null stops it. */
  throttleEvery?: number | null;
  /** Seconds sent as Retry-After with throttling answers (HTTP fakes); none when null. */
  retryAfterSeconds?: number | null;
  /** Answer the next N sends with a server error (HTTP 500, SMTP 451 without a rate hint). */
  failNext?: number;
  /** Recipient address → the provider's rejection text; those sends fail permanently. */
  rejectRecipients?: Record<string, string>;
}

export type PlannedFailure = { kind: "throttle" } | { kind: "fail" } | { kind: "reject"; message: string };

export class FailurePlan {
  private throttleRemaining = 0;
  private throttleEveryN = 0;
  private failRemaining = 0;
  private sends = 0;
  private readonly rejected = new Map<string, string>();
  retryAfterSeconds: number | null = 1;

  apply(control: FailureControl): void {
    if (control.throttleNext !== undefined) this.throttleRemaining = control.throttleNext;
    if (control.throttleEvery !== undefined) this.throttleEveryN = control.throttleEvery ?? 0;
    if (control.retryAfterSeconds !== undefined) this.retryAfterSeconds = control.retryAfterSeconds;
    if (control.failNext !== undefined) this.failRemaining = control.failNext;
    for (const [address, message] of Object.entries(control.rejectRecipients ?? {})) this.rejected.set(address.toLowerCase(), message);
  }

  /** Decides the fate of one send to these recipients; call once per send attempt. */
  next(recipients: string[]): PlannedFailure | null {
    this.sends += 1;
    if (this.throttleRemaining > 0) {
      this.throttleRemaining -= 1;
      return { kind: "throttle" };
    }
    if (this.throttleEveryN > 0 && this.sends % this.throttleEveryN === 0) return { kind: "throttle" };
    if (this.failRemaining > 0) {
      this.failRemaining -= 1;
      return { kind: "fail" };
    }
    for (const recipient of recipients) {
      const message = this.rejected.get(recipient.toLowerCase());
      if (message !== undefined) return { kind: "reject", message };
    }
    return null;
  }

  reset(): void {
    this.throttleRemaining = 0;
    this.throttleEveryN = 0;
    this.failRemaining = 0;
    this.sends = 0;
    this.rejected.clear();
    this.retryAfterSeconds = 1;
  }
}
