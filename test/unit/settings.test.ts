import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  Helpline,
  MAX_HELPLINES,
  Settings,
} from '../../shared/protocol/settings.js';

const KVINNOFRIDSLINJEN = { name: 'Kvinnofridslinjen', phone: '020-50 50 50' };
const BRIS = { name: 'BRIS', phone: '116 111' };

describe('Settings: the lines open around the clock', () => {
  it('default to Kvinnofridslinjen for everyone and BRIS too for the under 20s', () => {
    expect(Settings.parse(DEFAULT_SETTINGS).helplines).toEqual({
      adult: [KVINNOFRIDSLINJEN],
      youth: [BRIS, KVINNOFRIDSLINJEN],
    });
  });

  it('are filled with the defaults in settings saved before they existed', () => {
    const { helplines: _, ...older } = DEFAULT_SETTINGS;
    const parsed = Settings.parse(JSON.parse(JSON.stringify(older)));
    expect(parsed.helplines).toEqual(DEFAULT_SETTINGS.helplines);
    // A copy, not the defaults themselves: changing one settings object leaves the next.
    parsed.helplines.adult.push(BRIS);
    expect(Settings.parse(older).helplines.adult).toEqual([KVINNOFRIDSLINJEN]);
  });

  it('may be none, and a route may list its own', () => {
    const settings = { ...DEFAULT_SETTINGS, helplines: { adult: [], youth: [BRIS] } };
    expect(Settings.parse(settings).helplines).toEqual({ adult: [], youth: [BRIS] });
  });

  it.each([
    ['no number', { name: 'BRIS', phone: '' }],
    ['a number in words', { name: 'BRIS', phone: 'ring oss' }],
    ['no name', { name: '  ', phone: '116 111' }],
    ['a name too long', { name: 'x'.repeat(81), phone: '116 111' }],
    ['a key of its own', { ...BRIS, url: 'https://bris.se' }],
    ['not a line', 'BRIS 116 111'],
  ])('refuse a line with %s', (_, line) => {
    expect(Helpline.safeParse(line).success).toBe(false);
    const settings = { ...DEFAULT_SETTINGS, helplines: { adult: [line], youth: [] } };
    expect(Settings.safeParse(settings).success).toBe(false);
  });

  it(`refuse more than ${MAX_HELPLINES} lines on a route, and a route that does not exist`, () => {
    const many = Array.from({ length: MAX_HELPLINES + 1 }, () => BRIS);
    expect(
      Settings.safeParse({ ...DEFAULT_SETTINGS, helplines: { adult: many, youth: [] } }).success,
    ).toBe(false);
    expect(
      Settings.safeParse({
        ...DEFAULT_SETTINGS,
        helplines: { ...DEFAULT_SETTINGS.helplines, elderly: [BRIS] },
      }).success,
    ).toBe(false);
  });
});

describe("Settings: a route's phone line hours", () => {
  const week = (spans: { open: string; close: string }[]) => Array.from({ length: 7 }, () => spans);

  it('are optional: absent, the widget says nothing about whether the line answers', () => {
    expect(Settings.parse(DEFAULT_SETTINGS).routes.adult.phoneHours).toBeUndefined();
  });

  it('are opening hours like the chat’s, checked the same way', () => {
    const adult = {
      ...DEFAULT_SETTINGS.routes.adult,
      phoneHours: week([{ open: '09:00', close: '16:00' }]),
    };
    const routes = { ...DEFAULT_SETTINGS.routes, adult };
    expect(Settings.parse({ ...DEFAULT_SETTINGS, routes }).routes.adult.phoneHours).toHaveLength(7);
    for (const phoneHours of [
      week([{ open: '16:00', close: '09:00' }]),
      week([{ open: '9-16', close: '17:00' }]),
      week([]).slice(1),
    ]) {
      const bad = { ...DEFAULT_SETTINGS.routes, adult: { ...adult, phoneHours } };
      expect(Settings.safeParse({ ...DEFAULT_SETTINGS, routes: bad }).success).toBe(false);
    }
  });
});

describe('Settings: the time zone', () => {
  it('is one ICU knows, the second time as the first (known zones are remembered)', () => {
    for (const timeZone of ['Europe/Helsinki', 'Europe/Helsinki', 'UTC', 'UTC']) {
      expect(Settings.safeParse({ ...DEFAULT_SETTINGS, timeZone }).success).toBe(true);
    }
    for (const timeZone of ['Europe/Nowhere', 'Europe/Nowhere', '', 'Europe/Helsinki ']) {
      expect(Settings.safeParse({ ...DEFAULT_SETTINGS, timeZone }).success).toBe(false);
    }
  });
});
