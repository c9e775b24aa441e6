import { CronExpressionParser } from "cron-parser";
import { randomUUID } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditLog, singleSendRuns, singleSends } from "@/server/db/schema";
import type { Actor } from "@/server/domain/auth/actor";
import { createTestUser } from "@/test/factories";
import { createTestEnvironment, type TestEnvironment } from "@/test/harness";
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

interface SendBody {
  id: string;
  name: string;
  campaignGroupId: string | null;
  campaignGroupName: string | null;
  priority: number;
  segmentId: string;
  segmentName: string;
  segmentParams: Record<string, unknown>;
  templateId: string;
  templateName: string;
  templateHasPublishedVersion: boolean;
  senderProfileId: string;
  senderProfileName: string;
  status: string;
  schedule: { type: string; at?: string; cron?: string; timezone?: string };
  nextRunAt: string | null;
  lastRun: { id: string; status: string } | null;
}

interface PageBody {
  items: SendBody[];
  total: number;
  page: number;
  pageSize: number;
}

interface ErrorBody {
  message: string;
  code: string;
}

async function rest<T>(method: string, path: string, body?: unknown, actor: Actor | null = member): Promise<{ status: number; body: T }> {
  const headers = new Headers();
  if (body !== undefined) headers.set("content-type", "application/json");
  const request = new Request(`http://localhost/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const response = await t.rest(request, actor);
  return { status: response.status, body: (await response.json()) as T };
}

const validSend = (overrides: Record<string, unknown> = {}) => ({
  name: "Day 3 activation",
  segmentId: fx.segmentId,
  templateId: fx.templateId,
  senderProfileId: fx.senderProfileId,
  ...overrides,
});

const sendCount = async () => (await t.services.db.select().from(singleSends)).length;
const auditActions = async () =>
  (await t.services.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entityType, "single_send")).orderBy(asc(auditLog.createdAt))).map(
    (row) => row.action,
  );

describe("single sends CRUD over REST", () => {
  it("creates with defaults: ACTIVE, priority 100, MANUAL, no next run, names for display", async () => {
    const created = await rest<SendBody>("POST", "/single-sends", validSend());
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      name: "Day 3 activation",
      status: "ACTIVE",
      priority: 100,
      campaignGroupId: null,
      campaignGroupName: null,
      segmentName: "Everyone",
      segmentParams: {},
      templateName: "Activation",
      templateHasPublishedVersion: true,
      senderProfileName: "Acme",
      schedule: { type: "MANUAL" },
      nextRunAt: null,
      lastRun: null,
    });
  });

  it("creates, reads, lists, updates and deletes, auditing every change", async () => {
    const created = await rest<SendBody>(
      "POST",
      "/single-sends",
      validSend({
        campaignGroupId: fx.campaignGroupId,
        priority: 10,
        segmentId: fx.parameterizedSegmentId,
        segmentParams: { plan: "pro", max_credits: "5" },
        schedule: { type: "CRON", cron: "0 9 * * 1", timezone: "europe/berlin" },
      }),
    );
    expect(created.status).toBe(200);
    const id = created.body.id;
    const expectedNext = CronExpressionParser.parse("0 9 * * 1", { tz: "Europe/Berlin" }).next().toDate().toISOString();
    expect(created.body).toMatchObject({
      campaignGroupName: "Activation emails",
      priority: 10,
      segmentName: "Low credits",
      segmentParams: { plan: "pro", max_credits: 5 },
      schedule: { type: "CRON", cron: "0 9 * * 1", timezone: "Europe/Berlin" },
      nextRunAt: expectedNext,
    });

    const got = await rest<SendBody>("GET", `/single-sends/${id}`);
    expect(got.body).toEqual(created.body);

    const patched = await rest<SendBody>("PATCH", `/single-sends/${id}`, { name: "Day 3 (paused)", status: "PAUSED", campaignGroupId: null });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: "Day 3 (paused)", status: "PAUSED", campaignGroupId: null, nextRunAt: null, priority: 10 });
    expect(patched.body.segmentParams).toEqual({ plan: "pro", max_credits: 5 });

    const deleted = await rest<{ id: string }>("DELETE", `/single-sends/${id}`);
    expect(deleted).toEqual({ status: 200, body: { id } });
    expect(await sendCount()).toBe(0);
    expect((await rest<ErrorBody>("GET", `/single-sends/${id}`)).status).toBe(404);
    expect(await auditActions()).toEqual(["single-send.create", "single-send.update", "single-send.delete"]);

    const [update] = await t.services.db.select().from(auditLog).where(eq(auditLog.action, "single-send.update"));
    expect(update?.before).toMatchObject({ name: "Day 3 activation", status: "ACTIVE" });
    expect(update?.after).toMatchObject({ name: "Day 3 (paused)", status: "PAUSED" });
  });

  it("lists paginated, filtered by status and campaign group, searched by name, with the last run", async () => {
    const names = ["Alpha welcome", "Beta nudge", "Gamma welcome", "Delta winback"];
    const ids: Record<string, string> = {};
    for (const [i, name] of names.entries()) {
      const body = validSend({ name, status: i === 1 ? "DRAFT" : "ACTIVE", campaignGroupId: i < 2 ? fx.campaignGroupId : null });
      ids[name] = (await rest<SendBody>("POST", "/single-sends", body)).body.id;
    }
    const older = await insertRun(t, ids["Alpha welcome"] ?? "", { status: "COMPLETED", createdAt: new Date("2025-01-01T00:00:00Z") });
    const newer = await insertRun(t, ids["Alpha welcome"] ?? "", { status: "FAILED", createdAt: new Date("2025-02-01T00:00:00Z") });
    expect(older).not.toBe(newer);

    const firstPage = await rest<PageBody>("GET", "/single-sends?page=1&pageSize=3");
    expect(firstPage.body).toMatchObject({ total: 4, page: 1, pageSize: 3 });
    expect(firstPage.body.items.map((item) => item.name)).toEqual(["Alpha welcome", "Beta nudge", "Delta winback"]);
    expect(firstPage.body.items[0]?.lastRun).toMatchObject({ id: newer, status: "FAILED" });
    expect(firstPage.body.items[1]?.lastRun).toBeNull();
    const secondPage = await rest<PageBody>("GET", "/single-sends?page=2&pageSize=3");
    expect(secondPage.body.items.map((item) => item.name)).toEqual(["Gamma welcome"]);

    const names_ = async (query: string) => (await rest<PageBody>("GET", `/single-sends?${query}`)).body.items.map((item) => item.name);
    expect(await names_("status=DRAFT")).toEqual(["Beta nudge"]);
    expect(await names_(`campaignGroupId=${fx.campaignGroupId}`)).toEqual(["Alpha welcome", "Beta nudge"]);
    expect(await names_("search=WELCOME")).toEqual(["Alpha welcome", "Gamma welcome"]);
    expect(await names_("search=%25")).toEqual([]);
    expect(await names_(`status=ACTIVE&campaignGroupId=${fx.campaignGroupId}&search=alp`)).toEqual(["Alpha welcome"]);

    const bad = await rest<ErrorBody>("GET", "/single-sends?status=SLEEPING");
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain("status: Status must be one of ACTIVE, DRAFT, PAUSED, ARCHIVED");
  });

  it("computes nextRunAt for a ONCE schedule only while it is ahead and the send is ACTIVE", async () => {
    const at = new Date(Date.now() + 3600_000);
    const created = await rest<SendBody>("POST", "/single-sends", validSend({ schedule: { type: "ONCE", at: at.toISOString() } }));
    expect(created.body.schedule).toEqual({ type: "ONCE", at: at.toISOString() });
    expect(created.body.nextRunAt).toBe(at.toISOString());
    const draft = await rest<SendBody>("PATCH", `/single-sends/${created.body.id}`, { status: "DRAFT" });
    expect(draft.body.nextRunAt).toBeNull();
  });
});

describe("validation: a clear message naming the problem, nothing saved", () => {
  const inFuture = () => new Date(Date.now() + 24 * 3600_000).toISOString();

  it.each([
    ["a bad cron expression", { schedule: { type: "CRON", cron: "61 * * * *", timezone: "UTC" } }, /^schedule\.cron: "61 \* \* \* \*" is not a valid cron expression/],
    ["an empty cron expression", { schedule: { type: "CRON", cron: " ", timezone: "UTC" } }, /^schedule\.cron: Enter a cron expression/],
    ["a cron firing every second", { schedule: { type: "CRON", cron: "* * * * * *", timezone: "UTC" } }, /^schedule\.cron: .* fires more than once a minute/],
    ["an unknown time zone", { schedule: { type: "CRON", cron: "0 9 * * *", timezone: "Mars/Olympus" } }, /^schedule\.timezone: "Mars\/Olympus" is not a known IANA time zone/],
    ["a UTC offset as time zone", { schedule: { type: "CRON", cron: "0 9 * * *", timezone: "+02:00" } }, /^schedule\.timezone: "\+02:00" is not a known IANA time zone/],
    ["a ONCE time in the past", { schedule: { type: "ONCE", at: "2020-01-01T09:00:00Z" } }, /^schedule\.at: 2020-01-01T09:00:00\.000Z is in the past/],
    ["a ONCE time that is not a date", { schedule: { type: "ONCE", at: "tomorrow" } }, /^schedule\.at: Enter an ISO 8601 date-time/],
    ["an unknown schedule type", { schedule: { type: "WEEKLY" } }, /^schedule\.type: Schedule type must be MANUAL, ONCE or CRON/],
    ["a negative priority", { priority: -1 }, /^priority: Priority must be at least 0/],
    ["an empty name", { name: "  " }, /^name: Name is required/],
    ["an unknown status", { status: "LIVE" }, /^status: Status must be one of ACTIVE, DRAFT, PAUSED, ARCHIVED/],
  ])("refuses %s", async (_label, overrides, message) => {
    const response = await rest<ErrorBody>("POST", "/single-sends", validSend(overrides));
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(message);
    expect(await sendCount()).toBe(0);
    expect(await auditActions()).toEqual([]);
  });

  it("checks segment parameters against the segment's declaration, naming the parameter", async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ plan: "pro", colour: "red" }, /^segmentParams: unknown parameter "colour" \(declared parameters: max_credits, plan\) \(segment "Low credits"\)/],
      [{ max_credits: "lots", plan: "pro" }, /^segmentParams: parameter "max_credits": value "lots" is not/],
      [{ max_credits: 5 }, /^segmentParams: parameter "plan" needs a value \(no default declared\)/],
    ];
    for (const [segmentParams, message] of cases) {
      const response = await rest<ErrorBody>("POST", "/single-sends", validSend({ segmentId: fx.parameterizedSegmentId, segmentParams }));
      expect(response.status, JSON.stringify(segmentParams)).toBe(400);
      expect(response.body.message).toMatch(message);
    }
    const unknownOnPlainSegment = await rest<ErrorBody>("POST", "/single-sends", validSend({ segmentParams: { plan: "pro" } }));
    expect(unknownOnPlainSegment.body.message).toMatch(/^segmentParams: unknown parameter "plan" \(this segment declares no parameters\)/);
    expect(await sendCount()).toBe(0);
  });

  it("refuses references that do not exist, naming which", async () => {
    const missing = randomUUID();
    const cases: [Record<string, unknown>, string][] = [
      [{ segmentId: missing }, `segmentId: segment ${missing} does not exist`],
      [{ templateId: missing }, `templateId: template ${missing} does not exist`],
      [{ senderProfileId: missing }, `senderProfileId: sender profile ${missing} does not exist`],
      [{ campaignGroupId: missing }, `campaignGroupId: campaign group ${missing} does not exist`],
    ];
    for (const [overrides, message] of cases) {
      const response = await rest<ErrorBody>("POST", "/single-sends", validSend(overrides));
      expect(response.status).toBe(400);
      expect(response.body.message).toContain(message);
    }
    expect(await sendCount()).toBe(0);
  });

  it("needs a published template version for an ACTIVE send, not for a DRAFT", async () => {
    const active = await rest<ErrorBody>("POST", "/single-sends", validSend({ templateId: fx.draftTemplateId }));
    expect(active.status).toBe(400);
    expect(active.body.message).toMatch(/^templateId: template "Unfinished" has no published version; publish one first, or save the single send as DRAFT/);

    const draft = await rest<SendBody>("POST", "/single-sends", validSend({ templateId: fx.draftTemplateId, status: "DRAFT" }));
    expect(draft.status).toBe(200);
    expect(draft.body.templateHasPublishedVersion).toBe(false);
    const activate = await rest<ErrorBody>("PATCH", `/single-sends/${draft.body.id}`, { status: "ACTIVE" });
    expect(activate.status).toBe(400);
    expect(activate.body.message).toContain('template "Unfinished" has no published version');
    const renamed = await rest<SendBody>("PATCH", `/single-sends/${draft.body.id}`, { name: "Still a draft" });
    expect(renamed.status).toBe(200);
  });

  it("re-validates parameters when the segment changes and leaves the send unchanged on refusal", async () => {
    const created = await rest<SendBody>("POST", "/single-sends", validSend());
    const switched = await rest<ErrorBody>("PATCH", `/single-sends/${created.body.id}`, { segmentId: fx.parameterizedSegmentId });
    expect(switched.status).toBe(400);
    expect(switched.body.message).toMatch(/^segmentParams: parameter "plan" needs a value/);
    expect((await rest<SendBody>("GET", `/single-sends/${created.body.id}`)).body.segmentName).toBe("Everyone");

    const withParams = await rest<SendBody>("PATCH", `/single-sends/${created.body.id}`, {
      segmentId: fx.parameterizedSegmentId,
      segmentParams: { plan: "free" },
    });
    expect(withParams.body).toMatchObject({ segmentName: "Low credits", segmentParams: { plan: "free" } });
  });

  it("accepts an unchanged ONCE time that has passed, refuses a new one in the past", async () => {
    const created = await rest<SendBody>("POST", "/single-sends", validSend({ schedule: { type: "ONCE", at: inFuture() } }));
    const past = new Date("2024-06-01T08:00:00Z");
    await t.services.db.update(singleSends).set({ scheduledAt: past }).where(eq(singleSends.id, created.body.id));

    const resaved = await rest<SendBody>("PATCH", `/single-sends/${created.body.id}`, { name: "Renamed", schedule: { type: "ONCE", at: past.toISOString() } });
    expect(resaved.status).toBe(200);
    expect(resaved.body.nextRunAt).toBeNull();
    const moved = await rest<ErrorBody>("PATCH", `/single-sends/${created.body.id}`, { schedule: { type: "ONCE", at: "2024-07-01T08:00:00Z" } });
    expect(moved.status).toBe(400);
    expect(moved.body.message).toMatch(/^schedule\.at: 2024-07-01T08:00:00\.000Z is in the past/);
  });
});

describe("deleting", () => {
  it.each(["PENDING", "BUILDING", "READY", "SENDING", "PAUSED"] as const)("is refused while a run is %s", async (status) => {
    const created = await rest<SendBody>("POST", "/single-sends", validSend());
    const runId = await insertRun(t, created.body.id, { status });
    const refused = await rest<ErrorBody>("DELETE", `/single-sends/${created.body.id}`);
    expect(refused.status).toBe(412);
    expect(refused.body.message).toBe(
      `Single send "Day 3 activation" has a run in progress (${runId}, ${status}); cancel the run or wait for it to finish before deleting.`,
    );
    expect(await sendCount()).toBe(1);
  });

  it("refuses a send with finished runs, keeping its send history, and points to archiving", async () => {
    const created = await rest<SendBody>("POST", "/single-sends", validSend());
    for (const status of ["COMPLETED", "FAILED", "CANCELLED"] as const) await insertRun(t, created.body.id, { status });
    const refused = await rest<ErrorBody>("DELETE", `/single-sends/${created.body.id}`);
    expect(refused.status).toBe(412);
    expect(refused.body.message).toBe(
      `Single send "Day 3 activation" has 3 runs; deleting it would erase its send history (collision windows, unsubscribe links). Set its status to ARCHIVED instead.`,
    );
    expect(await t.services.db.select().from(singleSendRuns)).toHaveLength(3);
    expect(await sendCount()).toBe(1);
  });

  it("answers 404 for an unknown send", async () => {
    const response = await rest<ErrorBody>("DELETE", `/single-sends/${randomUUID()}`);
    expect(response.status).toBe(404);
  });
});

describe("access", () => {
  it("answers 401 to anonymous REST calls on every single-send path", async () => {
    const id = randomUUID();
    const runId = randomUUID();
    const calls: [string, string][] = [
      ["GET", "/single-sends"],
      ["POST", "/single-sends"],
      ["GET", `/single-sends/${id}`],
      ["PATCH", `/single-sends/${id}`],
      ["DELETE", `/single-sends/${id}`],
      ["POST", `/single-sends/${id}/trigger`],
      ["GET", `/single-sends/${id}/runs`],
      ["GET", `/single-sends/${id}/runs/${runId}`],
      ["GET", `/single-sends/${id}/runs/${runId}/recipients`],
      ["POST", `/single-sends/${id}/runs/${runId}/pause`],
      ["POST", `/single-sends/${id}/runs/${runId}/resume`],
      ["POST", `/single-sends/${id}/runs/${runId}/cancel`],
    ];
    for (const [method, path] of calls) {
      const response = await rest<ErrorBody>(method, path, method === "GET" || method === "DELETE" ? undefined : {}, null);
      expect(response.status, `${method} ${path}`).toBe(401);
    }
  });
});
