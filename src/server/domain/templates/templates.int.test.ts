import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditLog, singleSends, templates, templateVersions } from "@/server/db/schema";
import type { Actor } from "@/server/domain/auth/actor";
import { closeAllDataConnectorAdapters } from "@/server/domain/data-connectors/adapter-cache";
import { createDataConnector } from "@/server/domain/data-connectors/data-connectors";
import { seedDemoCustomers } from "@/server/domain/demo/demo-customers";
import { listDevInboxMessages } from "@/server/domain/dev-inbox/dev-inbox";
import { createEmailConnector } from "@/server/domain/email-connectors/email-connectors";
import { SENDER_PROFILE_HEADER, TEST_EMAIL_HEADER } from "@/server/domain/sender-profiles/send-test-email";
import { createSenderProfile } from "@/server/domain/sender-profiles/sender-profiles";
import { createSegment } from "@/server/domain/segments/segments";
import type { CreateComponentInput } from "@/server/domain/components/inputs";
import { apiError } from "@/test/api-error";
import { createTestUser } from "@/test/factories";
import { createTestEnvironment, type TestEnvironment } from "@/test/harness";
import { sendTemplateTest, TEMPLATE_ID_HEADER, TEMPLATE_VERSION_HEADER } from "./send-template-test";

let t: TestEnvironment;
let admin: Actor;
let member: Actor;

beforeAll(async () => {
  t = await createTestEnvironment();
  await t.services.db.transaction((tx) => seedDemoCustomers(tx));
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
});

const email = (actor: Actor) => (actor.type === "user" ? actor.email : "");

const json = (method: string, path: string, body?: unknown) =>
  new Request(`http://localhost/api/v1${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

const mjml = (inner: string) => `<mjml>\n  <mj-body>\n${inner}\n  </mj-body>\n</mjml>`;

const BUTTON: CreateComponentInput = {
  name: "button",
  type: "BUTTON",
  contentType: "MJML",
  content: '<mj-button href="{{url}}" background-color="{{color}}">{{text}}</mj-button>',
  variables: [
    { name: "text", type: "string", defaultValue: "Go" },
    { name: "url", type: "url", defaultValue: "https://example.com" },
    { name: "color", type: "color", defaultValue: "#2563eb" },
  ],
};

const WELCOME_BODY = mjml(`    <mj-section>
      <mj-column>
        <mj-text>Hello {{first_name}}, you have {{credits}} credits.</mj-text>
        {{> button text="Add credits" url=ctaUrl }}
      </mj-column>
    </mj-section>`);

const welcomeVersion = (overrides: Record<string, unknown> = {}) => ({
  subject: "Hi {{first_name}}",
  preheader: "Credits for {{first_name}}",
  authoringMode: "MJML" as const,
  bodyMjml: WELCOME_BODY,
  ...overrides,
});

async function createWelcome(actor: Actor = member) {
  await t.caller(actor).components.create(BUTTON);
  const template = await t.caller(actor).templates.create({ key: "welcome", name: "Welcome", initialVersion: welcomeVersion() });
  const [draft] = await t.caller(actor).templates.versions({ id: template.id });
  if (!draft) throw new Error("no draft");
  return { template, draft };
}

async function count(table: typeof templates | typeof templateVersions | typeof auditLog): Promise<number> {
  const [row] = await t.services.db.select({ n: sql<number>`count(*)::int` }).from(table);
  return row?.n ?? 0;
}

describe("templates CRUD", () => {
  it("lets a member create a template with a first draft, read, list, update and delete it, audited", async () => {
    const caller = t.caller(member);
    const created = await caller.templates.create({ key: "welcome", name: "Welcome", category: "TRANSACTIONAL", initialVersion: welcomeVersion() });
    expect(created).toMatchObject({ key: "welcome", name: "Welcome", category: "TRANSACTIONAL", versionCount: 1, latestVersion: 1, activeVersion: null, activeVersionId: null });
    expect(await caller.templates.get({ id: created.id })).toEqual(created);

    const bare = await caller.templates.create({ key: "bare", name: "Bare" });
    expect(bare).toMatchObject({ category: "MARKETING", versionCount: 0, latestVersion: null });
    expect((await caller.templates.list()).map((x) => x.key)).toEqual(["bare", "welcome"]);

    const updated = await caller.templates.update({ id: created.id, name: "Welcome aboard", key: "welcome-aboard" });
    expect(updated).toMatchObject({ name: "Welcome aboard", key: "welcome-aboard", versionCount: 1 });

    await caller.templates.delete({ id: created.id });
    await expect(caller.templates.get({ id: created.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await t.services.db.select().from(templateVersions).where(eq(templateVersions.templateId, created.id))).toEqual([]);

    const actions = await t.services.db.select().from(auditLog).where(eq(auditLog.entityId, created.id)).orderBy(auditLog.createdAt);
    expect(actions.map((a) => a.action)).toEqual(["template.create", "template.update", "template.delete"]);
    expect(actions[1]).toMatchObject({ actorLabel: email(member), before: expect.objectContaining({ key: "welcome" }), after: expect.objectContaining({ key: "welcome-aboard" }) });
  });

  it("answers bad input with an error naming the field and changes nothing", async () => {
    const caller = t.caller(member);
    await caller.templates.create({ key: "welcome", name: "Welcome" });
    const templatesBefore = await count(templates);
    const auditBefore = await count(auditLog);

    const cases: [Record<string, unknown>, RegExp][] = [
      [{ key: "Welcome Mail" }, /^key: Key must be a slug/],
      [{ key: "x".repeat(81) }, /^key: Key must be at most 80 characters/],
      [{ name: " " }, /^name: Name is required/],
      [{ category: "NEWS" }, /^category: Category must be MARKETING or TRANSACTIONAL/],
      [{ initialVersion: welcomeVersion({ subject: "" }) }, /^initialVersion\.subject: Subject is required/],
      [{ initialVersion: welcomeVersion({ bodyMjml: undefined, bodyHtml: "<p>x</p>" }) }, /^initialVersion\.bodyMjml: MJML body is required in MJML mode/],
      [{ initialVersion: welcomeVersion({ authoringMode: "BUILDER", builderJson: { version: 1 } }) }, /^initialVersion\.builderJson: /],
      [{ initialVersion: welcomeVersion({ bodyMjml: "x".repeat(500 * 1024 + 1) }) }, /^initialVersion\.bodyMjml: MJML body must be at most 500 KB/],
    ];
    for (const [patch, message] of cases) {
      const error = await apiError(caller.templates.create({ key: "other", name: "Other", ...patch } as Parameters<typeof caller.templates.create>[0]));
      expect(error.code, JSON.stringify(patch).slice(0, 80)).toBe("BAD_REQUEST");
      expect(error.message).toMatch(message);
    }
    expect(await apiError(caller.templates.create({ key: "welcome", name: "Second" }))).toEqual({
      code: "CONFLICT",
      message: 'key: the key "welcome" is already used by template "Welcome"; choose another key.',
    });
    expect(await count(templates)).toBe(templatesBefore);
    expect(await count(auditLog)).toBe(auditBefore);
  });

  it("refuses to delete a template single sends use, naming them", async () => {
    const { template } = await createWelcome();
    const dataConnector = await createDataConnector(t.services, admin, { name: "Warehouse", type: "POSTGRES", config: { connectionString: t.databaseUrl } });
    const segment = await createSegment(t.services.db, admin, {
      name: "Everyone",
      sqlQuery: "select subject_id, email from demo.customers",
      dataConnectorId: dataConnector.id,
    });
    const emailConnector = await createEmailConnector(t.services, admin, { name: "Inbox", type: "DEV_INBOX", config: {} });
    const profile = await createSenderProfile(t.services.db, admin, { name: "Acme", fromEmail: "hi@acme.test", emailConnectorId: emailConnector.id });
    for (const name of ["Onboarding day 1", "Onboarding day 7"]) {
      await t.services.db.insert(singleSends).values({ name, segmentId: segment.id, templateId: template.id, senderProfileId: profile.id });
    }
    expect(await apiError(t.caller(member).templates.delete({ id: template.id }))).toEqual({
      code: "PRECONDITION_FAILED",
      message: 'Template "Welcome" is used by single sends "Onboarding day 1", "Onboarding day 7"; point them at another template or delete them first.',
    });
    expect(await t.caller(member).templates.get({ id: template.id })).toMatchObject({ name: "Welcome" });
  });

  it("serves the REST routes", async () => {
    const create = await t.rest(json("POST", "/templates", { key: "rest-one", name: "REST one", initialVersion: welcomeVersion() }), admin);
    expect(create.status).toBe(200);
    const created = (await create.json()) as { id: string; versionCount: number };
    expect(created.versionCount).toBe(1);
    expect((await t.rest(json("PATCH", `/templates/${created.id}`, { name: "REST renamed" }), admin)).status).toBe(200);
    const got = (await (await t.rest(json("GET", `/templates/${created.id}`), admin)).json()) as { name: string };
    expect(got.name).toBe("REST renamed");
    const list = (await (await t.rest(json("GET", "/templates"), admin)).json()) as unknown[];
    expect(list).toHaveLength(1);

    const added = await t.rest(json("POST", `/templates/${created.id}/versions`, welcomeVersion({ subject: "Second" })), admin);
    const version = (await added.json()) as { id: string; version: number; status: string };
    expect(version).toMatchObject({ version: 2, status: "DRAFT" });
    const history = (await (await t.rest(json("GET", `/templates/${created.id}/versions`), admin)).json()) as { version: number }[];
    expect(history.map((v) => v.version)).toEqual([2, 1]);
    const edit = await t.rest(json("PATCH", `/templates/${created.id}/versions/${version.id}`, { subject: "Edited" }), admin);
    expect(((await edit.json()) as { subject: string }).subject).toBe("Edited");
    const one = (await (await t.rest(json("GET", `/templates/${created.id}/versions/${version.id}`), admin)).json()) as { subject: string };
    expect(one.subject).toBe("Edited");
    expect((await t.rest(json("DELETE", `/templates/${created.id}`), admin)).status).toBe(200);
    expect((await t.rest(json("GET", `/templates/${created.id}`), admin)).status).toBe(404);
  });
});

describe("versions", () => {
  it("numbers versions max+1, also when drafts are created concurrently", async () => {
    const { template } = await createWelcome();
    const caller = t.caller(member);
    const created = await Promise.all(Array.from({ length: 6 }, (_, i) => caller.templates.createVersion({ id: template.id, ...welcomeVersion({ subject: `Draft ${i}` }) })));
    expect(created.map((v) => v.version).sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7]);
    const history = await caller.templates.versions({ id: template.id });
    expect(history.map((v) => v.version)).toEqual([7, 6, 5, 4, 3, 2, 1]);
    expect(history.every((v) => v.status === "DRAFT" && v.createdByEmail === email(member) && v.publishedAt === null)).toBe(true);
    expect(await caller.templates.get({ id: template.id })).toMatchObject({ versionCount: 7, latestVersion: 7 });
  });

  it("edits drafts field by field, keeps only the chosen mode's body and refuses incomplete content", async () => {
    const { template, draft } = await createWelcome();
    const caller = t.caller(member);
    const edited = await caller.templates.updateDraft({ id: template.id, versionId: draft.id, subject: "Welcome, {{first_name}}", bodyText: "Plain text" });
    expect(edited).toMatchObject({ subject: "Welcome, {{first_name}}", preheader: "Credits for {{first_name}}", bodyMjml: WELCOME_BODY, bodyText: "Plain text" });

    const before = await caller.templates.getVersion({ id: template.id, versionId: draft.id });
    expect(await apiError(caller.templates.updateDraft({ id: template.id, versionId: draft.id, authoringMode: "HTML" }))).toEqual({
      code: "BAD_REQUEST",
      message: "bodyHtml: HTML body is required in HTML mode",
    });
    expect(await caller.templates.getVersion({ id: template.id, versionId: draft.id })).toEqual(before);

    const html = await caller.templates.updateDraft({ id: template.id, versionId: draft.id, authoringMode: "HTML", bodyHtml: "<p>Hi {{first_name}}</p>" });
    expect(html).toMatchObject({ authoringMode: "HTML", bodyHtml: "<p>Hi {{first_name}}</p>", bodyMjml: null });

    const other = await caller.templates.create({ key: "other", name: "Other" });
    await expect(caller.templates.updateDraft({ id: other.id, versionId: draft.id, subject: "x" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const audits = await t.services.db.select().from(auditLog).where(and(eq(auditLog.entityId, draft.id), eq(auditLog.action, "template.version.update")));
    expect(audits).toHaveLength(2);
  });

  it("publishes: compiles with the components, freezes the version, and a later component change leaves it as published", async () => {
    const { template, draft } = await createWelcome();
    const caller = t.caller(member);
    const published = await caller.templates.publish({ id: template.id, versionId: draft.id });
    expect(published).toMatchObject({ status: "PUBLISHED", active: true, publishedByEmail: email(member), compiledSubject: "Hi {{first_name}}" });
    expect(published.publishedAt).toBeInstanceOf(Date);
    expect(published.compiledHtml).toContain("Add credits");
    expect(published.compiledHtml).toContain("{{ctaUrl}}");
    expect(published.compiledHtml).not.toContain("{{>");
    expect(published.compiledText).toContain("Hello {{first_name}}");
    expect(await caller.templates.get({ id: template.id })).toMatchObject({ activeVersion: 1, activeVersionId: draft.id });

    const frozen = await apiError(caller.templates.updateDraft({ id: template.id, versionId: draft.id, subject: "Changed" }));
    expect(frozen.code).toBe("CONFLICT");
    expect(frozen.message).toMatch(/^Version 1 is published and frozen; edits create a new draft/);
    const rest = await t.rest(json("PATCH", `/templates/${template.id}/versions/${draft.id}`, { subject: "Changed" }), member);
    expect(rest.status).toBe(409);

    const [button] = await caller.components.list();
    await caller.components.update({ id: button?.id ?? "", content: '<mj-button href="{{url}}">{{text}} NOW</mj-button>' });
    const after = await caller.templates.getVersion({ id: template.id, versionId: draft.id });
    expect(after.compiledHtml).toBe(published.compiledHtml);
    expect(after.subject).toBe("Hi {{first_name}}");

    const frozenPreview = await caller.templates.preview({ id: template.id, data: { first_name: "Ann", credits: 2, ctaUrl: "https://x.test/a" } });
    expect(frozenPreview.html).not.toContain("Add credits NOW");
    const copy = await caller.templates.duplicateVersion({ id: template.id, versionId: draft.id });
    expect(copy).toMatchObject({ version: 2, status: "DRAFT", subject: "Hi {{first_name}}", bodyMjml: WELCOME_BODY, compiledHtml: null });
    const draftPreview = await caller.templates.preview({ id: template.id, versionId: copy.id, data: {} });
    expect(draftPreview.html).toContain("Add credits NOW");
  });

  it("keeps a single active version: publishing v2 deactivates v1; publishing v1 again rolls back without recompiling", async () => {
    const { template, draft: v1 } = await createWelcome();
    const caller = t.caller(member);
    await caller.templates.publish({ id: template.id, versionId: v1.id });
    const v2 = await caller.templates.createVersion({ id: template.id, ...welcomeVersion({ subject: "Version two" }) });
    await caller.templates.publish({ id: template.id, versionId: v2.id });
    const history = await caller.templates.versions({ id: template.id });
    expect(history.map((v) => [v.version, v.status, v.active])).toEqual([
      [2, "PUBLISHED", true],
      [1, "PUBLISHED", false],
    ]);

    await expect(
      t.services.db.update(templateVersions).set({ active: true }).where(eq(templateVersions.id, v1.id)),
    ).rejects.toMatchObject({ cause: expect.objectContaining({ code: "23505" }) });

    const v1Before = await caller.templates.getVersion({ id: template.id, versionId: v1.id });
    const rolledBack = await caller.templates.publish({ id: template.id, versionId: v1.id });
    expect(rolledBack).toMatchObject({ active: true, compiledHtml: v1Before.compiledHtml, publishedAt: v1Before.publishedAt });
    expect(await caller.templates.get({ id: template.id })).toMatchObject({ activeVersion: 1 });
    const actions = await t.services.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entityId, v1.id)).orderBy(auditLog.createdAt);
    expect(actions.map((a) => a.action)).toEqual(["template.version.create", "template.version.publish", "template.version.activate"]);
  });

  it("refuses to publish invalid MJML with 400 and line numbers over REST, leaving the draft unpublished", async () => {
    const { template } = await createWelcome();
    const broken = await t.caller(member).templates.createVersion({
      id: template.id,
      ...welcomeVersion({ bodyMjml: mjml(`    <mj-section>\n      <mj-column>\n        <mj-text>Hi</mj-text>\n        <mj-bogus>x</mj-bogus>\n      </mj-column>\n    </mj-section>`) }),
    });
    const response = await t.rest(json("PATCH", `/templates/${template.id}/versions/${broken.id}/publish`, {}), member);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { message: string; data?: { details?: { problems?: { message: string; line?: number }[] } } };
    expect(body.message).toMatch(/^Line 6: /);
    expect(body.data?.details?.problems).toEqual([expect.objectContaining({ line: 6, message: expect.stringMatching(/mj-bogus/) })]);
    const after = await t.caller(member).templates.getVersion({ id: template.id, versionId: broken.id });
    expect(after).toMatchObject({ status: "DRAFT", active: false, compiledHtml: null });

    const unknownPartial = await t.caller(member).templates.createVersion({
      id: template.id,
      ...welcomeVersion({ bodyMjml: mjml("    {{> nowhere }}") }),
    });
    const error = await apiError(t.caller(member).templates.publish({ id: template.id, versionId: unknownPartial.id }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toMatch(/nowhere/);
  });

  it("diffs two versions line by line", async () => {
    const { template, draft: v1 } = await createWelcome();
    const v2 = await t.caller(member).templates.createVersion({
      id: template.id,
      ...welcomeVersion({ subject: "Hello {{first_name}}", bodyMjml: WELCOME_BODY.replace("you have {{credits}} credits.", "only {{credits}} credits left!") }),
    });
    const diff = await t.caller(member).templates.diff({ id: template.id, fromVersionId: v1.id, toVersionId: v2.id });
    expect(diff.from).toEqual({ id: v1.id, version: 1 });
    expect(diff.to).toEqual({ id: v2.id, version: 2 });
    expect(diff.subject.changed).toBe(true);
    expect(diff.subject.patch).toContain("-Hi {{first_name}}");
    expect(diff.subject.patch).toContain("+Hello {{first_name}}");
    expect(diff.preheader.changed).toBe(false);
    expect(diff.body.lines.filter((l) => l.type !== "unchanged")).toEqual([
      { type: "removed", text: "        <mj-text>Hello {{first_name}}, you have {{credits}} credits.</mj-text>", oldLine: 5, newLine: null },
      { type: "added", text: "        <mj-text>Hello {{first_name}}, only {{credits}} credits left!</mj-text>", oldLine: null, newLine: 5 },
    ]);
  });
});

describe("preview", () => {
  it("renders a draft with data and lists the variables the data misses", async () => {
    const { template } = await createWelcome();
    const preview = await t.caller(member).templates.preview({ id: template.id, data: { first_name: "Ann <3" } });
    expect(preview).toMatchObject({ subject: "Hi Ann <3", preheader: "Credits for Ann <3", version: 1 });
    expect(preview.html).toContain("Hello Ann &lt;3, you have  credits.");
    expect(preview.variables).toEqual(["credits", "ctaUrl", "first_name"]);
    expect(preview.missingVariables).toEqual(["credits", "ctaUrl"]);
    expect(preview.text).toContain("Hello Ann <3");

    const rest = await t.rest(json("POST", `/templates/${template.id}/preview`, { data: { first_name: "Bo", credits: 4, ctaUrl: "https://x.test/top-up" } }), member);
    expect(rest.status).toBe(200);
    const body = (await rest.json()) as { html: string; missingVariables: string[] };
    expect(body.missingVariables).toEqual([]);
    expect(body.html).toContain('href="https://x.test/top-up"');
  });

  it("renders unsaved content and reports compile errors with lines", async () => {
    await t.caller(member).components.create({
      name: "badge",
      type: "SNIPPET",
      contentType: "HTML",
      content: '<span class="badge">{{label}}</span>',
      variables: [{ name: "label", type: "string", defaultValue: "New" }],
    });
    const ok = await t.caller(member).templates.previewSource({
      source: { authoringMode: "HTML", subject: "", bodyHtml: "<style>p{color:red}</style><p>Hi {{name}}</p>{{> badge label=\"VIP\" }}" },
      data: { name: "Zoe" },
    });
    expect(ok.html).toMatch(/<p style="color: ?red;?">Hi Zoe<\/p>/);
    expect(ok.html).toContain('<span class="badge">VIP</span>');
    expect(ok).toMatchObject({ versionId: null, version: null, missingVariables: [] });

    const error = await apiError(t.caller(member).templates.previewSource({ source: { authoringMode: "MJML", subject: "x", bodyMjml: mjml("    {{#if a}}\n") } }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toMatch(/Line \d+/);
  });

  it("previews with a segment's dry-run rows, switching rows by index", async () => {
    const { template } = await createWelcome();
    const connector = await createDataConnector(t.services, admin, { name: "Warehouse", type: "POSTGRES", config: { connectionString: t.databaseUrl } });
    const segment = await createSegment(t.services.db, admin, {
      name: "Reference customers",
      sqlQuery: "select subject_id, email, first_name, credits, signup_at from demo.customers where subject_id in ('cus_alice', 'cus_bob', 'cus_charlie') and credits < :max_credits order by credits",
      dataConnectorId: connector.id,
      parameters: [{ name: "max_credits", type: "number", default: 100 }],
    });
    const caller = t.caller(member);
    const first = await caller.templates.previewWithSegment({ id: template.id, segmentId: segment.id });
    expect(first.rows).toEqual([
      { subjectId: "cus_alice", email: "alice@example.com" },
      { subjectId: "cus_bob", email: "bob@example.com" },
      { subjectId: "cus_charlie", email: "charlie@example.com" },
    ]);
    expect(first).toMatchObject({ rowIndex: 0, count: 3, subject: "Hi Alice", missingVariables: ["ctaUrl"] });
    expect(first.data).toMatchObject({ subject_id: "cus_alice", first_name: "Alice", credits: -5, signup_at: "2023-03-14T09:00:00.000Z" });
    expect(first.html).toContain("you have -5 credits");

    const bob = await caller.templates.previewWithSegment({ id: template.id, segmentId: segment.id, rowIndex: 1, params: { max_credits: 10 }, limit: 5 });
    expect(bob).toMatchObject({ rowIndex: 1, count: 2, subject: "Hi Bob" });
    expect(await apiError(caller.templates.previewWithSegment({ id: template.id, segmentId: segment.id, rowIndex: 5 }))).toEqual({
      code: "BAD_REQUEST",
      message: "rowIndex: 5 is out of range; the dry run returned 3 rows (0–2).",
    });
    expect((await apiError(caller.templates.previewWithSegment({ id: template.id, segmentId: segment.id, limit: 21 }))).message).toMatch(/limit must be at most 20/);

    const unsaved = await caller.templates.previewWithSegment({
      segmentId: segment.id,
      rowIndex: 2,
      source: { authoringMode: "HTML", subject: "{{first_name}} / {{email}}", bodyHtml: "<p>{{credits}}</p>" },
    });
    expect(unsaved).toMatchObject({ subject: "Charlie / charlie@example.com", versionId: null });
  });
});

describe("test send", () => {
  it("renders at request time and the send-template-test job delivers it to the dev inbox", async () => {
    const { template, draft } = await createWelcome();
    const connector = await createEmailConnector(t.services, admin, { name: "Inbox", type: "DEV_INBOX", config: {} });
    const profile = await createSenderProfile(t.services.db, admin, { name: "Acme", fromEmail: "hi@acme.test", fromName: "Acme", emailConnectorId: connector.id });

    const response = await t.rest(
      json("POST", `/templates/${template.id}/send-test`, {
        senderProfileId: profile.id,
        to: "qa@example.com",
        data: { first_name: "Quinn", credits: 7 },
      }),
      member,
    );
    expect(response.status).toBe(200);
    const requested = (await response.json()) as { jobId: string; subject: string; missingVariables: string[] };
    expect(requested).toMatchObject({ subject: "Hi Quinn", missingVariables: ["ctaUrl"] });

    const job = await t.services.queues.get("send").getJob(requested.jobId);
    expect(job?.name).toBe("send-template-test");
    expect(job?.data).toMatchObject({ senderProfileId: profile.id, to: "qa@example.com", templateId: template.id, versionId: draft.id, subject: "Hi Quinn" });
    await sendTemplateTest(t.services, job?.data);

    const { messages } = await listDevInboxMessages(t.services.db, { to: "qa@example.com" });
    expect(messages).toHaveLength(1);
    const [message] = messages;
    expect(message).toMatchObject({ subject: "Hi Quinn", emailConnectorId: connector.id });
    expect(message?.html).toContain("Hello Quinn, you have 7 credits.");
    expect(message?.text).toContain("Hello Quinn");
    expect(message?.headers).toMatchObject({
      [TEST_EMAIL_HEADER]: "true",
      [SENDER_PROFILE_HEADER]: profile.id,
      [TEMPLATE_ID_HEADER]: template.id,
      [TEMPLATE_VERSION_HEADER]: draft.id,
    });
    const [audit] = await t.services.db.select().from(auditLog).where(eq(auditLog.action, "template.send-test"));
    expect(audit).toMatchObject({ entityId: template.id, actorLabel: email(member), after: expect.objectContaining({ to: "qa@example.com", jobId: requested.jobId }) });
  });

  it("sends unsaved content and refuses an unknown sender profile or a bad address", async () => {
    const { template } = await createWelcome();
    const connector = await createEmailConnector(t.services, admin, { name: "Inbox", type: "DEV_INBOX", config: {} });
    const profile = await createSenderProfile(t.services.db, admin, { name: "Acme", fromEmail: "hi@acme.test", emailConnectorId: connector.id });
    const caller = t.caller(member);
    const requested = await caller.templates.sendTest({
      id: template.id,
      source: { authoringMode: "HTML", subject: "Unsaved {{x}}", bodyHtml: "<p>draft in editor</p>" },
      senderProfileId: profile.id,
      to: "qa@example.com",
      data: { x: "1" },
    });
    const job = await t.services.queues.get("send").getJob(requested.jobId);
    expect(job?.data).toMatchObject({ subject: "Unsaved 1", versionId: null });
    await sendTemplateTest(t.services, job?.data);
    const { messages } = await listDevInboxMessages(t.services.db, {});
    expect(messages[0]?.headers[TEMPLATE_VERSION_HEADER]).toBeUndefined();
    expect(messages[0]?.html).toContain("draft in editor");

    const missing = await apiError(caller.templates.sendTest({ id: template.id, senderProfileId: "00000000-0000-4000-8000-000000000000", to: "qa@example.com" }));
    expect(missing).toEqual({
      code: "BAD_REQUEST",
      message: "senderProfileId: sender profile 00000000-0000-4000-8000-000000000000 does not exist; choose an existing sender profile.",
    });
    expect((await apiError(caller.templates.sendTest({ id: template.id, senderProfileId: profile.id, to: "nope" }))).message).toBe("to: Enter a valid email address");
    expect(await t.services.queues.get("send").getJobCounts("waiting")).toEqual({ waiting: 1 });
  });
});
