import { z } from "zod";

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * The public address of the dashboard; unsubscribe links (`List-Unsubscribe`, RFC 8058) are built on it and must be
 * https. Plain http is accepted only for an address on this machine (development, the demo, tests).
 */
const appUrl = z
  .url()
  .refine((value) => {
    // Not a URL at all is already reported by the check above.
    if (!URL.canParse(value)) return true;
    const url = new URL(value);
    return url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname));
  }, "must be an https:// URL: unsubscribe links in List-Unsubscribe must be https (http is accepted only for localhost)");

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: "must be a postgres:// connection URL" }),
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: "must be a redis:// URL" }),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9_-]+$/, "may only contain letters, digits, '_' and '-'")
    .default("emailops"),
  ENCRYPTION_SECRET: z.string().min(32, "must be at least 32 characters"),
  ENCRYPTION_PREVIOUS_SECRETS: optionalString,
  NEXTAUTH_SECRET: z.string().min(32, "must be at least 32 characters"),
  NEXTAUTH_URL: z.url().optional(),
  APP_URL: appUrl.default("http://localhost:3030"),
  OIDC_ISSUER: optionalString.pipe(z.url().optional()),
  OIDC_CLIENT_ID: optionalString,
  OIDC_CLIENT_SECRET: optionalString,
  WORKER_PORT: z.coerce.number().int().min(1).max(65535).default(3031),
  LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
});

export type Env = z.infer<typeof envSchema>;

export class InvalidEnvironmentError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "InvalidEnvironmentError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    throw new InvalidEnvironmentError(
      result.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`),
    );
  }
  return result.data;
}

let cached: Env | undefined;

/** The validated environment, parsed once per process; web, worker and CLI all read it through here. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

export function oidcEnabled(current: Env = env()): boolean {
  return Boolean(current.OIDC_ISSUER && current.OIDC_CLIENT_ID && current.OIDC_CLIENT_SECRET);
}
