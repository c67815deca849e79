import { describe, expect, it } from 'vitest';
import { openingState } from '../../server/chat/opening-hours.js';
import { localClock } from '../../server/clock.js';
import {
  Settings,
  DEFAULT_SETTINGS,
  MAX_DATE_EXCEPTIONS,
  type DateException,
  type WeeklyHours,
} from '../../shared/protocol/settings.js';

const zone = 'Europe/Stockholm';
// Wednesday 2026-11-25, 10:30 in Stockholm (UTC+1 in winter).
const wednesdayMorning = Date.UTC(2026, 10, 25, 9, 30);
// Sunday 2026-03-29, 01:30 UTC: 03:30 in Stockholm, just after the switch to summer time.
const summerTimeSwitch = Date.UTC(2026, 2, 29, 1, 30);

const weekdaysOnly = (open: string, close: string): WeeklyHours =>
  Array.from({ length: 7 }, (_, day) => (day < 5 ? [{ open, close }] : []));

describe('opening hours', () => {
  it('reads the wall clock in the service time zone, summer time included', () => {
    expect(localClock(wednesdayMorning, zone)).toEqual({ weekday: 2, minute: 10 * 60 + 30 });
    expect(localClock(summerTimeSwitch, zone)).toEqual({ weekday: 6, minute: 3 * 60 + 30 });
  });

  it('is open inside a span and closed at its closing minute', () => {
    expect(openingState(weekdaysOnly('09:00', '21:00'), wednesdayMorning, zone)).toEqual({
      open: true,
    });
    expect(openingState(weekdaysOnly('08:00', '10:30'), wednesdayMorning, zone)).toEqual({
      open: false,
      nextOpening: { weekday: 3, time: '08:00', inDays: 1 },
    });
  });

  it('names a later opening today, and skips the weekend to Monday', () => {
    expect(openingState(weekdaysOnly('18:00', '21:00'), wednesdayMorning, zone)).toEqual({
      open: false,
      nextOpening: { weekday: 2, time: '18:00', inDays: 0 },
    });
    const saturdayNoon = Date.UTC(2026, 10, 28, 11, 0);
    expect(openingState(weekdaysOnly('09:00', '21:00'), saturdayNoon, zone)).toEqual({
      open: false,
      nextOpening: { weekday: 0, time: '09:00', inDays: 2 },
    });
  });

  it('treats 24:00 as the end of the day and spans across midnight as two', () => {
    const lateNight: WeeklyHours = Array.from({ length: 7 }, () => [
      { open: '00:00', close: '02:00' },
      { open: '20:00', close: '24:00' },
    ]);
    expect(openingState(lateNight, Date.UTC(2026, 10, 25, 22, 59), zone).open).toBe(true);
    expect(openingState(lateNight, Date.UTC(2026, 10, 25, 23, 30), zone).open).toBe(true);
    expect(openingState(lateNight, Date.UTC(2026, 10, 26, 1, 0), zone).open).toBe(false);
  });

  it('rejects settings a coordinator could get wrong', () => {
    expect(Settings.safeParse(DEFAULT_SETTINGS).success).toBe(true);
    const bad = [
      { ...DEFAULT_SETTINGS, timeZone: 'Mars/Olympus' },
      { ...DEFAULT_SETTINGS, exitUrl: 'javascript:alert(1)' },
      { ...DEFAULT_SETTINGS, exitUrl: 'http://example.com/' },
      {
        ...DEFAULT_SETTINGS,
        routes: {
          ...DEFAULT_SETTINGS.routes,
          adult: { phone: '112', hours: weekdaysOnly('21:00', '09:00') },
        },
      },
      {
        ...DEFAULT_SETTINGS,
        routes: {
          ...DEFAULT_SETTINGS.routes,
          adult: { phone: '<script>', hours: weekdaysOnly('09:00', '21:00') },
        },
      },
      { ...DEFAULT_SETTINGS, routes: { adult: DEFAULT_SETTINGS.routes.adult } },
    ];
    for (const settings of bad) expect(Settings.safeParse(settings).success).toBe(false);
  });
});

/** An instant given as Stockholm wall-clock time and that day's offset from UTC in hours. */
const stockholm = (date: string, time: string, offset: 1 | 2) => {
  const [year = 0, month = 0, day = 0] = date.split('-').map(Number);
  const [hour = 0, minute = 0] = time.split(':').map(Number);
  return Date.UTC(year, month - 1, day, hour - offset, minute);
};
const closedOn = (date: string): DateException => ({ date, spans: [] });
const mondayToSaturday = (open: string, close: string): WeeklyHours =>
  Array.from({ length: 7 }, (_, day) => (day < 6 ? [{ open, close }] : []));

describe('opening hours with date exceptions', () => {
  const hours = mondayToSaturday('10:00', '16:00');

  it('closes Midsummer Eve all day, says so, and names the normal Saturday after it', () => {
    // Friday 2026-06-19 is Midsummer Eve; summer time, UTC+2.
    const exceptions = [closedOn('2026-06-19')];
    expect(openingState(hours, stockholm('2026-06-19', '12:00', 2), zone, exceptions)).toEqual({
      open: false,
      closedToday: true,
      nextOpening: { weekday: 5, time: '10:00', inDays: 1 },
    });
    // The evening before, the next opening skips the closed Friday.
    expect(openingState(hours, stockholm('2026-06-18', '20:00', 2), zone, exceptions)).toEqual({
      open: false,
      nextOpening: { weekday: 5, time: '10:00', inDays: 2 },
    });
    // Without the exception the Friday is an ordinary open day.
    expect(openingState(hours, stockholm('2026-06-19', '12:00', 2), zone).open).toBe(true);
  });

  it('keeps a long day open past the usual closing, and opens it at its own time', () => {
    const exceptions = [{ date: '2026-12-23', spans: [{ open: '08:00', close: '23:00' }] }];
    expect(openingState(hours, stockholm('2026-12-23', '22:30', 1), zone, exceptions)).toEqual({
      open: true,
    });
    expect(openingState(hours, stockholm('2026-12-23', '07:00', 1), zone, exceptions)).toEqual({
      open: false,
      nextOpening: { weekday: 2, time: '08:00', inDays: 0 },
    });
    // The Wednesday a week later is an ordinary one again.
    expect(openingState(hours, stockholm('2026-12-30', '22:30', 1), zone, exceptions).open).toBe(
      false,
    );
  });

  it('stays open across midnight from a day ending at 24:00 into one starting at 00:00', () => {
    const exceptions = [
      { date: '2026-12-31', spans: [{ open: '20:00', close: '24:00' }] },
      { date: '2027-01-01', spans: [{ open: '00:00', close: '02:00' }] },
    ];
    expect(openingState(hours, stockholm('2026-12-31', '23:59', 1), zone, exceptions).open).toBe(
      true,
    );
    expect(openingState(hours, stockholm('2027-01-01', '00:30', 1), zone, exceptions).open).toBe(
      true,
    );
    expect(openingState(hours, stockholm('2027-01-01', '02:00', 1), zone, exceptions)).toEqual({
      open: false,
      nextOpening: { weekday: 5, time: '10:00', inDays: 1 },
    });
    // A New Year's Day closed all day ends the evening at midnight.
    const closedNewYear = [exceptions[0]!, closedOn('2027-01-01')];
    expect(openingState(hours, stockholm('2027-01-01', '00:30', 1), zone, closedNewYear)).toEqual({
      open: false,
      closedToday: true,
      nextOpening: { weekday: 5, time: '10:00', inDays: 1 },
    });
  });

  it('finds the date by the wall clock on the days summer time starts and ends', () => {
    const everyDay: WeeklyHours = Array.from({ length: 7 }, () => [
      { open: '00:00', close: '24:00' },
    ]);
    // Saturday 2026-03-28 closed: 23:30 that night is still the 28th (UTC+1) …
    const springExceptions = [closedOn('2026-03-28')];
    expect(
      openingState(everyDay, stockholm('2026-03-28', '23:30', 1), zone, springExceptions),
    ).toEqual({
      open: false,
      closedToday: true,
      nextOpening: { weekday: 6, time: '00:00', inDays: 1 },
    });
    // … and half an hour later it is Sunday the 29th, open, though that day has 23 hours.
    expect(
      openingState(everyDay, stockholm('2026-03-29', '00:30', 1), zone, springExceptions).open,
    ).toBe(true);
    // Sunday 2026-10-25 has 25 hours: 02:30 comes twice, inside the exception's span both times.
    const autumn = [{ date: '2026-10-25', spans: [{ open: '02:00', close: '03:00' }] }];
    expect(openingState(hours, Date.UTC(2026, 9, 25, 0, 30), zone, autumn).open).toBe(true);
    expect(openingState(hours, Date.UTC(2026, 9, 25, 1, 30), zone, autumn).open).toBe(true);
    expect(openingState(hours, stockholm('2026-10-25', '03:00', 1), zone, autumn)).toEqual({
      open: false,
      nextOpening: { weekday: 0, time: '10:00', inDays: 1 },
    });
  });

  it('looks past a closure longer than a week and then names the date', () => {
    const holidays = Array.from({ length: 17 }, (_, i) =>
      closedOn(new Date(Date.UTC(2026, 11, 21 + i)).toISOString().slice(0, 10)),
    );
    // Monday 21 December to Wednesday 6 January closed: next is Thursday 7 January.
    expect(openingState(hours, stockholm('2026-12-21', '12:00', 1), zone, holidays)).toEqual({
      open: false,
      closedToday: true,
      nextOpening: { weekday: 3, time: '10:00', inDays: 17, date: '2027-01-07' },
    });
  });

  it('accepts settings stored before exceptions existed, and refuses bad exceptions', () => {
    const adult = { phone: '021-41 32 60', hours };
    const withExceptions = (exceptions: unknown) => ({
      ...DEFAULT_SETTINGS,
      routes: { ...DEFAULT_SETTINGS.routes, adult: { ...adult, exceptions } },
    });
    const old = Settings.parse({
      ...DEFAULT_SETTINGS,
      routes: { ...DEFAULT_SETTINGS.routes, adult },
    });
    expect(old.routes.adult.exceptions).toBeUndefined();
    expect(Settings.safeParse(withExceptions([closedOn('2026-06-19')])).success).toBe(true);
    const many = Array.from({ length: MAX_DATE_EXCEPTIONS + 1 }, (_, i) =>
      closedOn(new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10)),
    );
    expect(Settings.safeParse(withExceptions(many.slice(1))).success).toBe(true);
    const bad: [unknown, string][] = [
      [[closedOn('2026-02-30')], 'routes.adult.exceptions.0.date'],
      [[closedOn('19-06-2026')], 'routes.adult.exceptions.0.date'],
      [[closedOn('2026-06-19'), closedOn('2026-06-19')], 'routes.adult.exceptions.1.date'],
      [
        [{ date: '2026-06-19', spans: [{ open: '16:00', close: '10:00' }] }],
        'routes.adult.exceptions.0.spans.0',
      ],
      [[{ date: '2026-06-19', spans: [], note: 'x' }], 'routes.adult.exceptions.0'],
      [many, 'routes.adult.exceptions'],
    ];
    for (const [exceptions, path] of bad) {
      const result = Settings.safeParse(withExceptions(exceptions));
      expect(result.success).toBe(false);
      expect(result.error?.issues.map((issue) => issue.path.join('.'))).toContain(path);
    }
  });
});
