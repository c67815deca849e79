import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import type { Config } from './config.js';
import type { LiveState } from './chat/live-state.js';
import { MemoryLiveState } from './chat/memory-live-state.js';
import { RedisLiveState } from './chat/redis-live-state.js';
import { MemoryRateStore, RedisRateStore, type RateStore } from './limits/rate-store.js';
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
 * would keep relayed frames in a stream after the chat), and cannot restore a socket
 * (connection state recovery): a socket that drops or moves to another process resumes
 * through the project's own `chat:resume` / `chats:resume`.
 */
export async function openLive(config: Config, logger: Logger): Promise<Live> {
  if (!config.redisUrl) {
    return {
      state: new MemoryLiveState(),
      rates: new MemoryRateStore(),
      close: () => Promise.resolve(),
    };
  }
  const client = createClient({ url: config.redisUrl });
  const sub = client.duplicate();
  for (const c of [client, sub]) {
    c.on('error', (error: unknown) => logger.error({ err: error }, 'redis error'));
  }
  await Promise.all([client.connect(), sub.connect()]);
  const state = new RedisLiveState(client, config.redisPrefix, logger, config.heartbeatMs);
  return {
    state,
    rates: new RedisRateStore(client, config.redisPrefix),
    adapter: createAdapter(client, sub, { key: `${config.redisPrefix}socket.io` }),
    async close() {
      state.dispose();
      // Disconnect handlers may still be publishing through the adapter.
      await new Promise((resolve) => setTimeout(resolve, 200));
      await Promise.allSettled([client.quit(), sub.quit()]);
    },
  };
}
