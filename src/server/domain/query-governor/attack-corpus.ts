import type { SegmentParameter } from "@/server/db/schema";

/**
 * SQL the Postgres governor must refuse and SQL it must accept. Shared by the analyzer's unit test and the adapter's
 * integration test, which runs both lists against a canary database holding a `canary` table (id int, email text,
 * note text) and a `canary_seq` sequence.
 */
export interface AttackQuery {
  category: string;
  sql: string;
  /** What the refusal message must say. */
  message: RegExp;
}

const ONE_STATEMENT = /Only one statement is allowed/;
const DATA_MODIFYING = /Data-modifying statements are not allowed anywhere/;
const LOCKING = /Locking clauses .* are not allowed/;
const SYNTAX = /Syntax error/;
/** The refusal of a denied function, optionally with the reason the deny-list gives for it. */
const fn = (name: string, reason?: RegExp) =>
  new RegExp(`Function (pg_catalog\\.)?${name}\\(\\) is not allowed in a segment query: .*${reason?.source ?? ""}`);
const relation = (name: string) => new RegExp(`Reading ${name} is not allowed`);

export const attackQueries: AttackQuery[] = [
  // Several statements, however the separator is dressed up.
  { category: "multiple statements", sql: "SELECT 1; DROP TABLE canary", message: ONE_STATEMENT },
  { category: "multiple statements", sql: "SELECT id FROM canary; UPDATE canary SET email = 'x'", message: ONE_STATEMENT },
  { category: "multiple statements", sql: "SELECT 'a;b' AS x; DELETE FROM canary", message: ONE_STATEMENT },
  { category: "multiple statements", sql: "SELECT 1 /* ; */ ; TRUNCATE canary", message: ONE_STATEMENT },
  { category: "multiple statements", sql: "SELECT $$;$$ AS x; DROP TABLE canary --", message: ONE_STATEMENT },
  { category: "multiple statements", sql: "SELECT 1 -- trailing comment\n; DROP TABLE canary", message: ONE_STATEMENT },
  { category: "multiple statements", sql: "SELECT 'it''s'; DROP TABLE canary", message: ONE_STATEMENT },
  { category: "multiple statements", sql: "SELECT E'\\''; DROP TABLE canary; --'", message: ONE_STATEMENT },
  { category: "multiple statements", sql: "SELECT $tag$ ; $$ ; $tag$ AS x; DELETE FROM canary", message: ONE_STATEMENT },
  { category: "multiple statements", sql: 'SELECT "drop" FROM (SELECT 1 AS "drop") s; DELETE FROM canary', message: ONE_STATEMENT },
  { category: "multiple statements", sql: "SELECT 1 ; ; DROP TABLE canary", message: ONE_STATEMENT },
  { category: "multiple statements", sql: "COMMIT; DROP TABLE canary", message: ONE_STATEMENT },

  // Anything but SELECT at the top.
  { category: "statement type", sql: "DROP TABLE canary", message: /not DROP/ },
  { category: "statement type", sql: "DELETE FROM canary", message: /not DELETE/ },
  { category: "statement type", sql: "UPDATE canary SET email = 'owned@example.com'", message: /not UPDATE/ },
  { category: "statement type", sql: "INSERT INTO canary (id, email) VALUES (999, 'x@example.com')", message: /not INSERT/ },
  { category: "statement type", sql: "TRUNCATE canary", message: /not TRUNCATE/ },
  { category: "statement type", sql: "ALTER TABLE canary ADD COLUMN owned int", message: /not ALTER TABLE/ },
  { category: "statement type", sql: "CREATE TABLE evil AS SELECT * FROM canary", message: /not CREATE TABLE AS/ },
  { category: "statement type", sql: "GRANT ALL ON canary TO PUBLIC", message: /not GRANT\/REVOKE/ },
  { category: "statement type", sql: "COPY canary TO '/tmp/canary.csv'", message: /not COPY/ },
  { category: "statement type", sql: "COPY (SELECT 1) TO PROGRAM 'touch /tmp/emailops-pwned'", message: /not COPY/ },
  { category: "statement type", sql: "CALL canary_proc()", message: /not CALL/ },
  { category: "statement type", sql: "DO $$ BEGIN DELETE FROM canary; END $$", message: /not DO/ },
  { category: "statement type", sql: "EXPLAIN ANALYZE DELETE FROM canary", message: /not EXPLAIN/ },
  { category: "statement type", sql: "PREPARE p AS DELETE FROM canary", message: /not PREPARE/ },
  { category: "statement type", sql: "EXECUTE p", message: /not EXECUTE/ },
  { category: "statement type", sql: "SET statement_timeout = 0", message: /not SET/ },
  { category: "statement type", sql: "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE", message: /not SET/ },
  { category: "statement type", sql: "SET ROLE postgres", message: /not SET/ },
  { category: "statement type", sql: "RESET ALL", message: /not SET/ },
  { category: "statement type", sql: "BEGIN READ WRITE", message: /not transaction control/ },
  { category: "statement type", sql: "LOCK TABLE canary IN ACCESS EXCLUSIVE MODE", message: /not LOCK/ },
  { category: "statement type", sql: "LISTEN canary_channel", message: /not LISTEN/ },
  { category: "statement type", sql: "NOTIFY canary_channel", message: /not NOTIFY/ },
  { category: "statement type", sql: "VACUUM canary", message: /not VACUUM\/ANALYZE/ },
  { category: "statement type", sql: "DECLARE c CURSOR WITH HOLD FOR SELECT * FROM canary", message: /not DECLARE CURSOR/ },
  { category: "statement type", sql: "DISCARD ALL", message: /not DISCARD/ },
  { category: "statement type", sql: "LOAD 'auto_explain'", message: /not LOAD/ },
  {
    category: "statement type",
    sql: "MERGE INTO canary c USING (SELECT 1 AS id) s ON c.id = s.id WHEN MATCHED THEN DELETE",
    message: /not MERGE/,
  },
  { category: "statement type", sql: "/* nested /* comment */ ; */ DELETE FROM canary", message: /not DELETE/ },

  // Data-modifying statements hidden inside a SELECT.
  { category: "data-modifying CTE", sql: "WITH d AS (DELETE FROM canary RETURNING *) SELECT * FROM d", message: DATA_MODIFYING },
  {
    category: "data-modifying CTE",
    sql: "WITH u AS (UPDATE canary SET email = 'x' RETURNING id) SELECT count(*) FROM u",
    message: DATA_MODIFYING,
  },
  {
    category: "data-modifying CTE",
    sql: "WITH i AS (INSERT INTO canary (id, email) VALUES (999, 'x') RETURNING id) SELECT * FROM i",
    message: DATA_MODIFYING,
  },
  {
    category: "data-modifying CTE",
    sql: "SELECT * FROM (WITH d AS (DELETE FROM canary RETURNING id) SELECT id FROM d) s",
    message: DATA_MODIFYING,
  },
  {
    category: "data-modifying CTE",
    sql: "WITH a AS (SELECT 1), b AS (SELECT 2), d AS (DELETE FROM canary WHERE id > 0 RETURNING id) SELECT * FROM a, b",
    message: DATA_MODIFYING,
  },

  { category: "SELECT INTO", sql: "SELECT * INTO evil FROM canary", message: /SELECT INTO is not allowed/ },
  { category: "SELECT INTO", sql: "SELECT id INTO TEMP evil FROM canary", message: /SELECT INTO is not allowed/ },

  { category: "locking clause", sql: "SELECT * FROM canary FOR UPDATE", message: LOCKING },
  { category: "locking clause", sql: "SELECT * FROM canary FOR NO KEY UPDATE SKIP LOCKED", message: LOCKING },
  { category: "locking clause", sql: "SELECT * FROM (SELECT * FROM canary FOR SHARE) s", message: LOCKING },
  { category: "locking clause", sql: "(SELECT id FROM canary FOR KEY SHARE NOWAIT) UNION ALL SELECT 1", message: LOCKING },

  { category: "sequences", sql: "SELECT nextval('canary_seq')", message: fn("nextval", /it changes a sequence/) },
  { category: "sequences", sql: "SELECT setval('canary_seq', 1000)", message: fn("setval", /it changes a sequence/) },
  { category: "sequences", sql: "SELECT pg_catalog.nextval('canary_seq')", message: fn("nextval", /it changes a sequence/) },
  { category: "sequences", sql: "SELECT currval('canary_seq')", message: fn("currval") },
  { category: "sequences", sql: "SELECT lastval()", message: fn("lastval") },
  { category: "sequences", sql: "VALUES (nextval('canary_seq'))", message: fn("nextval") },
  { category: "sequences", sql: "SELECT * FROM canary WHERE id = (SELECT nextval('canary_seq'))", message: fn("nextval") },
  { category: "sequences", sql: "SELECT * FROM canary, LATERAL (SELECT setval('canary_seq', 5)) s", message: fn("setval") },
  { category: "sequences", sql: "SELECT U&\"nextv\\0061l\"('canary_seq')", message: fn("nextval") },
  { category: "sequences", sql: "SELECT count(*) FILTER (WHERE nextval('canary_seq') > 0) FROM canary", message: fn("nextval") },
  { category: "sequences", sql: "SELECT * FROM canary WHERE id IN (VALUES (setval('canary_seq', 1)))", message: fn("setval") },
  { category: "sequences", sql: "SELECT 1 WHERE false UNION ALL SELECT nextval('canary_seq')", message: fn("nextval") },

  { category: "settings", sql: "SELECT set_config('statement_timeout', '0', false)", message: fn("set_config", /it changes server settings/) },
  {
    category: "settings",
    sql: "WITH s AS (SELECT pg_catalog.set_config('default_transaction_read_only', 'off', false)) SELECT * FROM s",
    message: fn("set_config"),
  },
  { category: "settings", sql: "SELECT (SELECT set_config('work_mem', '1GB', false)) AS x", message: fn("set_config") },
  { category: "settings", sql: "SELECT pg_reload_conf()", message: fn("pg_reload_conf") },

  { category: "advisory locks", sql: "SELECT pg_advisory_lock(42)", message: fn("pg_advisory_lock", /advisory locks/) },
  { category: "advisory locks", sql: "SELECT pg_try_advisory_lock(42)", message: fn("pg_try_advisory_lock") },
  { category: "advisory locks", sql: "SELECT pg_catalog.pg_advisory_lock_shared(7)", message: fn("pg_advisory_lock_shared") },
  { category: "advisory locks", sql: "SELECT * FROM canary ORDER BY pg_advisory_xact_lock(id)", message: fn("pg_advisory_xact_lock") },

  { category: "large objects", sql: "SELECT lo_import('/etc/passwd')", message: fn("lo_import", /large objects or server files/) },
  { category: "large objects", sql: "SELECT lo_export(1234, '/tmp/emailops-lo')", message: fn("lo_export") },
  { category: "large objects", sql: "SELECT lo_create(0)", message: fn("lo_create") },
  { category: "large objects", sql: "SELECT loread(lo_open(1, 262144), 100)", message: fn("loread") },
  { category: "large objects", sql: "SELECT xmlelement(name x, lo_from_bytea(0, 'x'))", message: fn("lo_from_bytea") },
  { category: "large objects", sql: "SELECT * FROM pg_largeobject", message: relation("pg_largeobject") },

  { category: "server files", sql: "SELECT pg_read_file('/etc/passwd')", message: fn("pg_read_file") },
  { category: "server files", sql: "SELECT pg_read_binary_file('postgresql.conf')", message: fn("pg_read_binary_file") },
  { category: "server files", sql: "SELECT * FROM pg_ls_dir('.')", message: fn("pg_ls_dir") },
  { category: "server files", sql: "SELECT pg_stat_file('postgresql.conf')", message: fn("pg_stat_file") },
  { category: "server files", sql: "SELECT * FROM pg_ls_waldir()", message: fn("pg_ls_waldir") },
  { category: "server files", sql: "SELECT * FROM canary c JOIN LATERAL pg_read_file('/etc/hosts') f ON true", message: fn("pg_read_file") },
  { category: "server files", sql: "SELECT * FROM json_to_record(pg_read_file('x.json')::json) AS r(a int)", message: fn("pg_read_file") },

  {
    category: "other servers",
    sql: "SELECT * FROM dblink('dbname=postgres', 'DELETE FROM canary RETURNING 1') AS t(x int)",
    message: fn("dblink", /it connects to another server/),
  },
  { category: "other servers", sql: "SELECT dblink_exec('dbname=postgres', 'DROP TABLE canary')", message: fn("dblink_exec") },
  { category: "other servers", sql: "SELECT postgres_fdw_disconnect_all()", message: fn("postgres_fdw_disconnect_all") },

  { category: "backend signalling", sql: "SELECT pg_cancel_backend(1)", message: fn("pg_cancel_backend", /signals or controls the server/) },
  { category: "backend signalling", sql: "SELECT pg_terminate_backend(pid) FROM (SELECT 1 AS pid) p", message: fn("pg_terminate_backend") },
  { category: "backend signalling", sql: "SELECT pg_rotate_logfile()", message: fn("pg_rotate_logfile") },
  { category: "backend signalling", sql: "SELECT pg_switch_wal()", message: fn("pg_switch_wal") },
  { category: "backend signalling", sql: "SELECT pg_create_restore_point('x')", message: fn("pg_create_restore_point") },
  { category: "backend signalling", sql: "SELECT pg_promote()", message: fn("pg_promote") },
  { category: "backend signalling", sql: "SELECT pg_backup_start('x')", message: fn("pg_backup_start") },

  { category: "replication", sql: "SELECT pg_create_logical_replication_slot('s', 'pgoutput')", message: fn("pg_create_logical_replication_slot") },
  { category: "replication", sql: "SELECT pg_drop_replication_slot('s')", message: fn("pg_drop_replication_slot") },
  { category: "replication", sql: "SELECT * FROM pg_logical_slot_get_changes('s', NULL, NULL)", message: fn("pg_logical_slot_get_changes") },
  { category: "replication", sql: "SELECT pg_logical_emit_message(true, 'x', 'y')", message: fn("pg_logical_emit_message") },

  {
    category: "query strings",
    sql: "SELECT query_to_xml('DELETE FROM canary RETURNING *', true, false, '')",
    message: fn("query_to_xml", /it runs a query given as text/),
  },
  { category: "query strings", sql: "SELECT table_to_xml('canary', true, false, '')", message: fn("table_to_xml") },
  { category: "query strings", sql: "SELECT cursor_to_xml('c', 1, true, false, '')", message: fn("cursor_to_xml") },
  { category: "query strings", sql: "SELECT database_to_xml(true, false, '')", message: fn("database_to_xml") },
  { category: "query strings", sql: "SELECT * FROM ts_stat('SELECT to_tsvector(email) FROM canary')", message: fn("ts_stat") },
  { category: "query strings", sql: "SELECT * FROM crosstab('SELECT 1, 2, 3') AS t(a int, b int)", message: fn("crosstab") },

  { category: "sleep", sql: "SELECT pg_sleep(10)", message: fn("pg_sleep", /it only waits/) },
  { category: "sleep", sql: "SELECT pg_sleep_for('10 seconds')", message: fn("pg_sleep_for") },
  { category: "sleep", sql: "SELECT * FROM canary WHERE pg_sleep(1) IS NOT NULL", message: fn("pg_sleep") },
  { category: "sleep", sql: "SELECT * FROM ROWS FROM (pg_sleep(1)) AS t", message: fn("pg_sleep") },

  { category: "transaction side effects", sql: "SELECT txid_current()", message: fn("txid_current", /transaction side effects/) },
  { category: "transaction side effects", sql: "SELECT pg_current_xact_id()", message: fn("pg_current_xact_id") },
  { category: "transaction side effects", sql: "SELECT pg_notify('canary_channel', 'x')", message: fn("pg_notify") },
  { category: "transaction side effects", sql: "SELECT pg_export_snapshot()", message: fn("pg_export_snapshot") },
  { category: "transaction side effects", sql: "SELECT pg_import_system_collations('pg_catalog')", message: fn("pg_import_system_collations") },

  { category: "secret catalogs", sql: "SELECT rolpassword FROM pg_authid", message: relation("pg_authid") },
  { category: "secret catalogs", sql: "SELECT * FROM pg_catalog.pg_shadow", message: relation("pg_shadow") },
  { category: "secret catalogs", sql: "SELECT * FROM pg_user_mappings", message: relation("pg_user_mappings") },
  { category: "secret catalogs", sql: "SELECT * FROM pg_file_settings", message: relation("pg_file_settings") },
  { category: "secret catalogs", sql: "SELECT * FROM pg_hba_file_rules", message: relation("pg_hba_file_rules") },
  { category: "secret catalogs", sql: "SELECT query FROM pg_stat_activity", message: relation("pg_stat_activity") },
  { category: "secret catalogs", sql: "TABLE pg_authid", message: relation("pg_authid") },
  { category: "secret catalogs", sql: "SELECT * FROM canary WHERE email IN (SELECT passwd FROM pg_shadow)", message: relation("pg_shadow") },
  { category: "secret catalogs", sql: 'SELECT * FROM U&"pg_\\0061uthid"', message: relation("pg_authid") },
  { category: "secret catalogs", sql: "SELECT * FROM pg_stat_get_activity(NULL)", message: fn("pg_stat_get_activity") },

  { category: "parser tricks", sql: "select 1 \\; drop table canary", message: SYNTAX },
  { category: "parser tricks", sql: "SELECT 'unterminated; DROP TABLE canary", message: SYNTAX },
  { category: "parser tricks", sql: "SELECT 1 /* unterminated ; DROP TABLE canary", message: SYNTAX },
  { category: "parser tricks", sql: "SELECT $a$ unterminated; DROP TABLE canary", message: SYNTAX },
  { category: "parser tricks", sql: "SELECT 1) AS q; DROP TABLE canary; SELECT * FROM (SELECT 1", message: SYNTAX },
  { category: "parser tricks", sql: "", message: /The query is empty/ },
  { category: "parser tricks", sql: "-- only a comment ; DROP TABLE canary", message: /The query is empty/ },
  { category: "parser tricks", sql: "SELECT $1", message: /Positional parameters like \$1 are not supported/ },
  { category: "parser tricks", sql: "SELECT :undeclared", message: /Parameter :undeclared is not declared/ },
  { category: "parser tricks", sql: "SELECT * FROM canary WHERE id = ANY(ARRAY[nextval('canary_seq')])", message: fn("nextval") },
];

export interface LegitimateQuery {
  name: string;
  sql: string;
  parameters?: SegmentParameter[];
  values?: Record<string, unknown>;
}

export const legitimateQueries: LegitimateQuery[] = [
  { name: "plain select", sql: "SELECT id AS subject_id, email FROM canary" },
  { name: "trailing semicolon and comment", sql: "SELECT id AS subject_id, email FROM canary; -- done" },
  {
    name: "CTE",
    sql: "WITH active AS (SELECT * FROM canary WHERE id > 1)\nSELECT id AS subject_id, email FROM active ORDER BY id",
  },
  {
    name: "window function",
    sql: "SELECT id AS subject_id, email, row_number() OVER (ORDER BY id DESC) AS rank, sum(id) OVER () AS total FROM canary",
  },
  {
    name: "joins and aggregates",
    sql: "SELECT c.id AS subject_id, c.email, count(o.n) AS orders FROM canary c LEFT JOIN generate_series(1, 3) AS o(n) ON o.n <= c.id GROUP BY c.id, c.email HAVING count(o.n) >= 0",
  },
  {
    name: "LATERAL",
    sql: "SELECT c.id AS subject_id, c.email, l.doubled FROM canary c CROSS JOIN LATERAL (SELECT c.id * 2 AS doubled) l",
  },
  {
    name: "strings and comments containing keywords",
    sql: "SELECT id AS subject_id, email, 'DELETE FROM canary; DROP TABLE canary' AS note -- UPDATE canary SET x = 1;\nFROM canary /* INSERT INTO canary VALUES (1); */",
  },
  { name: "dollar-quoted string containing ;", sql: "SELECT id AS subject_id, email, $$a; DROP TABLE canary; b$$ AS note FROM canary" },
  { name: "quoted identifiers named like keywords", sql: 'SELECT id AS subject_id, email, id AS "drop", email AS "delete;" FROM canary' },
  {
    name: ":params and :: casts",
    sql: "SELECT id AS subject_id, email, :label::text AS label, '2024-01-01'::date AS d FROM canary WHERE id >= :minId::int AND note IS DISTINCT FROM ':notAParam'",
    parameters: [
      { name: "minId", type: "number" },
      { name: "label", type: "string", default: "vip" },
    ],
    values: { minId: "2" },
  },
  { name: "VALUES", sql: "VALUES (1, 'a@example.com'), (2, 'b@example.com')" },
  { name: "TABLE", sql: "TABLE canary" },
  {
    name: "set operation and subqueries",
    sql: "SELECT id AS subject_id, email FROM canary WHERE id IN (SELECT id FROM canary WHERE email LIKE '%@%') UNION SELECT 0, 'zero@example.com'",
  },
  {
    name: "recursive CTE with a bound",
    sql: "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5) SELECT n AS subject_id, 'r' || n || '@example.com' AS email FROM r",
  },
  { name: "harmless functions", sql: "SELECT id AS subject_id, lower(email) AS email, current_setting('TimeZone') AS tz, now() AS at, md5(email) AS h FROM canary" },
  { name: "array slice with a column bound", sql: "SELECT (ARRAY[1, 2, 3, 4])[1:n] AS head FROM (SELECT 2 AS n) s" },
  { name: "JSON operators", sql: "SELECT id AS subject_id, email, jsonb_build_object('id', id) ->> 'id' AS j, '{\"a\": 1}'::jsonb ? 'a' AS has FROM canary" },
];
