import { and, desc, eq, ne, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Database, DbOrTx } from "@/server/db/client";
import { templates, templateVersions, users } from "@/server/db/schema";
import { DomainError, notFound } from "@/server/lib/errors";
import type { Actor } from "../auth/actor";
import { recordAudit } from "../audit-log/record";
import { listComponentSources } from "../components/components";
import { compileTemplate, type TemplateSource } from "../rendering";
import { diffVersionContent, type VersionContentDiff } from "./diff";
import {
  createVersionInput,
  diffVersionsInput,
  normalizeVersionContent,
  parseVersionContent,
  updateDraftInput,
  versionRefInput,
  type CreateVersionInput,
  type DiffVersionsInput,
  type UpdateDraftInput,
  type VersionContent,
  type VersionRefInput,
} from "./inputs";

export type VersionStatus = "DRAFT" | "PUBLISHED";

export interface TemplateVersionSummary {
  id: string;
  templateId: string;
  version: number;
  status: VersionStatus;
  active: boolean;
  subject: string;
  authoringMode: VersionContent["authoringMode"];
  createdAt: Date;
  createdByEmail: string | null;
  publishedAt: Date | null;
  publishedByEmail: string | null;
}

export interface TemplateVersionDetail extends TemplateVersionSummary, VersionContent {
  /** Set when published: the recipient-independent Handlebars sources every send renders from. */
  compiledSubject: string | null;
  compiledHtml: string | null;
  compiledText: string | null;
}

const creator = alias(users, "creator");
const publisher = alias(users, "publisher");

const summaryColumns = {
  id: templateVersions.id,
  templateId: templateVersions.templateId,
  version: templateVersions.version,
  active: templateVersions.active,
  subject: templateVersions.subject,
  authoringMode: templateVersions.authoringMode,
  createdAt: templateVersions.createdAt,
  createdByEmail: creator.email,
  publishedAt: templateVersions.publishedAt,
  publishedByEmail: publisher.email,
};

const detailColumns = {
  ...summaryColumns,
  preheader: templateVersions.preheader,
  bodyMjml: templateVersions.bodyMjml,
  bodyHtml: templateVersions.bodyHtml,
  bodyText: templateVersions.bodyText,
  builderJson: templateVersions.builderJson,
  compiledSubject: templateVersions.compiledSubject,
  compiledHtml: templateVersions.compiledHtml,
  compiledText: templateVersions.compiledText,
};

const withStatus = <R extends { publishedAt: Date | null }>(row: R): R & { status: VersionStatus } => ({
  ...row,
  status: row.publishedAt ? "PUBLISHED" : "DRAFT",
});

const selectDetails = (db: DbOrTx) =>
  db
    .select(detailColumns)
    .from(templateVersions)
    .leftJoin(creator, eq(creator.id, templateVersions.createdById))
    .leftJoin(publisher, eq(publisher.id, templateVersions.publishedById));

/** Locks the template row: version numbering and publishing serialise on it. */
export async function lockTemplate(tx: DbOrTx, id: string): Promise<{ id: string; name: string }> {
  const [row] = await tx.select({ id: templates.id, name: templates.name }).from(templates).where(eq(templates.id, id)).for("update");
  if (!row) throw notFound("Template", id);
  return row;
}

export function versionSource(version: VersionContent): TemplateSource {
  return {
    authoringMode: version.authoringMode,
    subject: version.subject,
    preheader: version.preheader,
    bodyMjml: version.bodyMjml,
    bodyHtml: version.bodyHtml,
    bodyText: version.bodyText,
    builderJson: version.builderJson,
  };
}

const userId = (actor: Actor) => (actor.type === "user" ? actor.id : null);

const bodySize = (content: VersionContent) =>
  Buffer.byteLength(content.bodyMjml ?? content.bodyHtml ?? JSON.stringify(content.builderJson ?? null), "utf8");

/** Audit entries carry the metadata of a version, not its (up to 500 KB) body, which the version row keeps. */
const auditView = (version: number, content: VersionContent) => ({
  version,
  subject: content.subject,
  preheader: content.preheader,
  authoringMode: content.authoringMode,
  bodyBytes: bodySize(content),
});

/** Inserts a draft; the caller holds the template lock, so `version` is free. */
export async function insertVersion(tx: DbOrTx, actor: Actor, templateId: string, version: number, content: VersionContent): Promise<string> {
  const [row] = await tx
    .insert(templateVersions)
    .values({ templateId, version, ...content, createdById: userId(actor) })
    .returning({ id: templateVersions.id });
  if (!row) throw new Error("insert returned no row");
  await recordAudit(tx, actor, {
    action: "template.version.create",
    entityType: "template_version",
    entityId: row.id,
    after: { templateId, ...auditView(version, content) },
  });
  return row.id;
}

async function nextVersionNumber(tx: DbOrTx, templateId: string): Promise<number> {
  const [row] = await tx
    .select({ next: sql<number>`coalesce(max(${templateVersions.version}), 0)::int + 1` })
    .from(templateVersions)
    .where(eq(templateVersions.templateId, templateId));
  return row?.next ?? 1;
}

async function touchTemplate(tx: DbOrTx, templateId: string): Promise<void> {
  await tx.update(templates).set({ updatedAt: new Date() }).where(eq(templates.id, templateId));
}

export async function getVersion(db: DbOrTx, templateId: string, versionId: string): Promise<TemplateVersionDetail> {
  const [row] = await selectDetails(db).where(and(eq(templateVersions.id, versionId), eq(templateVersions.templateId, templateId)));
  if (!row) throw notFound("Template version", versionId);
  return withStatus(row);
}

/** Newest first, with who created and who published each version. */
export async function listVersions(db: DbOrTx, templateId: string): Promise<TemplateVersionSummary[]> {
  const [template] = await db.select({ id: templates.id }).from(templates).where(eq(templates.id, templateId));
  if (!template) throw notFound("Template", templateId);
  const rows = await db
    .select(summaryColumns)
    .from(templateVersions)
    .leftJoin(creator, eq(creator.id, templateVersions.createdById))
    .leftJoin(publisher, eq(publisher.id, templateVersions.publishedById))
    .where(eq(templateVersions.templateId, templateId))
    .orderBy(desc(templateVersions.version));
  return rows.map(withStatus);
}

/** A new draft numbered after the highest existing version. */
export async function createVersion(db: Database, actor: Actor, input: CreateVersionInput): Promise<TemplateVersionDetail> {
  const { id: templateId, ...content } = createVersionInput.parse(input);
  return db.transaction(async (tx) => {
    await lockTemplate(tx, templateId);
    const versionId = await insertVersion(tx, actor, templateId, await nextVersionNumber(tx, templateId), normalizeVersionContent(content));
    await touchTemplate(tx, templateId);
    return getVersion(tx, templateId, versionId);
  });
}

async function lockVersion(tx: DbOrTx, templateId: string, versionId: string) {
  const [row] = await tx
    .select()
    .from(templateVersions)
    .where(and(eq(templateVersions.id, versionId), eq(templateVersions.templateId, templateId)))
    .for("update");
  if (!row) throw notFound("Template version", versionId);
  return row;
}

const frozen = (version: number, versionId: string) =>
  new DomainError(
    "CONFLICT",
    `Version ${version} is published and frozen; edits create a new draft (duplicate version ${version} and edit the copy).`,
    { versionId, version, frozen: true },
  );

/** Edits a draft; published versions never change. */
export async function updateDraft(db: Database, actor: Actor, input: UpdateDraftInput): Promise<TemplateVersionDetail> {
  const { id: templateId, versionId, ...changes } = updateDraftInput.parse(input);
  return db.transaction(async (tx) => {
    const row = await lockVersion(tx, templateId, versionId);
    if (row.publishedAt) throw frozen(row.version, versionId);
    const pick = <K extends keyof typeof changes>(key: K, current: unknown) => (changes[key] !== undefined ? changes[key] : current);
    const content = parseVersionContent({
      subject: pick("subject", row.subject),
      preheader: pick("preheader", row.preheader),
      authoringMode: pick("authoringMode", row.authoringMode),
      bodyMjml: pick("bodyMjml", row.bodyMjml),
      bodyHtml: pick("bodyHtml", row.bodyHtml),
      bodyText: pick("bodyText", row.bodyText),
      builderJson: pick("builderJson", row.builderJson),
    });
    const before = await getVersion(tx, templateId, versionId);
    await tx.update(templateVersions).set(content).where(eq(templateVersions.id, versionId));
    await touchTemplate(tx, templateId);
    await recordAudit(tx, actor, {
      action: "template.version.update",
      entityType: "template_version",
      entityId: versionId,
      before: auditView(before.version, before),
      after: auditView(before.version, content),
    });
    return getVersion(tx, templateId, versionId);
  });
}

/** "Edit a published version": copies any version's content into a new draft. */
export async function duplicateVersion(db: Database, actor: Actor, input: VersionRefInput): Promise<TemplateVersionDetail> {
  const { id: templateId, versionId } = versionRefInput.parse(input);
  return db.transaction(async (tx) => {
    await lockTemplate(tx, templateId);
    const source = await getVersion(tx, templateId, versionId);
    const content: VersionContent = {
      subject: source.subject,
      preheader: source.preheader,
      authoringMode: source.authoringMode,
      bodyMjml: source.bodyMjml,
      bodyHtml: source.bodyHtml,
      bodyText: source.bodyText,
      builderJson: source.builderJson,
    };
    const newId = await insertVersion(tx, actor, templateId, await nextVersionNumber(tx, templateId), content);
    await touchTemplate(tx, templateId);
    return getVersion(tx, templateId, newId);
  });
}

/**
 * Compiles a draft with the current component library, stores the result, freezes the version and makes it the
 * template's single active version. Publishing an already published version makes it active again (a rollback)
 * without recompiling: its stored output is what it was published as.
 */
export async function publishVersion(db: Database, actor: Actor, input: VersionRefInput): Promise<TemplateVersionDetail> {
  const { id: templateId, versionId } = versionRefInput.parse(input);
  return db.transaction(async (tx) => {
    await lockTemplate(tx, templateId);
    const row = await lockVersion(tx, templateId, versionId);
    if (row.active) return getVersion(tx, templateId, versionId);
    const compiled = row.publishedAt ? null : await compileTemplate(versionSource(row), await listComponentSources(tx));
    const previous = await tx
      .update(templateVersions)
      .set({ active: false })
      .where(and(eq(templateVersions.templateId, templateId), eq(templateVersions.active, true), ne(templateVersions.id, versionId)))
      .returning({ id: templateVersions.id, version: templateVersions.version });
    const deactivated = previous[0] ? { id: previous[0].id, version: previous[0].version } : null;

    if (!compiled) {
      await tx.update(templateVersions).set({ active: true }).where(eq(templateVersions.id, versionId));
      await recordAudit(tx, actor, {
        action: "template.version.activate",
        entityType: "template_version",
        entityId: versionId,
        after: { templateId, version: row.version, deactivated },
      });
    } else {
      const publishedAt = new Date();
      await tx
        .update(templateVersions)
        .set({
          compiledSubject: compiled.subject,
          compiledHtml: compiled.html,
          compiledText: compiled.text,
          active: true,
          publishedAt,
          publishedById: userId(actor),
        })
        .where(eq(templateVersions.id, versionId));
      await recordAudit(tx, actor, {
        action: "template.version.publish",
        entityType: "template_version",
        entityId: versionId,
        after: { templateId, version: row.version, publishedAt, variables: compiled.variables, compiledHtmlBytes: Buffer.byteLength(compiled.html), deactivated },
      });
    }
    await touchTemplate(tx, templateId);
    return getVersion(tx, templateId, versionId);
  });
}

export interface VersionDiff extends VersionContentDiff {
  from: { id: string; version: number };
  to: { id: string; version: number };
}

/** What changed from one version of a template to another (subject, preheader, body, text part). */
export async function diffVersions(db: DbOrTx, input: DiffVersionsInput): Promise<VersionDiff> {
  const { id: templateId, fromVersionId, toVersionId } = diffVersionsInput.parse(input);
  const [from, to] = await Promise.all([getVersion(db, templateId, fromVersionId), getVersion(db, templateId, toVersionId)]);
  return {
    from: { id: from.id, version: from.version },
    to: { id: to.id, version: to.version },
    ...diffVersionContent({ version: from.version, content: from }, { version: to.version, content: to }),
  };
}
