import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditLog, suppressions } from "@/server/db/schema";
import { createTestEnvironment, type TestEnvironment } from "@/test/harness";
import { createUnsubscribeSigner, describeUnsubscribeToken, unsubscribeByToken, unsubscribeSignerFromEnv } from "./unsubscribe";
import { insertTestRecipient, insertTestRun } from "./test-recipients";

let t: TestEnvironment;
beforeAll(async () => {
  t = await createTestEnvironment();
});
afterAll(() => t.teardown());
beforeEach(() => t.truncate());

const deps = () => ({ db: t.services.db, env: t.services.env });
const tokenFor = (recipientId: number) => unsubscribeSignerFromEnv(t.services.env).token(recipientId);

describe("unsubscribe by token", () => {
  it("describes the recipient with a masked address and the single send, without changing anything", async () => {
    const run = await insertTestRun(t.services.db, "Weekly digest");
    const recipientId = await insertTestRecipient(t.services.db, run.runId, "alice@example.com");
    expect(await describeUnsubscribeToken(deps(), tokenFor(recipientId))).toEqual({
      maskedEmail: "a***@example.com",
      singleSendName: "Weekly digest",
      suppressedReason: null,
    });
    expect(await t.services.db.select().from(suppressions)).toEqual([]);
  });

  it("suppresses the address with reason unsubscribe, a source and a note naming the single send, and audits it", async () => {
    const run = await insertTestRun(t.services.db, "Weekly digest");
    const recipientId = await insertTestRecipient(t.services.db, run.runId, "alice@example.com");
    const result = await unsubscribeByToken(deps(), tokenFor(recipientId));
    expect(result).toEqual({ maskedEmail: "a***@example.com", singleSendName: "Weekly digest", suppressedReason: "unsubscribe", unsubscribed: true });

    const [row] = await t.services.db.select().from(suppressions);
    expect(row).toMatchObject({
      email: "alice@example.com",
      emailNormalized: "alice@example.com",
      reason: "unsubscribe",
      source: "unsubscribe-link",
      note: 'Unsubscribed from "Weekly digest"',
    });
    const [entry] = await t.services.db.select().from(auditLog).where(eq(auditLog.action, "suppression.unsubscribe"));
    expect(entry).toMatchObject({
      actorType: "system",
      actorLabel: "unsubscribe link",
      entityType: "suppression",
      entityId: row?.id,
      after: { email: "alice@example.com", reason: "unsubscribe", recipientId, runId: run.runId },
    });
    expect((await describeUnsubscribeToken(deps(), tokenFor(recipientId)))?.suppressedReason).toBe("unsubscribe");
  });

  it("is idempotent: a second call changes nothing, records nothing and says the address was already unsubscribed", async () => {
    const run = await insertTestRun(t.services.db);
    const recipientId = await insertTestRecipient(t.services.db, run.runId, "bob@example.com");
    await unsubscribeByToken(deps(), tokenFor(recipientId), "list-unsubscribe-one-click");
    const again = await unsubscribeByToken(deps(), tokenFor(recipientId));
    expect(again).toMatchObject({ unsubscribed: false, suppressedReason: "unsubscribe" });
    const rows = await t.services.db.select().from(suppressions);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.source).toBe("list-unsubscribe-one-click");
    expect(await t.services.db.select().from(auditLog)).toHaveLength(1);
  });

  it("keeps an earlier suppression's reason: a bounced address stays a bounce", async () => {
    await t.services.db.insert(suppressions).values({ email: "Carol@Example.com", emailNormalized: "carol@example.com", reason: "bounce", source: "webhook:ses" });
    const run = await insertTestRun(t.services.db);
    const recipientId = await insertTestRecipient(t.services.db, run.runId, "carol@example.com");
    expect(await describeUnsubscribeToken(deps(), tokenFor(recipientId))).toMatchObject({ suppressedReason: "bounce" });
    expect(await unsubscribeByToken(deps(), tokenFor(recipientId))).toMatchObject({ unsubscribed: false, suppressedReason: "bounce" });
    expect(await t.services.db.select({ reason: suppressions.reason, source: suppressions.source }).from(suppressions)).toEqual([
      { reason: "bounce", source: "webhook:ses" },
    ]);
  });

  it("answers null for a forged, malformed or foreign token and for a recipient that no longer exists", async () => {
    const run = await insertTestRun(t.services.db);
    const recipientId = await insertTestRecipient(t.services.db, run.runId, "dan@example.com");
    const foreign = createUnsubscribeSigner("a-different-deployment-secret-0123456789").token(recipientId);
    const genuine = tokenFor(recipientId);
    const tampered = `${genuine.slice(0, -1)}${genuine.endsWith("A") ? "B" : "A"}`;
    for (const token of [foreign, "not-a-token", "", tampered]) {
      expect(await describeUnsubscribeToken(deps(), token), token).toBeNull();
      expect(await unsubscribeByToken(deps(), token), token).toBeNull();
    }
    expect(await unsubscribeByToken(deps(), tokenFor(recipientId + 1000))).toBeNull();
    expect(await t.services.db.select().from(suppressions)).toEqual([]);
  });

  it("accepts links signed before the secret was rotated", async () => {
    const run = await insertTestRun(t.services.db);
    const recipientId = await insertTestRecipient(t.services.db, run.runId, "erin@example.com");
    const oldSecret = "the-secret-before-rotation-0123456789abcdef";
    const rotatedEnv = { ENCRYPTION_SECRET: t.services.env.ENCRYPTION_SECRET, ENCRYPTION_PREVIOUS_SECRETS: oldSecret };
    const oldToken = createUnsubscribeSigner(oldSecret).token(recipientId);
    expect(await unsubscribeByToken({ db: t.services.db, env: t.services.env }, oldToken)).toBeNull();
    expect(await unsubscribeByToken({ db: t.services.db, env: rotatedEnv }, oldToken)).toMatchObject({ unsubscribed: true });
  });
});
