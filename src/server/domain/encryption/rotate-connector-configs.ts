import { eq } from "drizzle-orm";
import type { Database, DbOrTx } from "@/server/db/client";
import { dataConnectors, emailConnectors } from "@/server/db/schema";
import type { Keyring } from "@/server/lib/crypto";
import { DomainError } from "@/server/lib/errors";
import type { Actor } from "../auth/actor";
import { recordAudit } from "../audit-log/record";

export interface RotationResult {
  dataConnectors: number;
  emailConnectors: number;
}

const tables = [
  { table: dataConnectors, entityType: "data_connector", label: "data connector", action: "data-connector.rotate-encryption-key" },
  { table: emailConnectors, entityType: "email_connector", label: "email connector", action: "email-connector.rotate-encryption-key" },
] as const;

async function rotateTable(tx: DbOrTx, keyring: Keyring, actor: Actor, target: (typeof tables)[number]): Promise<number> {
  const { table } = target;
  const rows = await tx.select({ id: table.id, name: table.name, encryptedConfig: table.encryptedConfig }).from(table).for("update");
  let rotated = 0;
  for (const row of rows) {
    if (!keyring.needsRotation(row.encryptedConfig)) continue;
    let plaintext: string;
    try {
      plaintext = keyring.decrypt(row.encryptedConfig);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new DomainError(
        "PRECONDITION_FAILED",
        `The config of ${target.label} "${row.name}" cannot be decrypted (${reason}). Add the secret it was sealed with to ENCRYPTION_PREVIOUS_SECRETS and run the rotation again; nothing was changed.`,
      );
    }
    await tx.update(table).set({ encryptedConfig: keyring.encrypt(plaintext), updatedAt: new Date() }).where(eq(table.id, row.id));
    await recordAudit(tx, actor, {
      action: target.action,
      entityType: target.entityType,
      entityId: row.id,
      after: { keyId: keyring.currentKeyId },
    });
    rotated += 1;
  }
  return rotated;
}

/**
 * Re-seals every connector config that was encrypted with a retired ENCRYPTION_SECRET under the current one.
 * All or nothing: one config that no configured key can open aborts the whole rotation.
 */
export async function rotateConnectorConfigs(db: Database, keyring: Keyring, actor: Actor): Promise<RotationResult> {
  return db.transaction(async (tx) => {
    const dataCount = await rotateTable(tx, keyring, actor, tables[0]);
    const emailCount = await rotateTable(tx, keyring, actor, tables[1]);
    return { dataConnectors: dataCount, emailConnectors: emailCount };
  });
}
