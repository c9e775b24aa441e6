import { describe, expect, it } from "vitest";
import type { SegmentParameter } from "@/server/db/schema";
import { analyzeBigQueryQuery } from "./bigquery-analyzer";
import { QueryRejectedError } from "./errors";

function rejection(sql: string, parameters: SegmentParameter[] = []): QueryRejectedError {
  try {
    analyzeBigQueryQuery(sql, parameters);
  } catch (error) {
    if (error instanceof QueryRejectedError) return error;
    throw error;
  }
  throw new Error(`expected the governor to refuse: ${sql}`);
}

describe("analyzeBigQueryQuery: refusals", () => {
  const cases: Array<{ sql: string; message: RegExp; at?: string }> = [
    { sql: "DELETE FROM `p.d.users` WHERE true", message: /DELETE modifies data/, at: "DELETE" },
    { sql: "INSERT INTO d.t (a) VALUES (1)", message: /INSERT modifies data/ },
    { sql: "UPDATE d.t SET a = 1 WHERE true", message: /UPDATE modifies data/ },
    { sql: "MERGE d.t USING d.s ON t.a = s.a WHEN MATCHED THEN DELETE", message: /MERGE modifies data/ },
    { sql: "TRUNCATE TABLE d.t", message: /TRUNCATE modifies data/ },
    { sql: "CREATE TABLE d.copy AS SELECT * FROM d.t", message: /CREATE defines or changes objects/ },
    { sql: "CREATE TEMP FUNCTION f(x INT64) AS (x + 1); SELECT f(1) AS subject_id", message: /CREATE TEMP FUNCTION/ },
    { sql: "DROP TABLE d.t", message: /DROP defines or changes objects/ },
    { sql: "ALTER TABLE d.t ADD COLUMN x INT64", message: /ALTER defines/ },
    { sql: "DECLARE x INT64 DEFAULT 1", message: /DECLARE is BigQuery scripting/ },
    { sql: "SET @@query_label = 'x'", message: /SET is BigQuery scripting/ },
    { sql: "EXECUTE IMMEDIATE 'DELETE FROM d.t WHERE true'", message: /EXECUTE is BigQuery scripting/ },
    { sql: "CALL d.cleanup()", message: /CALL is BigQuery scripting/ },
    { sql: "BEGIN SELECT 1; END", message: /BEGIN is BigQuery scripting/ },
    { sql: "BEGIN TRANSACTION", message: /BEGIN is BigQuery scripting/ },
    { sql: "EXPORT DATA OPTIONS (uri = 'gs://bucket/*.csv', format = 'CSV') AS SELECT * FROM d.users", message: /EXPORT DATA writes/ },
    { sql: "LOAD DATA INTO d.t FROM FILES (format = 'CSV', uris = ['gs://b/x.csv'])", message: /LOAD DATA writes/ },
    { sql: "GRANT `roles/bigquery.dataViewer` ON TABLE d.t TO 'user:x@y.z'", message: /GRANT changes permissions/ },
    { sql: "WITH a AS (SELECT 1 AS x) UPDATE d.t SET x = 1 WHERE true", message: /Only a SELECT may follow the WITH clause: UPDATE modifies data/, at: "UPDATE" },
    {
      sql: "WITH RECURSIVE a AS (SELECT (1) AS x), b AS (SELECT x FROM a) DELETE FROM d.t WHERE true",
      message: /Only a SELECT may follow the WITH clause: DELETE modifies data/,
      at: "DELETE",
    },
    { sql: "SELECT 1 AS subject_id; DELETE FROM d.t WHERE true", message: /Only one statement/, at: "DELETE" },
    { sql: "SELECT 1; SELECT 2", message: /Only one statement/, at: "SELECT 2" },
    { sql: "SELECT * FROM EXTERNAL_QUERY('p.us.conn', 'DELETE FROM users')", message: /EXTERNAL_QUERY is not allowed: it runs a query string/, at: "EXTERNAL_QUERY" },
    { sql: "SELECT * FROM `external_query`('c', 'SELECT 1')", message: /EXTERNAL_QUERY is not allowed/ },
    { sql: "SELECT * FROM SAFE.EXTERNAL_QUERY('c', 'SELECT 1')", message: /EXTERNAL_QUERY is not allowed/ },
    { sql: "SELECT * FROM EXTERNAL_OBJECT_TRANSFORM(TABLE d.o, ['SIGNED_URL'])", message: /EXTERNAL_OBJECT_TRANSFORM is not allowed/ },
    { sql: "SELECT * FROM ML.GENERATE_TEXT(MODEL d.llm, (SELECT 'hi' AS prompt))", message: /ML\.GENERATE_TEXT is not allowed: functions in the ML, AI and OBJ namespaces/ },
    { sql: "SELECT * FROM ML.PREDICT(MODEL `d.churn`, TABLE d.users)", message: /ML\.PREDICT is not allowed/ },
    { sql: "SELECT ml.predict(1) AS x", message: /ML\.PREDICT is not allowed/ },
    { sql: "SELECT AI.GENERATE('hello') AS x", message: /AI\.GENERATE is not allowed/ },
    { sql: "SELECT OBJ.GET_ACCESS_URL(ref, 'r') AS url FROM d.objects", message: /OBJ\.GET_ACCESS_URL is not allowed/ },
    { sql: "SELECT query FROM `region-us`.INFORMATION_SCHEMA.JOBS", message: /INFORMATION_SCHEMA views are not allowed/, at: "`region-us`" },
    { sql: "SELECT query FROM region-us.INFORMATION_SCHEMA.JOBS_BY_PROJECT", message: /INFORMATION_SCHEMA views are not allowed/ },
    { sql: "SELECT * FROM `p.region-eu.INFORMATION_SCHEMA.JOBS_BY_USER`", message: /INFORMATION_SCHEMA/ },
    { sql: "SELECT table_name FROM d.information_schema.tables", message: /INFORMATION_SCHEMA/ },
    { sql: "#legacySQL\nSELECT * FROM [p:d.t]", message: /Legacy SQL is not supported/ },
    { sql: "   ", message: /The query is empty/ },
    { sql: "-- only a comment", message: /The query is empty/ },
    { sql: "SELECT 'unterminated AS s", message: /Unterminated string literal/ },
    { sql: "SELECT 1 /* never closed", message: /Unterminated \/\* comment/ },
    { sql: "SELECT * FROM `p.d.t", message: /Unterminated quoted identifier/ },
    // Strings and comments must not hide a second statement from the tokenizer…
    { sql: "SELECT 'a;b' AS s; DELETE FROM d.t WHERE true", message: /Only one statement/ },
    { sql: "SELECT 1 -- harmless ; \n; DROP TABLE d.t", message: /Only one statement/ },
    { sql: "SELECT 'it\\'s ; quoted' AS s; DELETE FROM d.t WHERE true", message: /Only one statement/ },
    { sql: "SELECT r'C:\\temp\\' AS s; DELETE FROM d.t WHERE true", message: /Unterminated string literal/ },
    { sql: "SELECT '''it's ; still a string''' AS s; DROP TABLE d.t", message: /Only one statement/ },
    // …and a comment does not change what the statement starts with.
    { sql: "/* SELECT */ DELETE FROM d.t WHERE true", message: /DELETE modifies data/ },
    { sql: "# SELECT\nDELETE FROM d.t WHERE true", message: /DELETE modifies data/ },
    { sql: "(DELETE FROM d.t WHERE true)", message: /DELETE modifies data/ },
  ];

  for (const { sql, message, at } of cases) {
    it(`refuses ${JSON.stringify(sql.slice(0, 70))}`, () => {
      const error = rejection(sql);
      expect(error.message).toMatch(message);
      expect(error.code).toBe("INVALID");
      if (at !== undefined) expect(error.details?.position).toBe(sql.indexOf(at) + 1);
    });
  }

  it("refuses a :name that is not a declared parameter, with its position", () => {
    const sql = "SELECT id AS subject_id, email FROM d.users WHERE country = :country";
    const error = rejection(sql);
    expect(error.message).toMatch(/:country is not declared/);
    expect(error.details?.position).toBe(sql.indexOf(":country") + 1);
  });
});

describe("analyzeBigQueryQuery: legitimate BigQuery queries", () => {
  const accepted: Array<{ sql: string; parsed: boolean }> = [
    { sql: "SELECT id AS subject_id, email FROM `my-project.crm.users`", parsed: true },
    { sql: "SELECT id AS subject_id, email FROM my-project.crm.users WHERE active", parsed: true },
    { sql: "SELECT * EXCEPT (password_hash) FROM `p.crm.users`", parsed: true },
    { sql: "SELECT id AS subject_id, SAFE_CAST(age AS INT64) AS age, email FROM crm.users", parsed: true },
    { sql: "SELECT u.id AS subject_id, u.email, STRUCT(u.city AS city, u.zip AS zip) AS address FROM crm.users u", parsed: true },
    { sql: "SELECT u.id AS subject_id, u.email, tag FROM crm.users u, UNNEST(u.tags) AS tag", parsed: true },
    {
      sql: "WITH recent AS (SELECT user_id FROM crm.orders WHERE created_at > TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL 30 DAY)) SELECT u.id AS subject_id, u.email FROM crm.users u JOIN recent r ON r.user_id = u.id",
      parsed: true,
    },
    { sql: "SELECT id AS subject_id, email, 'DELETE FROM x; DROP TABLE y' AS note FROM crm.users -- EXECUTE IMMEDIATE in a comment", parsed: true },
    { sql: "SELECT id AS subject_id, email FROM crm.users /* INFORMATION_SCHEMA.JOBS and EXTERNAL_QUERY( in a comment */", parsed: true },
    { sql: "SELECT id AS subject_id, email, 'ML.PREDICT(' AS s FROM crm.users", parsed: true },
    { sql: "SELECT id AS subject_id, email, SESSION_USER() AS who FROM crm.users", parsed: true },
    { sql: "SELECT id AS subject_id, email FROM `p.d.events_*` WHERE _TABLE_SUFFIX BETWEEN '20240101' AND '20240131'", parsed: true },
    { sql: "(SELECT id AS subject_id, email FROM a.u) UNION ALL (SELECT id, email FROM b.u)", parsed: true },
    // Valid GoogleSQL node-sql-parser 5.4 cannot read: the tokenizer checks them and the dry run decides.
    { sql: "SELECT id AS subject_id, email FROM crm.users QUALIFY ROW_NUMBER() OVER (PARTITION BY email ORDER BY updated_at DESC) = 1", parsed: false },
    {
      sql: "WITH RECURSIVE r AS (SELECT 1 AS n UNION ALL SELECT n + 1 FROM r WHERE n < 3) SELECT n AS subject_id, 'x@y.z' AS email FROM r",
      parsed: false,
    },
    { sql: "SELECT country, COUNT(*) AS n FROM crm.users GROUP BY ALL", parsed: false },
    { sql: "SELECT * REPLACE (LOWER(email) AS email) FROM crm.users", parsed: true },
    { sql: "FROM crm.users |> WHERE active |> SELECT id AS subject_id, email", parsed: false },
    { sql: "SELECT id AS subject_id, email, '''multi\nline; DELETE''' AS s FROM crm.users", parsed: true },
  ];

  for (const { sql, parsed } of accepted) {
    it(`accepts ${JSON.stringify(sql.slice(0, 70))}`, () => {
      const analysis = analyzeBigQueryQuery(sql, []);
      expect(analysis.parsed).toBe(parsed);
      expect(analysis.sql).toContain("SELECT");
    });
  }

  it("rewrites :name to @name outside strings and comments and keeps positions", () => {
    const parameters: SegmentParameter[] = [
      { name: "country", type: "string" },
      { name: "days", type: "number", default: 30 },
    ];
    const sql =
      "SELECT id AS subject_id, email, ':country' AS literal FROM crm.users -- :days\nWHERE country = :country AND signup > DATE_SUB(CURRENT_DATE(), INTERVAL :days DAY)";
    const { sql: rewritten, parsed } = analyzeBigQueryQuery(sql, parameters);
    expect(rewritten).toContain("WHERE country = @country AND signup > DATE_SUB(CURRENT_DATE(), INTERVAL @days DAY)");
    expect(rewritten).toContain("':country' AS literal");
    expect(rewritten).toContain("-- :days");
    expect(rewritten.length).toBe(sql.length);
    expect(parsed).toBe(true);
  });

  it("analyses without values even when a parameter has no default", () => {
    const parameters: SegmentParameter[] = [{ name: "since", type: "timestamp" }];
    expect(analyzeBigQueryQuery("SELECT id AS subject_id, email FROM crm.users WHERE created_at > :since", parameters).sql).toContain("@since");
  });

  it("cuts trailing semicolons and comments so the query can be wrapped as a subquery", () => {
    const { sql } = analyzeBigQueryQuery("SELECT id AS subject_id, email FROM crm.users;;  -- done", []);
    expect(sql).toBe("SELECT id AS subject_id, email FROM crm.users");
    expect(analyzeBigQueryQuery("SELECT 1 AS subject_id -- trailing", []).sql).toBe("SELECT 1 AS subject_id");
  });
});
