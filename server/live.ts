import type { createAdapter } from '@socket.io/redis-adapter';
import type { Config } from './config.js';
import type { LiveState } from './chat/live-state.js';
import { MemoryLiveState } from './chat/memory-live-state.js';
import { MemoryRateStore, type RateStore } from './limits/rate-store.js';
import type { Logger } from './logger.js';

export interface Live {
  state: LiveState;
  /** The counters behind the limits on chat starts and logins, shared like the state. */
  rates: RateStore;
  /** Socket.IO's adapter: the Redis pub/sub one when several processes share Redis. */
  adapter?: ReturnType<typeof createAdapter>;
  close(): Promise<void>;
}

/**
 * Live state and rate counters in memory (one process), or in Redis with REDIS_URL,
 * with Socket.IO's Redis adapter so an event for a socket reaches it in whichever
 * process holds it. The pub/sub adapter stores nothing in Redis (the Streams adapter
 * would keep relayed frames in a stream after the chat). No deployment restores a socket
 * (connection state recovery is off, app.ts): a socket that drops or moves to another
 * process resumes through the project's own `chat:resume` / `chats:resume`.
 *
 * The Redis client and adapter are loaded only with REDIS_URL: on the embedded
 * defaults they would be 5 MB of heap that nothing uses (and that every full garbage
 * collection marks again).
 */
export async function openLive(config: Config, logger: Logger): Promise<Live> {
  if (!config.redisUrl) {
    return {
      state: new MemoryLiveState(),
      rates: new MemoryRateStore(),
      close: () => Promise.resolve(),
    };
  }
  return (await import('./live.redis.js')).openRedisLive(config.redisUrl, config, logger);
}
