import { logger } from "@/server/lib/logger";
import type { DataConnectorAdapter } from "./adapter";

export interface CachedAdapter {
  /** The connector's updatedAt (ms) the adapter was made from; a newer row means new settings. */
  updatedAt: number;
  adapter: DataConnectorAdapter;
}

/** Kept on globalThis so Next.js dev hot reloads reuse the pools instead of leaking a new set per reload. */
const globalForAdapters = globalThis as unknown as { emailopsDataConnectorAdapters?: Map<string, CachedAdapter> };
export const cachedAdapters: Map<string, CachedAdapter> = (globalForAdapters.emailopsDataConnectorAdapters ??= new Map());

export async function closeQuietly(connectorId: string | null, adapter: DataConnectorAdapter): Promise<void> {
  try {
    await adapter.close();
  } catch (error) {
    logger().warn({ connectorId, err: error }, "closing a data connector adapter failed");
  }
}

/** Closes and forgets the cached adapter of a connector (after it changed or was deleted). */
export async function dropDataConnectorAdapter(connectorId: string): Promise<void> {
  const cached = cachedAdapters.get(connectorId);
  if (!cached) return;
  cachedAdapters.delete(connectorId);
  await closeQuietly(connectorId, cached.adapter);
}

/** Closes every cached adapter: on shutdown, and between tests. */
export async function closeAllDataConnectorAdapters(): Promise<void> {
  const entries = [...cachedAdapters.entries()];
  cachedAdapters.clear();
  await Promise.all(entries.map(([connectorId, cached]) => closeQuietly(connectorId, cached.adapter)));
}

/** How many connectors currently hold an open adapter. */
export function openDataConnectorAdapterCount(): number {
  return cachedAdapters.size;
}
