import { Writable } from "node:stream";
import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createCaller } from "@/server/api/root";
import { auditLog, dataConnectors, segments } from "@/server/db/schema";
import type { Actor } from "@/server/domain/auth/actor";
import { DEMO_READER_ROLE, seedDemoCustomers } from "@/server/domain/demo/demo-customers";
import { Keyring } from "@/server/lib/crypto";
import { createLogger } from "@/server/lib/logger";
import { apiError } from "@/test/api-error";
import { createTestUser } from "@/test/factories";
import { createTestEnvironment, type TestEnvironment } from "@/test/harness";
import { closeAllDataConnectorAdapters, getDataConnectorAdapter, openDataConnectorAdapterCount } from "./adapter-factory";

/** A password no legitimate output contains: any occurrence anywhere is a leak. */
const CANARY_PASSWORD = "Canary-Pw-8d41f0c2e7";
const canaryConnectionString = `postgres://warehouse_user:${CANARY_PASSWORD}@127.0.0.1:1/analytics`;
const serviceAccount = JSON.stringify({
  type: "service_account",
  client_email: "emailops@acme-analytics.iam.gserviceaccount.com",
  private_key: "-----BEGIN PRIVATE KEY-----\nCanaryBigQueryKey0123\n-----END PRIVATE KEY-----\n",
});

let t: TestEnvironment;
let admin: Actor;
let adminEmail: string;
let member: Actor;
let systemUrl: URL;

beforeAll(async () => {
  t = await createTestEnvironment();
  systemUrl = new URL(t.databaseUrl);
  await t.services.db.transaction((tx) => seedDemoCustomers(tx));
});
afterAll(async () => {
  await closeAllDataConnectorAdapters();
  await t.teardown();
});
beforeEach(async () => {
  await closeAllDataConnectorAdapters();
  await t.services.db.delete(segments);
  await t.services.db.delete(dataConnectors);
  await t.services.db.delete(auditLog);
  ({ actor: admin, email: adminEmail } = await createTestUser(t.services));
  member = (await createTestUser(t.services, { role: "member" })).actor;
});
afterEach(() => closeAllDataConnectorAdapters());

/** The test database's own server, logged in as `user` (trust auth). */
function localConnectionString(user: string): string {
  const url = new URL(t.databaseUrl);
  url.username = user;
  url.password = "";
  return url.toString();
}

const connectorCount = async () => (await t.services.db.select().from(dataConnectors)).length;
const auditCount = async () => (await t.services.db.select().from(auditLog)).length;
const auditTableText = async () => {
  const rows = await t.services.db.execute<{ row: string }>(sql`select row_to_json(a)::text as row from audit_log a`);
  return rows.map((r) => r.row).join("\n");
};

function rest(actor: Actor | null, method: string, path: string, body?: unknown): Promise<Response> {
  return t.rest(
    new Request(`http://localhost/api/v1${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
    actor,
  );
}

/** Connections the server has open for a role on the test database; pools that were closed leave none. */
async function backendsOf(user: string): Promise<number> {
  const [row] = await t.services.db.execute<{ n: number }>(
    sql`select count(*)::int as n from pg_stat_activity where usename = ${user} and datname = ${systemUrl.pathname.slice(1)}`,
  );
  return row?.n ?? 0;
}

async function eventually(check: () => Promise<boolean>, timeoutMs = 3_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}

describe("data connectors: CRUD", () => {
  it("creates, lists, gets, renames, replaces the config and deletes, with redacted output and audit entries", async () => {
    const api = t.caller(admin).dataConnectors;
    const created = await api.create({ name: "Warehouse", type: "POSTGRES", config: { connectionString: canaryConnectionString } });
    expect(created).toEqual({
      id: expect.any(String),
      type: "POSTGRES",
      name: "Warehouse",
      config: "[REDACTED]",
      createdAt: expect.any(Date),
      updatedAt: expect.any(Date),
    });
    expect(await api.list()).toEqual([created]);
    expect(await api.get({ id: created.id })).toEqual(created);

    const renamed = await api.update({ id: created.id, name: "Analytics" });
    expect(renamed).toMatchObject({ id: created.id, name: "Analytics", config: "[REDACTED]" });
    expect(renamed.updatedAt.getTime()).toBeGreaterThanOrEqual(created.updatedAt.getTime());

    const replaced = await api.update({ id: created.id, config: { connectionString: "postgres://other@db.example.com/w", ssl: { mode: "require" } } });
    const [stored] = await t.services.db.select().from(dataConnectors).where(eq(dataConnectors.id, created.id));
    expect(t.services.keyring.decryptJson(stored?.encryptedConfig ?? "")).toEqual({
      connectionString: "postgres://other@db.example.com/w",
      ssl: { mode: "require" },
    });
    expect(replaced.name).toBe("Analytics");

    await api.delete({ id: created.id });
    expect(await connectorCount()).toBe(0);
    await expect(api.get({ id: created.id })).rejects.toMatchObject({ code: "NOT_FOUND" });

    const entries = await t.services.db.select().from(auditLog).where(eq(auditLog.entityId, created.id));
    expect(entries.map((e) => e.action).sort()).toEqual(["data-connector.create", "data-connector.delete", "data-connector.update", "data-connector.update"]);
    for (const entry of entries) {
      for (const state of [entry.before, entry.after]) if (state) expect(state).toMatchObject({ config: "[REDACTED]" });
    }
    const configUpdate = entries.find((e) => (e.after as { configChanged?: boolean } | null)?.configChanged === true);
    expect(configUpdate?.actorLabel).toBe(adminEmail);
  });

  it("stores a BigQuery connector with its optional settings, encrypted", async () => {
    const created = await t.caller(admin).dataConnectors.create({
      name: "BQ",
      type: "BIGQUERY",
      config: { projectId: "acme-analytics", credentialsJson: serviceAccount, location: "EU", maximumBytesBilled: "1000000000" },
    });
    expect(created).toMatchObject({ type: "BIGQUERY", config: "[REDACTED]" });
    const [stored] = await t.services.db.select().from(dataConnectors).where(eq(dataConnectors.id, created.id));
    expect(stored?.encryptedConfig).not.toContain("CanaryBigQueryKey0123");
    expect(t.services.keyring.decryptJson(stored?.encryptedConfig ?? "")).toEqual({
      projectId: "acme-analytics",
      credentialsJson: serviceAccount,
      location: "EU",
      maximumBytesBilled: 1_000_000_000,
    });
  });

  it("encrypts the config at rest: the column does not contain the password and decrypts to the config", async () => {
    const created = await t.caller(admin).dataConnectors.create({ name: "W", type: "POSTGRES", config: { connectionString: canaryConnectionString } });
    const [raw] = await t.services.db.execute<{ encrypted_config: string }>(sql`select encrypted_config from data_connectors where id = ${created.id}`);
    expect(raw?.encrypted_config).toMatch(/^v1\./);
    expect(raw?.encrypted_config).not.toContain(CANARY_PASSWORD);
    expect(raw?.encrypted_config).not.toContain("warehouse_user");
    expect(t.services.keyring.decryptJson(raw?.encrypted_config ?? "")).toEqual({ connectionString: canaryConnectionString });
  });

  it("names the field on invalid input and changes nothing", async () => {
    const api = t.caller(admin).dataConnectors;
    const existing = await api.create({ name: "Warehouse", type: "POSTGRES", config: { connectionString: "postgres://r@h/d" } });
    const [storedBefore] = await t.services.db.select().from(dataConnectors);
    const auditsBefore = await auditCount();

    const cases: [() => Promise<unknown>, string][] = [
      [() => api.create({ name: "  ", type: "POSTGRES", config: { connectionString: "postgres://r@h/d" } }), "name: Name is required"],
      [() => api.create({ name: "X", type: "POSTGRES", config: {} }), "config.connectionString: "],
      [
        () => api.create({ name: "X", type: "POSTGRES", config: { connectionString: "mysql://r@h/d" } }),
        "config.connectionString: Connection string must start with postgres:// or postgresql://",
      ],
      [() => api.create({ name: "X", type: "POSTGRES", config: { connectionString: "postgres://r@h/d", ssl: { mode: "sometimes" } } }), "config.ssl.mode: "],
      [() => api.create({ name: "X", type: "BIGQUERY", config: { credentialsJson: serviceAccount } }), "config.projectId: "],
      [
        () => api.create({ name: "X", type: "BIGQUERY", config: { projectId: "p", credentialsJson: "{not json" } }),
        "config.credentialsJson: Credentials must be a service-account key JSON with client_email and private_key",
      ],
      [() => api.create({ name: "X", type: "BIGQUERY", config: { projectId: "p", credentialsJson: serviceAccount, maximumBytesBilled: -5 } }), "config.maximumBytesBilled: "],
      [() => api.create({ name: "X", type: "MYSQL" as "POSTGRES", config: {} }), "type: "],
      [() => api.update({ id: existing.id, config: { connectionString: "nope" } }), "config.connectionString: Connection string must start with postgres://"],
      [() => api.update({ id: existing.id, name: "" }), "name: Name is required"],
      [() => api.testConnection({ type: "POSTGRES", config: { connectionString: "" } }), "config.connectionString: Connection string is required"],
    ];
    for (const [attempt, message] of cases) {
      const error = await apiError(attempt());
      expect(error.code, message).toBe("BAD_REQUEST");
      expect(error.message).toContain(message);
    }

    expect(await apiError(api.create({ name: "Warehouse", type: "POSTGRES", config: { connectionString: "postgres://r@h/d" } }))).toEqual({
      code: "CONFLICT",
      message: 'A data connector named "Warehouse" already exists; choose another name.',
    });
    const other = await api.create({ name: "Other", type: "POSTGRES", config: { connectionString: "postgres://r@h/d" } });
    await expect(api.update({ id: other.id, name: "Warehouse" })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining('"Warehouse"') });
    await api.delete({ id: other.id });
    const auditsAfterOther = auditsBefore + 2;

    const [storedAfter] = await t.services.db.select().from(dataConnectors);
    expect(storedAfter).toEqual(storedBefore);
    expect(await connectorCount()).toBe(1);
    expect(await auditCount()).toBe(auditsAfterOther);
  });

  it("answers NOT_FOUND for an unknown id", async () => {
    const missing = "00000000-0000-4000-8000-000000000000";
    const api = t.caller(admin).dataConnectors;
    const attempts = [() => api.get({ id: missing }), () => api.update({ id: missing, name: "x" }), () => api.delete({ id: missing }), () => api.testSaved({ id: missing })];
    for (const attempt of attempts) {
      expect(await apiError(attempt())).toEqual({ code: "NOT_FOUND", message: `Data connector ${missing} was not found` });
    }
  });

  it("refuses to delete a connector used by segments, naming them, and deletes it once they are gone", async () => {
    const connector = await t.caller(admin).dataConnectors.create({ name: "Warehouse", type: "POSTGRES", config: { connectionString: "postgres://r@h/d" } });
    await t.services.db.insert(segments).values([
      { name: "Low credits", sqlQuery: "select subject_id, email from demo.customers", dataConnectorId: connector.id },
      { name: "Churn risk", sqlQuery: "select subject_id, email from demo.customers", dataConnectorId: connector.id },
    ]);
    const auditsBefore = await auditCount();
    expect(await apiError(t.caller(admin).dataConnectors.delete({ id: connector.id }))).toEqual({
      code: "PRECONDITION_FAILED",
      message: 'Data connector "Warehouse" is used by segments "Churn risk", "Low credits"; point them at another connector or delete them first.',
    });
    expect(await connectorCount()).toBe(1);
    expect(await auditCount()).toBe(auditsBefore);

    await t.services.db.delete(segments);
    await t.caller(admin).dataConnectors.delete({ id: connector.id });
    expect(await connectorCount()).toBe(0);
  });

  it("lets members read but not create, change, delete or test connectors", async () => {
    const connector = await t.caller(admin).dataConnectors.create({ name: "Warehouse", type: "POSTGRES", config: { connectionString: "postgres://r@h/d" } });
    const api = t.caller(member).dataConnectors;
    const attempts = [
      () => api.create({ name: "Mine", type: "POSTGRES", config: { connectionString: "postgres://r@h/d" } }),
      () => api.update({ id: connector.id, name: "Renamed" }),
      () => api.delete({ id: connector.id }),
      () => api.testConnection({ type: "POSTGRES", config: { connectionString: localConnectionString("postgres") } }),
      () => api.testSaved({ id: connector.id }),
    ];
    for (const attempt of attempts) expect(await apiError(attempt())).toEqual({ code: "FORBIDDEN", message: "Only admins can do this." });
    expect(await api.list()).toEqual([connector]);
    expect(await api.get({ id: connector.id })).toEqual(connector);
    await expect(t.caller(null).dataConnectors.list()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect(await t.caller(admin).dataConnectors.get({ id: connector.id })).toEqual(connector);
    expect(await connectorCount()).toBe(1);
  });
});

describe("data connectors: REST /api/v1/data-connectors", () => {
  it("serves the documented paths with camelCase fields and redacted config", async () => {
    const created = await rest(admin, "POST", "/data-connectors", { name: "Warehouse", type: "POSTGRES", config: { connectionString: canaryConnectionString } });
    expect(created.status).toBe(200);
    const createdText = await created.text();
    expect(createdText).not.toContain(CANARY_PASSWORD);
    const body = JSON.parse(createdText) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(["config", "createdAt", "id", "name", "type", "updatedAt"]);
    expect(body).toMatchObject({ name: "Warehouse", type: "POSTGRES", config: "[REDACTED]" });
    const id = String(body.id);

    expect(await (await rest(member, "GET", "/data-connectors")).json()).toEqual([body]);
    expect(await (await rest(member, "GET", `/data-connectors/${id}`)).json()).toEqual(body);

    const patched = await rest(admin, "PATCH", `/data-connectors/${id}`, { name: "Analytics" });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ id, name: "Analytics", config: "[REDACTED]" });

    const bad = await rest(admin, "POST", "/data-connectors", { name: "Second", type: "POSTGRES", config: { connectionString: "http://x" } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      code: "BAD_REQUEST",
      message: "config.connectionString: Connection string must start with postgres:// or postgresql://",
    });
    expect((await rest(member, "PATCH", `/data-connectors/${id}`, { name: "Mine" })).status).toBe(403);
    expect((await rest(null, "GET", "/data-connectors")).status).toBe(401);

    const unsaved = await rest(admin, "POST", "/data-connectors/test-connection", {
      type: "POSTGRES",
      config: { connectionString: localConnectionString(DEMO_READER_ROLE) },
    });
    expect(unsaved.status).toBe(200);
    expect(await unsaved.json()).toMatchObject({ ok: true, canWrite: false, latencyMs: expect.any(Number), serverVersion: expect.any(String) });

    const saved = await rest(admin, "POST", `/data-connectors/${id}/test-connection`, {});
    expect(saved.status).toBe(200);
    const savedText = await saved.text();
    expect(savedText).not.toContain(CANARY_PASSWORD);
    expect(JSON.parse(savedText)).toMatchObject({ ok: false, error: expect.any(String) });
    expect((await rest(member, "POST", `/data-connectors/${id}/test-connection`, {})).status).toBe(403);

    const deleted = await rest(admin, "DELETE", `/data-connectors/${id}`);
    expect(await deleted.json()).toEqual({ id });
    expect((await rest(admin, "GET", `/data-connectors/${id}`)).status).toBe(404);
  });
});

describe("data connectors: test-connection", () => {
  it("as a superuser: connects, reports the version, and warns that the role can write", async () => {
    const auditsBefore = await auditCount();
    const result = await t.caller(admin).dataConnectors.testConnection({ type: "POSTGRES", config: { connectionString: localConnectionString("postgres") } });
    expect(result).toMatchObject({ ok: true, canWrite: true, serverVersion: expect.stringMatching(/\d+/) });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(result.warnings.length).toBeGreaterThan(0);
    expect(result.warnings.join(" ")).toMatch(/read-only/i);
    expect(result.error).toBeUndefined();
    expect(await connectorCount()).toBe(0);
    expect(await auditCount()).toBe(auditsBefore);
  });

  it("as the read-only demo role: connects and reports that it cannot write", async () => {
    const result = await t.caller(admin).dataConnectors.testConnection({ type: "POSTGRES", config: { connectionString: localConnectionString(DEMO_READER_ROLE) } });
    expect(result).toMatchObject({ ok: true, canWrite: false, serverVersion: expect.stringMatching(/\d+/) });
    expect(await eventually(async () => (await backendsOf(DEMO_READER_ROLE)) === 0)).toBe(true);
  });

  it("against an unreachable host: fails quickly with a clear error and no secret in it", async () => {
    const started = Date.now();
    const result = await t.caller(admin).dataConnectors.testConnection({ type: "POSTGRES", config: { connectionString: canaryConnectionString } });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(result).toMatchObject({ ok: false, canWrite: null, serverVersion: null, error: expect.any(String) });
    expect(result.error).toMatch(/refused|ECONNREFUSED|connect/i);
    expect(JSON.stringify(result)).not.toContain(CANARY_PASSWORD);
  });

  it("tests a saved connector on one cached adapter per connector, replaced when the connector changes and dropped on delete", async () => {
    const api = t.caller(admin).dataConnectors;
    const connector = await api.create({ name: "Demo", type: "POSTGRES", config: { connectionString: localConnectionString(DEMO_READER_ROLE) } });
    expect(await api.testSaved({ id: connector.id })).toMatchObject({ ok: true, canWrite: false });
    expect(openDataConnectorAdapterCount()).toBe(1);
    const first = await getDataConnectorAdapter(t.services, connector.id);
    expect(await getDataConnectorAdapter(t.services, connector.id)).toBe(first);
    await api.testSaved({ id: connector.id });
    expect(openDataConnectorAdapterCount()).toBe(1);
    expect(await backendsOf(DEMO_READER_ROLE)).toBeGreaterThan(0);

    await api.update({ id: connector.id, config: { connectionString: localConnectionString("postgres") } });
    expect(openDataConnectorAdapterCount()).toBe(0);
    expect(await eventually(async () => (await backendsOf(DEMO_READER_ROLE)) === 0)).toBe(true);
    expect(await api.testSaved({ id: connector.id })).toMatchObject({ ok: true, canWrite: true });
    const second = await getDataConnectorAdapter(t.services, connector.id);
    expect(second).not.toBe(first);

    // Another process edited the connector: only the row's updatedAt tells this one.
    await t.services.db.update(dataConnectors).set({ updatedAt: new Date(Date.now() + 1_000) }).where(eq(dataConnectors.id, connector.id));
    const third = await getDataConnectorAdapter(t.services, connector.id);
    expect(third).not.toBe(second);
    expect(openDataConnectorAdapterCount()).toBe(1);

    // ...or deleted it.
    await t.services.db.delete(dataConnectors).where(eq(dataConnectors.id, connector.id));
    await expect(getDataConnectorAdapter(t.services, connector.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(openDataConnectorAdapterCount()).toBe(0);
  });

  it("closes the adapter of a deleted connector and every adapter on shutdown", async () => {
    const api = t.caller(admin).dataConnectors;
    const a = await api.create({ name: "A", type: "POSTGRES", config: { connectionString: localConnectionString(DEMO_READER_ROLE) } });
    const b = await api.create({ name: "B", type: "POSTGRES", config: { connectionString: localConnectionString(DEMO_READER_ROLE) } });
    await api.testSaved({ id: a.id });
    await api.testSaved({ id: b.id });
    expect(openDataConnectorAdapterCount()).toBe(2);
    await api.delete({ id: a.id });
    expect(openDataConnectorAdapterCount()).toBe(1);
    await closeAllDataConnectorAdapters();
    expect(openDataConnectorAdapterCount()).toBe(0);
    expect(await eventually(async () => (await backendsOf(DEMO_READER_ROLE)) === 0)).toBe(true);
  });

  it("refuses to test a saved connector whose config cannot be decrypted", async () => {
    const foreign = Keyring.fromSecrets("some-other-secret-some-other-secret-000", undefined);
    const [row] = await t.services.db
      .insert(dataConnectors)
      .values({ name: "Foreign", type: "POSTGRES", encryptedConfig: foreign.encryptJson({ connectionString: "postgres://r@h/d" }) })
      .returning();
    const error = await apiError(t.caller(admin).dataConnectors.testSaved({ id: row?.id ?? "" }));
    expect(error.code).toBe("PRECONDITION_FAILED");
    expect(error.message).toContain('The config of data connector "Foreign" cannot be decrypted');
  });
});

describe("data connectors: secrets never leak", () => {
  it("keeps the password out of every output, the audit log and the log output", async () => {
    const lines: string[] = [];
    const log = createLogger({
      level: "trace",
      destination: new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString());
          done();
        },
      }),
    });
    const api = createCaller({ services: t.services, actor: admin, log }).dataConnectors;
    const outputs: unknown[] = [];
    const record = async (promise: Promise<unknown>) => {
      outputs.push(await promise.catch((error: unknown) => ({ error: String(error), cause: (error as { cause?: unknown }).cause })));
    };

    const created = await api.create({ name: "Leaky", type: "POSTGRES", config: { connectionString: canaryConnectionString } });
    outputs.push(created);
    await record(api.list());
    await record(api.get({ id: created.id }));
    await record(api.update({ id: created.id, name: "Leaky 2", config: { connectionString: canaryConnectionString.replace("analytics", "analytics2") } }));
    await record(api.testSaved({ id: created.id }));
    await record(api.testConnection({ type: "POSTGRES", config: { connectionString: canaryConnectionString } }));
    await record(api.testConnection({ type: "POSTGRES", config: { connectionString: `postgres://u:${CANARY_PASSWORD}@127.0.0.1:5432/db`, ssl: { mode: "sometimes" } } }));
    await record(api.create({ name: "Leaky", type: "POSTGRES", config: { connectionString: canaryConnectionString } }));
    await record(api.create({ name: "BQ", type: "BIGQUERY", config: { projectId: "p", credentialsJson: serviceAccount } }));
    const restResponses = [
      await rest(admin, "GET", "/data-connectors"),
      await rest(admin, "POST", "/data-connectors/test-connection", { type: "POSTGRES", config: { connectionString: canaryConnectionString } }),
      await rest(admin, "POST", `/data-connectors/${created.id}/test-connection`, {}),
    ];
    for (const response of restResponses) outputs.push(await response.text());
    await record(api.delete({ id: created.id }));

    const everything = JSON.stringify(outputs);
    expect(everything).toContain("[REDACTED]");
    expect(everything).not.toContain(CANARY_PASSWORD);
    expect(everything).not.toContain("CanaryBigQueryKey0123");

    const audit = await auditTableText();
    expect(audit).toContain("data-connector.create");
    expect(audit).toContain("data-connector.delete");
    expect(audit).not.toContain(CANARY_PASSWORD);
    expect(audit).not.toContain("warehouse_user");
    expect(audit).not.toContain("CanaryBigQueryKey0123");

    const logged = lines.join("");
    expect(logged).toContain("data connector connection test");
    expect(logged).not.toContain(CANARY_PASSWORD);
  });
});
