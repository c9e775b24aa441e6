import { and, desc, eq, isNull, lt, or } from "drizzle-orm";
import { z } from "zod";
import type { Database, DbOrTx } from "@/server/db/client";
import { apiKeys, users } from "@/server/db/schema";
import { randomToken, sha256Hex } from "@/server/lib/crypto";
import { DomainError, notFound } from "@/server/lib/errors";
import type { Actor } from "../auth/actor";
import { recordAudit } from "../audit-log/record";

const KEY_PREFIX = "eo_";
/** lastUsedAt is refreshed at most this often, so a busy integration does not write on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;

export const createApiKeyInput = z.object({
  name: z.string().trim().min(1, "Name is required").max(100, "Name must be at most 100 characters"),
});

export interface ApiKeySummary {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  createdByEmail: string | null;
}

export async function createApiKey(
  db: Database,
  actor: Actor,
  input: z.input<typeof createApiKeyInput>,
): Promise<{ key: string; apiKey: ApiKeySummary }> {
  const { name } = createApiKeyInput.parse(input);
  const key = `${KEY_PREFIX}${randomToken(32)}`;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiKeys)
      .values({
        name,
        prefix: key.slice(0, KEY_PREFIX.length + 6),
        keyHash: sha256Hex(key),
        createdById: actor.type === "user" ? actor.id : null,
      })
      .returning();
    if (!row) throw new Error("insert returned no row");
    const summary: ApiKeySummary = {
      id: row.id,
      name: row.name,
      prefix: row.prefix,
      createdAt: row.createdAt,
      lastUsedAt: null,
      revokedAt: null,
      createdByEmail: actor.type === "user" ? actor.email : null,
    };
    await recordAudit(tx, actor, { action: "api-key.create", entityType: "api_key", entityId: row.id, after: summary });
    return { key, apiKey: summary };
  });
}

export async function listApiKeys(db: DbOrTx): Promise<ApiKeySummary[]> {
  return db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
      createdByEmail: users.email,
    })
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.createdById))
    .orderBy(desc(apiKeys.createdAt));
}

export async function revokeApiKey(db: Database, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(apiKeys).where(eq(apiKeys.id, id));
    if (!before) throw notFound("API key", id);
    if (before.revokedAt) throw new DomainError("CONFLICT", `API key "${before.name}" is already revoked`);
    await tx.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, id));
    await recordAudit(tx, actor, {
      action: "api-key.revoke",
      entityType: "api_key",
      entityId: id,
      before: { name: before.name, prefix: before.prefix },
    });
  });
}

/** `Authorization: Bearer <key>` → the key's actor; a malformed header or an unknown key → null. */
export async function actorFromAuthorizationHeader(db: DbOrTx, header: string): Promise<Actor | null> {
  const key = /^Bearer\s+(\S+)$/i.exec(header.trim())?.[1];
  return key ? authenticateApiKey(db, key) : null;
}

/** Resolves a presented bearer key to an actor; revoked and unknown keys resolve to null. */
export async function authenticateApiKey(db: DbOrTx, presented: string): Promise<Actor | null> {
  if (!presented.startsWith(KEY_PREFIX)) return null;
  const [row] = await db
    .select({ id: apiKeys.id, name: apiKeys.name })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, sha256Hex(presented)), isNull(apiKeys.revokedAt)));
  if (!row) return null;
  const now = new Date();
  await db
    .update(apiKeys)
    .set({ lastUsedAt: now })
    .where(
      and(
        eq(apiKeys.id, row.id),
        or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, new Date(now.getTime() - LAST_USED_RESOLUTION_MS))),
      ),
    );
  return { type: "api_key", id: row.id, name: row.name, role: "admin" };
}
