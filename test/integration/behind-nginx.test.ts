import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { TestCounsellor, TestVisitor, ask, eventually } from '../support/clients.js';
import {
  freePort,
  httpsJson,
  nginxSkipReason,
  startNginx,
  type HttpsAnswer,
  type Nginx,
} from '../support/nginx.js';
import { TEST_PASSWORD, addAccount, startTestServer, type TestServer } from '../support/server.js';

/**
 * The server as deployed: behind a real nginx that terminates TLS and proxies HTTP and
 * WebSockets, started with `TRUST_PROXY=1` and an https `PUBLIC_URL`. Clients reach it
 * only through nginx, from two loopback addresses of their own, so the addresses the
 * limits key on are the clients', nginx's (127.0.0.1) or whatever a client forges.
 */

/**
 * Two clients in different places, in different /24 networks (chat starts are counted
 * per network); Linux routes all of 127/8 to the loopback.
 */
const HERE = '127.0.1.2';
const THERE = '127.0.2.3';

const reason = nginxSkipReason();
if (reason) console.warn(`behind-nginx test${reason}`);

describe.skipIf(reason !== '')(`behind nginx terminating TLS${reason}`, () => {
  // The limits' clock stands still, so no delay after a failed login runs out however
  // slowly the machine gets to the next attempt.
  const clock = { now: 0 };
  let nginx: Nginx;
  let server: TestServer;
  const clients: { close(): void }[] = [];
  /** What this test started, stopped in the reverse order (also when a start failed). */
  const started: (() => Promise<void>)[] = [];
  const track = <T extends { close(): void }>(client: T): T => {
    clients.push(client);
    return client;
  };

  beforeEach(async () => {
    clock.now = Date.now();
    const port = await freePort();
    // Read from the environment's own words, as server/main.ts does.
    const deployed = loadConfig({
      TRUST_PROXY: '1',
      PUBLIC_URL: `https://127.0.0.1:${port}`,
      CHAT_STARTS_PER_ADDRESS: '2',
    });
    const app = await startTestServer(
      {
        trustProxy: deployed.trustProxy,
        chatStartsPerAddress: deployed.chatStartsPerAddress,
        ...(deployed.publicUrl && { publicUrl: deployed.publicUrl }),
      },
      () => clock.now,
    );
    started.push(() => app.dispose());
    const proxy = await startNginx(port, app.url);
    started.push(() => proxy.stop());
    [server, nginx] = [app, proxy];
    await addAccount(server.store, 'anna');
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    for (const stop of started.splice(0).reverse()) await stop();
  });

  const logIn = (from: string, password: string, headers: Record<string, string> = {}) =>
    httpsJson(nginx, 'POST', '/api/session', {
      from,
      headers,
      body: { username: 'anna', password },
    });
  const outcome = (answer: HttpsAnswer) =>
    answer.status === 200 ? 'signed in' : (answer.body as { error?: string }).error;
  const visitorFrom = (from: string, headers: Record<string, string> = {}) =>
    TestVisitor.create(nginx.url, headers, false, { ca: nginx.ca, localAddress: from }).then(track);
  /** Joins the queue and leaves it again; says what the server answered to the join. */
  const startAndLeave = async (visitor: TestVisitor) => {
    const joined = await ask(visitor.socket, 'queue:join', {
      route: 'adult',
      commitment: visitor.commitment,
      lang: 'en',
    });
    if (!joined.ok) return joined.error;
    await ask(visitor.socket, 'queue:leave', {
      chatId: (joined.data as { chatId: string }).chatId,
    });
    return 'queued';
  };

  it('carries a whole chat over wss: queue, accept, keys, a message each way', async () => {
    const login = await logIn(HERE, TEST_PASSWORD);
    expect(login.status).toBe(200);
    const cookie = login.cookies.find((c) => c.startsWith('jc_session='))?.split(';')[0];
    expect(cookie).toBeDefined();
    const anna = track(await TestCounsellor.create(nginx.url, cookie!, { ca: nginx.ca }));
    await anna.setAvailable(true);
    const visitor = await visitorFrom(THERE);
    expect(await visitor.join('adult')).toBe(1);

    const { accepted, session } = await anna.accept();
    expect(accepted.chatId).toBe(visitor.chatId);
    expect((await visitor.started()).safetyWords).toEqual(session.safetyWords);
    expect(await visitor.send('hej, jag behöver prata')).toEqual({ ok: true, data: null });
    expect(await anna.send(accepted.chatId, 'Hej, jag heter Anna')).toEqual({
      ok: true,
      data: null,
    });
    await eventually(() => {
      expect(anna.messages(accepted.chatId).map((m) => (m.kind === 'text' ? m.text : ''))).toEqual([
        'hej, jag behöver prata',
      ]);
      expect(visitor.received.map((m) => (m.kind === 'text' ? m.text : ''))).toEqual([
        'Hej, jag heter Anna',
      ]);
    });
    // Through nginx as WebSockets, not long-polling.
    expect(visitor.socket.io.engine.transport.name).toBe('websocket');
    expect(anna.socket.io.engine.transport.name).toBe('websocket');
  });

  it('sets the console’s cookies Secure, HttpOnly and SameSite=Strict', async () => {
    const login = await logIn(HERE, TEST_PASSWORD);
    expect(login.status).toBe(200);
    expect(login.cookies.map((c) => c.split('=')[0]).sort()).toEqual(['jc_device', 'jc_session']);
    for (const cookie of login.cookies) {
      expect(cookie).toMatch(/;\s*Secure(;|$)/i);
      expect(cookie).toMatch(/;\s*HttpOnly(;|$)/i);
      expect(cookie).toMatch(/;\s*SameSite=Strict(;|$)/i);
    }
  });

  describe('the limits key on the client’s own address, not nginx’s', () => {
    it('failed logins slow the place they come from, and no other', async () => {
      const here: (string | undefined)[] = [];
      for (let i = 0; i < 6; i += 1) here.push(outcome(await logIn(HERE, `guess ${i}`)));
      expect(here).toEqual([...Array<string>(5).fill('bad_credentials'), 'rate_limited']);
      expect(outcome(await logIn(THERE, 'guess 6'))).toBe('bad_credentials');
      expect(outcome(await logIn(THERE, TEST_PASSWORD))).toBe('signed in');
    });

    it('chats started over wss count per place', async () => {
      const here = [];
      for (let i = 0; i < 3; i += 1) here.push(await startAndLeave(await visitorFrom(HERE)));
      expect(here).toEqual(['queued', 'queued', 'rate_limited']);
      expect(await startAndLeave(await visitorFrom(THERE))).toBe('queued');
    });
  });

  describe('an X-Forwarded-For the client forges changes nothing', () => {
    const forged = (i: number) => ({ 'x-forwarded-for': `198.51.100.${i + 1}` });

    it('failed logins are slowed after as many attempts, whatever address each claims', async () => {
      const here: (string | undefined)[] = [];
      for (let i = 0; i < 6; i += 1) {
        here.push(outcome(await logIn(HERE, `guess ${i}`, forged(i))));
      }
      expect(here).toEqual([...Array<string>(5).fill('bad_credentials'), 'rate_limited']);
      // Nor can a client pass for the slowed place and take its limit on.
      const posing = { 'x-forwarded-for': HERE };
      expect(outcome(await logIn(THERE, 'guess 6', posing))).toBe('bad_credentials');
      expect(outcome(await logIn(THERE, TEST_PASSWORD, posing))).toBe('signed in');
    });

    it('chats started over wss are counted for the place they come from', async () => {
      const here = [];
      for (let i = 0; i < 3; i += 1) {
        here.push(await startAndLeave(await visitorFrom(HERE, forged(i))));
      }
      expect(here).toEqual(['queued', 'queued', 'rate_limited']);
      expect(await startAndLeave(await visitorFrom(THERE, { 'x-forwarded-for': HERE }))).toBe(
        'queued',
      );
    });
  });
});
