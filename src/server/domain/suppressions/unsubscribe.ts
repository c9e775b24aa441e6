import { createHmac, createSecretKey, hkdfSync, timingSafeEqual, type KeyObject } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Database, DbOrTx } from "@/server/db/client";
import { singleSendRecipients, singleSendRuns, singleSends, suppressions } from "@/server/db/schema";
import type { Env } from "@/server/lib/env";
import { systemActor } from "../auth/actor";
import { recordAudit } from "../audit-log/record";
import { maskEmail } from "../segments/mask";
import { normalizeEmail } from "./email-address";
import type { SuppressionReason } from "./suppressions";

const KEY_SALT = "emailops";
/** Domain separation: the same ENCRYPTION_SECRET also derives the connector-config key, never this one. */
const KEY_INFO = "emailops/unsubscribe/v1";
const ID_BYTES = 8;
/** 128 bits of HMAC-SHA256: unguessable, and short enough for a tidy link. */
const MAC_BYTES = 16;
/** 24 bytes encode to exactly 32 base64url characters, so every valid token has one canonical spelling. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{32}$/;

export interface UnsubscribeSigner {
  /** A url-safe token naming the recipient, e.g. for `/u/<token>`. */
  token(recipientId: number): string;
  /** The recipient id the token was made for, or null for anything not made by this secret (never throws). */
  verify(token: string): number | null;
}

function deriveKey(secret: string): KeyObject {
  return createSecretKey(Buffer.from(hkdfSync("sha256", secret, KEY_SALT, KEY_INFO, 32)));
}

function mac(key: KeyObject, idBytes: Uint8Array): Buffer {
  return createHmac("sha256", key).update(idBytes).digest().subarray(0, MAC_BYTES);
}

/**
 * Signs recipient ids into unsubscribe tokens. Tokens are made with `secret`; `previousSecrets` (the retired
 * ENCRYPTION_PREVIOUS_SECRETS) still verify, so links in emails already delivered keep working after a rotation.
 * Build one per process (or per batch) and reuse it: token() and verify() cost one HMAC each.
 */
export function createUnsubscribeSigner(secret: string, previousSecrets: readonly string[] = []): UnsubscribeSigner {
  const signingKey = deriveKey(secret);
  const verifyingKeys = [signingKey, ...previousSecrets.map(deriveKey)];
  return {
    token(recipientId) {
      if (!Number.isSafeInteger(recipientId) || recipientId <= 0) {
        throw new RangeError(`recipient id must be a positive safe integer, got ${recipientId}`);
      }
      const bytes = Buffer.alloc(ID_BYTES + MAC_BYTES);
      bytes.writeBigUInt64BE(BigInt(recipientId));
      mac(signingKey, bytes.subarray(0, ID_BYTES)).copy(bytes, ID_BYTES);
      return bytes.toString("base64url");
    },
    verify(token) {
      if (typeof token !== "string" || !TOKEN_PATTERN.test(token)) return null;
      const bytes = Buffer.from(token, "base64url");
      const idBytes = bytes.subarray(0, ID_BYTES);
      const given = bytes.subarray(ID_BYTES);
      if (!verifyingKeys.some((key) => timingSafeEqual(mac(key, idBytes), given))) return null;
      const id = bytes.readBigUInt64BE(0);
      return id > 0n && id <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(id) : null;
    },
  };
}

type SigningEnv = Pick<Env, "ENCRYPTION_SECRET" | "ENCRYPTION_PREVIOUS_SECRETS">;

/** The signer for this deployment's secrets (the previous ones parsed like the Keyring parses them). */
export function unsubscribeSignerFromEnv(env: SigningEnv): UnsubscribeSigner {
  const previous = (env.ENCRYPTION_PREVIOUS_SECRETS ?? "")
    .split(",")
    .map((secret) => secret.trim())
    .filter(Boolean);
  return createUnsubscribeSigner(env.ENCRYPTION_SECRET, previous);
}

let cachedSigner: { env: SigningEnv; signer: UnsubscribeSigner } | undefined;

/** The signer for these secrets, built once and reused (one HKDF per process, one HMAC per token). */
export function signerFor(env: SigningEnv): UnsubscribeSigner {
  if (
    cachedSigner?.env.ENCRYPTION_SECRET !== env.ENCRYPTION_SECRET ||
    cachedSigner.env.ENCRYPTION_PREVIOUS_SECRETS !== env.ENCRYPTION_PREVIOUS_SECRETS
  ) {
    cachedSigner = { env: { ...env }, signer: unsubscribeSignerFromEnv(env) };
  }
  return cachedSigner.signer;
}

export function unsubscribeUrl(appUrl: string, token: string): string {
  return `${appUrl.replace(/\/+$/, "")}/u/${token}`;
}

/** RFC 2369 List-Unsubscribe plus RFC 8058 one-click: mail clients POST to the URL without showing the page. */
export function listUnsubscribeHeaders(url: string): Record<string, string> {
  return { "List-Unsubscribe": `<${url}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" };
}

interface TokenRecipient {
  recipientId: number;
  runId: string;
  email: string;
  singleSendName: string;
}

async function findTokenRecipient(db: DbOrTx, recipientId: number): Promise<TokenRecipient | null> {
  const [row] = await db
    .select({
      recipientId: singleSendRecipients.id,
      runId: singleSendRecipients.runId,
      email: singleSendRecipients.email,
      singleSendName: singleSends.name,
    })
    .from(singleSendRecipients)
    .innerJoin(singleSendRuns, eq(singleSendRuns.id, singleSendRecipients.runId))
    .innerJoin(singleSends, eq(singleSends.id, singleSendRuns.singleSendId))
    .where(eq(singleSendRecipients.id, recipientId));
  return row ?? null;
}

async function existingReason(db: DbOrTx, emailNormalized: string): Promise<SuppressionReason | null> {
  const [row] = await db
    .select({ reason: suppressions.reason })
    .from(suppressions)
    .where(eq(suppressions.emailNormalized, emailNormalized));
  return row?.reason ?? null;
}

export interface UnsubscribeTarget {
  /** e.g. "a***@example.com": enough for the person to recognise, useless to whoever finds the link. */
  maskedEmail: string;
  singleSendName: string;
  /** The reason the address is already suppressed for, or null while it still receives marketing email. */
  suppressedReason: SuppressionReason | null;
}

interface UnsubscribeDeps {
  db: Database;
  env: SigningEnv;
}

/** What the confirmation page shows for a token; null when the token is forged, malformed or its recipient is gone. */
export async function describeUnsubscribeToken(deps: UnsubscribeDeps, token: string): Promise<UnsubscribeTarget | null> {
  const recipientId = signerFor(deps.env).verify(token);
  if (recipientId === null) return null;
  const recipient = await findTokenRecipient(deps.db, recipientId);
  if (!recipient) return null;
  return {
    maskedEmail: maskEmail(recipient.email),
    singleSendName: recipient.singleSendName,
    suppressedReason: await existingReason(deps.db, normalizeEmail(recipient.email)),
  };
}

export interface UnsubscribeResult extends UnsubscribeTarget {
  /** False when the address was already suppressed (for any reason); the earlier reason is kept. */
  unsubscribed: boolean;
}

export const UNSUBSCRIBE_LINK_SOURCE = "unsubscribe-link";

/**
 * Suppresses the token's recipient address with reason "unsubscribe". Idempotent: an address already suppressed
 * keeps its row and reason (a bounce stays a bounce). Returns null for a token that does not name a recipient.
 */
export async function unsubscribeByToken(deps: UnsubscribeDeps, token: string, source: string = UNSUBSCRIBE_LINK_SOURCE): Promise<UnsubscribeResult | null> {
  const recipientId = signerFor(deps.env).verify(token);
  if (recipientId === null) return null;
  return deps.db.transaction(async (tx) => {
    const recipient = await findTokenRecipient(tx, recipientId);
    if (!recipient) return null;
    const emailNormalized = normalizeEmail(recipient.email);
    const [inserted] = await tx
      .insert(suppressions)
      .values({
        email: recipient.email,
        emailNormalized,
        reason: "unsubscribe",
        source,
        note: `Unsubscribed from "${recipient.singleSendName}"`,
      })
      .onConflictDoNothing({ target: suppressions.emailNormalized })
      .returning();
    const target = { maskedEmail: maskEmail(recipient.email), singleSendName: recipient.singleSendName };
    if (!inserted) {
      return { ...target, unsubscribed: false, suppressedReason: await existingReason(tx, emailNormalized) };
    }
    await recordAudit(tx, systemActor("unsubscribe link"), {
      action: "suppression.unsubscribe",
      entityType: "suppression",
      entityId: inserted.id,
      after: { ...inserted, recipientId: recipient.recipientId, runId: recipient.runId },
    });
    return { ...target, unsubscribed: true, suppressedReason: "unsubscribe" };
  });
}
