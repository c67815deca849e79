import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from 'redis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RedisClient } from '../../server/chat/redis-live-state.js';
import { AddressKeyer } from '../../server/limits/address-key.js';
import { BlockList } from '../../server/limits/block-list.js';
import {
  MAX_BLOCKS,
  MemoryRateStore,
  RedisRateStore,
  type RateStore,
} from '../../server/limits/rate-store.js';
import { forgetUnder, keysUnder } from '../support/redis.js';

/*
 * One contract for the counters behind the limits, in memory and (with REDIS_URL) in
 * Redis, where two stores on one prefix stand for two processes: they must count
 * together, key addresses alike and hold blocks alike, and every key must expire.
 */

const REDIS_URL = process.env.REDIS_URL;

interface Opened {
  /** Two views of the same counters: two processes (in memory: the same one twice). */
  here: RateStore;
  there: RateStore;
  keys(): Promise<string[]>;
  ttlMs(key: string): Promise<number>;
  close(): Promise<void>;
}

interface Backend {
  name: string;
  skip: boolean;
  open(): Promise<Opened>;
}

const memory: Backend = {
  name: 'memory',
  skip: false,
  open() {
    const rates = new MemoryRateStore();
    return Promise.resolve({
      here: rates,
      there: rates,
      keys: () => Promise.resolve([]),
      ttlMs: () => Promise.resolve(0),
      close: () => Promise.resolve(),
    });
  },
};

const redis: Backend = {
  name: REDIS_URL ? 'Redis' : 'Redis (skipped: REDIS_URL is not set)',
  skip: !REDIS_URL,
  async open() {
    const clients: RedisClient[] = [
      createClient({ url: REDIS_URL }),
      createClient({ url: REDIS_URL }),
    ];
    await Promise.all(clients.map((c) => c.connect()));
    const [a, b] = clients as [RedisClient, RedisClient];
    const prefix = `jc-rates-${randomBytes(4).toString('hex')}:`;
    return {
      here: new RedisRateStore(a, prefix),
      there: new RedisRateStore(b, prefix),
      keys: () => keysUnder(a, prefix),
      ttlMs: (key) => a.pTTL(key),
      async close() {
        await forgetUnder(a, prefix);
        await Promise.all(clients.map((c) => c.quit()));
      },
    };
  },
};

for (const backend of [memory, redis]) {
  describe.skipIf(backend.skip)(`rate counters in ${backend.name}`, () => {
    let opened: Opened;
    beforeEach(async () => {
      opened = await backend.open();
    });
    afterEach(() => opened.close());

    it('count a window together across processes and refuse past the limit without counting', async () => {
      const { here, there } = opened;
      expect(await here.take('start:k', 3, 400)).toBe(true);
      expect(await there.take('start:k', 3, 400)).toBe(true);
      expect(await here.take('start:k', 3, 400)).toBe(true);
      expect(await there.take('start:k', 3, 400)).toBe(false);
      expect(await here.take('start:other', 3, 400), 'another key is its own').toBe(true);
      await sleep(450);
      // All three left the window, and the refused one was never counted.
      for (let i = 0; i < 3; i += 1) expect(await there.take('start:k', 3, 400)).toBe(true);
      expect(await here.take('start:k', 3, 400)).toBe(false);
    });

    it('remember failures across processes until a quiet spell or a clear', async () => {
      const { here, there } = opened;
      expect(await here.failures('login:x')).toBeUndefined();
      const before = Date.now();
      await here.fail('login:x', 300);
      await there.fail('login:x', 300);
      const seen = await there.failures('login:x');
      expect(seen?.count).toBe(2);
      expect(seen?.lastAt).toBeGreaterThanOrEqual(before);
      await here.fail('login:y', 5000);
      await there.clear('login:y');
      expect(await here.failures('login:y')).toBeUndefined();
      await sleep(350);
      expect(await here.failures('login:x'), 'forgotten after the quiet spell').toBeUndefined();
    });

    it('key an address alike in every process, and anew after the rotation', async () => {
      const here = new AddressKeyer(opened.here, 300);
      const there = new AddressKeyer(opened.there, 300);
      const key = await here.key('203.0.113.7');
      expect(await there.key('203.0.113.7')).toBe(key);
      expect(key).not.toContain('203');
      await sleep(350);
      const next = await there.key('203.0.113.7');
      expect(next).not.toBe(key);
      expect(await here.key('203.0.113.7')).toBe(next);
    });

    it('hold a block in every process for its time, each under its own salt, then forget it', async () => {
      const here = new BlockList(opened.here);
      const there = new BlockList(opened.there);
      await here.block('198.51.100.0/24', 300);
      await there.block('203.0.113.0/24', 5000);
      expect(await there.blocked('198.51.100.0/24')).toBe(true);
      expect(await here.blocked('203.0.113.0/24')).toBe(true);
      expect(await here.blocked('192.0.2.0/24')).toBe(false);
      const blocks = await opened.here.blocks();
      expect(blocks).toHaveLength(2);
      expect(new Set(blocks.map((b) => b.salt)).size, 'a salt per block').toBe(2);
      expect(JSON.stringify(blocks)).not.toContain('198.51');
      await sleep(350);
      expect(await there.blocked('198.51.100.0/24'), 'over after its time').toBe(false);
      expect(await here.blocked('203.0.113.0/24')).toBe(true);
      expect(await opened.there.blocks()).toHaveLength(1);
    });

    it('keep at most MAX_BLOCKS, dropping the one due to end soonest', async () => {
      const list = new BlockList(opened.here);
      await list.block('192.0.2.0/24', 60_000);
      for (let i = 0; i < MAX_BLOCKS; i += 1)
        await list.block(`10.${i >> 8}.${i & 255}.0/24`, 120_000);
      expect(await opened.there.blocks()).toHaveLength(MAX_BLOCKS);
      expect(await list.blocked('192.0.2.0/24')).toBe(false);
      expect(await list.blocked('10.3.231.0/24')).toBe(true);
    });

    // In memory, a bounded Map cleans up; in Redis, the expiry does.
    if (backend === redis) {
      it('leave nothing in Redis that does not expire', async () => {
        await opened.here.take('start:k', 3, 60_000);
        await opened.here.fail('login:x', 60_000);
        await opened.here.salt(60_000);
        await new BlockList(opened.here).block('198.51.100.0/24', 30_000);
        const keys = await opened.keys();
        expect(keys).toHaveLength(4);
        for (const key of keys) {
          const ttl = await opened.ttlMs(key);
          expect(ttl, key).toBeGreaterThan(0);
          expect(ttl, key).toBeLessThanOrEqual(60_000);
        }
      });
    }
  });
}
