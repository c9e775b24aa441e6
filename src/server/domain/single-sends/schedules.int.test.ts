import { CronExpressionParser } from "cron-parser";
import { eq } from "drizzle-orm";
import { Worker } from "bullmq";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { singleSendRuns, singleSends } from "@/server/db/schema";
import type { Actor } from "@/server/domain/auth/actor";
import { createTestUser } from "@/test/factories";
import { createTestEnvironment, type TestEnvironment } from "@/test/harness";
import { singleSendProcessor } from "../../../../worker/processors/single-send";
import { reconcileSchedules, runScheduledTrigger, schedulerIdOf, syncSchedule } from "./schedules";
import { createSingleSend, deleteSingleSend, updateSingleSend, type CreateSingleSendInput } from "./single-sends";
import { createSingleSendFixture, insertRun, type SingleSendFixture } from "./test-fixtures";

let t: TestEnvironment;
let member: Actor;
let fx: SingleSendFixture;

beforeAll(async () => {
  t = await createTestEnvironment();
});
afterAll(() => t.teardown());
beforeEach(async () => {
  await t.truncate();
  member = (await createTestUser(t.services, { role: "member" })).actor;
  fx = await createSingleSendFixture(t, member);
});

const queue = () => t.services.queues.get("single-send");
const schedulers = async () => queue().getJobSchedulers(0, -1, true);
const scheduler = (singleSendId: string) => queue().getJobScheduler(schedulerIdOf(singleSendId));
const delayedJobs = async () => (await queue().getDelayed()).map((job) => ({ name: job.name, data: job.data as unknown, timestamp: job.timestamp + (job.opts.delay ?? 0) }));

const create = (overrides: Partial<CreateSingleSendInput> = {}) =>
  createSingleSend(t.services, member, {
    name: "Weekly digest",
    segmentId: fx.segmentId,
    templateId: fx.templateId,
    senderProfileId: fx.senderProfileId,
    ...overrides,
  });

const inHours = (hours: number) => new Date(Date.now() + hours * 3600_000);

describe("job schedulers in Redis", () => {
  it("an ACTIVE CRON send gets scheduler single-send:<id> firing when cron-parser says, in its time zone", async () => {
    const send = await create({ schedule: { type: "CRON", cron: "30 8 * * 1-5", timezone: "America/New_York" } });
    const expected = CronExpressionParser.parse("30 8 * * 1-5", { tz: "America/New_York" }).next().getTime();

    const found = await scheduler(send.id);
    expect(found).toMatchObject({
      key: `single-send:${send.id}`,
      name: "scheduled-trigger",
      pattern: "30 8 * * 1-5",
      tz: "America/New_York",
      next: expected,
      template: { data: { singleSendId: send.id } },
    });
    expect(send.nextRunAt?.getTime()).toBe(expected);
    expect(await delayedJobs()).toEqual([{ name: "scheduled-trigger", data: { singleSendId: send.id }, timestamp: expected }]);
  });

  it("follows edits: new pattern, PAUSED removes, ONCE fires once at its time, a moved time moves, MANUAL removes", async () => {
    const send = await create({ schedule: { type: "CRON", cron: "0 9 * * *", timezone: "UTC" } });
    await updateSingleSend(t.services, member, { id: send.id, schedule: { type: "CRON", cron: "0 18 * * *", timezone: "Asia/Tokyo" } });
    expect(await scheduler(send.id)).toMatchObject({
      pattern: "0 18 * * *",
      tz: "Asia/Tokyo",
      next: CronExpressionParser.parse("0 18 * * *", { tz: "Asia/Tokyo" }).next().getTime(),
    });
    expect(await delayedJobs()).toHaveLength(1);

    await updateSingleSend(t.services, member, { id: send.id, status: "PAUSED" });
    expect(await schedulers()).toEqual([]);
    expect(await delayedJobs()).toEqual([]);

    const at = inHours(5);
    const once = await updateSingleSend(t.services, member, { id: send.id, status: "ACTIVE", schedule: { type: "ONCE", at: at.toISOString() } });
    expect(once.nextRunAt).toEqual(at);
    expect(await scheduler(send.id)).toMatchObject({ limit: 1, next: at.getTime() });
    expect(await delayedJobs()).toEqual([{ name: "scheduled-trigger", data: { singleSendId: send.id }, timestamp: at.getTime() }]);

    const later = inHours(30);
    await updateSingleSend(t.services, member, { id: send.id, schedule: { type: "ONCE", at: later.toISOString() } });
    expect(await scheduler(send.id)).toMatchObject({ limit: 1, next: later.getTime() });
    expect(await delayedJobs()).toEqual([{ name: "scheduled-trigger", data: { singleSendId: send.id }, timestamp: later.getTime() }]);

    await updateSingleSend(t.services, member, { id: send.id, schedule: { type: "MANUAL" } });
    expect(await schedulers()).toEqual([]);
    expect(await delayedJobs()).toEqual([]);
  });

  it("deleting a send removes its scheduler; other sends keep theirs", async () => {
    const kept = await create({ name: "Kept", schedule: { type: "CRON", cron: "0 9 * * *", timezone: "UTC" } });
    const removed = await create({ name: "Removed", schedule: { type: "ONCE", at: inHours(2).toISOString() } });
    expect((await schedulers()).map((s) => s.key).sort()).toEqual([schedulerIdOf(kept.id), schedulerIdOf(removed.id)].sort());
    await deleteSingleSend(t.services, member, removed.id);
    expect((await schedulers()).map((s) => s.key)).toEqual([schedulerIdOf(kept.id)]);
  });

  it("DRAFT, ARCHIVED and MANUAL sends have no scheduler; a ONCE time already past is not scheduled", async () => {
    await create({ name: "Draft", status: "DRAFT", schedule: { type: "CRON", cron: "0 9 * * *", timezone: "UTC" } });
    await create({ name: "Archived", status: "ARCHIVED", schedule: { type: "ONCE", at: inHours(1).toISOString() } });
    await create({ name: "Manual" });
    expect(await schedulers()).toEqual([]);

    const send = await create({ name: "Once", schedule: { type: "ONCE", at: inHours(1).toISOString() } });
    await syncSchedule(t.services.queues, { id: send.id, status: "ACTIVE", schedule: { type: "ONCE", at: new Date(Date.now() - 1000) } });
    expect(await schedulers()).toEqual([]);
  });

  it("reconciles Redis with the database: restores lost schedulers and drops orphans", async () => {
    const cron = await create({ name: "Cron", schedule: { type: "CRON", cron: "15 7 * * *", timezone: "Europe/Paris" } });
    const once = await create({ name: "Once", schedule: { type: "ONCE", at: inHours(3).toISOString() } });
    const paused = await create({ name: "Paused", status: "PAUSED", schedule: { type: "CRON", cron: "0 9 * * *", timezone: "UTC" } });
    await queue().removeJobScheduler(schedulerIdOf(cron.id));
    await queue().removeJobScheduler(schedulerIdOf(once.id));
    // A scheduler the database knows nothing of (a send deleted while Redis was unreachable) and one out of date.
    await syncSchedule(t.services.queues, { id: "00000000-0000-4000-8000-000000000000", status: "ACTIVE", schedule: { type: "CRON", cron: "0 1 * * *", timezone: "UTC" } });
    await syncSchedule(t.services.queues, { id: paused.id, status: "ACTIVE", schedule: { type: "CRON", cron: "0 9 * * *", timezone: "UTC" } });

    expect(await reconcileSchedules(t.services)).toBe(2);
    expect((await schedulers()).map((s) => s.key).sort()).toEqual([schedulerIdOf(cron.id), schedulerIdOf(once.id)].sort());
    expect(await scheduler(cron.id)).toMatchObject({ pattern: "15 7 * * *", tz: "Europe/Paris" });
  });
});

describe("a real worker", () => {
  it("runs a ONCE schedule exactly once, at its time", async () => {
    const send = await create({ schedule: { type: "ONCE", at: new Date(Date.now() + 1500).toISOString() } });
    const completed: { at: number; result: unknown }[] = [];
    const worker = new Worker(
      "single-send",
      (job) => singleSendProcessor.dispatch(t.services, job.name, job.data, { jobId: job.id ?? "", attempt: job.attemptsMade + 1, maxAttempts: 3 }),
      { connection: t.services.redis, prefix: t.queuePrefix },
    );
    try {
      const done = new Promise<void>((resolve) =>
        worker.on("completed", (_job, result) => {
          completed.push({ at: Date.now(), result });
          resolve();
        }),
      );
      await done;
    } finally {
      await worker.close();
    }
    expect(completed).toHaveLength(1);
    expect(completed[0]?.result).toMatchObject({ triggered: true });
    expect(completed[0]?.at).toBeGreaterThanOrEqual(send.nextRunAt?.getTime() ?? Infinity);
    expect(await delayedJobs()).toEqual([]);
    const runs = await t.services.db.select().from(singleSendRuns).where(eq(singleSendRuns.singleSendId, send.id));
    expect(runs.map((run) => run.triggeredBy)).toEqual(["schedule"]);
  });
});

describe("the scheduled-trigger job", () => {
  const runsOf = async (singleSendId: string) =>
    t.services.db.select({ status: singleSendRuns.status, triggeredBy: singleSendRuns.triggeredBy }).from(singleSendRuns).where(eq(singleSendRuns.singleSendId, singleSendId));

  it("triggers an ACTIVE scheduled send as the system actor 'schedule'", async () => {
    const send = await create({ schedule: { type: "CRON", cron: "0 9 * * *", timezone: "UTC" } });
    const outcome = await runScheduledTrigger(t.services, { singleSendId: send.id });
    expect(outcome).toMatchObject({ triggered: true });
    expect(await runsOf(send.id)).toEqual([{ status: "PENDING", triggeredBy: "schedule" }]);
  });

  it("is dispatched by the single-send queue's processor under its registry name", async () => {
    const send = await create({ schedule: { type: "ONCE", at: inHours(1).toISOString() } });
    const outcome = await singleSendProcessor.dispatch(t.services, "scheduled-trigger", { singleSendId: send.id }, { jobId: "1", attempt: 1, maxAttempts: 3 });
    expect(outcome).toMatchObject({ triggered: true });
    await expect(singleSendProcessor.dispatch(t.services, "scheduled-trigger", { singleSendId: "nope" }, { jobId: "2", attempt: 1, maxAttempts: 3 })).rejects.toThrow(
      /Invalid payload for job "scheduled-trigger": singleSendId: /,
    );
  });

  it("does nothing, without failing, for a send deleted, paused, archived or made manual since", async () => {
    const paused = await create({ name: "Paused", schedule: { type: "CRON", cron: "0 9 * * *", timezone: "UTC" } });
    await t.services.db.update(singleSends).set({ status: "PAUSED" }).where(eq(singleSends.id, paused.id));
    const archived = await create({ name: "Archived", status: "ARCHIVED" });
    const manual = await create({ name: "Manual" });
    const deleted = await create({ name: "Deleted", schedule: { type: "CRON", cron: "0 9 * * *", timezone: "UTC" } });
    await deleteSingleSend(t.services, member, deleted.id);

    expect(await runScheduledTrigger(t.services, { singleSendId: paused.id })).toEqual({
      triggered: false,
      reason: "not_active",
      message: 'single send "Paused" is PAUSED',
    });
    expect(await runScheduledTrigger(t.services, { singleSendId: archived.id })).toMatchObject({ triggered: false, reason: "not_active" });
    expect(await runScheduledTrigger(t.services, { singleSendId: manual.id })).toMatchObject({ triggered: false, reason: "not_scheduled" });
    expect(await runScheduledTrigger(t.services, { singleSendId: deleted.id })).toMatchObject({ triggered: false, reason: "deleted" });
    expect(await t.services.db.select().from(singleSendRuns)).toEqual([]);
  });

  it("skips a firing while the previous run is still in progress", async () => {
    const send = await create({ schedule: { type: "CRON", cron: "0 9 * * *", timezone: "UTC" } });
    await insertRun(t, send.id, { status: "SENDING" });
    const outcome = await runScheduledTrigger(t.services, { singleSendId: send.id });
    expect(outcome).toMatchObject({ triggered: false, reason: "run_in_progress" });
    expect(await runsOf(send.id)).toEqual([{ status: "SENDING", triggeredBy: "test" }]);
  });
});
