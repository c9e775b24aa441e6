import postgres, { type Options, type PendingQuery, type Row, type Sql, type TransactionSql } from "postgres";
import type { PostgresConnectorConfig } from "../data-connectors/config";
import { QueryExecutionError } from "./errors";
import { formatBytes, formatDuration, GOVERNOR_LIMITS, type GovernorTimeouts } from "./limits";
import type { BoundValue } from "./parameters";

/**
 * Layer 3 of the governor for Postgres: how SQL is executed, whatever the analyzer said about it. Every statement
 * runs in its own READ ONLY transaction that is always rolled back, with SET LOCAL timeouts, through the extended
 * protocol (one statement per Parse, bound parameters), and is cancelled from the client too if the server does not
 * stop it in time.
 */

export type GovernedPool = Sql<Record<string, never>>;

export interface ExecutionLimits extends Pick<GovernorTimeouts, "lockTimeoutMs" | "idleInTransactionTimeoutMs" | "clientCancelGraceMs"> {
  statementTimeoutMs: number;
  /** Only used to explain a rowSizeGuard failure. */
  maxRowBytes: number;
}

export interface ErrorContext {
  /** Maps Postgres' 1-based error position in the executed text to a position in the user's SQL, when it lies there. */
  position?: (pgPosition: number) => number | undefined;
}

export interface GovernedColumn {
  name: string;
  type: number;
}

export interface GovernedBatch {
  /** Set on the first batch only (Postgres describes the columns once). */
  columns: GovernedColumn[] | undefined;
  rows: Row[];
}

function sslOption(ssl: PostgresConnectorConfig["ssl"]): Pick<Options<Record<string, never>>, "ssl"> {
  if (!ssl) return {};
  switch (ssl.mode) {
    case "disable":
      return { ssl: false };
    case "require":
      return { ssl: "require" };
    case "verify-full":
      return { ssl: ssl.ca ? { rejectUnauthorized: true, ca: ssl.ca } : { rejectUnauthorized: true } };
  }
}

/** A small pool whose sessions default to read-only too, so even our own helper queries cannot write. */
export function createGovernedPool(
  config: PostgresConnectorConfig,
  options: { poolSize?: number; timeouts?: Partial<GovernorTimeouts> } = {},
): GovernedPool {
  const timeouts = { ...GOVERNOR_LIMITS, ...options.timeouts };
  return postgres(config.connectionString, {
    max: options.poolSize ?? GOVERNOR_LIMITS.poolSize,
    idle_timeout: GOVERNOR_LIMITS.idleConnectionTimeoutSeconds,
    connect_timeout: GOVERNOR_LIMITS.connectTimeoutSeconds,
    max_lifetime: 30 * 60,
    // No named prepared statements: they would be session state that outlives a query.
    prepare: false,
    onnotice: () => undefined,
    ...sslOption(config.ssl),
    connection: {
      application_name: "emailops-query-governor",
      default_transaction_read_only: true,
      statement_timeout: timeouts.fullRunTimeoutMs,
      idle_in_transaction_session_timeout: timeouts.idleInTransactionTimeoutMs,
    },
  });
}

/** Never the simple protocol: it would run every `;`-separated statement in the text. */
const EXTENDED = { prepare: false, simple: false } as const;

const ROLLBACK = Symbol("rollback");

const ROW_TOO_LARGE = / bytes over the emailops row size limit"/;

/**
 * A WHERE clause for `SELECT q.* FROM (…) AS q` that fails the query, inside the database, on the first row larger
 * than the limit bound to `limitParameter`: SQL has no RAISE, so a cast of a row-dependent text (never constant-folded)
 * carries the size into the error, which toExecutionError turns into a clear message.
 */
export function rowSizeGuard(limitParameter: string): string {
  return `WHERE CASE WHEN pg_column_size(q.*) > ${limitParameter}
    THEN ('row of ' || pg_column_size(q.*) || ' bytes over the emailops row size limit')::int = 0 ELSE true END`;
}

type PgError = Error & { code?: string; position?: string; severity?: string };

export function toExecutionError(error: unknown, limits: ExecutionLimits, context: ErrorContext = {}): QueryExecutionError {
  if (error instanceof QueryExecutionError) return error;
  const pg = error as PgError;
  const code = typeof pg?.code === "string" ? pg.code : undefined;
  const message = error instanceof Error ? error.message : String(error);
  if (code === "57014") {
    return new QueryExecutionError(`Query exceeded the ${formatDuration(limits.statementTimeoutMs)} time limit`, { reason: "timeout" });
  }
  if (code === "55P03") {
    return new QueryExecutionError(
      `Query waited longer than ${formatDuration(limits.lockTimeoutMs)} for a lock held by another session; try again later`,
      { reason: "lock_timeout" },
    );
  }
  if (code === "25P03") {
    return new QueryExecutionError(
      `The query's transaction stayed idle longer than ${formatDuration(limits.idleInTransactionTimeoutMs)} and the database ended it`,
      { reason: "timeout" },
    );
  }
  // Node socket errors (ECONNREFUSED, ENOTFOUND…), postgres-js connection errors and the server's connection classes.
  if (code === undefined || /^(E[A-Z]+$|CONNECT|08|57P|53300|28|3D000)/.test(code)) {
    return new QueryExecutionError(`Could not query the database: ${message}`, { reason: "connection" });
  }
  if (code === "22P02" && ROW_TOO_LARGE.test(message)) {
    const size = Number(/row of (\d+) bytes/.exec(message)?.[1] ?? 0);
    return new QueryExecutionError(
      `A row of the result is ${formatBytes(size)}; rows are limited to ${formatBytes(limits.maxRowBytes)}. Select fewer or smaller columns`,
      { reason: "row_too_large" },
    );
  }
  const pgPosition = pg.position ? Number(pg.position) : undefined;
  const position = pgPosition === undefined ? undefined : context.position?.(pgPosition);
  return new QueryExecutionError(
    position === undefined ? message : `${message} (at character ${position})`,
    position === undefined ? { reason: "database_error", code } : { reason: "database_error", code, position },
  );
}

async function applyLimits(tx: TransactionSql<Record<string, never>>, limits: ExecutionLimits): Promise<void> {
  // set_config(..., true) is SET LOCAL: it dies with the transaction, so nothing carries over to the next use.
  await tx.unsafe(
    `select set_config('statement_timeout', $1, true), set_config('lock_timeout', $2, true),
            set_config('idle_in_transaction_session_timeout', $3, true)`,
    [String(limits.statementTimeoutMs), String(limits.lockTimeoutMs), String(limits.idleInTransactionTimeoutMs)],
    EXTENDED,
  );
}

/**
 * Runs `work` inside BEGIN READ ONLY … ROLLBACK. postgres-js hands the connection back to the pool only once the
 * server reports it idle outside a transaction, so a failed rollback never leaks an open transaction.
 */
async function inReadOnlyRollback<T>(
  pool: GovernedPool,
  limits: ExecutionLimits,
  work: (tx: TransactionSql<Record<string, never>>) => Promise<T>,
): Promise<T> {
  let result: { value: T } | undefined;
  try {
    await pool.begin("read only", async (tx) => {
      await applyLimits(tx, limits);
      result = { value: await work(tx) };
      throw ROLLBACK;
    });
  } catch (error) {
    if (error !== ROLLBACK || !result) throw error;
  }
  if (!result) throw new Error("governed transaction ended without a result");
  return result.value;
}

/** Cancels the query if the server has not stopped it shortly after its own statement timeout. */
function cancelTimer(limits: ExecutionLimits, cancel: () => void): () => void {
  const timer = setTimeout(cancel, limits.statementTimeoutMs + limits.clientCancelGraceMs);
  return () => clearTimeout(timer);
}

/**
 * Executes one statement (already analyzed and wrapped by the caller) under every execution control. Exported on its
 * own so tests can prove this layer holds even for SQL the analyzer would have refused.
 */
export async function executeGoverned(
  pool: GovernedPool,
  text: string,
  values: BoundValue[],
  limits: ExecutionLimits,
  context: ErrorContext = {},
): Promise<{ columns: GovernedColumn[]; rows: Row[] }> {
  let pending: PendingQuery<Row[]> | undefined;
  let stopTimer = (): void => undefined;
  let giveUp: ((error: unknown) => void) | undefined;
  const run = inReadOnlyRollback(pool, limits, async (tx) => {
    pending = tx.unsafe(text, values, EXTENDED);
    stopTimer = cancelTimer(limits, () => {
      pending?.cancel();
      // A server that does not answer the cancel either: stop waiting for it.
      setTimeout(() => giveUp?.(Object.assign(new Error("canceling statement due to user request"), { code: "57014" })), limits.clientCancelGraceMs).unref();
    });
    const rows = await pending;
    return { columns: (rows.columns ?? []).map(({ name, type }) => ({ name, type })), rows: Array.from(rows) };
  });
  const abandoned = new Promise<never>((_, reject) => {
    giveUp = reject;
  });
  try {
    return await Promise.race([run, abandoned]);
  } catch (error) {
    throw toExecutionError(error, limits, context);
  } finally {
    stopTimer();
    giveUp = undefined;
    run.catch(() => undefined);
  }
}

/**
 * Hands batches from a producer to a consumer with one batch read ahead, so fetching the next batch overlaps with
 * processing the current one while memory stays bounded. `emit` resolves false once the consumer has stopped.
 */
async function* pump<T>(produce: (emit: (item: T) => Promise<boolean>) => Promise<void>): AsyncGenerator<T> {
  const queue: T[] = [];
  let finished = false;
  let stopped = false;
  let failure: { error: unknown } | undefined;
  let wakeConsumer: (() => void) | undefined;
  let wakeProducer: (() => void) | undefined;

  const emit = async (item: T): Promise<boolean> => {
    if (stopped) return false;
    queue.push(item);
    wakeConsumer?.();
    while (queue.length > 1 && !stopped) await new Promise<void>((resolve) => (wakeProducer = resolve));
    return !stopped;
  };
  const done = produce(emit)
    .catch((error: unknown) => {
      failure = { error };
    })
    .finally(() => {
      finished = true;
      wakeConsumer?.();
    });

  try {
    for (;;) {
      const item = queue.shift();
      if (item !== undefined) {
        wakeProducer?.();
        yield item;
        continue;
      }
      if (finished) break;
      await new Promise<void>((resolve) => (wakeConsumer = resolve));
      wakeConsumer = undefined;
    }
    if (failure) throw failure.error;
  } finally {
    stopped = true;
    wakeProducer?.();
    await done;
  }
}

/** Streams one statement in batches through a cursor, under the same controls as executeGoverned. */
export function streamGoverned(
  pool: GovernedPool,
  text: string,
  values: BoundValue[],
  limits: ExecutionLimits,
  batchSize: number,
  context: ErrorContext = {},
): AsyncGenerator<GovernedBatch> {
  return pump<GovernedBatch>(async (emit) => {
    let stopTimer = (): void => undefined;
    try {
      await inReadOnlyRollback(pool, limits, async (tx) => {
        const query = tx.unsafe(text, values, EXTENDED);
        stopTimer = cancelTimer(limits, () => query.cancel());
        for await (const rows of query.cursor(batchSize)) {
          const columns = (rows as unknown as { columns?: GovernedColumn[] }).columns;
          const batch = { columns: columns?.map(({ name, type }) => ({ name, type })), rows: Array.from(rows) };
          if (!(await emit(batch))) break;
        }
      });
    } catch (error) {
      throw toExecutionError(error, limits, context);
    } finally {
      stopTimer();
    }
  });
}
