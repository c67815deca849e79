import { randomBytes } from 'node:crypto';
import type { RedisClient } from '../redis.js';

/**
 * The counters behind every limit that must hold across processes: chats started per
 * address and failed logins. Keys arrive already keyed (AddressKeyer), never as an
 * address. In memory for one process; in Redis, with an expiry on every key, when
 * several processes share one address.
 */
export interface RateStore {
  /** Counts one event for `key` if fewer than `limit` fell in the last `windowMs`; says whether it did. */
  take(key: string, limit: number, windowMs: number): Promise<boolean>;
  /** Adds a failure to `key`; the count is forgotten after `forgetMs` without one. */
  fail(key: string, forgetMs: number): Promise<void>;
  /** The failures counted for `key` and when the last one was, if any are remembered. */
  failures(key: string): Promise<Failures | undefined>;
  /** Forgets `key`'s failures. */
  clear(key: string): Promise<void>;
  /**
   * The salt every process keys addresses with in the current period, the same in
   * all of them; a new one after `rotateMs`.
   */
  salt(rotateMs: number): Promise<Buffer>;
  /**
   * Keeps a block (block-list.ts: a salt of its own and a network's HMAC under it, never
   * the network) for `ms`, then forgets it. At most MAX_BLOCKS run at once: beyond
   * that, the one due to end soonest goes first.
   */
  addBlock(block: Block, ms: number): Promise<void>;
  /** The blocks still running. */
  blocks(): Promise<Block[]>;
}

/** One running block: its own random salt and HMAC-SHA256(salt, network), base64url. */
export interface Block {
  salt: string;
  hash: string;
}

/**
 * Blocks running at once. Each visitor's network is checked against every one (each
 * has its own salt), so the set stays small; a day of even a busy service's blocks is
 * far fewer.
 */
export const MAX_BLOCKS = 1000;

export interface Failures {
  count: number;
  lastAt: number;
}

interface Expiring {
  expiresAt: number;
}

/** One process: Maps with a bound on their size, oldest entries dropped first. */
export class MemoryRateStore implements RateStore {
  private readonly windows = new Map<string, number[]>();
  private readonly failed = new Map<string, Failures & Expiring>();
  private current?: { salt: Buffer } & Expiring;
  private running: (Block & Expiring)[] = [];

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 100_000,
  ) {}

  addBlock(block: Block, ms: number): Promise<void> {
    const running = this.live();
    running.push({ ...block, expiresAt: this.now() + ms });
    running.sort((a, b) => a.expiresAt - b.expiresAt);
    this.running = running.slice(Math.max(0, running.length - MAX_BLOCKS));
    return Promise.resolve();
  }

  blocks(): Promise<Block[]> {
    return Promise.resolve(this.live().map(({ salt, hash }) => ({ salt, hash })));
  }

  private live(): (Block & Expiring)[] {
    const now = this.now();
    this.running = this.running.filter((block) => now < block.expiresAt);
    return this.running;
  }

  take(key: string, limit: number, windowMs: number): Promise<boolean> {
    const now = this.now();
    const recent = (this.windows.get(key) ?? []).filter((at) => now - at < windowMs);
    const taken = recent.length < limit;
    if (taken) recent.push(now);
    // Re-inserted, so the Map's order is the order of last use.
    this.windows.delete(key);
    this.windows.set(key, recent);
    bound(this.windows, this.maxKeys);
    return Promise.resolve(taken);
  }

  fail(key: string, forgetMs: number): Promise<void> {
    const now = this.now();
    const count = (this.liveFailures(key)?.count ?? 0) + 1;
    this.failed.delete(key);
    this.failed.set(key, { count, lastAt: now, expiresAt: now + forgetMs });
    bound(this.failed, this.maxKeys);
    return Promise.resolve();
  }

  failures(key: string): Promise<Failures | undefined> {
    const entry = this.liveFailures(key);
    return Promise.resolve(entry && { count: entry.count, lastAt: entry.lastAt });
  }

  clear(key: string): Promise<void> {
    this.failed.delete(key);
    return Promise.resolve();
  }

  salt(rotateMs: number): Promise<Buffer> {
    const now = this.now();
    // The old salt is dropped, not zeroed: a key being made with it may still be
    // waiting for its turn, and must not be made with a zero key instead.
    if (!this.current || now >= this.current.expiresAt) {
      this.current = { salt: randomBytes(32), expiresAt: now + rotateMs };
    }
    return Promise.resolve(this.current.salt);
  }

  private liveFailures(key: string): (Failures & Expiring) | undefined {
    const entry = this.failed.get(key);
    if (entry && this.now() >= entry.expiresAt) {
      this.failed.delete(key);
      return undefined;
    }
    return entry;
  }
}

/** Drops the least recently used keys of a Map kept in order of use. */
function bound<V>(map: Map<string, V>, max: number): void {
  while (map.size > max) {
    const oldest = map.keys().next().value;
    if (oldest === undefined) return;
    map.delete(oldest);
  }
}

/**
 * Counts the event unless the window is full, in one step on the Redis server.
 * KEYS: the window; ARGV: now, window ms, limit, a unique member.
 */
const TAKE = `
local now = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], now, ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`;

/**
 * Adds a block, drops the ended ones and any beyond the cap (soonest to end first); the
 * set itself expires with its last block. KEYS: the set; ARGV: now, ends at, member, cap.
 */
const ADD_BLOCK = `
local now = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZADD', KEYS[1], tonumber(ARGV[2]), ARGV[3])
local over = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[4])
if over > 0 then redis.call('ZPOPMIN', KEYS[1], over) end
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
redis.call('PEXPIREAT', KEYS[1], last[2])
return 1
`;

/**
 * Several processes: a sorted set per window and a hash per failure count, each with
 * an expiry, and one salt shared through Redis that expires when it is due to rotate.
 * The salt lives only in Redis's memory (run Redis without persistence, as CI does):
 * once it expires, no counter key can be tied back to an address.
 */
export class RedisRateStore implements RateStore {
  private cached?: { salt: Buffer } & Expiring;
  private fetching?: Promise<Buffer>;

  constructor(
    private readonly redis: RedisClient,
    private readonly prefix = 'jc:',
    private readonly now: () => number = Date.now,
  ) {}

  async take(key: string, limit: number, windowMs: number): Promise<boolean> {
    const now = this.now();
    const member = `${now}:${randomBytes(6).toString('base64url')}`;
    const taken = await this.redis.eval(TAKE, {
      keys: [`${this.prefix}rate:${key}`],
      arguments: [String(now), String(windowMs), String(limit), member],
    });
    return taken === 1;
  }

  async fail(key: string, forgetMs: number): Promise<void> {
    const redisKey = `${this.prefix}fail:${key}`;
    await this.redis
      .multi()
      .hIncrBy(redisKey, 'count', 1)
      .hSet(redisKey, 'lastAt', String(this.now()))
      .pExpire(redisKey, forgetMs)
      .exec();
  }

  async failures(key: string): Promise<Failures | undefined> {
    const [count, lastAt] = await this.redis.hmGet(`${this.prefix}fail:${key}`, [
      'count',
      'lastAt',
    ]);
    if (!count || !lastAt) return undefined;
    return { count: Number(count), lastAt: Number(lastAt) };
  }

  async clear(key: string): Promise<void> {
    await this.redis.del(`${this.prefix}fail:${key}`);
  }

  async addBlock(block: Block, ms: number): Promise<void> {
    const now = this.now();
    await this.redis.eval(ADD_BLOCK, {
      keys: [`${this.prefix}blocks`],
      arguments: [String(now), String(now + ms), `${block.salt}.${block.hash}`, String(MAX_BLOCKS)],
    });
  }

  async blocks(): Promise<Block[]> {
    const members = await this.redis.zRangeByScore(
      `${this.prefix}blocks`,
      `(${this.now()}`,
      '+inf',
    );
    return members.flatMap((member) => {
      const [salt, hash] = member.split('.');
      return salt && hash ? [{ salt, hash }] : [];
    });
  }

  salt(rotateMs: number): Promise<Buffer> {
    if (this.cached && this.now() < this.cached.expiresAt) return Promise.resolve(this.cached.salt);
    // One fetch at a time, however many requests arrive while it runs.
    this.fetching ??= this.fetchSalt(rotateMs).finally(() => {
      this.fetching = undefined;
    });
    return this.fetching;
  }

  private async fetchSalt(rotateMs: number): Promise<Buffer> {
    const key = `${this.prefix}salt`;
    // The first process of a period makes the salt; every other one reads it.
    await this.redis.set(key, randomBytes(32).toString('base64'), {
      condition: 'NX',
      expiration: { type: 'PX', value: rotateMs },
    });
    const [value, ttl] = (await this.redis.multi().get(key).pTTL(key).exec()) as unknown as [
      string | null,
      number,
    ];
    if (value === null) throw new Error('the shared address salt expired while it was read');
    // Kept until Redis drops it (a key without expiry would be a bug: re-read soon).
    this.cached = {
      salt: Buffer.from(value, 'base64'),
      expiresAt: this.now() + (ttl > 0 ? ttl : 1000),
    };
    return this.cached.salt;
  }
}
