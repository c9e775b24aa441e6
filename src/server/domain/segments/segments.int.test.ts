import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { auditLog, emailConnectors, segments, senderProfiles, singleSends, templates } from "@/server/db/schema";
import type { Actor } from "@/server/domain/auth/actor";
import { closeAllDataConnectorAdapters } from "@/server/domain/data-connectors/adapter-cache";
import { createDataConnector } from "@/server/domain/data-connectors/data-connectors";
import { seedDemoCustomers } from "@/server/domain/demo/demo-customers";
import { updateWorkspaceSettings } from "@/server/domain/settings/settings";
import { domainMetrics } from "@/server/lib/domain-metrics";
import { apiError } from "@/test/api-error";
import { createTestUser } from "@/test/factories";
import { createTestEnvironment, type TestEnvironment } from "@/test/harness";

let t: TestEnvironment;
let admin: Actor;
let member: Actor;
let connectorId: string;
let demoTotal: number;

const LOW_CREDITS_SQL = "select subject_id, email, credits\nfrom demo.customers\nwhere credits < :max_credits\norder by subject_id";

beforeAll(async () => {
  t = await createTestEnvironment();
  demoTotal = (await t.services.db.transaction((tx) => seedDemoCustomers(tx))).total;
});
afterAll(async () => {
  await closeAllDataConnectorAdapters();
  await t.teardown();
});
beforeEach(async () => {
  await closeAllDataConnectorAdapters();
  await t.truncate();
  admin = (await createTestUser(t.services, { role: "admin" })).actor;
  member = (await createTestUser(t.services, { role: "member" })).actor;
  const connector = await createDataConnector(t.services, admin, {
    name: "Test warehouse",
    type: "POSTGRES",
    config: { connectionString: t.databaseUrl },
  });
  connectorId = connector.id;
});

const json = (method: string, path: string, body?: unknown) =>
  new Request(`http://localhost/api/v1${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

async function countRows(table: typeof segments | typeof auditLog): Promise<number> {
  const [row] = await t.services.db.select({ n: sql<number>`count(*)::int` }).from(table);
  return row?.n ?? 0;
}

async function scalar(query: string): Promise<number> {
  const [row] = await t.services.db.execute<{ n: number }>(sql.raw(query));
  return Number(row?.n);
}

const lowCreditsInput = () => ({
  name: "Low credits",
  description: "Customers about to run out",
  sqlQuery: LOW_CREDITS_SQL,
  dataConnectorId: connectorId,
  parameters: [{ name: "max_credits", type: "number" as const, default: 0 }],
});

async function missingColumnErrors(): Promise<number> {
  const metric = await domainMetrics.segmentQueryErrors.get();
  return metric.values.filter((v) => v.labels.reason === "missing_columns" && v.labels.engine === "postgres").reduce((sum, v) => sum + v.value, 0);
}

describe("segments CRUD", () => {
  it("lets a member create, read, list, update and delete a segment, auditing every change with the SQL", async () => {
    const caller = t.caller(member);
    const created = await caller.segments.create({ ...lowCreditsInput(), parameters: [{ name: "max_credits", type: "number", default: "5" }] });
    expect(created).toMatchObject({
      name: "Low credits",
      sqlQuery: LOW_CREDITS_SQL,
      dataConnectorId: connectorId,
      dataConnectorName: "Test warehouse",
      dataConnectorType: "POSTGRES",
      parameters: [{ name: "max_credits", type: "number", default: 5 }],
      lastDryRunCount: null,
      lastDryRunAt: null,
    });
    expect(await caller.segments.get({ id: created.id })).toEqual(created);
    expect((await caller.segments.list()).map((s) => s.name)).toEqual(["Low credits"]);

    const newSql = "select subject_id, email from demo.customers where plan = :plan";
    const updated = await caller.segments.update({
      id: created.id,
      name: "Plan members",
      sqlQuery: newSql,
      parameters: [{ name: "plan", type: "string", default: "pro" }],
    });
    expect(updated).toMatchObject({ name: "Plan members", sqlQuery: newSql, parameters: [{ name: "plan", type: "string", default: "pro" }] });
    expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(created.updatedAt.getTime());

    await caller.segments.delete({ id: created.id });
    await expect(caller.segments.get({ id: created.id })).rejects.toMatchObject({ code: "NOT_FOUND" });

    const entries = await t.services.db.select().from(auditLog).where(eq(auditLog.entityId, created.id)).orderBy(auditLog.createdAt);
    expect(entries.map((e) => e.action)).toEqual(["segment.create", "segment.update", "segment.delete"]);
    const update = entries[1];
    expect(update?.actorLabel).toBe((member as { email: string }).email);
    expect(update?.before).toMatchObject({ sqlQuery: LOW_CREDITS_SQL, name: "Low credits" });
    expect(update?.after).toMatchObject({ sqlQuery: newSql, name: "Plan members" });
    expect(entries[0]?.after).toMatchObject({ sqlQuery: LOW_CREDITS_SQL });
  });

  it("serves the REST routes with camelCase fields", async () => {
    const create = await t.rest(json("POST", "/segments", lowCreditsInput()), admin);
    expect(create.status).toBe(200);
    const created = (await create.json()) as { id: string };
    const list = await t.rest(json("GET", "/segments"), admin);
    expect(list.status).toBe(200);
    const [first] = (await list.json()) as Record<string, unknown>[];
    expect(Object.keys(first ?? {}).sort()).toEqual(
      [
        "createdAt",
        "dataConnectorId",
        "dataConnectorName",
        "dataConnectorType",
        "description",
        "id",
        "lastDryRunAt",
        "lastDryRunCount",
        "name",
        "parameters",
        "sqlQuery",
        "updatedAt",
      ].sort(),
    );
    const patch = await t.rest(json("PATCH", `/segments/${created.id}`, { description: "changed" }), admin);
    expect(((await patch.json()) as { description: string }).description).toBe("changed");
    const get = await t.rest(json("GET", `/segments/${created.id}`), admin);
    expect(((await get.json()) as { description: string }).description).toBe("changed");
    expect((await t.rest(json("DELETE", `/segments/${created.id}`), admin)).status).toBe(200);
    expect((await t.rest(json("GET", `/segments/${created.id}`), admin)).status).toBe(404);
  });

  it("refuses anonymous callers", async () => {
    expect((await t.rest(json("GET", "/segments"))).status).toBe(401);
  });
});

describe("segment validation", () => {
  it("answers every bad input with an error naming the problem and changes nothing", async () => {
    const caller = t.caller(member);
    await caller.segments.create(lowCreditsInput());
    const segmentCount = await countRows(segments);
    const auditCount = await countRows(auditLog);
    const base = { ...lowCreditsInput(), name: "Other" };

    const cases: [Record<string, unknown>, RegExp][] = [
      [{ name: "  " }, /name: Name is required/],
      [{ name: "x".repeat(121) }, /name: Name must be at most 120 characters/],
      [{ description: "x".repeat(2001) }, /description: Description must be at most 2000 characters/],
      [{ sqlQuery: "   " }, /sqlQuery: SQL is required/],
      [{ sqlQuery: `select subject_id, email from demo.customers -- ${"x".repeat(100 * 1024)}` }, /sqlQuery: SQL must be at most 100 KB/],
      [{ dataConnectorId: "not-a-uuid" }, /dataConnectorId: Choose a data connector/],
      [{ dataConnectorId: "00000000-0000-4000-8000-000000000000" }, /data connector 00000000-0000-4000-8000-000000000000 does not exist/],
      [{ parameters: [{ name: "9lives", type: "string" }] }, /parameters\.0\.name: Parameter names start with a letter/],
      [{ parameters: [{ name: "max_credits", type: "number" }, { name: "max_credits", type: "string" }] }, /Parameter "max_credits" is declared more than once/],
      [{ parameters: [{ name: "max_credits", type: "money" }] }, /parameters\.0\.type: Parameter type must be one of string, number, boolean, date, timestamp/],
      [{ parameters: [{ name: "max_credits", type: "number", default: "lots" }] }, /Parameter "max_credits": default "lots" is not a number/],
      [{ parameters: [{ name: "since", type: "date", default: "2024-02-30" }] }, /Parameter "since": default "2024-02-30" is not a date/],
    ];
    for (const [patch, message] of cases) {
      const error = await apiError(caller.segments.create({ ...base, ...patch } as Parameters<typeof caller.segments.create>[0]));
      expect(error.code, JSON.stringify(patch).slice(0, 80)).toBe("BAD_REQUEST");
      expect(error.message).toMatch(message);
    }

    const conflict = await apiError(caller.segments.create({ ...base, name: "Low credits" }));
    expect(conflict).toEqual({ code: "CONFLICT", message: 'A segment named "Low credits" already exists; choose another name.' });

    expect(await countRows(segments)).toBe(segmentCount);
    expect(await countRows(auditLog)).toBe(auditCount);
  });

  it.each([
    ["delete from demo.customers", /Only SELECT queries .* not DELETE/, 1],
    ["select 1 as subject_id, 'a@b.c' as email; select 2", /Only one statement is allowed/, 43],
    ["select subject_id, email from demo.customers for update", /Locking clauses .* are not allowed/, 46],
    ["select subject_id, email from demo.customers where credits < :limit", /Parameter :limit is not declared/, 62],
  ])("refuses SQL the governor rejects over REST with 400 and a position: %s", async (refused, problem, position) => {
    const before = await countRows(segments);
    const response = await t.rest(json("POST", "/segments", { ...lowCreditsInput(), sqlQuery: refused, parameters: [] }), member);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { message: string; data?: { details?: { position?: number } } };
    expect(body.message).toMatch(problem);
    expect(body.message).toContain(`(at character ${position})`);
    expect(body.data?.details?.position).toBe(position);
    expect(await countRows(segments)).toBe(before);
  });

  it("checks the SQL with the analyzer of the connector's engine (BigQuery)", async () => {
    const bigQuery = await createDataConnector(t.services, admin, {
      name: "Warehouse",
      type: "BIGQUERY",
      config: {
        projectId: "acme",
        credentialsJson: JSON.stringify({ client_email: "reader@acme.iam.gserviceaccount.com", private_key: "-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----\n" }),
      },
    });
    const saved = await t.caller(member).segments.create({
      name: "Pro plan",
      sqlQuery: "select subject_id, email from `acme.crm.customers` where plan = :plan",
      dataConnectorId: bigQuery.id,
      parameters: [{ name: "plan", type: "string", default: "pro" }],
    });
    expect(saved.dataConnectorType).toBe("BIGQUERY");
    const response = await t.rest(
      json("POST", "/segments", { name: "Sneaky", sqlQuery: "select 1;\ndelete from `acme.crm.customers` where true", dataConnectorId: bigQuery.id }),
      member,
    );
    expect(response.status).toBe(400);
    const body = (await response.json()) as { message: string; data?: { details?: { position?: number } } };
    expect(body.message).toMatch(/Only one statement is allowed/);
    expect(body.data?.details?.position).toBe(11);
    expect((await t.caller(member).segments.list()).map((s) => s.name)).toEqual(["Pro plan"]);
  });

  it("refuses an update to refused SQL and keeps the saved query", async () => {
    const created = await t.caller(member).segments.create(lowCreditsInput());
    const response = await t.rest(json("PATCH", `/segments/${created.id}`, { sqlQuery: "select 1; select 2" }), member);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { message: string; data?: { details?: { position?: number } } };
    expect(body.message).toMatch(/Only one statement is allowed/);
    expect(body.data?.details?.position).toBe(11);
    expect((await t.caller(member).segments.get({ id: created.id })).sqlQuery).toBe(LOW_CREDITS_SQL);
    expect(await t.services.db.select().from(auditLog).where(and(eq(auditLog.entityId, created.id), eq(auditLog.action, "segment.update")))).toHaveLength(0);
  });
});

describe("segment dry run", () => {
  it("returns the documented shape over REST against the demo data and records the count", async () => {
    const created = await t.caller(member).segments.create(lowCreditsInput());
    const expected = await scalar("select count(*)::int as n from demo.customers where credits < 0");
    expect(expected).toBeGreaterThan(5);

    const response = await t.rest(json("POST", `/segments/${created.id}/dry-run`, { params: { max_credits: 0 }, limit: 5 }), member);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { columns: { name: string }[]; rows: Record<string, unknown>[]; count: number; durationMs: number };
    expect(body.columns.map((c) => c.name)).toEqual(["subject_id", "email", "credits"]);
    expect(body.count).toBe(expected);
    expect(body.rows).toHaveLength(5);
    expect(body.rows.every((row) => Number(row.credits) < 0)).toBe(true);
    expect(body.durationMs).toBeGreaterThanOrEqual(0);
    expect(body).not.toHaveProperty("bytesProcessed");

    const stored = await t.caller(member).segments.get({ id: created.id });
    expect(stored.lastDryRunCount).toBe(expected);
    expect(stored.lastDryRunAt).toBeInstanceOf(Date);
    expect(stored.updatedAt).toEqual(created.updatedAt);

    const defaults = await t.caller(member).segments.dryRun({ id: created.id });
    expect(defaults.count).toBe(expected);
    expect(defaults.rows.length).toBe(Math.min(100, expected));
  });

  it("binds parameters as real query parameters: an injection attempt is only a string", async () => {
    const created = await t.caller(admin).segments.create({
      name: "By email",
      sqlQuery: "select subject_id, email from demo.customers where email = :email",
      dataConnectorId: connectorId,
      parameters: [{ name: "email", type: "string" }],
    });
    const attack = await t.caller(admin).segments.dryRun({ id: created.id, params: { email: "'; drop table demo.customers; --" } });
    expect(attack.count).toBe(0);
    expect(attack.rows).toEqual([]);
    const quoteAttack = await t.caller(admin).segments.dryRun({ id: created.id, params: { email: "x' or '1'='1" } });
    expect(quoteAttack.count).toBe(0);
    expect(await scalar("select count(*)::int as n from demo.customers")).toBe(demoTotal);

    const alice = await t.caller(admin).segments.dryRun({ id: created.id, params: { email: "alice@example.com" } });
    expect(alice.rows).toEqual([{ subject_id: "cus_alice", email: "alice@example.com" }]);
  });

  it("refuses unknown parameters and parameters without a value, naming them", async () => {
    const created = await t.caller(member).segments.create({ ...lowCreditsInput(), parameters: [{ name: "max_credits", type: "number" }] });
    await expect(t.caller(member).segments.dryRun({ id: created.id })).rejects.toThrow(/parameter "max_credits" needs a value/);
    await expect(t.caller(member).segments.dryRun({ id: created.id, params: { max_credits: 1, other: 2 } })).rejects.toThrow(/unknown parameter "other"/);
    await expect(t.caller(member).segments.dryRun({ id: created.id, params: { max_credits: "many" } })).rejects.toThrow(
      /parameter "max_credits": value "many" is not a number/,
    );
  });

  it("refuses a result without subject_id or email with a clear error, counts it and stores nothing", async () => {
    const created = await t.caller(member).segments.create({
      ...lowCreditsInput(),
      sqlQuery: "select subject_id as id, credits from demo.customers where credits < :max_credits",
    });
    const before = await missingColumnErrors();
    const response = await t.rest(json("POST", `/segments/${created.id}/dry-run`, {}), member);
    expect(response.status).toBe(422);
    const body = (await response.json()) as { message: string };
    expect(body.message).toMatch(/must return the columns subject_id and email; missing: subject_id, email/);
    expect(await missingColumnErrors()).toBe(before + 1);
    expect((await t.caller(member).segments.get({ id: created.id })).lastDryRunCount).toBeNull();
  });

  it("previews unsaved SQL without storing anything", async () => {
    const segmentsBefore = await countRows(segments);
    const result = await t.caller(member).segments.preview({
      dataConnectorId: connectorId,
      sqlQuery: "select subject_id, email from demo.customers where subject_id in (:first, :second) or email = :email",
      parameters: [
        { name: "first", type: "string", default: "cus_bob" },
        { name: "second", type: "string", default: "cus_diana" },
        { name: "email", type: "string" },
      ],
      params: { email: "charlie@example.com" },
      limit: 10,
    });
    expect(result.count).toBe(3);
    expect(result.rows.map((r) => r.subject_id).sort()).toEqual(["cus_bob", "cus_charlie", "cus_diana"]);
    expect(await countRows(segments)).toBe(segmentsBefore);

    const refused = await t
      .caller(member)
      .segments.preview({ dataConnectorId: connectorId, sqlQuery: "select subject_id, email from demo.customers;\ndrop table demo.customers" })
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(refused).toMatchObject({ code: "BAD_REQUEST" });
  });

  it("masks emails for members when the workspace asks for it, never for admins", async () => {
    const created = await t.caller(admin).segments.create({
      name: "Reference customers",
      sqlQuery: "select subject_id, email, email as contact from demo.customers where subject_id in ('cus_alice', 'cus_bob') order by subject_id",
      dataConnectorId: connectorId,
    });
    const unmasked = await t.caller(member).segments.dryRun({ id: created.id });
    expect(unmasked.rows.map((r) => r.email)).toEqual(["alice@example.com", "bob@example.com"]);
    expect(unmasked.masked).toBe(false);

    await updateWorkspaceSettings(t.services.db, admin, { maskPiiForMembers: true });
    const masked = await t.caller(member).segments.dryRun({ id: created.id });
    expect(masked.masked).toBe(true);
    expect(masked.rows).toEqual([
      { subject_id: "cus_alice", email: "a***@example.com", contact: "a***@example.com" },
      { subject_id: "cus_bob", email: "b***@example.com", contact: "b***@example.com" },
    ]);
    const preview = await t.caller(member).segments.preview({ dataConnectorId: connectorId, sqlQuery: created.sqlQuery });
    expect(preview.rows.map((r) => r.email)).toEqual(["a***@example.com", "b***@example.com"]);

    const asAdmin = await t.caller(admin).segments.dryRun({ id: created.id });
    expect(asAdmin.masked).toBe(false);
    expect(asAdmin.rows.map((r) => r.email)).toEqual(["alice@example.com", "bob@example.com"]);
  });
});

describe("segment deletion", () => {
  it("is refused while single sends use the segment, naming them", async () => {
    const created = await t.caller(member).segments.create(lowCreditsInput());
    const [template] = await t.services.db.insert(templates).values({ key: "welcome", name: "Welcome" }).returning();
    const [emailConnector] = await t.services.db
      .insert(emailConnectors)
      .values({ name: "Inbox", type: "DEV_INBOX", encryptedConfig: t.services.keyring.encryptJson({}) })
      .returning();
    const [profile] = await t.services.db
      .insert(senderProfiles)
      .values({ name: "Acme", fromEmail: "hello@acme.test", emailConnectorId: emailConnector!.id })
      .returning();
    for (const name of ["Top-up reminder", "Credit warning"]) {
      await t.services.db.insert(singleSends).values({ name, segmentId: created.id, templateId: template!.id, senderProfileId: profile!.id });
    }

    const response = await t.rest(json("DELETE", `/segments/${created.id}`), member);
    expect(response.status).toBe(412);
    const body = (await response.json()) as { message: string };
    expect(body.message).toBe('Segment "Low credits" is used by single sends "Credit warning", "Top-up reminder"; point them at another segment or delete them first.');
    expect(await t.caller(member).segments.get({ id: created.id })).toMatchObject({ id: created.id });
    expect(await t.services.db.select().from(auditLog).where(eq(auditLog.action, "segment.delete"))).toHaveLength(0);
  });
});
