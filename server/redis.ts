import type { createClient } from 'redis';

/*
 * The Redis client type every Redis-backed part shares (live state, rate counters, the
 * tests' helpers), here so that none of them has to import another to name it.
 */

export type RedisClient = ReturnType<typeof createClient>;
