import { eq } from "drizzle-orm";
import type { Database } from "@/server/db/client";
import { users } from "@/server/db/schema";
import { verifyPassword } from "@/server/lib/crypto";
import { DomainError } from "@/server/lib/errors";
import { findUserByEmail } from "../users/users";
import type { LoginThrottle } from "./login-throttle";

export interface AuthenticatedUser {
  id: string;
  email: string;
  name: string | null;
  role: "admin" | "member";
}

/**
 * Verifies email + password. Throttled per email: after repeated failures every attempt (right or wrong)
 * is refused until the wait is over, so guessing cannot outpace the delay.
 */
export async function authenticateWithPassword(
  db: Database,
  throttle: LoginThrottle,
  email: string,
  password: string,
): Promise<AuthenticatedUser | null> {
  const state = await throttle.check(email);
  if (!state.allowed) {
    throw new DomainError(
      "TOO_MANY_REQUESTS",
      `Too many failed sign-in attempts. Try again in ${Math.ceil(state.retryAfterMs / 1000)} s.`,
    );
  }
  const user = await findUserByEmail(db, email);
  const valid = user?.passwordHash ? await verifyPassword(password, user.passwordHash) : false;
  if (!user || !valid) {
    await throttle.recordFailure(email);
    return null;
  }
  await throttle.reset(email);
  await db.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, user.id));
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
