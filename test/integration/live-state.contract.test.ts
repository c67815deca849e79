import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LiveChat, LiveState } from '../../server/chat/live-state.js';
import { MemoryLiveState } from '../../server/chat/memory-live-state.js';
import { RedisLiveState, type RedisClient } from '../../server/chat/redis-live-state.js';
import { sweepLive, type Swept } from '../../server/chat/sweep.js';
import { forgetUnder, keysUnder } from '../support/redis.js';

/*
 * One contract for the live state, in memory and (with REDIS_URL) in Redis: the
 * queue's order, claiming, re-queueing at the old place, availability, cleanup, and
 * the sweep's atomic steps for sides gone past their grace (times given, not read).
 */

const REDIS_URL = process.env.REDIS_URL;

interface Opened {
  live: LiveState;
  /** Every key it holds but its own heartbeat. */
  keys: () => Promise<string[]>;
  /**
   * Another process on the same live state, and its death (SIGKILL: it beats no more);
   * none in memory, where there is only ever one.
   */
  second?: () => { live: LiveState; die: () => void };
  close: () => Promise<void>;
}

interface Backend {
  name: string;
  skip: boolean;
  open(): Promise<Opened>;
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
    const others: RedisLiveState[] = [];
    return {
      live,
      keys: async () =>
        (await keysUnder(client, prefix)).filter(
          (key) => key !== `${prefix}process:${live.processId}`,
        ),
      second: () => {
        const other = new RedisLiveState(client, prefix);
        others.push(other);
        return { live: other, die: () => other.dispose() };
      },
      async close() {
        for (const other of others) other.dispose();
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
    let second: Opened['second'];
    let close: () => Promise<void>;
    beforeEach(async () => {
      ({ live, keys, second, close } = await backend.open());
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

    it('puts a visitor in danger first: before the language and longer waits, oldest first among them', async () => {
      const speaker = chat('adult', 1000, { lang: 'sv' });
      const lateUrgent = chat('adult', 3000, { lang: 'ar', urgent: true });
      const longest = chat('youth', 500, { lang: 'sv' });
      const earlyUrgent = chat('youth', 2000, { urgent: true });
      const awayUrgent = chat('adult', 100, { urgent: true, visitorAway: true });
      expect(await live.enqueue(speaker)).toBe(1);
      expect(await live.enqueue(lateUrgent), 'urgent: ahead of a longer wait').toBe(1);
      expect(await live.enqueue(longest)).toBe(1);
      expect(await live.enqueue(earlyUrgent)).toBe(1);
      expect(await live.enqueue(awayUrgent), 'the older urgent one ahead').toBe(1);
      expect((await live.queue('adult')).map((e) => [e.id, e.urgent, e.queuedAt])).toEqual([
        [awayUrgent.id, true, 100],
        [lateUrgent.id, true, 3000],
        [speaker.id, false, 1000],
      ]);

      const counsellor = { accountId: 9, socketId: 's9' };
      const speaks = { languages: ['sv'] as const, anyoneQueuedBy: 0 };
      const claim = async () => (await live.claimNext(['adult', 'youth'], counsellor, speaks))?.id;
      expect(await claim(), 'the oldest connected urgent one, across routes').toBe(earlyUrgent.id);
      expect(await claim(), 'urgent before the language spoken').toBe(lateUrgent.id);
      expect(await claim()).toBe(longest.id);
      expect(await claim()).toBe(speaker.id);
      expect(await claim()).toBeUndefined();

      // Back in the queue, by hand or when the counsellor's grace runs out: still first.
      const later = chat('youth', 50);
      await live.enqueue(later);
      expect(await live.requeue((await live.getChat(earlyUrgent.id))!)).toBe(1);
      expect(await live.markAway(lateUrgent.id, 'counsellor', 's9', 9000)).toBeDefined();
      const requeued = await live.requeueIfAway(lateUrgent.id, 's9', 9000);
      expect(requeued?.position).toBe(2);
      expect(requeued?.chat.urgent).toBe(true);
      expect((await live.queue('adult')).map((e) => e.id)).toEqual([awayUrgent.id, lateUrgent.id]);
      expect((await live.queue('youth')).map((e) => [e.id, e.queuedAt])).toEqual([
        [earlyUrgent.id, 2000],
        [later.id, 50],
      ]);
    });

    it('takes lättläst as Swedish and Finnish as Finnish when matching languages', async () => {
      const finnish = chat('adult', 1000, { lang: 'fi' });
      const easy = chat('adult', 2000, { lang: 'sv-x-easy' });
      for (const c of [finnish, easy]) await live.enqueue(c);
      const counsellor = { accountId: 9, socketId: 's9' };
      const claim = async (languages: ('sv' | 'fi')[]) =>
        (await live.claimNext(['adult'], counsellor, { languages, anyoneQueuedBy: 0 }))?.id;
      expect(await claim(['sv']), 'a Swedish speaker takes the lättläst visitor first').toBe(
        easy.id,
      );
      expect(await claim(['sv'])).toBe(finnish.id);
      const later = chat('adult', 3000, { lang: 'sv-x-easy' });
      const finn = chat('adult', 4000, { lang: 'fi' });
      for (const c of [later, finn]) await live.enqueue(c);
      expect(await claim(['fi']), 'a Finnish speaker takes the Finnish visitor first').toBe(
        finn.id,
      );
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
      const processId = live.processId;
      expect(await live.availableSockets('youth')).toEqual(
        expect.arrayContaining([
          { accountId: 1, socketId: 's1', alias: 'anna', processId },
          { accountId: 1, socketId: 's2', alias: 'anna', processId },
        ]),
      );
      await live.setAvailable('s3', 2, [], false);
      expect(await live.isAvailable('s3')).toBe(false);
      expect(await live.availableOn('adult')).toBe(1);
      expect(await live.capacityOf(1)).toBeUndefined();
      await live.setCapacity(1, 4);
      expect(await live.capacityOf(1)).toBe(4);
    });

    it('a shift: capacity back to 1, breaks, and chats in a row since the last break', async () => {
      expect(await live.shiftOf(1)).toEqual({ onBreak: false, inARow: 0, acute: 0 });
      await live.setCapacity(1, 4);
      await live.countAccepted(1);
      await live.countAccepted(1);
      expect(await live.shiftOf(1)).toEqual({ onBreak: false, inARow: 2, acute: 0 });
      await live.setBreak(1, true);
      expect(await live.shiftOf(1)).toEqual({ onBreak: true, inARow: 0, acute: 0 });
      await live.setBreak(1, false);
      await live.countAccepted(1);
      expect(await live.shiftOf(1)).toEqual({ onBreak: false, inARow: 1, acute: 0 });
      expect(await live.shiftOf(2)).toEqual({ onBreak: false, inARow: 0, acute: 0 });
      await live.setBreak(1, true);
      await live.startShift(1);
      expect(await live.capacityOf(1)).toBe(1);
      expect(await live.shiftOf(1)).toEqual({ onBreak: false, inARow: 0, acute: 0 });
    });

    it('notes when a console of an account last left, per account', async () => {
      expect(await live.consoleLeftAt(1)).toBeUndefined();
      await live.consoleLeft(1, 1_000, 60_000);
      await live.consoleLeft(1, 2_500, 60_000);
      await live.consoleLeft(2, 7, 60_000);
      expect(await live.consoleLeftAt(1)).toBe(2_500);
      expect(await live.consoleLeftAt(2)).toBe(7);
      expect(await live.consoleLeftAt(3)).toBeUndefined();
    });

    it('counts acute chats per account in its shift; a break keeps them, a new shift starts at none', async () => {
      expect((await live.shiftOf(1)).acute).toBe(0);
      await live.countAcute(1);
      await live.countAcute(1);
      await live.countAcute(2);
      await live.setBreak(1, true);
      await live.setBreak(1, false);
      expect(await live.shiftOf(1)).toEqual({ onBreak: false, inARow: 0, acute: 2 });
      expect((await live.shiftOf(2)).acute).toBe(1);
      await live.startShift(1);
      expect((await live.shiftOf(1)).acute).toBe(0);
    });

    it('keeps the risk level and its peak through an atomic update', async () => {
      const one = chat('adult', 1000);
      await live.saveChat(one);
      await live.updateChat(one.id, (c) => ({ ...c, risk: 'acute', riskPeak: 'acute' }));
      await live.updateChat(one.id, (c) => ({ ...c, risk: 'concern' }));
      expect(await live.getChat(one.id)).toMatchObject({ risk: 'concern', riskPeak: 'acute' });
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

    describe('updateChat', () => {
      it('lands every change when processes change one chat at once', async () => {
        const one = chat('adult', 1000, { status: 'active', counsellorSocketId: 'c1' });
        await live.saveChat(one);
        const other = second?.().live ?? live;
        // Ten read-change-writes at once from two processes, and an atomic step among them.
        await Promise.all([
          ...Array.from({ length: 10 }, (_, i) =>
            (i % 2 ? other : live).updateChat(one.id, (c) => ({ ...c, epoch: c.epoch + 1 })),
          ),
          other.markAway(one.id, 'visitor', one.visitorSocketId, 5000),
          live.updateChat(one.id, (c) => ({ ...c, topic: 'witness' })),
        ]);
        const after = await live.getChat(one.id);
        expect(after).toMatchObject({
          epoch: 10,
          visitorAway: true,
          visitorAwaySince: 5000,
          topic: 'witness',
        });
      });

      it('gives the change the chat as it is now, and writes what it returns', async () => {
        const one = chat('adult', 1000, { status: 'active', counsellorSocketId: 'c1' });
        await live.saveChat(one);
        // Marked away by another process after this one last read it.
        await (second?.().live ?? live).markAway(one.id, 'counsellor', 'c1', 7000);
        const seen: LiveChat[] = [];
        const written = await live.updateChat(one.id, (c) => {
          seen.push(structuredClone(c));
          return { ...c, status: 'rekeying', epoch: c.epoch + 1 };
        });
        expect(seen.at(-1)).toMatchObject({ counsellorAway: true, counsellorAwaySince: 7000 });
        expect(written).toMatchObject({ status: 'rekeying', epoch: 1, counsellorAway: true });
        expect(await live.getChat(one.id)).toMatchObject({ status: 'rekeying', epoch: 1 });
      });

      it('writes nothing when the change leaves the chat alone or throws, or the chat is gone', async () => {
        const one = chat('adult', 1000);
        await live.saveChat(one);
        const before = await live.getChat(one.id);
        expect(await live.updateChat(one.id, () => undefined)).toBeUndefined();
        await expect(
          live.updateChat(one.id, () => {
            throw new Error('refused');
          }),
        ).rejects.toThrow('refused');
        expect(await live.getChat(one.id)).toEqual(before);
        let ran = false;
        expect(
          await live.updateChat('no-such-chat', (c) => {
            ran = true;
            return c;
          }),
        ).toBeUndefined();
        expect(ran).toBe(false);
        expect(await live.getChat('no-such-chat')).toBeUndefined();
      });
    });

    describe('sides whose process died, and graces that ran out (the sweep)', () => {
      /** A process that never beat, or beats no more: killed, its timers with it. */
      const DEAD = 'a-process-that-was-killed';
      const graces = { visitorMs: 500, counsellorMs: 300 };
      const counsellor = { accountId: 3, socketId: 'c3' };
      const kinds = (swept: Swept[]) =>
        swept.map((done) => ('chat' in done ? `${done.kind} ${done.chat.id}` : done.kind)).sort();

      /** A chat talking with both sides on the dead process, and one waiting there. */
      async function ghosts(): Promise<{ talking: LiveChat; waiting: LiveChat }> {
        const talking = chat('adult', 1000, { visitorProcess: live.processId });
        await live.enqueue(talking);
        const claimed = await live.claimNext(['adult'], counsellor);
        expect(claimed).toMatchObject({ id: talking.id, counsellorProcess: live.processId });
        // Then the process holding both its sockets was killed.
        await live.saveChat({
          ...claimed!,
          status: 'active',
          visitorProcess: DEAD,
          counsellorProcess: DEAD,
        });
        const waiting = chat('adult', 2000, { visitorProcess: DEAD });
        await live.enqueue(waiting);
        return { talking, waiting };
      }

      it('never hands out or counts a visitor whose process died, even before a sweep', async () => {
        const { waiting } = await ghosts();
        expect((await live.queue('adult')).map((e) => [e.id, e.away])).toEqual([
          [waiting.id, true],
        ]);
        expect(await live.claimNext(['adult'], { accountId: 4, socketId: 'c4' })).toBeUndefined();
      });

      it('marks them away when noticed, ends nothing before the grace, then ends each once', async () => {
        const { talking, waiting } = await ghosts();
        expect(kinds(await sweepLive(live, 10_000, graces))).toEqual(
          [
            `visitor_away ${talking.id}`,
            `counsellor_away ${talking.id}`,
            `visitor_away ${waiting.id}`,
          ].sort(),
        );
        expect(await live.getChat(talking.id)).toMatchObject({
          visitorAway: true,
          visitorAwaySince: 10_000,
          counsellorAway: true,
          counsellorAwaySince: 10_000,
        });
        // Within the grace: nothing more, however often it sweeps.
        expect(await sweepLive(live, 10_000, graces)).toEqual([]);
        expect(await sweepLive(live, 10_299, graces)).toEqual([]);

        // The counsellor's grace: the chat goes back to its place, for fresh keys.
        const requeued = await sweepLive(live, 10_300, graces);
        expect(requeued).toEqual([
          expect.objectContaining({ kind: 'counsellor_expired', position: 1 }),
        ]);
        const back = await live.getChat(talking.id);
        expect(back).toMatchObject({
          status: 'queued',
          awaitingCommitment: true,
          epoch: 1,
          visitorAway: true,
          visitorAwaySince: 10_000,
        });
        expect(back?.counsellorSocketId).toBeUndefined();
        expect(back?.counsellorProcess).toBeUndefined();
        expect(back?.counsellorAwaySince).toBeUndefined();
        expect(await live.countChatsOfAccount(counsellor.accountId)).toBe(0);

        // The visitors' grace: both leave the queue and the live state.
        const ended = await sweepLive(live, 10_500, graces);
        expect(kinds(ended)).toEqual(
          [`visitor_expired ${talking.id}`, `visitor_expired ${waiting.id}`].sort(),
        );
        expect(ended.every((done) => done.kind !== 'visitor_expired' || done.wasQueued)).toBe(true);
        expect(await live.allChats()).toEqual([]);
        expect(await live.queue('adult')).toEqual([]);
        expect(await sweepLive(live, 20_000, graces)).toEqual([]);
        expect(await keys()).toEqual([]);
      });

      it('two processes sweeping at once do each thing once', async () => {
        const { talking, waiting } = await ghosts();
        const other = second?.().live ?? live;
        const both = async (at: number) =>
          (await Promise.all([sweepLive(live, at, graces), sweepLive(other, at, graces)])).flat();
        expect(await both(10_000)).toHaveLength(3);
        expect(kinds(await both(10_300))).toEqual([`counsellor_expired ${talking.id}`]);
        expect(kinds(await both(10_500))).toEqual(
          [`visitor_expired ${talking.id}`, `visitor_expired ${waiting.id}`].sort(),
        );
        expect(await both(20_000)).toEqual([]);
      });

      it('leaves alone the sides of a process that lives, until one is found gone', async () => {
        const here = chat('adult', 1000, { visitorProcess: live.processId });
        await live.enqueue(here);
        expect(await sweepLive(live, 10_000, graces)).toEqual([]);
        // Seen to drop by its process, which then died: the others finish the grace.
        expect(await live.markAway(here.id, 'visitor', here.visitorSocketId, 10_000)).toMatchObject(
          {
            visitorAway: true,
            visitorAwaySince: 10_000,
          },
        );
        expect(await sweepLive(live, 10_499, graces)).toEqual([]);
        expect(kinds(await sweepLive(live, 10_500, graces))).toEqual([
          `visitor_expired ${here.id}`,
        ]);
      });

      it('a side that came back is not ended by the grace of its earlier absence', async () => {
        const one = chat('adult', 1000, { visitorProcess: live.processId });
        await live.enqueue(one);
        const socket = one.visitorSocketId;
        expect(await live.markAway(one.id, 'visitor', 'another socket', 1)).toBeUndefined();
        const away = await live.markAway(one.id, 'visitor', socket, 10_000);
        expect(
          await live.markAway(one.id, 'visitor', socket, 10_100),
          'marked once',
        ).toBeUndefined();
        // Back, then gone again later: only the new absence's grace counts.
        const { visitorAwaySince: _since, ...present } = { ...away!, visitorAway: false };
        await live.saveChat(present);
        expect(await live.dropIfAway(one.id, socket, 10_000)).toBeUndefined();
        await live.markAway(one.id, 'visitor', socket, 20_000);
        expect(await live.dropIfAway(one.id, socket, 10_000)).toBeUndefined();
        expect(await live.requeueIfAway(one.id, '', 20_000), 'not the counsellor').toBeUndefined();
        expect(await live.dropIfAway(one.id, socket, 20_000)).toMatchObject({
          chat: { id: one.id },
          wasQueued: true,
        });
        expect(await live.dropIfAway(one.id, socket, 20_000), 'once').toBeUndefined();
      });

      it('takes out a queue entry whose chat is gone, which nobody could ever take', async () => {
        const orphan = chat('youth', 1000);
        await live.enqueue(orphan);
        // As a chat key that expired leaves its entry behind.
        expect(await live.deleteChat(orphan.id)).toBe(true);
        expect(await live.deleteChat(orphan.id), 'already gone').toBe(false);
        expect((await live.queue('youth')).map((e) => e.away)).toEqual([true]);
        expect(await live.claimNext(['youth'], counsellor)).toBeUndefined();
        expect(await sweepLive(live, 10_000, graces)).toEqual([{ kind: 'pruned', route: 'youth' }]);
        expect(await live.queue('youth')).toEqual([]);
      });

      it('no longer counts as available a console whose process died', async () => {
        const other = second?.();
        if (!other) return; // One process in memory: nothing else can die.
        await other.live.setAvailable('s9', 9, ['adult'], true, 'bo');
        expect(await live.availableOn('adult')).toBe(1);
        expect(await live.isAvailable('s9')).toBe(true);
        other.die();
        expect(await live.availableOn('adult')).toBe(0);
        expect(await live.isAvailable('s9')).toBe(false);
        expect(await live.availableSockets('adult')).toEqual([]);
      });
    });
  });
}
