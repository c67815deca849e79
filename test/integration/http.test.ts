import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TestCounsellor, next } from '../support/clients.js';
import {
  addAccount,
  login,
  startTestServer,
  TEST_PASSWORD,
  type TestServer,
} from '../support/server.js';

let server: TestServer;

beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await server.dispose();
});

function postLogin(body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${server.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('GET /healthz', () => {
  it('answers ok without caching', async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
    expect(response.headers.get('cache-control')).toBe('no-store');
  });
});

describe('GET /', () => {
  it('serves the city page with one script tag and one jour-chat element, in the asked language', async () => {
    const response = await fetch(`${server.url}/?lang=en`);
    const html = await response.text();
    expect(html).toContain('Brottsofferjouren');
    expect(html).toContain('021-41 32 60');
    expect(html.match(/<script\b/g)).toHaveLength(1);
    expect(html).toMatch(/<script type="module" src="\/widget\/jour-chat\.js"/);
    expect(html).toContain('<jour-chat lang="en"></jour-chat>');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('ignores a language it does not know instead of echoing it', async () => {
    const html = await (await fetch(`${server.url}/?lang=%22%3E%3Cscript%3E`)).text();
    expect(html).toContain('<jour-chat></jour-chat>');
    expect(html).not.toContain('"><script>');
  });
});

describe('POST /api/session', () => {
  beforeEach(async () => {
    await addAccount(server.store, 'anna', { alias: 'Anna' });
  });

  it('signs in with an HttpOnly, SameSite=Strict cookie', async () => {
    const response = await postLogin({ username: 'anna', password: TEST_PASSWORD });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      ok: true,
      data: {
        alias: 'Anna',
        role: 'counsellor',
        assignedRole: 'counsellor',
        totpEnabled: false,
        routes: ['adult'],
      },
    });
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
  });

  it('refuses a wrong password and an unknown user alike', async () => {
    for (const body of [
      { username: 'anna', password: 'not the password' },
      { username: 'nobody', password: TEST_PASSWORD },
    ]) {
      const response = await postLogin(body);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ ok: false, error: 'bad_credentials' });
    }
  });

  it('answers malformed bodies with invalid_payload', async () => {
    for (const body of [
      '{not json',
      '[]',
      '{"username":"anna"}',
      { username: 'a'.repeat(65), password: 'x' },
    ]) {
      const response = await postLogin(body);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ ok: false, error: 'invalid_payload' });
    }
    const huge = await postLogin({ username: 'anna', password: 'x'.repeat(10_000) });
    expect(huge.status).toBe(400);
  });

  it('refuses a cross-site request', async () => {
    const response = await postLogin(
      { username: 'anna', password: TEST_PASSWORD },
      { origin: 'https://evil.example' },
    );
    expect(response.status).toBe(403);
  });

  it('slows down repeated failures from one place, the right password too, and says when to retry', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i += 1) {
      statuses.push((await postLogin({ username: 'anna', password: `guess ${i}` })).status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.at(-1)).toBe(429);
    const limited = await postLogin({ username: 'anna', password: TEST_PASSWORD });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('cookies behind a TLS proxy', () => {
  it('are Secure when the public address is https, though the request reached us plain', async () => {
    await server.dispose();
    server = await startTestServer({ publicUrl: 'https://chat.example.se' });
    await addAccount(server.store, 'anna');
    const response = await postLogin({ username: 'anna', password: TEST_PASSWORD });
    expect(response.status).toBe(200);
    const cookies = response.headers.getSetCookie();
    expect(cookies.length).toBeGreaterThanOrEqual(2);
    for (const cookie of cookies) expect(cookie).toMatch(/;\s*Secure/i);
  });
});

describe('a flood of concurrent guesses', () => {
  it('counts each guess before the password is checked: 300 at once run argon2 at most five times', async () => {
    await server.dispose();
    // One hop of proxy, as behind a balancer: the guesses and the counsellor come from
    // two addresses. The clock stands still, so the delay after the fifth failure
    // cannot run out while a slow machine works through the three hundred.
    server = await startTestServer({ trustProxy: 1 }, () => 1_800_000_000_000);
    await addAccount(server.store, 'anna');
    const guesses = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        postLogin({ username: 'anna', password: `guess ${i}` }, { 'x-forwarded-for': '192.0.2.9' }),
      ),
    );
    const statuses = guesses.map((response) => response.status);
    // 401: the password was checked (argon2 ran) and was wrong; 429: refused before.
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(295);
    expect(statuses.every((status) => status === 401 || status === 429)).toBe(true);
    // The counsellor, from elsewhere, still gets in.
    const own = await postLogin(
      { username: 'anna', password: TEST_PASSWORD },
      { 'x-forwarded-for': '192.0.2.10' },
    );
    expect(own.status).toBe(200);
    // And the flood left one audit row, not three hundred.
    const failed = (await server.store.listAudit(1000)).filter((e) => e.action === 'login_failed');
    expect(failed.length).toBe(1);
  });
});

describe('many places guessing one account', () => {
  it('slow a browser new to the account, never the counsellor’s own', async () => {
    await server.dispose();
    server = await startTestServer({ trustProxy: 1 });
    await addAccount(server.store, 'anna');
    const right = { username: 'anna', password: TEST_PASSWORD };
    const signedIn = await postLogin(right, { 'x-forwarded-for': '192.0.2.1' });
    const device = signedIn.headers
      .getSetCookie()
      .find((c) => c.startsWith('jc_device='))
      ?.split(';')[0];
    expect(device, 'a sign-in marks the browser as known').toMatch(/^jc_device=\d+\.[\w-]{22}$/);

    // Twenty wrong passwords, each from its own address: no one place is slowed.
    for (let i = 0; i < 20; i += 1) {
      const response = await postLogin(
        { username: 'anna', password: `guess ${i}` },
        { 'x-forwarded-for': `198.51.100.${i}` },
      );
      expect(response.status).toBe(401);
    }
    const stranger = await postLogin(right, { 'x-forwarded-for': '203.0.113.50' });
    expect(stranger.status).toBe(429);
    const forged = await postLogin(right, {
      'x-forwarded-for': '203.0.113.51',
      cookie: `${device!.slice(0, -4)}AAAA`,
    });
    expect(forged.status, 'a forged mark is no better than none').toBe(429);
    const own = await postLogin(right, { 'x-forwarded-for': '203.0.113.52', cookie: device! });
    expect(own.status, 'the counsellor’s browser still gets in').toBe(200);
    // Another account is not slowed by the guesses at anna.
    await addAccount(server.store, 'bo');
    const bo = await postLogin(
      { username: 'bo', password: TEST_PASSWORD },
      { 'x-forwarded-for': '203.0.113.53' },
    );
    expect(bo.status).toBe(200);
  });
});

describe('GET and DELETE /api/session', () => {
  it('says who is signed in, and forgets the session on logout', async () => {
    await addAccount(server.store, 'anna', { youth: true });
    const cookie = await login(server.url, 'anna');
    const me = await fetch(`${server.url}/api/session`, { headers: { cookie } });
    expect(await me.json()).toMatchObject({ ok: true, data: { routes: ['adult', 'youth'] } });

    const out = await fetch(`${server.url}/api/session`, { method: 'DELETE', headers: { cookie } });
    expect(out.status).toBe(200);
    const after = await fetch(`${server.url}/api/session`, { headers: { cookie } });
    expect(after.status).toBe(401);
    expect(await after.json()).toEqual({ ok: false, error: 'unauthenticated' });
  });
});

describe('logging out', () => {
  it('disconnects the console sockets of that session', async () => {
    await addAccount(server.store, 'anna');
    const cookie = await login(server.url, 'anna');
    const anna = await TestCounsellor.create(server.url, cookie);
    const gone = next<string>(anna.socket, 'disconnect');
    await fetch(`${server.url}/api/session`, { method: 'DELETE', headers: { cookie } });
    expect(await gone).toBe('io server disconnect');
    anna.close();
  });
});
