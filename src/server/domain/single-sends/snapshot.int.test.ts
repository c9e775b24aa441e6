import { randomUUID } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { segments, singleSendRecipients, singleSendRuns, suppressions } from "@/server/db/schema";
import { createTestUser } from "@/test/factories";
import { createTestEnvironment, type TestEnvironment } from "@/test/harness";
import { createSingleSend } from "./single-sends";
import { lockBuildingRun } from "./classify";
import { buildRunSnapshot } from "./snapshot";
import { createSingleSendFixture, insertRecipients, insertRun } from "./test-fixtures";

let t: TestEnvironment;

beforeAll(async () => {
  t = await createTestEnvironment();
});
afterAll(async () => {
  await t.teardown();
});

/** Audience rows in segment order: [subject_id, email]. */
const AUDIENCE: [string, string][] = [
  ["s1", "a@example.com"],
  ["s2", "B@Example.com"],
  ["s3", "not-an-email"],
  ["s1", "c@example.com"],
  ["s4", " b@example.com "],
  ["s3", "d@example.com"],
  ["s5", "not-an-email"],
  ["s6", "gone@example.com"],
  ["s7", "e@example.com"],
];

/** What each row becomes, whatever the batch sizes: duplicates are judged against every earlier row of the audience. */
const EXPECTED = [
  { subjectId: "s1", email: "a@example.com", status: "queued", skipReason: null },
  { subjectId: "s2", email: "b@example.com", status: "queued", skipReason: null },
  { subjectId: "s3", email: "not-an-email", status: "skipped", skipReason: "invalid_email" },
  { subjectId: "s1", email: "c@example.com", status: "skipped", skipReason: "duplicate" },
  { subjectId: "s4", email: "b@example.com", status: "skipped", skipReason: "duplicate" },
  { subjectId: "s3", email: "d@example.com", status: "skipped", skipReason: "duplicate" },
  { subjectId: "s5", email: "not-an-email", status: "skipped", skipReason: "invalid_email" },
  { subjectId: "s6", email: "gone@example.com", status: "skipped", skipReason: "suppression:bounce" },
  { subjectId: "s7", email: "e@example.com", status: "queued", skipReason: null },
];

async function snapshotWith(batchSize: number) {
  const admin = (await createTestUser(t.services, { role: "admin" })).actor;
  const fx = await createSingleSendFixture(t, admin);
  const values = AUDIENCE.map(([subject, email], i) => `(${i}, '${subject}', '${email}')`).join(", ");
  await t.services.db
    .update(segments)
    .set({ sqlQuery: `select subject_id, email from (values ${values}) as audience(ord, subject_id, email) order by ord` })
    .where(eq(segments.id, fx.segmentId));
  await t.services.db.insert(suppressions).values({ email: "gone@example.com", emailNormalized: "gone@example.com", reason: "bounce" });
  const send = await createSingleSend(t.services, admin, { name: "Audience", segmentId: fx.segmentId, templateId: fx.templateId, senderProfileId: fx.senderProfileId });
  const runId = await insertRun(t, send.id, { status: "PENDING" });
  const [run] = await t.services.db.select().from(singleSendRuns).where(eq(singleSendRuns.id, runId));
  if (!run) throw new Error("no run");
  const totals = await buildRunSnapshot(t.services, run, batchSize);
  const rows = await t.services.db
    .select({ subjectId: singleSendRecipients.subjectId, email: singleSendRecipients.email, status: singleSendRecipients.status, skipReason: singleSendRecipients.skipReason })
    .from(singleSendRecipients)
    .where(eq(singleSendRecipients.runId, runId))
    .orderBy(asc(singleSendRecipients.id));
  return { totals, rows, sendId: send.id };
}

describe("audience snapshot", () => {
  beforeEach(async () => {
    await t.truncate();
  });

  it.each([5000, 2, 1])("classifies duplicates across batches the same way (batches of %i rows)", async (batchSize) => {
    const { totals, rows } = await snapshotWith(batchSize);
    expect(rows).toEqual(EXPECTED);
    expect(totals).toEqual({ queued: 3, skippedByReason: { duplicate: 3, invalid_email: 2, "suppression:bounce": 1 }, cancelledElsewhere: 0 });
  });

  it("leaves no staging table behind on the pooled connection, so the next build starts clean", async () => {
    await snapshotWith(2);
    const leftovers = await t.services.sql`select relname from pg_class where relname = 'snapshot_stage' and relpersistence = 't'`;
    expect(leftovers).toEqual([]);
  });

  it("refuses a segment without an email column, naming it, and writes no recipient", async () => {
    const admin = (await createTestUser(t.services, { role: "admin" })).actor;
    const fx = await createSingleSendFixture(t, admin);
    await t.services.db.update(segments).set({ sqlQuery: "select subject_id from (values (1, 's1')) as audience(ord, subject_id)" }).where(eq(segments.id, fx.segmentId));
    const send = await createSingleSend(t.services, admin, { name: "Broken", segmentId: fx.segmentId, templateId: fx.templateId, senderProfileId: fx.senderProfileId });
    const runId = await insertRun(t, send.id, { status: "PENDING" });
    const [run] = await t.services.db.select().from(singleSendRuns).where(eq(singleSendRuns.id, runId));
    if (!run) throw new Error("no run");
    await expect(buildRunSnapshot(t.services, run, 2)).rejects.toThrow(
      'Segment "Everyone" must return the columns subject_id and email; missing: email.',
    );
    expect(await t.services.db.select().from(singleSendRecipients).where(eq(singleSendRecipients.runId, runId))).toEqual([]);
  });
});

describe("recipients without a foreign key to their run", () => {
  beforeEach(async () => {
    await t.truncate();
  });

  it("deletes a deleted run's recipients with it (trigger on single_send_runs) and keeps other runs' recipients", async () => {
    const { sendId } = await snapshotWith(5000);
    const kept = await insertRun(t, sendId, { status: "COMPLETED" });
    await insertRecipients(t, kept, [{ subjectId: "k1", email: "k1@example.com", status: "sent" }]);
    await t.services.sql`delete from single_send_runs where id <> ${kept}`;
    const left = await t.services.db.select({ runId: singleSendRecipients.runId }).from(singleSendRecipients);
    expect(left).toEqual([{ runId: kept }]);
  });

  it("lets the snapshot write only while its run is BUILDING, and holds off the run's deletion until the batch commits", async () => {
    const admin = (await createTestUser(t.services, { role: "admin" })).actor;
    const fx = await createSingleSendFixture(t, admin);
    const send = await createSingleSend(t.services, admin, { name: "Locked", segmentId: fx.segmentId, templateId: fx.templateId, senderProfileId: fx.senderProfileId });
    const building = await insertRun(t, send.id, { status: "BUILDING" });
    const cancelled = await insertRun(t, send.id, { status: "CANCELLED" });
    let deletion: Promise<void> | undefined;
    await t.services.sql.begin(async (batch) => {
      expect(await lockBuildingRun(batch, cancelled)).toBe(false);
      expect(await lockBuildingRun(batch, randomUUID())).toBe(false);
      expect(await lockBuildingRun(batch, building)).toBe(true);
      await batch`insert into single_send_recipients (run_id, subject_id, email, status) values (${building}, 'late', 'late@example.com', 'queued')`;
      let deleted = false;
      deletion = t.services.sql`delete from single_send_runs where id = ${building}`.then(() => {
        deleted = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(deleted).toBe(false);
    });
    await deletion;
    expect(await t.services.db.select().from(singleSendRecipients).where(eq(singleSendRecipients.runId, building))).toEqual([]);
  });
});
