import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { auditLog, emailConnectors, senderProfiles } from "@/server/db/schema";
import type { Actor } from "@/server/domain/auth/actor";
import { createTestEnvironment, type TestEnvironment } from "@/test/harness";
import { apiError } from "@/test/api-error";
import { createTestUser } from "@/test/factories";
import { startFakeResendServer, type FakeResendServer } from "@/test/fakes/resend-server";
import { startFakeSesServer, type FakeSesServer } from "@/test/fakes/ses-v2-server";
import { startSmtpSink, type SmtpSink } from "@/test/fakes/smtp-sink";
import { resolveEmailConnector } from "./email-connectors";
import { closeAllEmailProviders, getEmailProvider, openEmailProviderCount } from "./provider-cache";

let t: TestEnvironment;
let admin: Actor;
let ses: FakeSesServer;
let resend: FakeResendServer;
let sink: SmtpSink;
beforeAll(async () => {
  [t, ses, resend, sink] = await Promise.all([
    createTestEnvironment(),
    startFakeSesServer({ account: { maxSendRate: 14 } }),
    startFakeResendServer(),
    startSmtpSink(),
  ]);
});
afterAll(async () => {
  await closeAllEmailProviders();
  await Promise.all([t.teardown(), ses.close(), resend.close(), sink.close()]);
});
beforeEach(async () => {
  await t.truncate();
  for (const fake of [ses, resend, sink]) fake.reset();
  admin = (await createTestUser(t.services)).actor;
});
afterEach(() => closeAllEmailProviders());

const sesConfig = () => ({ region: "eu-west-1", accessKeyId: "AKIAFAKE", secretAccessKey: "ses-secret-value", endpoint: ses.url });
const resendConfig = () => ({ apiKey: "re_secret_value", baseUrl: resend.url });
const smtpConfig = () => ({ host: "127.0.0.1", port: sink.port, secure: false });

function rest(method: string, path: string, body?: unknown): Promise<Response> {
  const req = new Request(`http://localhost/api/v1${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return t.rest(req, admin);
}

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

  it("creates SES, Resend and SMTP connectors with their settings encrypted, defaults applied and secrets never returned", async () => {
    const api = t.caller(admin).emailConnectors;
    const created = [
      await api.create({ name: "SES", type: "SES", config: { ...sesConfig(), configurationSetName: "events", endpoint: `${ses.url}/` } }),
      await api.create({ name: "Resend", type: "RESEND", config: resendConfig() }),
      await api.create({ name: "SMTP", type: "SMTP", config: { ...smtpConfig(), username: "mailer", password: "smtp-secret-value" } }),
    ];
    const stored = await t.services.db.select().from(emailConnectors);
    const configs = Object.fromEntries(stored.map((row) => [row.type, t.services.keyring.decryptJson(row.encryptedConfig)]));
    expect(configs).toEqual({
      SES: { ...sesConfig(), configurationSetName: "events" },
      RESEND: resendConfig(),
      SMTP: { ...smtpConfig(), username: "mailer", password: "smtp-secret-value", maxConnections: 5 },
    });
    const visible = JSON.stringify([created, await api.list(), await t.services.db.select().from(auditLog)]);
    for (const secret of ["ses-secret-value", "re_secret_value", "smtp-secret-value"]) expect(visible).not.toContain(secret);
    expect(created.map((connector) => connector.config)).toEqual(["[REDACTED]", "[REDACTED]", "[REDACTED]"]);
  });

  it("refuses invalid SES, Resend and SMTP configs naming the field, and stores nothing", async () => {
    const cases = [
      ["SES", {}, "config.region: Region is required, e.g. eu-west-1; config.accessKeyId: Access key id is required; config.secretAccessKey: Secret access key is required"],
      ["SES", { ...sesConfig(), region: "Europe" }, "config.region: Region must be an AWS region such as eu-west-1 or us-east-1"],
      ["SES", { ...sesConfig(), endpoint: "vpce.local" }, "config.endpoint: Endpoint must be an http:// or https:// URL"],
      ["SES", { ...sesConfig(), configurationSetName: "my set" }, "config.configurationSetName: Configuration set name must be 1–64 letters, digits, underscores or dashes"],
      ["SES", { ...sesConfig(), configurationSet: "x" }, 'config: Unknown SES setting "configurationSet"'],
      ["RESEND", { apiKey: " " }, "config.apiKey: API key is required"],
      ["RESEND", { apiKey: "re_x", baseUrl: "ftp://x" }, "config.baseUrl: Base URL must be an http:// or https:// URL"],
      ["SMTP", { host: "smtp.acme.test", port: 70000, secure: false }, "config.port: Port must be from 1 to 65535"],
      ["SMTP", { host: "smtp.acme.test", port: 587 }, "config.secure: Secure must be true (TLS from the first byte, usually port 465) or false (STARTTLS when the server offers it, usually port 587 or 25)"],
      ["SMTP", { host: "smtp.acme.test", port: 587, secure: false, username: "u" }, "config.password: Username and password go together: give both to log in, or neither"],
      ["SMTP", { host: "smtp.acme.test", port: 587, secure: false, maxConnections: 0 }, "config.maxConnections: Pool size must be from 1 to 100"],
    ] as const;
    const auditsBefore = await auditCount();
    for (const [type, config, message] of cases) {
      const label = `${type} ${JSON.stringify(config)}`;
      expect(await apiError(t.caller(admin).emailConnectors.create({ name: "Prod", type, config })), label).toEqual({ code: "BAD_REQUEST", message });
      expect(await apiError(t.caller(admin).emailConnectors.testConnection({ type, config })), label).toEqual({ code: "BAD_REQUEST", message });
    }
    expect(await connectorCount()).toBe(0);
    expect(await auditCount()).toBe(auditsBefore);
  });

  it("replaces the whole config on update (secrets included) and refuses a partial one", async () => {
    const api = t.caller(admin).emailConnectors;
    const connector = await api.create({ name: "SMTP", type: "SMTP", config: { ...smtpConfig(), username: "old", password: "old-secret" } });
    await expect(api.update({ id: connector.id, config: { host: "smtp.other.test" } })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("config.port: Port must be a whole number from 1 to 65535"),
    });
    await api.update({ id: connector.id, config: { ...smtpConfig(), maxConnections: 2 } });
    const resolved = await resolveEmailConnector(t.services, connector.id);
    expect(resolved.settings).toEqual({ type: "SMTP", config: { ...smtpConfig(), maxConnections: 2 } });
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

  it("refuses to open a stored connector whose config no longer parses, without showing it", async () => {
    const [row] = await t.services.db
      .insert(emailConnectors)
      .values({ name: "Legacy SES", type: "SES", encryptedConfig: t.services.keyring.encryptJson({ region: "eu-west-1" }) })
      .returning();
    await expect(getEmailProvider(t.services, row?.id ?? "")).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: 'The stored config of email connector "Legacy SES" is invalid; edit the connector and save its settings again.',
    });
    const listed = await t.caller(admin).emailConnectors.list();
    expect(listed).toEqual([expect.objectContaining({ type: "SES", config: "[REDACTED]" })]);
    expect(JSON.stringify(listed)).not.toContain("eu-west-1");
  });

  it("tests unsaved SES, Resend and SMTP configs over REST with the real SDKs against local fakes", async () => {
    const test = async (body: unknown) => {
      const response = await rest("POST", "/email-connectors/test-connection", body);
      expect(response.status).toBe(200);
      return (await response.json()) as { ok: boolean; details: string; warnings: string[]; maxSendRatePerSecond?: number };
    };
    expect(await test({ type: "SES", config: sesConfig() })).toMatchObject({
      ok: true,
      details: expect.stringContaining("maximum send rate: 14 emails per second"),
      maxSendRatePerSecond: 14,
    });
    expect(await test({ type: "RESEND", config: resendConfig() })).toMatchObject({ ok: true, details: expect.stringContaining("Verified sending domains: example.com") });
    expect(await test({ type: "SMTP", config: smtpConfig() })).toMatchObject({ ok: true, details: expect.stringContaining(`127.0.0.1:${sink.port}`) });
    expect(await test({ type: "SMTP", config: { ...smtpConfig(), port: 1 } })).toMatchObject({ ok: false, details: expect.stringContaining("ECONNREFUSED") });
    expect(await connectorCount()).toBe(0);

    const invalid = await rest("POST", "/email-connectors/test-connection", { type: "SMTP", config: { host: "x", port: 25 } });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ message: expect.stringContaining("config.secure: Secure must be true") });
  });

  it("serves the REST contract: create, list, get, patch, delete and test-connection", async () => {
    const created = await rest("POST", "/email-connectors", { name: "Resend", type: "RESEND", config: resendConfig() });
    expect(created.status).toBe(200);
    const body = (await created.json()) as { id: string };
    expect(body).toMatchObject({ name: "Resend", type: "RESEND", config: "[REDACTED]" });
    expect(await (await rest("GET", "/email-connectors")).json()).toEqual([body]);
    expect(await (await rest("GET", `/email-connectors/${body.id}`)).json()).toEqual(body);
    const patched = await rest("PATCH", `/email-connectors/${body.id}`, { name: "Resend EU" });
    expect(await patched.json()).toMatchObject({ id: body.id, name: "Resend EU" });
    const tested = await rest("POST", `/email-connectors/${body.id}/test-connection`);
    expect(await tested.json()).toMatchObject({ ok: true });
    expect((await rest("DELETE", `/email-connectors/${body.id}`)).status).toBe(200);
    expect((await rest("GET", `/email-connectors/${body.id}`)).status).toBe(404);
  });

  it("warns, when testing a saved SES connector, about each sender profile refilling faster than the account's send rate", async () => {
    const connector = await t.caller(admin).emailConnectors.create({ name: "SES", type: "SES", config: sesConfig() });
    for (const [name, refillPerSecond] of [["Alerts", 5], ["Newsletter", 20], ["Digest", 8]] as const) {
      await t.caller(admin).senderProfiles.create({ name, fromEmail: `${name.toLowerCase()}@acme.test`, emailConnectorId: connector.id, refillPerSecond });
    }
    const result = await t.caller(admin).emailConnectors.testSaved({ id: connector.id });
    expect(result).toMatchObject({ ok: true, maxSendRatePerSecond: 14 });
    expect(result.warnings).toEqual([
      `Sender profile "Newsletter" refills 20 emails per second, more than SES's maximum of 14 per second; lower its refill rate or SES will throttle its sends.`,
      `Together, sender profiles "Alerts", "Digest", "Newsletter" refill 33 emails per second, more than SES's maximum of 14 per second when they send at the same time.`,
    ]);

    const unsaved = await t.caller(admin).emailConnectors.testConnection({ type: "SES", config: sesConfig() });
    expect(unsaved.warnings).toEqual([]);
  });

  it("reuses one provider per connector until the connector changes, and drops it on delete", async () => {
    const api = t.caller(admin).emailConnectors;
    const connector = await api.create({ name: "SMTP", type: "SMTP", config: smtpConfig() });
    const first = await getEmailProvider(t.services, connector.id);
    expect(await getEmailProvider(t.services, connector.id)).toBe(first);
    await first.send({ from: "a@acme.test", fromName: "", to: "bob@example.com", subject: "One", html: "<p>1</p>", text: "1", headers: {} });
    expect(openEmailProviderCount()).toBe(1);

    await api.update({ id: connector.id, config: { ...smtpConfig(), maxConnections: 2 } });
    const second = await getEmailProvider(t.services, connector.id);
    expect(second).not.toBe(first);
    await second.send({ from: "a@acme.test", fromName: "", to: "bob@example.com", subject: "Two", html: "<p>2</p>", text: "2", headers: {} });
    expect(sink.stats(true).perRecipient).toEqual({ "bob@example.com": 2 });

    // Another process editing the row is noticed through updatedAt.
    await t.services.db.update(emailConnectors).set({ updatedAt: new Date(Date.now() + 1000) }).where(eq(emailConnectors.id, connector.id));
    expect(await getEmailProvider(t.services, connector.id)).not.toBe(second);

    await api.delete({ id: connector.id });
    expect(openEmailProviderCount()).toBe(0);
    await expect(getEmailProvider(t.services, connector.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect.poll(() => sink.openConnections()).toBe(0);
  });

  it("lets sends in flight finish before closing a provider superseded by an edit", async () => {
    const slowSes = await startFakeSesServer({ latencyMs: 300 });
    try {
      const api = t.caller(admin).emailConnectors;
      const config = { ...sesConfig(), endpoint: slowSes.url };
      const connector = await api.create({ name: "Slow SES", type: "SES", config });
      const provider = await getEmailProvider(t.services, connector.id);
      const email = (to: string) => ({ from: "a@acme.test", fromName: "", to, subject: "Hi", html: "<p>Hi</p>", text: "Hi", headers: {} });
      const inFlight = Promise.all(["one@example.com", "two@example.com"].map((to) => provider.send(email(to))));
      await expect.poll(() => slowSes.sendRequests()).toBe(2);
      await api.update({ id: connector.id, config: { ...config, configurationSetName: "events" } });
      await expect(inFlight).resolves.toEqual([{ messageId: expect.any(String) }, { messageId: expect.any(String) }]);
      expect(await getEmailProvider(t.services, connector.id)).not.toBe(provider);
      expect(slowSes.stats().total).toBe(2);
    } finally {
      await slowSes.close();
    }
  });
});
