import { parse } from "csv-parse/sync";
import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { suppressions } from "@/server/db/schema";
import { actorFromAuthorizationHeader } from "@/server/domain/api-keys/api-keys";
import type { Actor } from "@/server/domain/auth/actor";
import { createTestUser } from "@/test/factories";
import { createTestEnvironment, type TestEnvironment } from "@/test/harness";
import { handleSuppressionsExport } from "./export-handler";

let t: TestEnvironment;
let admin: Actor;
let adminKey: string;
beforeAll(async () => {
  t = await createTestEnvironment();
});
afterAll(() => t.teardown());
beforeEach(async () => {
  await t.truncate();
  admin = (await createTestUser(t.services)).actor;
  adminKey = (await t.caller(admin).apiKeys.create({ name: "export test" })).key;
});

/** Authenticates by the Authorization header exactly as the route does for API keys. */
function exportRequest(query = "", authorization: string | null = `Bearer ${adminKey}`, resolveActor?: (headers: Headers) => Promise<Actor | null>) {
  const headers = new Headers();
  if (authorization) headers.set("authorization", authorization);
  return handleSuppressionsExport(
    {
      db: t.services.db,
      sql: t.services.sql,
      log: pino({ level: "silent" }),
      resolveActor:
        resolveActor ?? (async (h) => (h.get("authorization") ? actorFromAuthorizationHeader(t.services.db, h.get("authorization") ?? "") : null)),
    },
    new Request(`http://localhost/api/v1/suppressions/export${query}`, { headers }),
  );
}

async function seed(rows: { email: string; reason: "bounce" | "complaint" | "unsubscribe" | "manual"; source?: string; note?: string | null }[]) {
  const start = Date.UTC(2030, 0, 1, 12);
  await t.services.db.insert(suppressions).values(
    rows.map((row, i) => ({
      email: row.email,
      emailNormalized: row.email.toLowerCase(),
      reason: row.reason,
      source: row.source ?? "manual",
      note: row.note ?? null,
      createdAt: new Date(start + i * 1000),
    })),
  );
}

describe("GET /api/v1/suppressions/export", () => {
  it("streams every suppression as CSV, newest first, quoting and neutralising what needs it", async () => {
    await seed([
      { email: "Alice@Example.com", reason: "bounce", source: "webhook:ses", note: "hard bounce, mailbox gone" },
      { email: "bob@example.com", reason: "unsubscribe", source: "unsubscribe-link", note: 'said "stop"' },
      { email: "carol@example.com", reason: "manual", note: "=HYPERLINK(\"http://evil\")" },
    ]);
    const res = await exportRequest();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="suppressions-\d{4}-\d{2}-\d{2}\.csv"$/);
    const text = await res.text();
    expect(text.split("\n")[0]).toBe("email,reason,source,note,created_at");
    expect(parse(text, { columns: true })).toEqual([
      { email: "carol@example.com", reason: "manual", source: "manual", note: "'=HYPERLINK(\"http://evil\")", created_at: "2030-01-01T12:00:02.000Z" },
      { email: "bob@example.com", reason: "unsubscribe", source: "unsubscribe-link", note: 'said "stop"', created_at: "2030-01-01T12:00:01.000Z" },
      { email: "Alice@Example.com", reason: "bounce", source: "webhook:ses", note: "hard bounce, mailbox gone", created_at: "2030-01-01T12:00:00.000Z" },
    ]);
  });

  it("applies the list's search and reason filters", async () => {
    await seed([
      { email: "a1@example.com", reason: "bounce" },
      { email: "a2@other.test", reason: "bounce" },
      { email: "a3@example.com", reason: "manual" },
    ]);
    const rows = parse(await (await exportRequest("?search=EXAMPLE&reason=bounce")).text(), { columns: true }) as { email: string }[];
    expect(rows.map((r) => r.email)).toEqual(["a1@example.com"]);
    const all = parse(await (await exportRequest("?search=&reason=")).text(), { columns: true }) as unknown[];
    expect(all).toHaveLength(3);
  });

  it("reads large lists through the cursor, in more than one batch", { timeout: 60_000 }, async () => {
    const count = 5_500;
    await t.services.sql`insert into suppressions (email, email_normalized, reason) select 'u' || i || '@bulk.example', 'u' || i || '@bulk.example', 'manual' from generate_series(1, ${count}) as i`;
    const text = await (await exportRequest()).text();
    const rows = parse(text, { columns: true }) as { email: string }[];
    expect(rows).toHaveLength(count);
    expect(new Set(rows.map((r) => r.email)).size).toBe(count);
  });

  it("gives the database connection back when the client stops reading half-way", { timeout: 20_000 }, async () => {
    await t.services.sql`insert into suppressions (email, email_normalized, reason) select 'u' || i || '@bulk.example', 'u' || i || '@bulk.example', 'manual' from generate_series(1, 5000) as i`;
    // More abandoned downloads than the pool (5) has connections: a cursor left open would hold one each and stall.
    for (let i = 0; i < 8; i += 1) {
      const reader = (await exportRequest()).body?.getReader();
      await reader?.read();
      await reader?.read();
      await reader?.cancel();
    }
    const [row] = await t.services.sql<{ n: number }[]>`select count(*)::int as n from suppressions`;
    expect(row?.n).toBe(5000);
  });

  it("imports back exactly what it exported", async () => {
    await seed([
      { email: "x@example.com", reason: "complaint", note: "complained twice" },
      { email: "y@example.com", reason: "unsubscribe" },
    ]);
    const csv = await (await exportRequest()).text();
    await t.truncate();
    const { actor } = await createTestUser(t.services);
    expect(await t.caller(actor).suppressions.import({ csv })).toEqual({ added: 2, alreadySuppressed: 0, duplicatesInFile: 0 });
    const rows = await t.services.db.select({ email: suppressions.email, reason: suppressions.reason, note: suppressions.note }).from(suppressions);
    expect(rows.sort((a, b) => a.email.localeCompare(b.email))).toEqual([
      { email: "x@example.com", reason: "complaint", note: "complained twice" },
      { email: "y@example.com", reason: "unsubscribe", note: null },
    ]);
  });

  it("masks addresses for members when the workspace masks personal data", async () => {
    await seed([{ email: "dora@example.com", reason: "manual" }]);
    await t.caller(admin).settings.update({ maskPiiForMembers: true });
    const { actor: member } = await createTestUser(t.services, { role: "member" });
    const rows = parse(await (await exportRequest("", null, async () => member)).text(), { columns: true }) as { email: string }[];
    expect(rows.map((r) => r.email)).toEqual(["d***@example.com"]);
  });

  it("answers 401 without credentials or with an unknown API key, and 400 for a bad reason", async () => {
    await seed([{ email: "eve@example.com", reason: "manual" }]);
    for (const authorization of [null, "Bearer eo_wrong"]) {
      const res = await exportRequest("", authorization);
      expect(res.status).toBe(401);
      const body = await res.text();
      expect(body).not.toContain("eve@example.com");
      expect(JSON.parse(body)).toMatchObject({ code: "UNAUTHORIZED" });
    }
    const bad = await exportRequest("?reason=spam");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ code: "BAD_REQUEST", message: "reason must be one of bounce, complaint, unsubscribe, manual" });
  });
});
