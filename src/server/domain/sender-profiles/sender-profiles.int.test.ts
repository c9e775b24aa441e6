import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { auditLog, devInboxMessages, senderProfiles } from "@/server/db/schema";
import type { Actor } from "@/server/domain/auth/actor";
import { apiError } from "@/test/api-error";
import { createTestEnvironment, type TestEnvironment } from "@/test/harness";
import { createTestUser } from "@/test/factories";
import { sendTestEmail } from "./send-test-email";

let t: TestEnvironment;
let admin: Actor;
let connectorId: string;
beforeAll(async () => {
  t = await createTestEnvironment();
});
afterAll(() => t.teardown());
beforeEach(async () => {
  await t.truncate();
  admin = (await createTestUser(t.services, { email: "admin@acme.test" })).actor;
  connectorId = (await t.caller(admin).emailConnectors.create({ name: "Local inbox", type: "DEV_INBOX" })).id;
});

const profileCount = async () => (await t.services.db.select().from(senderProfiles)).length;
const auditCount = async () => (await t.services.db.select().from(auditLog)).length;

const validProfile = () => ({
  name: "Newsletter",
  fromEmail: "news@acme.test",
  fromName: "Acme News",
  replyTo: "support@acme.test",
  emailConnectorId: connectorId,
  bucketSize: 50,
  refillPerSecond: 2.5,
});

function rest(actor: Actor | null, method: string, path: string, body?: unknown): Promise<Response> {
  const req = new Request(`http://localhost/api/v1${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return t.rest(req, actor);
}

describe("sender profiles", () => {
  it("creates, lists, gets, updates and deletes a profile, auditing each change", async () => {
    const api = t.caller(admin).senderProfiles;
    const created = await api.create(validProfile());
    expect(created).toMatchObject({ ...validProfile(), emailConnectorName: "Local inbox" });

    expect(await api.list()).toEqual([created]);
    expect(await api.get({ id: created.id })).toEqual(created);

    const updated = await api.update({ id: created.id, fromName: "Acme", replyTo: null, bucketSize: 10 });
    expect(updated).toMatchObject({ fromName: "Acme", replyTo: null, bucketSize: 10, refillPerSecond: 2.5, fromEmail: "news@acme.test" });
    expect((await api.update({ id: created.id, replyTo: "" })).replyTo).toBeNull();

    await api.delete({ id: created.id });
    expect(await profileCount()).toBe(0);

    const entries = await t.services.db.select().from(auditLog).where(eq(auditLog.entityId, created.id));
    expect(entries.map((e) => e.action).sort()).toEqual([
      "sender-profile.create",
      "sender-profile.delete",
      "sender-profile.update",
      "sender-profile.update",
    ]);
    const firstUpdate = entries.find((e) => e.action === "sender-profile.update" && (e.after as { fromName: string }).fromName === "Acme");
    expect(firstUpdate?.before).toMatchObject({ fromName: "Acme News", replyTo: "support@acme.test" });
  });

  it("defaults fromName, replyTo and the rate limit", async () => {
    const created = await t.caller(admin).senderProfiles.create({ name: "Plain", fromEmail: "plain@acme.test", emailConnectorId: connectorId });
    expect(created).toMatchObject({ fromName: "", replyTo: null, bucketSize: 100, refillPerSecond: 10 });
  });

  it.each([
    ["fromEmail", { fromEmail: "not-an-email" }, "fromEmail: Enter a valid email address"],
    ["replyTo", { replyTo: "nope@" }, "replyTo: Enter a valid email address"],
    ["fromName", { fromName: "x".repeat(101) }, "fromName: From name must be at most 100 characters"],
    ["name", { name: "" }, "name: Name is required"],
    ["bucketSize (zero)", { bucketSize: 0 }, "bucketSize: Bucket size must be at least 1"],
    ["bucketSize (too big)", { bucketSize: 100_001 }, "bucketSize: Bucket size must be at most 100000"],
    ["bucketSize (fraction)", { bucketSize: 1.5 }, "bucketSize: Bucket size must be a whole number"],
    ["refillPerSecond (zero)", { refillPerSecond: 0 }, "refillPerSecond: Refill per second must be greater than 0"],
    ["refillPerSecond (too big)", { refillPerSecond: 10_000.5 }, "refillPerSecond: Refill per second must be at most 10000"],
    ["emailConnectorId (not a uuid)", { emailConnectorId: "abc" }, "emailConnectorId: Choose an email connector"],
  ])("rejects an invalid %s on create and on update, changing nothing", async (_label, patch, message) => {
    const api = t.caller(admin).senderProfiles;
    const existing = await api.create({ ...validProfile(), name: "Existing" });
    const auditsBefore = await auditCount();
    expect(await apiError(api.create({ ...validProfile(), ...patch }))).toEqual({ code: "BAD_REQUEST", message });
    expect(await apiError(api.update({ id: existing.id, ...patch }))).toEqual({ code: "BAD_REQUEST", message });
    expect(await profileCount()).toBe(1);
    expect(await api.get({ id: existing.id })).toEqual(existing);
    expect(await auditCount()).toBe(auditsBefore);
  });

  it("rejects an unknown email connector and a duplicate name with clear messages", async () => {
    const api = t.caller(admin).senderProfiles;
    const missing = "00000000-0000-4000-8000-000000000000";
    expect(await apiError(api.create({ ...validProfile(), emailConnectorId: missing }))).toEqual({
      code: "BAD_REQUEST",
      message: `emailConnectorId: email connector ${missing} does not exist; choose an existing email connector.`,
    });
    const existing = await api.create(validProfile());
    expect(await apiError(api.create(validProfile()))).toEqual({
      code: "CONFLICT",
      message: 'A sender profile named "Newsletter" already exists; choose another name.',
    });
    const other = await api.create({ ...validProfile(), name: "Other" });
    expect((await apiError(api.update({ id: other.id, name: "Newsletter" }))).code).toBe("CONFLICT");
    expect((await apiError(api.update({ id: existing.id, emailConnectorId: missing }))).message).toMatch(/^emailConnectorId: /);
    expect(await profileCount()).toBe(2);
    expect((await api.get({ id: existing.id })).emailConnectorId).toBe(connectorId);
  });

  it("lets members read profiles and request test emails but not change profiles", async () => {
    const { actor: member } = await createTestUser(t.services, { role: "member" });
    const profile = await t.caller(admin).senderProfiles.create(validProfile());
    const api = t.caller(member).senderProfiles;
    expect(await api.list()).toEqual([profile]);
    expect((await apiError(api.create({ ...validProfile(), name: "Mine" }))).code).toBe("FORBIDDEN");
    expect((await apiError(api.update({ id: profile.id, fromName: "Hacked" }))).code).toBe("FORBIDDEN");
    expect((await apiError(api.delete({ id: profile.id }))).code).toBe("FORBIDDEN");
    expect(await api.sendTest({ id: profile.id, to: "me@acme.test" })).toEqual({ jobId: expect.any(String) });
    expect(await api.get({ id: profile.id })).toEqual(profile);
  });
});

describe("test emails", () => {
  it("sendTest queues a send-test-email job on the send queue and audits the request", async () => {
    const profile = await t.caller(admin).senderProfiles.create(validProfile());
    const { jobId } = await t.caller(admin).senderProfiles.sendTest({ id: profile.id, to: "qa@acme.test" });
    const job = await t.services.queues.get("send").getJob(jobId);
    expect(job?.name).toBe("send-test-email");
    expect(job?.data).toEqual({ senderProfileId: profile.id, to: "qa@acme.test", requestedBy: "admin@acme.test" });
    const [entry] = await t.services.db.select().from(auditLog).where(eq(auditLog.action, "sender-profile.send-test"));
    expect(entry).toMatchObject({ entityId: profile.id, after: { to: "qa@acme.test", jobId } });
  });

  it("sendTest refuses an unknown profile and a bad address without queueing anything", async () => {
    const profile = await t.caller(admin).senderProfiles.create(validProfile());
    const missing = "00000000-0000-4000-8000-000000000000";
    expect((await apiError(t.caller(admin).senderProfiles.sendTest({ id: missing, to: "qa@acme.test" }))).code).toBe("NOT_FOUND");
    expect(await apiError(t.caller(admin).senderProfiles.sendTest({ id: profile.id, to: "qa" }))).toEqual({
      code: "BAD_REQUEST",
      message: "to: Enter a valid email address",
    });
    expect(await t.services.queues.get("send").getJobCounts()).toMatchObject({ waiting: 0, delayed: 0 });
  });

  it("sendTestEmail delivers a formatted message into the dev inbox", async () => {
    const profile = await t.caller(admin).senderProfiles.create({ ...validProfile(), name: "Newsletter <EU>" });
    const { messageId } = await sendTestEmail(t.services, { senderProfileId: profile.id, to: "qa@acme.test", requestedBy: "admin@acme.test" });

    const [message] = await t.services.db.select().from(devInboxMessages).where(eq(devInboxMessages.id, messageId));
    expect(message).toMatchObject({
      emailConnectorId: connectorId,
      to: "qa@acme.test",
      from: '"Acme News" <news@acme.test>',
      subject: "EmailOps test email from Newsletter <EU>",
      headers: {
        From: '"Acme News" <news@acme.test>',
        To: "qa@acme.test",
        Subject: "EmailOps test email from Newsletter <EU>",
        "Reply-To": "support@acme.test",
        "X-EmailOps-Test": "true",
        "X-EmailOps-Sender-Profile-Id": profile.id,
      },
    });
    expect(message?.html).toContain("Newsletter &lt;EU&gt;");
    expect(message?.html).not.toContain("Newsletter <EU>");
    expect(message?.text).toContain('sender profile "Newsletter <EU>"');
    expect(message?.text).toContain("Requested by:");
  });

  it("sendTestEmail omits Reply-To when the profile has none and fails clearly for a missing profile", async () => {
    const profile = await t.caller(admin).senderProfiles.create({ ...validProfile(), replyTo: null, fromName: "" });
    const { messageId } = await sendTestEmail(t.services, { senderProfileId: profile.id, to: "qa@acme.test", requestedBy: "x" });
    const [message] = await t.services.db.select().from(devInboxMessages).where(eq(devInboxMessages.id, messageId));
    expect(message?.from).toBe("news@acme.test");
    expect(message?.headers).not.toHaveProperty("Reply-To");

    const missing = "00000000-0000-4000-8000-000000000000";
    await expect(sendTestEmail(t.services, { senderProfileId: missing, to: "qa@acme.test", requestedBy: "x" })).rejects.toThrow(
      `Sender profile ${missing} was not found`,
    );
  });
});

describe("REST /api/v1/sender-profiles", () => {
  it("creates with POST, reads with GET and reports field errors and auth", async () => {
    const created = await rest(admin, "POST", "/sender-profiles", validProfile());
    expect(created.status).toBe(200);
    const body = (await created.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ ...validProfile(), emailConnectorName: "Local inbox", id: expect.any(String), createdAt: expect.any(String) });

    const listed = await rest(admin, "GET", "/sender-profiles");
    expect(await listed.json()).toEqual([body]);
    const one = await rest(admin, "GET", `/sender-profiles/${String(body.id)}`);
    expect(await one.json()).toEqual(body);

    const patched = await rest(admin, "PATCH", `/sender-profiles/${String(body.id)}`, { bucketSize: 7 });
    expect(await patched.json()).toMatchObject({ bucketSize: 7, name: "Newsletter" });

    const bad = await rest(admin, "POST", "/sender-profiles", { ...validProfile(), name: "Second", fromEmail: "nope" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      code: "BAD_REQUEST",
      message: "fromEmail: Enter a valid email address",
      data: { fieldErrors: { fromEmail: ["Enter a valid email address"] } },
      issues: [expect.objectContaining({ path: ["fromEmail"] })],
    });

    const queued = await rest(admin, "POST", `/sender-profiles/${String(body.id)}/send-test`, { to: "qa@acme.test" });
    expect(await queued.json()).toEqual({ jobId: expect.any(String) });

    expect((await rest(null, "GET", "/sender-profiles")).status).toBe(401);
    expect(await profileCount()).toBe(1);
  });
});
