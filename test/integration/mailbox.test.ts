import { randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { dayIn } from '../../server/clock.js';
import { newTotpSecret } from '../../server/accounts/totp.js';
import { CLAIM_MS } from '../../server/mailbox/mailbox.service.js';
import { hashToken } from '../../server/tokens.js';
import { sealLetter } from '../../shared/crypto/mailbox.js';
import { generateKeyPair } from '../../shared/crypto/session.js';
import { sodium } from '../../shared/crypto/sodium.js';
import { unwrapStaffKey, type WrappedStaffKey } from '../../shared/crypto/staff-keys.js';
import type { AckResult } from '../../shared/protocol/errors.js';
import type {
  MailboxOpened,
  MailboxSummary,
  QueueStats,
  SealedLetter,
} from '../../shared/protocol/schemas.js';
import { DEFAULT_SETTINGS, type Settings } from '../../shared/protocol/settings.js';
import { TestCounsellor, ask, eventually, next } from '../support/clients.js';
import { useTestServer } from '../support/harness.js';
import { StaffKeys, TestWriter, readyMailboxCrypto } from '../support/mailbox.js';
import {
  TEST_PASSWORD,
  addAccount,
  login,
  sessionCookieFor,
  type TestServer,
} from '../support/server.js';

/*
 * The mailbox over a real server, with the widget's and the console's real
 * cryptography: what a visitor writes when the chat is closed reaches those who may
 * read its route, comes back to the visitor with nothing but the return code, and
 * goes when they delete it or when it has lain long enough.
 */

const DAY_MS = 86_400_000;
/** The server's clock, moved by the tests that are about time. */
const clock = { now: 0 };
const harness = useTestServer({ mailboxSweepMs: 100 }, () => clock.now);
const { track } = harness;
let server: TestServer;
beforeEach(async () => {
  clock.now = Date.now();
  server = harness.server;
  await readyMailboxCrypto();
});

const today = () => dayIn(clock.now, DEFAULT_SETTINGS.timeZone);

function data<T>(result: AckResult<unknown>): T {
  if (!result.ok) throw new Error(`server answered ${result.error}`);
  return result.data as T;
}

/** A signed-in console with its mailbox key made (or unwrapped) with its password. */
async function staff(username: string, options: { youth?: boolean } = {}) {
  const account = await addAccount(server.store, username, options);
  const cookie = await login(server.url, username);
  const counsellor = track(await TestCounsellor.create(server.url, cookie));
  const keys = await StaffKeys.setUp(counsellor.socket, TEST_PASSWORD);
  return { account, cookie, counsellor, socket: counsellor.socket, keys };
}

async function list(socket: TestCounsellor['socket']): Promise<MailboxSummary[]> {
  return data<MailboxSummary[]>(await ask(socket, 'mailbox:list', {}));
}

const closedAllWeek: Settings = {
  ...DEFAULT_SETTINGS,
  routes: {
    adult: { ...DEFAULT_SETTINGS.routes.adult, hours: Array.from({ length: 7 }, () => []) },
    youth: { ...DEFAULT_SETTINGS.routes.youth, hours: Array.from({ length: 7 }, () => []) },
  },
};

/** Every mailbox and letter in the store, to show that something changed nothing. */
async function everything() {
  const rows = await server.store.listMailboxes(['adult', 'youth'], 1000);
  return Promise.all(rows.map((row) => server.store.getMailbox(row.id)));
}

describe('a letter when the chat is closed', () => {
  it('reaches a youth-trained counsellor, who answers; the visitor reads it with the code in a new browser, writes again and deletes it all', async () => {
    await server.store.saveSettings(closedAllWeek, 1);
    const anna = await staff('anna', { youth: true });
    const bo = await staff('bo');
    const stats: QueueStats[] = [];
    anna.socket.on('queue:stats', (s) => stats.push(s));

    const visitor = track(await TestWriter.connect(server.url));
    expect(await ask(visitor.socket, 'status:get', {})).toMatchObject({
      ok: true,
      data: { routes: { youth: { open: false } }, mailbox: { answerWithinDays: 3 } },
    });
    // The chat is closed; the mailbox is not.
    expect(
      await ask(visitor.socket, 'queue:join', {
        route: 'youth',
        commitment: visitor.keys.lookup,
      }),
    ).toEqual({ ok: false, error: 'closed' });
    // Sealed to the youth-trained only: Bo's key is not offered for the youth route.
    expect(await visitor.readers('youth')).toEqual([anna.keys.publicKey]);
    expect((await visitor.readers('adult')).sort()).toEqual(
      [anna.keys.publicKey, bo.keys.publicKey].sort(),
    );

    const changed = next(anna.socket, 'mailbox:changed');
    const first = 'Hej, jag behöver prata med någon.';
    expect(await visitor.create('youth', first, 'sv')).toEqual({ ok: true, data: null });
    expect(await changed).toEqual({ route: 'youth' });
    await eventually(() => expect(stats.at(-1)?.youth?.mailboxes).toBe(1));
    expect((await server.app.service.board()).routes.youth.mailboxes).toBe(1);

    // Listed for the routes one serves, with no preview of what it says.
    const [summary, ...none] = await list(anna.socket);
    expect(none).toEqual([]);
    expect(summary).toEqual({
      id: expect.stringMatching(/^[\w-]{22}$/) as string,
      route: 'youth',
      lang: 'sv',
      day: today(),
      lastDay: today(),
      status: 'new',
      letters: 1,
    });
    expect(await list(bo.socket)).toEqual([]);
    const id = summary!.id;

    expect(await ask(anna.socket, 'mailbox:claim', { id })).toEqual({ ok: true, data: null });
    expect((await list(anna.socket))[0]).toMatchObject({
      claimedBy: 'anna',
      claimedByMe: true,
    });
    const view = await anna.keys.read(id);
    // Each reader gets only its own sealed key; the visitor's key to answer to.
    expect(Object.keys(view.letters[0]!.keys)).toEqual([anna.keys.publicKey]);
    expect(view.visitorKey).toBe(visitor.keys.publicKey);
    expect(view.readers).toEqual([anna.keys.publicKey]);
    expect(view.letters[0]!.lacking).toEqual([]);
    expect(await anna.keys.texts(id)).toEqual([first]);

    const answer = 'Hej! Vad bra att du skriver. Berätta mer.';
    expect(await anna.keys.answer(id, answer)).toEqual({ ok: true, data: null });
    const answered = (await list(anna.socket))[0];
    expect(answered).toMatchObject({ status: 'answered', letters: 2 });
    expect(answered).not.toHaveProperty('claimedBy');
    await eventually(() => expect(stats.at(-1)?.youth?.mailboxes).toBe(0));

    // A new browser: nothing kept but the code the visitor wrote down (typed loosely).
    visitor.close();
    const typed = visitor.code.toLowerCase().replace(/-/g, ' ');
    const back = track(await TestWriter.connect(server.url, typed));
    expect(await back.read()).toEqual([
      { author: 'visitor', day: today(), text: first },
      { author: 'counsellor', day: today(), alias: 'anna', text: answer },
    ]);
    const opened = data<MailboxOpened>(await back.open());
    expect(Object.keys(opened).sort()).toEqual(['letters', 'route']);
    for (const letter of opened.letters) {
      // A day, never a time; only the visitor's own key; no account, no id.
      expect(Object.keys(letter).sort()).toEqual(
        letter.author === 'visitor'
          ? ['author', 'body', 'day', 'keys', 'nonce']
          : ['alias', 'author', 'body', 'day', 'keys', 'nonce'],
      );
      expect(Object.keys(letter.keys)).toEqual([back.keys.publicKey]);
    }

    expect(await back.write('youth', 'Tack. En sak till.')).toEqual({ ok: true, data: null });
    expect((await list(anna.socket))[0]).toMatchObject({ status: 'new', letters: 3 });
    expect(await anna.keys.texts(id)).toEqual([first, answer, 'Tack. En sak till.']);

    expect(await back.delete()).toEqual({ ok: true, data: null });
    expect(await back.open()).toEqual({ ok: false, error: 'not_found' });
    expect(await back.delete()).toEqual({ ok: false, error: 'not_found' });
    expect(await list(anna.socket)).toEqual([]);
    expect(await ask(anna.socket, 'mailbox:read', { id })).toEqual({
      ok: false,
      error: 'not_found',
    });
    // Only the counts stay.
    await eventually(async () => {
      const rows = await server.store.readStats(today(), today());
      expect(rows.mailboxes).toEqual([{ day: today(), route: 'youth', received: 1, answered: 1 }]);
      expect(rows.histograms).toEqual([
        { day: today(), route: 'youth', kind: 'answer_days', bucket: 0, count: 1 },
      ]);
    });
  });

  it('refuses a counsellor not trained for under-20s a youth mailbox, and gives them no youth letters', async () => {
    const anna = await staff('anna', { youth: true });
    const bo = await staff('bo');
    const youth = track(await TestWriter.connect(server.url));
    await youth.create('youth', 'Jag är 15.');
    const adult = track(await TestWriter.connect(server.url));
    await adult.create('adult', 'Jag är 45.');
    const ids = Object.fromEntries((await list(anna.socket)).map((m) => [m.route, m.id]));
    const youthId = ids.youth!;

    // Bo lists only the adult route's mailbox and reads it.
    expect((await list(bo.socket)).map((m) => m.route)).toEqual(['adult']);
    expect(await bo.keys.texts(ids.adult!)).toEqual(['Jag är 45.']);
    // Everything about the youth one is refused, even an answer sealed properly.
    const view = await anna.keys.read(youthId);
    const letter = sealLetter('Hej', 'counsellor', view.visitorKey, [view.visitorKey]);
    for (const [event, payload] of [
      ['mailbox:read', { id: youthId }],
      ['mailbox:claim', { id: youthId }],
      ['mailbox:answer', { id: youthId, letter }],
      ['mailbox:done', { id: youthId }],
      [
        'mailbox:share',
        {
          id: youthId,
          reader: bo.keys.publicKey,
          keys: [{ letterId: view.letters[0]!.id, sealed: 'A'.repeat(107) }],
        },
      ],
    ] as const) {
      expect(await ask(bo.socket, event, payload), event).toEqual({
        ok: false,
        error: 'forbidden',
      });
    }
    // Nor can a youth-trained reader share youth letters with Bo.
    expect(
      await ask(anna.socket, 'mailbox:share', {
        id: youthId,
        reader: bo.keys.publicKey,
        keys: [{ letterId: view.letters[0]!.id, sealed: 'A'.repeat(107) }],
      }),
    ).toEqual({ ok: false, error: 'forbidden' });
    expect((await anna.keys.read(youthId)).letters[0]!.keys).toEqual(view.letters[0]!.keys);

    // Training taken away: the next request reads the account as it is now.
    await server.store.updateAccount(anna.account.id, { youth: false });
    expect(await ask(anna.socket, 'mailbox:read', { id: youthId })).toEqual({
      ok: false,
      error: 'forbidden',
    });
    expect(await ask(youth.socket, 'mailbox:readers', { route: 'youth' })).toEqual({
      ok: false,
      error: 'closed',
    });
    // A disabled account is no reader either.
    await server.store.updateAccount(bo.account.id, { disabled: true });
    expect(await adult.readers('adult')).toEqual([anna.keys.publicKey]);
    expect(await ask(bo.socket, 'mailbox:list', {})).toEqual({ ok: false, error: 'forbidden' });
  });

  it('answers a wrong code exactly as an unknown one, through the same single read', async () => {
    await staff('anna');
    const visitor = track(await TestWriter.connect(server.url));
    await visitor.create('adult', 'Mitt brev.');
    // One symbol off, as a visitor might mistype it.
    const symbols = visitor.code.split('');
    symbols[0] = symbols[0] === '0' ? '1' : '0';
    const typo = track(await TestWriter.connect(server.url, symbols.join('')));
    const unknown = track(await TestWriter.connect(server.url));

    const calls: string[] = [];
    const store = server.store as unknown as Record<string, unknown>;
    for (const [name, value] of Object.entries(store)) {
      // The reads a code could reach a mailbox by: the server's own timers (settings,
      // staffing, counts) read the store too, at moments a loaded machine cannot keep
      // out of the window.
      if (typeof value !== 'function' || !/^(find|get|peek)Mailbox$/.test(name)) continue;
      store[name] = (...args: unknown[]) => {
        calls.push(name);
        return (value as (...a: unknown[]) => unknown)(...args);
      };
    }
    const readsFor = async (writer: TestWriter) => {
      calls.length = 0;
      const result = await writer.open();
      return { result, calls: [...calls] };
    };
    const right = await readsFor(visitor);
    const wrong = await readsFor(typo);
    const none = await readsFor(unknown);
    expect(right.result.ok).toBe(true);
    expect(wrong).toEqual({ result: { ok: false, error: 'not_found' }, calls: ['findMailbox'] });
    expect(none).toEqual(wrong);
    expect(right.calls).toEqual(wrong.calls);
    for (const writer of [typo, unknown]) {
      expect(await writer.write('adult', 'Hallå?')).toEqual({ ok: false, error: 'not_found' });
      expect(await writer.delete()).toEqual({ ok: false, error: 'not_found' });
    }
    expect(await visitor.read()).toEqual([{ author: 'visitor', day: today(), text: 'Mitt brev.' }]);
    // Only the hash of the lookup id is stored, found by that alone.
    expect(await server.store.findMailbox(visitor.keys.lookup)).toBeUndefined();
    expect(await server.store.findMailbox(hashToken(visitor.keys.lookup))).toBeDefined();
  });

  it('lets one counsellor answer at a time; a claim lapses after 30 minutes', async () => {
    const anna = await staff('anna');
    const carl = await staff('carl');
    const visitor = track(await TestWriter.connect(server.url));
    await visitor.create('adult', 'Hej.');
    const [{ id }] = (await list(anna.socket)) as [MailboxSummary];
    expect(await ask(anna.socket, 'mailbox:claim', { id })).toEqual({ ok: true, data: null });
    expect(await ask(carl.socket, 'mailbox:claim', { id })).toEqual({
      ok: false,
      error: 'claimed',
    });
    expect(await carl.keys.answer(id, 'Jag svarar också')).toEqual({
      ok: false,
      error: 'claimed',
    });
    expect((await list(carl.socket))[0]).toMatchObject({ claimedBy: 'anna', claimedByMe: false });
    expect((await list(carl.socket))[0]?.letters).toBe(1);
    // Each letter has the day it was written on: half an hour later may be tomorrow.
    const written = today();

    clock.now += CLAIM_MS + 1000;
    expect((await list(carl.socket))[0]).not.toHaveProperty('claimedBy');
    expect(await carl.keys.answer(id, 'Nu svarar jag.')).toEqual({ ok: true, data: null });
    // An answer releases the claim; anyone may take the next turn.
    expect(await ask(anna.socket, 'mailbox:claim', { id })).toEqual({ ok: true, data: null });
    expect(await ask(anna.socket, 'mailbox:done', { id })).toEqual({ ok: true, data: null });
    expect((await list(carl.socket))[0]).toMatchObject({ status: 'done', letters: 2 });
    expect((await list(carl.socket))[0]).not.toHaveProperty('claimedBy');
    expect(await visitor.read()).toEqual([
      { author: 'visitor', day: written, text: 'Hej.' },
      { author: 'counsellor', day: today(), alias: 'carl', text: 'Nu svarar jag.' },
    ]);
  });

  it('deletes a mailbox keepDays after its last letter, leaving only the counts', async () => {
    const anna = await staff('anna');
    const visitor = track(await TestWriter.connect(server.url));
    const started = today();
    await visitor.create('adult', 'Brev ett.');
    const sweep = () => server.app.mailboxes.sweep();

    clock.now += 29 * DAY_MS;
    expect(await sweep()).toBe(0);
    expect(await visitor.write('adult', 'Brev två, 29 dagar senare.')).toMatchObject({ ok: true });
    // 30 days after the first letter, but not after the last.
    clock.now += 2 * DAY_MS;
    expect(await sweep()).toBe(0);
    expect(await anna.keys.texts((await list(anna.socket))[0]!.id)).toHaveLength(2);

    // The sweep runs on its own timer.
    clock.now += 29 * DAY_MS;
    await eventually(async () =>
      expect(await visitor.open()).toEqual({ ok: false, error: 'not_found' }),
    );
    expect(await list(anna.socket)).toEqual([]);
    expect((await server.store.readStats(started, started)).mailboxes).toEqual([
      { day: started, route: 'adult', received: 1, answered: 0 },
    ]);

    // The settings say how long: a week.
    await server.store.saveSettings(
      { ...DEFAULT_SETTINGS, mailbox: { ...DEFAULT_SETTINGS.mailbox, keepDays: 7 } },
      1,
    );
    const next = track(await TestWriter.connect(server.url));
    await next.create('adult', 'Kort tid.');
    clock.now += 6 * DAY_MS;
    expect(await sweep()).toBe(0);
    clock.now += 1 * DAY_MS + 1;
    expect(await sweep()).toBe(1);
  });

  it('keeps access through a password change; a reset loses it for that account only, until a colleague shares', async () => {
    const anna = await staff('anna');
    const carl = await staff('carl');
    const visitor = track(await TestWriter.connect(server.url));
    await visitor.create('adult', 'Före lösenordsbytet.');
    const [{ id }] = (await list(anna.socket)) as [MailboxSummary];
    const password = 'a brand new password 2026';
    const change = (body: object) =>
      fetch(`${server.url}/api/password`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: anna.cookie },
        body: JSON.stringify({ current: TEST_PASSWORD, password, ...body }),
      });

    // Without the re-wrapped key, or with another key pair, the password stays as it was.
    expect((await (await change({})).json()) as unknown).toEqual({
      ok: false,
      error: 'wrong_state',
    });
    const other = carl.keys.rewrap(password);
    expect(((await (await change({ staffKey: other })).json()) as { error: string }).error).toBe(
      'wrong_state',
    );
    expect(await login(server.url, 'anna')).toMatch(/^jc_session=/);

    expect((await change({ staffKey: anna.keys.rewrap(password) })).status).toBe(200);
    const again = track(
      await TestCounsellor.create(server.url, await login(server.url, 'anna', password)),
    );
    const stored = data<WrappedStaffKey>(await ask(again.socket, 'staffkey:get', {}));
    expect(stored.publicKey).toBe(anna.keys.publicKey);
    expect(() => unwrapStaffKey(stored, TEST_PASSWORD)).toThrow();
    const afterChange = await StaffKeys.setUp(again.socket, password);
    expect(await afterChange.texts(id)).toEqual(['Före lösenordsbytet.']);
    // Another key pair is refused while one is stored: only a reset makes room.
    const swap = { ...afterChange.stored, publicKey: generatePublicKey() };
    expect(await ask(again.socket, 'staffkey:set', swap)).toEqual({
      ok: false,
      error: 'wrong_state',
    });

    // An admin resets Anna's password: her key goes with it.
    const admin = await addAccount(server.store, 'admin', { role: 'admin' });
    await server.store.setTotp(admin.id, newTotpSecret(), 0);
    const reset = await fetch(`${server.url}/api/accounts/${anna.account.id}/reset`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: await sessionCookieFor(server, admin.id),
      },
      body: '{}',
    });
    const { url } = ((await reset.json()) as { data: { url: string } }).data;
    const token = url.split('#reset=')[1];
    const newest = 'the password after the reset';
    const accepted = await fetch(`${server.url}/api/links/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, password: newest }),
    });
    expect(accepted.status).toBe(200);
    const afterReset = track(
      await TestCounsellor.create(server.url, await login(server.url, 'anna', newest)),
    );
    expect(await ask(afterReset.socket, 'staffkey:get', {})).toEqual({ ok: true, data: null });
    const fresh = await StaffKeys.setUp(afterReset.socket, newest);
    expect(fresh.publicKey).not.toBe(anna.keys.publicKey);
    // Her old letters are not sealed to her new key; Carl's access is untouched.
    const lost = await fresh.read(id);
    expect(lost.letters[0]!.keys).toEqual({});
    expect(lost.letters[0]!.lacking).toEqual([fresh.publicKey]);
    expect(await carl.keys.texts(id)).toEqual(['Före lösenordsbytet.']);

    // Carl re-seals the letter's key for Anna's new one.
    await carl.keys.shareAll(id);
    expect(await fresh.texts(id)).toEqual(['Före lösenordsbytet.']);
    expect((await fresh.read(id)).letters[0]!.lacking).toEqual([]);
    // New letters are sealed to her new key from the start.
    expect(await visitor.write('adult', 'Efter.')).toMatchObject({ ok: true });
    expect(await fresh.texts(id)).toEqual(['Före lösenordsbytet.', 'Efter.']);
  });

  it('limits starts and lookups per network, found or not', async () => {
    server = await harness.restart({
      trustProxy: 1,
      mailboxStartsPerAddress: 2,
      mailboxLookupsPerAddress: 3,
    });
    await staff('anna');
    const from = (address: string, code?: string) =>
      TestWriter.connect(server.url, code, { 'x-forwarded-for': address }).then(track);
    const start = async (address: string) => {
      const result = await (await from(address)).create('adult', 'Hej');
      return result.ok ? 'created' : result.error;
    };
    expect([
      await start('203.0.113.7'),
      await start('203.0.113.8'),
      await start('203.0.113.200'),
      await start('198.51.100.1'),
    ]).toEqual(['created', 'created', 'rate_limited', 'created']);
    expect(await list((await staff('bo')).socket)).toHaveLength(3);

    const known = await from('192.0.2.1');
    expect(await known.create('adult', 'Mitt')).toMatchObject({ ok: true });
    const unknown = await from('192.0.2.2');
    const results = [
      (await unknown.open()).ok,
      (await known.open()).ok,
      (await unknown.delete()).ok,
      await known.open(),
      await unknown.open(),
      await known.delete(),
    ];
    expect(results).toEqual([
      false,
      true,
      false,
      { ok: false, error: 'rate_limited' },
      { ok: false, error: 'rate_limited' },
      { ok: false, error: 'rate_limited' },
    ]);
    // The refused delete deleted nothing; another network still gets in.
    expect(await (await from('198.51.100.9', known.code)).read()).toHaveLength(1);
  });

  it('refuses bad payloads with invalid_payload and changes nothing', async () => {
    const anna = await staff('anna');
    const visitor = track(await TestWriter.connect(server.url));
    await visitor.create('adult', 'Första.');
    const [{ id }] = (await list(anna.socket)) as [MailboxSummary];
    const before = await everything();
    const readers = await visitor.readers('adult');
    const good = visitor.seal('Andra.', readers);
    const withoutVisitor: SealedLetter = {
      ...good,
      keys: Object.fromEntries(
        Object.entries(good.keys).filter(([reader]) => reader !== visitor.keys.publicKey),
      ),
    };
    const tooMany: Record<string, string> = {};
    for (let i = 0; i < 201; i += 1) tooMany[generatePublicKey()] = 'A'.repeat(107);
    const visitorCases: [string, unknown][] = [
      ['mailbox:write', { lookup: visitor.keys.lookup, letter: withoutVisitor }],
      ['mailbox:write', { lookup: visitor.keys.lookup, letter: { ...good, keys: tooMany } }],
      [
        'mailbox:write',
        { lookup: visitor.keys.lookup, letter: { ...good, body: `${good.body}AAAA` } },
      ],
      ['mailbox:write', { lookup: visitor.keys.lookup, letter: { ...good, extra: 1 } }],
      ['mailbox:write', { lookup: visitor.keys.lookup, letter: { ...good, keys: {} } }],
      ['mailbox:write', { lookup: `${visitor.keys.lookup}A`, letter: good }],
      ['mailbox:write', { lookup: visitor.keys.lookup, letter: { ...good, nonce: 'short' } }],
      [
        'mailbox:create',
        {
          route: 'adult',
          lookup: newLookup(),
          visitorKey: visitor.keys.publicKey,
          letter: withoutVisitor,
        },
      ],
      [
        'mailbox:create',
        { route: 'teen', lookup: newLookup(), visitorKey: visitor.keys.publicKey, letter: good },
      ],
      ['mailbox:open', { lookup: visitor.keys.lookup, id }],
      ['mailbox:delete', { lookup: 42 }],
      ['mailbox:readers', { route: '__proto__' }],
    ];
    for (const [event, payload] of visitorCases) {
      expect(await ask(visitor.socket, event, payload), event).toEqual({
        ok: false,
        error: 'invalid_payload',
      });
    }
    const view = await anna.keys.read(id);
    const answer = sealLetter('Svar', 'counsellor', view.visitorKey, view.readers);
    const counsellorCases: [string, unknown][] = [
      // Not sealed to the visitor: they could never read it.
      ['mailbox:answer', { id, letter: answer }],
      ['mailbox:answer', { id: 'x', letter: good }],
      ['mailbox:share', { id, reader: anna.keys.publicKey, keys: [] }],
      [
        'mailbox:share',
        { id, reader: anna.keys.publicKey, keys: [{ letterId: 'nope', sealed: 'x' }] },
      ],
      ['mailbox:claim', { id, until: 1 }],
      ['staffkey:set', { ...anna.keys.stored, wrapped: 'W'.repeat(101) }],
      ['staffkey:set', { ...anna.keys.stored, opsLimit: 0 }],
      ['staffkey:set', { ...anna.keys.stored, memLimit: 2 ** 40 }],
      ['staffkey:set', { ...anna.keys.stored, salt: 'S'.repeat(23) }],
    ];
    for (const [event, payload] of counsellorCases) {
      expect(await ask(anna.socket, event, payload), event).toEqual({
        ok: false,
        error: 'invalid_payload',
      });
    }
    expect(await everything()).toEqual(before);
    expect(data(await ask(anna.socket, 'staffkey:get', {}))).toEqual(anna.keys.stored);
  });

  it('carries the longest letter sealed to the most readers in one packet', async () => {
    await staff('anna');
    const visitor = track(await TestWriter.connect(server.url));
    const readers = await visitor.readers('adult');
    // Control characters: six bytes of JSON each, the most a character can take.
    const longest = '\u0001'.repeat(4000);
    const others = Array.from({ length: 198 }, generatePublicKey);
    const letter = visitor.seal(longest, [...readers, ...others]);
    expect(Object.keys(letter.keys)).toHaveLength(200);
    expect(
      await ask(visitor.socket, 'mailbox:create', {
        route: 'adult',
        lookup: visitor.keys.lookup,
        visitorKey: visitor.keys.publicKey,
        letter,
      }),
    ).toEqual({ ok: true, data: null });
    const [stored] = (await everything()) as [
      NonNullable<Awaited<ReturnType<typeof everything>>[0]>,
    ];
    // Keys to nobody who reads the route are not kept.
    expect(Object.keys(stored.letters[0]!.keys).sort()).toEqual(
      [visitor.keys.publicKey, ...readers].sort(),
    );
    expect(await visitor.read()).toEqual([{ author: 'visitor', day: today(), text: longest }]);
  });

  it('is closed when the settings turn it off, or when nobody could read the route', async () => {
    const visitor = track(await TestWriter.connect(server.url));
    expect(await ask(visitor.socket, 'mailbox:readers', { route: 'adult' })).toEqual({
      ok: false,
      error: 'closed',
    });
    const anna = await staff('anna');
    expect(await visitor.readers('adult')).toEqual([anna.keys.publicKey]);
    await server.store.saveSettings(
      { ...DEFAULT_SETTINGS, mailbox: { ...DEFAULT_SETTINGS.mailbox, enabled: false } },
      1,
    );
    expect(await ask(visitor.socket, 'mailbox:readers', { route: 'adult' })).toEqual({
      ok: false,
      error: 'closed',
    });
    const status = data<{ mailbox?: unknown }>(await ask(visitor.socket, 'status:get', {}));
    expect(status).not.toHaveProperty('mailbox');
    const letter = sealLetter('Hej', 'visitor', visitor.keys.publicKey, [
      visitor.keys.publicKey,
      anna.keys.publicKey,
    ]);
    expect(
      await ask(visitor.socket, 'mailbox:create', {
        route: 'adult',
        lookup: visitor.keys.lookup,
        visitorKey: visitor.keys.publicKey,
        letter,
      }),
    ).toEqual({ ok: false, error: 'closed' });
    expect(await everything()).toEqual([]);
  });
});

function generatePublicKey(): string {
  return sodium.to_base64(generateKeyPair().publicKey);
}

function newLookup(): string {
  return randomBytes(32).toString('base64url');
}
