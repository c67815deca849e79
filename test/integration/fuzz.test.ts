import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { counsellorEvents, visitorEvents } from '../../shared/protocol/events.js';
import { ERROR_CODES, type AckResult } from '../../shared/protocol/errors.js';
import {
  TestCounsellor,
  TestVisitor,
  connectCounsellor,
  connectVisitor,
  connected,
  eventually,
  type LooseSocket,
} from '../support/clients.js';
import { useTestServer } from '../support/harness.js';
import { newTotpSecret } from '../../server/accounts/totp.js';
import { addAccount, login, sessionCookieFor } from '../support/server.js';

const harness = useTestServer();

// Every event either namespace registers, from the registry itself: a new event is fuzzed
// the day it is added.
const VISITOR_EVENTS = Object.keys(visitorEvents);
const COUNSELLOR_EVENTS = Object.keys(counsellorEvents);
const OTHER_EVENTS = ['__proto__', 'constructor', 'toString', 'admin:everything', 'x'.repeat(300)];

/** Values a hostile client would try, beside fast-check's own `anything()`. */
const hostile = fc.oneof(
  fc.anything({ withBigInt: false, withTypedArray: false, maxDepth: 4 }),
  fc.constant(JSON.parse('{"__proto__": {"polluted": true}}') as unknown),
  fc.constant({ constructor: { prototype: { polluted: true } } }),
  fc.constant({ chatId: 'A'.repeat(22), token: 'B'.repeat(22), __proto__: { ok: true } }),
  fc.string({ minLength: 5000, maxLength: 12_000 }),
  // Over a chat frame's size but within the packet limit: refused by the schemas.
  fc.constant('x'.repeat(20_000)),
  // Over the 64 KiB packet limit: the server cuts the socket, nothing else.
  fc.constant('x'.repeat(70_000)),
  fc.uint8Array({ maxLength: 4096 }).map((bytes) => Buffer.from(bytes)),
  fc.integer({ min: 1, max: 400 }).map((depth) => {
    let nested: unknown = 'bottom';
    for (let i = 0; i < depth; i++) nested = { a: nested };
    return nested;
  }),
  fc.record({
    chatId: fc.oneof(fc.string(), fc.constant('A'.repeat(22))),
    route: fc.oneof(fc.constantFrom('adult', 'youth', 'ADULT', ''), fc.anything()),
    commitment: fc.string({ maxLength: 100 }),
    epoch: fc.oneof(fc.integer(), fc.double()),
    n: fc.oneof(fc.integer(), fc.constant(-1), fc.constant(2 ** 53)),
    publicKey: fc.string({ maxLength: 60 }),
  }),
);

const isAnswer = (result: unknown): result is AckResult<unknown> =>
  typeof result === 'object' &&
  result !== null &&
  'ok' in result &&
  (result.ok === true ||
    ('error' in result && (ERROR_CODES as readonly string[]).includes(String(result.error))));

/**
 * Sends every (event, payload) and checks the answer is a well-formed ack with a
 * known code. A packet over the size limit gets the socket cut: a new one is made.
 */
async function hammer(
  open: () => Promise<LooseSocket>,
  events: string[],
  runs: number,
): Promise<{ answered: number; cut: number; limited: number }> {
  let socket = await open();
  const tally = { answered: 0, cut: 0, limited: 0 };
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...events), hostile, async (event, payload) => {
      if (!socket.connected) {
        socket.close();
        socket = await open();
        tally.cut += 1;
      }
      let result: unknown;
      try {
        result = await socket.timeout(1500).emitWithAck(event, payload);
      } catch {
        // No answer: only acceptable when the server cut an oversized packet.
        expect(socket.connected, `no answer to ${event} on a live socket`).toBe(false);
        return;
      }
      expect(isAnswer(result), `${event} answered ${JSON.stringify(result)}`).toBe(true);
      tally.answered += 1;
      // A fresh socket (a fresh rate-limit bucket), so the handlers themselves are hit.
      if (
        (result as AckResult<unknown>).ok === false &&
        (result as { error: string }).error === 'rate_limited'
      ) {
        tally.limited += 1;
        socket.close();
        socket = await open();
      }
    }),
    { numRuns: runs },
  );
  socket.close();
  return tally;
}

describe('hostile input', () => {
  it('answers every hostile socket payload with a known code, and then serves a normal chat', async () => {
    const { server } = harness;
    await addAccount(server.store, 'anna');
    const cookie = await login(server.url, 'anna');

    const visitorSide = await hammer(
      async () => {
        const socket = connectVisitor(server.url) as LooseSocket;
        await connected(socket);
        return socket;
      },
      [...VISITOR_EVENTS, ...OTHER_EVENTS],
      250,
    );
    const counsellorSide = await hammer(
      async () => {
        const socket = connectCounsellor(server.url, cookie) as LooseSocket;
        await connected(socket);
        return socket;
      },
      [...COUNSELLOR_EVENTS, ...OTHER_EVENTS],
      150,
    );
    console.log('fuzz tally', JSON.stringify({ visitorSide, counsellorSide }));
    expect(visitorSide.answered).toBeGreaterThan(150);
    expect(counsellorSide.answered).toBeGreaterThan(80);
    // Most payloads reached the handlers rather than the rate limit.
    expect(visitorSide.limited).toBeLessThan(visitorSide.answered / 4);
    expect(counsellorSide.limited).toBeLessThan(counsellorSide.answered / 4);

    // Nothing leaked into shared prototypes.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('ok');

    // The same server still carries a whole chat.
    const counsellor = harness.track(await TestCounsellor.create(server.url, cookie));
    await counsellor.setAvailable(true);
    const visitor = harness.track(await TestVisitor.create(server.url));
    await visitor.join('adult');
    const { accepted } = await counsellor.accept();
    await visitor.started();
    expect(await visitor.send('still works')).toEqual({ ok: true, data: null });
    expect(await counsellor.send(accepted.chatId, 'yes')).toEqual({ ok: true, data: null });
    await eventually(() => expect(visitor.received).toHaveLength(1));
    expect(server.logs.join('\n')).not.toMatch(/"level":(50|60)/);
  }, 120_000);

  it('answers hostile HTTP requests with a 4xx and a known code, never a 5xx', async () => {
    const { server } = harness;
    const bodies = fc.oneof(
      fc.string({ maxLength: 3000 }),
      fc.json({ maxDepth: 5 }),
      fc.constant('{"__proto__": {"polluted": true}, "username": "a", "password": "b"}'),
      fc.constant('{"username": ' + '['.repeat(500) + ']'.repeat(500) + '}'),
      fc.string({ minLength: 5000, maxLength: 9000 }),
    );
    const requests = fc.record({
      method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'),
      path: fc.constantFrom(
        '/api/session',
        '/api/nothing',
        '/api/accounts',
        '/api/accounts/2',
        '/api/accounts/__proto__',
        '/api/accounts/2/reset',
        '/api/accounts/99999999999/reset',
        '/api/invites',
        '/api/links/lookup',
        '/api/links/accept',
        `/api/links/${'A'.repeat(43)}`,
        '/api/links/..%2f..%2f',
        '/api/password',
        '/api/totp/setup',
        '/api/totp/confirm',
        '/api/settings',
        '/api/phrases',
        '/api/phrases/1',
        '/api/phrases/-1',
        '/api/board',
        '/api/stats?from=2026-01-01&to=2026-01-02',
        '/api/stats?from=2026-01-01&from=x&to[__proto__]=1',
        '/api/stats.csv?from=%00&to=%ff',
        '/api/audit',
        '/visitor/leave',
        '/healthz',
        '/console/',
        '/widget/jour-chat.js',
        '/?lang=%00%ff',
        '/?lang[]=x&lang[__proto__]=y',
        '/%2e%2e/%2e%2e/etc/passwd',
        '/widget/../../package.json',
      ),
      type: fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded'),
      body: bodies,
      signedIn: fc.boolean(),
    });
    // Half the requests come from a signed-in admin, so the handlers behind the role
    // checks get the hostile bodies too.
    const admin = await addAccount(server.store, 'fuzz-admin', { role: 'admin' });
    await server.store.setTotp(admin.id, newTotpSecret(), 0);
    await server.store.useTotpStep(admin.id, 0);
    await addAccount(server.store, 'fuzz-colleague');
    const adminCookie = await sessionCookieFor(server, admin.id);
    await fc.assert(
      fc.asyncProperty(requests, async ({ method, path, type, body, signedIn }) => {
        const hasBody = method !== 'GET';
        const response = await fetch(`${server.url}${path}`, {
          method,
          headers: { 'content-type': type, ...(signedIn && { cookie: adminCookie }) },
          ...(hasBody && { body }),
        });
        expect(response.status, `${method} ${path}`).toBeLessThan(500);
        const text = await response.text();
        expect(text).not.toMatch(/"name"\s*:\s*"jourchatt"/); // package.json never served
        if (path.startsWith('/api') && response.status >= 400) {
          expect(JSON.parse(text)).toMatchObject({ ok: false });
        }
      }),
      { numRuns: 200 },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 60_000);
});
