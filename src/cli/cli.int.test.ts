import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, components, dataConnectors, emailConnectors, segments, senderProfiles, templates, templateVersions, users } from "@/server/db/schema";
import { authenticateApiKey } from "@/server/domain/api-keys/api-keys";
import { DEMO_READER_ROLE, REFERENCE_CUSTOMERS } from "@/server/domain/demo/demo-customers";
import { DEMO_TEMPLATE_KEY } from "@/server/domain/demo/demo-templates";
import { DEMO_ADMIN, DEMO_DATA_CONNECTOR_NAME } from "@/server/domain/demo/seed-demo";
import { previewTemplate } from "@/server/domain/templates/preview";
import { findUserByEmail, resetUserPassword } from "@/server/domain/users/users";
import { systemActor } from "@/server/domain/auth/actor";
import { Keyring, verifyPassword } from "@/server/lib/crypto";
import { DomainError } from "@/server/lib/errors";
import { adminUrl, databaseUrl } from "@/test/database-urls";
import { createTestEnvironment, type TestEnvironment } from "@/test/harness";
import { runMigrate } from "./commands/migrate";
import { runRotateEncryptionKey } from "./commands/rotate-encryption-key";
import { runSeedDemo } from "./commands/seed-demo";

/** md5 over the generated customers: changes only when the generator does, whatever machine runs it. */
const EXPECTED_CUSTOMERS_CHECKSUM = "ffa5652086c02945a40255a1e412424e";

let t: TestEnvironment;
beforeAll(async () => {
  t = await createTestEnvironment();
});
afterAll(() => t.teardown());

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("npx", ["tsx", "src/cli/index.ts", ...args], {
      cwd: process.cwd(),
      env: { ...process.env, DATABASE_URL: t.databaseUrl, QUEUE_PREFIX: t.queuePrefix, LOG_LEVEL: "silent" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

async function snapshot() {
  const [row] = await t.services.db.execute<Record<string, number | string>>(sql`
    select
      (select count(*)::int from demo.customers) as customers,
      (select md5(string_agg(concat_ws('|', subject_id, email, first_name, last_name, plan, country, credits, balance,
         extract(epoch from signup_at), extract(epoch from last_active_at)), E'\n' order by subject_id)) from demo.customers) as checksum,
      (select count(*)::int from users) as users,
      (select count(*)::int from workspace_settings) as settings,
      (select count(*)::int from data_connectors) as data_connectors,
      (select count(*)::int from email_connectors) as email_connectors,
      (select count(*)::int from sender_profiles) as sender_profiles,
      (select count(*)::int from segments) as segments,
      (select count(*)::int from components) as components,
      (select count(*)::int from templates) as templates,
      (select count(*)::int from template_versions) as template_versions,
      (select max(updated_at)::text from components) as components_updated_at,
      (select string_agg(md5(coalesce(compiled_html, '')), ',') from template_versions) as compiled_html,
      (select count(*)::int from audit_log) as audit_entries`);
  return row;
}

describe("seed-demo", () => {
  let firstRun: string[];
  let secondRun: string[];
  let afterFirst: Awaited<ReturnType<typeof snapshot>>;
  let afterSecond: Awaited<ReturnType<typeof snapshot>>;
  beforeAll(async () => {
    firstRun = await runSeedDemo(t.services);
    afterFirst = await snapshot();
    secondRun = await runSeedDemo(t.services);
    afterSecond = await snapshot();
  });

  it("creates the demo workspace once and changes nothing when run again", () => {
    expect(firstRun.join("\n")).toMatch(/10,004 in demo\.customers \(10,004 added now\)/);
    expect(firstRun.join("\n")).toContain("admin@emailops.local / emailops-demo");
    expect(firstRun.join("\n")).toContain('Data connector "Demo warehouse" (reads demo.customers): created.');
    expect(secondRun.join("\n")).toMatch(/\(0 added now\)/);
    expect(secondRun.join("\n")).toContain('Data connector "Demo warehouse" (reads demo.customers): already present.');
    expect(afterSecond).toEqual(afterFirst);
    expect(afterFirst).toMatchObject({ customers: 10_004, users: 1, settings: 1, data_connectors: 1, email_connectors: 1, sender_profiles: 1 });
    expect(afterFirst).toMatchObject({ components: 3, templates: 1, template_versions: 1 });
    expect(firstRun.join("\n")).toContain("Components header, button, footer: 3 created now.");
    expect(firstRun.join("\n")).toContain('Template "Credits running low" (credits-low, published): created.');
    expect(secondRun.join("\n")).toContain("Components header, button, footer: 0 created now.");
    expect(secondRun.join("\n")).toContain('Template "Credits running low" (credits-low, published): already present.');
  });

  it("generates the same customers on every machine", async () => {
    const [row] = await t.services.db.execute<{ checksum: string }>(sql`
      select md5(string_agg(concat_ws('|', subject_id, email, plan, country, credits, balance, extract(epoch from signup_at)),
        ',' order by subject_id collate "C")) as checksum from demo.customers`);
    expect(row?.checksum).toBe(EXPECTED_CUSTOMERS_CHECKSUM);
  });

  it("contains the reference customers, the credit bands, invalid and duplicate emails", async () => {
    const db = t.services.db;
    const [stats] = await db.execute<Record<string, number>>(sql`
      select
        count(*)::int as total,
        count(*) filter (where credits < 0)::int as negative_credits,
        count(*) filter (where credits between 0 and 4)::int as under_5,
        count(*) filter (where credits between 5 and 19)::int as under_20,
        count(*) filter (where credits >= 20)::int as plenty,
        count(*) filter (where balance < 0)::int as negative_balance,
        count(distinct plan)::int as plans,
        count(*) filter (where country !~ '^[A-Z]{2}$')::int as bad_countries,
        count(*) filter (where email in ('not-an-email', 'bob@', ''))::int as invalid_emails
      from demo.customers`);
    expect(stats?.total).toBeGreaterThanOrEqual(10_000);
    for (const band of ["negative_credits", "under_5", "under_20", "plenty", "negative_balance"]) {
      expect(stats?.[band], band).toBeGreaterThan(100);
    }
    expect(stats).toMatchObject({ plans: 4, bad_countries: 0, invalid_emails: 3 });

    const duplicates = await db.execute<{ email: string; subjects: number }>(sql`
      select email, count(distinct subject_id)::int as subjects from demo.customers group by email having count(*) > 1`);
    expect(duplicates.length).toBeGreaterThanOrEqual(5);
    expect(duplicates.every((d) => d.subjects === 2)).toBe(true);

    const reference = await db.execute<{ subject_id: string; email: string; credits: number; balance: string }>(sql`
      select subject_id, email, credits, balance from demo.customers where subject_id like 'cus\_%' and subject_id !~ '[0-9]' order by credits`);
    expect(reference.map((r) => ({ subjectId: r.subject_id, email: r.email, credits: r.credits, balance: Number(r.balance) }))).toEqual(
      [...REFERENCE_CUSTOMERS],
    );
  });

  it("seeds an admin who can sign in, the dev inbox and a sender profile on it, audited as seed-demo", async () => {
    const db = t.services.db;
    const admin = await findUserByEmail(db, DEMO_ADMIN.email);
    expect(admin?.role).toBe("admin");
    expect(await verifyPassword(DEMO_ADMIN.password, admin?.passwordHash ?? "")).toBe(true);

    const [connector] = await db.select().from(emailConnectors);
    expect(connector).toMatchObject({ name: "Dev inbox", type: "DEV_INBOX" });
    expect(t.services.keyring.decryptJson(connector?.encryptedConfig ?? "")).toEqual({});
    const [profile] = await db.select().from(senderProfiles);
    expect(profile).toMatchObject({
      name: "Acme Demo",
      fromEmail: "hello@acme.test",
      fromName: "Acme",
      bucketSize: 100,
      refillPerSecond: 10,
      emailConnectorId: connector?.id,
    });

    const entries = await db.select().from(auditLog).where(eq(auditLog.actorLabel, "seed-demo"));
    expect(entries.map((e) => e.action).sort()).toEqual([
      "component.create",
      "component.create",
      "component.create",
      "data-connector.create",
      "email-connector.create",
      "segment.create",
      "sender-profile.create",
      "settings.update",
      "template.create",
      "template.version.create",
      "template.version.publish",
      "user.create",
    ]);
    expect(entries.every((e) => e.actorType === "system")).toBe(true);
  });

  it("seeds a published credits-low template built from the header, button and footer components", async () => {
    const [template] = await t.services.db.select().from(templates).where(eq(templates.key, DEMO_TEMPLATE_KEY));
    if (!template) throw new Error("demo template missing");
    const preview = await previewTemplate(t.services.db, {
      id: template.id,
      data: { first_name: "Alice", credits: 3, ctaUrl: "https://acme.test/top-up/alice" },
    });
    expect(preview).toMatchObject({ version: 1, subject: "Alice, you have 3 credits left", preheader: "Top up before you run out.", missingVariables: [] });
    expect(preview.variables).toEqual(expect.arrayContaining(["credits", "ctaUrl", "first_name"]));
    expect(preview.html).toContain('href="https://acme.test/top-up/alice"');
    for (const text of ["Acme Demo", "Musterstraße 1", "Add credits", "<strong>3</strong>"]) expect(preview.html).toContain(text);
    const [version] = await t.services.db.select().from(templateVersions).where(eq(templateVersions.templateId, template.id));
    expect(version).toMatchObject({ active: true, authoringMode: "MJML" });
    expect(version?.publishedAt).toBeInstanceOf(Date);
    const gallery = await t.services.db.select({ name: components.name, previewHtml: components.previewHtml }).from(components);
    expect(gallery.map((c) => c.name).sort()).toEqual(["button", "footer", "header"]);
    expect(gallery.every((c) => (c.previewHtml ?? "").includes("<html"))).toBe(true);
  });

  it("never resets the password of an existing demo admin", async () => {
    const admin = await findUserByEmail(t.services.db, DEMO_ADMIN.email);
    if (!admin) throw new Error("demo admin missing");
    await resetUserPassword(t.services.db, systemActor("test"), admin.id, "changed-by-the-operator");
    const lines = await runSeedDemo(t.services);
    expect(lines.join("\n")).toContain("password was left unchanged");
    const after = await findUserByEmail(t.services.db, DEMO_ADMIN.email);
    expect(await verifyPassword("changed-by-the-operator", after?.passwordHash ?? "")).toBe(true);
  });

  it("gives the reader role SELECT on demo.customers and nothing else", async () => {
    const url = new URL(t.databaseUrl);
    url.username = DEMO_READER_ROLE;
    const reader = postgres(url.toString(), { max: 1, onnotice: () => undefined });
    try {
      const [row] = await reader<{ n: number }[]>`select count(*)::int as n from demo.customers`;
      expect(row?.n).toBeGreaterThanOrEqual(10_000);
      await expect(
        reader`insert into demo.customers (subject_id, email, first_name, last_name, plan, country, credits, balance, signup_at, last_active_at)
               values ('x', 'x@example.com', 'X', 'Y', 'free', 'US', 1, 1, now(), now())`,
      ).rejects.toMatchObject({ code: "42501" });
      await expect(reader`delete from demo.customers`).rejects.toMatchObject({ code: "42501" });
      await expect(reader`select count(*) from public.users`).rejects.toMatchObject({ code: "42501" });
    } finally {
      await reader.end();
    }
  });
  it("seeds the demo warehouse: a POSTGRES connector on the system database, logged in as the read-only demo role", async () => {
    const connectors = await t.services.db.select().from(dataConnectors);
    expect(connectors).toEqual([expect.objectContaining({ name: DEMO_DATA_CONNECTOR_NAME, type: "POSTGRES" })]);
    const config = t.services.keyring.decryptJson<{ connectionString: string }>(connectors[0]?.encryptedConfig ?? "");
    const url = new URL(config.connectionString);
    const system = new URL(t.databaseUrl);
    expect({ user: url.username, password: url.password, host: url.host, database: url.pathname }).toEqual({
      user: DEMO_READER_ROLE,
      password: "",
      host: system.host,
      database: system.pathname,
    });
    const reader = postgres(config.connectionString, { max: 1, onnotice: () => undefined });
    try {
      const [row] = await reader<{ n: number }[]>`select count(*)::int as n from demo.customers`;
      expect(row?.n).toBe(10_004);
    } finally {
      await reader.end();
    }
  });
});

describe("rotate-encryption-key", () => {
  const OLD_SECRET = "retired-secret-retired-secret-0000001";
  const NEW_SECRET = "current-secret-current-secret-000002";
  const old = Keyring.fromSecrets(OLD_SECRET, undefined);

  it("re-encrypts every config sealed with a previous secret, once, and audits it", async () => {
    const db = t.services.db;
    await db.delete(senderProfiles);
    await db.delete(emailConnectors);
    await db.delete(segments);
    await db.delete(dataConnectors);
    const [data] = await db
      .insert(dataConnectors)
      .values({ type: "POSTGRES", name: "warehouse", encryptedConfig: old.encryptJson({ connectionString: "postgres://w" }) })
      .returning();
    const [email] = await db
      .insert(emailConnectors)
      .values({ type: "DEV_INBOX", name: "inbox", encryptedConfig: old.encryptJson({}) })
      .returning();
    const rotating = Keyring.fromSecrets(NEW_SECRET, OLD_SECRET);
    const current = Keyring.fromSecrets(NEW_SECRET, undefined);
    await db.insert(emailConnectors).values({ type: "DEV_INBOX", name: "already current", encryptedConfig: current.encryptJson({}) });

    expect((await runRotateEncryptionKey({ db, keyring: rotating })).join("\n")).toMatch(/Rotated 2 connector configs .*\(1 data, 1 email\)/);
    const [storedData] = await db.select().from(dataConnectors).where(eq(dataConnectors.id, data?.id ?? ""));
    const [storedEmail] = await db.select().from(emailConnectors).where(eq(emailConnectors.id, email?.id ?? ""));
    expect(current.decryptJson(storedData?.encryptedConfig ?? "")).toEqual({ connectionString: "postgres://w" });
    expect(current.decryptJson(storedEmail?.encryptedConfig ?? "")).toEqual({});

    expect((await runRotateEncryptionKey({ db, keyring: rotating })).join("\n")).toMatch(/Rotated 0 connector configs/);
    const audited = await db.select().from(auditLog).where(eq(auditLog.actorLabel, "rotate-encryption-key"));
    expect(audited.map((a) => a.action).sort()).toEqual(["data-connector.rotate-encryption-key", "email-connector.rotate-encryption-key"]);
  });

  it("changes nothing when a config was sealed with a secret that is no longer configured", async () => {
    const db = t.services.db;
    const [row] = await db
      .insert(dataConnectors)
      .values({ type: "POSTGRES", name: "orphaned", encryptedConfig: old.encryptJson({ connectionString: "postgres://o" }) })
      .returning();
    const withoutOld = Keyring.fromSecrets(NEW_SECRET, undefined);
    const error = await runRotateEncryptionKey({ db, keyring: withoutOld }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).message).toMatch(/"orphaned" cannot be decrypted.*ENCRYPTION_PREVIOUS_SECRETS/);
    const [after] = await db.select().from(dataConnectors).where(eq(dataConnectors.id, row?.id ?? ""));
    expect(after?.encryptedConfig).toBe(row?.encryptedConfig);
  });
});

describe("migrate", () => {
  it("creates a missing database, migrates it, and is a no-op the second time", async () => {
    const name = `emailops_test_cli_${randomBytes(4).toString("hex")}`;
    const url = databaseUrl(name);
    try {
      expect(await runMigrate(url)).toContain(`Created database "${name}".`);
      expect(await runMigrate(url)).toContain(`Database "${name}" exists.`);
      const check = postgres(url, { max: 1, onnotice: () => undefined });
      const [row] = await check<{ n: number }[]>`select count(*)::int as n from users`;
      await check.end();
      expect(row?.n).toBe(0);
    } finally {
      const admin = postgres(adminUrl(), { max: 1, onnotice: () => undefined });
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    }
  });
});

describe("the emailops command", () => {
  it("prints a working API key on the last line of create-api-key", { timeout: 90_000 }, async () => {
    const result = await runCli(["create-api-key", "--name", "x"]);
    expect(result.code, result.stderr).toBe(0);
    const key = result.stdout.trimEnd().split("\n").at(-1) ?? "";
    expect(key).toMatch(/^eo_/);
    expect(await authenticateApiKey(t.services.db, key)).toMatchObject({ type: "api_key", name: "x" });
    const [entry] = await t.services.db.select().from(auditLog).where(eq(auditLog.action, "api-key.create"));
    expect(entry?.actorLabel).toBe("cli");
  });

  it("reports bad input with its message and exit code 1, without a stack trace", { timeout: 90_000 }, async () => {
    const result = await runCli(["create-user", "--email", "not-an-email", "--password", "long-enough-password", "--role", "member"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("email: Enter a valid email address");
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(await t.services.db.select().from(users).where(eq(users.email, "not-an-email"))).toHaveLength(0);
  });
});
