import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/server/db/client";
import { devInboxMessages } from "@/server/db/schema";
import { formatMailbox } from "../mailbox";
import type { ConnectionTestResult, EmailProvider, OutgoingEmail } from "../types";

/** Captures emails in `dev_inbox_messages` instead of delivering them; they are read in the dashboard's Dev inbox. */
export class DevInboxProvider implements EmailProvider {
  readonly idempotent = false;
  /** One database insert per email; more in parallel would only queue for the pool. */
  readonly maxInFlight = 10;

  constructor(
    private readonly db: DbOrTx,
    private readonly connectorId: string | null,
  ) {}

  async send(message: OutgoingEmail): Promise<{ messageId: string }> {
    const from = formatMailbox(message.from, message.fromName);
    const headers: Record<string, string> = {
      ...message.headers,
      From: from,
      To: message.to,
      Subject: message.subject,
      ...(message.replyTo ? { "Reply-To": message.replyTo } : {}),
    };
    const [row] = await this.db
      .insert(devInboxMessages)
      .values({
        emailConnectorId: this.connectorId,
        to: message.to,
        from,
        subject: message.subject,
        html: message.html,
        text: message.text,
        headers,
      })
      .returning({ id: devInboxMessages.id });
    if (!row) throw new Error("insert returned no row");
    return { messageId: row.id };
  }

  async close(): Promise<void> {}

  async testConnection(): Promise<ConnectionTestResult> {
    const started = performance.now();
    const warnings = ["The dev inbox never delivers to real recipients; use it for development and testing only."];
    try {
      const [row] = await this.db.select({ n: sql<number>`count(*)::int` }).from(devInboxMessages);
      return {
        ok: true,
        latencyMs: Math.round(performance.now() - started),
        details: `Dev inbox is ready: emails are stored in EmailOps and shown under Dev inbox (${row?.n ?? 0} stored now).`,
        warnings,
      };
    } catch (error) {
      return {
        ok: false,
        latencyMs: Math.round(performance.now() - started),
        details: `The dev inbox table could not be read: ${error instanceof Error ? error.message : String(error)}`,
        warnings,
      };
    }
  }
}
