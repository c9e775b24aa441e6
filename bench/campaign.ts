/**
 * The campaign engine end to end on the demo data: 100,000 demo customers → audience snapshot (Query Governor stream,
 * COPY + set-based classification) → sent by ONE worker process (`worker/index.ts`) to a local SMTP sink, then a
 * second run of the same audience through the SES v2 client to the local SES fake. The sink and the SES fake run in
 * their own processes; this script only drives (creates the data, triggers, polls the run) and measures.
 *
 * Beside each snapshot, in the same run, a raw COPY of the same rows (the segment's query, `COPY … TO STDOUT` piped
 * through this process into `COPY … FROM STDIN` of a plain table): the floor any snapshot build is compared to; and,
 * for context, the same rows COPYed into a table with single_send_recipients' indexes. Per phase, the CPU used by the
 * worker, the fakes, Postgres and Redis, so a missed goal points at its cause. At the end every fake must have
 * received exactly one email per queued recipient (and none twice). Exits 1 when a goal or that check fails.
 *
 * The SMTP connector gets a pool of 50 connections by default (the connector's own default is 5): with 10, the
 * worker sat waiting on SMTP round trips instead of using its CPU.
 *
 *   npm run bench:campaign [-- --rows 100000 --smtp-connections 50 --only smtp|ses --cpu-prof DIR --keep-database]
 *
 * Uses BENCH_DATABASE_URL's or DATABASE_URL's server; creates and drops database emailops_bench_campaign and the
 * Redis keys under emailops-bench-* (one bench at a time). CPU seconds per process come from /proc (Linux only).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { createInterface } from "node:readline";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import { eq } from "drizzle-orm";
import postgres from "postgres";
import { singleSendRuns, templates } from "../src/server/db/schema";
import { migrateDatabase } from "../src/server/db/migrate";
import { systemActor } from "../src/server/domain/auth/actor";
import { createDataConnector } from "../src/server/domain/data-connectors/data-connectors";
import { seedDemoCustomers } from "../src/server/domain/demo/demo-customers";
import { ensureDemoTemplates, DEMO_TEMPLATE_KEY } from "../src/server/domain/demo/demo-templates";
import { DEMO_SEGMENT, demoWarehouseConnectionString } from "../src/server/domain/demo/seed-demo";
import { createEmailConnector, type CreateEmailConnectorInput } from "../src/server/domain/email-connectors/email-connectors";
import { createSegment } from "../src/server/domain/segments/segments";
import { createSenderProfile } from "../src/server/domain/sender-profiles/sender-profiles";
import { createSingleSend } from "../src/server/domain/single-sends/single-sends";
import { triggerSingleSend } from "../src/server/domain/single-sends/trigger";
import { parseEnv } from "../src/server/lib/env";
import { loadEnvFile } from "../src/server/lib/load-env-file";
import { createServices, type Services } from "../src/server/services";
import { WORKER_NODE_FLAGS } from "../worker/config";

const DATABASE = "emailops_bench_campaign";
const QUEUE_PREFIX_BASE = "emailops-bench-";
/** The rate limit out of the way: the largest bucket and refill a sender profile accepts. */
const OPEN_RATE = { bucketSize: 100_000, refillPerSecond: 10_000 };
/** Every demo customer qualifies (credits never reach this), so the segment is the demo one, unchanged. */
const THRESHOLD = 1_000_000_000;
const GOALS = { snapshotRatio: 3, smtpPerSecond: 2_000, sesPerSecond: 1_000 };
/** Fine polling while the snapshot builds (its seconds are the figure); coarse while sending, so this driver takes no CPU from the worker. */
const SNAPSHOT_POLL_MS = 20;
const SENDING_POLL_MS = 100;
const RUN_TIMEOUT_MS = 20 * 60_000;
const CLOCK_TICKS_PER_SECOND = 100;

const { values: options } = parseArgs({
  options: {
    rows: { type: "string", default: "100000" },
    "smtp-connections": { type: "string", default: "50" },
    only: { type: "string" },
    /** Write a V8 CPU profile of the worker process into this directory (open it in Chrome DevTools). */
    "cpu-prof": { type: "string" },
    /** Leave the bench database in place afterwards, to inspect the run (dropped again by the next bench run). */
    "keep-database": { type: "boolean", default: false },
  },
});
const ROWS = Number(options.rows);
const SMTP_CONNECTIONS = Number(options["smtp-connections"]);
if (!Number.isInteger(ROWS) || ROWS < 10_004) throw new Error(`--rows must be a whole number ≥ 10,004 (the demo table), got ${options.rows}`);
if (!Number.isInteger(SMTP_CONNECTIONS) || SMTP_CONNECTIONS < 1 || SMTP_CONNECTIONS > 100) throw new Error("--smtp-connections must be 1–100");
if (options.only !== undefined && options.only !== "smtp" && options.only !== "ses") throw new Error("--only must be smtp or ses");

const fmt = (n: number, digits = 0) => n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function urlFor(database: string): string {
  const url = new URL(process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
  url.pathname = `/${database}`;
  return url.toString();
}

async function dropDatabase(): Promise<void> {
  const admin = postgres(urlFor("postgres"), { max: 1, onnotice: () => undefined });
  await admin.unsafe(`drop database if exists ${DATABASE} with (force)`);
  await admin.end();
}

/** This run's queues and rate buckets, and those an interrupted earlier run left behind (like its database). */
async function deleteBenchKeys(services: Services): Promise<void> {
  const keys = await services.redis.keys(`${QUEUE_PREFIX_BASE}*`);
  if (keys.length > 0) await services.redis.del(...keys);
}

// ---------------------------------------------------------------------------------------------- child processes

interface Child {
  name: string;
  process: ChildProcess;
}

/** Runs a TypeScript entry as one node process (no tsx wrapper process), so its pid is the process doing the work. */
function spawnTs(name: string, script: string, args: string[], env: NodeJS.ProcessEnv = process.env, nodeFlags: string[] = []): Child {
  const child = spawn(process.execPath, [...nodeFlags, "--import", "tsx", script, ...args], { env, stdio: ["ignore", "pipe", "inherit"] });
  child.once("exit", (code, signal) => {
    if (!stopping) console.error(`${name} exited unexpectedly (code ${code}, signal ${signal})`);
  });
  return { name, process: child };
}

/** The fakes print their ports as one JSON line when they listen. */
async function firstJsonLine<T>(child: Child): Promise<T> {
  const stdout = child.process.stdout;
  if (!stdout) throw new Error(`${child.name} has no stdout`);
  const lines = createInterface({ input: stdout });
  for await (const line of lines) {
    lines.close();
    stdout.resume();
    return JSON.parse(line) as T;
  }
  throw new Error(`${child.name} exited before printing its ports`);
}

let stopping = false;
const children: Child[] = [];

async function stopChildren(): Promise<void> {
  stopping = true;
  await Promise.all(
    children.map(
      ({ process: child }) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const killer = setTimeout(() => child.kill("SIGKILL"), 15_000);
          child.once("exit", () => {
            clearTimeout(killer);
            resolve();
          });
          child.kill("SIGTERM");
        }),
    ),
  );
}

async function waitForWorker(port: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`the worker did not become ready on port ${port} within 60 s`);
}

// ---------------------------------------------------------------------------------------------- CPU accounting

/** utime + stime in clock ticks; null when the process is gone. */
function processTicks(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

function machineTicks(): { busy: number; total: number } {
  const line = readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "";
  const [, ...values] = line.trim().split(/\s+/).map(Number);
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = values;
  const busy = user + nice + system + irq + softirq + steal;
  return { busy, total: busy + idle + iowait };
}

/** Backends of other databases on the same server: someone else's load, not the bench's. */
const OTHER_DATABASES = "postgres (other dbs)";

/** Postgres processes grouped (this bench database's backends, the shared background processes, other databases) and Redis. */
function serverProcesses(): Map<number, string> {
  const found = new Map<number, string>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8").replaceAll("\0", " ");
    } catch {
      continue;
    }
    if (cmdline.startsWith("redis-server")) found.set(Number(entry), "redis");
    if (!cmdline.startsWith("postgres: ")) continue;
    if (cmdline.includes(` ${DATABASE} `)) found.set(Number(entry), "postgres (bench db)");
    else if (/postgres: (\d+\/main: )?(walwriter|checkpointer|background writer|autovacuum|logical replication|archiver|stats)/.test(cmdline)) {
      found.set(Number(entry), "postgres (background)");
    } else found.set(Number(entry), OTHER_DATABASES);
  }
  return found;
}

/**
 * Samples CPU ticks of the named processes (and of every Postgres and Redis process) until stopped, so backends that come and
 * go inside a phase are counted too.
 */
class CpuMeter {
  private readonly first = new Map<number, number>();
  private readonly last = new Map<number, number>();
  private readonly labels = new Map<number, string>();
  private readonly machineStart = machineTicks();
  private machineEnd = this.machineStart;
  private readonly started = performance.now();
  private ended = this.started;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly named: { label: string; pid: number }[]) {
    this.sample(true);
    this.timer = setInterval(() => this.sample(false), 200);
  }

  private sample(initial: boolean): void {
    const processes = new Map<number, string>(serverProcesses());
    for (const { label, pid } of this.named) processes.set(pid, label);
    for (const [pid, label] of processes) {
      const ticks = processTicks(pid);
      if (ticks === null) continue;
      this.labels.set(pid, label);
      if (!this.first.has(pid)) this.first.set(pid, initial ? ticks : 0);
      this.last.set(pid, ticks);
    }
  }

  stop(): CpuReport {
    clearInterval(this.timer);
    this.sample(false);
    this.machineEnd = machineTicks();
    this.ended = performance.now();
    const byLabel = new Map<string, number>();
    for (const [pid, label] of this.labels) {
      const used = (this.last.get(pid) ?? 0) - (this.first.get(pid) ?? 0);
      byLabel.set(label, (byLabel.get(label) ?? 0) + used / CLOCK_TICKS_PER_SECOND);
    }
    const busy = (this.machineEnd.busy - this.machineStart.busy) / CLOCK_TICKS_PER_SECOND;
    const capacity = (this.machineEnd.total - this.machineStart.total) / CLOCK_TICKS_PER_SECOND;
    return { seconds: (this.ended - this.started) / 1000, byLabel, machineBusy: busy, machineCapacity: capacity };
  }
}

interface CpuReport {
  seconds: number;
  byLabel: Map<string, number>;
  machineBusy: number;
  machineCapacity: number;
}

/** CPU seconds per process group, as % of one core; with `emails`, also the CPU each group spent per email. */
function printCpu(title: string, report: CpuReport, emails?: number): void {
  const accounted = [...report.byLabel.values()].reduce((a, b) => a + b, 0);
  const parts = [...report.byLabel.entries()]
    .filter(([, seconds]) => seconds >= 0.05)
    .sort((a, b) => b[1] - a[1])
    .map(
      ([label, seconds]) =>
        `${label} ${seconds.toFixed(1)} s (${fmt((100 * seconds) / report.seconds)}%` +
        `${emails && label !== OTHER_DATABASES ? `, ${fmt((1000 * seconds) / emails, 2)} ms/email` : ""})`,
    );
  const other = Math.max(0, report.machineBusy - accounted);
  console.log(
    `  cpu during ${title} (${report.seconds.toFixed(1)} s wall, % of one core): ${parts.join(", ")}; ` +
      `rest of the machine ${other.toFixed(1)} s; machine busy ${fmt((100 * report.machineBusy) / Math.max(report.machineCapacity, 0.001))}% of ${cpus().length} cores`,
  );
}

// ---------------------------------------------------------------------------------------------- data

/**
 * The demo customers (the demo seed's own generator: 10,004 rows with its invalid addresses and duplicate people),
 * repeated until the table holds `rows`: copy k gets subject `<id>_k` and address `local+k@domain`, so copies are new
 * people while each copy keeps the demo's share of invalid emails and same-person duplicates.
 */
async function createDemoCustomers(services: Services, rows: number): Promise<void> {
  await services.db.transaction((tx) => seedDemoCustomers(tx));
  await services.sql`
    insert into demo.customers (subject_id, email, first_name, last_name, plan, country, credits, balance, signup_at, last_active_at)
    select c.subject_id || '_' || k, regexp_replace(c.email, '@', '+' || k || '@'), c.first_name, c.last_name, c.plan,
      c.country, c.credits, c.balance, c.signup_at, c.last_active_at
    from generate_series(1, ceil(${rows}::numeric / (select count(*) from demo.customers))::int - 1) k
    cross join demo.customers c
    order by k, c.subject_id
    limit ${rows} - (select count(*) from demo.customers)`;
  await services.sql`analyze demo.customers`;
  const [{ count } = { count: 0 }] = await services.sql<{ count: number }[]>`select count(*)::int as count from demo.customers`;
  if (count !== rows) throw new Error(`demo.customers holds ${count} rows, expected ${rows}`);
}

/** The segment's own SQL with its parameter written in, as COPY takes no bind parameters. */
const RAW_COPY_QUERY = DEMO_SEGMENT.sqlQuery.replace(":threshold", String(THRESHOLD));

/** Joins COPY's one-message-per-row chunks into ~256 KB writes, as the snapshot writes one string per batch. */
function batchChunks(bytes: number): Transform {
  let parts: Buffer[] = [];
  let size = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      parts.push(chunk);
      size += chunk.length;
      if (size < bytes) return callback();
      const joined = Buffer.concat(parts);
      parts = [];
      size = 0;
      callback(null, joined);
    },
    flush(callback) {
      callback(null, parts.length > 0 ? Buffer.concat(parts) : undefined);
    },
  });
}

type CopyTarget = "plain" | "recipients";

/**
 * The same rows COPYed into a table shaped like `single_send_recipients` (its indexes, not its foreign key): the
 * columns a snapshot writes, with the variables as JSON. Shows how much of the snapshot is the destination's cost.
 */
const RECIPIENT_SHAPED_QUERY = `select '00000000-0000-4000-8000-000000000000'::uuid, q.subject_id, lower(q.email),
  jsonb_build_object('first_name', q.first_name, 'plan', q.plan, 'credits', q.credits), 'queued'
  from (${RAW_COPY_QUERY}) q`;

/**
 * Segment rows → this process → a table, through COPY both ways: "plain" is a table with the segment's columns and
 * nothing else (the raw COPY the snapshot is held to), "recipients" the shape above. The reading side has its own
 * client, closed right after: postgres-js 3.4 can leave a connection that served `COPY … TO STDOUT` unable to answer
 * its next query.
 */
async function rawCopy(url: string, target: CopyTarget): Promise<{ seconds: number; rows: number }> {
  const sql = postgres(url, { max: 1, onnotice: () => undefined });
  const reader = postgres(url, { max: 1, onnotice: () => undefined });
  await sql`drop table if exists bench_raw_copy`;
  if (target === "plain") {
    await sql`create table bench_raw_copy (subject_id text, email text, first_name text, plan text, credits integer)`;
  } else {
    await sql`create table bench_raw_copy (like single_send_recipients including defaults including indexes)`;
  }
  const query = target === "plain" ? RAW_COPY_QUERY : RECIPIENT_SHAPED_QUERY;
  const columns = target === "plain" ? "" : "(run_id, subject_id, email, variables, status)";
  const started = performance.now();
  const source = await reader.unsafe(`copy (${query}) to stdout`).readable();
  const sink = await sql.unsafe(`copy bench_raw_copy ${columns} from stdin`).writable();
  await pipeline(source, batchChunks(256 * 1024), sink);
  const seconds = (performance.now() - started) / 1000;
  await reader.end({ timeout: 1 });
  const [{ count } = { count: 0 }] = await sql<{ count: number }[]>`select count(*)::int as count from bench_raw_copy`;
  await sql`drop table bench_raw_copy`;
  await sql.end();
  return { seconds, rows: count };
}

// ---------------------------------------------------------------------------------------------- runs

interface Fixture {
  segmentId: string;
  templateId: string;
}

async function createFixture(services: Services, databaseUrl: string): Promise<Fixture> {
  const actor = systemActor("bench");
  await ensureDemoTemplates(services.db, actor);
  const [template] = await services.db.select({ id: templates.id }).from(templates).where(eq(templates.key, DEMO_TEMPLATE_KEY));
  if (!template) throw new Error("the demo template was not created");
  const connector = await createDataConnector(services, actor, {
    name: "Demo warehouse",
    type: "POSTGRES",
    config: { connectionString: demoWarehouseConnectionString(databaseUrl) },
  });
  const segment = await createSegment(services.db, actor, { ...DEMO_SEGMENT, dataConnectorId: connector.id });
  return { segmentId: segment.id, templateId: template.id };
}

async function createSend(services: Services, fixture: Fixture, name: string, connector: CreateEmailConnectorInput): Promise<string> {
  const actor = systemActor("bench");
  const emailConnector = await createEmailConnector(services, actor, connector);
  const profile = await createSenderProfile(services.db, actor, {
    name,
    fromEmail: "hello@acme.test",
    fromName: "Acme",
    emailConnectorId: emailConnector.id,
    ...OPEN_RATE,
  });
  const send = await createSingleSend(services, actor, {
    name,
    segmentId: fixture.segmentId,
    segmentParams: { threshold: THRESHOLD },
    templateId: fixture.templateId,
    senderProfileId: profile.id,
  });
  return send.id;
}

interface RunMeasurement {
  label: string;
  rawCopySeconds: number;
  recipientsCopySeconds: number;
  snapshotSeconds: number;
  sendSeconds: number;
  total: number;
  queued: number;
  sent: number;
  failed: number;
  unconfirmed: number;
  skipped: Record<string, number>;
  /** Median of the per-second counts of `sends.sent_at`, first and last second left out. */
  steadyPerSecond: number;
  delivered: { total: number; distinctRecipients: number; duplicates: number };
}

const SNAPSHOT_STATUSES = new Set(["PENDING", "BUILDING"]);

async function runCampaign(
  services: Services,
  label: string,
  singleSendId: string,
  pids: { label: string; pid: number }[],
  deliveredStats: () => Promise<{ total: number; distinctRecipients: number; duplicates: number }>,
): Promise<RunMeasurement> {
  const raw = await rawCopy(services.env.DATABASE_URL, "plain");
  const shaped = await rawCopy(services.env.DATABASE_URL, "recipients");
  if (raw.rows !== ROWS || shaped.rows !== ROWS) throw new Error(`raw COPY moved ${raw.rows} and ${shaped.rows} rows, expected ${ROWS}`);
  console.log(
    `\n${label}: raw COPY of the segment's ${fmt(raw.rows)} rows ${raw.seconds.toFixed(2)} s into a plain table, ` +
      `${shaped.seconds.toFixed(2)} s into a table shaped like single_send_recipients (its indexes)`,
  );

  const snapshotCpu = new CpuMeter(pids);
  const triggered = performance.now();
  const run = await triggerSingleSend(services, systemActor("bench"), singleSendId);
  let snapshotDone = 0;
  let sendCpu: CpuMeter | undefined;
  let snapshotReport: CpuReport | undefined;
  for (;;) {
    const [row] = await services.db.select({ status: singleSendRuns.status, error: singleSendRuns.error }).from(singleSendRuns).where(eq(singleSendRuns.id, run.id));
    const status = row?.status ?? "missing";
    if (!snapshotDone && !SNAPSHOT_STATUSES.has(status)) {
      snapshotDone = performance.now();
      snapshotReport = snapshotCpu.stop();
      console.log(`${label}: snapshot built in ${((snapshotDone - triggered) / 1000).toFixed(2)} s, sending…`);
      sendCpu = new CpuMeter(pids);
    }
    if (status === "COMPLETED") break;
    if (status === "FAILED" || status === "CANCELLED" || status === "missing") throw new Error(`${label} run ended ${status}: ${row?.error ?? ""}`);
    if (performance.now() - triggered > RUN_TIMEOUT_MS) throw new Error(`${label} run still ${status} after ${RUN_TIMEOUT_MS / 60_000} min`);
    await sleep(snapshotDone ? SENDING_POLL_MS : SNAPSHOT_POLL_MS);
  }
  const done = performance.now();
  const sendReport = sendCpu?.stop();

  const [counts] = await services.sql<{ total: number; queued: number; sent: number; failed: number; unconfirmed: number }[]>`
    select count(*)::int as total,
      count(*) filter (where status <> 'skipped')::int as queued,
      count(*) filter (where status = 'sent')::int as sent,
      count(*) filter (where status = 'failed')::int as failed,
      count(*) filter (where status = 'unconfirmed')::int as unconfirmed
    from single_send_recipients where run_id = ${run.id}`;
  const skippedRows = await services.sql<{ reason: string; n: number }[]>`
    select skip_reason as reason, count(*)::int as n from single_send_recipients
    where run_id = ${run.id} and status = 'skipped' group by skip_reason order by skip_reason`;
  const perSecond = await services.sql<{ n: number }[]>`
    select count(*)::int as n from sends where run_id = ${run.id} and status = 'SENT'
    group by date_trunc('second', sent_at) order by date_trunc('second', sent_at)`;
  const inner = perSecond
    .slice(1, -1)
    .map((row) => row.n)
    .sort((a, b) => a - b);
  const measurement: RunMeasurement = {
    label,
    rawCopySeconds: raw.seconds,
    recipientsCopySeconds: shaped.seconds,
    snapshotSeconds: (snapshotDone - triggered) / 1000,
    sendSeconds: (done - snapshotDone) / 1000,
    total: counts?.total ?? 0,
    queued: counts?.queued ?? 0,
    sent: counts?.sent ?? 0,
    failed: counts?.failed ?? 0,
    unconfirmed: counts?.unconfirmed ?? 0,
    skipped: Object.fromEntries(skippedRows.map((row) => [row.reason, row.n])),
    steadyPerSecond: inner.length > 0 ? (inner[Math.floor(inner.length / 2)] ?? 0) : 0,
    delivered: await deliveredStats(),
  };
  console.log(
    `${label}: snapshot ${measurement.snapshotSeconds.toFixed(2)} s (${fmt(measurement.total)} rows: ${fmt(measurement.queued)} queued, skipped ` +
      `${Object.entries(measurement.skipped).map(([reason, n]) => `${reason} ${fmt(n)}`).join(", ") || "none"}); ` +
      `sent ${fmt(measurement.sent)} in ${measurement.sendSeconds.toFixed(2)} s = ${fmt(measurement.sent / measurement.sendSeconds)} emails/s ` +
      `(steady ${fmt(measurement.steadyPerSecond)}/s)`,
  );
  if (snapshotReport) printCpu("snapshot", snapshotReport);
  if (sendReport) printCpu("sending", sendReport, measurement.sent);
  return measurement;
}

// ---------------------------------------------------------------------------------------------- report

function printTable(runs: RunMeasurement[]): boolean {
  const header = ["run", "rows", "raw COPY s", "COPY (recipients shape) s", "snapshot s", "ratio", "≤ 3×", "ratio (shape)", "sent", "send s", "emails/s", "goal", "met"];
  let allMet = true;
  const body = runs.map((run) => {
    const ratio = run.snapshotSeconds / run.rawCopySeconds;
    const rate = run.sent / run.sendSeconds;
    const goal = run.label === "SMTP" ? GOALS.smtpPerSecond : GOALS.sesPerSecond;
    allMet &&= ratio <= GOALS.snapshotRatio && rate >= goal;
    return [
      run.label,
      fmt(run.total),
      run.rawCopySeconds.toFixed(2),
      run.recipientsCopySeconds.toFixed(2),
      run.snapshotSeconds.toFixed(2),
      `${ratio.toFixed(2)}×`,
      ratio <= GOALS.snapshotRatio ? "yes" : "NO",
      `${(run.snapshotSeconds / run.recipientsCopySeconds).toFixed(2)}×`,
      fmt(run.sent),
      run.sendSeconds.toFixed(2),
      fmt(rate),
      `≥ ${fmt(goal)}/s`,
      rate >= goal ? "yes" : "NO",
    ];
  });
  const widths = header.map((title, i) => Math.max(title.length, ...body.map((row) => (row[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join("  ");
  console.log(`\n${line(header)}\n${widths.map((w) => "-".repeat(w)).join("  ")}`);
  for (const row of body) console.log(line(row));
  return allMet;
}

/** One email per queued recipient at the fake, none twice, nothing failed or unconfirmed. */
function checkDelivery(run: RunMeasurement): boolean {
  const problems: string[] = [];
  if (run.sent !== run.queued) problems.push(`${fmt(run.sent)} sent of ${fmt(run.queued)} queued`);
  if (run.failed + run.unconfirmed > 0) problems.push(`${run.failed} failed, ${run.unconfirmed} unconfirmed`);
  if (run.delivered.total !== run.queued) problems.push(`the fake received ${fmt(run.delivered.total)} emails for ${fmt(run.queued)} queued recipients`);
  if (run.delivered.duplicates !== 0) problems.push(`${run.delivered.duplicates} duplicate emails at the fake`);
  console.log(
    `${run.label} delivery check: ${fmt(run.delivered.total)} emails received for ${fmt(run.queued)} queued recipients, ` +
      `${fmt(run.delivered.distinctRecipients)} distinct addresses, ${run.delivered.duplicates} duplicates — ${problems.length === 0 ? "OK" : `FAILED: ${problems.join("; ")}`}`,
  );
  return problems.length === 0;
}

async function main(): Promise<void> {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => void stopChildren().finally(() => process.exit(1)));
  }
  loadEnvFile();
  const databaseUrl = urlFor(DATABASE);
  const queuePrefix = `${QUEUE_PREFIX_BASE}${randomBytes(4).toString("hex")}`;
  const config = parseEnv({ ...process.env, DATABASE_URL: databaseUrl, QUEUE_PREFIX: queuePrefix, LOG_LEVEL: "warn" });
  const workerPort = 30_000 + Math.floor(Math.random() * 20_000);

  console.log(
    `campaign bench: ${fmt(ROWS)} demo customers, one worker process, SMTP pool of ${SMTP_CONNECTIONS} connections, ` +
      `sender bucket ${fmt(OPEN_RATE.bucketSize)} / refill ${fmt(OPEN_RATE.refillPerSecond)} per s`,
  );
  console.log(
    `machine: ${cpus().length} cores shared by the worker, the SMTP sink / SES fake, Postgres, Redis and this driver ` +
      `(load average at start ${loadavg().map((n) => n.toFixed(2)).join(" ")})`,
  );

  await dropDatabase();
  const setupStarted = performance.now();
  await migrateDatabase(databaseUrl);
  const services = createServices(config, { dbPoolSize: 4 });
  await deleteBenchKeys(services);
  let ok = false;
  try {
    await createDemoCustomers(services, ROWS);
    const fixture = await createFixture(services, databaseUrl);

    const sink = spawnTs("SMTP sink", "src/test/fakes/smtp-sink-cli.ts", []);
    children.push(sink);
    const ses = spawnTs("SES fake", "src/test/fakes/http-fake-cli.ts", ["ses"]);
    children.push(ses);
    const [sinkPorts, sesFake] = await Promise.all([
      firstJsonLine<{ smtpPort: number; statsPort: number }>(sink),
      firstJsonLine<{ port: number; url: string }>(ses),
    ]);
    const smtpSendId = await createSend(services, fixture, "Bench SMTP", {
      name: "Bench SMTP sink",
      type: "SMTP",
      config: { host: "127.0.0.1", port: sinkPorts.smtpPort, secure: false, maxConnections: SMTP_CONNECTIONS },
    });
    const sesSendId = await createSend(services, fixture, "Bench SES", {
      name: "Bench SES fake",
      type: "SES",
      config: { region: "eu-west-1", accessKeyId: "AKIABENCH", secretAccessKey: "bench-secret", endpoint: sesFake.url },
    });

    const worker = spawnTs("worker", "worker/index.ts", [], {
      ...process.env,
      DATABASE_URL: databaseUrl,
      QUEUE_PREFIX: queuePrefix,
      WORKER_PORT: String(workerPort),
      LOG_LEVEL: "warn",
      // The SDK's notice that its 2027 releases need Node 22 would otherwise land in the middle of the figures.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    }, [...WORKER_NODE_FLAGS, ...(options["cpu-prof"] ? ["--cpu-prof", `--cpu-prof-dir=${options["cpu-prof"]}`] : [])]);
    children.push(worker);
    worker.process.stdout?.pipe(process.stderr);
    await waitForWorker(workerPort);
    console.log(`setup (database, ${fmt(ROWS)} customers, fakes, worker) ${((performance.now() - setupStarted) / 1000).toFixed(1)} s`);

    const pid = (child: Child) => child.process.pid ?? -1;
    const statsOf = async (url: string) => (await (await fetch(url)).json()) as RunMeasurement["delivered"];
    const runs: RunMeasurement[] = [];
    if (options.only !== "ses") {
      runs.push(
        await runCampaign(services, "SMTP", smtpSendId, [{ label: "worker", pid: pid(worker) }, { label: "SMTP sink", pid: pid(sink) }], () =>
          statsOf(`http://127.0.0.1:${sinkPorts.statsPort}/stats`),
        ),
      );
    }
    if (options.only !== "smtp") {
      runs.push(
        await runCampaign(services, "SES", sesSendId, [{ label: "worker", pid: pid(worker) }, { label: "SES fake", pid: pid(ses) }], () =>
          statsOf(`${sesFake.url}/_fake/stats`),
        ),
      );
    }

    const goalsMet = printTable(runs);
    console.log(
      `(ratio = snapshot / raw COPY into a plain table, the goal; ratio (shape) = snapshot / COPY into the recipients-shaped table, ` +
        `for context; emails/s = sent / (run COMPLETED − snapshot done); sink, SES fake, worker, Postgres and Redis share ` +
        `${cpus().length} cores — see the cpu lines above)`,
    );
    const delivered = runs.map(checkDelivery).every(Boolean);
    ok = goalsMet && delivered;
  } finally {
    await stopChildren();
    await deleteBenchKeys(services);
    await services.close();
    if (!options["keep-database"]) await dropDatabase();
  }
  if (!ok) process.exitCode = 1;
}

await main();
