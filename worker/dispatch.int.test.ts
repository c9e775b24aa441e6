import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import pino from "pino";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { openApiDocument } from "@/server/api/openapi";
import { auditLog } from "@/server/db/schema";
import { createEmailConnector } from "@/server/domain/email-connectors/email-connectors";
import { createSenderProfile } from "@/server/domain/sender-profiles/sender-profiles";
import { createMetrics, type Metrics } from "@/server/lib/metrics";
import { listDeadLetterJobs } from "@/server/queue/dead-letter";
import { createTestUser } from "@/test/factories";
import { createTestEnvironment, type TestEnvironment } from "@/test/harness";
import { startWorkers, type WorkerPool } from "./workers";

let t: TestEnvironment;
let metrics: Metrics;
let pool: WorkerPool | undefined;

beforeAll(async () => {
  t = await createTestEnvironment();
});
afterAll(() => t.teardown());
beforeEach(async () => {
  await t.truncate();
  metrics = createMetrics({ queues: t.services.queues, process: "worker" });
  pool = await startWorkers({ services: t.services, log: pino({ level: "silent" }), metrics });
});
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

const deadLetters = (count: number) =>
  vi.waitFor(
    async () => {
      const { jobs } = await listDeadLetterJobs(t.services.queues);
      expect(jobs).toHaveLength(count);
      return jobs;
    },
    { timeout: 10_000, interval: 50 },
  );

const failuresOn = async (queue: string) => (await metrics.jobFailures.get()).values.find((v) => v.labels.queue === queue)?.value;

describe("worker dispatch and dead-letter", () => {
  it("fails an invalid payload once, without retries, into dead-letter naming the bad fields; re-drive puts it back", async () => {
    const data = { senderProfileId: "not-a-uuid", to: "nobody", requestedBy: "test" };
    const original = await t.services.queues.get("send").add("send-test-email", data, { attempts: 5 });

    const [entry] = await deadLetters(1);
    expect(entry).toMatchObject({ originalQueue: "send", originalJobId: original.id, name: "send-test-email", data, attemptsMade: 1 });
    expect(entry?.failedReason).toMatch(/^Invalid payload for job "send-test-email": .*senderProfileId: .*to: /);
    expect(entry?.failedAt).toBeInstanceOf(Date);
    expect(await t.services.queues.get("send").getJobState(original.id ?? "")).toBe("failed");
    expect(await failuresOn("send")).toBe(1);

    await pool?.close();
    const { actor } = await createTestUser(t.services);
    const redriven = await t.caller(actor).deadLetter.redrive({ id: entry?.id ?? "" });
    expect(redriven).toMatchObject({ id: entry?.id, queue: "send" });
    expect(redriven.jobId).not.toBe(original.id);

    const [waiting] = await t.services.queues.get("send").getWaiting();
    expect(waiting).toMatchObject({ id: redriven.jobId, name: "send-test-email", data });
    expect(waiting?.opts.attempts).toBe(5);
    expect(await t.caller(actor).deadLetter.list()).toEqual({ total: 0, jobs: [] });
    const audits = await t.services.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "dead-letter.redrive"), eq(auditLog.entityId, redriven.id)));
    expect(audits).toHaveLength(1);
  });

  it("fails a job name without a handler on that queue for good", async () => {
    await t.services.queues.get("events").add("no-such-job", { a: 1 }, { attempts: 3 });
    const [entry] = await deadLetters(1);
    expect(entry).toMatchObject({ originalQueue: "events", name: "no-such-job", attemptsMade: 1 });
    expect(entry?.failedReason).toBe('Unknown job "no-such-job" on queue "events"');
  });

  it("fails a job whose sender profile no longer exists for good, with the domain's message", async () => {
    const senderProfileId = randomUUID();
    const job = await t.services.queues.get("send").add(
      "send-test-email",
      { senderProfileId, to: "a@example.test", requestedBy: "test" },
      { attempts: 3 },
    );
    const [entry] = await deadLetters(1);
    expect(entry).toMatchObject({ originalJobId: job.id, attemptsMade: 1, failedReason: `Sender profile ${senderProfileId} was not found` });
  });

  it("retries an infrastructure failure and dead-letters it only after the last attempt", async () => {
    const system = { type: "system", id: null, name: "test", role: "admin" } as const;
    const connector = await createEmailConnector(t.services, system, { name: "Inbox", type: "DEV_INBOX", config: {} });
    const profile = await createSenderProfile(t.services.db, system, {
      name: "Sender",
      fromEmail: "sender@example.test",
      emailConnectorId: connector.id,
    });
    // The dev inbox table disappearing stands in for any database outage: nothing about the job itself is wrong.
    await t.services.sql`alter table dev_inbox_messages rename to dev_inbox_messages_away`;
    try {
      const job = await t.services.queues.get("send").add(
        "send-test-email",
        { senderProfileId: profile.id, to: "a@example.test", requestedBy: "test" },
        { attempts: 2 },
      );
      const [entry] = await deadLetters(1);
      expect(entry).toMatchObject({ originalJobId: job.id, attemptsMade: 2 });
      expect(entry?.failedReason).toMatch(/dev_inbox_messages/);
      expect(await failuresOn("send")).toBe(2);
    } finally {
      await t.services.sql`alter table dev_inbox_messages_away rename to dev_inbox_messages`;
    }
  });

  it("lets only admins list and re-drive, and explains unknown or malformed ids", async () => {
    const { actor: member } = await createTestUser(t.services, { role: "member" });
    await expect(t.caller(member).deadLetter.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(t.caller(member).deadLetter.redrive({ id: "1" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const { actor: admin } = await createTestUser(t.services);
    await expect(t.caller(admin).deadLetter.redrive({ id: "404" })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: "Dead-letter job 404 was not found",
    });
    await expect(t.caller(admin).deadLetter.redrive({ id: "a:b" })).rejects.toThrow(/id must be a dead-letter job id/);
  });

  it("serves list and re-drive as REST operations", () => {
    const paths = openApiDocument("http://localhost").paths ?? {};
    expect(paths["/dead-letter"]?.get).toBeDefined();
    expect(paths["/dead-letter/{id}/redrive"]?.post).toBeDefined();
  });
});
