import { describe, expect, it } from 'vitest';
import { openingState } from '../../server/chat/opening-hours.js';
import { localClock } from '../../server/clock.js';
import { Settings, DEFAULT_SETTINGS, type WeeklyHours } from '../../shared/protocol/settings.js';

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
