import { describe, expect, it } from 'vitest';
import { heatClass, staffedText } from '../../client/console/admin/heat-map.js';
import { buildReport, reportCsv } from '../../server/stats/report.js';

const DAY = '2026-11-24';

describe('the statistics never single a person out', () => {
  const report = buildReport(
    {
      hourly: [],
      histograms: [],
      wrapUps: [
        // One child on a quiet youth-route day: their crime must not be readable.
        { day: DAY, route: 'youth', field: 'crime', value: 'sexual', count: 1 },
        { day: DAY, route: 'adult', field: 'affected', value: 'witness', count: 4 },
        { day: DAY, route: 'adult', field: 'affected', value: 'victim', count: 3 },
        { day: DAY, route: 'youth', field: 'affected', value: 'victim', count: 4 },
        { day: DAY, route: 'adult', field: 'referral', value: 'police', count: 12 },
      ],
      ratings: [
        { day: DAY, route: 'adult', score: 3, count: 2 },
        { day: DAY, route: 'adult', score: 1, count: 5 },
      ],
      mailboxes: [
        // One under-20 letter on a quiet day, and a busy adult day.
        { day: DAY, route: 'youth', received: 1, answered: 0 },
        { day: DAY, route: 'adult', received: 7, answered: 5 },
      ],
      risk: [
        // One acute chat on the youth route; two rows of the same level add up.
        { day: DAY, route: 'youth', level: 'acute', count: 1 },
        { day: DAY, route: 'adult', level: 'none', count: 3 },
        { day: DAY, route: 'adult', level: 'none', count: 3 },
        { day: DAY, route: 'adult', level: 'acute', count: 5 },
      ],
    },
    DAY,
    DAY,
  );

  it('counts risk levels per day and route, a level counted fewer than five times as "< 5"', () => {
    expect(report.risk).toEqual([
      { day: DAY, route: 'adult', none: 6, concern: 0, acute: 5 },
      { day: DAY, route: 'youth', none: 0, concern: 0, acute: null },
    ]);
  });

  it('shows a category counted fewer than five times as "< 5", five and more as counted', () => {
    expect(report.wrapUps).toEqual(
      expect.arrayContaining([
        { field: 'crime', value: 'sexual', count: null },
        { field: 'affected', value: 'witness', count: null },
        // Three and four on two routes: seven together, shown.
        { field: 'affected', value: 'victim', count: 7 },
        { field: 'referral', value: 'police', count: 12 },
      ]),
    );
    expect(report.ratings).toEqual([
      { score: 1, count: 5 },
      { score: 2, count: 0 },
      { score: 3, count: null },
    ]);
  });

  it('writes the same "<5" in the CSV', () => {
    const rows = reportCsv(report, 'categories').split('\r\n');
    expect(rows).toContain('crime,sexual,<5');
    expect(rows).toContain('rating,3,<5');
    expect(rows).toContain('affected,victim,7');
    expect(rows.join('\n')).not.toMatch(/sexual,1\b/);
  });

  it('shows a mailbox count under five as "< 5" too, per day and in the answer days', () => {
    expect(report.mailboxes.days).toEqual([
      { day: DAY, route: 'youth', received: null, answered: 0 },
      { day: DAY, route: 'adult', received: 7, answered: 5 },
    ]);
    const rows = reportCsv(report, 'mailboxes').split('\r\n');
    expect(rows).toEqual([
      'day,route,received,first_answered',
      `${DAY},youth,<5,0`,
      `${DAY},adult,7,5`,
      '',
    ]);
    const withDays = buildReport(
      {
        hourly: [],
        wrapUps: [],
        ratings: [],
        mailboxes: [],
        risk: [],
        histograms: [
          { day: DAY, route: 'youth', kind: 'answer_days', bucket: 1, count: 2 },
          { day: DAY, route: 'adult', kind: 'answer_days', bucket: 0, count: 6 },
          { day: DAY, route: 'adult', kind: 'wait', bucket: 0, count: 1 },
        ],
      },
      DAY,
      DAY,
    );
    expect(withDays.mailboxes.answerDays).toEqual([6, null, 0, 0, 0, 0, 0, 0]);
    // Kept apart from the chats' histograms.
    expect(withDays.waitHistogram[0]).toBe(1);
    expect(withDays.durationHistogram.every((n) => n === 0)).toBe(true);
    expect(reportCsv(withDays, 'categories').split('\r\n')).toEqual(
      expect.arrayContaining(['mailbox_answer_days,<=0,6', 'mailbox_answer_days,<=1,<5']),
    );
  });
});

describe('the staffing heat map', () => {
  // A Monday's 14:00 in a 30-day period with four Mondays: one chat offered, and two
  // volunteers available for two minutes of that hour, sampled each minute.
  const monday = '2026-11-23';
  const hour = 14;
  const report = buildReport(
    {
      hourly: [
        {
          day: monday,
          hour,
          route: 'adult',
          offered: 1,
          answered: 1,
          abandoned: 0,
          staffedMinutes: 4,
        },
      ],
      histograms: [],
      wrapUps: [],
      ratings: [],
      mailboxes: [],
      risk: [],
    },
    '2026-10-29',
    '2026-11-27',
  );

  it('never shows an hour with volunteers available as unstaffed', () => {
    expect(report.demand[0]?.[hour]).toBe(1);
    // 4 minutes / 60 / 4 Mondays = 0.017 volunteers on average: small, not none.
    expect(report.staffed[0]?.[hour]).toBeGreaterThan(0);
    expect(report.staffed[0]?.[hour]).toBeCloseTo(0.017, 3);
    expect(report.staffed[0]?.[hour + 1]).toBe(0);
    expect(staffedText(report.staffed[0]?.[hour] ?? 0, 'sv')).toBe('<0,1');
    expect(heatClass(1, report.staffed[0]?.[hour] ?? 0)).toBe('staffed');
    expect(heatClass(1, 0)).toBe('hot');
  });

  it('writes the small average above zero in the CSV too', () => {
    const rows = reportCsv(report, 'hours').split('\r\n');
    expect(rows).toContain(`1,${hour},1,0.02`);
    expect(rows).toContain(`1,${hour + 1},0,0`);
  });

  it('shows averages to a tenth in the page’s language', () => {
    expect(staffedText(0, 'sv')).toBe('0');
    expect(staffedText(1.25, 'sv')).toBe('1,3');
    expect(staffedText(2, 'en')).toBe('2');
    expect(staffedText(0.04, 'en')).toBe('<0.1');
  });
});
