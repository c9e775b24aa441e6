import { domainMetrics } from "@/server/lib/domain-metrics";
import { QueryExecutionError, QueryRejectedError } from "../../query-governor/errors";
import { GOVERNOR_LIMITS, type GovernorTimeouts } from "../../query-governor/limits";
import { resolveBoundValues, type BoundValue } from "../../query-governor/parameters";
import { analyzePostgresStatement, type AnalyzedPostgresQuery } from "../../query-governor/postgres-analyzer";
import {
  createGovernedPool,
  executeGoverned,
  rowSizeGuard,
  streamGoverned,
  type ErrorContext,
  type ExecutionLimits,
  type GovernedColumn,
  type GovernedPool,
} from "../../query-governor/postgres-execution";
import { codePointsToIndex } from "../../query-governor/sql-text";
import type {
  ColumnInfo,
  DataConnectionTestResult,
  DataConnectorAdapter,
  DryRunResult,
  QueryRequest,
  ResultBatch,
  ResultRow,
} from "../adapter";
import type { PostgresConnectorConfig } from "../config";

export interface PostgresAdapterOptions {
  /** Shorter limits for tests; production uses GOVERNOR_LIMITS. */
  timeouts?: Partial<GovernorTimeouts>;
  poolSize?: number;
}

type Mode = "dry_run" | "full_run";

const BUILTIN_TYPE_NAMES: Record<number, string> = {
  16: "bool", 17: "bytea", 18: "char", 19: "name", 20: "int8", 21: "int2", 23: "int4", 25: "text", 26: "oid",
  114: "json", 142: "xml", 199: "_json", 650: "cidr", 700: "float4", 701: "float8", 705: "unknown", 790: "money",
  829: "macaddr", 869: "inet", 1000: "_bool", 1005: "_int2", 1007: "_int4", 1009: "_text", 1015: "_varchar",
  1016: "_int8", 1021: "_float4", 1022: "_float8", 1042: "bpchar", 1043: "varchar", 1082: "date", 1083: "time",
  1114: "timestamp", 1115: "_timestamp", 1182: "_date", 1184: "timestamptz", 1185: "_timestamptz", 1186: "interval",
  1231: "_numeric", 1266: "timetz", 1560: "bit", 1562: "varbit", 1700: "numeric", 2249: "record", 2950: "uuid",
  2951: "_uuid", 3802: "jsonb", 3807: "_jsonb",
};

/** The user's statement sits on its own lines so a trailing `--` comment cannot swallow the wrapper's closing paren. */
const WRAP_PREFIX = "SELECT q.* FROM (\n";
const COUNT_PREFIX = "SELECT count(*) AS count FROM (\n";

function errorReason(error: unknown): string {
  if (error instanceof QueryRejectedError) return "rejected";
  if (error instanceof QueryExecutionError) return String(error.details?.reason ?? "database_error");
  return "internal";
}

function clamp(value: number | undefined, fallback: number, max: number): number {
  if (value === undefined || !Number.isFinite(value)) return fallback;
  return Math.min(Math.max(1, Math.floor(value)), max);
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

export function createPostgresAdapter(config: PostgresConnectorConfig, options: PostgresAdapterOptions = {}): DataConnectorAdapter {
  const timeouts: GovernorTimeouts = { ...GOVERNOR_LIMITS, ...options.timeouts };
  const pool: GovernedPool = createGovernedPool(config, options);
  const typeNames = new Map<number, string>(Object.entries(BUILTIN_TYPE_NAMES).map(([oid, name]) => [Number(oid), name]));

  const limitsFor = (mode: Mode): ExecutionLimits => ({
    statementTimeoutMs: mode === "dry_run" ? timeouts.dryRunTimeoutMs : timeouts.fullRunTimeoutMs,
    lockTimeoutMs: timeouts.lockTimeoutMs,
    idleInTransactionTimeoutMs: timeouts.idleInTransactionTimeoutMs,
    clientCancelGraceMs: timeouts.clientCancelGraceMs,
    maxRowBytes: GOVERNOR_LIMITS.maxRowBytes,
  });

  function record(mode: Mode, started: number, outcome: "ok" | "rejected" | "error", rows: number, error?: unknown): void {
    domainMetrics.segmentQueryDuration.observe({ engine: "postgres", mode, outcome }, (performance.now() - started) / 1000);
    if (rows > 0) domainMetrics.segmentQueryRows.inc({ engine: "postgres", mode }, rows);
    if (error !== undefined) domainMetrics.segmentQueryErrors.inc({ engine: "postgres", mode, reason: errorReason(error) });
  }

  async function prepare(request: QueryRequest): Promise<{ analyzed: AnalyzedPostgresQuery; values: BoundValue[] }> {
    const analyzed = await analyzePostgresStatement(request.sql, request.parameters);
    const resolved = resolveBoundValues(request.parameters, request.values);
    return { analyzed, values: analyzed.names.map((name) => resolved.get(name)!) };
  }

  /** Error positions Postgres reports in the wrapped text, mapped back into the SQL the user wrote. */
  function errorContext(analyzed: AnalyzedPostgresQuery, wrapped: string, prefix: string): ErrorContext {
    return {
      position: (pgPosition) => {
        const index = codePointsToIndex(wrapped, pgPosition - 1) - prefix.length;
        return index >= 0 && index < analyzed.sql.length ? analyzed.toOriginalPosition(index) : undefined;
      },
    };
  }

  async function describeColumns(columns: GovernedColumn[]): Promise<ColumnInfo[]> {
    const unknown = [...new Set(columns.map((column) => column.type).filter((oid) => !typeNames.has(oid)))];
    if (unknown.length > 0) {
      const found = await pool<{ oid: number; typname: string }[]>`
        select oid::int4 as oid, typname from pg_catalog.pg_type where oid = any(${`{${unknown.join(",")}}`}::oid[])`;
      for (const { oid, typname } of found) typeNames.set(oid, typname);
    }
    return columns.map(({ name, type }) => ({ name, type: typeNames.get(type) ?? `oid:${type}` }));
  }

  async function dryRun(request: QueryRequest, runOptions: { limit?: number } = {}): Promise<DryRunResult> {
    const started = performance.now();
    try {
      const { analyzed, values } = await prepare(request);
      const limit = clamp(runOptions.limit, GOVERNOR_LIMITS.defaultPreviewRows, GOVERNOR_LIMITS.maxPreviewRows);
      const limits = limitsFor("dry_run");
      const n = values.length;
      const previewSql = `${WRAP_PREFIX}${analyzed.sql}\n) AS q ${rowSizeGuard(`$${n + 1}`)} LIMIT $${n + 2}`;
      const countSql = `${COUNT_PREFIX}${analyzed.sql}\n) AS q`;
      // Preview and count run side by side, each in its own read-only transaction: the wall time is the slower one.
      const [preview, count] = await Promise.allSettled([
        executeGoverned(pool, previewSql, [...values, GOVERNOR_LIMITS.maxRowBytes, limit], limits, errorContext(analyzed, previewSql, WRAP_PREFIX)),
        executeGoverned(pool, countSql, values, limits, errorContext(analyzed, countSql, COUNT_PREFIX)),
      ]);
      if (preview.status === "rejected") throw preview.reason;
      if (count.status === "rejected") throw count.reason;
      const result: DryRunResult = {
        columns: await describeColumns(preview.value.columns),
        rows: preview.value.rows as ResultRow[],
        count: Number((count.value.rows[0] as { count: string | number }).count),
        durationMs: Math.round(performance.now() - started),
      };
      record("dry_run", started, "ok", result.rows.length);
      return result;
    } catch (error) {
      record("dry_run", started, error instanceof QueryRejectedError ? "rejected" : "error", 0, error);
      throw error;
    }
  }

  async function* stream(request: QueryRequest, runOptions: { batchSize?: number; rowCap?: number } = {}): AsyncGenerator<ResultBatch> {
    const started = performance.now();
    let total = 0;
    let yielded = 0;
    let failure: unknown;
    try {
      const { analyzed, values } = await prepare(request);
      const rowCap = clamp(runOptions.rowCap, GOVERNOR_LIMITS.defaultRowCap, Number.MAX_SAFE_INTEGER - 1);
      const batchSize = clamp(runOptions.batchSize, GOVERNOR_LIMITS.defaultBatchSize, GOVERNOR_LIMITS.maxBatchSize);
      // One row past the cap is fetched so that "exactly at the cap" and "over the cap" can be told apart.
      const n = values.length;
      const text = `${WRAP_PREFIX}${analyzed.sql}\n) AS q ${rowSizeGuard(`$${n + 1}`)} LIMIT $${n + 2}`;
      const batches = streamGoverned(pool, text, [...values, GOVERNOR_LIMITS.maxRowBytes, rowCap + 1], limitsFor("full_run"), batchSize, errorContext(analyzed, text, WRAP_PREFIX));
      let columns: ColumnInfo[] = [];
      for await (const batch of batches) {
        total += batch.rows.length;
        if (total > rowCap) {
          throw new QueryExecutionError(
            `The query returned more than ${rowCap.toLocaleString("en-US")} rows, the limit of a full run; narrow the segment`,
            { reason: "row_cap", rowCap },
          );
        }
        if (batch.columns) columns = await describeColumns(batch.columns);
        yield { columns, rows: batch.rows as ResultRow[] };
        yielded += batch.rows.length;
      }
    } catch (error) {
      failure = error;
      throw error;
    } finally {
      const outcome = failure === undefined ? "ok" : failure instanceof QueryRejectedError ? "rejected" : "error";
      record("full_run", started, outcome, yielded, failure);
    }
  }

  async function testConnection(): Promise<DataConnectionTestResult> {
    const started = performance.now();
    try {
      const [version] = await pool<{ server_version: string }[]>`show server_version`;
      const roundTrip = performance.now();
      await pool`select 1`;
      const latencyMs = Math.round((performance.now() - roundTrip) * 100) / 100;
      const warnings = await writeAccessWarnings(pool);
      return { ok: true, latencyMs, serverVersion: version?.server_version ?? null, canWrite: warnings.length > 0, warnings };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return {
        ok: false,
        latencyMs: Math.round(performance.now() - started),
        serverVersion: null,
        canWrite: null,
        warnings: [],
        error: `Could not connect to the database: ${message}`,
      };
    }
  }

  return {
    engine: "POSTGRES",
    testConnection,
    dryRun,
    stream,
    close: () => pool.end({ timeout: 5 }),
  };
}

interface PrivilegeRow {
  role: string;
  database: string;
  superuser: boolean;
  createRole: boolean;
  createDb: boolean;
  createSchema: boolean;
  writableCount: number;
  writableSample: string[];
  creatableSchemas: string[];
}

/** Everything the connector's role could change, as warnings; none means the role is read-only for our purposes. */
async function writeAccessWarnings(pool: GovernedPool): Promise<string[]> {
  const [row] = await pool<PrivilegeRow[]>`
    with writable as (
      select quote_ident(n.nspname) || '.' || quote_ident(c.relname) as name
      from pg_catalog.pg_class c
      join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where n.nspname <> 'information_schema' and n.nspname not like 'pg\\_%'
        and ((c.relkind in ('r', 'p', 'v', 'f') and has_table_privilege(c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE'))
          or (c.relkind = 'S' and has_sequence_privilege(c.oid, 'USAGE, UPDATE')))
    )
    select current_user as "role",
           current_database() as "database",
           r.rolsuper as "superuser",
           r.rolcreaterole as "createRole",
           r.rolcreatedb as "createDb",
           has_database_privilege(current_database(), 'CREATE') as "createSchema",
           (select count(*)::int4 from writable) as "writableCount",
           array(select name from writable order by name limit 3) as "writableSample",
           array(select nspname::text from pg_catalog.pg_namespace
                 where nspname <> 'information_schema' and nspname not like 'pg\\_%' and has_schema_privilege(oid, 'CREATE')
                 order by nspname) as "creatableSchemas"
    from pg_catalog.pg_roles r
    where r.rolname = current_user`;
  if (!row) return [];
  const advice = "give EmailOps a read-only role (SELECT grants only)";
  if (row.superuser) return [`Role ${row.role} is a superuser and can change anything; ${advice}.`];
  const warnings: string[] = [];
  if (row.writableCount > 0) {
    const more = row.writableCount - row.writableSample.length;
    const list = row.writableSample.join(", ") + (more > 0 ? ` and ${plural(more, "more table")}` : "");
    warnings.push(`This role can write to ${list}; ${advice}.`);
  }
  if (row.creatableSchemas.length > 0) warnings.push(`This role can create objects in schema ${row.creatableSchemas.join(", ")}; ${advice}.`);
  if (row.createSchema) warnings.push(`This role can create schemas in database ${row.database}; ${advice}.`);
  if (row.createDb) warnings.push(`This role can create databases; ${advice}.`);
  if (row.createRole) warnings.push(`This role can create roles; ${advice}.`);
  return warnings;
}
