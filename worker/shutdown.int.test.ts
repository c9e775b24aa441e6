import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { eq } from "drizzle-orm";
import type { ReservedSql } from "postgres";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { devInboxMessages, emailConnectors, senderProfiles } from "@/server/db/schema";
import { createTestEnvironment, type TestEnvironment } from "@/test/harness";

let t: TestEnvironment;
const running = new Set<ChildProcess>();
const heldLocks = new Set<ReservedSql>();

beforeAll(async () => {
  t = await createTestEnvironment();
});
afterAll(() => t.teardown());
beforeEach(() => t.truncate());
afterEach(async () => {
  for (const child of running) child.kill("SIGKILL");
  for (const connection of heldLocks) await releaseLock(connection);
});

async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}

interface SpawnedWorker {
  url: (path: string) => string;
  output: () => string;
  exited: Promise<number | null>;
  hasExited: () => boolean;
  kill: (signal: NodeJS.Signals) => void;
}

/** The real worker entry in a child process, pointed at this file's database and Redis prefix. */
async function spawnWorker(args: string[] = []): Promise<SpawnedWorker> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "worker/index.ts", ...args], {
    cwd: process.cwd(),
    env: { ...process.env, DATABASE_URL: t.databaseUrl, QUEUE_PREFIX: t.queuePrefix, WORKER_PORT: String(port), LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.on("exit", (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  const worker: SpawnedWorker = {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    output: () => output,
    exited,
    hasExited: () => child.exitCode !== null || child.signalCode !== null,
    kill: (signal) => child.kill(signal),
  };
  await vi.waitFor(
    async () => {
      if (worker.hasExited()) throw new Error(`worker exited during startup:\n${output}`);
      expect((await fetch(worker.url("/ready"))).status).toBe(200);
    },
    { timeout: 20_000, interval: 100 },
  );
  return worker;
}

async function createDevInboxSenderProfile(): Promise<string> {
  const [connector] = await t.services.db
    .insert(emailConnectors)
    .values({ type: "DEV_INBOX", name: "Dev inbox", encryptedConfig: t.services.keyring.encryptJson({}) })
    .returning();
  const [profile] = await t.services.db
    .insert(senderProfiles)
    .values({ name: "Test sender", fromEmail: "sender@example.test", emailConnectorId: connector?.id ?? "" })
    .returning();
  return profile?.id ?? "";
}

/** Holds an exclusive lock on the dev inbox so a send-test-email job blocks on its insert until released. */
async function lockDevInbox(): Promise<{ release: () => Promise<void> }> {
  const connection = await t.services.sql.reserve();
  heldLocks.add(connection);
  await connection`begin`;
  await connection`lock table dev_inbox_messages in access exclusive mode`;
  return { release: () => releaseLock(connection) };
}

async function releaseLock(connection: ReservedSql): Promise<void> {
  if (!heldLocks.delete(connection)) return;
  await connection`rollback`;
  connection.release();
}

/** The job is in flight: its insert into dev_inbox_messages waits on our lock. */
const waitUntilBlockedOnLock = () =>
  vi.waitFor(
    async () => {
      const [row] = await t.services.sql<{ waiting: number }[]>`
        select count(*)::int as waiting from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock' and query ilike 'insert into "dev_inbox_messages"%'`;
      expect(row?.waiting).toBe(1);
    },
    { timeout: 10_000, interval: 50 },
  );

const enqueueTestEmail = (senderProfileId: string) =>
  t.services.queues.enqueue("send-test-email", { senderProfileId, to: "someone@example.test", requestedBy: "shutdown test" });

describe("worker process", () => {
  it("answers /health, /ready and /metrics, processes a job, and exits 0 on SIGTERM", async () => {
    const worker = await spawnWorker();
    const health = await fetch(worker.url("/health"));
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    expect(await (await fetch(worker.url("/ready"))).json()).toEqual({
      ready: true,
      checks: { database: "ok", redis: "ok", workers: "running" },
    });

    const job = await enqueueTestEmail(await createDevInboxSenderProfile());
    await vi.waitFor(async () => expect(await job.getState()).toBe("completed"), { timeout: 10_000, interval: 50 });
    const metrics = await (await fetch(worker.url("/metrics"))).text();
    const sample = (name: string, labels: string[], value: number) =>
      new RegExp(`^${name}\\{${labels.map((label) => `(?=[^}]*${label})`).join("")}[^}]*\\} ${value}$`, "m");
    expect(metrics).toMatch(sample("queue_depth", ['queue="send"', 'state="waiting"', 'process="worker"'], 0));
    expect(metrics).toMatch(
      sample("job_processing_time_seconds_count", ['queue="send"', 'name="send-test-email"', 'status="completed"', 'process="worker"'], 1),
    );
    expect((await fetch(worker.url("/nope"))).status).toBe(404);

    worker.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
  });

  it("lets an in-flight job finish after SIGTERM, reports not-live meanwhile, then exits 0", async () => {
    const senderProfileId = await createDevInboxSenderProfile();
    const worker = await spawnWorker();
    const lock = await lockDevInbox();
    const job = await enqueueTestEmail(senderProfileId);
    await waitUntilBlockedOnLock();
    expect(await job.getState()).toBe("active");

    worker.kill("SIGTERM");
    await vi.waitFor(async () => expect((await fetch(worker.url("/health"))).status).toBe(503), { timeout: 5_000, interval: 50 });
    expect((await fetch(worker.url("/ready"))).status).toBe(503);
    expect(worker.hasExited()).toBe(false);
    expect(await job.getState()).toBe("active");

    await lock.release();
    expect(await worker.exited).toBe(0);
    const messages = await t.services.db.select().from(devInboxMessages).where(eq(devInboxMessages.to, "someone@example.test"));
    expect(messages).toHaveLength(1);
    expect(await job.getState()).toBe("completed");
  });

  it("exits 1 when in-flight jobs outlast --shutdown-timeout", async () => {
    const senderProfileId = await createDevInboxSenderProfile();
    await lockDevInbox();
    const worker = await spawnWorker(["--shutdown-timeout", "1"]);
    await enqueueTestEmail(senderProfileId);
    await waitUntilBlockedOnLock();
    const signalledAt = Date.now();
    worker.kill("SIGTERM");
    expect(await worker.exited).toBe(1);
    expect(Date.now() - signalledAt).toBeGreaterThanOrEqual(1000);
    expect(worker.output()).toContain("shutdown timed out");
  });

  it("exits 1 at once on a second signal while jobs are in flight", async () => {
    const senderProfileId = await createDevInboxSenderProfile();
    await lockDevInbox();
    const worker = await spawnWorker();
    await enqueueTestEmail(senderProfileId);
    await waitUntilBlockedOnLock();
    worker.kill("SIGTERM");
    await vi.waitFor(async () => expect((await fetch(worker.url("/health"))).status).toBe(503), { timeout: 5_000, interval: 50 });
    worker.kill("SIGINT");
    expect(await worker.exited).toBe(1);
    expect(worker.output()).toContain("second signal");
  });
});
