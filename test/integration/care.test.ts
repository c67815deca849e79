import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Board } from '../../shared/protocol/admin.js';
import type { PresenceState } from '../../shared/protocol/schemas.js';
import { TestCounsellor, TestVisitor, ask, eventually, next } from '../support/clients.js';
import { StaffKeys, TestWriter } from '../support/mailbox.js';
import { useTestServer } from '../support/harness.js';
import { TEST_PASSWORD } from '../support/server.js';
import { DEFAULTS } from '../../server/config.js';

/*
 * Caring for the volunteers and the service (issue 16): a break keeps one's chats and
 * takes no new ones, a shift starts at capacity 1, the board counts chats in a row, and
 * "End and block" keeps a visitor's network out for a while and then forgets it.
 */

const HOUR = 3_600_000;
let offset = 0;
/** The server's clock: the real one, moved on by the test. */
const now = () => Date.now() + offset;

// Behind a proxy on loopback, so each visitor can come from an address of its own. The
// chat service keeps the same clock (a shift's start turns on the console's grace).
const harness = useTestServer({ trustProxy: 'loopback' }, now, now);
const { track, counsellor } = harness;

const from = (address: string) => ({ 'x-forwarded-for': address });

/** A console's presence as the server holds it (the ack of a presence change that keeps it). */
async function presenceOf(console: TestCounsellor): Promise<PresenceState> {
  const answer = await ask(console.socket, 'presence:set', { available: false });
  if (!answer.ok) throw new Error(answer.error);
  return answer.data as PresenceState;
}

/**
 * Until the server has seen every console go. The memory live state notes the time
 * a console left in the same turn as the socket leaves its namespace (the first thing
 * its disconnect does), so the next console's sign-in reads it.
 */
async function gone(): Promise<void> {
  await eventually(() => expect(harness.server.app.io.of('/counsellor').sockets.size).toBe(0));
}

/** The supervisors' board, as GET /api/board answers it. */
function board(): Promise<Board> {
  return harness.server.app.service.board();
}

describe('a break', () => {
  it('refuses new chats with on_break, keeps one’s own, and the board shows it', async () => {
    offset = 0;
    const { server } = harness;
    const anna = await counsellor('anna', { capacity: 3 });
    const first = track(await TestVisitor.create(server.url));
    await first.join('adult');
    const { accepted } = await anna.accept();
    await first.started();

    expect(await ask(anna.socket, 'presence:set', { available: false, onBreak: true })).toEqual({
      ok: true,
      data: { available: false, capacity: 3, activeChats: 1, onBreak: true, blockHours: 24 },
    });
    // Asking to be available while on a break does not end it.
    expect(await ask(anna.socket, 'presence:set', { available: true })).toMatchObject({
      ok: true,
      data: { available: false, onBreak: true },
    });
    await track(await TestVisitor.create(server.url)).join('adult');
    expect(await ask(anna.socket, 'queue:accept', {})).toEqual({ ok: false, error: 'on_break' });
    // Not counted as available for visitors either.
    expect(await ask(first.socket, 'status:get', {})).toMatchObject({
      ok: true,
      data: { routes: { adult: { available: 0 } } },
    });

    // The chat goes on both ways.
    expect(await anna.send(accepted.chatId, 'still here')).toEqual({ ok: true, data: null });
    expect(await first.send('thanks')).toEqual({ ok: true, data: null });
    await eventually(() => {
      expect(first.received.map((m) => (m.kind === 'text' ? m.text : ''))).toContain('still here');
      expect(
        anna.messages(accepted.chatId).map((m) => (m.kind === 'text' ? m.text : '')),
      ).toContain('thanks');
    });

    expect((await board()).counsellors).toEqual([
      {
        alias: 'anna',
        available: false,
        chats: 1,
        capacity: 3,
        onBreak: true,
        inARow: 0,
        acuteThisShift: 0,
      },
    ]);

    // Back: the next visitor is hers, and the row counts from the break.
    expect(
      await ask(anna.socket, 'presence:set', { available: true, onBreak: false }),
    ).toMatchObject({ ok: true, data: { available: true, onBreak: false } });
    await anna.accept();
    expect((await board()).counsellors).toEqual([
      {
        alias: 'anna',
        available: true,
        chats: 2,
        capacity: 3,
        onBreak: false,
        inARow: 1,
        acuteThisShift: 0,
      },
    ]);
  });
});

describe('a shift', () => {
  it('starts at capacity 1 when the first console comes online, and counts chats in a row', async () => {
    offset = 0;
    const { server } = harness;
    const anna = await counsellor('anna', { capacity: 3 });
    const cookie = anna.cookie;
    const visitors: TestVisitor[] = [];
    for (let i = 0; i < 2; i += 1) {
      visitors.push(track(await TestVisitor.create(server.url)));
      await visitors[i]!.join('adult');
    }
    await anna.accept();
    await anna.accept();
    expect((await board()).counsellors[0]).toMatchObject({ capacity: 3, inARow: 2 });

    // A second console beside the first: the same shift.
    const second = track(await TestCounsellor.create(server.url, cookie));
    expect((await presenceOf(second)).capacity).toBe(3);
    second.close();

    // A console that comes back to chats it holds: the same shift.
    anna.close();
    const back = track(await TestCounsellor.create(server.url, cookie));
    expect((await presenceOf(back)).capacity).toBe(3);

    // Every console gone and no chat held for it, but back within the console's grace
    // (a dropped network, a reload between chats): the same shift.
    for (const visitor of visitors) {
      expect(await ask(visitor.socket, 'chat:end', { chatId: visitor.chatId })).toMatchObject({
        ok: true,
      });
    }
    back.close();
    await gone();
    const blip = track(await TestCounsellor.create(server.url, cookie));
    expect(await presenceOf(blip)).toMatchObject({ capacity: 3 });

    // Gone longer than that: the next sign-in is a new shift.
    blip.close();
    await gone();
    offset += DEFAULTS.counsellorGraceMs;
    const again = track(await TestCounsellor.create(server.url, cookie));
    const presence = await presenceOf(again);
    expect(presence).toMatchObject({ capacity: 1, onBreak: false });
    expect((await board()).counsellors[0]).toMatchObject({ capacity: 1, inARow: 0 });
    // It grows only when she raises it.
    await again.setAvailable(true, 2);
    expect((await board()).counsellors[0]).toMatchObject({ capacity: 2 });
  });
});

describe('end and block', () => {
  it('keeps the network out for blockHours, lets others in, and forgets it', async () => {
    offset = 0;
    const { server } = harness;
    const anna = await counsellor('anna');
    await StaffKeys.setUp(anna.socket, TEST_PASSWORD);
    const rude = track(await TestVisitor.create(server.url, from('198.51.100.7')));
    // A letter from that network before the block, read later with its code.
    const writer = await TestWriter.connect(server.url, undefined, from('198.51.100.7'));
    expect(await writer.create('adult', 'a letter before the block')).toMatchObject({ ok: true });
    await rude.join('adult');
    const { accepted } = await anna.accept();
    await rude.started();

    const ended = next<{ chatId: string }>(rude.socket, 'chat:ended');
    expect(await ask(anna.socket, 'chat:block', { chatId: accepted.chatId })).toEqual({
      ok: true,
      data: { blocked: true },
    });
    expect((await ended).chatId).toBe(accepted.chatId);

    // The same network, on the same socket or another address in it: refused, neutrally.
    const again = await TestVisitor.create(server.url, from('198.51.100.7'));
    track(again);
    expect(await ask(again.socket, 'queue:join', joinOf(again))).toEqual({
      ok: false,
      error: 'unavailable',
    });
    const neighbour = track(await TestVisitor.create(server.url, from('198.51.100.200')));
    expect(await ask(neighbour.socket, 'queue:join', joinOf(neighbour))).toEqual({
      ok: false,
      error: 'unavailable',
    });
    // Anyone else: in.
    const other = track(await TestVisitor.create(server.url, from('203.0.113.9')));
    expect(await other.join('adult')).toBe(1);
    // Nor does the network write to the mailbox, new or again; it still reads with its code.
    const unavailable = { ok: false, error: 'unavailable' };
    const newWriter = await TestWriter.connect(server.url, undefined, from('198.51.100.9'));
    expect(await newWriter.create('adult', 'a letter after the block')).toEqual(unavailable);
    expect(await writer.write('adult', 'and again')).toEqual(unavailable);
    expect(await writer.read()).toMatchObject([{ text: 'a letter before the block' }]);
    newWriter.close();
    writer.close();

    // The audit says who blocked and when, nothing about whom.
    const [entry] = await server.store.listAudit(1);
    expect(entry).toMatchObject({ action: 'visitor_blocked', detail: '' });
    expect(entry?.actorId).toBe((await server.store.findAccountByUsername('anna'))!.id);

    // Nothing of it on disk or in the log: no address, no salt, no hash.
    const [block] = await server.rates.blocks();
    expect(block).toBeDefined();
    const files = await filesUnder(server.dataDir);
    const disk = Buffer.concat(await Promise.all(files.map((f) => readFile(f)))).toString('latin1');
    for (const secret of [block!.salt, block!.hash, '198.51.100']) {
      expect(disk).not.toContain(secret);
      expect(server.logs.join('\n')).not.toContain(secret);
    }

    // A day later it is over.
    offset = 24 * HOUR + 1000;
    const later = track(await TestVisitor.create(server.url, from('198.51.100.7')));
    expect(await later.join('adult')).toBe(2);
    expect(await server.rates.blocks()).toEqual([]);
    offset = 0;
  });

  it('lasts the settings’ blockHours, and a restart of a memory store forgets it', async () => {
    offset = 0;
    let { server } = harness;
    await server.store.saveSettings(
      { ...(await server.store.getSettings()), blockHours: 2 },
      now(),
    );
    const anna = await counsellor('anna');
    const rude = track(await TestVisitor.create(server.url, from('2001:db8:1:2::7')));
    await rude.join('adult');
    const { accepted } = await anna.accept();
    await rude.started();
    expect(await ask(anna.socket, 'chat:block', { chatId: accepted.chatId })).toMatchObject({
      ok: true,
    });
    // Another address in the same /64: the same network.
    offset = 2 * HOUR - 1000;
    const near = track(await TestVisitor.create(server.url, from('2001:db8:1:2::99')));
    expect(await ask(near.socket, 'queue:join', joinOf(near))).toEqual({
      ok: false,
      error: 'unavailable',
    });

    anna.close();
    server = await harness.restart({
      trustProxy: 'loopback',
      dataDir: server.dataDir,
      port: Number(new URL(server.url).port),
    });
    const back = track(await TestVisitor.create(server.url, from('2001:db8:1:2::7')));
    expect(await back.join('adult')).toBe(1);
    offset = 0;
  });

  it('refuses to block a chat that is not one’s own', async () => {
    offset = 0;
    const { server } = harness;
    const anna = await counsellor('anna');
    const bo = await counsellor('bo');
    const visitor = track(await TestVisitor.create(server.url, from('198.51.100.7')));
    await visitor.join('adult');
    const { accepted } = await anna.accept();
    expect(await ask(bo.socket, 'chat:block', { chatId: accepted.chatId })).toEqual({
      ok: false,
      error: 'forbidden',
    });
    expect(await server.rates.blocks()).toEqual([]);
  });
});

function joinOf(visitor: TestVisitor) {
  return { route: 'adult', commitment: visitor.commitment, lang: 'en' };
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}
