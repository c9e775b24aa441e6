import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Database, DbOrTx } from "@/server/db/client";
import { emailConnectors, senderProfiles } from "@/server/db/schema";
import { DomainError, notFound } from "@/server/lib/errors";
import type { Services } from "@/server/services";
import { actorLabel, type Actor } from "../auth/actor";
import { recordAudit } from "../audit-log/record";

const nameSchema = z.string().trim().min(1, "Name is required").max(100, "Name must be at most 100 characters");
const fromEmailSchema = z.string().trim().pipe(z.email("Enter a valid email address"));
const fromNameSchema = z.string().trim().max(100, "From name must be at most 100 characters");
/** null (or an empty string from a form) clears the reply-to address. */
const replyToSchema = z
  .string()
  .trim()
  .transform((value) => (value === "" ? null : value))
  .pipe(z.email("Enter a valid email address").nullable())
  .nullable();
const emailConnectorIdSchema = z.uuid("Choose an email connector");
const bucketSizeSchema = z
  .number("Bucket size must be a number")
  .int("Bucket size must be a whole number")
  .min(1, "Bucket size must be at least 1")
  .max(100_000, "Bucket size must be at most 100000");
const refillPerSecondSchema = z
  .number("Refill per second must be a number")
  .positive("Refill per second must be greater than 0")
  .max(10_000, "Refill per second must be at most 10000");

export const createSenderProfileInput = z.object({
  name: nameSchema,
  fromEmail: fromEmailSchema,
  fromName: fromNameSchema.default(""),
  replyTo: replyToSchema.optional(),
  emailConnectorId: emailConnectorIdSchema,
  bucketSize: bucketSizeSchema.default(100),
  refillPerSecond: refillPerSecondSchema.default(10),
});
export type CreateSenderProfileInput = z.input<typeof createSenderProfileInput>;

export const updateSenderProfileInput = z.object({
  id: z.uuid(),
  name: nameSchema.optional(),
  fromEmail: fromEmailSchema.optional(),
  fromName: fromNameSchema.optional(),
  replyTo: replyToSchema.optional(),
  emailConnectorId: emailConnectorIdSchema.optional(),
  bucketSize: bucketSizeSchema.optional(),
  refillPerSecond: refillPerSecondSchema.optional(),
});
export type UpdateSenderProfileInput = z.input<typeof updateSenderProfileInput>;

export const requestTestEmailInput = z.object({
  id: z.uuid(),
  to: z.string().trim().pipe(z.email("Enter a valid email address")),
});
export type RequestTestEmailInput = z.input<typeof requestTestEmailInput>;

export interface SenderProfile {
  id: string;
  name: string;
  fromEmail: string;
  fromName: string;
  replyTo: string | null;
  emailConnectorId: string;
  emailConnectorName: string;
  bucketSize: number;
  refillPerSecond: number;
  createdAt: Date;
  updatedAt: Date;
}

const columns = {
  id: senderProfiles.id,
  name: senderProfiles.name,
  fromEmail: senderProfiles.fromEmail,
  fromName: senderProfiles.fromName,
  replyTo: senderProfiles.replyTo,
  emailConnectorId: senderProfiles.emailConnectorId,
  emailConnectorName: emailConnectors.name,
  bucketSize: senderProfiles.bucketSize,
  refillPerSecond: senderProfiles.refillPerSecond,
  createdAt: senderProfiles.createdAt,
  updatedAt: senderProfiles.updatedAt,
};

const selectProfiles = (db: DbOrTx) =>
  db.select(columns).from(senderProfiles).innerJoin(emailConnectors, eq(emailConnectors.id, senderProfiles.emailConnectorId));

async function findSenderProfile(db: DbOrTx, id: string): Promise<SenderProfile | null> {
  const [row] = await selectProfiles(db).where(eq(senderProfiles.id, id));
  return row ?? null;
}

async function assertConnectorExists(tx: DbOrTx, emailConnectorId: string): Promise<void> {
  const [connector] = await tx.select({ id: emailConnectors.id }).from(emailConnectors).where(eq(emailConnectors.id, emailConnectorId));
  if (!connector) {
    throw new DomainError("INVALID", `emailConnectorId: email connector ${emailConnectorId} does not exist; choose an existing email connector.`);
  }
}

async function assertNameFree(tx: DbOrTx, name: string, exceptId?: string): Promise<void> {
  const [existing] = await tx.select({ id: senderProfiles.id }).from(senderProfiles).where(eq(senderProfiles.name, name));
  if (existing && existing.id !== exceptId) {
    throw new DomainError("CONFLICT", `A sender profile named "${name}" already exists; choose another name.`);
  }
}

export async function createSenderProfile(db: Database, actor: Actor, input: CreateSenderProfileInput): Promise<SenderProfile> {
  const data = createSenderProfileInput.parse(input);
  return db.transaction(async (tx) => {
    await assertConnectorExists(tx, data.emailConnectorId);
    await assertNameFree(tx, data.name);
    const [row] = await tx
      .insert(senderProfiles)
      .values({ ...data, replyTo: data.replyTo ?? null })
      .returning({ id: senderProfiles.id });
    if (!row) throw new Error("insert returned no row");
    const created = await findSenderProfile(tx, row.id);
    if (!created) throw notFound("Sender profile", row.id);
    await recordAudit(tx, actor, { action: "sender-profile.create", entityType: "sender_profile", entityId: row.id, after: created });
    return created;
  });
}

export async function listSenderProfiles(db: DbOrTx): Promise<SenderProfile[]> {
  return selectProfiles(db).orderBy(asc(senderProfiles.name));
}

export async function getSenderProfile(db: DbOrTx, id: string): Promise<SenderProfile> {
  const profile = await findSenderProfile(db, id);
  if (!profile) throw notFound("Sender profile", id);
  return profile;
}

export async function updateSenderProfile(db: Database, actor: Actor, input: UpdateSenderProfileInput): Promise<SenderProfile> {
  const { id, ...changes } = updateSenderProfileInput.parse(input);
  return db.transaction(async (tx) => {
    const [locked] = await tx.select({ id: senderProfiles.id }).from(senderProfiles).where(eq(senderProfiles.id, id)).for("update");
    if (!locked) throw notFound("Sender profile", id);
    const before = await getSenderProfile(tx, id);
    if (changes.emailConnectorId !== undefined) await assertConnectorExists(tx, changes.emailConnectorId);
    if (changes.name !== undefined) await assertNameFree(tx, changes.name, id);
    await tx
      .update(senderProfiles)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(senderProfiles.id, id));
    const after = await getSenderProfile(tx, id);
    await recordAudit(tx, actor, { action: "sender-profile.update", entityType: "sender_profile", entityId: id, before, after });
    return after;
  });
}

export async function deleteSenderProfile(db: Database, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await findSenderProfile(tx, id);
    if (!before) throw notFound("Sender profile", id);
    await tx.delete(senderProfiles).where(eq(senderProfiles.id, id));
    await recordAudit(tx, actor, { action: "sender-profile.delete", entityType: "sender_profile", entityId: id, before });
  });
}

/** Queues a "send-test-email" job; the worker sends it with sendTestEmail (./send-test-email.ts). */
export async function requestTestEmail(
  services: Pick<Services, "db" | "queues">,
  actor: Actor,
  input: RequestTestEmailInput,
): Promise<{ jobId: string }> {
  const { id, to } = requestTestEmailInput.parse(input);
  return services.db.transaction(async (tx) => {
    const profile = await findSenderProfile(tx, id);
    if (!profile) throw notFound("Sender profile", id);
    const job = await services.queues.enqueue("send-test-email", { senderProfileId: id, to, requestedBy: actorLabel(actor) });
    if (!job.id) throw new Error("queue returned a job without id");
    await recordAudit(tx, actor, {
      action: "sender-profile.send-test",
      entityType: "sender_profile",
      entityId: id,
      after: { to, jobId: job.id },
    });
    return { jobId: job.id };
  });
}
