import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/server/db/client";
import { emailConnectors } from "@/server/db/schema";
import type { Keyring } from "@/server/lib/crypto";
import { DomainError, notFound } from "@/server/lib/errors";
import { emailConnectorConfigSchema } from "./config";
import type { ResolvedEmailConnector } from "./types";

export type EmailConnectorRow = typeof emailConnectors.$inferSelect;

export async function loadEmailConnectorRow(db: DbOrTx, id: string): Promise<EmailConnectorRow | undefined> {
  const [row] = await db.select().from(emailConnectors).where(eq(emailConnectors.id, id));
  return row;
}

/** Decrypts and checks a stored config; a config that no longer parses asks the admin to save the settings again. */
export function openEmailConnectorRow(keyring: Keyring, row: EmailConnectorRow): ResolvedEmailConnector {
  let config: unknown;
  try {
    config = keyring.decryptJson<unknown>(row.encryptedConfig);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DomainError("PRECONDITION_FAILED", `The config of email connector "${row.name}" cannot be decrypted (${reason}).`);
  }
  const settings = emailConnectorConfigSchema.safeParse({ type: row.type, config });
  if (!settings.success) {
    throw new DomainError(
      "PRECONDITION_FAILED",
      `The stored config of email connector "${row.name}" is invalid; edit the connector and save its settings again.`,
    );
  }
  return { id: row.id, name: row.name, settings: settings.data };
}

/** Loads a saved connector and opens its config for sending. */
export async function resolveEmailConnector(deps: { db: DbOrTx; keyring: Keyring }, id: string): Promise<ResolvedEmailConnector> {
  const row = await loadEmailConnectorRow(deps.db, id);
  if (!row) throw notFound("Email connector", id);
  return openEmailConnectorRow(deps.keyring, row);
}
