import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditLog, suppressions } from "@/server/db/schema";
import type { Actor } from "@/server/domain/auth/actor";
import { apiError } from "@/test/api-error";
import { createTestUser } from "@/test/factories";
import { createTestEnvironment, type TestEnvironment } from "@/test/harness";
import type { SuppressionReason } from "./suppressions";

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

/** Rows one minute apart, the first the oldest; returns their ids in the given order. */
async function seed(rows: { email: string; reason: SuppressionReason; note?: string }[]): Promise<string[]> {
  const start = Date.UTC(2030, 0, 1);
  const inserted = await t.services.db
    .insert(suppressions)
    .values(
      rows.map((row, i) => ({
        email: row.email,
        emailNormalized: row.email.toLowerCase(),
        reason: row.reason,
        source: "seed",
        note: row.note ?? null,
        createdAt: new Date(start + i * 60_000),
      })),
    )
    .returning({ id: suppressions.id });
  return inserted.map((row) => row.id);
}

const allEmails = async () => (await t.services.db.select({ email: suppressions.emailNormalized }).from(suppressions)).map((r) => r.email).sort();
const suppressionAuditActions = async () =>
  (await t.services.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entityType, "suppression"))).map((r) => r.action);

function rest(actor: Actor | null, method: string, path: string, body?: unknown): Promise<Response> {
  const req = new Request(`http://localhost/api/v1${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return t.rest(req, actor);
}

describe("listing suppressions", () => {
  it("pages newest first with a total", async () => {
    const ids = await seed(["a@x.io", "b@x.io", "c@x.io", "d@x.io", "e@x.io"].map((email) => ({ email, reason: "manual" as const })));
    const api = t.caller(member).suppressions;
    const first = await api.list({ pageSize: 2 });
    expect(first).toMatchObject({ total: 5, page: 1, pageSize: 2, masked: false });
    expect(first.items.map((s) => s.id)).toEqual([ids[4], ids[3]]);
    expect((await api.list({ pageSize: 2, page: 3 })).items.map((s) => s.id)).toEqual([ids[0]]);
    expect((await api.list({ pageSize: 2, page: 9 })).items).toEqual([]);
    expect((await api.list()).pageSize).toBe(25);
  });

  it("searches the address case-insensitively as a substring (% and _ literal) and filters by reason", async () => {
    await seed([
      { email: "alice@example.com", reason: "bounce" },
      { email: "Alice.Smith@Other.test", reason: "unsubscribe" },
      { email: "bob@example.com", reason: "bounce" },
      { email: "al_ice@x.io", reason: "manual" },
    ]);
    const api = t.caller(member).suppressions;
    expect((await api.list({ search: "ALICE" })).items.map((s) => s.email)).toEqual(["Alice.Smith@Other.test", "alice@example.com"]);
    expect((await api.list({ search: "l_i" })).items.map((s) => s.email)).toEqual(["al_ice@x.io"]);
    expect((await api.list({ search: "%" })).total).toBe(0);
    const bounces = await api.list({ reason: "bounce" });
    expect(bounces.total).toBe(2);
    expect(bounces.items.map((s) => s.email)).toEqual(["bob@example.com", "alice@example.com"]);
    expect((await api.list({ search: "example.com", reason: "bounce", pageSize: 1 })).total).toBe(2);
    expect((await api.list({ search: "  " })).total).toBe(4);
  });

  it("refuses a bad reason or page with a message naming the field", async () => {
    const api = t.caller(member).suppressions;
    expect(await apiError(api.list({ reason: "spam" as SuppressionReason }))).toEqual({
      code: "BAD_REQUEST",
      message: "reason: reason must be one of bounce, complaint, unsubscribe, manual",
    });
    expect((await apiError(api.list({ pageSize: 101 }))).message).toBe("pageSize: pageSize must be at most 100");
    expect((await apiError(api.list({ page: 0 }))).message).toBe("page: page must be 1 or more");
  });

  it("masks addresses for members when the workspace masks personal data, never for admins", async () => {
    await seed([{ email: "alice@example.com", reason: "manual" }]);
    await t.caller(admin).settings.update({ maskPiiForMembers: true });
    const forMember = await t.caller(member).suppressions.list();
    expect(forMember.masked).toBe(true);
    expect(forMember.items[0]).toMatchObject({ email: "a***@example.com", emailNormalized: "a***@example.com" });
    expect((await t.caller(admin).suppressions.list()).items[0]?.email).toBe("alice@example.com");
  });
});

describe("adding a suppression", () => {
  it("lets a member add an address, normalised, with reason manual by default, and audits it", async () => {
    const added = await t.caller(member).suppressions.add({ email: "  Dave@Example.COM ", note: "  asked by phone " });
    expect(added).toMatchObject({ email: "Dave@Example.COM", emailNormalized: "dave@example.com", reason: "manual", source: "manual", note: "asked by phone" });
    const withReason = await t.caller(member).suppressions.add({ email: "erin@example.com", reason: "complaint", note: "" });
    expect(withReason).toMatchObject({ reason: "complaint", note: null });
    const [entry] = await t.services.db.select().from(auditLog).where(eq(auditLog.entityId, added.id));
    expect(entry).toMatchObject({ action: "suppression.create", actorId: member.id, after: { emailNormalized: "dave@example.com" } });
  });

  it("refuses an address already suppressed, naming it and its existing reason, and changes nothing", async () => {
    await seed([{ email: "frank@example.com", reason: "bounce", note: "hard bounce" }]);
    expect(await apiError(t.caller(member).suppressions.add({ email: "FRANK@example.com ", reason: "manual" }))).toEqual({
      code: "CONFLICT",
      message: "frank@example.com is already suppressed (reason: bounce)",
    });
    expect(await t.services.db.select({ reason: suppressions.reason, note: suppressions.note }).from(suppressions)).toEqual([
      { reason: "bounce", note: "hard bounce" },
    ]);
    expect(await suppressionAuditActions()).toEqual([]);
  });

  it.each([
    ["an address without @", { email: "not-an-email" }, 'email: "not-an-email" must contain exactly one @ (found 0)'],
    ["an address with a space", { email: "a b@example.com" }, 'email: "a b@example.com" contains a space'],
    ["an empty address", { email: "" }, "email: email is required"],
    ["an address over 254 characters", { email: `${"a".repeat(250)}@example.com` }, "email: email must be at most 254 characters"],
    ["an unknown reason", { email: "ok@example.com", reason: "spam" }, "reason: reason must be one of bounce, complaint, unsubscribe, manual"],
    ["a note over 1000 characters", { email: "ok@example.com", note: "n".repeat(1001) }, "note: note must be at most 1000 characters"],
  ])("refuses %s", async (_label, input, message) => {
    expect(await apiError(t.caller(member).suppressions.add(input as { email: string }))).toEqual({ code: "BAD_REQUEST", message });
    expect(await allEmails()).toEqual([]);
  });
});

describe("removing a suppression", () => {
  it("is for admins only; the audit entry keeps the removed row", async () => {
    const [id] = await seed([{ email: "gina@example.com", reason: "unsubscribe", note: "from the footer link" }]);
    expect((await apiError(t.caller(member).suppressions.delete({ id: id! }))).code).toBe("FORBIDDEN");
    expect(await allEmails()).toEqual(["gina@example.com"]);

    expect(await t.caller(admin).suppressions.delete({ id: id! })).toEqual({ id });
    expect(await allEmails()).toEqual([]);
    const [entry] = await t.services.db.select().from(auditLog).where(eq(auditLog.action, "suppression.delete"));
    expect(entry).toMatchObject({
      actorId: admin.id,
      entityType: "suppression",
      entityId: id,
      before: { email: "gina@example.com", reason: "unsubscribe", source: "seed", note: "from the footer link" },
      after: null,
    });
    expect(await apiError(t.caller(admin).suppressions.delete({ id: id! }))).toEqual({ code: "NOT_FOUND", message: `Suppression ${id} was not found` });
  });
});

describe("importing a CSV", () => {
  it("adds new addresses, skips and counts the ones already suppressed without overwriting them, and audits once", async () => {
    await seed([{ email: "old@example.com", reason: "bounce", note: "kept" }]);
    const csv = "email,reason,note\nnew1@example.com,unsubscribe,from the old ESP\nOLD@example.com,manual,overwritten?\nnew2@example.com,,\nnew1@example.com,manual,\n";
    expect(await t.caller(member).suppressions.import({ csv })).toEqual({ added: 2, alreadySuppressed: 1, duplicatesInFile: 1 });

    const rows = await t.services.db.select().from(suppressions);
    const byEmail = Object.fromEntries(rows.map((r) => [r.emailNormalized, r]));
    expect(byEmail["old@example.com"]).toMatchObject({ reason: "bounce", note: "kept", source: "seed" });
    expect(byEmail["new1@example.com"]).toMatchObject({ reason: "unsubscribe", note: "from the old ESP", source: "csv-import" });
    expect(byEmail["new2@example.com"]).toMatchObject({ reason: "manual", note: null });
    const entries = await t.services.db.select().from(auditLog).where(eq(auditLog.action, "suppression.import"));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actorId: member.id, after: { added: 2, alreadySuppressed: 1, duplicatesInFile: 1, rows: 3 } });
  });

  it("imports nothing when a single line is bad, and says which line", async () => {
    const csv = "email,reason\ngood1@example.com,manual\ngood2@example.com,bounce\nbroken-address,manual\n";
    expect(await apiError(t.caller(member).suppressions.import({ csv }))).toEqual({
      code: "BAD_REQUEST",
      message: 'Nothing was imported: the CSV has 1 problem. line 4: "broken-address" must contain exactly one @ (found 0)',
    });
    expect(await allEmails()).toEqual([]);
    expect(await suppressionAuditActions()).toEqual([]);
  });

  it("imports 100,000 rows in one go", { timeout: 60_000 }, async () => {
    const csv = ["email", ...Array.from({ length: 100_000 }, (_, i) => `user${i}@bulk.example`)].join("\n");
    expect(await t.caller(member).suppressions.import({ csv })).toEqual({ added: 100_000, alreadySuppressed: 0, duplicatesInFile: 0 });
    expect((await t.caller(member).suppressions.list({ search: "@bulk.example", pageSize: 1 })).total).toBe(100_000);
  });

  it("refuses a file with a header but no addresses", async () => {
    expect(await apiError(t.caller(member).suppressions.import({ csv: "email,reason\n\n" }))).toEqual({
      code: "BAD_REQUEST",
      message: "The CSV has a header but no addresses; nothing was imported.",
    });
  });
});

describe("REST /api/v1/suppressions", () => {
  it("lists with search, reason, page and pageSize from the query string", async () => {
    await seed([
      { email: "h1@example.com", reason: "bounce" },
      { email: "h2@example.com", reason: "bounce" },
      { email: "h3@example.com", reason: "manual" },
    ]);
    const res = await rest(member, "GET", "/suppressions?search=H&reason=bounce&page=2&pageSize=1");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: Record<string, unknown>[]; total: number; page: number; pageSize: number };
    expect(body).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(body.items.map((i) => i.email)).toEqual(["h1@example.com"]);
    expect(Object.keys(body.items[0] ?? {}).sort()).toEqual(["createdAt", "email", "emailNormalized", "id", "note", "reason", "source"]);
    expect((await rest(member, "GET", "/suppressions?reason=spam")).status).toBe(400);
  });

  it("adds (409 on a duplicate), imports and deletes (admins only)", async () => {
    const created = await rest(member, "POST", "/suppressions", { email: "Ivan@Example.com", note: "via API" });
    expect(created.status).toBe(200);
    const row = (await created.json()) as { id: string; emailNormalized: string; reason: string };
    expect(row).toMatchObject({ emailNormalized: "ivan@example.com", reason: "manual" });

    const duplicate = await rest(member, "POST", "/suppressions", { email: "ivan@example.com" });
    expect(duplicate.status).toBe(409);
    expect(await duplicate.json()).toMatchObject({ message: "ivan@example.com is already suppressed (reason: manual)" });

    const imported = await rest(member, "POST", "/suppressions/import", { csv: "email\nivan@example.com\njudy@example.com\n" });
    expect(await imported.json()).toEqual({ added: 1, alreadySuppressed: 1, duplicatesInFile: 0 });
    const badImport = await rest(member, "POST", "/suppressions/import", { csv: "email\njudy@@example.com\n" });
    expect(badImport.status).toBe(400);
    expect(await badImport.json()).toMatchObject({ message: expect.stringContaining("line 2:") as unknown });

    expect((await rest(member, "DELETE", `/suppressions/${row.id}`)).status).toBe(403);
    const removed = await rest(admin, "DELETE", `/suppressions/${row.id}`);
    expect(await removed.json()).toEqual({ id: row.id });
    expect(await allEmails()).toEqual(["judy@example.com"]);
  });

  it("answers 401 to every suppressions operation without credentials", async () => {
    const [id] = await seed([{ email: "kim@example.com", reason: "manual" }]);
    const attempts = [
      rest(null, "GET", "/suppressions"),
      rest(null, "POST", "/suppressions", { email: "x@example.com" }),
      rest(null, "POST", "/suppressions/import", { csv: "email\nx@example.com" }),
      rest(null, "DELETE", `/suppressions/${id}`),
    ];
    expect((await Promise.all(attempts)).map((r) => r.status)).toEqual([401, 401, 401, 401]);
    expect(await allEmails()).toEqual(["kim@example.com"]);
  });
});
