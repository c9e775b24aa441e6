import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditLog, components } from "@/server/db/schema";
import type { Actor } from "@/server/domain/auth/actor";
import { apiError } from "@/test/api-error";
import { createTestUser } from "@/test/factories";
import { createTestEnvironment, type TestEnvironment } from "@/test/harness";
import type { CreateComponentInput } from "./inputs";

let t: TestEnvironment;
let member: Actor;

beforeAll(async () => {
  t = await createTestEnvironment();
});
afterAll(() => t.teardown());
beforeEach(async () => {
  await t.truncate();
  member = (await createTestUser(t.services, { role: "member" })).actor;
});

const json = (method: string, path: string, body?: unknown) =>
  new Request(`http://localhost/api/v1${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

const BUTTON: CreateComponentInput = {
  name: "button",
  type: "BUTTON",
  contentType: "MJML",
  content: '<mj-button href="{{url}}" background-color="{{color}}">{{text}}</mj-button>',
  variables: [
    { name: "text", type: "string", defaultValue: "Read more", description: "Label" },
    { name: "url", type: "url", defaultValue: "https://example.com/default" },
    { name: "color", type: "color", defaultValue: "#2563eb" },
  ],
};

const FOOTER: CreateComponentInput = {
  name: "footer",
  type: "FOOTER",
  contentType: "MJML",
  content: '<mj-section><mj-column><mj-text>Acme Inc.</mj-text>{{> button text="Unsubscribe" url=unsubscribeUrl }}</mj-column></mj-section>',
  variables: [],
};

const mjml = (inner: string) => `<mjml><mj-body>${inner}</mj-body></mjml>`;

async function publishTemplate(name: string, key: string, body: string) {
  const caller = t.caller(member);
  const template = await caller.templates.create({ key, name, initialVersion: { subject: name, authoringMode: "MJML", bodyMjml: body } });
  const [draft] = await caller.templates.versions({ id: template.id });
  await caller.templates.publish({ id: template.id, versionId: draft?.id ?? "" });
  return template;
}

async function countRows(table: typeof components | typeof auditLog): Promise<number> {
  const [row] = await t.services.db.select({ n: sql<number>`count(*)::int` }).from(table);
  return row?.n ?? 0;
}

describe("components CRUD", () => {
  it("lets a member create, read, list, update and delete a component, storing a rendered preview, audited", async () => {
    const caller = t.caller(member);
    const created = await caller.components.create(BUTTON);
    expect(created).toMatchObject({ name: "button", type: "BUTTON", contentType: "MJML", variables: [expect.objectContaining({ name: "text", description: "Label" }), expect.anything(), expect.anything()] });
    expect(created.previewHtml).toContain("<html");
    expect(created.previewHtml).toContain("Read more");
    expect(created.previewHtml).toContain('href="https://example.com/default"');
    expect(await caller.components.get({ id: created.id })).toEqual(created);

    const updated = await caller.components.update({ id: created.id, variables: [{ name: "text", type: "string", defaultValue: "Buy now" }, { name: "url", type: "url" }, { name: "color", type: "color", defaultValue: "red" }] });
    expect(updated.previewHtml).toContain("Buy now");
    expect(updated.previewHtml).not.toContain("Read more");

    const divider = await caller.components.create({ name: "divider", type: "DIVIDER", contentType: "HTML", content: '<hr style="border-color:{{color}}">', variables: [{ name: "color", type: "color", defaultValue: "#e5e7eb" }] });
    expect(divider.previewHtml).toMatch(/<hr style="border-color: ?#e5e7eb;?"/);
    expect((await caller.components.list()).map((c) => c.name)).toEqual(["button", "divider"]);

    await caller.components.delete({ id: created.id });
    await expect(caller.components.get({ id: created.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const entries = await t.services.db.select().from(auditLog).where(eq(auditLog.entityId, created.id)).orderBy(auditLog.createdAt);
    expect(entries.map((e) => e.action)).toEqual(["component.create", "component.update", "component.delete"]);
  });

  it("answers bad input, invalid content and duplicate names with clear errors and changes nothing", async () => {
    const caller = t.caller(member);
    await caller.components.create(BUTTON);
    const rows = await countRows(components);
    const audits = await countRows(auditLog);

    const conflict = await apiError(caller.components.create({ ...BUTTON }));
    expect(conflict).toEqual({ code: "CONFLICT", message: 'name: a component named "button" already exists; choose another name.' });
    const badVariables = await apiError(
      caller.components.create({ ...BUTTON, name: "other", variables: [{ name: "url", type: "url", defaultValue: "ftp://x" }, { name: "url", type: "string" }] }),
    );
    expect(badVariables.code).toBe("BAD_REQUEST");
    expect(badVariables.message).toContain('variables.0.defaultValue: "ftp://x" is not a link');
    expect(badVariables.message).toContain('variables.1.name: Variable "url" is declared twice');

    const response = await t.rest(json("POST", "/components", { ...BUTTON, name: "broken", content: "<mj-button>ok</mj-button>\n<mj-bogus>x</mj-bogus>" }), member);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { message: string; data?: { details?: { problems?: unknown[] } } };
    expect(body.message).toMatch(/mj-bogus/);
    expect(body.data?.details?.problems?.length).toBeGreaterThan(0);

    const cycle = await apiError(caller.components.create({ ...BUTTON, name: "loop", content: "<mj-text>x</mj-text>{{> loop }}" }));
    expect(cycle.code).toBe("BAD_REQUEST");
    expect(cycle.message).toMatch(/loop/);

    expect(await countRows(components)).toBe(rows);
    expect(await countRows(auditLog)).toBe(audits);
  });

  it("previews with arguments overriding the defaults, over tRPC and REST, and previews unsaved content", async () => {
    const caller = t.caller(member);
    const button = await caller.components.create(BUTTON);
    const preview = await caller.components.preview({ id: button.id, args: { text: "Top up", url: "https://acme.test/top-up" } });
    expect(preview.html).toContain("Top up");
    expect(preview.html).toContain('href="https://acme.test/top-up"');

    const response = await t.rest(json("POST", `/components/${button.id}/preview`, { args: { text: "Via REST" } }), member);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { html: string }).html).toContain("Via REST");

    const unsaved = await caller.components.previewSource({ id: button.id, contentType: "MJML", content: '<mj-button href="{{url}}">{{text}}!</mj-button>', variables: BUTTON.variables });
    expect(unsaved.html).toContain("Read more!");
    expect((await caller.components.get({ id: button.id })).content).toBe(BUTTON.content);
  });

  it("re-renders the gallery previews of components that include a changed component", async () => {
    const caller = t.caller(member);
    const button = await caller.components.create(BUTTON);
    const footer = await caller.components.create(FOOTER);
    expect(footer.previewHtml).toContain("Unsubscribe");
    await caller.components.update({ id: button.id, content: '<mj-button href="{{url}}">[{{text}}]</mj-button>' });
    expect((await caller.components.get({ id: footer.id })).previewHtml).toContain("[Unsubscribe]");
  });

  it("serves the REST routes", async () => {
    const created = (await (await t.rest(json("POST", "/components", BUTTON), member)).json()) as { id: string };
    expect(((await (await t.rest(json("GET", `/components/${created.id}`), member)).json()) as { name: string }).name).toBe("button");
    const patched = await t.rest(json("PATCH", `/components/${created.id}`, { type: "SNIPPET" }), member);
    expect(((await patched.json()) as { type: string }).type).toBe("SNIPPET");
    expect(((await (await t.rest(json("GET", "/components"), member)).json()) as unknown[]).length).toBe(1);
    expect((await t.rest(json("DELETE", `/components/${created.id}`), member)).status).toBe(200);
    expect((await t.rest(json("GET", `/components/${created.id}`), member)).status).toBe(404);
  });
});

describe("components used by active template versions", () => {
  it("refuses delete and rename while an active version uses the component directly or through another, and allows them after", async () => {
    const caller = t.caller(member);
    const button = await caller.components.create(BUTTON);
    const footer = await caller.components.create(FOOTER);
    const welcome = await publishTemplate("Welcome", "welcome", mjml('<mj-section><mj-column>{{> button text="Hi" url=ctaUrl }}</mj-column></mj-section>'));
    await publishTemplate("Low credits", "low-credits", mjml("{{> footer }}"));
    await publishTemplate("Plain", "plain", mjml("<mj-section><mj-column><mj-text>No components</mj-text></mj-column></mj-section>"));

    expect(await caller.components.usage({ id: button.id })).toEqual({ activeVersions: ["Low credits (v1)", "Welcome (v1)"] });
    expect(await apiError(caller.components.delete({ id: button.id }))).toEqual({
      code: "PRECONDITION_FAILED",
      message: 'Component "button" is used by active versions of: Low credits (v1), Welcome (v1). Publish versions that no longer use it before you delete it.',
    });
    expect((await apiError(caller.components.update({ id: button.id, name: "cta" }))).message).toMatch(/^Component "button" is used by active versions of: Low credits \(v1\), Welcome \(v1\)\..*rename it/);
    const rest = await t.rest(json("DELETE", `/components/${button.id}`), member);
    expect(rest.status).toBe(412);
    expect(((await rest.json()) as { message: string }).message).toContain("Low credits (v1), Welcome (v1)");

    expect(await apiError(caller.components.delete({ id: footer.id }))).toMatchObject({ message: expect.stringContaining("active versions of: Low credits (v1).") });

    await caller.templates.delete({ id: (await caller.templates.list()).find((x) => x.key === "low-credits")?.id ?? "" });
    const v2 = await caller.templates.createVersion({ id: welcome.id, subject: "Welcome", authoringMode: "MJML", bodyMjml: mjml("<mj-section><mj-column><mj-text>Hello</mj-text></mj-column></mj-section>") });
    expect((await apiError(caller.components.delete({ id: button.id }))).message).toContain("Welcome (v1)");
    await caller.templates.publish({ id: welcome.id, versionId: v2.id });

    expect(await caller.components.usage({ id: button.id })).toEqual({ activeVersions: [] });
    await caller.components.delete({ id: footer.id });
    await caller.components.update({ id: button.id, name: "cta" });
    await caller.components.delete({ id: button.id });
    expect(await caller.components.list()).toEqual([]);
  });
});
