import type { Redis } from "ioredis";
import type { Sql } from "postgres";

export interface ReadinessReport {
  ready: boolean;
  checks: { database: string; redis: string };
}

const withTimeout = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms))]);

/** Ready means both the system database and Redis answer within a second. */
export async function checkReadiness(sql: Sql, redis: Redis): Promise<ReadinessReport> {
  const [database, cache] = await Promise.allSettled([withTimeout(sql`select 1`, 1000), withTimeout(redis.ping(), 1000)]);
  const describe = (result: PromiseSettledResult<unknown>) =>
    result.status === "fulfilled" ? "ok" : result.reason instanceof Error ? result.reason.message : "failed";
  const checks = { database: describe(database), redis: describe(cache) };
  return { ready: checks.database === "ok" && checks.redis === "ok", checks };
}
