import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditLog, workspaceSettings } from "@/server/db/schema";
import type { Actor } from "@/server/domain/auth/actor";
import { apiError } from "@/test/api-error";
import { createTestEnvironment, type TestEnvironment } from "@/test/harness";
import { createTestUser } from "@/test/factories";

let t: TestEnvironment;
let admin: Actor;
beforeAll(async () => {
  t = await createTestEnvironment();
});
afterAll(() => t.teardown());
beforeEach(async () => {
  await t.truncate();
  admin = (await createTestUser(t.services)).actor;
});

const auditCount = async () => (await t.services.db.select().from(auditLog)).length;

describe("workspace settings", () => {
  it("reads the defaults without writing when nothing was saved yet", async () => {
    const { actor: member } = await createTestUser(t.services, { role: "member" });
    expect(await t.caller(member).settings.get()).toEqual({
      organizationName: "My organisation",
      postalAddress: "",
      defaultTimezone: "UTC",
      maskPiiForMembers: false,
      updatedAt: null,
    });
    expect(await t.services.db.select().from(workspaceSettings)).toHaveLength(0);
  });

  it("saves a partial update, keeps the other fields, and audits before/after", async () => {
    const api = t.caller(admin).settings;
    const saved = await api.update({ organizationName: "Acme Inc.", defaultTimezone: "europe/paris" });
    expect(saved).toMatchObject({ organizationName: "Acme Inc.", defaultTimezone: "Europe/Paris", postalAddress: "", maskPiiForMembers: false });
    expect(saved.updatedAt).toBeInstanceOf(Date);

    const again = await api.update({ postalAddress: "1 Main St, Springfield", maskPiiForMembers: true });
    expect(again).toMatchObject({ organizationName: "Acme Inc.", defaultTimezone: "Europe/Paris", postalAddress: "1 Main St, Springfield", maskPiiForMembers: true });
    expect(await api.get()).toEqual(again);
    expect(await t.services.db.select().from(workspaceSettings)).toHaveLength(1);

    const entries = await t.services.db.select().from(auditLog);
    const updates = entries.filter((e) => e.action === "settings.update");
    expect(updates).toHaveLength(2);
    expect(updates.find((e) => (e.after as { maskPiiForMembers: boolean }).maskPiiForMembers)).toMatchObject({
      entityType: "workspace_settings",
      entityId: "1",
      before: { maskPiiForMembers: false, organizationName: "Acme Inc." },
    });
  });

  it.each([
    [{ defaultTimezone: "Mars/Olympus_Mons" }, 'defaultTimezone: "Mars/Olympus_Mons" is not a valid IANA time zone (for example Europe/Paris or UTC)'],
    [{ defaultTimezone: "+02:00" }, 'defaultTimezone: "+02:00" is not a valid IANA time zone (for example Europe/Paris or UTC)'],
    [{ organizationName: " " }, "organizationName: Organization name is required"],
    [{ organizationName: "x".repeat(201) }, "organizationName: Organization name must be at most 200 characters"],
    [{ postalAddress: "x".repeat(501) }, "postalAddress: Postal address must be at most 500 characters"],
  ])("rejects %o naming the field and changes nothing", async (patch, message) => {
    const api = t.caller(admin).settings;
    const before = await api.update({ organizationName: "Acme" });
    const audits = await auditCount();
    expect(await apiError(api.update(patch))).toEqual({ code: "BAD_REQUEST", message });
    expect(await api.get()).toEqual(before);
    expect(await auditCount()).toBe(audits);
  });

  it("lets only admins update", async () => {
    const { actor: member } = await createTestUser(t.services, { role: "member" });
    expect((await apiError(t.caller(member).settings.update({ organizationName: "Mine" }))).code).toBe("FORBIDDEN");
    expect((await apiError(t.caller(null).settings.get())).code).toBe("UNAUTHORIZED");
    expect(await t.services.db.select().from(workspaceSettings)).toHaveLength(0);
  });
});
