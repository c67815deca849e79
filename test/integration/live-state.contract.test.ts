import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryLiveState, type LiveChat, type LiveState } from '../../server/chat/live-state.js';
import { RedisLiveState, type RedisClient } from '../../server/chat/redis-live-state.js';
import { forgetUnder, keysUnder } from '../support/redis.js';

/*
 * One contract for the live state, in memory and (with REDIS_URL) in Redis: the
 * queue's order, claiming, re-queueing at the old place, availability, cleanup.
 */

const REDIS_URL = process.env.REDIS_URL;

interface Backend {
  name: string;
  skip: boolean;
  open(): Promise<{ live: LiveState; keys: () => Promise<string[]>; close: () => Promise<void> }>;
}

const memory: Backend = {
  name: 'memory',
  skip: false,
  open: () =>
    Promise.resolve({
      live: new MemoryLiveState(),
      keys: () => Promise.resolve([]),
      close: () => Promise.resolve(),
    }),
};

const redis: Backend = {
  name: REDIS_URL ? 'Redis' : 'Redis (skipped: REDIS_URL is not set)',
  skip: !REDIS_URL,
  async open() {
    const client: RedisClient = createClient({ url: REDIS_URL });
    await client.connect();
    const prefix = `jc-live-${randomBytes(4).toString('hex')}:`;
    const live = new RedisLiveState(client, prefix);
    return {
      live,
      keys: () => keysUnder(client, prefix),
      async close() {
        live.dispose();
        await forgetUnder(client, prefix);
        await client.quit();
      },
    };
  },
};

let n = 0;
function chat(route: 'adult' | 'youth', queuedAt: number, extra: Partial<LiveChat> = {}): LiveChat {
  n += 1;
  return {
    id: `chat-${n}-${randomBytes(4).toString('hex')}`,
    route,
    queuedAt,
    commitment: 'c',
    epoch: 0,
    status: 'queued',
    resumeHash: 'h',
    visitorSocketId: `v${n}`,
    ...extra,
  };
}

for (const backend of [memory, redis]) {
  describe.skipIf(backend.skip)(`live state in ${backend.name}`, () => {
    let live: LiveState;
    let keys: () => Promise<string[]>;
    let close: () => Promise<void>;
    beforeEach(async () => {
      ({ live, keys, close } = await backend.open());
    });
    afterEach(() => close());

    it('queues in order, claims the oldest connected visitor across routes, once', async () => {
      const first = chat('adult', 1000);
      const away = chat('youth', 500, { visitorAway: true });
      const youth = chat('youth', 1500);
      expect(await live.enqueue(first)).toBe(1);
      expect(await live.enqueue(away)).toBe(1);
      expect(await live.enqueue(youth)).toBe(2);
      expect((await live.queue('youth')).map((e) => [e.id, e.away])).toEqual([
        [away.id, true],
        [youth.id, false],
      ]);

      const counsellor = { accountId: 7, socketId: 's7' };
      const claims = await Promise.all([
        live.claimNext(['adult', 'youth'], counsellor),
        live.claimNext(['adult', 'youth'], counsellor),
      ]);
      expect(claims.map((c) => c?.id).sort()).toEqual([first.id, youth.id].sort());
      expect(claims[0]).toMatchObject({
        status: 'keying',
        counsellorAccountId: 7,
        counsellorSocketId: 's7',
      });
      expect(await live.claimNext(['adult', 'youth'], counsellor)).toBeUndefined();
      expect(await live.countChatsOfAccount(7)).toBe(2);
      expect((await live.chatsOfCounsellorSocket('s7')).length).toBe(2);
      expect((await live.allChats()).length).toBe(3);
    });

    it('gives a counsellor first whom they speak with, never idles, and caps the wait', async () => {
      const arabic = chat('adult', 1000, { lang: 'ar' });
      const swedish = chat('adult', 2000, { lang: 'sv' });
      const unsaid = chat('youth', 3000);
      const away = chat('adult', 1500, { lang: 'sv', visitorAway: true });
      for (const c of [arabic, swedish, unsaid, away]) await live.enqueue(c);
      const counsellor = { accountId: 8, socketId: 's8' };
      const speaks = { languages: ['sv'] as const, anyoneQueuedBy: 0 };
      const claim = async (preference?: Parameters<LiveState['claimNext']>[2]) =>
        (await live.claimNext(['adult', 'youth'], counsellor, preference))?.id;
      expect(await claim(speaks), 'the oldest in a language spoken').toBe(swedish.id);
      expect(await claim(speaks), 'no language named: anyone may').toBe(unsaid.id);
      expect(await claim(speaks), 'nobody else waits: the oldest').toBe(arabic.id);
      expect(await claim(speaks)).toBeUndefined();

      const longWait = chat('adult', 1000, { lang: 'so' });
      const newer = chat('adult', 2000, { lang: 'sv' });
      const newest = chat('adult', 3000, { lang: 'sv' });
      for (const c of [longWait, newer, newest]) await live.enqueue(c);
      expect(
        await claim({ languages: ['sv'], anyoneQueuedBy: 1000 }),
        'waited past the cap: first, whatever the language',
      ).toBe(longWait.id);
      expect(await claim({ languages: [], anyoneQueuedBy: 0 }), 'no languages: oldest').toBe(
        newer.id,
      );
      expect(await claim(), 'no preference: oldest').toBe(newest.id);
    });

    it('puts a chat back at the place its first wait gave it', async () => {
      const early = chat('adult', 1000);
      const late = chat('adult', 3000);
      await live.enqueue(early);
      await live.enqueue(late);
      const claimed = await live.claimNext(['adult'], { accountId: 1, socketId: 's1' });
      expect(claimed?.id).toBe(early.id);
      expect(await live.requeue({ ...claimed!, counsellorAlias: 'anna' })).toBe(1);
      const back = await live.getChat(early.id);
      expect(back).toMatchObject({ status: 'queued' });
      expect(back?.counsellorAccountId).toBeUndefined();
      expect(back?.counsellorAlias).toBeUndefined();
      expect((await live.queue('adult')).map((e) => e.id)).toEqual([early.id, late.id]);
    });

    it('availability and capacity, per socket and account', async () => {
      await live.setAvailable('s1', 1, ['adult', 'youth'], true, 'anna');
      await live.setAvailable('s2', 1, ['adult', 'youth'], true, 'anna');
      await live.setAvailable('s3', 2, ['adult'], true, 'bo');
      expect(await live.availableOn('adult')).toBe(2);
      expect(await live.availableOn('youth')).toBe(1);
      expect(await live.availableSockets('youth')).toEqual(
        expect.arrayContaining([
          { accountId: 1, socketId: 's1', alias: 'anna' },
          { accountId: 1, socketId: 's2', alias: 'anna' },
        ]),
      );
      await live.setAvailable('s3', 2, [], false);
      expect(await live.isAvailable('s3')).toBe(false);
      expect(await live.availableOn('adult')).toBe(1);
      expect(await live.capacityOf(1)).toBeUndefined();
      await live.setCapacity(1, 4);
      expect(await live.capacityOf(1)).toBe(4);
    });

    it('leaves nothing behind a chat that ended', async () => {
      const one = chat('adult', 1000);
      await live.enqueue(one);
      await live.setAvailable('s1', 1, ['adult'], true, 'anna');
      const claimed = await live.claimNext(['adult'], { accountId: 1, socketId: 's1' });
      await live.saveChat({ ...claimed!, status: 'active' });
      expect(await live.dequeue(claimed!)).toBe(false);
      await live.deleteChat(one.id);
      await live.setAvailable('s1', 1, [], false);
      expect(await live.getChat(one.id)).toBeUndefined();
      expect(await live.allChats()).toEqual([]);
      expect(await live.queue('adult')).toEqual([]);
      expect(await keys()).toEqual([]);
    });
  });
}
