import { randomBytes } from "node:crypto";
import type { Actor } from "@/server/domain/auth/actor";
import { createUser } from "@/server/domain/users/users";
import type { Services } from "@/server/services";

const unique = () => randomBytes(4).toString("hex");

export async function createTestUser(
  services: Services,
  overrides: { email?: string; role?: "admin" | "member"; password?: string } = {},
): Promise<{ actor: Actor; email: string; password: string }> {
  const email = overrides.email ?? `user-${unique()}@example.test`;
  const password = overrides.password ?? `password-${unique()}`;
  const user = await createUser(services.db, { type: "system", id: null, name: "test", role: "admin" }, {
    email,
    password,
    role: overrides.role ?? "admin",
  });
  return { actor: { type: "user", id: user.id, email: user.email, role: user.role }, email, password };
}
