import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { loadEnvFile } from "@/server/lib/load-env-file";
import { adminUrl, databaseUrl } from "./database-urls";

/**
 * A throwaway "customer" database for Query Governor tests: a `canary` table (id, email, note), a `canary_seq`
 * sequence, a slow SQL function, and two roles — one read-only, one that may insert. `state()` captures everything an
 * attack could change, so a test can assert that nothing did.
 */
export interface CanaryDatabase {
  name: string;
  url: string;
  sql: postgres.Sql;
  readOnlyRole: string;
  writerRole: string;
  roleUrl: (role: string) => string;
  state: () => Promise<Record<string, unknown>>;
  drop: () => Promise<void>;
}

export async function createCanaryDatabase(): Promise<CanaryDatabase> {
  loadEnvFile();
  const suffix = randomBytes(4).toString("hex");
  const name = `emailops_canary_${suffix}`;
  const readOnlyRole = `emailops_ro_${suffix}`;
  const writerRole = `emailops_rw_${suffix}`;
  const admin = postgres(adminUrl(), { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database "${name}"`);
  const url = databaseUrl(name);
  const sql = postgres(url, { max: 1, onnotice: () => undefined });
  await sql.unsafe(`
    create table canary (id int primary key, email text not null, note text);
    insert into canary values (1, 'ann@example.com', 'a'), (2, 'bob@example.com', null), (3, 'cy@example.com', 'c');
    create sequence canary_seq start 10;
    select nextval('canary_seq');
    create function canary_slow() returns int language sql as 'select 1 from pg_sleep(3)';
    create role "${readOnlyRole}" login;
    grant select on canary to "${readOnlyRole}";
    create role "${writerRole}" login;
    grant select, insert on canary to "${writerRole}";
  `);

  return {
    name,
    url,
    sql,
    readOnlyRole,
    writerRole,
    roleUrl(role) {
      const parsed = new URL(url);
      parsed.username = role;
      parsed.password = "";
      return parsed.toString();
    },
    async state() {
      const [state] = await sql`
        select (select json_agg(c order by id) from canary c) as rows,
               (select last_value from canary_seq) as "lastValue",
               (select is_called from canary_seq) as "isCalled",
               (select count(*)::int from pg_catalog.pg_largeobject_metadata) as "largeObjects",
               (select array_agg(relname::text order by relname) from pg_catalog.pg_class c
                  join pg_catalog.pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public') as relations,
               (select count(*)::int from pg_catalog.pg_locks where locktype = 'advisory') as "advisoryLocks",
               (select count(*)::int from pg_catalog.pg_prepared_xacts) as "preparedTransactions"`;
      return state ?? {};
    },
    async drop() {
      await sql.end();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.unsafe(`drop role if exists "${readOnlyRole}"`);
      await admin.unsafe(`drop role if exists "${writerRole}"`);
      await admin.end();
    },
  };
}
