import { systemActor } from "@/server/domain/auth/actor";
import { createUser, type CreateUserInput } from "@/server/domain/users/users";
import type { Services } from "@/server/services";

export async function runCreateUser(services: Pick<Services, "db">, input: CreateUserInput): Promise<string[]> {
  const user = await createUser(services.db, systemActor("cli"), input);
  return [`Created ${user.role} ${user.email} (id ${user.id}).`];
}
