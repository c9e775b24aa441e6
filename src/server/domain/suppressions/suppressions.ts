import { and, count, desc, eq, like, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Database, DbOrTx } from "@/server/db/client";
import { suppressionReason, suppressions } from "@/server/db/schema";
import { DomainError, notFound } from "@/server/lib/errors";
import type { Actor } from "../auth/actor";
import { recordAudit } from "../audit-log/record";
import { maskEmail } from "../segments/mask";
import { getWorkspaceSettings } from "../settings/settings";
import { describeInvalidEmail, isValidEmail, MAX_EMAIL_LENGTH, normalizeEmail } from "./email-address";

export const SUPPRESSION_REASONS = suppressionReason.enumValues;
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];
export const SUPPRESSIONS_MAX_PAGE_SIZE = 100;
export const MAX_NOTE_LENGTH = 1000;
export const MANUAL_SOURCE = "manual";

export interface Suppression {
  id: string;
  email: string;
  emailNormalized: string;
  reason: SuppressionReason;
  source: string;
  note: string | null;
  createdAt: Date;
}

export const suppressionReasonSchema = z.enum(SUPPRESSION_REASONS, {
  error: `reason must be one of ${SUPPRESSION_REASONS.join(", ")}`,
});

/** Trimmed, validated with the same rule the audience snapshot uses, so whatever is accepted here can match a recipient. */
export const emailAddressSchema = z
  .string("email is required")
  .trim()
  .min(1, "email is required")
  .max(MAX_EMAIL_LENGTH, `email must be at most ${MAX_EMAIL_LENGTH} characters`)
  .refine((email) => email === "" || email.length > MAX_EMAIL_LENGTH || isValidEmail(email), {
    error: (issue) => describeInvalidEmail(String(issue.input)),
  });

const noteSchema = z
  .string("note must be text")
  .trim()
  .max(MAX_NOTE_LENGTH, `note must be at most ${MAX_NOTE_LENGTH} characters`)
  .nullable()
  .transform((value) => (value === "" ? null : value));

export const suppressionFiltersInput = z.object({
  /** Case-insensitive substring of the address. */
  search: z
    .string()
    .trim()
    .max(MAX_EMAIL_LENGTH, `search must be at most ${MAX_EMAIL_LENGTH} characters`)
    .transform((value) => (value === "" ? undefined : value))
    .optional(),
  reason: suppressionReasonSchema.optional(),
});
export type SuppressionFilters = z.input<typeof suppressionFiltersInput>;

export const listSuppressionsInput = suppressionFiltersInput.extend({
  page: z.number("page must be a number").int("page must be a whole number").min(1, "page must be 1 or more").default(1),
  pageSize: z
    .number("pageSize must be a number")
    .int("pageSize must be a whole number")
    .min(1, "pageSize must be at least 1")
    .max(SUPPRESSIONS_MAX_PAGE_SIZE, `pageSize must be at most ${SUPPRESSIONS_MAX_PAGE_SIZE}`)
    .default(25),
});
export type ListSuppressionsInput = z.input<typeof listSuppressionsInput>;

export interface SuppressionsPage {
  items: Suppression[];
  total: number;
  page: number;
  pageSize: number;
  /** True when the addresses are masked for this reader (a member, with the workspace's PII masking on). */
  masked: boolean;
}

export const addSuppressionInput = z.object({
  email: emailAddressSchema,
  reason: suppressionReasonSchema.default("manual"),
  note: noteSchema.optional(),
});
export type AddSuppressionInput = z.input<typeof addSuppressionInput>;

const escapeLike = (value: string) => value.replace(/[\\%_]/g, "\\$&");

export function suppressionFilterConditions(filters: SuppressionFilters): SQL | undefined {
  const { search, reason } = suppressionFiltersInput.parse(filters);
  const conditions: SQL[] = [];
  if (search) conditions.push(like(suppressions.emailNormalized, `%${escapeLike(search.toLowerCase())}%`));
  if (reason) conditions.push(eq(suppressions.reason, reason));
  return conditions.length ? and(...conditions) : undefined;
}

/** Members read masked addresses when the workspace masks personal data for them; admins always read them in full. */
export async function masksEmailsFor(db: DbOrTx, actor: Actor): Promise<boolean> {
  return actor.role === "member" && (await getWorkspaceSettings(db)).maskPiiForMembers;
}

export function maskSuppression(row: Suppression): Suppression {
  return { ...row, email: maskEmail(row.email), emailNormalized: maskEmail(row.emailNormalized) };
}

/** Newest first; `total` counts every row matching the filters. */
export async function listSuppressions(db: DbOrTx, actor: Actor, input: ListSuppressionsInput = {}): Promise<SuppressionsPage> {
  const { page, pageSize, ...filters } = listSuppressionsInput.parse(input);
  const where = suppressionFilterConditions(filters);
  const [items, [counted], masked] = await Promise.all([
    db
      .select()
      .from(suppressions)
      .where(where)
      .orderBy(desc(suppressions.createdAt), desc(suppressions.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ total: count() }).from(suppressions).where(where),
    masksEmailsFor(db, actor),
  ]);
  return { items: masked ? items.map(maskSuppression) : items, total: counted?.total ?? 0, page, pageSize, masked };
}

export async function addSuppression(db: Database, actor: Actor, input: AddSuppressionInput): Promise<Suppression> {
  const { email, reason, note } = addSuppressionInput.parse(input);
  const emailNormalized = normalizeEmail(email);
  return db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(suppressions)
      .values({ email, emailNormalized, reason, source: MANUAL_SOURCE, note: note ?? null })
      .onConflictDoNothing({ target: suppressions.emailNormalized })
      .returning();
    if (!inserted) {
      const [existing] = await tx
        .select({ reason: suppressions.reason })
        .from(suppressions)
        .where(eq(suppressions.emailNormalized, emailNormalized));
      throw new DomainError("CONFLICT", `${emailNormalized} is already suppressed (reason: ${existing?.reason ?? "unknown"})`, {
        email: emailNormalized,
        reason: existing?.reason,
      });
    }
    await recordAudit(tx, actor, { action: "suppression.create", entityType: "suppression", entityId: inserted.id, after: inserted });
    return inserted;
  });
}

/** The audit entry keeps the removed row, so a removal can be traced and undone by hand. */
export async function deleteSuppression(db: Database, actor: Actor, id: string): Promise<Suppression> {
  return db.transaction(async (tx) => {
    const [removed] = await tx.delete(suppressions).where(eq(suppressions.id, id)).returning();
    if (!removed) throw notFound("Suppression", id);
    await recordAudit(tx, actor, { action: "suppression.delete", entityType: "suppression", entityId: removed.id, before: removed });
    return removed;
  });
}
