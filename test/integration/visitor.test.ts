import { beforeEach, describe, expect, it } from 'vitest';
import { openFrame, sealText } from '../../shared/crypto/chat.js';
import type { WireFrame } from '../../shared/protocol/schemas.js';
import { localClock } from '../../server/clock.js';
import { DEFAULT_SETTINGS, type ServiceStatus } from '../../shared/protocol/settings.js';
import {
  TestVisitor,
  ask,
  connectVisitor,
  connected,
  eventually,
  next,
} from '../support/clients.js';
import { useTestServer } from '../support/harness.js';
import type { TestServer } from '../support/server.js';

const harness = useTestServer();
const { track, counsellor } = harness;
let server: TestServer;
beforeEach(() => {
  server = harness.server;
});

async function status(visitor: TestVisitor): Promise<ServiceStatus> {
  const result = await ask(visitor.socket, 'status:get', {});
  if (!result.ok) throw new Error(result.error);
  return result.data as ServiceStatus;
}

const closedAllWeek: { open: string; close: string }[][] = Array.from({ length: 7 }, () => []);

describe('before the chat', () => {
  it('tells the widget which routes are open, who is available and the phone numbers', async () => {
    await counsellor('anna');
    const visitor = track(await TestVisitor.create(server.url));
    const seen = await status(visitor);
    expect(seen.exitUrl).toBe(DEFAULT_SETTINGS.exitUrl);
    expect(seen.routes.adult).toMatchObject({
      open: true,
      phone: '021-41 32 60',
      available: 1,
      waiting: 0,
    });
    expect(seen.routes.youth).toMatchObject({ open: true, phone: '010-567 63 25', available: 0 });
  });

  it('outside opening hours says when the route opens next and refuses to queue', async () => {
    const { weekday } = localClock(Date.now(), DEFAULT_SETTINGS.timeZone);
    const opensOn = (weekday + 2) % 7;
    const hours = closedAllWeek.map((_, day) =>
      day === opensOn ? [{ open: '09:00', close: '12:00' }] : [],
    );
    await server.store.saveSettings(
      {
        ...DEFAULT_SETTINGS,
        routes: { ...DEFAULT_SETTINGS.routes, youth: { phone: '010-567 63 25', hours } },
      },
      Date.now(),
    );
    const visitor = track(await TestVisitor.create(server.url));
    const { youth, adult } = (await status(visitor)).routes;
    expect(youth).toMatchObject({
      open: false,
      nextOpening: { weekday: opensOn, time: '09:00', inDays: 2 },
    });
    expect(adult.open).toBe(true);
    expect(
      await ask(visitor.socket, 'queue:join', { route: 'youth', commitment: visitor.commitment }),
    ).toEqual({ ok: false, error: 'closed' });
  });

  it('refuses to queue on a route closed all week, and names no next opening', async () => {
    await server.store.saveSettings(
      {
        ...DEFAULT_SETTINGS,
        routes: {
          ...DEFAULT_SETTINGS.routes,
          adult: { phone: '021-41 32 60', hours: closedAllWeek },
        },
      },
      Date.now(),
    );
    const visitor = track(await TestVisitor.create(server.url));
    const adult = (await status(visitor)).routes.adult;
    expect(adult.open).toBe(false);
    expect(adult.nextOpening).toBeUndefined();
    expect(
      await ask(visitor.socket, 'queue:join', { route: 'adult', commitment: visitor.commitment }),
    ).toEqual({ ok: false, error: 'closed' });
    expect(await server.live.queue('adult')).toEqual([]);
  });

  it("names each route's lines open around the clock, and whether its phone line answers when its hours are set", async () => {
    const { weekday } = localClock(Date.now(), DEFAULT_SETTINGS.timeZone);
    const opensOn = (weekday + 2) % 7;
    const phoneHours = closedAllWeek.map((_, day) =>
      day === opensOn ? [{ open: '09:00', close: '16:00' }] : [],
    );
    const visitor = track(await TestVisitor.create(server.url));
    // The defaults: Kvinnofridslinjen for everyone, BRIS too for the under 20s; no hours
    // for the phone lines, so nothing is said about whether they answer.
    const before = (await status(visitor)).routes;
    expect(before.adult.helplines).toEqual([{ name: 'Kvinnofridslinjen', phone: '020-50 50 50' }]);
    expect(before.youth.helplines.map((line) => line.name)).toEqual(['BRIS', 'Kvinnofridslinjen']);
    expect(before.adult.phoneLine).toBeUndefined();

    await server.store.saveSettings(
      {
        ...DEFAULT_SETTINGS,
        routes: {
          ...DEFAULT_SETTINGS.routes,
          adult: { ...DEFAULT_SETTINGS.routes.adult, phoneHours },
        },
        helplines: {
          adult: [{ name: 'Jourhavande medmänniska', phone: '08-702 16 80' }],
          youth: [],
        },
      },
      Date.now(),
    );
    const after = (await status(visitor)).routes;
    expect(after.adult.phoneLine).toEqual({
      open: false,
      nextOpening: { weekday: opensOn, time: '09:00', inDays: 2 },
    });
    expect(after.youth.phoneLine).toBeUndefined();
    expect(after.adult.helplines).toEqual([
      { name: 'Jourhavande medmänniska', phone: '08-702 16 80' },
    ]);
    expect(after.youth.helplines).toEqual([]);
  });

  it('passes the optional topic and language told while waiting to the counsellor', async () => {
    const visitor = track(await TestVisitor.create(server.url));
    await visitor.join('adult');
    expect(
      await ask(visitor.socket, 'queue:details', {
        chatId: visitor.chatId,
        topic: 'witness',
        lang: 'so',
      }),
    ).toEqual({ ok: true, data: null });
    const anna = await counsellor('anna');
    const { accepted } = await anna.accept();
    expect(accepted).toMatchObject({ topic: 'witness', lang: 'so' });
    expect(
      await ask(visitor.socket, 'queue:details', { chatId: visitor.chatId, topic: 'victim' }),
    ).toEqual({ ok: false, error: 'wrong_state' });
  });

  it('estimates the wait from the real waits on the route once there are enough', async () => {
    const anna = await counsellor('anna');
    for (let i = 0; i < 3; i++) {
      const visitor = track(await TestVisitor.create(server.url));
      await visitor.join('adult');
      const { accepted } = await anna.accept();
      expect(await ask(anna.socket, 'chat:end', { chatId: accepted.chatId })).toMatchObject({
        ok: true,
      });
    }
    const newcomer = track(await TestVisitor.create(server.url));
    expect((await status(newcomer)).routes.adult.estimateSeconds).toBe(60);
    expect((await status(newcomer)).routes.youth.estimateSeconds).toBeUndefined();
    const joined = await ask(newcomer.socket, 'queue:join', {
      route: 'adult',
      commitment: newcomer.commitment,
    });
    expect(joined).toMatchObject({ ok: true, data: { position: 1, estimateSeconds: 60 } });
  });
});

describe('a reload mid-chat', () => {
  it('takes the chat back in a new epoch with new keys; nothing sent meanwhile is lost', async () => {
    const anna = await counsellor('anna');
    const before = track(await TestVisitor.create(server.url));
    await before.join('adult');
    const { accepted } = await anna.accept();
    const oldSession = await before.started();
    expect(await before.send('before the reload')).toMatchObject({ ok: true });

    before.close();
    await eventually(() =>
      expect(anna.peerEvents).toContainEqual({ chatId: accepted.chatId, present: false }),
    );
    // Sent while the visitor is away: refused, so the console keeps it to send again.
    expect(await anna.send(accepted.chatId, 'while you were away')).toEqual({
      ok: false,
      error: 'peer_away',
    });

    const { visitor: after, result } = await TestVisitor.reload(
      server.url,
      accepted.chatId,
      before.resumeToken!,
    );
    track(after);
    expect(result).toEqual({
      ok: true,
      data: {
        status: 'rekeying',
        epoch: 1,
        route: 'adult',
        counsellorAlias: 'anna',
        resumeToken: after.resumeToken,
      },
    });
    const newSession = await after.started();
    const counsellorSession = await anna.rekeys.get(accepted.chatId);
    expect(counsellorSession?.epoch).toBe(1);
    expect(newSession.safetyWords).toEqual(counsellorSession?.safetyWords);

    const frames: WireFrame[] = [];
    after.socket.on('chat:message', (frame: WireFrame) => frames.push(frame));
    expect(await anna.send(accepted.chatId, 'while you were away')).toMatchObject({ ok: true });
    expect(await after.send('after the reload')).toMatchObject({ ok: true });
    await eventually(() => {
      expect(after.received.map((m) => m.kind === 'text' && m.text)).toEqual([
        'while you were away',
      ]);
      expect(anna.messages(accepted.chatId).map((m) => m.kind === 'text' && m.text)).toEqual([
        'before the reload',
        'after the reload',
      ]);
    });
    // The old epoch's keys open nothing of the new one.
    expect(() => openFrame(oldSession, frames[0]!)).toThrow();
    // A frame sealed with the old keys is refused by the server.
    expect(await ask(after.socket, 'chat:send', sealText(oldSession, 'stale'))).toEqual({
      ok: false,
      error: 'wrong_epoch',
    });
  });

  it('keeps the place in the queue across a reload, with the new commitment', async () => {
    const first = track(await TestVisitor.create(server.url));
    const second = track(await TestVisitor.create(server.url));
    await first.join('adult');
    await second.join('adult');
    first.close();
    const { visitor: again, result } = await TestVisitor.reload(
      server.url,
      first.chatId!,
      first.resumeToken!,
    );
    track(again);
    expect(result).toEqual({
      ok: true,
      data: {
        status: 'queued',
        epoch: 0,
        route: 'adult',
        position: 1,
        resumeToken: again.resumeToken,
      },
    });
    const anna = await counsellor('anna');
    const { accepted, session } = await anna.accept();
    expect(accepted.chatId).toBe(first.chatId);
    expect(accepted.commitment).toBe(again.commitment);
    expect((await again.started()).safetyWords).toEqual(session.safetyWords);
  });

  it('never hands a counsellor a waiting visitor whose connection dropped', async () => {
    const anna = await counsellor('anna');
    const counts: number[] = [];
    anna.socket.on('queue:stats', (stats) => counts.push(stats.adult?.waiting ?? -1));
    const gone = track(await TestVisitor.create(server.url));
    await gone.join('adult');
    await eventually(() => expect(counts.at(-1)).toBe(1));
    gone.close();
    await eventually(() => expect(counts.at(-1)).toBe(0));
    expect(await ask(anna.socket, 'queue:accept', {})).toEqual({
      ok: false,
      error: 'queue_empty',
    });
    const { visitor: back } = await TestVisitor.reload(server.url, gone.chatId!, gone.resumeToken!);
    track(back);
    const { accepted } = await anna.accept();
    expect(accepted.chatId).toBe(gone.chatId);
    await back.started();
  });

  it('refuses a wrong token and a chat that has ended, and a socket already in a chat', async () => {
    const visitor = track(await TestVisitor.create(server.url));
    await visitor.join('adult');
    const stranger = track(await TestVisitor.create(server.url));
    const wrongToken = {
      chatId: visitor.chatId,
      token: 'A'.repeat(22),
      commitment: stranger.commitment,
    };
    expect(await ask(stranger.socket, 'chat:resume', wrongToken)).toEqual({
      ok: false,
      error: 'forbidden',
    });
    const resume = {
      chatId: visitor.chatId,
      token: visitor.resumeToken,
      commitment: stranger.commitment,
    };
    expect(await ask(visitor.socket, 'chat:resume', resume)).toEqual({
      ok: false,
      error: 'already_queued',
    });
    // Without keys and without a commitment there is nothing to go on with.
    const { commitment: _c, ...keyless } = resume;
    expect(await ask(stranger.socket, 'chat:resume', keyless)).toEqual({
      ok: false,
      error: 'wrong_state',
    });
    expect(await ask(visitor.socket, 'queue:leave', { chatId: visitor.chatId })).toMatchObject({
      ok: true,
    });
    expect(await ask(stranger.socket, 'chat:resume', resume)).toEqual({
      ok: false,
      error: 'not_found',
    });
  });

  it('moves the chat to the newest socket when the old tab is still connected', async () => {
    const anna = await counsellor('anna');
    const first = track(await TestVisitor.create(server.url));
    await first.join('adult');
    const { accepted } = await anna.accept();
    await first.started();
    const dropped = next(first.socket, 'disconnect');
    const { visitor: second, result } = await TestVisitor.reload(
      server.url,
      accepted.chatId,
      first.resumeToken!,
    );
    track(second);
    expect(result).toMatchObject({ ok: true, data: { status: 'rekeying' } });
    await dropped;
    await second.started();
    await anna.rekeys.get(accepted.chatId);
    expect(await anna.send(accepted.chatId, 'still here')).toMatchObject({ ok: true });
    await eventually(() => expect(second.received).toHaveLength(1));
  });
});

describe('the rating after a chat', () => {
  it('is offered once per answered chat and only counted, per day and route', async () => {
    const anna = await counsellor('anna');
    const visitor = track(await TestVisitor.create(server.url));
    await visitor.join('adult');
    const { accepted } = await anna.accept();
    await visitor.started();
    const ended = next<{ ratingTicket?: string }>(visitor.socket, 'chat:ended');
    await ask(anna.socket, 'chat:end', { chatId: accepted.chatId });
    const { ratingTicket } = await ended;
    expect(ratingTicket).toMatch(/^[\w-]{22}$/);

    expect(await ask(visitor.socket, 'chat:rate', { ticket: ratingTicket, score: 4 })).toEqual({
      ok: false,
      error: 'invalid_payload',
    });
    expect(await ask(visitor.socket, 'chat:rate', { ticket: ratingTicket, score: 3 })).toEqual({
      ok: true,
      data: null,
    });
    expect(await ask(visitor.socket, 'chat:rate', { ticket: ratingTicket, score: 3 })).toEqual({
      ok: false,
      error: 'not_found',
    });
    const ratings = await server.store.listRatings();
    expect(ratings).toEqual([
      {
        day: expect.stringMatching(/^\d{4}-\d\d-\d\d$/) as string,
        route: 'adult',
        score: 3,
        count: 1,
      },
    ]);
  });

  it('is not offered to a visitor who left the queue', async () => {
    const visitor = track(await TestVisitor.create(server.url));
    await visitor.join('adult');
    const ended = next<{ ratingTicket?: string }>(visitor.socket, 'chat:ended');
    await ask(visitor.socket, 'queue:leave', { chatId: visitor.chatId });
    expect((await ended).ratingTicket).toBeUndefined();
  });
});

describe('delivery receipts', () => {
  it('acks the sender only once the other side opened the frame; a resend is confirmed once', async () => {
    const anna = await counsellor('anna');
    const visitor = track(await TestVisitor.create(server.url));
    await visitor.join('adult');
    const { accepted, session } = await anna.accept();
    await visitor.started();

    const frame = sealText(session, 'one message');
    expect(await ask(anna.socket, 'chat:send', frame)).toEqual({ ok: true, data: null });
    // The same frame again (its first ack was lost, say): confirmed, shown once.
    expect(await ask(anna.socket, 'chat:send', frame)).toEqual({ ok: true, data: null });
    expect(visitor.received).toHaveLength(1);

    // A frame the visitor cannot open is not reported delivered.
    const tampered = { ...sealText(session, 'tampered'), ct: frame.ct };
    expect(await ask(anna.socket, 'chat:send', tampered)).toEqual({
      ok: false,
      error: 'not_delivered',
    });
    expect(visitor.received).toHaveLength(1);

    // A visitor whose screen has lost its keys confirms nothing.
    visitor.session = undefined;
    expect(await anna.send(accepted.chatId, 'into the void')).toEqual({
      ok: false,
      error: 'not_delivered',
    });
  });
});

describe('quick exit beacon (POST /visitor/leave)', () => {
  const leave = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/visitor/leave`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', ...headers },
      body,
    });

  it('ends the chat with the resume token, and refuses anything else unchanged', async () => {
    const anna = await counsellor('anna');
    const visitor = track(await TestVisitor.create(server.url));
    await visitor.join('adult');
    const { accepted } = await anna.accept();
    await visitor.started();
    const good = JSON.stringify({ chatId: accepted.chatId, token: visitor.resumeToken });

    const refused = [
      [await leave('not json'), 400],
      [await leave(JSON.stringify({ chatId: accepted.chatId })), 400],
      [await leave(JSON.stringify({ chatId: accepted.chatId, token: 'B'.repeat(22) })), 403],
      [await leave(good, { origin: 'https://evil.example' }), 403],
      [await leave(JSON.stringify({ chatId: 'C'.repeat(22), token: 'B'.repeat(22) })), 404],
      [await leave('x'.repeat(5000)), 400],
    ] as const;
    for (const [response, status] of refused) expect(response.status).toBe(status);
    expect(await server.live.getChat(accepted.chatId)).toBeDefined();

    const ended = next<{ reason: string }>(anna.socket, 'chat:ended');
    expect((await leave(good)).status).toBe(204);
    expect((await ended).reason).toBe('ended_by_visitor');
    expect(await server.live.getChat(accepted.chatId)).toBeUndefined();
    expect((await leave(good)).status).toBe(404);
  });
});

describe('chats started per address', () => {
  it('refuses more than the limit from one address, and only from that one', async () => {
    server = await harness.restart({ chatStartsPerAddress: 2, trustProxy: 1 });
    const from = (address: string) =>
      TestVisitor.create(server.url, { 'x-forwarded-for': address }).then(track);
    const joined = [];
    for (let i = 0; i < 2; i++) {
      const visitor = await from('203.0.113.7');
      joined.push(await visitor.join('adult'));
      await ask(visitor.socket, 'queue:leave', { chatId: visitor.chatId });
    }
    expect(joined).toEqual([1, 1]);
    const third = await from('203.0.113.7');
    expect(
      await ask(third.socket, 'queue:join', { route: 'adult', commitment: third.commitment }),
    ).toEqual({ ok: false, error: 'rate_limited' });
    const elsewhere = await from('198.51.100.1');
    expect(await elsewhere.join('adult')).toBe(1);
  });

  it('counts a whole network as one: the same IPv4 /24 or IPv6 /64 shares the limit', async () => {
    server = await harness.restart({ chatStartsPerAddress: 2, trustProxy: 1 });
    const from = (address: string) =>
      TestVisitor.create(server.url, { 'x-forwarded-for': address }).then(track);
    const start = async (address: string) => {
      const visitor = await from(address);
      const result = await ask(visitor.socket, 'queue:join', {
        route: 'adult',
        commitment: visitor.commitment,
      });
      if (result.ok) await ask(visitor.socket, 'queue:leave', { chatId: visitor.chatId });
      return result.ok ? 'queued' : result.error;
    };
    // One host hopping across its /24, or across the /64 its provider gave it.
    expect([
      await start('203.0.113.7'),
      await start('203.0.113.8'),
      await start('203.0.113.200'),
      await start('::ffff:203.0.113.9'),
    ]).toEqual(['queued', 'queued', 'rate_limited', 'rate_limited']);
    expect([
      await start('2001:db8:1:2::1'),
      await start('2001:db8:1:2:aaaa::9'),
      await start('2001:db8:1:2:ffff:ffff:ffff:ffff'),
    ]).toEqual(['queued', 'queued', 'rate_limited']);
    // The next network along is someone else.
    expect([await start('203.0.114.7'), await start('2001:db8:1:3::1')]).toEqual([
      'queued',
      'queued',
    ]);
  });

  it('takes the prefix lengths from the configuration', async () => {
    server = await harness.restart({
      chatStartsPerAddress: 1,
      trustProxy: 1,
      chatStartPrefix: { v4: 32, v6: 128 },
    });
    const results = [];
    for (const address of ['203.0.113.7', '203.0.113.8', '2001:db8::1', '2001:db8::2']) {
      const visitor = await TestVisitor.create(server.url, { 'x-forwarded-for': address });
      track(visitor);
      results.push(await visitor.join('adult'));
    }
    expect(results).toEqual([1, 2, 3, 4]);
  });
});

describe('sockets per address', () => {
  /** Whether a visitor socket from `address` gets through (closed again by the test's end). */
  const opens = async (address: string) => {
    const socket = track(connectVisitor(server.url, { 'x-forwarded-for': address }));
    return connected(socket).then(
      () => socket,
      () => undefined,
    );
  };

  it('caps the sockets one address holds open, and gives a place back when one closes', async () => {
    server = await harness.restart({ maxSocketsPerAddress: 3, trustProxy: 1 });
    const held = [];
    for (let i = 0; i < 3; i++) held.push(await opens('203.0.113.7'));
    expect(held.every(Boolean)).toBe(true);
    expect(await opens('203.0.113.7')).toBeUndefined();
    // A neighbour behind another address is not held back.
    expect(await opens('203.0.113.8')).toBeDefined();

    held[0]?.close();
    await eventually(async () => expect(await opens('203.0.113.7')).toBeDefined());
    expect(await opens('203.0.113.7')).toBeUndefined();
  });

  it('counts the sockets a flood opens at once, not after the fact', async () => {
    server = await harness.restart({ maxSocketsPerAddress: 5, trustProxy: 1 });
    const flood = await Promise.all(Array.from({ length: 40 }, () => opens('198.51.100.9')));
    expect(flood.filter(Boolean)).toHaveLength(5);
  });
});
