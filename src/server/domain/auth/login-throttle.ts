import type { Redis } from "ioredis";

/** Failures allowed before every further attempt must wait; the wait doubles per failure up to the cap. */
export const FREE_ATTEMPTS = 5;
const BASE_DELAY_MS = 1_000;
const MAX_DELAY_MS = 5 * 60_000;
const WINDOW_SECONDS = 15 * 60;

export interface ThrottleState {
  allowed: boolean;
  retryAfterMs: number;
}

export class LoginThrottle {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private keys(identifier: string) {
    const id = identifier.trim().toLowerCase();
    return { failures: `${this.prefix}:login:failures:${id}`, lockedUntil: `${this.prefix}:login:locked-until:${id}` };
  }

  async check(identifier: string, now = Date.now()): Promise<ThrottleState> {
    const lockedUntil = Number(await this.redis.get(this.keys(identifier).lockedUntil));
    return lockedUntil > now ? { allowed: false, retryAfterMs: lockedUntil - now } : { allowed: true, retryAfterMs: 0 };
  }

  async recordFailure(identifier: string, now = Date.now()): Promise<ThrottleState> {
    const keys = this.keys(identifier);
    const [[, failures]] = (await this.redis.multi().incr(keys.failures).expire(keys.failures, WINDOW_SECONDS).exec()) as [
      [Error | null, number],
    ];
    if (failures < FREE_ATTEMPTS) return { allowed: true, retryAfterMs: 0 };
    const delay = Math.min(BASE_DELAY_MS * 2 ** (failures - FREE_ATTEMPTS), MAX_DELAY_MS);
    await this.redis.set(keys.lockedUntil, String(now + delay), "PX", delay);
    return { allowed: false, retryAfterMs: delay };
  }

  async reset(identifier: string): Promise<void> {
    const keys = this.keys(identifier);
    await this.redis.del(keys.failures, keys.lockedUntil);
  }
}
