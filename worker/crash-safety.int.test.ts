import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/server/domain/auth/actor";
import { closeAllDataConnectorAdapters } from "@/server/domain/data-connectors/adapter-cache";
import { closeAllEmailProviders } from "@/server/domain/email-connectors/provider-cache";
import { startSending } from "@/server/domain/single-sends/run-lifecycle";
import { UNCONFIRMED_ERROR } from "@/server/domain/single-sends/send-batch";
import {
  createAudienceTable,
  createCreditsSegment,
  createPublishedTemplate,
  createSender,
  createWarehouseConnector,
  type AudienceRow,
} from "@/test/campaign-fixtures";
import { createTestUser } from "@/test/factories";
import { startSmtpSink, type SmtpSink } from "@/test/fakes/smtp-sink";
import { createTestEnvironment, type TestEnvironment } from "@/test/harness";
import { killAllWorkerProcesses, startWorkerProcess, type WorkerProcess } from "@/test/worker-process";

/**
 * The send pipeline's crash-safety invariants, with the real worker entry running as separate processes that are
 * SIGKILLed mid-run, and a local SMTP server counting what actually arrived per address. Set CRASH_TEST_SEED to replay
 * a failed run's kill intervals.
 */

const CRASH_RECIPIENTS = 20_000;
const KILLS = 4;
const KILL_INTERVAL_MS = { min: 500, max: 3_000 };
/** Slow enough that every kill lands while most of the run is still to send, however fast the machine. */
const CRASH_RATE = { bucketSize: 300, refillPerSecond: 1_500 };
const CRASH_TEST_TIMEOUT_MS = 200_000;
const COMPETING_RECIPIENTS = 5_000;
const COMPETING_TEST_TIMEOUT_MS = 90_000;
const COMPETING_WORKERS = 3;
const TERMINAL = ["sent", "skipped", "failed", "unconfirmed"];

let t: TestEnvironment;
let sink: SmtpSink;
let admin: Actor;

interface RunView {
  id: string;
  singleSendId: string;
  status: string;
  counts: { total: number; queued: number; sending: number; sent: number; failed: number; unconfirmed: number; skipped: number };
}

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await t.rest(
    new Request(`http://localhost/api/v1${path}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? (method === "POST" ? "{}" : undefined) : JSON.stringify(body),
    }),
    admin,
  );
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

/** CRASH_TEST_SEED replays a failed run's kill intervals (the work each kill interrupts still depends on timing). */
function killScheduleSeed(): number {
  const fixed = process.env.CRASH_TEST_SEED;
  if (fixed === undefined) return Math.floor(Math.random() * 2 ** 31);
  const seed = Number(fixed);
  if (!Number.isSafeInteger(seed)) throw new Error(`CRASH_TEST_SEED must be an integer, got "${fixed}"`);
  return seed;
}

/** Deterministic PRNG (mulberry32), so a seed reproduces a kill schedule. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = Math.imul(state ^ (state >>> 15), 1 | state);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function report(line: string): void {
  process.stdout.write(`[crash-safety] ${line}\n`);
}

const elapsed = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

/** What is left of a test's time budget, less a margin for the checks, so a stuck run fails with its own message. */
const remaining = (since: number, budgetMs: number) => Math.max(10_000, budgetMs - (performance.now() - since) - 15_000);

const workerOptions = () => ({ databaseUrl: t.databaseUrl, queuePrefix: t.queuePrefix });

/** A single send of `size` distinct addresses, sent over SMTP to the sink; returns its id. */
async function createSmtpSingleSend(size: number, rate?: { bucketSize: number; refillPerSecond: number }): Promise<string> {
  const rows: AudienceRow[] = Array.from({ length: size }, (_, i) => ({
    subjectId: `subject-${i}`,
    email: `recipient-${i}@crash.test`,
    credits: i % 100,
    firstName: `Person ${i}`,
  }));
  await createAudienceTable(t.services, "crash", rows);
  const connectorId = await createWarehouseConnector(t.services, admin, t.databaseUrl);
  const segment = await createCreditsSegment(t.services, admin, { name: "Everyone", dataConnectorId: connectorId, schema: "crash" });
  const template = await createPublishedTemplate(t.services, admin, { key: "crash-test", subject: "Your credits" });
  const sender = await createSender(
    t.services,
    admin,
    { name: "Local SMTP sink", type: "SMTP", config: { host: "127.0.0.1", port: sink.port, secure: false, maxConnections: 10 } },
    rate,
  );
  const send = await api<{ id: string }>("POST", "/single-sends", {
    name: `Crash test ${size}`,
    segmentId: segment.id,
    segmentParams: {},
    templateId: template.id,
    senderProfileId: sender.id,
  });
  return send.id;
}

const workerLogs = (workers: WorkerProcess[]) => workers.map((w) => `--- worker ${w.pid} ---\n${w.output().slice(-4_000)}`).join("\n");

async function waitForStatus(run: RunView, wanted: string[], timeout: number, workers: () => WorkerProcess[]): Promise<RunView> {
  let last: RunView | undefined;
  try {
    return await vi.waitFor(
      async () => {
        last = await api<RunView>("GET", `/single-sends/${run.singleSendId}/runs/${run.id}`);
        if (!wanted.includes(last.status)) throw new Error(`run is ${last.status}, waiting for ${wanted.join(" or ")}`);
        return last;
      },
      { timeout, interval: 250 },
    );
  } catch (error) {
    throw new Error(
      `run ${run.id} did not reach ${wanted.join("/")} within ${timeout} ms; last seen ${JSON.stringify(last)}\n${workerLogs(workers())}`,
      { cause: error },
    );
  }
}

async function recipientStatuses(runId: string): Promise<Map<string, string>> {
  const rows = await t.services.sql<{ email: string; status: string }[]>`
    select email, status::text as status from single_send_recipients where run_id = ${runId}`;
  return new Map(rows.map((row) => [row.email, row.status]));
}

async function countWithStatus(runId: string, status: string): Promise<number> {
  const [row] = await t.services.sql<{ n: number }[]>`
    select count(*)::int as n from single_send_recipients where run_id = ${runId} and status = ${status}`;
  return row?.n ?? 0;
}

interface DeliveryCheck {
  byStatus: Record<string, number>;
  /** Unconfirmed recipients whose email did reach the sink (the crash came after delivery, before it was recorded). */
  unconfirmedDelivered: number;
}

/**
 * The invariants, checked against what the sink received: every recipient terminal, nobody emailed twice, every
 * `sent` recipient received exactly one email, and nothing arrived for anyone the run does not say may have got it.
 */
async function checkDeliveries(runId: string, expectedTotal: number): Promise<DeliveryCheck> {
  const statuses = await recipientStatuses(runId);
  expect(statuses.size, "recipients in the snapshot").toBe(expectedTotal);
  const byStatus: Record<string, number> = {};
  for (const status of statuses.values()) byStatus[status] = (byStatus[status] ?? 0) + 1;
  const notTerminal = Object.keys(byStatus).filter((status) => !TERMINAL.includes(status));
  expect(notTerminal, `recipients left in a non-terminal state: ${JSON.stringify(byStatus)}`).toEqual([]);

  const perRecipient = sink.stats(true).perRecipient ?? {};
  const duplicates = Object.entries(perRecipient).filter(([, count]) => count > 1);
  expect(duplicates.slice(0, 10), `${duplicates.length} address(es) received the email more than once`).toEqual([]);

  const sentButNotDelivered = [...statuses].filter(([email, status]) => status === "sent" && perRecipient[email] !== 1).map(([email]) => email);
  expect(sentButNotDelivered.slice(0, 10), `${sentButNotDelivered.length} recipient(s) marked sent without exactly one email at the sink`).toEqual([]);

  const deliveredUnexpectedly = Object.keys(perRecipient).filter((email) => !["sent", "unconfirmed"].includes(statuses.get(email) ?? "unknown"));
  expect(
    deliveredUnexpectedly.slice(0, 10).map((email) => `${email}: ${statuses.get(email) ?? "not in the run"}`),
    `${deliveredUnexpectedly.length} address(es) received an email although the run records neither sent nor unconfirmed`,
  ).toEqual([]);

  const [sends] = await t.services.sql<{ n: number }[]>`select count(*)::int as n from sends where run_id = ${runId} and status = 'SENT'`;
  expect(sends?.n, "`sends` rows with status SENT").toBe(byStatus.sent ?? 0);
  const [unexplained] = await t.services.sql<{ n: number }[]>`
    select count(*)::int as n from single_send_recipients
    where run_id = ${runId} and status in ('unconfirmed', 'failed') and coalesce(error, '') = ''`;
  expect(unexplained?.n, "unconfirmed or failed recipients without an error saying why").toBe(0);

  const unconfirmedDelivered = [...statuses].filter(([email, status]) => status === "unconfirmed" && perRecipient[email] === 1).length;
  return { byStatus, unconfirmedDelivered };
}

function emailsSentBy(metrics: string): number {
  let total = 0;
  for (const match of metrics.matchAll(/^emails_sent_total\{[^}]*\} (\d+)$/gm)) total += Number(match[1]);
  return total;
}

beforeAll(async () => {
  t = await createTestEnvironment();
  sink = await startSmtpSink();
});
afterAll(async () => {
  await killAllWorkerProcesses();
  await sink?.close();
  await closeAllDataConnectorAdapters();
  await closeAllEmailProviders();
  await t?.teardown();
});
beforeEach(async () => {
  await t.truncate();
  sink.reset();
  admin = (await createTestUser(t.services, { role: "admin" })).actor;
});
afterEach(() => killAllWorkerProcesses());

describe("send pipeline crash safety (real worker processes, local SMTP sink)", () => {
  it(
    `kill -9 the worker ${KILLS} times during a ${CRASH_RECIPIENTS.toLocaleString("en")}-recipient run: all terminal, nobody emailed twice, COMPLETED`,
    { timeout: CRASH_TEST_TIMEOUT_MS },
    async ({ annotate }) => {
      const seed = killScheduleSeed();
      const random = seededRandom(seed);
      await annotate(`kill schedule seed ${seed} (replay with CRASH_TEST_SEED=${seed})`);
      report(`seed ${seed}`);
      const started = performance.now();

      const [singleSendId, firstWorker] = await Promise.all([createSmtpSingleSend(CRASH_RECIPIENTS, CRASH_RATE), startWorkerProcess(workerOptions())]);
      let worker = firstWorker;
      const everyWorker: WorkerProcess[] = [worker];
      const run = await api<RunView>("POST", `/single-sends/${singleSendId}/trigger`);

      await vi.waitFor(
        () => {
          if (sink.stats().total === 0) throw new Error(`no email has reached the sink yet\n${workerLogs([worker])}`);
        },
        { timeout: 60_000, interval: 50 },
      );

      report(`sending started at ${elapsed(started)}`);
      const kills: { afterMs: number; deliveredBefore: number; leftSending: number }[] = [];
      for (let kill = 1; kill <= KILLS; kill++) {
        const afterMs = Math.round(KILL_INTERVAL_MS.min + random() * (KILL_INTERVAL_MS.max - KILL_INTERVAL_MS.min));
        await sleep(afterMs);
        await worker.stop("SIGKILL");
        const deliveredBefore = sink.stats().total;
        const leftSending = await countWithStatus(run.id, "sending");
        kills.push({ afterMs, deliveredBefore, leftSending });
        report(`kill ${kill} after ${afterMs} ms (at ${elapsed(started)}): ${deliveredBefore} emails at the sink, ${leftSending} recipients in \`sending\``);
        worker = await startWorkerProcess(workerOptions());
        everyWorker.push(worker);
      }

      const finished = await waitForStatus(run, ["COMPLETED", "FAILED", "CANCELLED"], remaining(started, CRASH_TEST_TIMEOUT_MS), () => everyWorker);
      expect(finished.status).toBe("COMPLETED");
      const { byStatus, unconfirmedDelivered } = await checkDeliveries(run.id, CRASH_RECIPIENTS);
      // Distinct valid addresses, no suppressions, a sink that accepts everything: a crash may leave an outcome unknown,
      // but nobody is skipped or failed because of one.
      expect(Object.keys(byStatus).filter((status) => status !== "sent" && status !== "unconfirmed"), JSON.stringify(byStatus)).toEqual([]);
      expect(finished.counts).toMatchObject({
        total: CRASH_RECIPIENTS,
        queued: 0,
        sending: 0,
        sent: byStatus.sent ?? 0,
        unconfirmed: byStatus.unconfirmed ?? 0,
        failed: byStatus.failed ?? 0,
      });
      const unconfirmed = await api<{ total: number; items: { status: string; error: string | null }[] }>(
        "GET",
        `/single-sends/${singleSendId}/runs/${run.id}/recipients?status=unconfirmed&pageSize=5`,
      );
      expect(unconfirmed.total, "unconfirmed recipients listed by the API").toBe(byStatus.unconfirmed ?? 0);
      for (const item of unconfirmed.items) expect(item).toMatchObject({ status: "unconfirmed", error: UNCONFIRMED_ERROR });
      // The kills must have interrupted real work, or the test proves nothing.
      expect(kills.at(-1)?.deliveredBefore, "emails delivered before the last kill").toBeLessThan(CRASH_RECIPIENTS);
      expect(
        kills.some((k) => k.leftSending > 0),
        "at least one kill left recipients mid-send",
      ).toBe(true);

      const summary =
        `${CRASH_RECIPIENTS} recipients, ${KILLS} kills (seed ${seed}) in ${elapsed(started)}: ` +
        `${JSON.stringify(byStatus)}; ${byStatus.unconfirmed ?? 0} unconfirmed, ${unconfirmedDelivered} of them had reached the sink; ` +
        `${sink.stats().total} emails at the sink, 0 duplicates`;
      await annotate(summary);
      report(summary);
    },
  );

  it(
    `${COMPETING_WORKERS} worker processes on one ${COMPETING_RECIPIENTS.toLocaleString("en")}-recipient run, every range queued twice: zero duplicates, COMPLETED`,
    { timeout: COMPETING_TEST_TIMEOUT_MS },
    async ({ annotate }) => {
      const started = performance.now();
      const [singleSendId, workers] = await Promise.all([
        createSmtpSingleSend(COMPETING_RECIPIENTS),
        Promise.all(Array.from({ length: COMPETING_WORKERS }, () => startWorkerProcess(workerOptions()))),
      ]);
      const run = await api<RunView>("POST", `/single-sends/${singleSendId}/trigger`);
      await waitForStatus(run, ["SENDING", "COMPLETED"], 60_000, () => workers);
      // A second set of send jobs over the same ranges (as when a start is retried): jobs on different processes now
      // compete for the very same recipient rows, not only for jobs.
      const duplicateJobs = await startSending(t.services, run.id, "duplicate");
      expect(duplicateJobs, "duplicate send jobs enqueued while recipients were still queued").toBeGreaterThan(0);

      const finished = await waitForStatus(run, ["COMPLETED", "FAILED", "CANCELLED"], remaining(started, COMPETING_TEST_TIMEOUT_MS), () => workers);
      expect(finished.status).toBe("COMPLETED");
      const { byStatus } = await checkDeliveries(run.id, COMPETING_RECIPIENTS);
      // Nobody crashed, so every recipient was sent exactly once.
      expect(byStatus).toEqual({ sent: COMPETING_RECIPIENTS });
      expect(sink.stats()).toEqual({ total: COMPETING_RECIPIENTS, distinctRecipients: COMPETING_RECIPIENTS, duplicates: 0 });

      const sentPerWorker = await Promise.all(workers.map(async (w) => emailsSentBy(await (await fetch(w.url("/metrics"))).text())));
      expect(sentPerWorker.reduce((sum, n) => sum + n, 0), "emails_sent_total summed over the workers").toBe(COMPETING_RECIPIENTS);
      expect(
        sentPerWorker.filter((n) => n > 0).length,
        `workers that sent something (per worker: ${sentPerWorker.join(", ")})`,
      ).toBeGreaterThanOrEqual(2);

      const summary =
        `${COMPETING_RECIPIENTS} recipients, ${COMPETING_WORKERS} workers, ${duplicateJobs} duplicate jobs, in ${elapsed(started)}: sent per worker ${sentPerWorker.join(" / ")}, 0 duplicates`;
      await annotate(summary);
      report(summary);
    },
  );
});
