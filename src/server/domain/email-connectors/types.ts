import type { DbOrTx } from "@/server/db/client";
import type { EmailConnectorConfig } from "./config";

export interface OutgoingEmail {
  from: string;
  fromName: string;
  replyTo?: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  /** Stable per recipient and run; providers that support it (Resend) deduplicate retries with it. */
  idempotencyKey?: string;
  /** Provider message tags (SES message tags, Resend tags): run and recipient ids for webhook correlation. */
  tags?: Record<string, string>;
}

export interface ConnectionTestResult {
  ok: boolean;
  latencyMs: number;
  details: string;
  warnings: string[];
  /** The provider's own sending rate limit when it reports one (SES MaxSendRate, Resend's API rate limit). */
  maxSendRatePerSecond?: number;
}

export interface EmailProvider {
  /**
   * True when a send repeated with the same `idempotencyKey` cannot deliver twice (Resend). After a crash, the
   * pipeline re-sends such recipients instead of marking them `unconfirmed`.
   */
  readonly idempotent: boolean;
  /** Sends this provider really has on the wire at once (SMTP pool size, HTTP sockets); the pipeline claims accordingly. */
  readonly maxInFlight: number;
  /** Throws {@link ProviderSendError} (see provider-error.ts) so the pipeline can tell throttling, transient and permanent failures apart. */
  send(message: OutgoingEmail): Promise<{ messageId: string }>;
  testConnection(): Promise<ConnectionTestResult>;
  /** Releases pooled connections (SMTP pool, HTTP agents). */
  close(): Promise<void>;
}

/** What a provider needs from the process; a subset of Services so tests and the worker can pass their own. */
export interface EmailProviderDeps {
  db: DbOrTx;
}

/** A connector resolved for sending: `id` is null when testing a config that has not been saved yet. */
export interface ResolvedEmailConnector {
  id: string | null;
  name: string;
  settings: EmailConnectorConfig;
}
