import { beforeEach, describe, expect, it } from 'vitest';
import { newTotpSecret } from '../../server/accounts/totp.js';
import type { Board } from '../../shared/protocol/admin.js';
import type {
  ChatAccepted,
  ChatEnded,
  ChatRestored,
  CounsellorChatEnded,
  DebriefAsked,
  RiskAlert,
} from '../../shared/protocol/schemas.js';
import { TestCounsellor, TestVisitor, ask, eventually, next } from '../support/clients.js';
import { useTestServer } from '../support/harness.js';
import {
  addAccount,
  login,
  sessionCookieFor,
  startTestServer,
  type TestServer,
} from '../support/server.js';

/*
 * Risk levels and care (issue 16): the level is the chat's own counsellor's to set and
 * lives in live state; acute alerts the supervisors online and nobody else; the
 * statistics count the highest level of each chat; an acute or long chat ends with a
 * pause, and its debrief reaches the supervisors only, with a display name only.
 */

const harness = useTestServer();
const { track, counsellor } = harness;
let server: TestServer;
beforeEach(() => {
  server = harness.server;
});

/** A supervisor (second factor set up, so acting as one) with a console socket open. */
async function supervisor(username: string): Promise<TestCounsellor> {
  const account = await addAccount(server.store, username, { role: 'supervisor' });
  await server.store.setTotp(account.id, newTotpSecret(), 0);
  const cookie = await sessionCookieFor(server, account.id);
  return track(await TestCounsellor.create(server.url, cookie));
}

/** A visitor in a keyed chat with the counsellor. */
async function chatWith(
  who: TestCounsellor,
): Promise<{ chatId: string; visitor: TestVisitor; accepted: ChatAccepted }> {
  const visitor = track(await TestVisitor.create(server.url));
  await visitor.join('adult');
  const { accepted } = await who.accept();
  await visitor.started();
  return { chatId: accepted.chatId, visitor, accepted };
}

/** Collects every event of one name a socket gets. */
function collect<T>(client: TestCounsellor, event: string): T[] {
  const seen: T[] = [];
  client.socket.on(event as 'risk:acute', (payload) => seen.push(payload as T));
  return seen;
}

async function board(cookie: string): Promise<Board> {
  const response = await fetch(`${server.url}/api/board`, { headers: { cookie } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: Board }).data;
}

describe('chat:risk', () => {
  it("is set by the chat's own counsellor and comes back with the chat after a reload", async () => {
    const anna = await counsellor('anna');
    const { chatId, accepted } = await chatWith(anna);
    expect(await ask(anna.socket, 'chat:risk', { chatId, level: 'concern' })).toEqual({
      ok: true,
      data: null,
    });
    expect(await server.live.getChat(chatId)).toMatchObject({
      risk: 'concern',
      riskPeak: 'concern',
    });

    // The console's new socket takes the chat back (acceptedOf, as for a reload that
    // held nothing): the level comes with it.
    const again = track(await TestCounsellor.create(server.url, anna.cookie));
    const held = { chatId, epoch: accepted.epoch, route: 'adult', resumeHash: accepted.resumeHash };
    const resumed = await ask(again.socket, 'chats:resume', { chats: [held] });
    expect(resumed.ok).toBe(true);
    const restored = (resumed as { data: ChatRestored[] }).data;
    expect(restored).toEqual([expect.objectContaining({ chatId, risk: 'concern' })]);
  });

  it('is refused to another counsellor, with a code, and the level stays', async () => {
    const anna = await counsellor('anna');
    const bo = await counsellor('bo');
    const { chatId } = await chatWith(anna);
    expect(await ask(bo.socket, 'chat:risk', { chatId, level: 'acute' })).toEqual({
      ok: false,
      error: 'forbidden',
    });
    expect((await server.live.getChat(chatId))?.risk).toBeUndefined();
  });

  it('refuses a level that is not one, and changes nothing', async () => {
    const anna = await counsellor('anna');
    const { chatId } = await chatWith(anna);
    for (const bad of [
      { chatId, level: 'panic' },
      { chatId, level: 'acute', extra: 1 },
      { chatId },
      'acute',
    ]) {
      expect(await ask(anna.socket, 'chat:risk', bad)).toEqual({
        ok: false,
        error: 'invalid_payload',
      });
    }
    expect((await server.live.getChat(chatId))?.risk).toBeUndefined();
  });

  it('alerts every supervisor online once when a chat turns acute, never a volunteer', async () => {
    const anna = await counsellor('anna');
    const bo = await counsellor('bo');
    const sigge = await supervisor('sigge');
    const stina = await supervisor('stina');
    const toBo = collect<RiskAlert>(bo, 'risk:acute');
    const toAnna = collect<RiskAlert>(anna, 'risk:acute');
    const toStina = collect<RiskAlert>(stina, 'risk:acute');
    const { chatId, visitor } = await chatWith(anna);
    const seenByVisitor: string[] = [];
    visitor.socket.onAny((event: string) => seenByVisitor.push(event));

    const alert = next<RiskAlert>(sigge.socket, 'risk:acute');
    await ask(anna.socket, 'chat:risk', { chatId, level: 'acute' });
    expect(await alert).toEqual({ alias: 'anna', route: 'adult' });
    await eventually(() => expect(toStina).toHaveLength(1));

    // Down and up again: the same chat alerts only once, and counts once.
    await ask(anna.socket, 'chat:risk', { chatId, level: 'concern' });
    await ask(anna.socket, 'chat:risk', { chatId, level: 'acute' });
    const shown = await board(sigge.cookie);
    expect(shown.chats).toEqual([expect.objectContaining({ acute: { alias: 'anna' } })]);
    expect(shown.counsellors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ alias: 'anna', acuteThisShift: 1 }),
        expect.objectContaining({ alias: 'bo', acuteThisShift: 0 }),
      ]),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(toStina).toHaveLength(1);
    expect(toBo).toEqual([]);
    expect(toAnna).toEqual([]);
    // Nothing of it reaches the visitor.
    expect(seenByVisitor.filter((event) => event.includes('risk'))).toEqual([]);

    // Lowered again: the board no longer shows it as acute; the count of the shift stays.
    await ask(anna.socket, 'chat:risk', { chatId, level: 'none' });
    const after = await board(sigge.cookie);
    expect(after.chats[0]?.acute).toBeUndefined();
    expect(after.counsellors).toEqual(
      expect.arrayContaining([expect.objectContaining({ alias: 'anna', acuteThisShift: 1 })]),
    );
  });
});

describe('the statistics of risk levels', () => {
  it('count the highest level each answered chat reached, per day and route', async () => {
    const anna = await counsellor('anna');
    const levels = [['concern', 'acute', 'none'], ['concern'], []];
    for (const steps of levels) {
      const { chatId } = await chatWith(anna);
      for (const level of steps) await ask(anna.socket, 'chat:risk', { chatId, level });
      await ask(anna.socket, 'chat:end', { chatId });
    }

    const day = (offset: number) =>
      new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    await eventually(async () => {
      const rows = await server.store.readStats(day(-1), day(1));
      const count = (level: string) =>
        rows.risk.filter((r) => r.level === level).reduce((sum, r) => sum + r.count, 0);
      expect([count('none'), count('concern'), count('acute')]).toEqual([1, 1, 1]);
      expect(rows.risk.every((r) => r.route === 'adult')).toBe(true);
    });
  });
});

describe('pause and debrief', () => {
  it('an acute chat ends with a pause; its debrief reaches the supervisors only, once', async () => {
    const anna = await counsellor('anna');
    const bo = await counsellor('bo');
    const sigge = await supervisor('sigge');
    const toBo = collect<DebriefAsked>(bo, 'debrief:asked');
    const { chatId, visitor } = await chatWith(anna);
    await ask(anna.socket, 'chat:risk', { chatId, level: 'acute' });

    const ended = next<CounsellorChatEnded>(anna.socket, 'chat:ended');
    const visitorEnded = next<ChatEnded>(visitor.socket, 'chat:ended');
    await ask(visitor.socket, 'chat:end', { chatId });
    expect(await ended).toMatchObject({ chatId, pause: 'acute' });
    expect(await visitorEnded).not.toHaveProperty('pause');

    // Nobody else may ask about this chat.
    expect(await ask(bo.socket, 'chat:debrief', { chatId })).toEqual({
      ok: false,
      error: 'not_found',
    });
    const asked = next<DebriefAsked>(sigge.socket, 'debrief:asked');
    expect(await ask(anna.socket, 'chat:debrief', { chatId })).toEqual({
      ok: true,
      data: { supervisors: 1 },
    });
    expect(await asked).toEqual({ alias: 'anna' });
    expect(await ask(anna.socket, 'chat:debrief', { chatId })).toEqual({
      ok: false,
      error: 'not_found',
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(toBo).toEqual([]);
  });

  it('a short chat with no risk has no pause, and no debrief to ask for', async () => {
    const anna = await counsellor('anna');
    const { chatId } = await chatWith(anna);
    const ended = next<CounsellorChatEnded>(anna.socket, 'chat:ended');
    await ask(anna.socket, 'chat:end', { chatId });
    expect(await ended).not.toHaveProperty('pause');
    expect(await ask(anna.socket, 'chat:debrief', { chatId })).toEqual({
      ok: false,
      error: 'not_found',
    });
  });

  it('a chat longer than the setting ends with a pause, by the service clock', async () => {
    // A server of its own whose chat clock runs, moved on half an hour at a time.
    let ahead = 0;
    const own = await startTestServer({}, undefined, undefined, () => Date.now() + ahead);
    try {
      await own.store.saveSettings(
        { ...(await own.store.getSettings()), debriefAfterMinutes: 30 },
        Date.now(),
      );
      await addAccount(own.store, 'anna');
      const anna = track(await TestCounsellor.create(own.url, await login(own.url, 'anna')));
      await anna.setAvailable(true);
      const lengths: (string | undefined)[] = [];
      for (const minutes of [29, 31]) {
        const visitor = track(await TestVisitor.create(own.url));
        await visitor.join('adult');
        const { accepted } = await anna.accept();
        await visitor.started();
        ahead += minutes * 60_000;
        const ended = next<CounsellorChatEnded>(anna.socket, 'chat:ended');
        await ask(anna.socket, 'chat:end', { chatId: accepted.chatId });
        lengths.push((await ended).pause);
        if (minutes === 31) {
          // Nobody to tell: the console says what to do instead.
          expect(await ask(anna.socket, 'chat:debrief', { chatId: accepted.chatId })).toEqual({
            ok: true,
            data: { supervisors: 0 },
          });
        }
      }
      expect(lengths).toEqual([undefined, 'long']);
    } finally {
      await own.dispose();
    }
  });
});
