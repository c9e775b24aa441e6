import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { auditLog, emailConnectors, senderProfiles } from "@/server/db/schema";
import type { Actor } from "@/server/domain/auth/actor";
import { createTestEnvironment, type TestEnvironment } from "@/test/harness";
import { apiError } from "@/test/api-error";
import { createTestUser } from "@/test/factories";
import { loadEmailProvider } from "./email-connectors";

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

const connectorCount = async () => (await t.services.db.select().from(emailConnectors)).length;
const auditCount = async () => (await t.services.db.select().from(auditLog)).length;

describe("email connectors", () => {
  it("creates, lists, gets, renames and deletes a dev inbox connector with redacted output and audit entries", async () => {
    const api = t.caller(admin).emailConnectors;
    const created = await api.create({ name: "Local inbox", type: "DEV_INBOX", config: {} });
    expect(created).toMatchObject({ name: "Local inbox", type: "DEV_INBOX", config: "[REDACTED]" });

    const [stored] = await t.services.db.select().from(emailConnectors).where(eq(emailConnectors.id, created.id));
    expect(stored?.encryptedConfig).toMatch(/^v1\./);
    expect(t.services.keyring.decryptJson(stored?.encryptedConfig ?? "")).toEqual({});

    expect(await api.list()).toEqual([created]);
    expect(await api.get({ id: created.id })).toEqual(created);

    const renamed = await api.update({ id: created.id, name: "Dev inbox" });
    expect(renamed).toMatchObject({ id: created.id, name: "Dev inbox", config: "[REDACTED]" });
    expect(renamed.updatedAt.getTime()).toBeGreaterThanOrEqual(created.updatedAt.getTime());

    await api.delete({ id: created.id });
    expect(await connectorCount()).toBe(0);
    await expect(api.get({ id: created.id })).rejects.toMatchObject({ code: "NOT_FOUND" });

    const entries = await t.services.db.select().from(auditLog).where(eq(auditLog.entityId, created.id));
    expect(entries.map((e) => e.action).sort()).toEqual(["email-connector.create", "email-connector.delete", "email-connector.update"]);
    for (const entry of entries) {
      expect(JSON.stringify([entry.before, entry.after])).not.toContain(stored?.encryptedConfig);
      for (const state of [entry.before, entry.after]) {
        if (state) expect(state).toMatchObject({ config: "[REDACTED]" });
      }
    }
  });

  it("creates with the config defaulting to {} when omitted", async () => {
    const created = await t.caller(admin).emailConnectors.create({ name: "Inbox", type: "DEV_INBOX" });
    const [stored] = await t.services.db.select().from(emailConnectors).where(eq(emailConnectors.id, created.id));
    expect(t.services.keyring.decryptJson(stored?.encryptedConfig ?? "")).toEqual({});
  });

  it.each(["SES", "RESEND", "SMTP"] as const)("refuses type %s as not available yet and stores nothing", async (type) => {
    const auditsBefore = await auditCount();
    expect(await apiError(t.caller(admin).emailConnectors.create({ name: "Prod", type, config: { region: "eu-west-1" } }))).toEqual({
      code: "BAD_REQUEST",
      message: `type: Email connector type ${type} is not available yet`,
    });
    expect(await apiError(t.caller(admin).emailConnectors.testConnection({ type, config: {} }))).toEqual({
      code: "BAD_REQUEST",
      message: `type: Email connector type ${type} is not available yet`,
    });
    expect(await connectorCount()).toBe(0);
    expect(await auditCount()).toBe(auditsBefore);
  });

  it("names the field on invalid input and changes nothing", async () => {
    const api = t.caller(admin).emailConnectors;
    const existing = await api.create({ name: "Inbox", type: "DEV_INBOX" });
    const auditsBefore = await auditCount();

    expect(await apiError(api.create({ name: "  ", type: "DEV_INBOX" }))).toEqual({ code: "BAD_REQUEST", message: "name: Name is required" });
    expect((await apiError(api.create({ name: "x".repeat(101), type: "DEV_INBOX" }))).message).toBe("name: Name must be at most 100 characters");
    expect((await apiError(api.create({ name: "Other", type: "DEV_INBOX", config: { apiKey: "sk_live_secret" } }))).message).toBe(
      "config: The dev inbox takes no settings; send an empty config {}",
    );
    expect((await apiError(api.create({ name: "Other", type: "NOPE" as "DEV_INBOX" }))).message).toMatch(/^type: /);
    await expect(api.create({ name: "Inbox", type: "DEV_INBOX" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: 'An email connector named "Inbox" already exists; choose another name.',
    });
    await expect(api.update({ id: existing.id, config: { host: "smtp.example.com" } })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("config: The dev inbox takes no settings"),
    });

    expect(await api.list()).toEqual([existing]);
    expect(await auditCount()).toBe(auditsBefore);
  });

  it("refuses renaming onto another connector's name", async () => {
    const api = t.caller(admin).emailConnectors;
    await api.create({ name: "A", type: "DEV_INBOX" });
    const b = await api.create({ name: "B", type: "DEV_INBOX" });
    await expect(api.update({ id: b.id, name: "A" })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining('"A"') });
    expect((await api.get({ id: b.id })).name).toBe("B");
  });

  it("refuses to delete a connector used by sender profiles and names them", async () => {
    const connector = await t.caller(admin).emailConnectors.create({ name: "Inbox", type: "DEV_INBOX" });
    for (const name of ["Newsletter", "Alerts"]) {
      await t.caller(admin).senderProfiles.create({ name, fromEmail: `${name.toLowerCase()}@acme.test`, emailConnectorId: connector.id });
    }
    const auditsBefore = await auditCount();
    await expect(t.caller(admin).emailConnectors.delete({ id: connector.id })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: expect.stringContaining('used by sender profiles "Alerts", "Newsletter"'),
    });
    expect(await connectorCount()).toBe(1);
    expect(await auditCount()).toBe(auditsBefore);

    await t.services.db.delete(senderProfiles);
    await t.caller(admin).emailConnectors.delete({ id: connector.id });
    expect(await connectorCount()).toBe(0);
  });

  it("does not let members mutate connectors but lets them read", async () => {
    const { actor: member } = await createTestUser(t.services, { role: "member" });
    const connector = await t.caller(admin).emailConnectors.create({ name: "Inbox", type: "DEV_INBOX" });
    const api = t.caller(member).emailConnectors;
    await expect(api.create({ name: "Mine", type: "DEV_INBOX" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(api.update({ id: connector.id, name: "Renamed" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(api.delete({ id: connector.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(api.testSaved({ id: connector.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await api.list()).toEqual([connector]);
    await expect(t.caller(null).emailConnectors.list()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect(await connectorCount()).toBe(1);
  });

  it("tests an unsaved config and a saved connector", async () => {
    const api = t.caller(admin).emailConnectors;
    const unsaved = await api.testConnection({ type: "DEV_INBOX", config: {} });
    expect(unsaved).toMatchObject({ ok: true, details: expect.stringContaining("Dev inbox is ready") });
    expect(unsaved.latencyMs).toBeGreaterThanOrEqual(0);
    expect(unsaved.warnings).toEqual([expect.stringContaining("never delivers to real recipients")]);
    expect(await connectorCount()).toBe(0);

    const connector = await api.create({ name: "Inbox", type: "DEV_INBOX" });
    expect(await api.testSaved({ id: connector.id })).toMatchObject({ ok: true });
    await expect(api.testSaved({ id: "00000000-0000-4000-8000-000000000000" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("refuses to open a stored connector whose type has no provider yet", async () => {
    const [row] = await t.services.db
      .insert(emailConnectors)
      .values({ name: "Legacy SES", type: "SES", encryptedConfig: t.services.keyring.encryptJson({ region: "eu-west-1" }) })
      .returning();
    await expect(loadEmailProvider(t.services, row?.id ?? "")).rejects.toThrow("Email connector type SES is not available yet");
    const listed = await t.caller(admin).emailConnectors.list();
    expect(listed).toEqual([expect.objectContaining({ type: "SES", config: "[REDACTED]" })]);
    expect(JSON.stringify(listed)).not.toContain("eu-west-1");
  });
});
