/** Every limit the Query Governor applies, in one place. Adapters accept overrides (tests use short timeouts). */
export const GOVERNOR_LIMITS = {
  /** Statement timeout of a preview (dry run) and of its count query. */
  dryRunTimeoutMs: 5_000,
  /** Statement timeout of a full run, covering the whole stream. */
  fullRunTimeoutMs: 300_000,
  /** How long a query may wait for a lock before it fails instead of queueing behind writers. */
  lockTimeoutMs: 2_000,
  /** A governed transaction left idle (a stalled consumer) is ended by the server after this long. */
  idleInTransactionTimeoutMs: 60_000,
  /** Grace after the statement timeout before the client cancels the query itself (server unresponsive). */
  clientCancelGraceMs: 1_000,
  /** Longer segment SQL is refused before parsing: no real segment is this long, and parse cost grows with it. */
  maxSqlLength: 100_000,
  defaultPreviewRows: 100,
  maxPreviewRows: 1_000,
  defaultRowCap: 1_000_000,
  /**
   * Largest row (as Postgres stores it) a preview or full run may return. Segment rows are recipients and template
   * variables, not documents; the cap bounds the memory of a batch however wide the values are.
   */
  maxRowBytes: 64 * 1024,
  defaultBatchSize: 2_000,
  maxBatchSize: 50_000,
  /** Connections per connector: previews run preview and count side by side, a full run takes one. */
  poolSize: 3,
  connectTimeoutSeconds: 10,
  idleConnectionTimeoutSeconds: 30,
} as const;

export interface GovernorTimeouts {
  dryRunTimeoutMs: number;
  fullRunTimeoutMs: number;
  lockTimeoutMs: number;
  idleInTransactionTimeoutMs: number;
  clientCancelGraceMs: number;
}

export function formatDuration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}
