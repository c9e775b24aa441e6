import { BigQuery, type Job, type Query } from "@google-cloud/bigquery";
import type { SegmentParameter, SegmentParameterType } from "@/server/db/schema";
import { domainMetrics } from "@/server/lib/domain-metrics";
import { analyzeBigQueryQuery } from "@/server/domain/query-governor/bigquery-analyzer";
import { QueryExecutionError, QueryRejectedError } from "@/server/domain/query-governor/errors";
import { formatDuration, GOVERNOR_LIMITS } from "@/server/domain/query-governor/limits";
import { bindNamedParameters, type BoundValue } from "@/server/domain/query-governor/parameters";
import type {
  ColumnInfo,
  DataConnectionTestResult,
  DataConnectorAdapter,
  DryRunResult,
  QueryRequest,
  ResultBatch,
  ResultRow,
} from "../adapter";
import type { BigQueryConnectorConfig } from "../config";

/** Bytes a single job may bill when the connector sets no cap of its own: 10 GiB. */
export const DEFAULT_MAXIMUM_BYTES_BILLED = 10 * 1024 ** 3;

export const BIGQUERY_ROLE_WARNING =
  "EmailOps cannot cheaply check whether this service account can modify data. Grant it only BigQuery Data Viewer (on the datasets segments read) and BigQuery Job User (on the project).";

const GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com/token";
/** How long one getQueryResults call may wait for the job on the server before we poll again. */
const MAX_POLL_WAIT_MS = 10_000;
const ENGINE_LABEL = "bigquery";

export interface BigQueryAdapterOptions {
  /** Base URL of the BigQuery REST API (an emulator or a local fake); defaults to Google's. */
  apiEndpoint?: string;
  /** Job timeout of a full run; default GOVERNOR_LIMITS.fullRunTimeoutMs (300 s). */
  jobTimeoutMs?: number;
  /** Job timeout of the preview and count jobs; default GOVERNOR_LIMITS.dryRunTimeoutMs (5 s). */
  previewTimeoutMs?: number;
}

interface ServiceAccountKey {
  client_email: string;
  private_key: string;
  private_key_id?: string;
  token_uri?: string;
}

interface FieldSchema {
  name?: string | null;
  type?: string | null;
  mode?: string | null;
  fields?: FieldSchema[] | null;
}

interface Cell {
  v?: unknown;
}

interface RawRow {
  f?: Cell[];
}

interface PreparedQuery {
  sql: string;
  params?: Record<string, unknown>;
  types?: Record<string, string>;
}

interface ResultPage {
  fields: FieldSchema[];
  rows: RawRow[];
  totalRows: number;
  pageToken?: string;
}

function parseKey(credentialsJson: string): ServiceAccountKey {
  const parsed = JSON.parse(credentialsJson) as Partial<ServiceAccountKey>;
  if (typeof parsed.client_email !== "string" || typeof parsed.private_key !== "string") {
    throw new QueryExecutionError("The BigQuery credentials are not a service-account key (client_email and private_key are required).");
  }
  return {
    client_email: parsed.client_email,
    private_key: parsed.private_key,
    private_key_id: typeof parsed.private_key_id === "string" ? parsed.private_key_id : undefined,
    token_uri: typeof parsed.token_uri === "string" ? parsed.token_uri : undefined,
  };
}

export function formatBytes(bytes: number): string {
  const units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${bytes} bytes` : `${Number(value.toFixed(2))} ${units[unit]}`;
}

const PARAMETER_TYPES: Record<SegmentParameterType, (value: BoundValue) => string> = {
  string: () => "STRING",
  // INT64 for whole numbers so a parameter works in LIMIT, INTERVAL … DAY and integer comparisons.
  number: (value) => (Number.isInteger(value) ? "INT64" : "FLOAT64"),
  boolean: () => "BOOL",
  date: () => "DATE",
  timestamp: () => "TIMESTAMP",
};

/** The client sends DATE and TIMESTAMP parameters only when wrapped in its own value types. */
function parameterValue(type: SegmentParameterType, value: BoundValue): unknown {
  if (type === "date") return BigQuery.date(String(value));
  if (type === "timestamp") return BigQuery.timestamp(value instanceof Date ? value : new Date(String(value)));
  return value;
}

const STANDARD_TYPE_NAMES: Record<string, string> = { INTEGER: "INT64", FLOAT: "FLOAT64", BOOLEAN: "BOOL", RECORD: "STRUCT" };

function columnType(field: FieldSchema): string {
  const base = (field.type ?? "STRING").toUpperCase();
  const type = STANDARD_TYPE_NAMES[base] ?? base;
  return field.mode === "REPEATED" ? `ARRAY<${type}>` : type;
}

function toColumns(fields: FieldSchema[]): ColumnInfo[] {
  return fields.map((field) => ({ name: field.name ?? "", type: columnType(field) }));
}

function timestampValue(raw: string): Date {
  // formatOptions.useInt64Timestamp (the client's default) sends microseconds since the epoch.
  return /^-?\d+$/.test(raw) ? new Date(Number(BigInt(raw) / 1000n)) : new Date(Number(raw) * 1000);
}

/** Converts one wire cell into a plain value: numbers that fit, Date for TIMESTAMP, exact strings for the rest. */
function decodeValue(field: FieldSchema, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (field.mode === "REPEATED") {
    const element = { ...field, mode: "NULLABLE" };
    return (value as Cell[]).map((cell) => decodeValue(element, cell.v));
  }
  const type = STANDARD_TYPE_NAMES[(field.type ?? "").toUpperCase()] ?? (field.type ?? "").toUpperCase();
  if (type === "STRUCT") return decodeRow(field.fields ?? [], value as RawRow);
  const raw = String(value);
  switch (type) {
    case "INT64": {
      const number = Number(raw);
      return Number.isSafeInteger(number) ? number : raw;
    }
    case "FLOAT64":
      return Number(raw);
    case "BOOL":
      return raw === "true";
    case "TIMESTAMP":
      return timestampValue(raw);
    case "JSON":
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        return raw;
      }
    default:
      return raw;
  }
}

function decodeRow(fields: FieldSchema[], row: RawRow): ResultRow {
  const result: ResultRow = {};
  fields.forEach((field, index) => {
    result[field.name ?? `f${index}`] = decodeValue(field, row.f?.[index]?.v);
  });
  return result;
}

interface ErrorInfo {
  reason?: string;
  message: string;
}

function errorInfo(error: unknown): ErrorInfo {
  const details = error as { errors?: { reason?: string; message?: string }[]; message?: string };
  const first = Array.isArray(details.errors) ? details.errors[0] : undefined;
  return { reason: first?.reason, message: first?.message ?? (error instanceof Error ? error.message : String(error)) };
}

/** BigQuery reports syntax positions as "[line:column]"; this turns one into a 1-based offset in `sql`. */
function positionFromMessage(sql: string, message: string): number | undefined {
  const match = /\[(\d+):(\d+)\]/.exec(message);
  if (!match) return undefined;
  const [line, column] = [Number(match[1]), Number(match[2])];
  const lines = sql.split("\n");
  if (line < 1 || line > lines.length) return undefined;
  const offset = lines.slice(0, line - 1).reduce((sum, text) => sum + text.length + 1, 0);
  return offset + column;
}

function clamp(value: number | undefined, fallback: number, max: number): number {
  if (value === undefined || !Number.isFinite(value)) return fallback;
  return Math.min(Math.max(1, Math.floor(value)), max);
}

function metricReason(error: unknown): string {
  if (error instanceof QueryRejectedError) return "rejected";
  const reason = error instanceof QueryExecutionError ? error.details?.reason : undefined;
  return typeof reason === "string" ? reason : "internal";
}

export function createBigQueryAdapter(config: BigQueryConnectorConfig, options: BigQueryAdapterOptions = {}): DataConnectorAdapter {
  const key = parseKey(config.credentialsJson);
  const maximumBytesBilled = config.maximumBytesBilled ?? DEFAULT_MAXIMUM_BYTES_BILLED;
  const previewTimeoutMs = options.previewTimeoutMs ?? GOVERNOR_LIMITS.dryRunTimeoutMs;
  const fullTimeoutMs = options.jobTimeoutMs ?? GOVERNOR_LIMITS.fullRunTimeoutMs;
  const client = new BigQuery({
    projectId: config.projectId,
    location: config.location,
    // Only the service-account fields: a key of another "type" would make the auth library fetch arbitrary URLs.
    credentials: { client_email: key.client_email, private_key: key.private_key, private_key_id: key.private_key_id },
    ...(options.apiEndpoint ? { apiEndpoint: options.apiEndpoint } : {}),
  });

  let authReady: Promise<void> | undefined;
  /**
   * Google's Go and Python libraries send the JWT-bearer exchange to the key file's token_uri; the Node library always
   * uses Google's endpoint. Honouring token_uri keeps keys for private endpoints (and our local fake) working.
   */
  function prepareAuth(): Promise<void> {
    authReady ??= (async () => {
      const tokenUri = key.token_uri;
      if (!tokenUri || tokenUri === GOOGLE_TOKEN_URL) return;
      const target = URL.canParse(tokenUri) ? new URL(tokenUri) : undefined;
      if (target?.protocol !== "https:" && target?.protocol !== "http:") {
        throw new QueryExecutionError("The service-account key's token_uri is not an http(s) URL; use the key file exactly as Google issued it.");
      }
      const authClient = await client.authClient.getClient();
      authClient.transporter.interceptors.request.add({
        resolved: async (request) => {
          if (request.url.href === GOOGLE_TOKEN_URL) request.url = new URL(target);
          return request;
        },
      });
    })();
    return authReady;
  }

  function prepare(request: QueryRequest): PreparedQuery {
    const { sql } = analyzeBigQueryQuery(request.sql, request.parameters);
    const { values } = bindNamedParameters(request.sql, request.parameters, request.values, "bigquery");
    const names = Object.keys(values);
    if (names.length === 0) return { sql };
    const declared = new Map<string, SegmentParameter>(request.parameters.map((parameter) => [parameter.name, parameter]));
    const params: Record<string, unknown> = {};
    const types: Record<string, string> = {};
    for (const name of names) {
      const type = declared.get(name)?.type ?? "string";
      const value = values[name] as BoundValue;
      params[name] = parameterValue(type, value);
      types[name] = PARAMETER_TYPES[type](value);
    }
    return { sql, params, types };
  }

  function queryOptions(query: PreparedQuery, sql: string): Query {
    return { query: sql, useLegacySql: false, ...(query.params ? { params: query.params, types: query.types } : {}) };
  }

  function describeFailure(error: unknown, timeoutMs: number): QueryExecutionError | QueryRejectedError {
    if (error instanceof QueryExecutionError || error instanceof QueryRejectedError) return error;
    const { reason, message } = errorInfo(error);
    if (reason === "bytesBilledLimitExceeded") {
      return new QueryExecutionError(
        `BigQuery refused to run the query: it would bill more than this connector's limit of ${formatBytes(maximumBytesBilled)} (maximumBytesBilled ${maximumBytesBilled}). Filter on partitioned or clustered columns, select fewer columns, or raise the limit in the data connector settings. BigQuery said: ${message}`,
        { reason: "bytes_cap", maximumBytesBilled },
      );
    }
    if (reason === "timeout" || /\btimed out\b/i.test(message)) {
      return new QueryExecutionError(`The BigQuery job did not finish within ${formatDuration(timeoutMs)} and was stopped. BigQuery said: ${message}`, {
        reason: "timeout",
        timeoutMs,
      });
    }
    return new QueryExecutionError(`BigQuery query failed: ${message}`, { reason: "bigquery_error", bigQueryReason: reason });
  }

  /** Layer 3 of the governor: BigQuery parses and plans the query without running it; only SELECT may proceed. */
  async function dryRunCheck(query: PreparedQuery): Promise<{ bytesProcessed: number }> {
    let job: Job;
    try {
      [job] = await client.createQueryJob({ ...queryOptions(query, query.sql), dryRun: true });
    } catch (error) {
      const { reason, message } = errorInfo(error);
      if (reason === "invalidQuery") throw new QueryRejectedError(`BigQuery refused the query: ${message}`, positionFromMessage(query.sql, message));
      throw new QueryExecutionError(`BigQuery dry run failed: ${message}`, { reason: "bigquery_error", bigQueryReason: reason });
    }
    const statistics = job.metadata?.statistics;
    const statementType = statistics?.query?.statementType;
    if (statementType !== "SELECT") {
      throw new QueryRejectedError(`BigQuery reads this as a ${statementType ?? "non-query"} statement; only a single SELECT query is allowed.`);
    }
    const bytesProcessed = Number(statistics?.query?.totalBytesProcessed ?? statistics?.totalBytesProcessed ?? 0);
    if (bytesProcessed > maximumBytesBilled) {
      throw new QueryExecutionError(
        `The query would process ${formatBytes(bytesProcessed)}, more than this connector's limit of ${formatBytes(maximumBytesBilled)} (maximumBytesBilled ${maximumBytesBilled}). Filter on partitioned or clustered columns, select fewer columns, or raise the limit in the data connector settings.`,
        { reason: "bytes_cap", bytesProcessed, maximumBytesBilled },
      );
    }
    return { bytesProcessed };
  }

  async function startJob(query: PreparedQuery, sql: string, timeoutMs: number): Promise<Job> {
    const [job] = await client.createQueryJob({
      ...queryOptions(query, sql),
      maximumBytesBilled: String(maximumBytesBilled),
      jobTimeoutMs: timeoutMs,
      labels: { application: "emailops" },
    });
    return job;
  }

  async function cancelQuietly(job: Job): Promise<void> {
    try {
      await job.cancel();
    } catch {
      // The job may already have ended; its own jobTimeoutMs stops it server-side anyway.
    }
  }

  /**
   * One page of results, waiting for the job first. BigQuery's jobTimeoutMs ends a runaway job on the server; the
   * client deadline (timeout + grace) covers a server that stops answering, and cancels the job.
   */
  async function fetchPage(job: Job, page: { maxResults: number; pageToken?: string }, timeoutMs: number): Promise<ResultPage> {
    const deadline = Date.now() + timeoutMs + GOVERNOR_LIMITS.clientCancelGraceMs;
    for (;;) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        await cancelQuietly(job);
        throw new QueryExecutionError(`The BigQuery job did not finish within ${formatDuration(timeoutMs)} and was cancelled.`, { reason: "timeout", timeoutMs });
      }
      const response = await new Promise<{ rows: RawRow[]; complete: boolean; fields: FieldSchema[]; totalRows: number; pageToken?: string }>(
        (resolve, reject) => {
          job.getQueryResults(
            { ...page, autoPaginate: false, skipParsing: true, timeoutMs: Math.min(remaining, MAX_POLL_WAIT_MS) },
            (error, rows, _next, apiResponse) => {
              // With timeoutMs the client reports an unfinished job as an error; it is just "poll again".
              if (apiResponse?.jobComplete === false) {
                resolve({ rows: [], complete: false, fields: [], totalRows: 0 });
                return;
              }
              if (error) {
                reject(error);
                return;
              }
              resolve({
                rows: (rows ?? []) as RawRow[],
                complete: true,
                fields: (apiResponse?.schema?.fields ?? []) as FieldSchema[],
                totalRows: Number(apiResponse?.totalRows ?? 0),
                pageToken: apiResponse?.pageToken ?? undefined,
              });
            },
          );
        },
      );
      if (response.complete) return response;
    }
  }

  function record(mode: string, started: number, outcome: "ok" | "rejected" | "error", rows = 0): void {
    domainMetrics.segmentQueryDuration.observe({ engine: ENGINE_LABEL, mode, outcome }, (performance.now() - started) / 1000);
    if (rows > 0) domainMetrics.segmentQueryRows.inc({ engine: ENGINE_LABEL, mode }, rows);
  }

  function recordFailure(mode: string, started: number, error: unknown): void {
    record(mode, started, error instanceof QueryRejectedError ? "rejected" : "error");
    domainMetrics.segmentQueryErrors.inc({ engine: ENGINE_LABEL, mode, reason: metricReason(error) });
  }

  async function runToPage(query: PreparedQuery, sql: string, maxResults: number, timeoutMs: number): Promise<ResultPage> {
    try {
      const job = await startJob(query, sql, timeoutMs);
      return await fetchPage(job, { maxResults }, timeoutMs);
    } catch (error) {
      throw describeFailure(error, timeoutMs);
    }
  }

  return {
    engine: "BIGQUERY",

    async testConnection(): Promise<DataConnectionTestResult> {
      const started = performance.now();
      const latency = () => Math.round(performance.now() - started);
      try {
        await prepareAuth();
        await client.createQueryJob({ query: "SELECT 1", useLegacySql: false, dryRun: true });
        return { ok: true, latencyMs: latency(), serverVersion: "BigQuery", canWrite: null, warnings: [BIGQUERY_ROLE_WARNING] };
      } catch (error) {
        return { ok: false, latencyMs: latency(), serverVersion: null, canWrite: null, warnings: [], error: `BigQuery did not accept a test query: ${errorInfo(error).message}` };
      }
    },

    async dryRun(request: QueryRequest, runOptions: { limit?: number } = {}): Promise<DryRunResult> {
      const started = performance.now();
      const limit = clamp(runOptions.limit, GOVERNOR_LIMITS.defaultPreviewRows, GOVERNOR_LIMITS.maxPreviewRows);
      try {
        const query = prepare(request);
        await prepareAuth();
        const { bytesProcessed } = await dryRunCheck(query);
        // Settled, not raced: when one fails the other has finished or been cancelled before the error is reported.
        const [previewOutcome, countOutcome] = await Promise.allSettled([
          runToPage(query, `SELECT * FROM (\n${query.sql}\n) LIMIT ${limit}`, limit, previewTimeoutMs),
          runToPage(query, `SELECT COUNT(*) AS count FROM (\n${query.sql}\n)`, 1, previewTimeoutMs),
        ]);
        if (previewOutcome.status === "rejected") throw previewOutcome.reason;
        if (countOutcome.status === "rejected") throw countOutcome.reason;
        const [preview, count] = [previewOutcome.value, countOutcome.value];
        const rows = preview.rows.slice(0, limit).map((row) => decodeRow(preview.fields, row));
        const total = count.rows[0] ? Number(decodeRow(count.fields, count.rows[0]).count) : 0;
        record("dry_run", started, "ok", rows.length);
        return { columns: toColumns(preview.fields), rows, count: total, durationMs: Math.round(performance.now() - started), bytesProcessed };
      } catch (error) {
        const failure = describeFailure(error, previewTimeoutMs);
        recordFailure("dry_run", started, failure);
        throw failure;
      }
    },

    stream(request: QueryRequest, streamOptions: { batchSize?: number; rowCap?: number } = {}): AsyncIterable<ResultBatch> {
      const batchSize = clamp(streamOptions.batchSize, GOVERNOR_LIMITS.defaultBatchSize, GOVERNOR_LIMITS.maxBatchSize);
      const rowCap = clamp(streamOptions.rowCap, GOVERNOR_LIMITS.defaultRowCap, Number.MAX_SAFE_INTEGER - 1);
      return {
        async *[Symbol.asyncIterator]() {
          const started = performance.now();
          let delivered = 0;
          try {
            const query = prepare(request);
            await prepareAuth();
            await dryRunCheck(query);
            // One row past the cap tells "exactly at the cap" from "over it" without reading the rest.
            const job = await startJob(query, `SELECT * FROM (\n${query.sql}\n) LIMIT ${rowCap + 1}`, fullTimeoutMs);
            let page = await fetchPage(job, { maxResults: batchSize }, fullTimeoutMs);
            const overCap = () =>
              new QueryExecutionError(
                `The query returns more than ${rowCap.toLocaleString("en-US")} rows, the row cap of a full run. Narrow the segment or raise the cap.`,
                { reason: "row_cap", rowCap },
              );
            if (page.totalRows > rowCap) throw overCap();
            const columns = toColumns(page.fields);
            for (;;) {
              if (delivered + page.rows.length > rowCap) throw overCap();
              if (page.rows.length > 0) {
                const rows = page.rows.map((row) => decodeRow(page.fields, row));
                delivered += rows.length;
                yield { columns, rows };
              }
              if (!page.pageToken) break;
              page = await fetchPage(job, { maxResults: batchSize, pageToken: page.pageToken }, fullTimeoutMs);
            }
            record("full_run", started, "ok", delivered);
          } catch (error) {
            const failure = describeFailure(error, fullTimeoutMs);
            recordFailure("full_run", started, failure);
            if (delivered > 0) domainMetrics.segmentQueryRows.inc({ engine: ENGINE_LABEL, mode: "full_run" }, delivered);
            throw failure;
          }
        },
      };
    },

    async close(): Promise<void> {
      // The client holds no pool of its own: each call is an HTTPS request.
    },
  };
}
