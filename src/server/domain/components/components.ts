import { asc, eq } from "drizzle-orm";
import type { Database, DbOrTx } from "@/server/db/client";
import { components, templates, templateVersions, type ComponentVariable } from "@/server/db/schema";
import { DomainError, notFound } from "@/server/lib/errors";
import type { Actor } from "../auth/actor";
import { recordAudit } from "../audit-log/record";
import { listPartials, renderComponentPreview, type ComponentSource, type TemplateSource } from "../rendering";
import {
  createComponentInput,
  previewComponentInput,
  previewComponentSourceInput,
  updateComponentInput,
  type CreateComponentInput,
  type PreviewComponentInput,
  type PreviewComponentSourceInput,
  type UpdateComponentInput,
} from "./inputs";

export interface Component {
  id: string;
  name: string;
  type: (typeof components.$inferSelect)["type"];
  contentType: "MJML" | "HTML";
  content: string;
  variables: ComponentVariable[];
  /** The component rendered with its defaults, for the gallery; null when its content no longer renders. */
  previewHtml: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const columns = {
  id: components.id,
  name: components.name,
  type: components.type,
  contentType: components.contentType,
  content: components.content,
  variables: components.variables,
  previewHtml: components.previewHtml,
  createdAt: components.createdAt,
  updatedAt: components.updatedAt,
};

const toSource = (c: Pick<Component, "name" | "contentType" | "content" | "variables">): ComponentSource => ({
  name: c.name,
  contentType: c.contentType,
  content: c.content,
  variables: c.variables,
});

/** The whole library as the rendering engine takes it. */
export async function listComponentSources(db: DbOrTx): Promise<ComponentSource[]> {
  const rows = await db
    .select({ name: components.name, contentType: components.contentType, content: components.content, variables: components.variables })
    .from(components);
  return rows.map(toSource);
}

export async function listComponents(db: DbOrTx): Promise<Component[]> {
  return db.select(columns).from(components).orderBy(asc(components.type), asc(components.name));
}

export async function getComponent(db: DbOrTx, id: string): Promise<Component> {
  const [row] = await db.select(columns).from(components).where(eq(components.id, id));
  if (!row) throw notFound("Component", id);
  return row;
}

async function assertNameFree(tx: DbOrTx, name: string, exceptId?: string): Promise<void> {
  const [existing] = await tx.select({ id: components.id }).from(components).where(eq(components.name, name));
  if (existing && existing.id !== exceptId) {
    throw new DomainError("CONFLICT", `name: a component named "${name}" already exists; choose another name.`);
  }
}

/** The library with `candidate` in place of the component it replaces (by name `replacing`), or added. */
function libraryWith(library: ComponentSource[], candidate: ComponentSource, replacing?: string): ComponentSource[] {
  return [...library.filter((c) => c.name !== candidate.name && c.name !== replacing), candidate];
}

/** "Welcome (v3)" labels of the active template versions that use the component, directly or through others. */
export async function activeVersionsUsing(db: DbOrTx, componentName: string): Promise<string[]> {
  const active = await db
    .select({
      templateName: templates.name,
      version: templateVersions.version,
      source: {
        authoringMode: templateVersions.authoringMode,
        subject: templateVersions.subject,
        preheader: templateVersions.preheader,
        bodyMjml: templateVersions.bodyMjml,
        bodyHtml: templateVersions.bodyHtml,
        bodyText: templateVersions.bodyText,
        builderJson: templateVersions.builderJson,
      },
    })
    .from(templateVersions)
    .innerJoin(templates, eq(templates.id, templateVersions.templateId))
    .where(eq(templateVersions.active, true));
  if (active.length === 0) return [];
  const library = await listComponentSources(db);
  return active
    .filter((v) => listPartials(v.source satisfies TemplateSource, library).includes(componentName))
    .map((v) => `${v.templateName} (v${v.version})`)
    .sort((a, b) => a.localeCompare(b));
}

/** Which active template versions would stop working if the component disappeared. */
export async function componentUsage(db: DbOrTx, id: string): Promise<{ activeVersions: string[] }> {
  const component = await getComponent(db, id);
  return { activeVersions: await activeVersionsUsing(db, component.name) };
}

function inUse(name: string, users: string[], doing: string): DomainError {
  return new DomainError(
    "PRECONDITION_FAILED",
    `Component "${name}" is used by active versions of: ${users.join(", ")}. Publish versions that no longer use it before you ${doing}.`,
    { usedBy: users },
  );
}

/**
 * Components that include `name` (directly or not) get their gallery previews rendered again; one that no longer
 * renders keeps no preview rather than a stale one.
 */
async function refreshDependentPreviews(tx: DbOrTx, name: string): Promise<void> {
  const library = await listComponentSources(tx);
  for (const component of library) {
    if (component.name === name || !listPartials(component.content, library).includes(name)) continue;
    const previewHtml = await renderComponentPreview(component, library).catch(() => null);
    await tx.update(components).set({ previewHtml }).where(eq(components.name, component.name));
  }
}

export async function createComponent(db: Database, actor: Actor, input: CreateComponentInput): Promise<Component> {
  const data = createComponentInput.parse(input);
  return db.transaction(async (tx) => {
    await assertNameFree(tx, data.name);
    const previewHtml = await renderComponentPreview(toSource(data), libraryWith(await listComponentSources(tx), toSource(data)));
    const [row] = await tx
      .insert(components)
      .values({ ...data, previewHtml })
      .returning({ id: components.id });
    if (!row) throw new Error("insert returned no row");
    await refreshDependentPreviews(tx, data.name);
    const created = await getComponent(tx, row.id);
    await recordAudit(tx, actor, { action: "component.create", entityType: "component", entityId: row.id, after: created });
    return created;
  });
}

/** Published template versions keep the HTML they were compiled with; a change shows in drafts and later publishes. */
export async function updateComponent(db: Database, actor: Actor, input: UpdateComponentInput): Promise<Component> {
  const { id, ...changes } = updateComponentInput.parse(input);
  return db.transaction(async (tx) => {
    const [locked] = await tx.select({ id: components.id }).from(components).where(eq(components.id, id)).for("update");
    if (!locked) throw notFound("Component", id);
    const before = await getComponent(tx, id);
    const next = { ...before, ...changes };
    if (changes.name !== undefined && changes.name !== before.name) {
      await assertNameFree(tx, changes.name, id);
      const users = await activeVersionsUsing(tx, before.name);
      if (users.length > 0) throw inUse(before.name, users, "rename it");
    }
    const previewHtml = await renderComponentPreview(toSource(next), libraryWith(await listComponentSources(tx), toSource(next), before.name));
    await tx
      .update(components)
      .set({ ...changes, previewHtml, updatedAt: new Date() })
      .where(eq(components.id, id));
    await refreshDependentPreviews(tx, next.name);
    const after = await getComponent(tx, id);
    await recordAudit(tx, actor, { action: "component.update", entityType: "component", entityId: id, before, after });
    return after;
  });
}

/** Refused while an active template version uses the component, directly or through another component. */
export async function deleteComponent(db: Database, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [locked] = await tx.select({ id: components.id }).from(components).where(eq(components.id, id)).for("update");
    if (!locked) throw notFound("Component", id);
    const before = await getComponent(tx, id);
    const users = await activeVersionsUsing(tx, before.name);
    if (users.length > 0) throw inUse(before.name, users, "delete it");
    await tx.delete(components).where(eq(components.id, id));
    await refreshDependentPreviews(tx, before.name);
    await recordAudit(tx, actor, { action: "component.delete", entityType: "component", entityId: id, before });
  });
}

/** A saved component rendered with its defaults, or with `args` overriding them (as `{{> name key="value"}}` would). */
export async function previewComponent(db: DbOrTx, input: PreviewComponentInput): Promise<{ html: string }> {
  const { id, args } = previewComponentInput.parse(input);
  const component = await getComponent(db, id);
  return { html: await renderComponentPreview(toSource(component), await listComponentSources(db), args) };
}

/** Unsaved editor content rendered against the saved library, so the editor previews before saving. */
export async function previewComponentSource(db: DbOrTx, input: PreviewComponentSourceInput): Promise<{ html: string }> {
  const { id, name, args, ...source } = previewComponentSourceInput.parse(input);
  const saved = id ? await getComponent(db, id) : null;
  const candidate = toSource({ ...source, name: name ?? saved?.name ?? "preview" });
  return { html: await renderComponentPreview(candidate, libraryWith(await listComponentSources(db), candidate, saved?.name), args) };
}
