import { randomUUID } from "node:crypto";
import { parse } from "csv-parse/sync";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "@/server/domain/auth/actor";
import { updateWorkspaceSettings } from "@/server/domain/settings/settings";
import type { Services } from "@/server/services";
import { createTestUser } from "@/test/factories";
import { createTestEnvironment, type TestEnvironment } from "@/test/harness";
import { GET as getRecipientsCsv } from "../../../app/api/v1/single-sends/[id]/runs/[runId]/recipients.csv/route";
import { exportRunRecipientsCsv } from "./runs";
import { createSingleSend } from "./single-sends";
import { createSingleSendFixture, insertRecipients, insertRun, type RecipientRow, type SingleSendFixture } from "./test-fixtures";

let t: TestEnvironment;
let admin: Actor;
let member: Actor;
let memberEmail: string;
let fx: SingleSendFixture;
let sendId: string;
let runId: string;
let olderRunId: string;

beforeAll(async () => {
  t = await createTestEnvironment();
  // The CSV route handler reads the process's shared services, as in production; here they are this test's.
  (globalThis as unknown as { emailopsServices?: Services }).emailopsServices = t.services;
});
afterAll(async () => {
  (globalThis as unknown as { emailopsServices?: Services }).emailopsServices = undefined;
  await t.teardown();
});

const RECIPIENTS: RecipientRow[] = [
  { subjectId: "alice", email: "alice@example.com", status: "sent" },
  { subjectId: "bob", email: "bob@example.com", status: "skipped", skipReason: "collision:lower_priority" },
  { subjectId: "charlie", email: "charlie@example.com", status: "skipped", skipReason: "suppression:unsubscribe" },
  { subjectId: "diana", email: "diana@example.com", status: "failed", error: 'Provider said "mailbox full", try later' },
  { subjectId: "erin", email: "erin@example.com", status: "queued" },
  { subjectId: "frank", email: "frank@example.com", status: "skipped", skipReason: "collision:lower_priority" },
  { subjectId: "=cmd", email: "not-an-email", status: "skipped", skipReason: "invalid_email" },
];

beforeEach(async () => {
  await t.truncate();
  admin = (await createTestUser(t.services, { role: "admin" })).actor;
  ({ actor: member, email: memberEmail } = await createTestUser(t.services, { role: "member" }));
  fx = await createSingleSendFixture(t, admin);
  const send = await createSingleSend(t.services, admin, { name: "Activation", segmentId: fx.segmentId, templateId: fx.templateId, senderProfileId: fx.senderProfileId });
  sendId = send.id;
  olderRunId = await insertRun(t, sendId, { status: "COMPLETED", createdAt: new Date("2025-03-01T10:00:00Z") });
  await insertRecipients(t, olderRunId, [{ subjectId: "alice", email: "alice@example.com", status: "sent" }]);
  runId = await insertRun(t, sendId, {
    status: "SENDING",
    createdAt: new Date("2025-03-02T10:00:00Z"),
    templateVersionId: fx.publishedVersionId,
    compiledSubject: "Welcome {{first_name}}",
  });
  await insertRecipients(t, runId, RECIPIENTS);
});

async function restGet<T>(path: string, actor: Actor | null = admin): Promise<{ status: number; body: T }> {
  const response = await t.rest(new Request(`http://localhost/api/v1${path}`), actor);
  return { status: response.status, body: (await response.json()) as T };
}

interface RunBody {
  id: string;
  status: string;
  singleSendName: string;
  counts: { total: number; queued: number; sent: number; failed: number; skipped: number; skippedByReason: Record<string, number> };
  templateVersion?: { id: string; version: number; templateName: string; templateKey: string; compiledSubject: string | null } | null;
}

interface RecipientPage {
  items: { subjectId: string; email: string; status: string; skipReason: string | null; error: string | null }[];
  total: number;
  page: number;
  pageSize: number;
  masked: boolean;
}

describe("runs", () => {
  it("lists a send's runs newest first, each with its counts", async () => {
    const { status, body } = await restGet<{ items: RunBody[]; total: number }>(`/single-sends/${sendId}/runs`);
    expect(status).toBe(200);
    expect(body.total).toBe(2);
    expect(body.items.map((run) => run.id)).toEqual([runId, olderRunId]);
    expect(body.items[0]).toMatchObject({
      status: "SENDING",
      singleSendName: "Activation",
      counts: {
        total: 7,
        queued: 1,
        sent: 1,
        failed: 1,
        skipped: 4,
        skippedByReason: { "collision:lower_priority": 2, "suppression:unsubscribe": 1, invalid_email: 1 },
      },
    });
    expect(body.items[1]?.counts).toMatchObject({ total: 1, sent: 1, skipped: 0, skippedByReason: {} });

    const second = await restGet<{ items: RunBody[]; total: number; page: number }>(`/single-sends/${sendId}/runs?page=2&pageSize=1`);
    expect(second.body).toMatchObject({ total: 2, page: 2 });
    expect(second.body.items.map((run) => run.id)).toEqual([olderRunId]);
  });

  it("reads one run with its counts and the frozen template version", async () => {
    const { status, body } = await restGet<RunBody>(`/single-sends/${sendId}/runs/${runId}`);
    expect(status).toBe(200);
    expect(body.counts.total).toBe(7);
    expect(body.templateVersion).toEqual({
      id: fx.publishedVersionId,
      version: 1,
      templateId: fx.templateId,
      templateName: "Activation",
      templateKey: "activation",
      compiledSubject: "Welcome {{first_name}}",
    });
    expect((await restGet<RunBody>(`/single-sends/${sendId}/runs/${olderRunId}`)).body.templateVersion).toBeNull();
  });

  it("answers 404 for a run of another send or an unknown send", async () => {
    const other = await createSingleSend(t.services, admin, { name: "Other", segmentId: fx.segmentId, templateId: fx.templateId, senderProfileId: fx.senderProfileId });
    const wrongSend = await restGet<{ message: string }>(`/single-sends/${other.id}/runs/${runId}`);
    expect(wrongSend.status).toBe(404);
    expect(wrongSend.body.message).toBe(`Run ${runId} was not found`);
    expect((await restGet(`/single-sends/${other.id}/runs/${runId}/recipients`)).status).toBe(404);
    expect((await restGet(`/single-sends/${randomUUID()}/runs`)).status).toBe(404);
  });
});

describe("run recipients", () => {
  const subjects = (page: RecipientPage) => page.items.map((item) => item.subjectId);

  it("pages through a run's recipients in snapshot order with a total", async () => {
    const first = await restGet<RecipientPage>(`/single-sends/${sendId}/runs/${runId}/recipients?pageSize=3`);
    expect(first.body).toMatchObject({ total: 7, page: 1, pageSize: 3, masked: false });
    expect(subjects(first.body)).toEqual(["alice", "bob", "charlie"]);
    const third = await restGet<RecipientPage>(`/single-sends/${sendId}/runs/${runId}/recipients?pageSize=3&page=3`);
    expect(subjects(third.body)).toEqual(["=cmd"]);
  });

  it("filters by status and by skip reason", async () => {
    const base = `/single-sends/${sendId}/runs/${runId}/recipients`;
    const skipped = await restGet<RecipientPage>(`${base}?status=skipped`);
    expect(skipped.body.total).toBe(4);
    const lowerPriority = await restGet<RecipientPage>(`${base}?status=skipped&skipReason=${encodeURIComponent("collision:lower_priority")}`);
    expect(subjects(lowerPriority.body)).toEqual(["bob", "frank"]);
    expect(lowerPriority.body.items[0]).toMatchObject({ status: "skipped", skipReason: "collision:lower_priority", email: "bob@example.com" });
    const failed = await restGet<RecipientPage>(`${base}?status=failed`);
    expect(failed.body.items).toEqual([expect.objectContaining({ subjectId: "diana", error: 'Provider said "mailbox full", try later' })]);

    const badStatus = await restGet<{ message: string }>(`${base}?status=bounced`);
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.message).toContain("status: status must be one of queued, sending, sent, skipped, failed, unconfirmed");
    const badReason = await restGet<{ message: string }>(`${base}?skipReason=bored`);
    expect(badReason.status).toBe(400);
    expect(badReason.body.message).toContain("skipReason: skipReason must be one of invalid_email");
  });

  it("masks emails for members when the workspace asks for it", async () => {
    await updateWorkspaceSettings(t.services.db, admin, { maskPiiForMembers: true });
    const asMember = await restGet<RecipientPage>(`/single-sends/${sendId}/runs/${runId}/recipients?pageSize=1`, member);
    expect(asMember.body).toMatchObject({ masked: true, items: [{ email: "a***@example.com" }] });
    const asAdmin = await restGet<RecipientPage>(`/single-sends/${sendId}/runs/${runId}/recipients?pageSize=1`, admin);
    expect(asAdmin.body).toMatchObject({ masked: false, items: [{ email: "alice@example.com" }] });
  });
});

describe("recipients CSV export route", () => {
  const csvUrl = (query = "") => `http://localhost/api/v1/single-sends/${sendId}/runs/${runId}/recipients.csv${query}`;
  const call = (url: string, headers: Record<string, string> = {}, ids = { id: sendId, runId }) =>
    getRecipientsCsv(new Request(url, { headers }), { params: Promise.resolve(ids) });

  async function bearer(): Promise<Record<string, string>> {
    const { key } = await t.caller(admin).apiKeys.create({ name: `csv-${randomUUID().slice(0, 8)}` });
    return { authorization: `Bearer ${key}` };
  }

  it("streams every recipient with a header, authenticated by an API key", async () => {
    const response = await call(csvUrl(), await bearer());
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="run-${runId}-recipients.csv"`);
    const rows = parse(await response.text(), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0] ?? {})).toEqual(["subject_id", "email", "status", "skip_reason", "error", "updated_at"]);
    expect(rows.map((row) => row.subject_id)).toEqual(RECIPIENTS.map((r) => r.subjectId));
    expect(rows[3]).toMatchObject({ subject_id: "diana", status: "failed", skip_reason: "", error: 'Provider said "mailbox full", try later' });
    expect(rows[1]).toMatchObject({ status: "skipped", skip_reason: "collision:lower_priority" });
    expect(new Date(rows[0]?.updated_at ?? "").getTime()).not.toBeNaN();
  });

  it("applies the status and skip reason filters", async () => {
    const response = await call(csvUrl(`?status=skipped&skipReason=${encodeURIComponent("collision:lower_priority")}`), await bearer());
    const rows = parse(await response.text(), { columns: true }) as Record<string, string>[];
    expect(rows.map((row) => row.subject_id)).toEqual(["bob", "frank"]);
  });

  it("streams more rows than one cursor batch", async () => {
    const many: RecipientRow[] = Array.from({ length: 4500 }, (_, i) => ({ subjectId: `bulk-${i}`, email: `bulk-${i}@example.com`, status: "queued" }));
    await insertRecipients(t, runId, many);
    const response = await call(csvUrl("?status=queued"), await bearer());
    const rows = parse(await response.text(), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(4501);
    expect(rows.at(-1)?.subject_id).toBe("bulk-4499");
  });

  it("answers 401 without credentials and with a wrong key", async () => {
    const anonymous = await call(csvUrl());
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ code: "UNAUTHORIZED", message: "Sign in or send an API key (Authorization: Bearer <key>)." });
    expect((await call(csvUrl(), { authorization: "Bearer eo_wrong" })).status).toBe(401);
  });

  it("answers 404 for an unknown run and 400 for a bad filter, before streaming", async () => {
    const headers = await bearer();
    const missingRun = randomUUID();
    const notFound = await call(csvUrl(), headers, { id: sendId, runId: missingRun });
    expect(notFound.status).toBe(404);
    expect(await notFound.json()).toEqual({ code: "NOT_FOUND", message: `Run ${missingRun} was not found` });
    const bad = await call(csvUrl("?skipReason=bored"), headers);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/^skipReason: skipReason must be one of/);
    expect((await call(csvUrl(), headers, { id: "not-a-uuid", runId })).status).toBe(400);
  });

  it("masks emails for members when the workspace asks for it", async () => {
    await updateWorkspaceSettings(t.services.db, admin, { maskPiiForMembers: true });
    const stream = await exportRunRecipientsCsv(t.services, member, { singleSendId: sendId, runId, status: "sent" });
    expect(await new Response(stream).text()).toMatch(/^subject_id,email,status,skip_reason,error,updated_at\nalice,a\*\*\*@example\.com,sent,,,\d{4}-/);
  });

  it("releases its cursor when the client goes away mid-download", async () => {
    await insertRecipients(t, runId, Array.from({ length: 5000 }, (_, i) => ({ subjectId: `bulk-${i}`, email: `bulk-${i}@example.com`, status: "queued" as const })));
    const stream = await exportRunRecipientsCsv(t.services, admin, { singleSendId: sendId, runId });
    const reader = stream.getReader();
    await reader.read();
    await reader.read();
    await reader.cancel();
    // An open cursor holds a lock on the table; taking an exclusive lock without waiting proves it is gone.
    await t.services.db.transaction(async (tx) => {
      await tx.execute(sql`lock table single_send_recipients in access exclusive mode nowait`);
    });
  });
});

describe("trigger and run control over REST", () => {
  async function restPost<T>(path: string, actor: Actor | null = member): Promise<{ status: number; body: T }> {
    const request = new Request(`http://localhost/api/v1${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    const response = await t.rest(request, actor);
    return { status: response.status, body: (await response.json()) as T };
  }

  it("POST …/trigger creates a run once nothing is in progress, naming what blocks it otherwise", async () => {
    const blocked = await restPost<{ message: string }>(`/single-sends/${sendId}/trigger`);
    expect(blocked.status).toBe(409);
    expect(blocked.body.message).toContain(`already has a run in progress (${runId}, SENDING)`);

    await restPost(`/single-sends/${sendId}/runs/${runId}/cancel`);
    const triggered = await restPost<{ id: string; status: string; singleSendId: string; triggeredBy: string }>(`/single-sends/${sendId}/trigger`);
    expect(triggered.status).toBe(200);
    expect(triggered.body).toMatchObject({ status: "PENDING", singleSendId: sendId, triggeredBy: memberEmail });
    const runs = await restGet<{ items: { id: string }[] }>(`/single-sends/${sendId}/runs`);
    expect(runs.body.items[0]?.id).toBe(triggered.body.id);
  });

  it("POST …/pause, …/resume and …/cancel move the run, refusing a move its state does not allow", async () => {
    const paused = await restPost<{ status: string }>(`/single-sends/${sendId}/runs/${runId}/pause`);
    expect(paused).toEqual({ status: 200, body: expect.objectContaining({ status: "PAUSED" }) });
    const again = await restPost<{ message: string }>(`/single-sends/${sendId}/runs/${runId}/pause`);
    expect(again.status).toBe(412);
    expect(again.body.message).toContain("is PAUSED; only a run that is READY or SENDING can be paused");

    const resumed = await restPost<{ status: string }>(`/single-sends/${sendId}/runs/${runId}/resume`);
    expect(resumed.body.status).toBe("SENDING");

    const cancelled = await restPost<{ status: string }>(`/single-sends/${sendId}/runs/${runId}/cancel`);
    expect(cancelled.body.status).toBe("CANCELLED");
    const skipped = await restGet<RecipientPage>(`/single-sends/${sendId}/runs/${runId}/recipients?skipReason=cancelled`);
    expect(skipped.body.items.map((r) => r.subjectId)).toEqual(["erin"]);
    expect((await restPost(`/single-sends/${sendId}/runs/${olderRunId}/cancel`)).status).toBe(412);
  });
});
