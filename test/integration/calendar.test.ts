import { generate } from 'otplib';
import { beforeEach, describe, expect, it } from 'vitest';
import { newTotpSecret } from '../../server/accounts/totp.js';
import { weekdayOf } from '../../server/chat/opening-hours.js';
import { addDays, dayIn } from '../../server/clock.js';
import {
  DEFAULT_SETTINGS,
  MAX_DATE_EXCEPTIONS,
  type ServiceStatus,
  type Settings,
  type WeeklyHours,
} from '../../shared/protocol/settings.js';
import { TestVisitor, ask } from '../support/clients.js';
import { useTestServer } from '../support/harness.js';
import { TEST_PASSWORD, addAccount } from '../support/server.js';

/*
 * Date exceptions through the settings endpoint: refused with a code and the fields in
 * error when wrong (and the stored settings untouched), and once saved, what visitors
 * are told and whether they may queue. The chat service reads the real clock (the
 * injected one is the second factor's, as in admin.test.ts), so the dates are today's
 * and tomorrow's in Stockholm; the rules at fixed dates, DST included, are unit tests.
 */

const clock = { now: 0 };
const harness = useTestServer({}, () => clock.now);
beforeEach(() => {
  clock.now = Math.floor(Date.now() / 30_000) * 30_000 + 10_000;
});
const { track } = harness;

const zone = DEFAULT_SETTINGS.timeZone;
const everyDay = (open: string, close: string): WeeklyHours =>
  Array.from({ length: 7 }, () => [{ open, close }]);

/** A supervisor signed in with the second factor at the injected clock; their cookie. */
async function supervisor(): Promise<string> {
  const { url, store } = harness.server;
  const account = await addAccount(store, 'sigge', { role: 'supervisor' });
  const secret = newTotpSecret();
  await store.setTotp(account.id, secret, 0);
  const code = await generate({ secret, epoch: Math.floor(clock.now / 1000) });
  const response = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'sigge', password: TEST_PASSWORD, code }),
  });
  expect(response.status).toBe(200);
  return response.headers.get('set-cookie')?.split(';')[0] ?? '';
}

async function settingsApi(cookie: string, method: 'GET' | 'PUT', body?: unknown) {
  const response = await fetch(`${harness.server.url}/api/settings`, {
    method,
    headers: { cookie, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return {
    status: response.status,
    body: (await response.json()) as {
      ok: boolean;
      data?: Settings;
      error?: string;
      fields?: string[];
    },
  };
}

const withAdultExceptions = (exceptions: unknown, hours = everyDay('00:00', '24:00')) => ({
  ...DEFAULT_SETTINGS,
  routes: {
    ...DEFAULT_SETTINGS.routes,
    adult: { phone: '021-41 32 60', hours, exceptions },
  },
});

async function status(visitor: TestVisitor): Promise<ServiceStatus> {
  const result = await ask(visitor.socket, 'status:get', {});
  if (!result.ok) throw new Error(result.error);
  return result.data as ServiceStatus;
}

describe('date exceptions in the settings', () => {
  it('refuses bad exceptions with a code and the fields in error, and keeps the old settings', async () => {
    const cookie = await supervisor();
    const before = (await settingsApi(cookie, 'GET')).body.data;
    const many = Array.from({ length: MAX_DATE_EXCEPTIONS + 1 }, (_, i) => ({
      date: new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10),
      spans: [],
    }));
    const cases: [unknown, string[]][] = [
      [[{ date: '2026-02-30', spans: [] }], ['routes.adult.exceptions.0.date']],
      [
        [
          { date: '2026-06-19', spans: [] },
          { date: '2026-06-19', spans: [{ open: '10:00', close: '12:00' }] },
        ],
        ['routes.adult.exceptions.1.date'],
      ],
      [
        [{ date: '2026-06-20', spans: [{ open: '22:00', close: '08:00' }] }],
        ['routes.adult.exceptions.0.spans.0'],
      ],
      [many, ['routes.adult.exceptions']],
      ['2026-06-19', ['routes.adult.exceptions']],
    ];
    for (const [exceptions, fields] of cases) {
      const bad = await settingsApi(cookie, 'PUT', withAdultExceptions(exceptions));
      expect([bad.status, bad.body.error, bad.body.fields]).toEqual([
        400,
        'invalid_payload',
        fields,
      ]);
      expect((await settingsApi(cookie, 'GET')).body.data).toEqual(before);
    }
  });

  it('once saved, closes today for visitors with the next opening; an open exception opens a closed weekday', async () => {
    const cookie = await supervisor();
    const today = dayIn(Date.now(), zone);
    const tomorrow = addDays(today, 1);
    // Open every day from 09:00, but not today.
    const exceptions = [{ date: today, spans: [] }];
    const saved = await settingsApi(
      cookie,
      'PUT',
      withAdultExceptions(exceptions, everyDay('09:00', '17:00')),
    );
    expect(saved.status).toBe(200);
    expect((await settingsApi(cookie, 'GET')).body.data?.routes.adult.exceptions).toEqual(
      exceptions,
    );

    const visitor = track(await TestVisitor.create(harness.server.url));
    const { adult, youth } = (await status(visitor)).routes;
    expect(adult).toMatchObject({
      open: false,
      closedToday: true,
      nextOpening: { weekday: weekdayOf(tomorrow), time: '09:00', inDays: 1 },
    });
    expect(youth.open).toBe(true);
    expect(youth.closedToday).toBeUndefined();
    expect(
      await ask(visitor.socket, 'queue:join', { route: 'adult', commitment: visitor.commitment }),
    ).toEqual({ ok: false, error: 'closed' });

    // Closed every day of the week, but open all of today by exception.
    const allDay = [{ date: today, spans: [{ open: '00:00', close: '24:00' }] }];
    const closedWeek: WeeklyHours = Array.from({ length: 7 }, () => []);
    expect((await settingsApi(cookie, 'PUT', withAdultExceptions(allDay, closedWeek))).status).toBe(
      200,
    );
    const later = (await status(visitor)).routes.adult;
    expect(later.open).toBe(true);
    expect(later.closedToday).toBeUndefined();
    const joined = await ask(visitor.socket, 'queue:join', {
      route: 'adult',
      commitment: visitor.commitment,
    });
    expect(joined.ok).toBe(true);
  });
});
