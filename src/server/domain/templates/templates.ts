import { asc, eq, sql } from "drizzle-orm";
import type { Database, DbOrTx } from "@/server/db/client";
import { singleSends, templates, templateVersions } from "@/server/db/schema";
import { DomainError, notFound } from "@/server/lib/errors";
import type { Actor } from "../auth/actor";
import { recordAudit } from "../audit-log/record";
import { createTemplateInput, normalizeVersionContent, updateTemplateInput, type CreateTemplateInput, type UpdateTemplateInput } from "./inputs";
import { insertVersion, lockTemplate } from "./versions";

export interface TemplateSummary {
  id: string;
  key: string;
  name: string;
  category: "MARKETING" | "TRANSACTIONAL";
  versionCount: number;
  latestVersion: number | null;
  /** The published version real sends use; null until one is published. */
  activeVersion: number | null;
  activeVersionId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

function selectTemplates(db: DbOrTx) {
  const stats = db
    .select({
      templateId: templateVersions.templateId,
      versionCount: sql<number>`count(*)::int`.as("version_count"),
      latestVersion: sql<number>`max(${templateVersions.version})`.as("latest_version"),
      activeVersion: sql<number | null>`max(${templateVersions.version}) filter (where ${templateVersions.active})`.as("active_version"),
      activeVersionId: sql<string | null>`(array_agg(${templateVersions.id}) filter (where ${templateVersions.active}))[1]`.as("active_version_id"),
    })
    .from(templateVersions)
    .groupBy(templateVersions.templateId)
    .as("version_stats");
  return db
    .select({
      id: templates.id,
      key: templates.key,
      name: templates.name,
      category: templates.category,
      versionCount: sql<number>`coalesce(${stats.versionCount}, 0)`,
      latestVersion: stats.latestVersion,
      activeVersion: stats.activeVersion,
      activeVersionId: stats.activeVersionId,
      createdAt: templates.createdAt,
      updatedAt: templates.updatedAt,
    })
    .from(templates)
    .leftJoin(stats, eq(stats.templateId, templates.id));
}

export async function listTemplates(db: DbOrTx): Promise<TemplateSummary[]> {
  return selectTemplates(db).orderBy(asc(templates.name), asc(templates.key));
}

export async function getTemplate(db: DbOrTx, id: string): Promise<TemplateSummary> {
  const [row] = await selectTemplates(db).where(eq(templates.id, id));
  if (!row) throw notFound("Template", id);
  return row;
}

async function assertKeyFree(tx: DbOrTx, key: string, exceptId?: string): Promise<void> {
  const [existing] = await tx.select({ id: templates.id, name: templates.name }).from(templates).where(eq(templates.key, key));
  if (existing && existing.id !== exceptId) {
    throw new DomainError("CONFLICT", `key: the key "${key}" is already used by template "${existing.name}"; choose another key.`);
  }
}

export async function createTemplate(db: Database, actor: Actor, input: CreateTemplateInput): Promise<TemplateSummary> {
  const { initialVersion, ...data } = createTemplateInput.parse(input);
  return db.transaction(async (tx) => {
    await assertKeyFree(tx, data.key);
    const [row] = await tx.insert(templates).values(data).returning({ id: templates.id });
    if (!row) throw new Error("insert returned no row");
    if (initialVersion) await insertVersion(tx, actor, row.id, 1, normalizeVersionContent(initialVersion));
    const created = await getTemplate(tx, row.id);
    await recordAudit(tx, actor, { action: "template.create", entityType: "template", entityId: row.id, after: created });
    return created;
  });
}

export async function updateTemplate(db: Database, actor: Actor, input: UpdateTemplateInput): Promise<TemplateSummary> {
  const { id, ...changes } = updateTemplateInput.parse(input);
  return db.transaction(async (tx) => {
    await lockTemplate(tx, id);
    const before = await getTemplate(tx, id);
    if (changes.key !== undefined) await assertKeyFree(tx, changes.key, id);
    await tx
      .update(templates)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(templates.id, id));
    const after = await getTemplate(tx, id);
    await recordAudit(tx, actor, { action: "template.update", entityType: "template", entityId: id, before, after });
    return after;
  });
}

/** Refused while single sends use the template: their runs point at its versions. */
export async function deleteTemplate(db: Database, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    await lockTemplate(tx, id);
    const before = await getTemplate(tx, id);
    const users = await tx.select({ name: singleSends.name }).from(singleSends).where(eq(singleSends.templateId, id)).orderBy(asc(singleSends.name));
    if (users.length > 0) {
      const names = users.map((u) => `"${u.name}"`).join(", ");
      throw new DomainError(
        "PRECONDITION_FAILED",
        `Template "${before.name}" is used by single send${users.length > 1 ? "s" : ""} ${names}; point them at another template or delete them first.`,
      );
    }
    await tx.delete(templates).where(eq(templates.id, id));
    await recordAudit(tx, actor, { action: "template.delete", entityType: "template", entityId: id, before });
  });
}
