import { createClient } from 'redis';
import type { RedisClient } from '../../server/chat/redis-live-state.js';

/** Runs `use` with the given client, or with a new one for a URL, closed afterwards. */
async function withClient<T>(
  redis: RedisClient | string,
  use: (client: RedisClient) => Promise<T>,
): Promise<T> {
  if (typeof redis !== 'string') return use(redis);
  const client: RedisClient = createClient({ url: redis });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.quit();
  }
}

/** Every key under `prefix`. */
export function keysUnder(redis: RedisClient | string, prefix: string): Promise<string[]> {
  return withClient(redis, async (client) => {
    const found: string[] = [];
    for await (const batch of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
      found.push(...batch);
    }
    return found;
  });
}

/** Deletes every key under `prefix`: a test or a bench run leaves nothing behind. */
export function forgetUnder(redis: RedisClient | string, prefix: string): Promise<void> {
  return withClient(redis, async (client) => {
    const keys = await keysUnder(client, prefix);
    if (keys.length > 0) await client.del(keys);
  });
}

/**
 * The keys under `prefix` that should not outlive a chat. What may stay, each with an
 * expiry: a counsellor's chosen capacity, break and chats in a row, when their console last
 * left (for the console's grace), the blocks, the limits' counters (chat starts, mailbox
 * starts and lookups, failed logins: under keyed addresses, never an address), the salt
 * that keys them, and each running process's heartbeat.
 */
export function lingeringRedisKeys(keys: readonly string[], prefix: string): string[] {
  const kept = [
    'capacity:',
    'shift:',
    'console-left:',
    'blocks',
    'rate:start:',
    'rate:mailbox-',
    'fail:login:',
    'salt',
    'process:',
  ].map((k) => prefix + k);
  return keys.filter((key) => key.startsWith(prefix) && !kept.some((k) => key.startsWith(k)));
}
