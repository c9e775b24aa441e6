import type { Database } from "@/server/db/client";
import type { Keyring } from "@/server/lib/crypto";
import { notFound } from "@/server/lib/errors";
import { logger } from "@/server/lib/logger";
import { loadEmailConnectorRow, openEmailConnectorRow } from "./connector-rows";
import { createEmailProvider } from "./provider";
import type { ConnectionTestResult, EmailProvider, OutgoingEmail } from "./types";

/**
 * One connector's provider as every caller shares it. It counts sends in flight so that, once superseded (the
 * connector was edited or deleted), it closes only after they finish: closing at once would abort them (SES destroys
 * its sockets, the SMTP pool fails queued messages) and leave their outcome unknown.
 */
class SharedProvider implements EmailProvider {
  private inFlight = 0;
  private retired = false;
  private closed = false;

  constructor(
    private readonly connectorId: string,
    /** The connector's updatedAt (ms) the provider was made from; a newer row means new settings. */
    readonly updatedAt: number,
    private readonly provider: EmailProvider,
  ) {}

  get idempotent(): boolean {
    return this.provider.idempotent;
  }

  get maxInFlight(): number {
    return this.provider.maxInFlight;
  }

  async send(message: OutgoingEmail): Promise<{ messageId: string }> {
    this.inFlight += 1;
    try {
      return await this.provider.send(message);
    } finally {
      this.inFlight -= 1;
      if (this.retired && this.inFlight === 0) void this.closeNow();
    }
  }

  testConnection(): Promise<ConnectionTestResult> {
    return this.provider.testConnection();
  }

  /** A caller closing the shared provider only retires it: other callers may still be sending through it. */
  async close(): Promise<void> {
    if (cachedProviders.get(this.connectorId) === this) cachedProviders.delete(this.connectorId);
    this.retire();
  }

  retire(): void {
    if (this.retired) return;
    this.retired = true;
    if (this.inFlight === 0) void this.closeNow();
  }

  async closeNow(): Promise<void> {
    this.retired = true;
    if (this.closed) return;
    this.closed = true;
    try {
      await this.provider.close();
    } catch (error) {
      logger().warn({ connectorId: this.connectorId, err: error }, "closing an email provider failed");
    }
  }
}

/** Kept on globalThis so Next.js dev hot reloads reuse the pools instead of leaking a new set per reload. */
const globalForProviders = globalThis as unknown as { emailopsEmailProviders?: Map<string, SharedProvider> };
const cachedProviders: Map<string, SharedProvider> = (globalForProviders.emailopsEmailProviders ??= new Map());

/**
 * The provider of a saved connector, one per connector so its connection pool (SMTP connections, HTTP keep-alive
 * sockets) is shared by every send. A connector edited since the provider was made (here or in another process) gets
 * a new provider and the old one is retired; a deleted one is dropped. `db` must not be a transaction: the dev inbox
 * provider keeps it.
 */
export async function getEmailProvider(deps: { db: Database; keyring: Keyring }, connectorId: string): Promise<EmailProvider> {
  const row = await loadEmailConnectorRow(deps.db, connectorId);
  if (!row) {
    dropEmailProvider(connectorId);
    throw notFound("Email connector", connectorId);
  }
  const previous = cachedProviders.get(connectorId);
  if (previous && previous.updatedAt >= row.updatedAt.getTime()) return previous;
  cachedProviders.delete(connectorId);
  previous?.retire();
  const shared = new SharedProvider(connectorId, row.updatedAt.getTime(), createEmailProvider(deps, openEmailConnectorRow(deps.keyring, row)));
  cachedProviders.set(connectorId, shared);
  return shared;
}

/** Forgets the cached provider of a connector (after it changed or was deleted); it closes once its sends finish. */
export function dropEmailProvider(connectorId: string): void {
  const cached = cachedProviders.get(connectorId);
  if (!cached) return;
  cachedProviders.delete(connectorId);
  cached.retire();
}

/** Closes every cached provider now, sends in flight or not: on worker shutdown (after the job workers stopped), and between tests. */
export async function closeAllEmailProviders(): Promise<void> {
  const providers = [...cachedProviders.values()];
  cachedProviders.clear();
  await Promise.all(providers.map((provider) => provider.closeNow()));
}

/** How many connectors currently hold an open provider. */
export function openEmailProviderCount(): number {
  return cachedProviders.size;
}
