import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { SegmentParameter } from "@/server/db/schema";
import { QueryExecutionError, QueryRejectedError } from "@/server/domain/query-governor/errors";
import { domainMetrics } from "@/server/lib/domain-metrics";
import { serveTable, startFakeBigQuery, type CapturedJob, type FakeBigQuery, type FakeTable } from "@/test/fake-bigquery";
import type { QueryRequest, ResultBatch } from "../adapter";
import type { BigQueryConnectorConfig } from "../config";
import { BIGQUERY_ROLE_WARNING, createBigQueryAdapter, DEFAULT_MAXIMUM_BYTES_BILLED, type BigQueryAdapterOptions } from "./bigquery";

const SEGMENT_SQL = "SELECT id AS subject_id, email, plan FROM `fake-project.crm.users` WHERE active";

function usersTable(count: number): FakeTable {
  return {
    schema: [
      { name: "subject_id", type: "INTEGER", mode: "NULLABLE" },
      { name: "email", type: "STRING", mode: "NULLABLE" },
      { name: "plan", type: "STRING", mode: "NULLABLE" },
    ],
    rows: Array.from({ length: count }, (_, index) => [index + 1, `user${index + 1}@example.com`, index % 2 === 0 ? "pro" : "free"]),
  };
}

async function collect(batches: AsyncIterable<ResultBatch>): Promise<ResultBatch[]> {
  const collected: ResultBatch[] = [];
  for await (const batch of batches) collected.push(batch);
  return collected;
}

async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}

async function metricValue(metric: "segmentQueryErrors" | "segmentQueryRows", labels: Record<string, string>): Promise<number> {
  const { values } = await domainMetrics[metric].get();
  return values.filter((value) => Object.entries(labels).every(([key, label]) => (value.labels as Record<string, unknown>)[key] === label)).reduce((sum, value) => sum + value.value, 0);
}

describe("BigQuery adapter against a local fake BigQuery REST server (real @google-cloud/bigquery client)", () => {
  let fake: FakeBigQuery;

  function adapter(config: Partial<BigQueryConnectorConfig> = {}, options: BigQueryAdapterOptions = {}) {
    return createBigQueryAdapter(
      { projectId: fake.projectId, credentialsJson: fake.credentialsJson, location: "EU", ...config },
      { apiEndpoint: fake.apiEndpoint, ...options },
    );
  }

  const realJobs = () => fake.jobs.filter((job) => !job.dryRun);
  const request = (overrides: Partial<QueryRequest> = {}): QueryRequest => ({ sql: SEGMENT_SQL, parameters: [], ...overrides });

  beforeAll(async () => {
    fake = await startFakeBigQuery();
  });

  afterAll(async () => {
    await fake.close();
  });

  beforeEach(() => {
    fake.reset();
  });

  describe("dry run (preview)", () => {
    it("dry-runs in BigQuery first, then runs the LIMIT preview and the COUNT, and reports the bytes processed", async () => {
      fake.respondWith(serveTable(usersTable(250), { totalBytesProcessed: 7_340_032 }));
      const result = await adapter().dryRun(request());

      expect(fake.jobs[0]).toMatchObject({ dryRun: true, query: SEGMENT_SQL, location: "EU", useLegacySql: false });
      expect(fake.jobs.slice(1).every((job) => !job.dryRun)).toBe(true);
      expect(realJobs().map((job) => job.query).sort()).toEqual([`SELECT * FROM (\n${SEGMENT_SQL}\n) LIMIT 100`, `SELECT COUNT(*) AS count FROM (\n${SEGMENT_SQL}\n)`].sort());
      expect(result.bytesProcessed).toBe(7_340_032);
      expect(result.count).toBe(250);
      expect(result.rows).toHaveLength(100);
      expect(result.rows[0]).toEqual({ subject_id: 1, email: "user1@example.com", plan: "pro" });
      expect(result.columns).toEqual([
        { name: "subject_id", type: "INT64" },
        { name: "email", type: "STRING" },
        { name: "plan", type: "STRING" },
      ]);
      expect(result.durationMs).toBeGreaterThanOrEqual(0);
    });

    it("authenticates with the service-account key through the OAuth JWT exchange and reuses the token", async () => {
      fake.respondWith(serveTable(usersTable(3)));
      const connector = adapter();
      const tokensBefore = fake.tokenRequests;
      await connector.dryRun(request());
      await connector.dryRun(request());
      expect(fake.tokenRequests - tokensBefore).toBe(1);
      expect(fake.unauthorizedRequests).toBe(0);
      expect(fake.jobs).toHaveLength(6);
    });

    it("honours the preview limit in the LIMIT wrapper and in maxResults", async () => {
      fake.respondWith(serveTable(usersTable(40)));
      const result = await adapter().dryRun(request(), { limit: 5 });
      expect(result.rows.map((row) => row.subject_id)).toEqual([1, 2, 3, 4, 5]);
      expect(result.count).toBe(40);
      const preview = realJobs().find((job) => job.query.endsWith("LIMIT 5"));
      expect(preview).toBeDefined();
      expect(fake.resultsCalls.find((call) => call.jobId === preview?.jobId)?.maxResults).toBe(5);
    });

    it("refuses a statement BigQuery's dry run does not classify as SELECT, and runs no job", async () => {
      // QUALIFY is valid GoogleSQL node-sql-parser cannot read: only the tokenizer and the dry run stand guard here.
      const sql = "SELECT id AS subject_id, email FROM crm.users QUALIFY ROW_NUMBER() OVER (PARTITION BY email) = 1";
      fake.respondWith(() => ({ statementType: "SCRIPT" }));
      const error = await rejectionOf(adapter().dryRun(request({ sql })));
      expect(error).toBeInstanceOf(QueryRejectedError);
      expect(error.message).toMatch(/BigQuery reads this as a SCRIPT statement; only a single SELECT query is allowed/);
      expect(fake.jobs).toHaveLength(1);
      expect(fake.jobs[0]?.dryRun).toBe(true);
    });

    it("reports BigQuery's syntax error from the dry run with the position in the segment's SQL", async () => {
      const sql = "SELECT id AS subject_id, email\nFROM crm.users\nWHERE active QUALIFY";
      fake.respondWith(() => ({ error: { reason: "invalidQuery", message: "Syntax error: Unexpected end of script at [3:21]" } }));
      const error = await rejectionOf(adapter().dryRun(request({ sql })));
      expect(error).toBeInstanceOf(QueryRejectedError);
      expect(error.message).toMatch(/^BigQuery refused the query: Syntax error: Unexpected end of script at \[3:21\]/);
      expect((error as QueryRejectedError).details?.position).toBe(sql.indexOf("WHERE") + 21);
      expect(realJobs()).toHaveLength(0);
    });

    it("never sends SQL the static analysis refuses", async () => {
      const error = await rejectionOf(adapter().dryRun(request({ sql: "SELECT 1 AS subject_id; DROP TABLE crm.users" })));
      expect(error).toBeInstanceOf(QueryRejectedError);
      expect(error.message).toMatch(/Only one statement is allowed/);
      expect(fake.jobs).toHaveLength(0);
    });

    it("waits for a job that is still running", async () => {
      fake.respondWith(serveTable(usersTable(3), { pendingPolls: 2 }));
      const result = await adapter().dryRun(request());
      expect(result.count).toBe(3);
      const preview = realJobs().find((job) => job.query.includes("LIMIT"));
      expect(fake.resultsCalls.filter((call) => call.jobId === preview?.jobId)).toHaveLength(3);
    });

    it("cancels a job that does not finish within the preview timeout", async () => {
      fake.respondWith(serveTable(usersTable(3), { pendingPolls: 10_000 }));
      const started = Date.now();
      const error = await rejectionOf(adapter({}, { previewTimeoutMs: 150 }).dryRun(request()));
      expect(error).toBeInstanceOf(QueryExecutionError);
      expect(error.message).toMatch(/did not finish within 150 ms and was cancelled/);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(fake.cancelledJobIds.sort()).toEqual(realJobs().map((job) => job.jobId).sort());
    });
  });

  describe("execution controls", () => {
    it("sends maximumBytesBilled and the job timeouts: 5 s for the preview, 300 s for the full run", async () => {
      fake.respondWith(serveTable(usersTable(3)));
      const connector = adapter({ maximumBytesBilled: 50_000_000 });
      await connector.dryRun(request());
      await collect(connector.stream(request()));

      const [preview, count, full] = realJobs();
      for (const job of [preview, count, full]) expect(job?.maximumBytesBilled).toBe("50000000");
      expect(preview?.jobTimeoutMs).toBe("5000");
      expect(count?.jobTimeoutMs).toBe("5000");
      expect(full?.jobTimeoutMs).toBe("300000");
      expect(fake.jobs.filter((job) => job.dryRun)).toHaveLength(2);
    });

    it("caps bytes billed at 10 GiB when the connector sets no cap", async () => {
      fake.respondWith(serveTable(usersTable(1)));
      await adapter().dryRun(request());
      expect(realJobs().map((job) => job.maximumBytesBilled)).toEqual([String(DEFAULT_MAXIMUM_BYTES_BILLED), String(DEFAULT_MAXIMUM_BYTES_BILLED)]);
      expect(DEFAULT_MAXIMUM_BYTES_BILLED).toBe(10_737_418_240);
    });

    it("sends named parameters as typed BigQuery query parameters, never spliced into the SQL text", async () => {
      fake.respondWith(serveTable(usersTable(2)));
      const parameters: SegmentParameter[] = [
        { name: "plan", type: "string" },
        { name: "min_orders", type: "number" },
        { name: "score", type: "number" },
        { name: "vip", type: "boolean" },
        { name: "signup_after", type: "date" },
        { name: "seen_since", type: "timestamp", default: "2025-01-31T12:00:00Z" },
      ];
      const sql =
        "SELECT id AS subject_id, email FROM crm.users WHERE plan = :plan AND orders >= :min_orders AND score > :score AND vip = :vip AND signup_date > :signup_after AND last_seen >= :seen_since";
      const injection = "pro' OR '1'='1";
      await adapter().dryRun(request({ sql, parameters, values: { plan: injection, min_orders: 3, score: 0.5, vip: true, signup_after: "2024-12-01" } }));

      expect(fake.jobs).toHaveLength(3);
      for (const job of fake.jobs) {
        expect(job.query).toContain(
          "WHERE plan = @plan AND orders >= @min_orders AND score > @score AND vip = @vip AND signup_date > @signup_after AND last_seen >= @seen_since",
        );
        expect(job.query).not.toContain(injection);
        expect(job.query).not.toContain("2024-12-01");
        expect(job.parameterMode).toBe("named");
        const byName = Object.fromEntries(job.queryParameters.map((parameter) => [parameter.name, parameter]));
        expect(byName).toEqual({
          plan: { name: "plan", parameterType: { type: "STRING" }, parameterValue: { value: injection } },
          min_orders: { name: "min_orders", parameterType: { type: "INT64" }, parameterValue: { value: 3 } },
          score: { name: "score", parameterType: { type: "FLOAT64" }, parameterValue: { value: 0.5 } },
          vip: { name: "vip", parameterType: { type: "BOOL" }, parameterValue: { value: true } },
          signup_after: { name: "signup_after", parameterType: { type: "DATE" }, parameterValue: { value: "2024-12-01" } },
          seen_since: { name: "seen_since", parameterType: { type: "TIMESTAMP" }, parameterValue: { value: expect.stringMatching(/^2025-01-31[T ]12:00:00/) } },
        });
      }
    });

    it("refuses before BigQuery when the dry run says the query processes more bytes than the cap", async () => {
      fake.respondWith(serveTable(usersTable(3), { totalBytesProcessed: 3 * 1024 ** 3 }));
      const errorsBefore = await metricValue("segmentQueryErrors", { engine: "bigquery", mode: "dry_run", reason: "bytes_cap" });
      const error = await rejectionOf(adapter({ maximumBytesBilled: 1024 ** 3 }).dryRun(request()));
      expect(error).toBeInstanceOf(QueryExecutionError);
      expect(error.message).toMatch(/would process 3 GiB, more than this connector's limit of 1 GiB \(maximumBytesBilled 1073741824\)/);
      expect(realJobs()).toHaveLength(0);
      expect(await metricValue("segmentQueryErrors", { engine: "bigquery", mode: "dry_run", reason: "bytes_cap" })).toBe(errorsBefore + 1);
    });

    it("explains BigQuery's own bytes-billed refusal, naming the cap", async () => {
      // The dry run's estimate fits, but BigQuery bills at least 10 MB per table, more than the 5 MB cap.
      fake.respondWith((job: CapturedJob) =>
        job.dryRun
          ? { totalBytesProcessed: 4_000_000 }
          : { totalBytesProcessed: 10_485_760, table: usersTable(3) },
      );
      const error = await rejectionOf(adapter({ maximumBytesBilled: 5_000_000 }).dryRun(request()));
      expect(error).toBeInstanceOf(QueryExecutionError);
      expect(error.message).toMatch(/would bill more than this connector's limit of 4\.77 MiB \(maximumBytesBilled 5000000\)/);
      expect(error.message).toMatch(/BigQuery said: Query exceeded limit for bytes billed: 5000000\. 10485760 or higher required\./);
      expect((error as QueryExecutionError).details).toMatchObject({ reason: "bytes_cap", maximumBytesBilled: 5_000_000 });
    });

    it("reports a job BigQuery stopped at its job timeout as a timeout", async () => {
      fake.respondWith((job) =>
        job.dryRun ? {} : { error: { reason: "timeout", message: "Operation timed out after 5.0 seconds.", stage: "results" } },
      );
      const error = await rejectionOf(adapter().dryRun(request()));
      expect(error).toBeInstanceOf(QueryExecutionError);
      expect(error.message).toMatch(/^The BigQuery job did not finish within 5 s and was stopped\. BigQuery said: Operation timed out/);
      expect((error as QueryExecutionError).details).toMatchObject({ reason: "timeout", timeoutMs: 5000 });
    });

    it("passes other BigQuery job failures on with BigQuery's message", async () => {
      fake.respondWith((job) =>
        job.dryRun ? {} : { error: { reason: "invalidQuery", message: "Bad int64 value: abc", stage: "results" } },
      );
      const error = await rejectionOf(adapter().dryRun(request()));
      expect(error).toBeInstanceOf(QueryExecutionError);
      expect(error.message).toBe("BigQuery query failed: Bad int64 value: abc");
    });
  });

  describe("full run (stream)", () => {
    it("streams the result page by page in batches, one page requested per batch consumed", async () => {
      fake.respondWith(serveTable(usersTable(12)));
      const rowsBefore = await metricValue("segmentQueryRows", { engine: "bigquery", mode: "full_run" });
      const iterator = adapter().stream(request(), { batchSize: 5 })[Symbol.asyncIterator]();

      const first = await iterator.next();
      expect(first.done).toBe(false);
      expect(first.value?.rows.map((row: Record<string, unknown>) => row.subject_id)).toEqual([1, 2, 3, 4, 5]);
      expect(fake.resultsCalls).toHaveLength(1);
      expect(first.value?.columns.map((column: { name: string }) => column.name)).toEqual(["subject_id", "email", "plan"]);

      const rest: number[] = [];
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) rest.push(next.value.rows.length);
      expect(rest).toEqual([5, 2]);
      expect(fake.resultsCalls.map((call) => [call.maxResults, call.pageToken])).toEqual([
        [5, undefined],
        [5, "5"],
        [5, "10"],
      ]);
      const [full] = realJobs();
      expect(full?.query).toBe(`SELECT * FROM (\n${SEGMENT_SQL}\n) LIMIT 1000001`);
      expect(fake.jobs[0]?.dryRun).toBe(true);
      expect(await metricValue("segmentQueryRows", { engine: "bigquery", mode: "full_run" })).toBe(rowsBefore + 12);
    });

    it("stops with an error before the first batch when the result exceeds the row cap", async () => {
      fake.respondWith(serveTable(usersTable(12)));
      const batches: ResultBatch[] = [];
      const error = await rejectionOf(
        (async () => {
          for await (const batch of adapter().stream(request(), { batchSize: 5, rowCap: 10 })) batches.push(batch);
        })(),
      );
      expect(error).toBeInstanceOf(QueryExecutionError);
      expect(error.message).toMatch(/returns more than 10 rows, the row cap of a full run/);
      expect(batches).toHaveLength(0);
      expect(realJobs()[0]?.query).toMatch(/\) LIMIT 11$/);
    });

    it("delivers a result exactly at the row cap", async () => {
      fake.respondWith(serveTable(usersTable(10)));
      const batches = await collect(adapter().stream(request(), { batchSize: 4, rowCap: 10 }));
      expect(batches.map((batch) => batch.rows.length)).toEqual([4, 4, 2]);
    });

    it("refuses a non-SELECT dry run before starting the full job", async () => {
      fake.respondWith(() => ({ statementType: "CREATE_TABLE_AS_SELECT" }));
      const error = await rejectionOf(collect(adapter().stream(request())));
      expect(error).toBeInstanceOf(QueryRejectedError);
      expect(realJobs()).toHaveLength(0);
    });
  });

  it("maps BigQuery column types and decodes values", async () => {
    fake.respondWith(
      serveTable({
        schema: [
          { name: "subject_id", type: "INTEGER" },
          { name: "big_id", type: "INT64" },
          { name: "email", type: "STRING" },
          { name: "score", type: "FLOAT" },
          { name: "active", type: "BOOLEAN" },
          { name: "seen_at", type: "TIMESTAMP" },
          { name: "birthday", type: "DATE" },
          { name: "balance", type: "NUMERIC" },
          { name: "tags", type: "STRING", mode: "REPEATED" },
          { name: "address", type: "RECORD", fields: [{ name: "city", type: "STRING" }, { name: "zip", type: "INTEGER" }] },
          { name: "attributes", type: "JSON" },
          { name: "nickname", type: "STRING" },
        ],
        rows: [
          [
            7,
            "9007199254740993",
            "a@example.com",
            1.5,
            true,
            new Date("2025-02-03T04:05:06.789Z"),
            "1990-12-31",
            "12345678901234567890.123456789",
            ["x", "y"],
            { city: "Berlin", zip: 10115 },
            '{"tier":"gold"}',
            null,
          ],
        ],
      }),
    );
    const result = await adapter().dryRun(request({ sql: "SELECT * FROM crm.everything" }));
    expect(result.columns.map((column) => `${column.name}:${column.type}`)).toEqual([
      "subject_id:INT64",
      "big_id:INT64",
      "email:STRING",
      "score:FLOAT64",
      "active:BOOL",
      "seen_at:TIMESTAMP",
      "birthday:DATE",
      "balance:NUMERIC",
      "tags:ARRAY<STRING>",
      "address:STRUCT",
      "attributes:JSON",
      "nickname:STRING",
    ]);
    expect(result.rows[0]).toEqual({
      subject_id: 7,
      big_id: "9007199254740993",
      email: "a@example.com",
      score: 1.5,
      active: true,
      seen_at: new Date("2025-02-03T04:05:06.789Z"),
      birthday: "1990-12-31",
      balance: "12345678901234567890.123456789",
      tags: ["x", "y"],
      address: { city: "Berlin", zip: 10115 },
      attributes: { tier: "gold" },
      nickname: null,
    });
  });

  describe("testConnection", () => {
    it("reports latency with a dry run of SELECT 1, BigQuery as the server and a least-privilege hint", async () => {
      const result = await adapter().testConnection();
      expect(result).toEqual({ ok: true, latencyMs: expect.any(Number), serverVersion: "BigQuery", canWrite: null, warnings: [BIGQUERY_ROLE_WARNING] });
      expect(BIGQUERY_ROLE_WARNING).toMatch(/BigQuery Data Viewer .* BigQuery Job User/);
      expect(fake.jobs).toEqual([expect.objectContaining({ dryRun: true, query: "SELECT 1" })]);
    });

    it("fails with the token endpoint's answer when the key is not the service account's", async () => {
      const { privateKey } = generateKeyPairSync("rsa", {
        modulusLength: 2048,
        privateKeyEncoding: { type: "pkcs8", format: "pem" },
        publicKeyEncoding: { type: "spki", format: "pem" },
      });
      const credentialsJson = JSON.stringify({ ...(JSON.parse(fake.credentialsJson) as Record<string, unknown>), private_key: privateKey });
      const result = await adapter({ credentialsJson }).testConnection();
      expect(result.ok).toBe(false);
      expect(result.serverVersion).toBeNull();
      expect(result.error).toMatch(/^BigQuery did not accept a test query: .*invalid_grant/);
      expect(result.error).not.toContain("PRIVATE KEY");
      expect(fake.jobs).toHaveLength(0);
    });
  });
});
