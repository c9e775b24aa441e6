import { count, desc, eq, ilike } from "drizzle-orm";
import { z } from "zod";
import type { Database, DbOrTx } from "@/server/db/client";
import { devInboxMessages } from "@/server/db/schema";
import { notFound } from "@/server/lib/errors";
import type { Actor } from "../auth/actor";
import { recordAudit } from "../audit-log/record";

export const DEV_INBOX_MAX_LIMIT = 100;

/**
 * `to` filters by recipient as a case-insensitive substring, so "alice" finds "Alice@Example.com" and a full address
 * finds exactly that recipient (plus any address containing it).
 */
export const listDevInboxInput = z.object({
  to: z.string().trim().max(320, "to must be at most 320 characters").optional(),
  limit: z
    .number("limit must be a number")
    .int("limit must be a whole number")
    .min(1, "limit must be at least 1")
    .max(DEV_INBOX_MAX_LIMIT, `limit must be at most ${DEV_INBOX_MAX_LIMIT}`)
    .default(25),
  offset: z.number("offset must be a number").int("offset must be a whole number").min(0, "offset must be 0 or more").default(0),
});
export type ListDevInboxInput = z.input<typeof listDevInboxInput>;

export interface DevInboxMessage {
  id: string;
  emailConnectorId: string | null;
  to: string;
  from: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  createdAt: Date;
}

export interface DevInboxPage {
  messages: DevInboxMessage[];
  total: number;
  limit: number;
  offset: number;
}

const escapeLike = (value: string) => value.replace(/[\\%_]/g, "\\$&");

export async function listDevInboxMessages(db: DbOrTx, input: ListDevInboxInput = {}): Promise<DevInboxPage> {
  const { to, limit, offset } = listDevInboxInput.parse(input);
  const where = to ? ilike(devInboxMessages.to, `%${escapeLike(to)}%`) : undefined;
  const [messages, [counted]] = await Promise.all([
    db
      .select()
      .from(devInboxMessages)
      .where(where)
      .orderBy(desc(devInboxMessages.createdAt), desc(devInboxMessages.id))
      .limit(limit)
      .offset(offset),
    db.select({ total: count() }).from(devInboxMessages).where(where),
  ]);
  return { messages, total: counted?.total ?? 0, limit, offset };
}

export async function getDevInboxMessage(db: DbOrTx, id: string): Promise<DevInboxMessage> {
  const [message] = await db.select().from(devInboxMessages).where(eq(devInboxMessages.id, id));
  if (!message) throw notFound("Dev inbox message", id);
  return message;
}

export async function clearDevInbox(db: Database, actor: Actor): Promise<{ deleted: number }> {
  return db.transaction(async (tx) => {
    const deleted = (await tx.delete(devInboxMessages).returning({ id: devInboxMessages.id })).length;
    await recordAudit(tx, actor, { action: "dev-inbox.clear", entityType: "dev_inbox", entityId: null, after: { deleted } });
    return { deleted };
  });
}
