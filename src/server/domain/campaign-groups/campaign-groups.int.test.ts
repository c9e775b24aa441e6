import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { asc, eq } from "drizzle-orm";
import {
  auditLog,
  campaignGroups,
  dataConnectors,
  emailConnectors,
  segments,
  senderProfiles,
  singleSendRecipients,
  singleSendRuns,
  singleSends,
  templates,
} from "@/server/db/schema";
import type { Actor } from "@/server/domain/auth/actor";
import type { RunStatus } from "@/server/domain/single-sends/run-types";
import { createTestUser } from "@/test/factories";
import { createTestEnvironment, type TestEnvironment } from "@/test/harness";
import { IN_PROGRESS_RUN_STATUSES, preventedByWindow } from "./campaign-groups";

let t: TestEnvironment;
let member: Actor;
let admin: Actor;

beforeAll(async () => {
  t = await createTestEnvironment();
});
afterAll(() => t.teardown());
beforeEach(async () => {
  await t.truncate();
  member = (await createTestUser(t.services, { role: "member" })).actor;
  admin = (await createTestUser(t.services, { role: "admin" })).actor;
});

const request = (method: string, path: string, body?: unknown, authorization?: string) => {
  const headers = new Headers();
  if (body !== undefined) headers.set("content-type", "application/json");
  if (authorization) headers.set("authorization", authorization);
  return new Request(`http://localhost/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
};

interface GroupBody {
  id: string;
  name: string;
  description: string;
  collisionWindow: number;
  collisionPolicy: string;
  memberCount: number;
  activeMemberCount: number;
  createdAt: string;
  updatedAt: string;
}

async function restJson<T>(method: string, path: string, body?: unknown, actor: Actor | null = member): Promise<{ status: number; body: T }> {
  const response = await t.rest(request(method, path, body), actor);
  return { status: response.status, body: (await response.json()) as T };
}

const groupCount = async () => (await t.services.db.select().from(campaignGroups)).length;
const auditActions = async () =>
  (
    await t.services.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.entityType, "campaign_group"))
      .orderBy(asc(auditLog.createdAt), asc(auditLog.id))
  ).map((row) => row.action);

/** The rows a single send needs (segment on a data connector, template, sender profile on an email connector). */
async function createSingleSendDependencies(): Promise<{ segmentId: string; templateId: string; senderProfileId: string }> {
  const db = t.services.db;
  const [dataConnector] = await db
    .insert(dataConnectors)
    .values({ name: "Warehouse", type: "POSTGRES", encryptedConfig: t.services.keyring.encryptJson({ connectionString: t.databaseUrl }) })
    .returning();
  const [segment] = await db
    .insert(segments)
    .values({ name: "Everyone", sqlQuery: "select subject_id, email from demo.customers", dataConnectorId: dataConnector!.id })
    .returning();
  const [template] = await db.insert(templates).values({ key: "activation", name: "Activation" }).returning();
  const [emailConnector] = await db
    .insert(emailConnectors)
    .values({ name: "Inbox", type: "DEV_INBOX", encryptedConfig: t.services.keyring.encryptJson({}) })
    .returning();
  const [profile] = await db.insert(senderProfiles).values({ name: "Acme", fromEmail: "hello@acme.test", emailConnectorId: emailConnector!.id }).returning();
  return { segmentId: segment!.id, templateId: template!.id, senderProfileId: profile!.id };
}

type Dependencies = Awaited<ReturnType<typeof createSingleSendDependencies>>;

async function insertSingleSend(
  deps: Dependencies,
  values: { name: string; campaignGroupId: string | null; priority?: number; status?: "ACTIVE" | "DRAFT" | "PAUSED" | "ARCHIVED" },
): Promise<string> {
  const [row] = await t.services.db
    .insert(singleSends)
    .values({ ...deps, name: values.name, campaignGroupId: values.campaignGroupId, priority: values.priority ?? 100, status: values.status ?? "ACTIVE" })
    .returning({ id: singleSends.id });
  return row!.id;
}

async function insertRun(singleSendId: string, values: { status: RunStatus; campaignGroupId: string | null; priority?: number; createdAt?: Date }): Promise<string> {
  const [row] = await t.services.db
    .insert(singleSendRuns)
    .values({
      singleSendId,
      status: values.status,
      campaignGroupId: values.campaignGroupId,
      priority: values.priority ?? 100,
      triggerId: randomUUID(),
      triggeredBy: "test",
      createdAt: values.createdAt ?? new Date(),
    })
    .returning({ id: singleSendRuns.id });
  return row!.id;
}

async function createGroup(name: string, extra: Record<string, unknown> = {}): Promise<GroupBody> {
  const { status, body } = await restJson<GroupBody>("POST", "/campaign-groups", { name, ...extra });
  expect(status).toBe(200);
  return body;
}

const memberPriorities = async (groupId: string) =>
  t.services.db
    .select({ name: singleSends.name, priority: singleSends.priority })
    .from(singleSends)
    .where(eq(singleSends.campaignGroupId, groupId))
    .orderBy(asc(singleSends.name));

describe("campaign groups over REST", () => {
  it("creates, lists, reads, updates and deletes a group at the documented paths, auditing each change", async () => {
    const created = await createGroup("Activation emails", { description: "Onboarding nudges", collisionWindow: 86_400, collisionPolicy: "FIRST_QUEUED_WINS" });
    expect(created).toMatchObject({
      name: "Activation emails",
      description: "Onboarding nudges",
      collisionWindow: 86_400,
      collisionPolicy: "FIRST_QUEUED_WINS",
      memberCount: 0,
      activeMemberCount: 0,
    });

    const defaults = await createGroup("Defaults");
    expect(defaults).toMatchObject({ description: "", collisionWindow: 86_400, collisionPolicy: "HIGHEST_PRIORITY_WINS" });

    const deps = await createSingleSendDependencies();
    await insertSingleSend(deps, { name: "Day 1", campaignGroupId: created.id });
    await insertSingleSend(deps, { name: "Day 2", campaignGroupId: created.id, status: "DRAFT" });
    await insertSingleSend(deps, { name: "Unrelated", campaignGroupId: null });

    const list = await restJson<GroupBody[]>("GET", "/campaign-groups");
    expect(list.status).toBe(200);
    expect(list.body.map((group) => [group.name, group.memberCount, group.activeMemberCount])).toEqual([
      ["Activation emails", 2, 1],
      ["Defaults", 0, 0],
    ]);

    const fetched = await restJson<GroupBody>("GET", `/campaign-groups/${created.id}`);
    expect(fetched.status).toBe(200);
    expect(fetched.body).toMatchObject({ id: created.id, memberCount: 2 });

    const patched = await restJson<GroupBody>("PATCH", `/campaign-groups/${created.id}`, { collisionWindow: 3600, collisionPolicy: "SEND_ALL" });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: "Activation emails", description: "Onboarding nudges", collisionWindow: 3600, collisionPolicy: "SEND_ALL" });

    const removed = await restJson<{ id: string }>("DELETE", `/campaign-groups/${defaults.id}`);
    expect(removed).toEqual({ status: 200, body: { id: defaults.id } });
    expect((await restJson("GET", `/campaign-groups/${defaults.id}`)).status).toBe(404);

    expect(await auditActions()).toEqual(["campaign-group.create", "campaign-group.create", "campaign-group.update", "campaign-group.delete"]);
    const [update] = await t.services.db.select().from(auditLog).where(eq(auditLog.action, "campaign-group.update"));
    expect(update?.before).toMatchObject({ collisionWindow: 86_400, collisionPolicy: "FIRST_QUEUED_WINS" });
    expect(update?.after).toMatchObject({ collisionWindow: 3600, collisionPolicy: "SEND_ALL" });
  });

  const windowMessage = "collisionWindow: Collision window must be a whole number of seconds between 60 (one minute) and 31,536,000 (one year)";
  it.each([
    ["an empty name", { name: "" }, "name: Name is required"],
    ["a name of 121 characters", { name: "x".repeat(121) }, "name: Name must be at most 120 characters"],
    ["a description of 2001 characters", { name: "Ok", description: "d".repeat(2001) }, "description: Description must be at most 2000 characters"],
    ["a 59-second window", { name: "Ok", collisionWindow: 59 }, windowMessage],
    ["a window over a year", { name: "Ok", collisionWindow: 31_536_001 }, windowMessage],
    ["a fractional window", { name: "Ok", collisionWindow: 90.5 }, windowMessage],
    ["a window given as text", { name: "Ok", collisionWindow: "1 day" }, windowMessage],
    ["an unknown policy", { name: "Ok", collisionPolicy: "LOUDEST_WINS" }, "collisionPolicy: Collision policy must be one of HIGHEST_PRIORITY_WINS, FIRST_QUEUED_WINS, SEND_ALL"],
  ])("rejects %s with a message naming the problem and creates nothing", async (_case, body, message) => {
    const response = await restJson<{ message: string }>("POST", "/campaign-groups", body);
    expect(response.status).toBe(400);
    expect(response.body.message).toBe(message);
    expect(await groupCount()).toBe(0);
    expect(await auditActions()).toEqual([]);
  });

  it("accepts the window's bounds exactly", async () => {
    expect((await createGroup("Shortest", { collisionWindow: 60 })).collisionWindow).toBe(60);
    expect((await createGroup("Longest", { collisionWindow: 31_536_000 })).collisionWindow).toBe(31_536_000);
  });

  it("rejects a bad update naming the field and changes nothing", async () => {
    const group = await createGroup("Weekly digest", { collisionWindow: 604_800 });
    const response = await restJson<{ message: string }>("PATCH", `/campaign-groups/${group.id}`, { name: "Renamed", collisionWindow: 30 });
    expect(response.status).toBe(400);
    expect(response.body.message).toContain("collisionWindow: Collision window must be a whole number of seconds between 60");
    expect((await restJson<GroupBody>("GET", `/campaign-groups/${group.id}`)).body).toMatchObject({ name: "Weekly digest", collisionWindow: 604_800 });
  });

  it("refuses a second group with the same name, on create and on rename, naming it", async () => {
    await createGroup("Activation emails");
    const other = await createGroup("Re-engagement");

    const duplicate = await restJson<{ message: string }>("POST", "/campaign-groups", { name: "  Activation emails " });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.message).toBe('A campaign group named "Activation emails" already exists; choose another name.');

    const rename = await restJson<{ message: string }>("PATCH", `/campaign-groups/${other.id}`, { name: "Activation emails" });
    expect(rename.status).toBe(409);
    expect(rename.body.message).toContain('"Activation emails" already exists');
    expect(await groupCount()).toBe(2);
    expect((await restJson<GroupBody>("GET", `/campaign-groups/${other.id}`)).body.name).toBe("Re-engagement");
  });

  it("answers 404 for a group that does not exist", async () => {
    const id = randomUUID();
    for (const [method, path, body] of [
      ["GET", `/campaign-groups/${id}`, undefined],
      ["PATCH", `/campaign-groups/${id}`, { name: "x" }],
      ["DELETE", `/campaign-groups/${id}`, undefined],
      ["GET", `/campaign-groups/${id}/members`, undefined],
      ["GET", `/campaign-groups/${id}/prevented`, undefined],
    ] as const) {
      const response = await restJson<{ message: string }>(method, path, body);
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(response.body.message).toBe(`Campaign group ${id} was not found`);
    }
  });

  it("answers 401 to anonymous callers on every campaign group route, and lets members and API keys in", async () => {
    const group = await createGroup("Activation emails");
    const routes: [string, string, unknown][] = [
      ["GET", "/campaign-groups", undefined],
      ["POST", "/campaign-groups", { name: "Anonymous" }],
      ["GET", `/campaign-groups/${group.id}`, undefined],
      ["PATCH", `/campaign-groups/${group.id}`, { name: "Anonymous" }],
      ["DELETE", `/campaign-groups/${group.id}`, undefined],
      ["POST", `/campaign-groups/${group.id}/trigger`, {}],
      ["GET", `/campaign-groups/${group.id}/members`, undefined],
      ["PUT", `/campaign-groups/${group.id}/members/order`, { singleSendIds: [] }],
      ["GET", `/campaign-groups/${group.id}/prevented`, undefined],
    ];
    for (const [method, path, body] of routes) {
      const response = await t.rest(request(method, path, body));
      expect(response.status, `${method} ${path}`).toBe(401);
    }
    expect(await groupCount()).toBe(1);
    expect((await restJson<GroupBody>("GET", `/campaign-groups/${group.id}`)).body.name).toBe("Activation emails");

    const { key } = await t.caller(admin).apiKeys.create({ name: "automation" });
    const withKey = await t.rest(request("GET", "/campaign-groups", undefined, `Bearer ${key}`));
    expect(withKey.status).toBe(200);
    await expect(t.caller(null).campaignGroups.list()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});

describe("deleting a campaign group", () => {
  it.each(IN_PROGRESS_RUN_STATUSES.map((status) => [status]))("is refused while a member has a %s run, naming the single send", async (status) => {
    const group = await createGroup("Activation emails");
    const deps = await createSingleSendDependencies();
    const busy = await insertSingleSend(deps, { name: "Day 1", campaignGroupId: group.id });
    await insertSingleSend(deps, { name: "Day 2", campaignGroupId: group.id });
    await insertRun(busy, { status, campaignGroupId: group.id });

    const response = await restJson<{ message: string }>("DELETE", `/campaign-groups/${group.id}`);
    expect(response.status).toBe(412);
    expect(response.body.message).toBe(
      'Campaign group "Activation emails" cannot be deleted while single send "Day 1" has a run in progress (pending, building, ready, sending or paused); wait for the run to finish or cancel it first.',
    );
    expect(await groupCount()).toBe(1);
    expect((await memberPriorities(group.id)).map((row) => row.name)).toEqual(["Day 1", "Day 2"]);
    expect(await auditActions()).toEqual(["campaign-group.create"]);
  });

  it("is refused while a run frozen with the group is in progress, even after its single send left the group", async () => {
    const group = await createGroup("Activation emails");
    const deps = await createSingleSendDependencies();
    const moved = await insertSingleSend(deps, { name: "Moved away", campaignGroupId: null });
    await insertRun(moved, { status: "SENDING", campaignGroupId: group.id });
    const response = await restJson<{ message: string }>("DELETE", `/campaign-groups/${group.id}`);
    expect(response.status).toBe(412);
    expect(response.body.message).toContain('single send "Moved away" has a run in progress');
    expect(await groupCount()).toBe(1);
  });

  it("detaches the members (kept, with no group) once their runs are finished, recording them in the audit entry", async () => {
    const group = await createGroup("Activation emails");
    const other = await createGroup("Newsletters");
    const deps = await createSingleSendDependencies();
    const first = await insertSingleSend(deps, { name: "Day 1", campaignGroupId: group.id, priority: 10 });
    const second = await insertSingleSend(deps, { name: "Day 2", campaignGroupId: group.id, priority: 20 });
    const elsewhere = await insertSingleSend(deps, { name: "Weekly", campaignGroupId: other.id });
    for (const status of ["COMPLETED", "FAILED", "CANCELLED"] as const) await insertRun(first, { status, campaignGroupId: group.id });
    await insertRun(elsewhere, { status: "SENDING", campaignGroupId: other.id });

    const response = await restJson<{ id: string }>("DELETE", `/campaign-groups/${group.id}`);
    expect(response.status).toBe(200);

    const rows = await t.services.db
      .select({ id: singleSends.id, campaignGroupId: singleSends.campaignGroupId, priority: singleSends.priority })
      .from(singleSends)
      .orderBy(asc(singleSends.name));
    expect(rows).toEqual([
      { id: first, campaignGroupId: null, priority: 10 },
      { id: second, campaignGroupId: null, priority: 20 },
      { id: elsewhere, campaignGroupId: other.id, priority: 100 },
    ]);
    const [entry] = await t.services.db.select().from(auditLog).where(eq(auditLog.action, "campaign-group.delete"));
    expect(entry?.entityId).toBe(group.id);
    expect(entry?.before).toMatchObject({
      name: "Activation emails",
      detachedSingleSends: expect.arrayContaining([
        { id: first, name: "Day 1" },
        { id: second, name: "Day 2" },
      ]),
    });
  });
});

describe("campaign group members", () => {
  it("lists members by priority then name, with segment, template and the newest run", async () => {
    const group = await createGroup("Activation emails");
    const deps = await createSingleSendDependencies();
    const low = await insertSingleSend(deps, { name: "Low", campaignGroupId: group.id, priority: 30 });
    const tieB = await insertSingleSend(deps, { name: "Tie B", campaignGroupId: group.id, priority: 20, status: "PAUSED" });
    const tieA = await insertSingleSend(deps, { name: "Tie A", campaignGroupId: group.id, priority: 20 });
    await insertSingleSend(deps, { name: "Not a member", campaignGroupId: null, priority: 1 });
    await insertRun(low, { status: "COMPLETED", campaignGroupId: group.id, createdAt: new Date("2025-01-01T10:00:00Z") });
    const newest = await insertRun(low, { status: "FAILED", campaignGroupId: group.id, createdAt: new Date("2025-01-02T10:00:00Z") });

    const members = await t.caller(member).campaignGroups.members({ id: group.id });
    expect(members.map((m) => [m.name, m.priority, m.status])).toEqual([
      ["Tie A", 20, "ACTIVE"],
      ["Tie B", 20, "PAUSED"],
      ["Low", 30, "ACTIVE"],
    ]);
    expect(members[0]).toMatchObject({ id: tieA, segmentName: "Everyone", templateName: "Activation", lastRunId: null, lastRunStatus: null, lastRunAt: null });
    expect(members[1]?.id).toBe(tieB);
    expect(members[2]).toMatchObject({ id: low, lastRunId: newest, lastRunStatus: "FAILED", lastRunAt: new Date("2025-01-02T10:00:00Z") });

    const rest = await restJson<{ name: string }[]>("GET", `/campaign-groups/${group.id}/members`);
    expect(rest.status).toBe(200);
    expect(rest.body.map((m) => m.name)).toEqual(["Tie A", "Tie B", "Low"]);
  });

  it("reorders to priorities 10, 20, 30 in the given order, audited", async () => {
    const group = await createGroup("Activation emails");
    const deps = await createSingleSendDependencies();
    const a = await insertSingleSend(deps, { name: "A", campaignGroupId: group.id, priority: 1 });
    const b = await insertSingleSend(deps, { name: "B", campaignGroupId: group.id, priority: 2 });
    const c = await insertSingleSend(deps, { name: "C", campaignGroupId: group.id, priority: 3 });

    const response = await restJson<{ id: string; priority: number }[]>("PUT", `/campaign-groups/${group.id}/members/order`, { singleSendIds: [c, a, b] });
    expect(response.status).toBe(200);
    expect(response.body.map((m) => [m.id, m.priority])).toEqual([
      [c, 10],
      [a, 20],
      [b, 30],
    ]);
    expect(await memberPriorities(group.id)).toEqual([
      { name: "A", priority: 20 },
      { name: "B", priority: 30 },
      { name: "C", priority: 10 },
    ]);
    const [entry] = await t.services.db.select().from(auditLog).where(eq(auditLog.action, "campaign-group.reorder"));
    expect(entry?.before).toEqual([
      { id: a, name: "A", priority: 1 },
      { id: b, name: "B", priority: 2 },
      { id: c, name: "C", priority: 3 },
    ]);
    expect(entry?.after).toEqual([
      { id: c, name: "C", priority: 10 },
      { id: a, name: "A", priority: 20 },
      { id: b, name: "B", priority: 30 },
    ]);
  });

  it("rejects a list that is not exactly the current members, naming the extra and missing ids, and changes nothing", async () => {
    const group = await createGroup("Activation emails");
    const other = await createGroup("Newsletters");
    const deps = await createSingleSendDependencies();
    const a = await insertSingleSend(deps, { name: "A", campaignGroupId: group.id, priority: 5 });
    const b = await insertSingleSend(deps, { name: "B", campaignGroupId: group.id, priority: 7 });
    const outsider = await insertSingleSend(deps, { name: "Outsider", campaignGroupId: other.id, priority: 1 });
    const unknown = randomUUID();
    const path = `/campaign-groups/${group.id}/members/order`;

    const wrongSet = await restJson<{ message: string }>("PUT", path, { singleSendIds: [outsider, a, unknown] });
    expect(wrongSet.status).toBe(400);
    expect(wrongSet.body.message).toBe(
      `singleSendIds must list exactly the group's current members in their new order; not members of this group: ${outsider}, ${unknown}; members missing from the list: ${b} ("B"). Reload the members and try again.`,
    );

    const missingOnly = await restJson<{ message: string }>("PUT", path, { singleSendIds: [b] });
    expect(missingOnly.status).toBe(400);
    expect(missingOnly.body.message).toContain(`members missing from the list: ${a} ("A")`);
    expect(missingOnly.body.message).not.toContain("not members of this group");

    const repeated = await restJson<{ message: string }>("PUT", path, { singleSendIds: [a, b, a] });
    expect(repeated.status).toBe(400);
    expect(repeated.body.message).toBe(`singleSendIds: ${a} is listed more than once; list each member once.`);

    const notUuid = await restJson<{ message: string }>("PUT", path, { singleSendIds: ["abc"] });
    expect(notUuid.status).toBe(400);
    expect(notUuid.body.message).toBe("singleSendIds.0: singleSendIds must contain single send ids (UUIDs)");

    expect(await memberPriorities(group.id)).toEqual([
      { name: "A", priority: 5 },
      { name: "B", priority: 7 },
    ]);
    const [outsiderRow] = await t.services.db.select().from(singleSends).where(eq(singleSends.id, outsider));
    expect(outsiderRow).toMatchObject({ campaignGroupId: other.id, priority: 1 });
    expect(await auditActions()).not.toContain("campaign-group.reorder");
  });
});

describe("emails prevented per collision window", () => {
  const HOUR = 3600 * 1000;

  async function insertRecipients(runId: string, rows: { status: "skipped" | "queued" | "sent"; skipReason?: string; updatedAt: Date }[]): Promise<void> {
    await t.services.db.insert(singleSendRecipients).values(
      rows.map((row, index) => ({
        runId,
        subjectId: `subject-${randomUUID()}-${index}`,
        email: `person${index}@example.test`,
        status: row.status,
        skipReason: row.skipReason ?? null,
        updatedAt: row.updatedAt,
      })),
    );
  }

  it("counts collision skips of the group's runs per window and per reason, ignoring other skips, statuses and groups", async () => {
    const group = await createGroup("Activation emails", { collisionWindow: 3600 });
    const other = await createGroup("Newsletters", { collisionWindow: 3600 });
    const deps = await createSingleSendDependencies();
    const first = await insertSingleSend(deps, { name: "Day 1", campaignGroupId: group.id });
    const movedAway = await insertSingleSend(deps, { name: "Moved away", campaignGroupId: null });
    const weekly = await insertSingleSend(deps, { name: "Weekly", campaignGroupId: other.id });
    const run = await insertRun(first, { status: "COMPLETED", campaignGroupId: group.id });
    const frozenRun = await insertRun(movedAway, { status: "COMPLETED", campaignGroupId: group.id });
    const otherRun = await insertRun(weekly, { status: "COMPLETED", campaignGroupId: other.id });

    const now = new Date("2025-06-01T12:00:00Z");
    const ago = (hours: number) => new Date(now.getTime() - hours * HOUR);
    await insertRecipients(run, [
      // newest window (index 13): 2 already_sent + 1 lower_priority
      { status: "skipped", skipReason: "collision:already_sent", updatedAt: ago(0.25) },
      { status: "skipped", skipReason: "collision:already_sent", updatedAt: ago(0.75) },
      { status: "skipped", skipReason: "collision:lower_priority", updatedAt: ago(0.5) },
      // window 12
      { status: "skipped", skipReason: "collision:already_queued", updatedAt: ago(1.5) },
      // oldest window (index 0), just inside its start
      { status: "skipped", skipReason: "collision:lower_priority", updatedAt: new Date(ago(14).getTime() + 1) },
      // before the oldest window and after now: outside
      { status: "skipped", skipReason: "collision:lower_priority", updatedAt: ago(14.01) },
      { status: "skipped", skipReason: "collision:lower_priority", updatedAt: new Date(now.getTime() + 1) },
      // not collisions
      { status: "skipped", skipReason: "suppression:unsubscribe", updatedAt: ago(0.5) },
      { status: "skipped", skipReason: "duplicate", updatedAt: ago(0.5) },
      { status: "sent", updatedAt: ago(0.5) },
      { status: "queued", updatedAt: ago(0.5) },
    ]);
    await insertRecipients(frozenRun, [{ status: "skipped", skipReason: "collision:already_sent", updatedAt: ago(1.25) }]);
    await insertRecipients(otherRun, [{ status: "skipped", skipReason: "collision:already_sent", updatedAt: ago(0.5) }]);

    const prevented = await preventedByWindow(t.services.db, group.id, { now });
    expect(prevented.windowSeconds).toBe(3600);
    expect(prevented.windows).toHaveLength(14);
    expect(prevented.windows[0]?.startsAt).toEqual(ago(14));
    expect(prevented.windows[13]?.endsAt).toEqual(now);
    expect(prevented.windows.map((window) => window.total)).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 3]);
    expect(prevented.windows[13]?.byReason).toEqual({ "collision:already_sent": 2, "collision:lower_priority": 1, "collision:already_queued": 0 });
    expect(prevented.windows[12]?.byReason).toEqual({ "collision:already_sent": 1, "collision:lower_priority": 0, "collision:already_queued": 1 });
    expect(prevented.byReason).toEqual({ "collision:already_sent": 3, "collision:lower_priority": 2, "collision:already_queued": 1 });
    expect(prevented.total).toBe(6);

    const fewer = await preventedByWindow(t.services.db, group.id, { now, windows: 2 });
    expect(fewer.windows.map((window) => window.total)).toEqual([2, 3]);
    expect(fewer.total).toBe(5);
  });

  it("serves GET /campaign-groups/{id}/prevented with an optional windows count", async () => {
    const group = await createGroup("Activation emails", { collisionWindow: 86_400 });
    const deps = await createSingleSendDependencies();
    const send = await insertSingleSend(deps, { name: "Day 1", campaignGroupId: group.id });
    const run = await insertRun(send, { status: "COMPLETED", campaignGroupId: group.id });
    await insertRecipients(run, [
      { status: "skipped", skipReason: "collision:lower_priority", updatedAt: new Date(Date.now() - 2 * 3600 * 1000) },
      { status: "skipped", skipReason: "collision:lower_priority", updatedAt: new Date(Date.now() - 30 * 3600 * 1000) },
    ]);

    const response = await restJson<{ windows: { total: number; startsAt: string }[]; total: number }>("GET", `/campaign-groups/${group.id}/prevented?windows=3`);
    expect(response.status).toBe(200);
    expect(response.body.windows.map((window) => window.total)).toEqual([0, 1, 1]);
    expect(response.body.total).toBe(2);

    const byDefault = await restJson<{ windows: unknown[] }>("GET", `/campaign-groups/${group.id}/prevented`);
    expect(byDefault.body.windows).toHaveLength(14);

    const bad = await restJson<{ message: string }>("GET", `/campaign-groups/${group.id}/prevented?windows=0`);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe("windows: windows must be at least 1");
  });
});
