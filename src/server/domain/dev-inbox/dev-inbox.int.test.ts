import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { auditLog, devInboxMessages } from "@/server/db/schema";
import type { Actor } from "@/server/domain/auth/actor";
import { apiError } from "@/test/api-error";
import { createTestEnvironment, type TestEnvironment } from "@/test/harness";
import { createTestUser } from "@/test/factories";

let t: TestEnvironment;
let admin: Actor;
let member: Actor;
beforeAll(async () => {
  t = await createTestEnvironment();
});
afterAll(() => t.teardown());
beforeEach(async () => {
  await t.truncate();
  admin = (await createTestUser(t.services)).actor;
  member = (await createTestUser(t.services, { role: "member" })).actor;
});

/** Inserts messages one minute apart, the first being the oldest, and returns their ids in insertion order. */
async function seed(recipients: string[]): Promise<string[]> {
  const start = Date.UTC(2030, 0, 1);
  const rows = await t.services.db
    .insert(devInboxMessages)
    .values(
      recipients.map((to, i) => ({
        to,
        from: "news@acme.test",
        subject: `Message ${i}`,
        html: `<p>Message ${i}</p>`,
        text: `Message ${i}`,
        headers: { "X-Index": String(i) },
        createdAt: new Date(start + i * 60_000),
      })),
    )
    .returning({ id: devInboxMessages.id });
  return rows.map((r) => r.id);
}

describe("dev inbox", () => {
  it("lists newest first with offset pagination and a total", async () => {
    const ids = await seed(["a@x.test", "b@x.test", "c@x.test", "d@x.test", "e@x.test"]);
    const api = t.caller(member).devInbox;
    const first = await api.list({ limit: 2 });
    expect(first).toMatchObject({ total: 5, limit: 2, offset: 0 });
    expect(first.messages.map((m) => m.id)).toEqual([ids[4], ids[3]]);
    const last = await api.list({ limit: 2, offset: 4 });
    expect(last.messages.map((m) => m.id)).toEqual([ids[0]]);
    expect((await api.list({ limit: 2, offset: 10 })).messages).toEqual([]);
    expect((await api.list()).limit).toBe(25);
  });

  it("filters by recipient as a case-insensitive substring, treating % and _ literally", async () => {
    const ids = await seed(["Alice@Example.com", "bob@example.com", "alice.smith@other.test", "al_ice@x.test", "100%@x.test"]);
    const api = t.caller(member).devInbox;
    const alice = await api.list({ to: "ALICE" });
    expect(alice.total).toBe(2);
    expect(alice.messages.map((m) => m.to)).toEqual(["alice.smith@other.test", "Alice@Example.com"]);
    expect((await api.list({ to: "alice@example.com" })).messages.map((m) => m.id)).toEqual([ids[0]]);
    expect((await api.list({ to: "l_i" })).messages.map((m) => m.to)).toEqual(["al_ice@x.test"]);
    expect((await api.list({ to: "%" })).messages.map((m) => m.to)).toEqual(["100%@x.test"]);
    expect((await api.list({ to: "nobody" })).total).toBe(0);
  });

  it("rejects a limit above 100 or a negative offset", async () => {
    const api = t.caller(member).devInbox;
    expect(await apiError(api.list({ limit: 101 }))).toEqual({ code: "BAD_REQUEST", message: "limit: limit must be at most 100" });
    expect((await apiError(api.list({ offset: -1 }))).message).toBe("offset: offset must be 0 or more");
  });

  it("gets one message with all its fields", async () => {
    const [id] = await seed(["a@x.test"]);
    const message = await t.caller(member).devInbox.get({ id: id ?? "" });
    expect(message).toMatchObject({ to: "a@x.test", from: "news@acme.test", subject: "Message 0", html: "<p>Message 0</p>", text: "Message 0", headers: { "X-Index": "0" } });
    expect((await apiError(t.caller(member).devInbox.get({ id: "00000000-0000-4000-8000-000000000000" }))).code).toBe("NOT_FOUND");
  });

  it("lets only admins clear the inbox, and audits it", async () => {
    await seed(["a@x.test", "b@x.test"]);
    expect((await apiError(t.caller(member).devInbox.clear())).code).toBe("FORBIDDEN");
    expect(await t.services.db.select().from(devInboxMessages)).toHaveLength(2);
    expect(await t.caller(admin).devInbox.clear()).toEqual({ deleted: 2 });
    expect(await t.services.db.select().from(devInboxMessages)).toHaveLength(0);
    const [entry] = await t.services.db.select().from(auditLog).where(eq(auditLog.action, "dev-inbox.clear"));
    expect(entry).toMatchObject({ entityType: "dev_inbox", after: { deleted: 2 }, actorId: admin.id });
  });

  it("serves GET /api/v1/dev-inbox?to= and DELETE /api/v1/dev-inbox over REST", async () => {
    await seed(["carol@x.test", "dave@x.test", "carol@y.test"]);
    const call = (method: string, path: string, actor: Actor | null = member) =>
      t.rest(new Request(`http://localhost/api/v1${path}`, { method }), actor);
    const response = await call("GET", "/dev-inbox?to=carol&limit=1");
    expect(response.status).toBe(200);
    const body = (await response.json()) as { messages: Record<string, unknown>[]; total: number; limit: number; offset: number };
    expect(body).toMatchObject({ total: 2, limit: 1, offset: 0 });
    expect(body.messages).toHaveLength(1);
    expect(Object.keys(body.messages[0] ?? {}).sort()).toEqual(["createdAt", "emailConnectorId", "from", "headers", "html", "id", "subject", "text", "to"]);
    expect(body.messages[0]).toMatchObject({ to: "carol@y.test", from: "news@acme.test", subject: "Message 2", headers: { "X-Index": "2" } });

    const one = await call("GET", `/dev-inbox/${String(body.messages[0]?.id)}`);
    expect(await one.json()).toMatchObject({ to: "carol@y.test", text: "Message 2" });

    expect((await call("GET", "/dev-inbox?limit=500")).status).toBe(400);
    expect((await call("DELETE", "/dev-inbox")).status).toBe(403);
    expect(await (await call("DELETE", "/dev-inbox", admin)).json()).toEqual({ deleted: 3 });
  });
});
