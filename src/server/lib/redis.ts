import { Redis } from "ioredis";

/** BullMQ requires `maxRetriesPerRequest: null` on connections used by workers. */
export function connectRedis(url: string, options: { lazyConnect?: boolean } = {}): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, lazyConnect: options.lazyConnect ?? false });
}
