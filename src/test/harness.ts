import { randomBytes } from "node:crypto";
import postgres from "postgres";
import pino from "pino";
import { inject } from "vitest";
import { sql as rawSql } from "drizzle-orm";
import type { TRPCContext } from "@/server/api/trpc";
import { handleRestRequest } from "@/server/api/rest";
import { createCaller } from "@/server/api/root";
import { actorFromAuthorizationHeader } from "@/server/domain/api-keys/api-keys";
import type { Actor } from "@/server/domain/auth/actor";
import { loadEnvFile } from "@/server/lib/load-env-file";
import { parseEnv } from "@/server/lib/env";
import { createServices, type Services } from "@/server/services";
import { adminUrl, databaseUrl } from "./database-urls";

export interface TestEnvironment {
  services: Services;
  databaseUrl: string;
  queuePrefix: string;
  /** A tRPC caller acting as the given actor (or anonymous with null). */
  caller: (actor: Actor | null) => ReturnType<typeof createCaller>;
  context: (actor: Actor | null) => TRPCContext;
  /**
   * Sends a request through the real REST handler (/api/v1). Without an explicit actor the request authenticates the
   * way production does: by its Authorization header, anonymous without one.
   */
  rest: (req: Request, actor?: Actor | null) => Promise<Response>;
  truncate: () => Promise<void>;
  teardown: () => Promise<void>;
}

/** Own database (cloned from the migrated template) and own Redis key prefix for one test file. */
export async function createTestEnvironment(): Promise<TestEnvironment> {
  loadEnvFile();
  const suffix = randomBytes(5).toString("hex");
  const name = `emailops_test_${suffix}`;
  const admin = postgres(adminUrl(), { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database "${name}" template "${inject("templateDatabase")}"`);
  await admin.end();

  const url = databaseUrl(name);
  const queuePrefix = `emailops-test-${suffix}`;
  const config = parseEnv({ ...process.env, DATABASE_URL: url, QUEUE_PREFIX: queuePrefix, LOG_LEVEL: "silent" });
  const services = createServices(config, { dbPoolSize: 5 });
  const log = pino({ level: "silent" });
  const context = (actor: Actor | null): TRPCContext => ({ services, actor, log });

  return {
    services,
    databaseUrl: url,
    queuePrefix,
    context,
    caller: (actor) => createCaller(context(actor)),
    rest: (req, actor) =>
      handleRestRequest(req, async () => {
        if (actor !== undefined) return context(actor);
        const authorization = req.headers.get("authorization");
        return context(authorization ? await actorFromAuthorizationHeader(services.db, authorization) : null);
      }),
    async truncate() {
      const tables = await services.db.execute<{ tablename: string }>(
        rawSql`select tablename from pg_tables where schemaname = 'public' and tablename not like '__drizzle%'`,
      );
      const names = tables.map((t) => `"${t.tablename}"`).join(", ");
      if (names) await services.db.execute(rawSql.raw(`truncate ${names} restart identity cascade`));
      const keys = await services.redis.keys(`${queuePrefix}*`);
      if (keys.length) await services.redis.del(...keys);
    },
    async teardown() {
      const keys = await services.redis.keys(`${queuePrefix}*`);
      if (keys.length) await services.redis.del(...keys);
      await services.close();
      const cleanup = postgres(adminUrl(), { max: 1, onnotice: () => undefined });
      await cleanup.unsafe(`drop database if exists "${name}" with (force)`);
      await cleanup.end();
    },
  };
}
