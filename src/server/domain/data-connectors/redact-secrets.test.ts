import { describe, expect, it } from "vitest";
import { connectorSecrets, scrubSecrets } from "./redact-secrets";

describe("connector secrets", () => {
  it("scrubs a Postgres connection string and its password, raw and URL-decoded", () => {
    const connectionString = "postgres://reader:p%40ss-W0rd!@db.example.com:5432/warehouse";
    const secrets = connectorSecrets({ type: "POSTGRES", config: { connectionString } });
    expect(secrets).toEqual([connectionString, "p%40ss-W0rd!", "p@ss-W0rd!"]);
    expect(scrubSecrets(`connect ${connectionString} failed`, secrets)).toBe("connect [REDACTED] failed");
    expect(scrubSecrets('password "p@ss-W0rd!" rejected; raw p%40ss-W0rd!', secrets)).toBe('password "[REDACTED]" rejected; raw [REDACTED]');
  });

  it("keeps a connection string without password whole and ignores secrets too short to scrub safely", () => {
    expect(connectorSecrets({ type: "POSTGRES", config: { connectionString: "postgres://reader@db/w" } })).toEqual(["postgres://reader@db/w"]);
    const secrets = connectorSecrets({ type: "POSTGRES", config: { connectionString: "postgres://u:pw@h/d" } });
    expect(secrets).toEqual(["postgres://u:pw@h/d"]);
    expect(scrubSecrets("pw is fine here", secrets)).toBe("pw is fine here");
  });

  it("scrubs the BigQuery service-account JSON, its private key and key id", () => {
    const credentialsJson = JSON.stringify({ client_email: "sa@p.iam.gserviceaccount.com", private_key: "-----BEGIN PRIVATE KEY-----abc", private_key_id: "kid-123456" });
    const secrets = connectorSecrets({ type: "BIGQUERY", config: { projectId: "p", credentialsJson } });
    expect(secrets).toEqual([credentialsJson, "-----BEGIN PRIVATE KEY-----abc", "kid-123456"]);
    expect(scrubSecrets("bad key -----BEGIN PRIVATE KEY-----abc (kid-123456)", secrets)).toBe("bad key [REDACTED] ([REDACTED])");
  });
});
