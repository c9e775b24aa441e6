import { createApiKey } from "@/server/domain/api-keys/api-keys";
import { systemActor } from "@/server/domain/auth/actor";
import type { Services } from "@/server/services";

/** The key is the last line on its own, so scripts can take it with `tail -n 1`. */
export async function runCreateApiKey(services: Pick<Services, "db">, name: string): Promise<string[]> {
  const { key, apiKey } = await createApiKey(services.db, systemActor("cli"), { name });
  return [`Created API key "${apiKey.name}" (id ${apiKey.id}). It is shown only now; store it safely:`, key];
}
