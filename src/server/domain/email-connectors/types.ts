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
}

export interface ConnectionTestResult {
  ok: boolean;
  latencyMs: number;
  details: string;
  warnings: string[];
}

export interface EmailProvider {
  send(message: OutgoingEmail): Promise<{ messageId: string }>;
  testConnection(): Promise<ConnectionTestResult>;
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
