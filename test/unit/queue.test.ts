import { describe, expect, it } from 'vitest';
import type { LiveChat } from '../../server/chat/live-state.js';
import { MemoryLiveState } from '../../server/chat/memory-live-state.js';
import type { Route } from '../../shared/protocol/schemas.js';

function chat(id: string, route: Route, queuedAt: number): LiveChat {
  return {
    id,
    route,
    queuedAt,
    commitment: 'c'.repeat(43),
    epoch: 0,
    status: 'queued',
    resumeHash: 'h'.repeat(43),
    visitorSocketId: `socket-${id}`,
  };
}

const anna = { accountId: 1, socketId: 'anna-socket' };

describe('MemoryLiveState queue', () => {
  it('gives places in arrival order per route', async () => {
    const live = new MemoryLiveState();
    expect(await live.enqueue(chat('a1', 'adult', 1))).toBe(1);
    expect(await live.enqueue(chat('y1', 'youth', 2))).toBe(1);
    expect(await live.enqueue(chat('a2', 'adult', 3))).toBe(2);
    expect((await live.queue('adult')).map((e) => e.id)).toEqual(['a1', 'a2']);
  });

  it('claims the longest wait across the routes a counsellor serves, and assigns it', async () => {
    const live = new MemoryLiveState();
    await live.enqueue(chat('y1', 'youth', 1));
    await live.enqueue(chat('a1', 'adult', 2));
    const claimed = await live.claimNext(['adult', 'youth'], anna);
    expect(claimed).toMatchObject({
      id: 'y1',
      status: 'keying',
      counsellorAccountId: 1,
      counsellorSocketId: 'anna-socket',
    });
    expect(await live.queue('youth')).toEqual([]);
    expect(await live.getChat('y1')).toMatchObject({ status: 'keying' });
  });

  it('never hands out a chat from a route the counsellor does not serve', async () => {
    const live = new MemoryLiveState();
    await live.enqueue(chat('y1', 'youth', 1));
    expect(await live.claimNext(['adult'], anna)).toBeUndefined();
    expect((await live.queue('youth')).map((e) => e.id)).toEqual(['y1']);
  });

  it('hands each chat to one counsellor only', async () => {
    const live = new MemoryLiveState();
    await live.enqueue(chat('a1', 'adult', 1));
    const [first, second] = await Promise.all([
      live.claimNext(['adult'], anna),
      live.claimNext(['adult'], { accountId: 2, socketId: 'bo-socket' }),
    ]);
    expect([first?.id, second?.id].filter(Boolean)).toEqual(['a1']);
  });

  it('takes a chat out of the queue once, and keeps no copy after delete', async () => {
    const live = new MemoryLiveState();
    const c = chat('a1', 'adult', 1);
    await live.enqueue(c);
    expect(await live.dequeue(c)).toBe(true);
    expect(await live.dequeue(c)).toBe(false);
    await live.deleteChat('a1');
    expect(await live.getChat('a1')).toBeUndefined();
  });

  it('hands out frozen chats, so callers cannot change live state behind its back', async () => {
    const live = new MemoryLiveState();
    const mine = { ...chat('a1', 'adult', 1), handover: { fromAlias: 'Eva', notes: { '7': 'n' } } };
    await live.enqueue(mine);
    // What the caller keeps is not what the state holds.
    mine.status = 'active';
    mine.handover.notes['7'] = 'changed';
    const read = await live.getChat('a1');
    const handover = read?.handover;
    const notes = handover?.notes;
    if (!read || !handover || !notes) throw new Error('the chat and its hand-over note were held');
    expect(read.status).toBe('queued');
    // What the state hands out cannot be changed, to its last nested object.
    expect(() => Object.assign(read, { status: 'active' })).toThrow(TypeError);
    expect(() => Object.assign(handover, { fromAlias: 'Mallory' })).toThrow(TypeError);
    expect(() => Object.assign(notes, { '7': 'x' })).toThrow(TypeError);
    // A change goes through updateChat, on a draft of its own.
    const updated = await live.updateChat('a1', (draft) => {
      draft.status = 'active';
      return draft;
    });
    expect(updated?.status).toBe('active');
    expect(read.status).toBe('queued');
    expect((await live.getChat('a1'))?.handover?.notes?.['7']).toBe('n');
  });

  it('counts available accounts per route, once per account', async () => {
    const live = new MemoryLiveState();
    await live.setAvailable('s1', 1, ['adult', 'youth'], true);
    await live.setAvailable('s2', 1, ['adult', 'youth'], true);
    await live.setAvailable('s3', 2, ['adult'], true);
    expect(await live.availableOn('adult')).toBe(2);
    expect(await live.availableOn('youth')).toBe(1);
    await live.setAvailable('s1', 1, [], false);
    await live.setAvailable('s2', 1, [], false);
    expect(await live.availableOn('youth')).toBe(0);
  });
});
