import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { domainMetrics } from "@/server/lib/domain-metrics";
import { createCanaryDatabase, type CanaryDatabase } from "@/test/canary-database";
import { adminUrl } from "@/test/database-urls";
import { attackQueries, legitimateQueries } from "../../query-governor/attack-corpus";
import { QueryExecutionError, QueryRejectedError } from "../../query-governor/errors";
import { GOVERNOR_LIMITS } from "../../query-governor/limits";
import { createGovernedPool, executeGoverned, type ExecutionLimits, type GovernedPool } from "../../query-governor/postgres-execution";
import type { DataConnectorAdapter, ResultBatch } from "../adapter";
import { createPostgresAdapter } from "./postgres";

const timeouts = { dryRunTimeoutMs: 1_000, fullRunTimeoutMs: 1_500, clientCancelGraceMs: 500 };
const layerLimits: ExecutionLimits = {
  statementTimeoutMs: 1_000,
  lockTimeoutMs: 500,
  idleInTransactionTimeoutMs: 5_000,
  clientCancelGraceMs: 500,
  maxRowBytes: GOVERNOR_LIMITS.maxRowBytes,
};
/** Enough to blow any of the timeouts above many times over. */
const CARTESIAN = "SELECT a.g AS subject_id, 'x@example.com' AS email FROM generate_series(1, 100000) AS a(g), generate_series(1, 100000) AS b(g)";
const CARTESIAN_COUNT = "SELECT count(*) FROM generate_series(1, 100000) AS a(g), generate_series(1, 100000) AS b(g)";

let admin: postgres.Sql;
let db: CanaryDatabase;
let canaryDatabase: string;
let readOnlyRole: string;
let writerRole: string;
let url: string;
let adapter: DataConnectorAdapter;

const roleUrl = (role: string) => db.roleUrl(role);
const canaryState = () => db.state();

async function governorSessions(state: string): Promise<number> {
  const [row] = await admin<{ count: number }[]>`
    select count(*)::int as count from pg_stat_activity
    where datname = ${canaryDatabase} and application_name = 'emailops-query-governor' and state = ${state}`;
  return row?.count ?? 0;
}

async function failure(run: () => Promise<unknown>): Promise<Error> {
  try {
    await run();
  } catch (error) {
    if (error instanceof Error) return error;
    throw error;
  }
  throw new Error("expected a failure");
}

async function collect(batches: AsyncIterable<ResultBatch>): Promise<ResultBatch[]> {
  const all: ResultBatch[] = [];
  for await (const batch of batches) all.push(batch);
  return all;
}

beforeAll(async () => {
  db = await createCanaryDatabase();
  ({ name: canaryDatabase, readOnlyRole, writerRole, url } = db);
  admin = postgres(adminUrl(), { max: 1, onnotice: () => undefined });
  adapter = createPostgresAdapter({ connectionString: url }, { timeouts });
});

afterAll(async () => {
  await adapter?.close();
  await admin?.end();
  await db?.drop();
});

describe("Postgres adapter: static analysis in front of a real database", () => {
  it("refuses every attack of the corpus through dryRun and leaves the canary untouched", async () => {
    const before = await canaryState();
    const refusals = (await domainMetrics.segmentQueryErrors.get()).values.find((v) => v.labels.reason === "rejected")?.value ?? 0;
    for (const attack of attackQueries) {
      const error = await failure(() => adapter.dryRun({ sql: attack.sql, parameters: [] }));
      expect(error, attack.sql).toBeInstanceOf(QueryRejectedError);
      expect(error.message, attack.sql).toMatch(attack.message);
    }
    expect(await canaryState()).toEqual(before);
    expect(before).toMatchObject({ lastValue: "10", isCalled: true, largeObjects: 0, advisoryLocks: 0 });
    const after = (await domainMetrics.segmentQueryErrors.get()).values.find((v) => v.labels.reason === "rejected")?.value ?? 0;
    expect(after - refusals).toBe(attackQueries.length);
  });

  it.each(legitimateQueries.map((query) => [query.name, query] as const))("runs the legitimate query: %s", async (_name, query) => {
    const result = await adapter.dryRun({ sql: query.sql, parameters: query.parameters ?? [], values: query.values });
    expect(result.count).toBeGreaterThan(0);
    expect(result.rows.length).toBe(Math.min(result.count, 100));
    expect(result.columns.length).toBeGreaterThan(0);
    expect(result.columns.every((column) => !column.type.startsWith("oid:"))).toBe(true);
  });

  it("binds parameters as values with their declared types; a hostile value is just a value", async () => {
    const hostile = "'; DROP TABLE canary; --";
    const result = await adapter.dryRun({
      sql: "SELECT id AS subject_id, email, :label AS label FROM canary WHERE id >= :minId ORDER BY id",
      parameters: [
        { name: "label", type: "string" },
        { name: "minId", type: "number", default: 1 },
      ],
      values: { label: hostile, minId: "2" },
    });
    expect(result.rows).toEqual([
      { subject_id: 2, email: "bob@example.com", label: hostile },
      { subject_id: 3, email: "cy@example.com", label: hostile },
    ]);
    expect(result.columns).toEqual([
      { name: "subject_id", type: "int4" },
      { name: "email", type: "text" },
      { name: "label", type: "text" },
    ]);
    expect(result.count).toBe(2);
    expect((await canaryState())?.relations).toContain("canary");
  });

  it("caps the preview at the requested limit and still counts every row", async () => {
    const result = await adapter.dryRun({ sql: "SELECT g AS subject_id FROM generate_series(1, 5000) g", parameters: [] }, { limit: 7 });
    expect(result.rows).toHaveLength(7);
    expect(result.count).toBe(5000);
    const capped = await adapter.dryRun({ sql: "SELECT g FROM generate_series(1, 5000) g", parameters: [] }, { limit: 50_000 });
    expect(capped.rows).toHaveLength(GOVERNOR_LIMITS.maxPreviewRows);
  });

  it("reports database errors with the server's message and the position in the user's SQL", async () => {
    const sql = "SELECT :a AS a,\n  missing_column FROM canary";
    const error = await failure(() => adapter.dryRun({ sql, parameters: [{ name: "a", type: "number", default: 1 }] }));
    expect(error).toBeInstanceOf(QueryExecutionError);
    expect(error.message).toBe(`column "missing_column" does not exist (at character ${sql.indexOf("missing_column") + 1})`);
  });
});

describe("Postgres adapter: runaway queries", () => {
  it.each([
    ["a cartesian product", CARTESIAN, /exceeded the 1 s time limit/],
    ["infinite recursion", "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT n FROM r", /exceeded the 1 s time limit/],
    ["a sleep inside a SQL function", "SELECT canary_slow() AS x", /exceeded the 1 s time limit/],
    ["a huge value", "SELECT repeat('x', 10000000) AS big", /^A row of the result is 9\.5 MB; rows are limited to 64 KB/],
    ["a 100 MB value", "SELECT repeat('x', 100000000) AS big", /^(A row of the result is 95\.4 MB|Query exceeded the 1 s time limit)/],
    ["an impossible value", "SELECT repeat('x', 1100000000) AS big", /requested length too large/],
  ])("stops %s with a clear error within the time limit", async (_name, sql, message) => {
    const started = performance.now();
    const error = await failure(() => adapter.dryRun({ sql, parameters: [] }));
    expect(performance.now() - started).toBeLessThan(timeouts.dryRunTimeoutMs + 1_000);
    expect(error).toBeInstanceOf(QueryExecutionError);
    expect(error.message).toMatch(message);
    const after = await adapter.dryRun({ sql: "SELECT 1 AS ok", parameters: [] });
    expect(after.rows).toEqual([{ ok: 1 }]);
  });

  it("still enforces the statement timeout after a query tried to turn it off", async () => {
    await expect(
      adapter.dryRun({ sql: "WITH s AS (SELECT set_config('statement_timeout', '0', false)) SELECT * FROM s", parameters: [] }),
    ).rejects.toThrow(/set_config\(\) is not allowed/);
    await expect(adapter.dryRun({ sql: CARTESIAN, parameters: [] })).rejects.toThrow(/exceeded the 1 s time limit/);
  });
});

describe("Postgres adapter: streaming", () => {
  const series = "SELECT g AS subject_id, 'u' || g || '@example.com' AS email FROM generate_series(1, 25000) g";

  it("streams every row in batches of the requested size, with typed columns", async () => {
    const batches = await collect(adapter.stream({ sql: series, parameters: [] }, { batchSize: 1_000 }));
    expect(batches).toHaveLength(25);
    expect(batches.every((batch) => batch.rows.length === 1_000)).toBe(true);
    expect(batches[24]?.rows.at(-1)).toEqual({ subject_id: 25000, email: "u25000@example.com" });
    expect(batches[10]?.columns).toEqual([
      { name: "subject_id", type: "int4" },
      { name: "email", type: "text" },
    ]);
  });

  it("accepts exactly the row cap and fails past it without yielding the overflow", async () => {
    const exact = await collect(adapter.stream({ sql: series, parameters: [] }, { batchSize: 5_000, rowCap: 25_000 }));
    expect(exact.reduce((sum, batch) => sum + batch.rows.length, 0)).toBe(25_000);

    const seen: number[] = [];
    const error = await failure(async () => {
      for await (const batch of adapter.stream({ sql: series, parameters: [] }, { batchSize: 4_000, rowCap: 10_000 })) seen.push(batch.rows.length);
    });
    expect(error).toBeInstanceOf(QueryExecutionError);
    expect(error.message).toMatch(/more than 10,000 rows/);
    expect(seen).toEqual([4_000, 4_000]);
  });

  it("ends the transaction when the consumer stops early", async () => {
    for await (const batch of adapter.stream({ sql: series, parameters: [] }, { batchSize: 100 })) {
      expect(batch.rows).toHaveLength(100);
      break;
    }
    expect(await governorSessions("idle in transaction")).toBe(0);
    expect(await governorSessions("active")).toBe(0);
  });

  it("stops a full run at its time limit", async () => {
    const started = performance.now();
    const error = await failure(() => collect(adapter.stream({ sql: "SELECT canary_slow() AS x", parameters: [] })));
    expect(error.message).toBe("Query exceeded the 1500 ms time limit");
    expect(performance.now() - started).toBeLessThan(timeouts.fullRunTimeoutMs + 1_000);
  });

  it("refuses SQL the analyzer refuses before touching the database", async () => {
    await expect(collect(adapter.stream({ sql: "DELETE FROM canary", parameters: [] }))).rejects.toBeInstanceOf(QueryRejectedError);
  });
});

describe("Execution layer on its own (as if the parser had been fooled)", () => {
  let pool: GovernedPool;
  beforeAll(() => {
    pool = createGovernedPool({ connectionString: url }, { poolSize: 1 });
  });
  afterAll(() => pool.end());

  const writes = [
    "INSERT INTO canary (id, email) VALUES (99, 'x@example.com')",
    "UPDATE canary SET email = 'owned@example.com'",
    "DELETE FROM canary",
    "TRUNCATE canary",
    "DROP TABLE canary",
    "ALTER TABLE canary ADD COLUMN owned int",
    "CREATE TABLE evil (a int)",
    "CREATE TEMP TABLE evil (a int)",
    "SELECT * INTO evil FROM canary",
    "WITH d AS (DELETE FROM canary RETURNING *) SELECT * FROM d",
    "MERGE INTO canary c USING (SELECT 1 AS id) s ON c.id = s.id WHEN MATCHED THEN DELETE",
    "SELECT nextval('canary_seq')",
    "SELECT setval('canary_seq', 99)",
    "SELECT * FROM canary FOR UPDATE",
    "GRANT ALL ON canary TO PUBLIC",
    "SET TRANSACTION READ WRITE",
    "SELECT set_config('transaction_read_only', 'off', true)",
    "SELECT 1; DROP TABLE canary",
    "COMMIT; DROP TABLE canary",
  ];

  it.each(writes)("the database refuses: %s", async (sql) => {
    const before = await canaryState();
    const error = await failure(() => executeGoverned(pool, sql, [], layerLimits));
    expect(error).toBeInstanceOf(QueryExecutionError);
    expect(error.message).toMatch(/read-only transaction|cannot insert multiple commands into a prepared statement|read-write mode must be set before any query/);
    expect(await canaryState()).toEqual(before);
  });

  it("rolls back what a read-only transaction still allows", async () => {
    const before = await canaryState();
    const [created] = (await executeGoverned(pool, "SELECT lo_create(0) AS oid", [], layerLimits)).rows;
    expect(Number(created?.oid)).toBeGreaterThan(0);
    expect(await canaryState()).toEqual(before);
  });

  it("rolls back session-level settings, so a reused connection shows the defaults", async () => {
    const [first] = (await executeGoverned(pool, "SELECT pg_backend_pid() AS pid, set_config('work_mem', '77MB', false) AS w", [], layerLimits)).rows;
    await executeGoverned(pool, "SET search_path = evil", [], layerLimits);
    const [second] = (await executeGoverned(pool, "SELECT pg_backend_pid() AS pid, current_setting('work_mem') AS w, current_setting('search_path') AS s", [], layerLimits)).rows;
    expect(first?.w).toBe("77MB");
    expect(second).toEqual({ pid: first?.pid, w: "4MB", s: '"$user", public' });
  });

  it("keeps the statement timeout even after the session or the statement itself turned it off", async () => {
    await executeGoverned(pool, "SELECT set_config('statement_timeout', '0', false)", [], layerLimits);
    await executeGoverned(pool, "SET statement_timeout = 0", [], layerLimits);
    for (const sql of [CARTESIAN_COUNT, `SELECT set_config('statement_timeout', '0', true), (${CARTESIAN_COUNT})`]) {
      const started = performance.now();
      const error = await failure(() => executeGoverned(pool, sql, [], layerLimits));
      expect(error.message).toBe("Query exceeded the 1 s time limit");
      expect(performance.now() - started).toBeLessThan(2_000);
    }
  });
});

describe("testConnection", () => {
  it("warns that a superuser can write", async () => {
    const result = await adapter.testConnection();
    expect(result).toMatchObject({ ok: true, canWrite: true });
    expect(result.serverVersion).toMatch(/^\d+\.\d+/);
    expect(result.latencyMs).toBeGreaterThan(0);
    expect(result.warnings).toEqual([expect.stringMatching(/is a superuser and can change anything; give EmailOps a read-only role/)]);
  });

  it("names the tables a role can write to", async () => {
    const writer = createPostgresAdapter({ connectionString: roleUrl(writerRole) });
    try {
      const result = await writer.testConnection();
      expect(result).toMatchObject({ ok: true, canWrite: true });
      expect(result.warnings).toEqual(["This role can write to public.canary; give EmailOps a read-only role (SELECT grants only)."]);
    } finally {
      await writer.close();
    }
  });

  it("reports a read-only role as unable to write, and that role can still run segments", async () => {
    const reader = createPostgresAdapter({ connectionString: roleUrl(readOnlyRole) });
    try {
      expect(await reader.testConnection()).toMatchObject({ ok: true, canWrite: false, warnings: [] });
      expect((await reader.dryRun({ sql: "SELECT id AS subject_id, email FROM canary", parameters: [] })).count).toBe(3);
    } finally {
      await reader.close();
    }
  });

  it("returns ok: false with a clear error for an unreachable database instead of throwing", async () => {
    const unreachable = createPostgresAdapter({ connectionString: "postgres://postgres@127.0.0.1:1/nowhere" });
    try {
      const result = await unreachable.testConnection();
      expect(result).toMatchObject({ ok: false, serverVersion: null, canWrite: null });
      expect(result.error).toMatch(/^Could not connect to the database: .*ECONNREFUSED/);
    } finally {
      await unreachable.close();
    }
  });
});
