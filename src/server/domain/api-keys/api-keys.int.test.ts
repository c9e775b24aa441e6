import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { apiKeys, auditLog } from "@/server/db/schema";
import { createTestEnvironment, type TestEnvironment } from "@/test/harness";
import { createTestUser } from "@/test/factories";
import { authenticateApiKey } from "./api-keys";

let t: TestEnvironment;
beforeAll(async () => {
  t = await createTestEnvironment();
});
afterAll(() => t.teardown());
beforeEach(() => t.truncate());

describe("API keys", () => {
  it("returns the key once, stores only its hash, and authenticates with it", async () => {
    const { actor } = await createTestUser(t.services);
    const { key, apiKey } = await t.caller(actor).apiKeys.create({ name: "CI" });
    expect(key).toMatch(/^eo_[A-Za-z0-9_-]{43}$/);
    const [stored] = await t.services.db.select().from(apiKeys).where(eq(apiKeys.id, apiKey.id));
    expect(stored?.keyHash).not.toContain(key);
    expect(JSON.stringify(await t.caller(actor).apiKeys.list())).not.toContain(key);

    const resolved = await authenticateApiKey(t.services.db, key);
    expect(resolved).toMatchObject({ type: "api_key", id: apiKey.id, name: "CI" });
    const [used] = await t.services.db.select().from(apiKeys).where(eq(apiKeys.id, apiKey.id));
    expect(used?.lastUsedAt).toBeInstanceOf(Date);
  });

  it("stops authenticating a revoked key and audits create and revoke", async () => {
    const { actor } = await createTestUser(t.services);
    const { key, apiKey } = await t.caller(actor).apiKeys.create({ name: "temp" });
    await t.caller(actor).apiKeys.revoke({ id: apiKey.id });
    expect(await authenticateApiKey(t.services.db, key)).toBeNull();
    await expect(t.caller(actor).apiKeys.revoke({ id: apiKey.id })).rejects.toThrow(/already revoked/);
    const entries = await t.services.db.select().from(auditLog).where(eq(auditLog.entityId, apiKey.id));
    expect(entries.map((e) => e.action).sort()).toEqual(["api-key.create", "api-key.revoke"]);
  });

  it("refuses members and rejects an empty name without creating anything", async () => {
    const { actor: member } = await createTestUser(t.services, { role: "member" });
    await expect(t.caller(member).apiKeys.create({ name: "x" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const { actor: admin } = await createTestUser(t.services);
    await expect(t.caller(admin).apiKeys.create({ name: "  " })).rejects.toThrow(/Name is required/);
    expect(await t.services.db.select().from(apiKeys)).toHaveLength(0);
  });
});
