import type { SegmentParameter } from "@/server/db/schema";

export type DataConnectorEngine = "POSTGRES" | "BIGQUERY";

export interface ColumnInfo {
  name: string;
  /** Engine's own type name (e.g. "int4", "text", "TIMESTAMP"). */
  type: string;
}

export type ResultRow = Record<string, unknown>;

/** User SQL with `:name` placeholders, the declared parameters and the values to bind (defaults fill the gaps). */
export interface QueryRequest {
  sql: string;
  parameters: SegmentParameter[];
  values?: Record<string, unknown>;
}

export interface DryRunResult {
  columns: ColumnInfo[];
  rows: ResultRow[];
  /** Total rows the full query would return (count(*) over the wrapped query). */
  count: number;
  durationMs: number;
  /** BigQuery only: bytes the dry run says the query processes. */
  bytesProcessed?: number;
}

export interface ResultBatch {
  columns: ColumnInfo[];
  rows: ResultRow[];
}

export interface DataConnectionTestResult {
  ok: boolean;
  latencyMs: number;
  serverVersion: string | null;
  /** True when the connector's credentials could modify data; we ask users for a read-only role. */
  canWrite: boolean | null;
  warnings: string[];
  error?: string;
}

/**
 * One adapter per engine. Every method goes through that engine's Query Governor: static analysis with a real
 * parser, wrapping, execution controls and bounded results. Nothing else may send user SQL to a customer database.
 */
export interface DataConnectorAdapter {
  readonly engine: DataConnectorEngine;
  testConnection(): Promise<DataConnectionTestResult>;
  /** Preview: at most `limit` rows (default 100) plus the total count; 5 s statement timeout. */
  dryRun(request: QueryRequest, options?: { limit?: number }): Promise<DryRunResult>;
  /** Full run in batches with bounded memory; stops with an error past `rowCap` rows (default 1,000,000). */
  stream(request: QueryRequest, options?: { batchSize?: number; rowCap?: number }): AsyncIterable<ResultBatch>;
  close(): Promise<void>;
}
