import type { Redis } from "ioredis";

/**
 * Refills the bucket for the time elapsed since it was last touched, grants up to `requested` whole tokens and says
 * how long until the next token. Time comes from Redis so every worker shares one clock. Atomic: a script runs alone.
 */
const TAKE_TOKENS = `
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local requested = tonumber(ARGV[3])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or capacity
local at = tonumber(state[2]) or now
if now > at then tokens = math.min(capacity, tokens + (now - at) * rate / 1000) end
local granted = math.min(requested, math.floor(tokens))
tokens = tokens - granted
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(math.max(now, at)))
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity * 1000 / rate) + 60000)
local wait = 0
if granted < requested then wait = math.ceil((1 - (tokens - math.floor(tokens))) * 1000 / rate) end
return {granted, wait}
`;

export interface BucketSettings {
  /** Maximum burst. */
  bucketSize: number;
  /** Sustained tokens per second. */
  refillPerSecond: number;
}

export interface TokenGrant {
  granted: number;
  /** When fewer than requested were granted: milliseconds until the next token. */
  waitMs: number;
}

type TakeTokens = (key: string, capacity: number, rate: number, requested: number) => Promise<[number, number]>;

/** A token bucket per sender profile in Redis, shared by every worker process. */
export class SenderRateLimiter {
  private readonly takeTokens: TakeTokens;

  constructor(
    redis: Redis,
    private readonly prefix: string,
  ) {
    if (!("emailopsTakeTokens" in redis)) redis.defineCommand("emailopsTakeTokens", { numberOfKeys: 1, lua: TAKE_TOKENS });
    const command = (redis as unknown as Record<string, TakeTokens>).emailopsTakeTokens;
    if (!command) throw new Error("the token bucket script could not be registered");
    this.takeTokens = command.bind(redis);
  }

  private key(senderProfileId: string): string {
    return `${this.prefix}:rate:sender-profile:${senderProfileId}`;
  }

  async tryTake(senderProfileId: string, settings: BucketSettings, requested: number): Promise<TokenGrant> {
    const [granted, waitMs] = await this.takeTokens(this.key(senderProfileId), settings.bucketSize, settings.refillPerSecond, requested);
    return { granted, waitMs };
  }

  /** Waits until at least one token is available, then takes up to `wanted` (never more than the bucket holds). */
  async take(senderProfileId: string, settings: BucketSettings, wanted: number, signal?: { aborted: boolean }): Promise<number> {
    for (;;) {
      const grant = await this.tryTake(senderProfileId, settings, wanted);
      if (grant.granted > 0 || signal?.aborted) return grant.granted;
      await sleep(Math.max(1, grant.waitMs));
    }
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
