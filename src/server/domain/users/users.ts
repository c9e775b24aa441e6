import { asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx, Database } from "@/server/db/client";
import { users } from "@/server/db/schema";
import { hashPassword } from "@/server/lib/crypto";
import { DomainError, notFound } from "@/server/lib/errors";
import type { Actor, Role } from "../auth/actor";
import { recordAudit } from "../audit-log/record";

export const roleSchema = z.enum(["admin", "member"]);
export const passwordSchema = z
  .string()
  .min(10, "Password must be at least 10 characters")
  .max(200, "Password must be at most 200 characters");

export const createUserInput = z.object({
  email: z.email("Enter a valid email address").transform((e) => e.trim().toLowerCase()),
  name: z.string().trim().max(120).optional(),
  password: passwordSchema,
  role: roleSchema.default("member"),
});
export type CreateUserInput = z.input<typeof createUserInput>;

export interface PublicUser {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  createdAt: Date;
  lastLoginAt: Date | null;
}

const publicColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  createdAt: users.createdAt,
  lastLoginAt: users.lastLoginAt,
};

export async function createUser(db: Database, actor: Actor, input: CreateUserInput): Promise<PublicUser> {
  const data = createUserInput.parse(input);
  const passwordHash = await hashPassword(data.password);
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, data.email));
    if (existing) throw new DomainError("CONFLICT", `A user with email ${data.email} already exists`);
    const [created] = await tx
      .insert(users)
      .values({ email: data.email, name: data.name ?? null, passwordHash, role: data.role })
      .returning(publicColumns);
    if (!created) throw new Error("insert returned no row");
    await recordAudit(tx, actor, { action: "user.create", entityType: "user", entityId: created.id, after: created });
    return created;
  });
}

export async function listUsers(db: DbOrTx): Promise<PublicUser[]> {
  return db.select(publicColumns).from(users).orderBy(asc(users.email));
}

export async function getUser(db: DbOrTx, id: string): Promise<PublicUser | null> {
  const [user] = await db.select(publicColumns).from(users).where(eq(users.id, id));
  return user ?? null;
}

export async function findUserByEmail(db: DbOrTx, email: string) {
  const [user] = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase()));
  return user ?? null;
}

async function countAdmins(tx: DbOrTx): Promise<number> {
  const [row] = await tx.select({ n: sql<number>`count(*)::int` }).from(users).where(eq(users.role, "admin"));
  return row?.n ?? 0;
}

export async function setUserRole(db: Database, actor: Actor, id: string, role: Role): Promise<PublicUser> {
  return db.transaction(async (tx) => {
    const before = await getUser(tx, id);
    if (!before) throw notFound("User", id);
    if (before.role === "admin" && role !== "admin" && (await countAdmins(tx)) <= 1) {
      throw new DomainError("PRECONDITION_FAILED", "The last admin cannot be demoted; promote another user first.");
    }
    const [after] = await tx.update(users).set({ role, updatedAt: new Date() }).where(eq(users.id, id)).returning(publicColumns);
    if (!after) throw notFound("User", id);
    await recordAudit(tx, actor, { action: "user.update-role", entityType: "user", entityId: id, before, after });
    return after;
  });
}

export async function resetUserPassword(db: Database, actor: Actor, id: string, password: string): Promise<void> {
  const passwordHash = await hashPassword(passwordSchema.parse(password));
  await db.transaction(async (tx) => {
    const [row] = await tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, id)).returning({ id: users.id });
    if (!row) throw notFound("User", id);
    await recordAudit(tx, actor, { action: "user.reset-password", entityType: "user", entityId: id });
  });
}

export async function deleteUser(db: Database, actor: Actor, id: string): Promise<void> {
  if (actor.type === "user" && actor.id === id) {
    throw new DomainError("PRECONDITION_FAILED", "You cannot delete your own account.");
  }
  await db.transaction(async (tx) => {
    const before = await getUser(tx, id);
    if (!before) throw notFound("User", id);
    if (before.role === "admin" && (await countAdmins(tx)) <= 1) {
      throw new DomainError("PRECONDITION_FAILED", "The last admin cannot be deleted.");
    }
    await tx.delete(users).where(eq(users.id, id));
    await recordAudit(tx, actor, { action: "user.delete", entityType: "user", entityId: id, before });
  });
}
