import { beforeAll, describe, expect, it } from "vitest";
import type { SegmentParameter } from "@/server/db/schema";
import { attackQueries, legitimateQueries } from "./attack-corpus";
import { QueryRejectedError } from "./errors";
import { analyzePostgresQuery, analyzePostgresStatement } from "./postgres-analyzer";
import { loadPostgresParser } from "./pg-parser";

async function rejection(sql: string, parameters: SegmentParameter[] = []): Promise<QueryRejectedError> {
  try {
    await analyzePostgresQuery(sql, parameters);
  } catch (error) {
    if (error instanceof QueryRejectedError) return error;
    throw error;
  }
  throw new Error(`accepted: ${sql}`);
}

describe("analyzePostgresQuery", () => {
  beforeAll(() => loadPostgresParser());

  it("has a corpus of at least 40 attacks across every category and 10 legitimate queries", () => {
    expect(attackQueries.length).toBeGreaterThanOrEqual(40);
    expect(legitimateQueries.length).toBeGreaterThanOrEqual(10);
    expect(new Set(attackQueries.map((attack) => attack.category)).size).toBeGreaterThanOrEqual(15);
  });

  it.each(attackQueries.map((attack) => [attack.category, attack.sql, attack.message] as const))(
    "refuses %s: %s",
    async (_category, sql, message) => {
      const error = await rejection(sql);
      expect(error.code).toBe("INVALID");
      expect(error.message).toMatch(message);
    },
  );

  it.each(legitimateQueries.map((query) => [query.name, query] as const))("accepts %s", async (_name, query) => {
    const { sql } = await analyzePostgresQuery(query.sql, query.parameters ?? []);
    if (query.parameters?.length) expect(sql).toContain("$1");
    else expect(sql).toHaveLength(query.sql.length);
  });

  it("returns one statement ready to wrap: separators and comments around it blanked, offsets unchanged", async () => {
    const sql = "/* lead */ SELECT id FROM canary ;; -- done";
    const analyzed = await analyzePostgresQuery(sql, []);
    expect(analyzed.sql).toHaveLength(sql.length);
    expect(analyzed.sql.trim()).toBe("SELECT id FROM canary");
  });

  it("rewrites :name placeholders to $n in order of first use, leaving casts, strings and comments alone", async () => {
    const parameters: SegmentParameter[] = [
      { name: "minCredits", type: "number" },
      { name: "plan", type: "string" },
    ];
    const { sql } = await analyzePostgresQuery(
      "SELECT ':plan' AS s, :plan::text AS p /* :minCredits */ FROM t WHERE credits > :minCredits AND plan = :plan -- :plan",
      parameters,
    );
    expect(sql).toBe("SELECT ':plan' AS s, $1::text AS p /* :minCredits */ FROM t WHERE credits > $2 AND plan = $1 -- :plan");
  });

  it("points at the offending statement, function or relation with a 1-based position in the user's SQL", async () => {
    expect((await rejection("SELECT 1; DROP TABLE canary")).details).toEqual({ position: 11 });
    expect((await rejection("SELECT id FROM canary WHERE nextval('s') > 0")).details).toEqual({ position: 29 });
    expect((await rejection("SELECT * FROM canary FOR UPDATE")).details).toEqual({ position: 22 });
    expect((await rejection("SELECT * FROM pg_shadow")).details).toEqual({ position: 15 });
    expect((await rejection("SELECT 1 FROM canary WHERE")).message).toMatch(/Syntax error: syntax error at end of input/);
  });

  it("counts positions in characters, not bytes, and across rewritten placeholders", async () => {
    expect((await rejection("SELECT 'éééé' AS x, nextval('s')")).details).toEqual({ position: 21 });
    const parameters = Array.from({ length: 12 }, (_, i): SegmentParameter => ({ name: `p${i}`, type: "number" }));
    const sql = `SELECT ${parameters.map((p) => `:${p.name}`).join(", ")}, pg_sleep(1)`;
    expect((await rejection(sql, parameters)).details).toEqual({ position: sql.indexOf("pg_sleep") + 1 });
    const broken = "SELECT :p0, :p1 fro x";
    expect((await rejection(broken, parameters)).details).toEqual({ position: broken.indexOf("x") + 1 });
  });

  it("names the problem in its message", async () => {
    expect((await rejection("WITH d AS (DELETE FROM canary RETURNING *) SELECT * FROM d")).message).toContain("found DELETE inside it");
    expect((await rejection("SELECT pg_catalog.pg_advisory_lock(1)")).message).toBe(
      "Function pg_catalog.pg_advisory_lock() is not allowed in a segment query: it takes advisory locks that outlive the query (at character 8)",
    );
    expect((await rejection("SELECT 1; SELECT 2; SELECT 3")).message).toContain("found 3");
  });

  it("answers deeply nested SQL with a verdict, never a crash", async () => {
    for (const sql of [`SELECT ${"abs(".repeat(3000)}1${")".repeat(3000)}`, `SELECT ${"a(".repeat(30000)}1${")".repeat(30000)}`]) {
      const outcome = await analyzePostgresQuery(sql, []).then(
        () => "accepted",
        (error: unknown) => (error instanceof QueryRejectedError ? error.message : `crashed: ${String(error)}`),
      );
      expect(outcome).toMatch(/^(accepted|The query is nested too deeply to analyze|Syntax error: memory exhausted)/);
    }
  });

  it("refuses absurdly long SQL before parsing it", async () => {
    const error = await rejection(`SELECT 1 ${"-".repeat(100_001)}`);
    expect(error.message).toMatch(/too long/);
  });

  it("keeps the parse cost well under a millisecond per query", async () => {
    const sql = legitimateQueries[4]!.sql;
    await analyzePostgresStatement(sql, []);
    const runs = 300;
    const started = performance.now();
    for (let i = 0; i < runs; i++) await analyzePostgresStatement(sql, []);
    const perQueryMs = (performance.now() - started) / runs;
    expect(perQueryMs).toBeLessThan(1);
  });
});
