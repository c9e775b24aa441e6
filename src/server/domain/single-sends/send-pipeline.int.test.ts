import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import pino from "pino";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { singleSendRecipients, singleSends, suppressions } from "@/server/db/schema";
import type { Actor } from "@/server/domain/auth/actor";
import { closeAllDataConnectorAdapters } from "@/server/domain/data-connectors/adapter-cache";
import { closeAllEmailProviders } from "@/server/domain/email-connectors/provider-cache";
import { unsubscribeByToken } from "@/server/domain/suppressions/unsubscribe";
import { createMetrics } from "@/server/lib/metrics";
import { createAudienceTable, createCreditsSegment, createPublishedTemplate, createSender, createWarehouseConnector } from "@/test/campaign-fixtures";
import { startFakeResendServer, type FakeResendServer } from "@/test/fakes/resend-server";
import { startFakeSesServer, type FakeSesServer } from "@/test/fakes/ses-v2-server";
import { createTestUser } from "@/test/factories";
import { createTestEnvironment, type TestEnvironment } from "@/test/harness";
import { startWorkers, type WorkerPool } from "../../../../worker/workers";
import { cancelRun, pauseRun, resumeRun } from "./run-control";
import { runCounts } from "./run-counts";
import { buildSnapshots } from "./run-lifecycle";
import { sendBatch, UNCONFIRMED_ERROR } from "./send-batch";
import { SenderRateLimiter } from "./token-bucket";
import { triggerSingleSend } from "./trigger";

let t: TestEnvironment;
let admin: Actor;
let pool: WorkerPool | undefined;
let ses: FakeSesServer;
let resend: FakeResendServer;
let connectorId: string;
let segmentId: string;
let templateId: string;

const AUDIENCE = Array.from({ length: 200 }, (_, i) => ({ subjectId: `s${i}`, email: `person${i}@example.com`, credits: i, firstName: `P${i}` }));

async function startPool(): Promise<void> {
  pool = await startWorkers({ services: t.services, log: pino({ level: "silent" }), metrics: createMetrics({ queues: t.services.queues, process: "worker" }) });
}

async function createSend(senderProfileId: string): Promise<string> {
  const [send] = await t.services.db
    .insert(singleSends)
    .values({ name: `Send ${randomUUID().slice(0, 6)}`, segmentId, templateId, senderProfileId })
    .returning({ id: singleSends.id });
  if (!send) throw new Error("no single send");
  return send.id;
}

async function waitForStatus(runId: string, statuses: string[], timeout = 60_000) {
  return vi.waitFor(
    async () => {
      const [row] = await t.services.sql<{ status: string }[]>`select status from single_send_runs where id = ${runId}`;
      expect(statuses, `run is ${row?.status}`).toContain(row?.status);
    },
    { timeout, interval: 100 },
  );
}

beforeAll(async () => {
  t = await createTestEnvironment();
  ses = await startFakeSesServer();
  resend = await startFakeResendServer();
});
afterAll(async () => {
  await pool?.close();
  await closeAllDataConnectorAdapters();
  await closeAllEmailProviders();
  await ses.close();
  await resend.close();
  await t.teardown();
});
beforeEach(async () => {
  await t.truncate();
  ses.reset();
  resend.reset();
  admin = (await createTestUser(t.services, { role: "admin" })).actor;
  await createAudienceTable(t.services, "pipeline", AUDIENCE);
  connectorId = await createWarehouseConnector(t.services, admin, t.databaseUrl);
  segmentId = (await createCreditsSegment(t.services, admin, { name: "Everyone", dataConnectorId: connectorId, schema: "pipeline" })).id;
  templateId = (await createPublishedTemplate(t.services, admin, { key: "pipeline", subject: "Hello {{firstName}}" })).id;
});
afterEach(async () => {
  await pool?.close();
  pool = undefined;
  await closeAllEmailProviders();
});

const sesConnector = () => ({
  name: `SES ${randomUUID().slice(0, 6)}`,
  type: "SES" as const,
  config: { region: "eu-west-1", accessKeyId: "AKIDTEST", secretAccessKey: "secret", endpoint: ses.url, configurationSetName: "marketing" },
});

describe("send pipeline with the real AWS SES v2 client against a local SES v2 wire-format server", { timeout: 90_000 }, () => {
  it("throttling mid-run slows the run down but every recipient is sent exactly once, with unsubscribe headers and tags", async () => {
    ses.control({ throttleEvery: 9, retryAfterSeconds: null });
    const sender = await createSender(t.services, admin, sesConnector());
    const sendId = await createSend(sender.id);
    await startPool();
    const run = await triggerSingleSend(t.services, admin, sendId);
    await waitForStatus(run.id, ["COMPLETED"]);

    const counts = await runCounts(t.services.db, run.id);
    expect(counts).toMatchObject({ total: 200, sent: 200, failed: 0, unconfirmed: 0 });
    const stats = ses.stats();
    expect(stats).toMatchObject({ total: 200, distinctRecipients: 200, duplicates: 0 });
    expect(ses.sendRequests()).toBeGreaterThan(200);

    const message = ses.messages.find((m) => m.to.includes("person7@example.com"));
    expect(message?.subject).toBe("Hello P7");
    expect(message?.headers["List-Unsubscribe"]).toMatch(/^<http:\/\/localhost:3030\/u\/[A-Za-z0-9_-]{32}>$/);
    expect(message?.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(message?.tags.run_id).toBe(run.id);
    expect(message?.configurationSetName).toBe("marketing");
    const [recipient] = await t.services.db.select().from(singleSendRecipients).where(eq(singleSendRecipients.subjectId, "s7"));
    expect(message?.tags.recipient_id).toBe(String(recipient?.id));
  });

  it("a permanent rejection fails only that recipient, with the provider's message; transient errors are retried", async () => {
    ses.control({ rejectRecipients: { "person3@example.com": "Email address is not verified." }, failNext: 5 });
    const sender = await createSender(t.services, admin, sesConnector());
    const sendId = await createSend(sender.id);
    await startPool();
    const run = await triggerSingleSend(t.services, admin, sendId);
    await waitForStatus(run.id, ["COMPLETED"]);
    const [failed] = await t.services.db.select().from(singleSendRecipients).where(eq(singleSendRecipients.subjectId, "s3"));
    expect(failed).toMatchObject({ status: "failed" });
    expect(failed?.error).toContain("Email address is not verified.");
    expect(await runCounts(t.services.db, run.id)).toMatchObject({ sent: 199, failed: 1 });
    expect(ses.stats()).toMatchObject({ total: 199, duplicates: 0 });
  });
});

describe("crash recovery of a send job (its recipients left `sending`)", { timeout: 90_000 }, () => {
  async function interruptedRun(senderProfileId: string) {
    const sendId = await createSend(senderProfileId);
    const run = await triggerSingleSend(t.services, admin, sendId);
    await buildSnapshots(t.services, { triggerId: run.triggerId }, { attempt: 1, maxAttempts: 1 });
    const [range] = await t.services.sql<{ from_id: number; to_id: number }[]>`
      select min(id)::int as from_id, max(id)::int as to_id from single_send_recipients where run_id = ${run.id}`;
    if (!range) throw new Error("no recipients");
    const jobId = "crashed-job";
    // What a worker killed mid-chunk leaves behind: ten recipients claimed by the job, their outcome unknown.
    await t.services.sql`
      update single_send_recipients set status = 'sending', send_job_id = ${jobId}
      where id in (select id from single_send_recipients where run_id = ${run.id} order by id limit 10)`;
    return { run, range, jobId };
  }

  it("with a non-idempotent provider (SES) they end unconfirmed and are never sent again", async () => {
    const sender = await createSender(t.services, admin, sesConnector());
    const { run, range, jobId } = await interruptedRun(sender.id);
    await sendBatch(t.services, { runId: run.id, fromId: range.from_id, toId: range.to_id }, { jobId, attempt: 2, maxAttempts: 8 });
    const counts = await runCounts(t.services.db, run.id);
    expect(counts).toMatchObject({ sent: 190, unconfirmed: 10, queued: 0, sending: 0 });
    expect(ses.stats().total).toBe(190);
    const [unconfirmed] = await t.services.db.select().from(singleSendRecipients).where(eq(singleSendRecipients.status, "unconfirmed")).limit(1);
    expect(unconfirmed?.error).toBe(UNCONFIRMED_ERROR);
  });

  it("with Resend they are sent again under the same Idempotency-Key, so the provider delivers each once", async () => {
    const sender = await createSender(t.services, admin, { name: "Resend", type: "RESEND", config: { apiKey: "re_test", baseUrl: resend.url } });
    const { run, range, jobId } = await interruptedRun(sender.id);
    const firstThree = await t.services.sql<{ id: number }[]>`
      select id::int as id from single_send_recipients where run_id = ${run.id} order by id limit 3`;
    const lastOfThree = firstThree.at(-1)?.id as number;
    // The first attempt reached Resend for three recipients; the worker died before it could record them as sent.
    await t.services.sql`update single_send_recipients set status = 'queued' where run_id = ${run.id} and id <= ${lastOfThree}`;
    await sendBatch(t.services, { runId: run.id, fromId: range.from_id, toId: lastOfThree }, { jobId: "first-attempt", attempt: 1, maxAttempts: 8 });
    await t.services.sql`update single_send_recipients set status = 'sending', send_job_id = ${jobId} where run_id = ${run.id} and id <= ${lastOfThree}`;

    await sendBatch(t.services, { runId: run.id, fromId: range.from_id, toId: range.to_id }, { jobId, attempt: 2, maxAttempts: 8 });
    expect(await runCounts(t.services.db, run.id)).toMatchObject({ sent: 200, unconfirmed: 0, sending: 0 });
    expect(resend.stats()).toMatchObject({ total: 200, duplicates: 0 });
    expect(resend.idempotentReplays()).toBe(3);
  });
});

describe("run control and rate limiting (dev inbox)", { timeout: 90_000 }, () => {
  it("pause stops sending, resume finishes the run, cancel skips what is still queued", async () => {
    const slow = await createSender(t.services, admin, undefined, { bucketSize: 5, refillPerSecond: 40 });
    const sendId = await createSend(slow.id);
    await startPool();
    const run = await triggerSingleSend(t.services, admin, sendId);
    await waitForStatus(run.id, ["SENDING"]);
    await pauseRun(t.services, admin, { singleSendId: sendId, runId: run.id });
    // Emails already handed to the provider finish; nothing new starts once the pause is seen.
    const paused = await vi.waitFor(
      async () => {
        const before = await runCounts(t.services.db, run.id);
        await new Promise((resolve) => setTimeout(resolve, 600));
        const after = await runCounts(t.services.db, run.id);
        expect(after.sent).toBe(before.sent);
        expect(after.sending).toBe(0);
        return after;
      },
      { timeout: 15_000, interval: 0 },
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await runCounts(t.services.db, run.id)).sent).toBe(paused.sent);
    expect(paused.queued).toBeGreaterThan(0);

    await resumeRun(t.services, admin, { singleSendId: sendId, runId: run.id });
    await waitForStatus(run.id, ["COMPLETED"]);
    expect(await runCounts(t.services.db, run.id)).toMatchObject({ sent: 200, queued: 0 });

    const second = await triggerSingleSend(t.services, admin, sendId);
    await waitForStatus(second.id, ["SENDING"]);
    await cancelRun(t.services, admin, { singleSendId: sendId, runId: second.id });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const cancelled = await runCounts(t.services.db, second.id);
    expect(cancelled.queued).toBe(0);
    expect(cancelled.skippedByReason.cancelled).toBeGreaterThan(0);
    expect(cancelled.sent + cancelled.skipped + cancelled.sending).toBe(200);
  });

  it("the sender profile's token bucket holds a run to its rate", async () => {
    const limited = await createSender(t.services, admin, undefined, { bucketSize: 10, refillPerSecond: 100 });
    const sendId = await createSend(limited.id);
    await startPool();
    const run = await triggerSingleSend(t.services, admin, sendId);
    await waitForStatus(run.id, ["SENDING", "COMPLETED"]);
    const started = Date.now();
    await waitForStatus(run.id, ["COMPLETED"]);
    // 200 emails at 100/s after a burst of 10 need at least ~1.9 s; allow for the build finishing before `started`.
    const [timing] = await t.services.sql<{ span: number }[]>`
      select extract(epoch from max(created_at) - min(created_at))::float as span from dev_inbox_messages`;
    expect(timing?.span).toBeGreaterThan(1.5);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it("the bucket grants at most its size at once and refills at its rate (Redis Lua, shared clock)", async () => {
    const limiter = new SenderRateLimiter(t.services.redis, t.queuePrefix);
    const profile = randomUUID();
    const first = await limiter.tryTake(profile, { bucketSize: 5, refillPerSecond: 10 }, 8);
    expect(first.granted).toBe(5);
    expect(first.waitMs).toBeGreaterThan(0);
    expect((await limiter.tryTake(profile, { bucketSize: 5, refillPerSecond: 10 }, 1)).granted).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect((await limiter.tryTake(profile, { bucketSize: 5, refillPerSecond: 10 }, 5)).granted).toBe(2);
  });

  it("an unsubscribe through the email's link makes the next run skip that person", async () => {
    const sender = await createSender(t.services, admin);
    const sendId = await createSend(sender.id);
    await startPool();
    const first = await triggerSingleSend(t.services, admin, sendId);
    await waitForStatus(first.id, ["COMPLETED"]);
    const [message] = await t.services.sql<{ headers: Record<string, string> }[]>`
      select headers from dev_inbox_messages where "to" = 'person42@example.com'`;
    const token = /\/u\/([A-Za-z0-9_-]+)>/.exec(message?.headers["List-Unsubscribe"] ?? "")?.[1];
    expect(token).toBeDefined();
    await unsubscribeByToken(t.services, token as string);
    const [suppression] = await t.services.db.select().from(suppressions).where(eq(suppressions.emailNormalized, "person42@example.com"));
    expect(suppression?.reason).toBe("unsubscribe");

    const second = await triggerSingleSend(t.services, admin, sendId);
    await waitForStatus(second.id, ["COMPLETED"]);
    const [skipped] = await t.services.db
      .select({ skipReason: singleSendRecipients.skipReason })
      .from(singleSendRecipients)
      .where(sql`${singleSendRecipients.runId} = ${second.id} and ${singleSendRecipients.subjectId} = 's42'`);
    expect(skipped?.skipReason).toBe("suppression:unsubscribe");
  });
});
