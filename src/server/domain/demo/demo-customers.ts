import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/server/db/client";

export const DEMO_SCHEMA = "demo";
export const DEMO_READER_ROLE = "emailops_demo_reader";
export const GENERATED_CUSTOMERS = 10_000;

/** The "Activation Emails" scenario of the design doc: one customer per priority of the campaign group. */
export const REFERENCE_CUSTOMERS = [
  { subjectId: "cus_alice", email: "alice@example.com", credits: -5, balance: -42.5 },
  { subjectId: "cus_bob", email: "bob@example.com", credits: 3, balance: 12 },
  { subjectId: "cus_charlie", email: "charlie@example.com", credits: 15, balance: 80 },
  { subjectId: "cus_diana", email: "diana@example.com", credits: 50, balance: 250 },
] as const;

const FIRST_NAMES = [
  "Emma", "Liam", "Olivia", "Noah", "Ava", "Lucas", "Mia", "Leon", "Sofia", "Elias",
  "Hannah", "Mateo", "Lena", "Jonas", "Chloe", "Finn", "Zoe", "Oscar", "Nora", "Felix",
  "Aisha", "Ravi", "Yuki", "Kenji", "Priya", "Omar", "Fatima", "Diego", "Lucia", "Ines",
  "Sven", "Freya", "Pavel", "Anna", "Marco", "Giulia", "Tariq", "Amara", "Kofi", "Mei",
];

const LAST_NAMES = [
  "Smith", "Muller", "Garcia", "Rossi", "Dubois", "Jansen", "Nowak", "Silva", "Kim", "Tanaka",
  "Johnson", "Schmidt", "Martin", "Bernard", "Lopez", "Novak", "Larsen", "Virtanen", "Murphy", "Walsh",
  "Patel", "Khan", "Okafor", "Mensah", "Chen", "Wang", "Sato", "Costa", "Ferreira", "Moreau",
  "Weber", "Fischer", "Kowalski", "Horvat", "Popescu", "Ivanova", "Nielsen", "Berg", "Brown", "Taylor",
];

const COUNTRIES = ["US", "GB", "DE", "FR", "NL", "ES", "IT", "SE", "PL", "CA", "AU", "BR", "IN", "JP", "IE", "AT", "CH", "DK", "NO", "FI"];

/** Rows n = 500, 1500, … get one of these, so the audience builder's invalid_email path always has material. */
const INVALID_EMAILS = [
  "not-an-email", "bob@", "", "@example.com", "two@@example.com",
  "spaces in@example.com", "plainaddress", "missing-at.example.com", "trailing@", "comma,in@example.com",
];

const textArray = (values: readonly string[]) => `array[${values.map((v) => `'${v.replaceAll("'", "''")}'`).join(", ")}]`;

/**
 * Every value is a function of the row number through md5, so the table is identical on every machine and every run.
 * Rows n = 750, 1750, … reuse row n-1's person (same email, new subject_id); rows n = 250, … do the same with the
 * email upper-cased, which only collides after normalisation.
 */
const insertCustomersSql = `
insert into ${DEMO_SCHEMA}.customers
  (subject_id, email, first_name, last_name, plan, country, credits, balance, signup_at, last_active_at)
with numbered as (
  select n, case when n % 1000 in (250, 750) then n - 1 else n end as person_n
  from generate_series(1, ${GENERATED_CUSTOMERS}) as g(n)
), hashed as (
  select n, person_n,
    md5('emailops-demo:person:' || person_n) as p,
    md5('emailops-demo:row:' || n) as r,
    md5('emailops-demo:row2:' || n) as s
  from numbered
), draws as (
  select n, person_n,
    ('x' || substr(p, 1, 8))::bit(32)::bigint as d_first,
    ('x' || substr(p, 9, 8))::bit(32)::bigint as d_last,
    ('x' || substr(p, 17, 8))::bit(32)::bigint as d_domain,
    ('x' || substr(r, 1, 8))::bit(32)::bigint as d_plan,
    ('x' || substr(r, 9, 8))::bit(32)::bigint as d_country,
    ('x' || substr(r, 17, 8))::bit(32)::bigint as d_credits,
    ('x' || substr(r, 25, 8))::bit(32)::bigint as d_signup,
    ('x' || substr(s, 1, 8))::bit(32)::bigint as d_balance,
    ('x' || substr(s, 9, 8))::bit(32)::bigint as d_active
  from hashed
), people as (
  select d.*,
    (${textArray(FIRST_NAMES)})[1 + d_first % ${FIRST_NAMES.length}] as first_name,
    (${textArray(LAST_NAMES)})[1 + d_last % ${LAST_NAMES.length}] as last_name,
    case
      when d_credits % 100 < 5 then -1 - (d_credits / 100) % 50
      when d_credits % 100 < 15 then (d_credits / 100) % 5
      when d_credits % 100 < 30 then 5 + (d_credits / 100) % 15
      else 20 + (d_credits / 100) % 981
    end::int as credits,
    timestamptz '2022-01-01 00:00:00+00' + (d_signup % (3 * 365 * 86400)) * interval '1 second' as signup_at
  from draws d
), customers as (
  select p.*,
    lower(first_name) || '.' || lower(last_name) || person_n || '@'
      || (array['example.com', 'example.org', 'example.net'])[1 + d_domain % 3] as plain_email
  from people p
)
select
  'cus_' || lpad(n::text, 6, '0'),
  case
    when n % 1000 = 500 then (${textArray(INVALID_EMAILS)})[n / 1000 + 1]
    when n % 1000 = 250 then upper(plain_email)
    else plain_email
  end,
  first_name,
  last_name,
  case when d_plan % 100 < 50 then 'free' when d_plan % 100 < 75 then 'starter' when d_plan % 100 < 93 then 'pro' else 'enterprise' end,
  (${textArray(COUNTRIES)})[1 + d_country % ${COUNTRIES.length}],
  credits,
  case
    when credits < 0 or d_balance % 100 < 2 then -((d_balance / 100) % 50000 + 1) / 100.0
    else ((d_balance / 100) % 500000) / 100.0
  end,
  signup_at,
  signup_at + (d_active % (extract(epoch from timestamptz '2025-07-01 00:00:00+00' - signup_at))::bigint) * interval '1 second'
from customers
union all
select * from (values
  ('cus_alice', 'alice@example.com', 'Alice', 'Anderson', 'starter', 'US', -5, -42.50, timestamptz '2023-03-14 09:00:00+00', timestamptz '2025-06-28 17:30:00+00'),
  ('cus_bob', 'bob@example.com', 'Bob', 'Brown', 'starter', 'GB', 3, 12.00, timestamptz '2023-05-02 11:15:00+00', timestamptz '2025-06-29 08:05:00+00'),
  ('cus_charlie', 'charlie@example.com', 'Charlie', 'Clark', 'pro', 'DE', 15, 80.00, timestamptz '2024-01-20 14:40:00+00', timestamptz '2025-06-30 12:00:00+00'),
  ('cus_diana', 'diana@example.com', 'Diana', 'Davis', 'enterprise', 'FR', 50, 250.00, timestamptz '2022-11-08 07:20:00+00', timestamptz '2025-06-30 19:45:00+00')
) as reference
on conflict (subject_id) do nothing
`;

const createTableSql = `
create table if not exists ${DEMO_SCHEMA}.customers (
  subject_id text primary key,
  email text not null,
  first_name text not null,
  last_name text not null,
  plan text not null check (plan in ('free', 'starter', 'pro', 'enterprise')),
  country char(2) not null,
  credits integer not null,
  balance numeric(12, 2) not null,
  signup_at timestamptz not null,
  last_active_at timestamptz not null
)`;

/** A role can exist already (it is cluster-wide) or be created concurrently by another database's seed. */
const createReaderRoleSql = `
do $$
begin
  if not exists (select 1 from pg_roles where rolname = '${DEMO_READER_ROLE}') then
    create role ${DEMO_READER_ROLE} login;
  end if;
exception when duplicate_object or unique_violation then
  null;
end
$$`;

export interface DemoCustomersResult {
  inserted: number;
  total: number;
}

/** Creates (idempotently) the demo schema, its customers and the read-only role a data connector logs in as. */
export async function seedDemoCustomers(db: DbOrTx): Promise<DemoCustomersResult> {
  await db.execute(sql.raw(`create schema if not exists ${DEMO_SCHEMA}`));
  await db.execute(sql.raw(createTableSql));
  await db.execute(sql.raw(`create index if not exists customers_email_idx on ${DEMO_SCHEMA}.customers (email)`));
  const inserted = await db.execute(sql.raw(insertCustomersSql));
  await db.execute(sql.raw(createReaderRoleSql));
  await db.execute(sql.raw(`grant usage on schema ${DEMO_SCHEMA} to ${DEMO_READER_ROLE}`));
  await db.execute(sql.raw(`grant select on all tables in schema ${DEMO_SCHEMA} to ${DEMO_READER_ROLE}`));
  await db.execute(sql.raw(`alter default privileges in schema ${DEMO_SCHEMA} grant select on tables to ${DEMO_READER_ROLE}`));
  const [row] = await db.execute<{ total: number }>(sql.raw(`select count(*)::int as total from ${DEMO_SCHEMA}.customers`));
  return { inserted: inserted.count, total: row?.total ?? 0 };
}
