import { systemActor } from "@/server/domain/auth/actor";
import { rotateConnectorConfigs } from "@/server/domain/encryption/rotate-connector-configs";
import type { Services } from "@/server/services";

export async function runRotateEncryptionKey(services: Pick<Services, "db" | "keyring">): Promise<string[]> {
  const result = await rotateConnectorConfigs(services.db, services.keyring, systemActor("rotate-encryption-key"));
  const total = result.dataConnectors + result.emailConnectors;
  return [
    `Rotated ${total} connector config${total === 1 ? "" : "s"} to the current ENCRYPTION_SECRET ` +
      `(${result.dataConnectors} data, ${result.emailConnectors} email).`,
    total > 0 ? "Once every process runs with the new secret, ENCRYPTION_PREVIOUS_SECRETS can be emptied." : "Nothing needed rotating.",
  ];
}
