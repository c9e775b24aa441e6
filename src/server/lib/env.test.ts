import { describe, expect, it } from "vitest";
import { InvalidEnvironmentError, oidcEnabled, parseEnv } from "./env";

const valid = {
  DATABASE_URL: "postgres://postgres@127.0.0.1:5432/emailops",
  REDIS_URL: "redis://127.0.0.1:6379/0",
  ENCRYPTION_SECRET: "x".repeat(32),
  NEXTAUTH_SECRET: "y".repeat(32),
};

function problemsFor(overrides: Record<string, string | undefined>): string[] {
  try {
    parseEnv({ ...valid, ...overrides });
  } catch (error) {
    if (error instanceof InvalidEnvironmentError) return error.problems;
    throw error;
  }
  throw new Error("expected the environment to be rejected");
}

describe("parseEnv", () => {
  it("accepts the minimal environment and fills in defaults", () => {
    const env = parseEnv(valid);
    expect(env).toMatchObject({
      NODE_ENV: "development",
      QUEUE_PREFIX: "emailops",
      APP_URL: "http://localhost:3030",
      WORKER_PORT: 3031,
      LOG_LEVEL: "info",
    });
    expect(env.ENCRYPTION_PREVIOUS_SECRETS).toBeUndefined();
  });

  it.each([
    ["DATABASE_URL", "mysql://localhost/db", /DATABASE_URL: must be a postgres:\/\/ connection URL/],
    ["DATABASE_URL", undefined, /DATABASE_URL/],
    ["REDIS_URL", "http://localhost:6379", /REDIS_URL: must be a redis:\/\/ URL/],
    ["QUEUE_PREFIX", "bad:prefix", /QUEUE_PREFIX: may only contain/],
    ["ENCRYPTION_SECRET", "short", /ENCRYPTION_SECRET: must be at least 32 characters/],
    ["NEXTAUTH_SECRET", "short", /NEXTAUTH_SECRET: must be at least 32 characters/],
    ["NEXTAUTH_URL", "not a url", /NEXTAUTH_URL/],
    ["APP_URL", "nope", /APP_URL/],
    ["APP_URL", "http://mail.example.com", /APP_URL: must be an https:\/\/ URL: unsubscribe links/],
    ["APP_URL", "ftp://localhost", /APP_URL: must be an https:\/\/ URL/],
    ["OIDC_ISSUER", "not-a-url", /OIDC_ISSUER/],
    ["WORKER_PORT", "70000", /WORKER_PORT/],
    ["WORKER_PORT", "abc", /WORKER_PORT/],
    ["LOG_LEVEL", "verbose", /LOG_LEVEL/],
    ["NODE_ENV", "staging", /NODE_ENV/],
  ])("names %s when it is %s", (name, value, expected) => {
    const problems = problemsFor({ [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(expected);
  });

  it.each(["https://emailops.example.com", "http://localhost:3030", "http://127.0.0.1:4000", "http://[::1]:3030"])("accepts APP_URL %s", (url) => {
    expect(parseEnv({ ...valid, APP_URL: url }).APP_URL).toBe(url);
  });

  it("reports every bad variable at once in one readable message", () => {
    let error: unknown;
    try {
      parseEnv({ ...valid, REDIS_URL: "nope", ENCRYPTION_SECRET: "short" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidEnvironmentError);
    const message = (error as Error).message;
    expect(message).toMatch(/^Invalid environment configuration:/);
    expect(message).toContain("REDIS_URL");
    expect(message).toContain("ENCRYPTION_SECRET");
    expect(message).not.toContain("DATABASE_URL");
  });

  it("treats empty optional values as unset and enables OIDC only when fully configured", () => {
    const partial = parseEnv({ ...valid, OIDC_ISSUER: "https://id.example.com", OIDC_CLIENT_ID: "", OIDC_CLIENT_SECRET: " " });
    expect(partial.OIDC_CLIENT_ID).toBeUndefined();
    expect(oidcEnabled(partial)).toBe(false);
    const full = parseEnv({ ...valid, OIDC_ISSUER: "https://id.example.com", OIDC_CLIENT_ID: "id", OIDC_CLIENT_SECRET: "secret" });
    expect(oidcEnabled(full)).toBe(true);
  });
});
