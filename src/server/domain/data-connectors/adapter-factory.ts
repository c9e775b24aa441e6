import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/server/db/client";
import { dataConnectors } from "@/server/db/schema";
import type { Keyring } from "@/server/lib/crypto";
import { DomainError, notFound } from "@/server/lib/errors";
import type { DataConnectorAdapter } from "./adapter";
import { cachedAdapters, closeQuietly, dropDataConnectorAdapter } from "./adapter-cache";
import { createBigQueryAdapter } from "./adapters/bigquery";
import { createPostgresAdapter } from "./adapters/postgres";
import { dataConnectorConfig, type DataConnectorSettings } from "./config";

export { closeAllDataConnectorAdapters, dropDataConnectorAdapter, openDataConnectorAdapterCount } from "./adapter-cache";

export interface DataConnectorAdapterDeps {
  db: DbOrTx;
  keyring: Keyring;
}

export interface ResolvedDataConnector {
  id: string;
  name: string;
  updatedAt: Date;
  settings: DataConnectorSettings;
}

/** A fresh adapter (and pool) for the settings; the caller closes it. Used for unsaved configs and by the cache. */
export function createAdapterForSettings(settings: DataConnectorSettings): DataConnectorAdapter {
  switch (settings.type) {
    case "POSTGRES":
      return createPostgresAdapter(settings.config);
    case "BIGQUERY":
      return createBigQueryAdapter(settings.config);
  }
}

type DataConnectorRow = typeof dataConnectors.$inferSelect;

function openRow(keyring: Keyring, row: DataConnectorRow): ResolvedDataConnector {
  let config: unknown;
  try {
    config = keyring.decryptJson<unknown>(row.encryptedConfig);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DomainError("PRECONDITION_FAILED", `The config of data connector "${row.name}" cannot be decrypted (${reason}).`);
  }
  const settings = dataConnectorConfig.safeParse({ type: row.type, config });
  if (!settings.success) {
    throw new DomainError(
      "PRECONDITION_FAILED",
      `The stored config of data connector "${row.name}" is invalid; edit the connector and save its settings again.`,
    );
  }
  return { id: row.id, name: row.name, updatedAt: row.updatedAt, settings: settings.data };
}

async function loadRow(db: DbOrTx, id: string): Promise<DataConnectorRow | undefined> {
  const [row] = await db.select().from(dataConnectors).where(eq(dataConnectors.id, id));
  return row;
}

/** Loads a saved connector and opens its config. */
export async function resolveDataConnector(deps: DataConnectorAdapterDeps, id: string): Promise<ResolvedDataConnector> {
  const row = await loadRow(deps.db, id);
  if (!row) throw notFound("Data connector", id);
  return openRow(deps.keyring, row);
}

/**
 * The adapter of a saved connector, one per connector so each keeps one small pool. A connector edited since the
 * adapter was made (here or in another process) gets a new adapter and the old one is closed; a deleted one is dropped.
 */
export async function getDataConnectorAdapter(deps: DataConnectorAdapterDeps, connectorId: string): Promise<DataConnectorAdapter> {
  const row = await loadRow(deps.db, connectorId);
  if (!row) {
    await dropDataConnectorAdapter(connectorId);
    throw notFound("Data connector", connectorId);
  }
  const previous = cachedAdapters.get(connectorId);
  if (previous && previous.updatedAt >= row.updatedAt.getTime()) return previous.adapter;
  cachedAdapters.delete(connectorId);
  try {
    const adapter = createAdapterForSettings(openRow(deps.keyring, row).settings);
    cachedAdapters.set(connectorId, { updatedAt: row.updatedAt.getTime(), adapter });
    return adapter;
  } finally {
    if (previous) await closeQuietly(connectorId, previous.adapter);
  }
}
