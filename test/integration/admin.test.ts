import { generate } from 'otplib';
import { beforeEach, describe, expect, it } from 'vitest';
import type { StatsReport } from '../../shared/protocol/admin.js';
import type { Role } from '../../shared/protocol/schemas.js';
import { DEFAULT_SETTINGS } from '../../shared/protocol/settings.js';
import { newTotpSecret } from '../../server/accounts/totp.js';
import { TestCounsellor, TestVisitor, ask, eventually } from '../support/clients.js';
import { useTestServer } from '../support/harness.js';
import { TEST_PASSWORD, addAccount, login, type TestServer } from '../support/server.js';

/**
 * The second factor's clock, fixed ten seconds into a 30-second step for each test, so
 * that no step turns between a login and its replay (a test that could fail by chance).
 */
const clock = { now: 0 };
const harness = useTestServer({}, () => clock.now);
beforeEach(() => {
  clock.now = Math.floor(Date.now() / 30_000) * 30_000 + 10_000;
});
const { track } = harness;
let server: TestServer;
beforeEach(() => {
  server = harness.server;
});

interface Answer {
  status: number;
  body: { ok: boolean; data?: unknown; error?: string };
  headers: Headers;
  text: string;
}

async function api(
  cookie: string | undefined,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(`${server.url}/api${path}`, {
    method,
    headers: {
      ...(cookie && { cookie }),
      ...(body !== undefined && { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  let parsed: Answer['body'] = { ok: false };
  try {
    parsed = JSON.parse(text) as Answer['body'];
  } catch {
    // CSV and the like
  }
  return { status: response.status, body: parsed, headers: response.headers, text };
}

/** A TOTP code for a step other than the current one, to log in again without waiting. */
async function code(secret: string, offsetSteps = 0): Promise<string> {
  return generate({ secret, epoch: Math.floor(clock.now / 1000) + offsetSteps * 30 });
}

/** An account with the role, a second factor set up where the role needs one, signed in. */
async function staff(
  username: string,
  role: Role,
): Promise<{ cookie: string; id: number; secret?: string }> {
  const account = await addAccount(server.store, username, { role });
  if (role === 'counsellor') return { cookie: await login(server.url, username), id: account.id };
  const secret = newTotpSecret();
  await server.store.setTotp(account.id, secret, 0);
  const response = await fetch(`${server.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: TEST_PASSWORD, code: await code(secret) }),
  });
  expect(response.status).toBe(200);
  const cookie = response.headers.get('set-cookie')?.split(';')[0] ?? '';
  return { cookie, id: account.id, secret };
}

const SUPERVISOR_ROUTES: [string, string, unknown?][] = [
  ['GET', '/board'],
  ['GET', '/stats?from=2026-01-01&to=2026-01-31'],
  ['GET', '/stats.csv?from=2026-01-01&to=2026-01-31'],
  ['GET', '/settings'],
  ['PUT', '/settings', DEFAULT_SETTINGS],
];
const ADMIN_ROUTES: [string, string, unknown?][] = [
  ['GET', '/accounts'],
  ['PATCH', '/accounts/1', { youth: true }],
  ['POST', '/accounts/1/reset', {}],
  ['POST', '/invites', { role: 'counsellor', youth: false, languages: [] }],
  ['GET', '/audit'],
];
const SIGNED_IN_ROUTES: [string, string, unknown?][] = [
  ['GET', '/phrases'],
  ['POST', '/phrases', { text: 'Hej' }],
  ['DELETE', '/phrases/1'],
  ['POST', '/password', { current: 'x', password: 'a new long password' }],
  ['POST', '/totp/setup', {}],
  ['POST', '/totp/confirm', { code: '123456' }],
];

describe('roles', () => {
  it('are enforced on every console route', async () => {
    const counsellor = await staff('cora', 'counsellor');
    const supervisor = await staff('sigge', 'supervisor');
    for (const [method, path, body] of [
      ...SUPERVISOR_ROUTES,
      ...ADMIN_ROUTES,
      ...SIGNED_IN_ROUTES,
    ]) {
      expect((await api(undefined, method, path, body)).status, `${method} ${path}`).toBe(401);
    }
    for (const [method, path, body] of [...SUPERVISOR_ROUTES, ...ADMIN_ROUTES]) {
      const answer = await api(counsellor.cookie, method, path, body);
      expect([answer.status, answer.body.error], `${method} ${path}`).toEqual([403, 'forbidden']);
    }
    for (const [method, path, body] of ADMIN_ROUTES) {
      expect((await api(supervisor.cookie, method, path, body)).status, `${method} ${path}`).toBe(
        403,
      );
    }
    for (const [method, path, body] of SUPERVISOR_ROUTES) {
      expect((await api(supervisor.cookie, method, path, body)).status, `${method} ${path}`).toBe(
        200,
      );
    }
  });

  it('a supervisor without a second factor works as a counsellor until one is set up', async () => {
    await addAccount(server.store, 'stina', { role: 'supervisor' });
    const cookie = await login(server.url, 'stina');
    expect((await api(cookie, 'GET', '/session')).body.data).toMatchObject({
      role: 'counsellor',
      assignedRole: 'supervisor',
      totpEnabled: false,
    });
    expect((await api(cookie, 'GET', '/board')).status).toBe(403);

    const setup = (await api(cookie, 'POST', '/totp/setup', {})).body.data as {
      secret: string;
      uri: string;
    };
    expect(setup.uri).toMatch(/^otpauth:\/\/totp\/Jourchatt:stina\?/);
    expect((await api(cookie, 'POST', '/totp/confirm', { code: '000000' })).body.error).toBe(
      'bad_code',
    );
    const confirmed = await api(cookie, 'POST', '/totp/confirm', {
      code: await code(setup.secret),
    });
    expect(confirmed.body.data).toMatchObject({ role: 'supervisor', totpEnabled: true });
    expect((await api(cookie, 'GET', '/board')).status).toBe(200);
  });

  it('refuses changes from another site (CSRF) and bodies that are not JSON', async () => {
    const admin = await staff('ada', 'admin');
    const foreign = await api(
      admin.cookie,
      'PATCH',
      `/accounts/${admin.id}`,
      { youth: true },
      { origin: 'https://evil.example' },
    );
    expect(foreign.status).toBe(403);
    const form = await fetch(`${server.url}/api/invites`, {
      method: 'POST',
      headers: { cookie: admin.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'role=admin&youth=false',
    });
    expect(form.status).toBe(400);
    expect((await server.store.findAccountById(admin.id))?.youth).toBe(false);
  });
});

describe('the second factor', () => {
  it('is required at login once set up, and each code is used once', async () => {
    const admin = await staff('ada', 'admin');
    const secret = admin.secret ?? '';
    const attempt = (body: object) =>
      fetch(`${server.url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'ada', password: TEST_PASSWORD, ...body }),
      });
    const without = await attempt({});
    expect([without.status, (await without.json()) as unknown]).toEqual([
      401,
      { ok: false, error: 'code_required' },
    ]);
    const wrong = await attempt({ code: '000000' });
    expect(((await wrong.json()) as { error: string }).error).toBe('bad_code');
    // The code `staff` logged in with, replayed: refused.
    const replay = await attempt({ code: await code(secret) });
    expect(((await replay.json()) as { error: string }).error).toBe('bad_code');
    const nextCode = await code(secret, 1);
    expect((await attempt({ code: nextCode })).status).toBe(200);
    expect((await attempt({ code: nextCode })).status).toBe(401);
  });
});

describe('accounts', () => {
  it('a link opens the console in the language of the console that made it', async () => {
    const admin = await staff('ada', 'admin');
    await addAccount(server.store, 'bo');
    const bo = await server.store.findAccountByUsername('bo');
    const invite = await api(admin.cookie, 'POST', '/invites', {
      role: 'counsellor',
      youth: false,
      languages: [],
      lang: 'en',
    });
    expect((invite.body.data as { url: string }).url).toMatch(
      new RegExp(`^${server.url}/console/\\?lang=en#invite=[\\w-]{43}$`),
    );
    const reset = await api(admin.cookie, 'POST', `/accounts/${bo?.id}/reset`, { lang: 'sv' });
    expect((reset.body.data as { url: string }).url).toMatch(/\/console\/\?lang=sv#reset=/);
    const unknown = await api(admin.cookie, 'POST', '/invites', {
      role: 'counsellor',
      youth: false,
      languages: [],
      lang: 'de',
    });
    expect([unknown.status, unknown.body.error]).toEqual([400, 'invalid_payload']);
  });

  it('an invitation creates one account with its role, once, and expires', async () => {
    const admin = await staff('ada', 'admin');
    const invite = await api(admin.cookie, 'POST', '/invites', {
      role: 'counsellor',
      youth: true,
      languages: ['sv', 'ar'],
    });
    const { url, expiresAt } = invite.body.data as { url: string; expiresAt: number };
    expect(expiresAt).toBeGreaterThan(Date.now() + 2 * 24 * 3600_000);
    const token = url.split('#invite=')[1] ?? '';
    expect(url.startsWith(`${server.url}/console/#invite=`)).toBe(true);
    // Never in a path (access logs keep paths): the old address answers nothing.
    expect((await api(undefined, 'GET', `/links/${token}`)).status).toBe(404);
    expect((await api(undefined, 'POST', '/links/lookup', { token })).body.data).toEqual({
      kind: 'invite',
      role: 'counsellor',
    });

    const accept = { username: 'nour', alias: 'Nour', password: 'a long enough password' };
    expect(
      (await api(undefined, 'POST', '/links/accept', { token, ...accept, password: 'short' }))
        .status,
    ).toBe(400);
    expect((await api(undefined, 'POST', '/links/accept', { token, ...accept })).body).toEqual({
      ok: true,
      data: null,
    });
    const again = await api(undefined, 'POST', '/links/accept', {
      token,
      ...accept,
      username: 'other',
    });
    expect([again.status, again.body.error]).toEqual([410, 'link_expired']);
    const nour = await server.store.findAccountByUsername('nour');
    expect(nour).toMatchObject({ role: 'counsellor', youth: true, languages: ['sv', 'ar'] });
    expect(await login(server.url, 'nour', 'a long enough password')).toMatch(/^jc_session=/);
    expect(await server.store.findAccountByUsername('other')).toBeUndefined();

    // An expired link: refused, and nothing is created.
    const { createLink } = await import('../../server/accounts/links.service.js');
    const old = await createLink(
      server.store,
      `${server.url}/console/`,
      {
        kind: 'invite',
        accountId: null,
        role: 'admin',
        youth: false,
        languages: [],
        createdBy: null,
      },
      Date.now() - 4 * 24 * 3600_000,
    );
    const oldToken = old.url.split('#invite=')[1] ?? '';
    const late = await api(undefined, 'POST', '/links/accept', {
      token: oldToken,
      ...accept,
      username: 'late',
    });
    expect([late.status, late.body.error]).toEqual([410, 'link_expired']);
    expect(await server.store.findAccountByUsername('late')).toBeUndefined();
  });

  it('a password change ends every session of the user, and their console sockets', async () => {
    await addAccount(server.store, 'bo');
    const first = await login(server.url, 'bo');
    const second = await login(server.url, 'bo');
    const console2 = track(await TestCounsellor.create(server.url, second));
    const closed = new Promise<void>((resolve) =>
      console2.socket.on('disconnect', () => resolve()),
    );

    expect(
      (
        await api(first, 'POST', '/password', {
          current: 'wrong',
          password: 'another long password',
        })
      ).body.error,
    ).toBe('bad_credentials');
    const changed = await api(first, 'POST', '/password', {
      current: TEST_PASSWORD,
      password: 'another long password',
    });
    expect(changed.status).toBe(200);
    await closed;
    expect((await api(first, 'GET', '/session')).status).toBe(401);
    expect((await api(second, 'GET', '/session')).status).toBe(401);
    // This browser got a fresh session with the change.
    const fresh = changed.headers.get('set-cookie')?.split(';')[0] ?? '';
    expect((await api(fresh, 'GET', '/session')).status).toBe(200);
    await expect(login(server.url, 'bo')).rejects.toThrow();
    expect(await login(server.url, 'bo', 'another long password')).toMatch(/^jc_session=/);
  });

  it('an admin disables, changes and resets accounts; nobody demotes themselves', async () => {
    const admin = await staff('ada', 'admin');
    const bo = await addAccount(server.store, 'bo');
    const boCookie = await login(server.url, 'bo');

    const list = (await api(admin.cookie, 'GET', '/accounts')).body.data as { username: string }[];
    expect(list.map((a) => a.username).sort()).toEqual(['ada', 'bo']);
    expect(JSON.stringify(list)).not.toMatch(/argon2|passwordHash|totpSecret/);

    expect(
      (await api(admin.cookie, 'PATCH', `/accounts/${admin.id}`, { role: 'counsellor' })).status,
    ).toBe(403);
    expect((await api(admin.cookie, 'PATCH', `/accounts/${bo.id}`, { role: 'king' })).status).toBe(
      400,
    );
    expect((await api(admin.cookie, 'PATCH', '/accounts/999', { youth: true })).status).toBe(404);

    expect(
      (await api(admin.cookie, 'PATCH', `/accounts/${bo.id}`, { youth: true, languages: ['so'] }))
        .body.data,
    ).toMatchObject({ youth: true, languages: ['so'] });
    // A counsellor may speak Finnish; lättläst is Swedish, not a language of its own to speak.
    expect(
      (await api(admin.cookie, 'PATCH', `/accounts/${bo.id}`, { languages: ['so', 'fi'] })).body
        .data,
    ).toMatchObject({ languages: ['so', 'fi'] });
    expect(
      (await api(admin.cookie, 'PATCH', `/accounts/${bo.id}`, { languages: ['sv-x-easy'] })).status,
    ).toBe(400);
    await api(admin.cookie, 'PATCH', `/accounts/${bo.id}`, { disabled: true });
    expect((await api(boCookie, 'GET', '/session')).status).toBe(401);
    await expect(login(server.url, 'bo')).rejects.toThrow();
    await api(admin.cookie, 'PATCH', `/accounts/${bo.id}`, { disabled: false });

    const reset = (await api(admin.cookie, 'POST', `/accounts/${bo.id}/reset`, {})).body.data as {
      url: string;
    };
    await expect(login(server.url, 'bo')).rejects.toThrow();
    const token = reset.url.split('#reset=')[1] ?? '';
    expect((await api(undefined, 'POST', '/links/lookup', { token })).body.data).toMatchObject({
      kind: 'reset',
    });
    await api(undefined, 'POST', '/links/accept', { token, password: 'bo has a new password' });
    expect(await login(server.url, 'bo', 'bo has a new password')).toMatch(/^jc_session=/);

    const audit = (await api(admin.cookie, 'GET', '/audit')).body.data as {
      action: string;
      actor: string | null;
    }[];
    const actions = audit.map((entry) => entry.action);
    expect(actions).toEqual(
      expect.arrayContaining(['account_changed', 'password_reset_link', 'password_set_by_link']),
    );
    expect(audit.find((entry) => entry.action === 'account_changed')?.actor).toBe('ada');
  });
});

describe('settings and ready phrases', () => {
  it('a supervisor saves valid settings; invalid ones change nothing', async () => {
    const supervisor = await staff('sigge', 'supervisor');
    const before = (await api(supervisor.cookie, 'GET', '/settings')).body.data;
    const bad = await api(supervisor.cookie, 'PUT', '/settings', {
      ...DEFAULT_SETTINGS,
      exitUrl: 'javascript:alert(1)',
    });
    expect([bad.status, bad.body.error]).toEqual([400, 'invalid_payload']);
    expect((await api(supervisor.cookie, 'GET', '/settings')).body.data).toEqual(before);
    // A 24-hour line without a number is refused too, and changes nothing.
    const noNumber = await api(supervisor.cookie, 'PUT', '/settings', {
      ...DEFAULT_SETTINGS,
      helplines: { adult: [{ name: 'Kvinnofridslinjen', phone: '' }], youth: [] },
    });
    expect([noNumber.status, noNumber.body.error]).toEqual([400, 'invalid_payload']);
    expect((await api(supervisor.cookie, 'GET', '/settings')).body.data).toEqual(before);

    const changed = {
      ...DEFAULT_SETTINGS,
      phrases: ['Vi finns här för dig.'],
      notice: { en: 'Closed on 24 December.' },
    };
    expect((await api(supervisor.cookie, 'PUT', '/settings', changed)).status).toBe(200);
    const visitor = track(await TestVisitor.create(server.url));
    const status = (await ask(visitor.socket, 'status:get', {})) as {
      data: { notice?: Record<string, string> };
    };
    expect(status.data.notice).toEqual({ en: 'Closed on 24 December.' });
    expect((await api(supervisor.cookie, 'GET', '/phrases')).body.data).toEqual({
      shared: ['Vi finns här för dig.'],
      own: [],
    });
  });

  it('invalid settings name the fields in error, by the schema’s path, never echoing the input', async () => {
    const supervisor = await staff('sigge', 'supervisor');
    const hours = DEFAULT_SETTINGS.routes.adult.hours.map((spans, weekday) =>
      weekday === 0 ? [{ open: '9', close: '17' }] : spans,
    );
    const bad = await api(supervisor.cookie, 'PUT', '/settings', {
      ...DEFAULT_SETTINGS,
      timeZone: 'Mars/Olympus_Mons',
      routes: { ...DEFAULT_SETTINGS.routes, adult: { ...DEFAULT_SETTINGS.routes.adult, hours } },
      phrases: [...DEFAULT_SETTINGS.phrases, ''],
      surprise: 'Olympus',
    });
    expect([bad.status, bad.body.error]).toEqual([400, 'invalid_payload']);
    expect((bad.body as { fields?: string[] }).fields?.sort()).toEqual(
      [
        '',
        'phrases.4',
        // '9' sorts after '17': the span's own check fails too.
        'routes.adult.hours.0.0',
        'routes.adult.hours.0.0.close',
        'routes.adult.hours.0.0.open',
        'timeZone',
      ].sort(),
    );
    expect(bad.text).not.toContain('Olympus');
    expect(bad.text).not.toContain('surprise');
  });

  it('an embedding site added in the settings is allowed at once', async () => {
    const supervisor = await staff('sigge', 'supervisor');
    const beacon = () =>
      fetch(`${server.url}/visitor/leave`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', origin: 'https://www.city.example' },
        body: 'not json',
      });
    expect((await beacon()).status).toBe(403);
    const settings = {
      ...DEFAULT_SETTINGS,
      allowedOrigins: ['https://www.city.example/some/page'],
    };
    const saved = await api(supervisor.cookie, 'PUT', '/settings', settings);
    expect((saved.body.data as { allowedOrigins: string[] }).allowedOrigins).toEqual([
      'https://www.city.example',
    ]);
    // Past the origin check: refused now only for its body.
    expect((await beacon()).status).toBe(400);
  });

  it('own phrases are one’s own', async () => {
    await addAccount(server.store, 'anna');
    await addAccount(server.store, 'bo');
    const anna = await login(server.url, 'anna');
    const bo = await login(server.url, 'bo');
    const added = (await api(anna, 'POST', '/phrases', { text: 'Ta den tid du behöver.' })).body
      .data as { id: number };
    expect((await api(anna, 'POST', '/phrases', { text: '' })).status).toBe(400);
    expect(((await api(bo, 'GET', '/phrases')).body.data as { own: unknown[] }).own).toEqual([]);
    expect((await api(bo, 'DELETE', `/phrases/${added.id}`)).status).toBe(404);
    expect(((await api(anna, 'GET', '/phrases')).body.data as { own: unknown[] }).own).toEqual([
      { id: added.id, text: 'Ta den tid du behöver.' },
    ]);
    expect((await api(anna, 'DELETE', `/phrases/${added.id}`)).status).toBe(200);
  });
});

describe('the board, the wrap-up and the statistics', () => {
  it('shows the last 30 days on the service’s calendar unless a period is asked for', async () => {
    // 23:30 in London is already the next day in Stockholm, and still the same day in New York.
    clock.now = Date.parse('2026-01-15T23:30:10Z');
    const supervisor = await staff('sigge', 'supervisor');
    const period = async (path: string) => {
      const report = (await api(supervisor.cookie, 'GET', path)).body.data as StatsReport;
      return [report.from, report.to];
    };
    expect(await period('/stats')).toEqual(['2025-12-18', '2026-01-16']);
    expect(
      (await api(supervisor.cookie, 'GET', '/stats.csv')).headers.get('content-disposition'),
    ).toBe('attachment; filename="jourchatt-days-2025-12-18-2026-01-16.csv"');
    expect(await period('/stats?from=2026-01-01&to=2026-01-02')).toEqual([
      '2026-01-01',
      '2026-01-02',
    ]);
    await server.store.saveSettings(
      { ...(await server.store.getSettings()), timeZone: 'America/New_York' },
      clock.now,
    );
    expect(await period('/stats')).toEqual(['2025-12-17', '2026-01-15']);
    // Both ends or neither.
    for (const half of [
      '/stats?from=2026-01-01',
      '/stats?to=2026-01-01',
      '/stats.csv?to=2026-01-01',
    ]) {
      expect((await api(supervisor.cookie, 'GET', half)).status).toBe(400);
    }
  });

  it('counts offered, answered and abandoned chats and wrap-ups, and nothing else', async () => {
    const supervisor = await staff('sigge', 'supervisor');
    await addAccount(server.store, 'anna');
    const anna = track(await TestCounsellor.create(server.url, await login(server.url, 'anna')));
    await anna.setAvailable(true);

    const visitor = track(await TestVisitor.create(server.url));
    await visitor.join('adult');
    const leaver = track(await TestVisitor.create(server.url));
    await leaver.join('adult');

    const board = (await api(supervisor.cookie, 'GET', '/board')).body.data as {
      routes: { adult: { waiting: number } };
      counsellors: { alias: string; available: boolean; chats: number }[];
    };
    expect(board.routes.adult.waiting).toBe(2);
    expect(board.counsellors).toEqual([
      {
        alias: 'anna',
        available: true,
        chats: 0,
        capacity: 1,
        onBreak: false,
        inARow: 0,
        acuteThisShift: 0,
      },
    ]);

    const { accepted } = await anna.accept();
    expect(await visitor.send('CANARY-board')).toEqual({ ok: true, data: null });
    await ask(leaver.socket, 'queue:leave', { chatId: leaver.chatId });
    const talking = (await api(supervisor.cookie, 'GET', '/board')).body;
    expect(JSON.stringify(talking)).not.toContain('CANARY');
    expect((talking.data as { chats: { status: string }[] }).chats).toEqual([
      expect.objectContaining({ route: 'adult', status: 'talking' }),
    ]);

    const wrapUp = {
      chatId: accepted.chatId,
      crime: 'violence',
      affected: 'witness',
      referrals: ['police', 'healthcare'],
    };
    // Not before the chat has ended, not by someone else, and once.
    expect(await ask(anna.socket, 'chat:wrapup', wrapUp)).toEqual({
      ok: false,
      error: 'not_found',
    });
    expect(await ask(anna.socket, 'chat:end', { chatId: accepted.chatId })).toEqual({
      ok: true,
      data: null,
    });
    expect(await ask(anna.socket, 'chat:wrapup', { ...wrapUp, crime: 'arson' })).toEqual({
      ok: false,
      error: 'invalid_payload',
    });
    expect(await ask(anna.socket, 'chat:wrapup', wrapUp)).toEqual({ ok: true, data: null });
    expect(await ask(anna.socket, 'chat:wrapup', wrapUp)).toEqual({
      ok: false,
      error: 'not_found',
    });

    const today = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Europe/Stockholm',
      dateStyle: 'short',
    }).format(Date.now());
    await eventually(async () => {
      const report = (await api(supervisor.cookie, 'GET', `/stats?from=${today}&to=${today}`)).body
        .data as StatsReport;
      expect(report.days).toEqual([
        expect.objectContaining({
          day: today,
          route: 'adult',
          offered: 2,
          answered: 1,
          abandoned: 1,
        }),
      ]);
      expect(report.days[0]?.waitP50Bucket).toBe(0);
      expect(report.wrapUps).toEqual(
        expect.arrayContaining([
          // One chat's categories: counted, and shown only as "< 5" (null).
          { field: 'crime', value: 'violence', count: null },
          { field: 'affected', value: 'witness', count: null },
          { field: 'referral', value: 'police', count: null },
        ]),
      );
      expect(report.demand.flat().reduce((a, b) => a + b, 0)).toBe(2);
      expect(report.durationHistogram.reduce((a, b) => a + b, 0)).toBe(1);
    });
    const csv = await api(supervisor.cookie, 'GET', `/stats.csv?from=${today}&to=${today}`);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/attachment/);
    expect(csv.text.split('\r\n')).toEqual([
      'day,route,offered,answered,abandoned,wait_p50_seconds,wait_p90_seconds',
      `${today},adult,2,1,1,<=15,<=15`,
      '',
    ]);
    const query = `from=${today}&to=${today}`;
    const hours = (await api(supervisor.cookie, 'GET', `/stats.csv?${query}&table=hours`)).text;
    const hourRows = hours.trim().split('\r\n');
    expect(hourRows[0]).toBe('iso_weekday,hour,offered,counsellors_available_avg');
    expect(hourRows).toHaveLength(1 + 7 * 24);
    const offered = hourRows.slice(1).reduce((sum, row) => sum + Number(row.split(',')[2]), 0);
    expect(offered).toBe(2);
    const categories = await api(supervisor.cookie, 'GET', `/stats.csv?${query}&table=categories`);
    expect(categories.headers.get('content-disposition')).toContain('jourchatt-categories-');
    expect(categories.text.split('\r\n')).toEqual(
      expect.arrayContaining([
        'kind,value,count',
        'crime,violence,<5',
        'affected,witness,<5',
        'referral,police,<5',
        'referral,healthcare,<5',
        'wait_seconds,<=15,1',
        'chat_length_seconds,<=300,1',
      ]),
    );
    expect(
      (await api(supervisor.cookie, 'GET', `/stats.csv?${query}&table=__proto__`)).status,
    ).toBe(400);
    expect(
      (await api(supervisor.cookie, 'GET', '/stats?from=2026-02-01&to=2026-01-01')).status,
    ).toBe(400);
    expect(
      (await api(supervisor.cookie, 'GET', '/stats?from=1900-01-01&to=2026-01-01')).status,
    ).toBe(400);
  });
});
