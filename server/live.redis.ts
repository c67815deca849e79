import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import type { Config } from './config.js';
import { RedisLiveState } from './chat/redis-live-state.js';
import { RedisRateStore } from './limits/rate-store.js';
import type { Live } from './live.js';
import type { Logger } from './logger.js';

/** Live state, rate counters and Socket.IO's adapter in Redis at `url` (see live.ts). */
export async function openRedisLive(url: string, config: Config, logger: Logger): Promise<Live> {
  const client = createClient({ url });
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
