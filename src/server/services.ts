import type { Redis } from "ioredis";
import { connectDatabase, type Database } from "./db/client";
import { Keyring } from "./lib/crypto";
import { env, type Env } from "./lib/env";
import { connectRedis } from "./lib/redis";
import { Queues } from "./queue/queues";
import type { Sql } from "postgres";

/** Long-lived handles shared by everything in one process (web or worker). Tests build their own. */
export interface Services {
  env: Env;
  db: Database;
  sql: Sql;
  redis: Redis;
  keyring: Keyring;
  queues: Queues;
  close: () => Promise<void>;
}

export function createServices(config: Env = env(), options: { dbPoolSize?: number } = {}): Services {
  const database = connectDatabase(config.DATABASE_URL, { max: options.dbPoolSize });
  const redis = connectRedis(config.REDIS_URL);
  const queues = new Queues(redis, config.QUEUE_PREFIX);
  return {
    env: config,
    db: database.db,
    sql: database.sql,
    redis,
    keyring: Keyring.fromSecrets(config.ENCRYPTION_SECRET, config.ENCRYPTION_PREVIOUS_SECRETS),
    queues,
    close: async () => {
      await queues.close();
      await database.close();
      await redis.quit();
    },
  };
}

const globalForServices = globalThis as unknown as { emailopsServices?: Services };

/** One set of connections per web process, kept across Next.js dev hot reloads. */
export function getServices(): Services {
  globalForServices.emailopsServices ??= createServices();
  return globalForServices.emailopsServices;
}
