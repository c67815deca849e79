import { randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import {
  makeOffer,
  openFrame,
  openNote,
  sealNote,
  sealText,
  startCounsellorHandshake,
} from '../../shared/crypto/chat.js';
import type { ChatAccepted, WireFrame } from '../../shared/protocol/schemas.js';
import {
  TestCounsellor,
  TestVisitor,
  ask,
  connectCounsellor,
  connected,
  eventually,
  next,
} from '../support/clients.js';
import { useTestServer } from '../support/harness.js';
import { addAccount, login, type TestServer } from '../support/server.js';

const harness = useTestServer();
const { track, counsellor } = harness;
let server: TestServer;
beforeEach(() => {
  server = harness.server;
});

/** Records every payload the server received or sent on both namespaces. */
function recordTraffic(srv: TestServer): string[] {
  const seen: string[] = [];
  for (const name of ['/visitor', '/counsellor']) {
    srv.app.io.of(name).on('connection', (socket) => {
      socket.use((packet, proceed) => {
        seen.push(JSON.stringify(packet.filter((part) => typeof part !== 'function')));
        proceed();
      });
      socket.onAnyOutgoing((...args: unknown[]) => seen.push(JSON.stringify(args)));
    });
  }
  return seen;
}

/**
 * Cuts the visitor's transport under its socket, as a lost network does; resolves once
 * the console was told and the visitor is connected again. The server kept nothing of
 * the old socket to restore (no connection state recovery, in one process as with
 * Redis): only the widget's resume can bring the chat back.
 */
async function dropVisitor(
  visitor: TestVisitor,
  console: TestCounsellor,
  chatId: string,
): Promise<void> {
  const away = next<{ present: boolean }>(console.socket, 'chat:peer');
  const reconnected = next<undefined>(visitor.socket, 'connect');
  visitor.socket.io.engine.close();
  expect(await away).toEqual({ chatId, present: false });
  await reconnected;
  expect(visitor.socket.recovered).not.toBe(true);
}

describe('a whole chat', () => {
  it('carries messages both ways end to end, and the server only ever sees ciphertext', async () => {
    const traffic = recordTraffic(server);
    const anna = await counsellor('anna');
    const visitor = track(await TestVisitor.create(server.url));
    expect(await visitor.join('adult')).toBe(1);

    const { accepted, session } = await anna.accept();
    const visitorSession = await visitor.started();
    expect(accepted.chatId).toBe(visitor.chatId);
    expect(accepted.route).toBe('adult');
    expect(visitorSession.safetyWords).toEqual(session.safetyWords);

    const toCounsellor = ['CANARY-visitor-1 hej, jag behöver prata', 'CANARY-visitor-2 🙏'];
    const toVisitor = ['CANARY-counsellor-1 Hej, jag heter Anna', 'CANARY-counsellor-2 مرحبا'];
    for (const text of toCounsellor)
      expect(await visitor.send(text)).toEqual({ ok: true, data: null });
    for (const text of toVisitor) {
      expect(await anna.send(accepted.chatId, text)).toEqual({ ok: true, data: null });
    }

    await eventually(() => {
      expect(anna.messages(accepted.chatId).map((m) => (m.kind === 'text' ? m.text : ''))).toEqual(
        toCounsellor,
      );
      expect(visitor.received.map((m) => (m.kind === 'text' ? m.text : ''))).toEqual(toVisitor);
    });
    expect(visitor.rejectedFrames).toEqual([]);

    const ended = next<{ chatId: string; reason: string }>(anna.socket, 'chat:ended');
    expect(await ask(visitor.socket, 'chat:end', { chatId: accepted.chatId })).toEqual({
      ok: true,
      data: null,
    });
    expect(await ended).toEqual({ chatId: accepted.chatId, reason: 'ended_by_visitor' });
    expect(await server.live.getChat(accepted.chatId)).toBeUndefined();

    expect(traffic.length).toBeGreaterThan(10);
    const everything = traffic.join('\n');
    expect(everything).toContain('"ct":');
    expect(everything).not.toMatch(/CANARY|behöver|مرحبا|🙏/);
  });

  it('tells a waiting visitor its place and moves it up when someone ahead leaves', async () => {
    const first = track(await TestVisitor.create(server.url));
    const second = track(await TestVisitor.create(server.url));
    expect(await first.join('adult')).toBe(1);
    expect(await second.join('adult')).toBe(2);

    const moved = next<{ position: number }>(second.socket, 'queue:position');
    expect(await ask(first.socket, 'queue:leave', { chatId: first.chatId })).toEqual({
      ok: true,
      data: null,
    });
    expect((await moved).position).toBe(1);
  });

  it('tells the counsellor the visitor dropped off, and ends the chat when the grace runs out', async () => {
    // Long enough that a starved machine still asks within the grace (it asked within
    // 300 ms before, a race under load); short enough to wait out.
    server = await harness.restart({ visitorGraceMs: 1500 });
    const anna = await counsellor('anna');
    const visitor = track(await TestVisitor.create(server.url));
    await visitor.join('adult');
    const { accepted } = await anna.accept();
    await visitor.started();
    const away = next<{ present: boolean }>(anna.socket, 'chat:peer');
    const ended = next<{ reason: string }>(anna.socket, 'chat:ended');
    visitor.close();
    expect(await away).toEqual({ chatId: accepted.chatId, present: false });
    expect(await anna.send(accepted.chatId, 'are you there?')).toEqual({
      ok: false,
      error: 'peer_away',
    });
    expect((await ended).reason).toBe('visitor_disconnected');
    expect(await server.live.getChat(accepted.chatId)).toBeUndefined();
  });

  it('a short drop comes back on a new socket through chat:resume, with the same keys', async () => {
    const anna = await counsellor('anna');
    const visitor = track(await TestVisitor.create(server.url, {}, true));
    await visitor.join('adult');
    const { accepted } = await anna.accept();
    await visitor.started();
    const idBefore = visitor.socket.id;

    await dropVisitor(visitor, anna, accepted.chatId);
    expect(visitor.socket.id).not.toBe(idBefore);
    // A new socket speaks for no chat until it resumes one.
    expect(await visitor.send('lost?')).toEqual({ ok: false, error: 'forbidden' });
    const back = next<{ present: boolean }>(anna.socket, 'chat:peer');
    const resumed = await ask(visitor.socket, 'chat:resume', {
      chatId: accepted.chatId,
      token: visitor.resumeToken,
      claim: { route: 'adult', epoch: 0, queued: false },
    });
    expect(resumed).toMatchObject({ ok: true, data: { status: 'active', epoch: 0 } });
    expect(await back).toMatchObject({ chatId: accepted.chatId, present: true });
    // No new keys: the chat simply goes on.
    expect(await anna.send(accepted.chatId, 'welcome back')).toEqual({ ok: true, data: null });
    expect(await visitor.send('thanks')).toEqual({ ok: true, data: null });
    expect(visitor.asked).toEqual([]);
    expect(anna.rekeys.size).toBe(0);
  });

  it('a drop between the accept and the keys ends in a new handshake at the next epoch', async () => {
    const anna = await counsellor('anna');
    const visitor = track(await TestVisitor.create(server.url, {}, true));
    await visitor.join('adult');
    const accepted = (await ask(anna.socket, 'queue:accept', {})) as {
      ok: true;
      data: ChatAccepted;
    };
    expect(accepted.ok).toBe(true);
    const chatId = accepted.data.chatId;

    await dropVisitor(visitor, anna, chatId);
    // The visitor's new socket has not resumed the chat: the console's offer finds
    // nobody and is refused.
    const { keyPair } = startCounsellorHandshake();
    expect(await ask(anna.socket, 'chat:rekey', makeOffer(keyPair, accepted.data))).toEqual({
      ok: false,
      error: 'peer_away',
    });

    // The widget had no keys yet: it resumes with its commitment, and the console is
    // asked to key the chat again, one epoch on.
    const resumed = await ask(visitor.socket, 'chat:resume', {
      chatId,
      token: visitor.resumeToken,
      commitment: visitor.commitment,
      claim: { route: 'adult', epoch: 0, queued: false },
    });
    expect(resumed).toMatchObject({ ok: true, data: { status: 'rekeying', epoch: 1 } });
    // An offer kept from before the drop is for the old epoch: refused, nothing changes.
    expect(await ask(anna.socket, 'chat:rekey', makeOffer(keyPair, accepted.data))).toEqual({
      ok: false,
      error: 'wrong_epoch',
    });
    const session = await anna.rekeys.get(chatId);
    const keys = await visitor.started();
    expect(keys.epoch).toBe(1);
    expect(keys.safetyWords).toEqual(session?.safetyWords);
    expect(await visitor.send('are you there?')).toEqual({ ok: true, data: null });
    expect(await anna.send(chatId, 'yes, here')).toEqual({ ok: true, data: null });
    await eventually(() =>
      expect(anna.messages(chatId)).toMatchObject([{ text: 'are you there?' }]),
    );
  });

  it('keeps the chat when the console drops and comes back with its keys', async () => {
    const anna = await counsellor('anna');
    const visitor = track(await TestVisitor.create(server.url));
    await visitor.join('adult');
    const { accepted, session } = await anna.accept();
    await visitor.started();

    const away = next<{ present: boolean }>(visitor.socket, 'chat:peer');
    anna.close();
    expect(await away).toEqual({ chatId: accepted.chatId, present: false });
    expect(await visitor.send('are you still there?')).toEqual({ ok: false, error: 'peer_away' });

    const back = next<{ present: boolean }>(visitor.socket, 'chat:peer');
    const again = track(await TestCounsellor.create(server.url, anna.cookie));
    again.sessions.set(accepted.chatId, session);
    const restored = await ask(again.socket, 'chats:resume', {
      chats: [{ chatId: accepted.chatId, epoch: 0, route: 'adult' }],
    });
    expect(restored).toMatchObject({
      ok: true,
      data: [{ chatId: accepted.chatId, epoch: 0, route: 'adult', rekey: false }],
    });
    expect(await back).toEqual({ chatId: accepted.chatId, present: true });
    expect(await visitor.send('are you still there?')).toEqual({ ok: true, data: null });
    expect(await again.send(accepted.chatId, 'yes, I am')).toEqual({ ok: true, data: null });
    expect(visitor.asked).toEqual([]);
  });

  it('re-keys a reloaded console, which lost its keys, in a new epoch', async () => {
    const anna = await counsellor('anna');
    const visitor = track(await TestVisitor.create(server.url));
    await visitor.join('adult');
    const { accepted, session: before } = await anna.accept();
    await visitor.started();
    anna.close();

    const reloaded = track(await TestCounsellor.create(server.url, anna.cookie));
    const restored = await ask(reloaded.socket, 'chats:resume', { chats: [] });
    expect(restored).toMatchObject({ ok: true, data: [{ chatId: accepted.chatId, rekey: true }] });
    const fresh = await visitor.keyedAfter(0);
    await eventually(() => expect(reloaded.rekeys.has(accepted.chatId)).toBe(true));
    const counsellorSession = await reloaded.rekeys.get(accepted.chatId);
    expect(visitor.asked).toEqual(['recommit']);
    expect(fresh.epoch).toBe(1);
    expect(counsellorSession?.safetyWords).toEqual(fresh.safetyWords);
    expect(counsellorSession?.safetyWords).not.toEqual(before.safetyWords);
    expect(await visitor.send('still here')).toEqual({ ok: true, data: null });
    expect(await reloaded.send(accepted.chatId, 'me too')).toEqual({ ok: true, data: null });
    expect(reloaded.messages(accepted.chatId).map((m) => m.kind === 'text' && m.text)).toEqual([
      'still here',
    ]);
  });

  it('puts the visitor back in the queue at their place when the counsellor does not return', async () => {
    server = await harness.restart({ counsellorGraceMs: 200 });
    const anna = await counsellor('anna');
    const first = track(await TestVisitor.create(server.url));
    await first.join('adult');
    const { accepted } = await anna.accept();
    await first.started();
    const second = track(await TestVisitor.create(server.url));
    expect(await second.join('adult')).toBe(1);

    const requeued = next<{ position: number }>(first.socket, 'chat:requeued');
    anna.close();
    expect(await requeued).toEqual({
      chatId: accepted.chatId,
      position: 1,
      reason: 'counsellor_gone',
    });
    await eventually(() => expect(first.asked).toEqual(['requeued']));

    const bo = await counsellor('bo');
    await eventually(async () =>
      expect((await server.live.queue('adult')).every((entry) => !entry.away)).toBe(true),
    );
    const taken = await bo.accept();
    expect(taken.accepted.chatId).toBe(accepted.chatId);
    const session = await first.keyedAfter(0);
    expect(session.safetyWords).toEqual(taken.session.safetyWords);
    expect(await bo.send(accepted.chatId, 'I am Bo, I will take over')).toEqual({
      ok: true,
      data: null,
    });
  });
});

describe('graces whose timer died with another process (the sweep)', () => {
  it('ends the chat once the visitor’s grace has passed, and tells the counsellor once', async () => {
    const anna = await counsellor('anna');
    const visitor = track(await TestVisitor.create(server.url));
    await visitor.join('adult');
    const { accepted } = await anna.accept();
    await visitor.started();
    // Another process saw the visitor drop and died before its timer fired.
    const chat = await server.live.getChat(accepted.chatId);
    const longAgo = Date.now() - 3 * 60_000;
    await server.live.saveChat({ ...chat!, visitorAway: true, visitorAwaySince: longAgo });

    const ended = next<{ chatId: string; reason: string }>(anna.socket, 'chat:ended');
    await Promise.all([server.app.service.sweep(), server.app.service.sweep()]);
    expect(await ended).toEqual({ chatId: accepted.chatId, reason: 'visitor_disconnected' });
    expect(await server.live.getChat(accepted.chatId)).toBeUndefined();
    await server.app.service.sweep();
    // Only the one chat:ended, though two sweeps ran at once and another after them.
    expect(anna.ended).toEqual([accepted.chatId]);
  });

  it('puts the visitor back in the queue once the counsellor’s grace has passed', async () => {
    const anna = await counsellor('anna');
    const visitor = track(await TestVisitor.create(server.url));
    await visitor.join('adult');
    const { accepted } = await anna.accept();
    await visitor.started();
    const chat = await server.live.getChat(accepted.chatId);
    const longAgo = Date.now() - 2 * 60_000;
    await server.live.saveChat({ ...chat!, counsellorAway: true, counsellorAwaySince: longAgo });

    const requeued = next<{ reason: string }>(visitor.socket, 'chat:requeued');
    await server.app.service.sweep();
    expect(await requeued).toEqual({
      chatId: accepted.chatId,
      position: 1,
      reason: 'counsellor_gone',
    });
    expect(await server.live.getChat(accepted.chatId)).toMatchObject({
      status: 'queued',
      epoch: 1,
    });
    // The visitor commits afresh for whoever is next.
    await eventually(async () =>
      expect(await server.live.getChat(accepted.chatId)).toMatchObject({
        awaitingCommitment: false,
      }),
    );
    expect(visitor.asked).toEqual(['requeued']);
  });
});

describe('shutdown and restart', () => {
  it('takes no new chats, tells every client it is restarting, and ends nothing', async () => {
    const anna = await counsellor('anna');
    const talking = track(await TestVisitor.create(server.url));
    await talking.join('adult');
    await anna.accept();
    await talking.started();

    server.app.service.stopAccepting();
    const late = track(await TestVisitor.create(server.url));
    expect(
      await ask(late.socket, 'queue:join', { route: 'adult', commitment: late.commitment }),
    ).toEqual({ ok: false, error: 'closed' });

    const told = [
      next(talking.socket, 'service:restarting'),
      next(anna.socket, 'service:restarting'),
    ];
    const ended: string[] = [];
    talking.socket.on('chat:ended', () => ended.push('visitor'));
    await server.close();
    await Promise.all(told);
    expect(ended).toEqual([]);
  });

  it('after a restart both sides take the chat back, keys and all, and go on', async () => {
    const anna = await counsellor('anna');
    const waiting = track(await TestVisitor.create(server.url));
    const visitor = track(await TestVisitor.create(server.url));
    await visitor.join('adult');
    const { accepted, session } = await anna.accept();
    await visitor.started();
    await waiting.join('adult');
    expect(await visitor.send('before the restart')).toEqual({ ok: true, data: null });

    // The process goes; a new one starts on the same port and data, knowing no chat.
    const port = Number(new URL(server.url).port);
    await server.close();
    server = await harness.restart({ port, dataDir: server.dataDir });
    expect(await server.live.getChat(accepted.chatId)).toBeUndefined();

    // The visitor's widget comes back first, with its keys and what it knows.
    const back = track(await TestVisitor.create(server.url));
    back.session = visitor.session;
    const claim = { route: 'adult', epoch: 0, queued: false };
    expect(
      await ask(back.socket, 'chat:resume', {
        chatId: accepted.chatId,
        token: visitor.resumeToken,
        claim,
      }),
    ).toMatchObject({ ok: true, data: { status: 'active', epoch: 0 } });
    // Its counsellor is not back yet: the message waits.
    expect(await back.send('are you there?')).toEqual({ ok: false, error: 'peer_away' });

    // The console comes back, keys and all (its session cookie survived in SQLite).
    const present = next<{ present: boolean }>(back.socket, 'chat:peer');
    const again = track(await TestCounsellor.create(server.url, anna.cookie));
    again.sessions.set(accepted.chatId, session);
    // It vouches for the visitor with the hash of the token it was told of.
    const resumeHash = anna.resumeHashes.get(accepted.chatId);
    expect(
      await ask(again.socket, 'chats:resume', {
        chats: [{ chatId: accepted.chatId, epoch: 0, route: 'adult', resumeHash }],
      }),
    ).toMatchObject({ ok: true, data: [{ chatId: accepted.chatId, rekey: false }] });
    expect(await present).toEqual({ chatId: accepted.chatId, present: true });
    expect(await back.send('are you there?')).toEqual({ ok: true, data: null });
    expect(await again.send(accepted.chatId, 'yes, still here')).toEqual({ ok: true, data: null });
    await eventually(() =>
      expect(back.received.map((m) => m.kind === 'text' && m.text)).toEqual(['yes, still here']),
    );

    // The one who waited takes their place back too.
    const stillWaiting = track(await TestVisitor.create(server.url));
    expect(
      await ask(stillWaiting.socket, 'chat:resume', {
        chatId: waiting.chatId,
        token: waiting.resumeToken,
        commitment: stillWaiting.commitment,
        claim: { route: 'adult', epoch: 0, queued: true },
      }),
    ).toMatchObject({ ok: true, data: { status: 'queued', position: 1 } });

    // A claim with the wrong token, or for an unknown chat without a claim, gets nothing.
    const stranger = track(await TestVisitor.create(server.url));
    expect(
      await ask(stranger.socket, 'chat:resume', {
        chatId: accepted.chatId,
        token: 'Z'.repeat(22),
        claim,
      }),
    ).toEqual({ ok: false, error: 'forbidden' });
    expect(
      await ask(stranger.socket, 'chat:resume', { chatId: 'Q'.repeat(22), token: 'Z'.repeat(22) }),
    ).toEqual({ ok: false, error: 'not_found' });
  });
});

describe('after a restart, knowing a chat id is not enough to take the chat', () => {
  /** A chat talking, then a restart: the new process knows nothing of it. */
  async function talkingThenRestart() {
    const anna = await counsellor('anna');
    const visitor = track(await TestVisitor.create(server.url));
    await visitor.join('adult');
    const { accepted, session } = await anna.accept();
    await visitor.started();
    expect(await visitor.send('before the restart')).toEqual({ ok: true, data: null });
    const port = Number(new URL(server.url).port);
    await server.close();
    server = await harness.restart({ port, dataDir: server.dataDir });
    const chatId = accepted.chatId;
    /** The console back with its keys, vouching as the real one does. */
    const consoleBack = async () => {
      const again = track(await TestCounsellor.create(server.url, anna.cookie));
      again.sessions.set(chatId, session);
      const resumeHash = anna.resumeHashes.get(chatId);
      const restored = await ask(again.socket, 'chats:resume', {
        chats: [{ chatId, epoch: 0, route: 'adult', resumeHash }],
      });
      return { again, restored };
    };
    /** A claim as a widget makes one after a restart: keys kept, no commitment. */
    const claim = (socket: Socket, token: string) =>
      ask(socket, 'chat:resume', {
        chatId,
        token,
        claim: { route: 'adult', epoch: 0, queued: false },
      });
    return { visitor, chatId, consoleBack, claim };
  }

  const thiefToken = () => randomBytes(16).toString('base64url');

  it('refuses a third party who claims it after the console came back', async () => {
    const { visitor, chatId, consoleBack, claim } = await talkingThenRestart();
    const { again, restored } = await consoleBack();
    expect(restored).toMatchObject({ ok: true, data: [{ chatId, rekey: false }] });

    const thief = track(await TestVisitor.create(server.url));
    expect(await claim(thief.socket, thiefToken())).toEqual({ ok: false, error: 'forbidden' });
    expect(
      await ask(thief.socket, 'chat:resume', {
        chatId,
        token: thiefToken(),
        commitment: thief.commitment,
        claim: { route: 'adult', epoch: 0, queued: false },
      }),
    ).toEqual({ ok: false, error: 'forbidden' });

    // The real visitor's token still works, keys and all.
    const back = track(await TestVisitor.create(server.url));
    back.session = visitor.session;
    expect(await claim(back.socket, visitor.resumeToken!)).toMatchObject({
      ok: true,
      data: { status: 'active', epoch: 0 },
    });
    expect(await again.send(chatId, 'only you')).toEqual({ ok: true, data: null });
    await eventually(() =>
      expect(back.received.map((m) => m.kind === 'text' && m.text)).toEqual(['only you']),
    );
    expect(thief.received).toEqual([]);
  });

  it('takes the chat from a third party who claimed it first, and gives it to the real visitor', async () => {
    const { visitor, chatId, consoleBack, claim } = await talkingThenRestart();
    // The thief is first: nothing can tell it from the visitor yet.
    const thief = track(await TestVisitor.create(server.url));
    expect(await claim(thief.socket, thiefToken())).toMatchObject({ ok: true });
    // The real visitor is not locked out: asked to try again, not refused.
    const back = track(await TestVisitor.create(server.url));
    back.session = visitor.session;
    expect(await claim(back.socket, visitor.resumeToken!)).toEqual({
      ok: false,
      error: 'peer_away',
    });

    // The console vouches for the real visitor's token: the thief's claim loses the chat.
    const thrownOut = next(thief.socket, 'disconnect');
    const { again, restored } = await consoleBack();
    expect(restored).toMatchObject({ ok: true, data: [{ chatId, rekey: false }] });
    await thrownOut;
    expect(await claim(back.socket, visitor.resumeToken!)).toMatchObject({
      ok: true,
      data: { status: 'active', epoch: 0 },
    });
    expect(await back.send('it is me')).toEqual({ ok: true, data: null });
    expect(await again.send(chatId, 'welcome back')).toEqual({ ok: true, data: null });
    await eventually(() => {
      expect(again.messages(chatId).map((m) => m.kind === 'text' && m.text)).toEqual(['it is me']);
      expect(back.received.map((m) => m.kind === 'text' && m.text)).toEqual(['welcome back']);
    });
    expect(thief.received).toEqual([]);
  });

  it('keeps the chat for the real visitor who claimed it first', async () => {
    const { visitor, chatId, consoleBack, claim } = await talkingThenRestart();
    const back = track(await TestVisitor.create(server.url));
    back.session = visitor.session;
    expect(await claim(back.socket, visitor.resumeToken!)).toMatchObject({ ok: true });
    const thief = track(await TestVisitor.create(server.url));
    // Still unconfirmed: asked to try again, but given nothing.
    expect(await claim(thief.socket, thiefToken())).toEqual({ ok: false, error: 'peer_away' });
    const { again, restored } = await consoleBack();
    expect(restored).toMatchObject({ ok: true, data: [{ chatId, rekey: false }] });
    // Confirmed now: any other token is refused outright.
    expect(await claim(thief.socket, thiefToken())).toEqual({ ok: false, error: 'forbidden' });
    expect(await again.send(chatId, 'still you')).toEqual({ ok: true, data: null });
    await eventually(() =>
      expect(back.received.map((m) => m.kind === 'text' && m.text)).toEqual(['still you']),
    );
  });
});

describe('routing', () => {
  it('never gives an under-20 visitor to a counsellor without youth training', async () => {
    const bertil = await counsellor('bertil');
    const stats = next<Record<string, unknown>>(bertil.socket, 'queue:stats');
    const young = track(await TestVisitor.create(server.url));
    await young.join('youth');
    expect(Object.keys(await stats)).toEqual(['adult']);

    expect(await ask(bertil.socket, 'queue:accept', {})).toEqual({
      ok: false,
      error: 'queue_empty',
    });
    expect((await server.live.queue('youth')).length).toBe(1);

    const adult = track(await TestVisitor.create(server.url));
    await adult.join('adult');
    const { accepted } = await bertil.accept();
    expect(accepted.chatId).toBe(adult.chatId);

    const cecilia = await counsellor('cecilia', { youth: true, capacity: 2 });
    const youthChat = await cecilia.accept();
    expect(youthChat.accepted.chatId).toBe(young.chatId);
    expect(youthChat.accepted.route).toBe('youth');
  });

  it('gives a youth-trained counsellor whoever has waited longest across both routes', async () => {
    const adult = track(await TestVisitor.create(server.url));
    await adult.join('adult');
    const young = track(await TestVisitor.create(server.url));
    await young.join('youth');
    const cecilia = await counsellor('cecilia', { youth: true, capacity: 2 });
    expect((await cecilia.accept()).accepted.chatId).toBe(adult.chatId);
    expect((await cecilia.accept()).accepted.chatId).toBe(young.chatId);
  });

  it('gives a counsellor first a visitor they share a language with, keeping nobody waiting for it', async () => {
    const english = track(await TestVisitor.create(server.url));
    await english.join('adult', 'en');
    const swedish = track(await TestVisitor.create(server.url));
    await swedish.join('adult', 'sv');
    const sara = await counsellor('sara', { languages: ['sv'], capacity: 2 });
    expect((await sara.accept()).accepted.chatId).toBe(swedish.chatId);
    // Nobody else waits: the English-speaking visitor is not held back.
    expect((await sara.accept()).accepted.chatId).toBe(english.chatId);
  });

  it('takes whoever has waited past the language preference first, whatever the language', async () => {
    server = await harness.restart({ languagePreferenceMs: 200 });
    const somali = track(await TestVisitor.create(server.url));
    await somali.join('adult', 'so');
    await new Promise((resolve) => setTimeout(resolve, 250));
    const swedish = track(await TestVisitor.create(server.url));
    await swedish.join('adult', 'sv');
    const sara = await counsellor('sara', { languages: ['sv'] });
    expect((await sara.accept()).accepted.chatId).toBe(somali.chatId);
  });

  it('respects the capacity and refuses a counsellor who is not available', async () => {
    const anna = await counsellor('anna', { capacity: 2 });
    for (let i = 0; i < 3; i += 1) await track(await TestVisitor.create(server.url)).join('adult');
    await anna.accept();
    await anna.accept();
    expect(await ask(anna.socket, 'queue:accept', {})).toEqual({
      ok: false,
      error: 'at_capacity',
    });
    await anna.setAvailable(false);
    expect(await ask(anna.socket, 'queue:accept', {})).toEqual({
      ok: false,
      error: 'not_available',
    });
    expect((await server.live.queue('adult')).length).toBe(1);
  });

  it('says the queue is full instead of letting a visitor wait forever', async () => {
    server = await harness.restart({ maxQueuePerRoute: 1 });
    await track(await TestVisitor.create(server.url)).join('adult');
    const late = track(await TestVisitor.create(server.url));
    expect(
      await ask(late.socket, 'queue:join', { route: 'adult', commitment: late.commitment }),
    ).toEqual({ ok: false, error: 'queue_full' });
  });

  it('does not let visitors who left hold places from newcomers', async () => {
    server = await harness.restart({ maxQueuePerRoute: 2 });
    for (let i = 0; i < 2; i++) {
      const gone = await TestVisitor.create(server.url);
      await gone.join('adult');
      gone.close();
    }
    await eventually(async () => {
      const queue = await server.live.queue('adult');
      expect(queue.map((entry) => entry.away)).toEqual([true, true]);
    });
    const newcomer = track(await TestVisitor.create(server.url));
    expect(await newcomer.join('adult')).toBe(3);
    const next = track(await TestVisitor.create(server.url));
    expect(await next.join('adult')).toBe(4);
    const late = track(await TestVisitor.create(server.url));
    expect(
      await ask(late.socket, 'queue:join', { route: 'adult', commitment: late.commitment }),
    ).toEqual({ ok: false, error: 'queue_full' });
  });
});

describe('authorisation', () => {
  it('refuses counsellor events on a visitor socket and changes nothing', async () => {
    const visitor = track(await TestVisitor.create(server.url));
    await visitor.join('adult');
    const socket = visitor.socket as unknown as Socket;
    expect(await ask(socket, 'queue:accept', {})).toEqual({
      ok: false,
      error: 'forbidden',
    });
    expect(await ask(socket, 'presence:set', { available: true })).toEqual({
      ok: false,
      error: 'forbidden',
    });
    expect((await server.live.queue('adult')).length).toBe(1);
    expect(await server.live.availableOn('adult')).toBe(0);
  });

  it('refuses a counsellor socket without a valid session', async () => {
    for (const cookie of [undefined, 'jc_session=forged-token']) {
      const socket = track(connectCounsellor(server.url, cookie));
      await expect(connected(socket)).rejects.toThrow('unauthenticated');
    }
  });

  it('refuses a counsellor socket opened from another site', async () => {
    await addAccount(server.store, 'anna');
    const cookie = await login(server.url, 'anna');
    const socket = track(connectCounsellor(server.url, cookie, { origin: 'https://evil.example' }));
    await expect(connected(socket)).rejects.toThrow();
  });

  it('lets no counsellor read, post in or end a chat that is not theirs', async () => {
    const anna = await counsellor('anna');
    const mallory = await counsellor('mallory');
    const visitor = track(await TestVisitor.create(server.url));
    await visitor.join('adult');
    const { accepted, session } = await anna.accept();
    await visitor.started();

    const forged = sealText(session, 'CANARY from the wrong counsellor');
    expect(await ask(mallory.socket, 'chat:send', forged)).toEqual({
      ok: false,
      error: 'forbidden',
    });
    expect(await ask(mallory.socket, 'chat:end', { chatId: accepted.chatId })).toEqual({
      ok: false,
      error: 'forbidden',
    });
    expect(
      await ask(mallory.socket, 'chat:typing', { chatId: accepted.chatId, typing: true }),
    ).toEqual({ ok: false, error: 'forbidden' });

    await visitor.send('for anna only');
    await eventually(() => expect(anna.messages(accepted.chatId)).toHaveLength(1));
    expect(mallory.framesReceived).toBe(0);
    expect(visitor.received).toEqual([]);
    expect(await server.live.getChat(accepted.chatId)).toMatchObject({ status: 'active' });
  });

  it('lets no visitor post in or end another visitor’s chat', async () => {
    const anna = await counsellor('anna');
    const owner = track(await TestVisitor.create(server.url));
    await owner.join('adult');
    const { accepted } = await anna.accept();
    await owner.started();

    const intruder = track(await TestVisitor.create(server.url));
    expect(await ask(intruder.socket, 'chat:end', { chatId: accepted.chatId })).toEqual({
      ok: false,
      error: 'forbidden',
    });
    expect(await server.live.getChat(accepted.chatId)).toBeDefined();
  });

  it('rejects a frame that claims the other side as its sender', async () => {
    const anna = await counsellor('anna');
    const visitor = track(await TestVisitor.create(server.url));
    await visitor.join('adult');
    const { accepted, session } = await anna.accept();
    await visitor.started();
    const frame = { ...sealText(session, 'x'), sender: 'visitor' };
    expect(await ask(anna.socket, 'chat:send', frame)).toEqual({ ok: false, error: 'forbidden' });
    expect(await ask(anna.socket, 'chat:send', { ...sealText(session, 'y'), epoch: 1 })).toEqual({
      ok: false,
      error: 'wrong_epoch',
    });
    expect(accepted.epoch).toBe(0);
  });
});

describe('bad input', () => {
  const hostile: unknown[] = [
    undefined,
    null,
    42,
    'queue',
    [],
    { route: 'adult' },
    { route: 'elderly', commitment: 'A'.repeat(43) },
    { route: 'adult', commitment: 'A'.repeat(43), extra: 1 },
    JSON.parse(
      '{"route":"adult","commitment":"' + 'A'.repeat(43) + '","__proto__":{"admin":true}}',
    ),
    { route: 'adult', commitment: '<script>'.repeat(6) },
    { route: 'adult', commitment: 'A'.repeat(5000) },
    { a: { b: { c: { d: { e: { f: { g: { h: { i: { j: {} } } } } } } } } } },
    Buffer.from('binary'),
  ];

  it('answers every malformed payload with invalid_payload and queues nobody', async () => {
    const visitor = track(await TestVisitor.create(server.url));
    for (const payload of hostile) {
      const result = await ask(visitor.socket, 'queue:join', payload);
      expect(result.ok ? 'accepted' : result.error).toMatch(/invalid_payload|rate_limited/);
    }
    expect((await server.live.queue('adult')).length).toBe(0);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('disconnects a packet over the size limit and keeps serving others', async () => {
    const visitor = track(await TestVisitor.create(server.url));
    const gone = next(visitor.socket, 'disconnect');
    (visitor.socket as unknown as Socket).emit('chat:typing', { chatId: 'x'.repeat(100_000) });
    await gone;
    const other = track(await TestVisitor.create(server.url));
    expect(await other.join('adult')).toBe(1);
  });

  it('rate-limits a socket that floods the server', async () => {
    const visitor = track(await TestVisitor.create(server.url));
    const results = await Promise.all(
      Array.from({ length: 40 }, () => ask(visitor.socket as unknown as Socket, 'chat:typing', {})),
    );
    expect(results.filter((r) => !r.ok && r.error === 'rate_limited').length).toBeGreaterThan(0);
  });
});

describe('the counsellor’s queue and capacity', () => {
  it('lists who waits by wait, language and topic, never more', async () => {
    const anna = await counsellor('anna');
    const stats: unknown[] = [];
    anna.socket.on('queue:stats', (s) => stats.push(s));
    const visitor = track(await TestVisitor.create(server.url));
    await visitor.join('adult');
    await ask(visitor.socket, 'queue:details', { chatId: visitor.chatId, topic: 'relative' });
    await eventually(() =>
      expect(stats.at(-1)).toMatchObject({
        adult: { waiting: 1, queue: [{ lang: 'en', topic: 'relative' }] },
      }),
    );
    const listed = (stats.at(-1) as { adult: { queue: object[] } }).adult.queue[0];
    expect(Object.keys(listed ?? {}).sort()).toEqual(['lang', 'topic', 'waitedSeconds']);
  });

  it('respects the capacity a counsellor sets, from 1 to 5', async () => {
    const anna = await counsellor('anna');
    expect(await ask(anna.socket, 'presence:set', { available: true, capacity: 1 })).toEqual({
      ok: true,
      data: { available: true, capacity: 1, activeChats: 0, onBreak: false, blockHours: 24 },
    });
    for (const capacity of [0, 6, 1.5, '2']) {
      expect(await ask(anna.socket, 'presence:set', { available: true, capacity })).toEqual({
        ok: false,
        error: 'invalid_payload',
      });
    }
    for (let i = 0; i < 2; i++) await track(await TestVisitor.create(server.url)).join('adult');
    await anna.accept();
    expect(await ask(anna.socket, 'queue:accept', {})).toEqual({
      ok: false,
      error: 'at_capacity',
    });
  });
});

describe('handing a chat over', () => {
  it('to a free colleague: new keys in a new epoch, neither side can read the other epoch', async () => {
    const anna = await counsellor('anna');
    const bo = await counsellor('bo');
    const visitor = track(await TestVisitor.create(server.url));
    await visitor.join('adult');
    const { accepted, session: annaSession } = await anna.accept();
    await visitor.started();
    const before: WireFrame[] = [];
    bo.socket.on('chat:message', () => undefined);
    const oldFrame = sealText(visitor.session!, 'said to anna');
    before.push(oldFrame);
    expect(await ask(visitor.socket, 'chat:send', oldFrame)).toMatchObject({ ok: true });

    expect(await ask(anna.socket, 'colleagues:list', { chatId: accepted.chatId })).toEqual({
      ok: true,
      data: [
        {
          accountId: expect.any(Number) as number,
          alias: 'bo',
          // A shift starts at capacity 1.
          free: 1,
          noteKey: bo.noteKeys.publicKey,
        },
      ],
    });
    const boId = (
      (await ask(anna.socket, 'colleagues:list', { chatId: accepted.chatId })) as {
        data: { accountId: number }[];
      }
    ).data[0]!.accountId;
    const transferredIn = next<{ handover: { fromAlias: string; sealedNote: string } }>(
      bo.socket,
      'chat:transferred',
    );
    const annaEnded = next<{ reason: string }>(anna.socket, 'chat:ended');
    const note = 'Witness, wants to talk about reporting.';
    expect(
      await ask(anna.socket, 'chat:transfer', {
        chatId: accepted.chatId,
        to: boId,
        notes: { [boId]: sealNote(note, bo.noteKeys.publicKey) },
      }),
    ).toEqual({ ok: true, data: null });
    // The note reaches Bo sealed to his console's key: the server relays ciphertext.
    const { handover } = await transferredIn;
    expect(handover).toEqual({ fromAlias: 'anna', sealedNote: expect.any(String) as string });
    expect(openNote(handover.sealedNote, bo.noteKeys)).toBe(note);
    expect(openNote(handover.sealedNote, anna.noteKeys)).toBeUndefined();
    expect((await annaEnded).reason).toBe('transferred');

    const fresh = await visitor.keyedAfter(0);
    await eventually(() => expect(bo.rekeys.has(accepted.chatId)).toBe(true));
    const boSession = await bo.rekeys.get(accepted.chatId);
    expect(fresh.safetyWords).toEqual(boSession?.safetyWords);
    expect(await bo.send(accepted.chatId, 'Hi, I am Bo')).toEqual({ ok: true, data: null });
    expect(await visitor.send('hello Bo')).toEqual({ ok: true, data: null });

    // Anna is out: she can post nothing, and her keys open nothing new.
    expect(await anna.send(accepted.chatId, 'still me')).toEqual({
      ok: false,
      error: 'forbidden',
    });
    const newFrame = sealText(fresh, 'only for Bo');
    expect(() => openFrame(annaSession, newFrame)).toThrow();
    // Bo's keys open nothing from before the hand-over.
    expect(() => openFrame(boSession!, before[0]!)).toThrow();
  });

  it('refuses a colleague who is not free or not trained for the route', async () => {
    const anna = await counsellor('anna', { youth: true });
    const bo = await counsellor('bo');
    const visitor = track(await TestVisitor.create(server.url));
    await visitor.join('youth');
    const { accepted } = await anna.accept();
    expect(await ask(anna.socket, 'colleagues:list', { chatId: accepted.chatId })).toEqual({
      ok: true,
      data: [],
    });
    const boAccount = await server.store.findAccountByUsername('bo');
    expect(
      await ask(anna.socket, 'chat:transfer', { chatId: accepted.chatId, to: boAccount!.id }),
    ).toEqual({ ok: false, error: 'not_available' });
    expect(await ask(bo.socket, 'chat:transfer', { chatId: accepted.chatId, to: 'queue' })).toEqual(
      { ok: false, error: 'forbidden' },
    );
    expect(
      await ask(anna.socket, 'chat:transfer', {
        chatId: accepted.chatId,
        to: 'queue',
        note: 'a note in clear text',
      }),
    ).toEqual({ ok: false, error: 'invalid_payload' });
    expect(
      await ask(anna.socket, 'chat:transfer', {
        chatId: accepted.chatId,
        to: 'queue',
        notes: { [boAccount!.id]: 'A'.repeat(2000) },
      }),
    ).toEqual({ ok: false, error: 'invalid_payload' });
  });

  it('refuses a colleague whose console is gone though still listed, and forgets them', async () => {
    const anna = await counsellor('anna');
    const visitor = track(await TestVisitor.create(server.url));
    await visitor.join('adult');
    const { accepted } = await anna.accept();
    await visitor.started();
    // What a process that crashed leaves in Redis for up to a minute: presence, no socket.
    await addAccount(server.store, 'cy');
    const cy = (await server.store.findAccountByUsername('cy'))!;
    await server.live.setAvailable('gone-socket', cy.id, ['adult'], true, 'cy');
    const listed = await ask(anna.socket, 'colleagues:list', { chatId: accepted.chatId });
    expect(listed).toMatchObject({ ok: true, data: [{ accountId: cy.id }] });

    expect(await ask(anna.socket, 'chat:transfer', { chatId: accepted.chatId, to: cy.id })).toEqual(
      { ok: false, error: 'not_available' },
    );
    expect(await ask(anna.socket, 'colleagues:list', { chatId: accepted.chatId })).toEqual({
      ok: true,
      data: [],
    });
    // The chat stays with anna, keys and all.
    expect(await anna.send(accepted.chatId, 'still here')).toEqual({ ok: true, data: null });
    await eventually(() => expect(visitor.received).toHaveLength(1));
  });

  it('back to the queue at the visitor’s place, the note going to whoever takes it', async () => {
    const anna = await counsellor('anna');
    const visitor = track(await TestVisitor.create(server.url));
    await visitor.join('adult');
    const { accepted } = await anna.accept();
    await visitor.started();
    const carol = await counsellor('carol');
    // The note is sealed to every console available on the route now.
    const readers = await ask(anna.socket, 'handover:readers', { chatId: accepted.chatId });
    expect(readers).toMatchObject({ ok: true, data: [{ noteKey: carol.noteKeys.publicKey }] });
    const notes = Object.fromEntries(
      (readers as { data: { accountId: number; noteKey: string }[] }).data.map((reader) => [
        String(reader.accountId),
        sealNote('Needs Arabic', reader.noteKey),
      ]),
    );
    const requeued = next<{ reason: string; position: number }>(visitor.socket, 'chat:requeued');
    expect(
      await ask(anna.socket, 'chat:transfer', { chatId: accepted.chatId, to: 'queue', notes }),
    ).toEqual({ ok: true, data: null });
    expect(await requeued).toEqual({ chatId: accepted.chatId, position: 1, reason: 'transferred' });
    await eventually(() => expect(visitor.asked).toEqual(['requeued']));
    await eventually(async () =>
      expect((await server.live.queue('adult')).every((entry) => !entry.away)).toBe(true),
    );
    const taken = await carol.accept();
    expect(taken.accepted.handover).toMatchObject({ fromAlias: 'anna' });
    expect(openNote(taken.accepted.handover!.sealedNote!, carol.noteKeys)).toBe('Needs Arabic');
    expect((await visitor.keyedAfter(0)).safetyWords).toEqual(taken.session.safetyWords);
  });
});
