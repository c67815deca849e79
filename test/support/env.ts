/**
 * The environment for a server process or CLI a test starts on the embedded defaults
 * (SQLite, in memory), even where CI sets DATABASE_URL and REDIS_URL for the tests
 * that are about those.
 */
export function embeddedEnv(): NodeJS.ProcessEnv {
  const { DATABASE_URL: _db, REDIS_URL: _redis, ...rest } = process.env;
  return rest;
}

/**
 * The keys under `prefix` that should not outlive a chat. What may stay, each with an
 * expiry: a counsellor's chosen capacity, the limits' counters (under keyed addresses,
 * never an address) and the salt that keys them.
 */
export function lingeringRedisKeys(keys: readonly string[], prefix: string): string[] {
  const kept = ['capacity:', 'rate:start:', 'fail:login:', 'salt'].map((k) => prefix + k);
  return keys.filter((key) => key.startsWith(prefix) && !kept.some((k) => key.startsWith(k)));
}
