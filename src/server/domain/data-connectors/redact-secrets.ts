import type { DataConnectorSettings } from "./config";
import { REDACTED } from "@/server/lib/redaction";

/** Secrets shorter than this are not scrubbed from free text: replacing e.g. "pw" would mangle unrelated words. */
const MIN_SECRET_LENGTH = 4;

function postgresSecrets(connectionString: string): string[] {
  const secrets = [connectionString];
  try {
    const password = new URL(connectionString).password;
    if (password) secrets.push(password, decodeURIComponent(password));
  } catch {
    // An unparsable connection string has no separable password; the whole string is still scrubbed.
  }
  return secrets;
}

function bigQuerySecrets(credentialsJson: string): string[] {
  const secrets = [credentialsJson];
  try {
    const parsed = JSON.parse(credentialsJson) as { private_key?: unknown; private_key_id?: unknown };
    for (const value of [parsed.private_key, parsed.private_key_id]) {
      if (typeof value === "string") secrets.push(value);
    }
  } catch {
    // Validation already requires valid JSON; a stored config that is not is scrubbed as a whole.
  }
  return secrets;
}

/** The values of a connector config that must never appear in an error message, a warning or a log line. */
export function connectorSecrets(settings: DataConnectorSettings): string[] {
  const secrets = settings.type === "POSTGRES" ? postgresSecrets(settings.config.connectionString) : bigQuerySecrets(settings.config.credentialsJson);
  return [...new Set(secrets.filter((secret) => secret.length >= MIN_SECRET_LENGTH))].sort((a, b) => b.length - a.length);
}

/** Replaces every secret (longest first, so a password inside the connection string goes with the string). */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  return secrets.reduce((scrubbed, secret) => scrubbed.replaceAll(secret, REDACTED), text);
}
