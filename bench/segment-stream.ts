/**
 * Streams a 1,000,000-row segment from Postgres through the Query Governor's adapter and through a raw postgres-js
 * cursor over the same query, each in its own child process so their peak RSS are measured apart.
 *
 *   npm run bench:segments            (BENCH_DATABASE_URL or DATABASE_URL's server, database emailops_bench)
 */
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { createPostgresAdapter } from "../src/server/domain/data-connectors/adapters/postgres";
import { GOVERNOR_LIMITS } from "../src/server/domain/query-governor/limits";
import { loadEnvFile } from "../src/server/lib/load-env-file";

const ROWS = 1_000_000;
const DATABASE = "emailops_bench";
const QUERY = "SELECT subject_id, email, first_name, plan, credits, created_at FROM bench_customers";
const BATCH_SIZE = GOVERNOR_LIMITS.defaultBatchSize;
const ROUNDS = 2;

type Variant = "governor" | "raw";

interface Measurement {
  variant: Variant;
  rows: number;
  seconds: number;
  peakRssMb: number;
}

function urlFor(database: string): string {
  loadEnvFile();
  const url = new URL(process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
  url.pathname = `/${database}`;
  return url.toString();
}

async function prepareTable(): Promise<void> {
  const admin = postgres(urlFor("postgres"), { max: 1, onnotice: () => undefined });
  const [exists] = await admin`select 1 from pg_database where datname = ${DATABASE}`;
  if (!exists) await admin.unsafe(`create database ${DATABASE}`);
  await admin.end();

  const sql = postgres(urlFor(DATABASE), { max: 1, onnotice: () => undefined });
  await sql`create table if not exists bench_customers (
    subject_id int primary key, email text not null, first_name text not null, plan text not null,
    credits int not null, created_at timestamptz not null)`;
  const [{ count } = { count: 0 }] = await sql<{ count: number }[]>`select count(*)::int as count from bench_customers`;
  if (count !== ROWS) {
    const started = performance.now();
    await sql`truncate bench_customers`;
    await sql`insert into bench_customers
      select g, 'user' || g || '@example.com', (array['Ann', 'Bob', 'Cy', 'Dee'])[1 + g % 4],
             (array['free', 'pro', 'team'])[1 + g % 3], g % 500, now() - g * interval '1 minute'
      from generate_series(1, ${ROWS}) g`;
    await sql`analyze bench_customers`;
    console.log(`created ${ROWS.toLocaleString("en-US")} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  await sql.end();
}

async function measure(variant: Variant): Promise<Measurement> {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const url = urlFor(DATABASE);
  let rows = 0;
  const started = performance.now();
  if (variant === "governor") {
    const adapter = createPostgresAdapter({ connectionString: url });
    for await (const batch of adapter.stream({ sql: QUERY, parameters: [] }, { batchSize: BATCH_SIZE })) rows += batch.rows.length;
    await adapter.close();
  } else {
    const sql = postgres(url, { max: 1, onnotice: () => undefined });
    for await (const batch of sql.unsafe(QUERY).cursor(BATCH_SIZE)) rows += batch.length;
    await sql.end();
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { variant, rows, seconds, peakRssMb: peak / (1024 * 1024) };
}

function runChild(variant: Variant): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ["--child", variant], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    child.once("message", (message) => resolve(message as Measurement));
    child.once("error", reject);
    child.once("exit", (code) => {
      if (code !== 0) reject(new Error(`${variant} run exited with code ${code}`));
    });
  });
}

async function main(): Promise<void> {
  const childIndex = process.argv.indexOf("--child");
  if (childIndex !== -1) {
    const result = await measure(process.argv[childIndex + 1] as Variant);
    process.send?.(result);
    return;
  }

  await prepareTable();
  const results: Measurement[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const variant of round % 2 === 0 ? (["raw", "governor"] as const) : (["governor", "raw"] as const)) {
      const result = await runChild(variant);
      if (result.rows !== ROWS) throw new Error(`${variant} streamed ${result.rows} rows, expected ${ROWS}`);
      results.push(result);
      console.log(
        `${variant.padEnd(8)} ${Math.round(result.rows / result.seconds).toLocaleString("en-US").padStart(10)} rows/s` +
          `  ${result.seconds.toFixed(2)} s  peak RSS ${result.peakRssMb.toFixed(0)} MB`,
      );
    }
  }
  const best = (variant: Variant) =>
    results.filter((r) => r.variant === variant).reduce((a, b) => (a.seconds <= b.seconds ? a : b));
  const governor = best("governor");
  const raw = best("raw");
  const ratio = raw.seconds / governor.seconds;
  console.log(
    `\nbest of ${ROUNDS}, batch size ${BATCH_SIZE}: governor ${Math.round(ROWS / governor.seconds).toLocaleString("en-US")} rows/s, ` +
      `raw ${Math.round(ROWS / raw.seconds).toLocaleString("en-US")} rows/s, ratio ${ratio.toFixed(2)}× (goal ≥ 0.5×)`,
  );
  const peak = Math.max(...results.filter((r) => r.variant === "governor").map((r) => r.peakRssMb));
  console.log(`governor peak RSS ${peak.toFixed(0)} MB (goal < 300 MB)`);
  if (ratio < 0.5 || peak >= 300) process.exitCode = 1;
}

await main();
