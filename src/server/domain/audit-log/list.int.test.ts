import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { REST_BASE_PATH } from "@/server/api/openapi";
import { auditLog } from "@/server/db/schema";
import type { Actor } from "@/server/domain/auth/actor";
import { createTestUser } from "@/test/factories";
import { createTestEnvironment, type TestEnvironment } from "@/test/harness";

let t: TestEnvironment;
let admin: Actor;
beforeAll(async () => {
  t = await createTestEnvironment();
});
afterAll(() => t.teardown());
beforeEach(async () => {
  await t.truncate();
  ({ actor: admin } = await createTestUser(t.services));
  await t.services.db.insert(auditLog).values([
    entry("2025-01-01T10:00:00Z", "alice@example.test", "user.create", "user", "u-1"),
    entry("2025-01-02T10:00:00Z", "bob@example.test", "sender-profile.create", "sender_profile", "sp-1"),
    entry("2025-01-03T10:00:00Z", "alice@example.test", "sender-profile.update", "sender_profile", "sp-1"),
    entry("2025-01-04T10:00:00Z", 'API key "ci"', "api-key.revoke", "api_key", "k-1"),
    entry("2025-01-05T10:00:00Z", "100%_sure@example.test", "user.delete", "user", "u-1"),
  ]);
});

function entry(at: string, actorLabel: string, action: string, entityType: string, entityId: string) {
  return {
    actorType: "user" as const,
    actorId: null,
    actorLabel,
    action,
    entityType,
    entityId,
    before: { name: "before" },
    after: { name: "after" },
    createdAt: new Date(at),
  };
}

const seededOnly = { to: new Date("2025-12-31T00:00:00Z") };

describe("audit log viewer", () => {
  it("lists newest first with a total, and pages with limit/offset", async () => {
    const page1 = await t.caller(admin).auditLog.list({ ...seededOnly, limit: 2 });
    expect(page1.total).toBe(5);
    expect(page1.items.map((i) => i.action)).toEqual(["user.delete", "api-key.revoke"]);
    expect(page1.items[0]).toMatchObject({ before: { name: "before" }, after: { name: "after" }, entityId: "u-1" });
    const page3 = await t.caller(admin).auditLog.list({ ...seededOnly, limit: 2, offset: 4 });
    expect(page3.items.map((i) => i.action)).toEqual(["user.create"]);
    expect(page3.total).toBe(5);
  });

  it("filters by entity type, entity id, action, actor text and date range together", async () => {
    const list = (input: Parameters<ReturnType<typeof t.caller>["auditLog"]["list"]>[0]) =>
      t.caller(admin).auditLog.list({ ...seededOnly, ...input }).then((page) => page.items.map((i) => i.action));
    expect(await list({ entityType: "sender_profile" })).toEqual(["sender-profile.update", "sender-profile.create"]);
    expect(await list({ entityType: "user", entityId: "u-1" })).toEqual(["user.delete", "user.create"]);
    expect(await list({ action: "api-key.revoke" })).toEqual(["api-key.revoke"]);
    expect(await list({ actor: "ALICE" })).toEqual(["sender-profile.update", "user.create"]);
    expect(await list({ actor: "%_" })).toEqual(["user.delete"]);
    expect(await list({ from: new Date("2025-01-02T00:00:00Z"), to: new Date("2025-01-03T23:59:59Z") })).toEqual([
      "sender-profile.update",
      "sender-profile.create",
    ]);
    expect(await list({ actor: "alice", entityType: "user" })).toEqual(["user.create"]);
    expect(await list({ entityType: "  " })).toHaveLength(5);
  });

  it("offers the distinct entity types and actions for the filters", async () => {
    const facets = await t.caller(admin).auditLog.facets();
    expect(facets.entityTypes).toEqual(["api_key", "sender_profile", "user"]);
    expect(facets.actions).toContain("sender-profile.update");
  });

  it("rejects bad filters naming the field, and refuses members", async () => {
    await expect(t.caller(admin).auditLog.list({ limit: 0 })).rejects.toThrow(/limit must be at least 1/);
    await expect(
      t.caller(admin).auditLog.list({ from: new Date("2025-02-01T00:00:00Z"), to: new Date("2025-01-01T00:00:00Z") }),
    ).rejects.toThrow(/to must not be before from/);
    const { actor: member } = await createTestUser(t.services, { role: "member" });
    await expect(t.caller(member).auditLog.list({})).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("serves GET /api/v1/audit-log with query-string filters", async () => {
    const { key } = await t.caller(admin).apiKeys.create({ name: "auditor" });
    const get = async (query: string) => {
      const req = new Request(`http://localhost${REST_BASE_PATH}/audit-log?${query}`, { headers: { authorization: `Bearer ${key}` } });
      return t.rest(req);
    };
    const res = await get("entityType=user&from=2025-01-01T00:00:00Z&to=2025-01-31T00:00:00Z&limit=1");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { total: number; items: { action: string; createdAt: string }[] };
    expect(body.total).toBe(2);
    expect(body.items).toEqual([expect.objectContaining({ action: "user.delete", createdAt: "2025-01-05T10:00:00.000Z" })]);

    const bad = await get("limit=500");
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain("limit must be at most 100");
  });
});
