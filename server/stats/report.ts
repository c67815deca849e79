import {
  ANSWER_DAY_BUCKETS,
  bucketLabel,
  DURATION_BUCKETS,
  shownCount,
  SMALL_COUNT,
  WAIT_BUCKETS,
  type DayRow,
  type StatsReport,
  type StatsTable,
} from '../../shared/protocol/admin.js';
import type { RiskLevel, Route } from '../../shared/protocol/schemas.js';
import type { StatsRows } from '../storage/store.js';

/** Monday = 0, for a YYYY-MM-DD day. */
export function weekdayOf(day: string): number {
  return (new Date(`${day}T12:00:00Z`).getUTCDay() + 6) % 7;
}

function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let at = Date.parse(`${from}T12:00:00Z`); ; at += 86_400_000) {
    const day = new Date(at).toISOString().slice(0, 10);
    if (day > to || days.length > 3700) break;
    days.push(day);
  }
  return days;
}

/** The index of the bucket holding the p-th quantile; null without data. */
export function quantileBucket(counts: readonly number[], p: number): number | null {
  const total = counts.reduce((sum, n) => sum + n, 0);
  if (total === 0) return null;
  let seen = 0;
  for (const [index, count] of counts.entries()) {
    seen += count;
    if (seen >= p * total) return index;
  }
  return null;
}

const grid = (): number[][] => Array.from({ length: 7 }, () => Array<number>(24).fill(0));

/** The statistics page's figures, from the stored aggregates of a period. */
export function buildReport(rows: StatsRows, from: string, to: string): StatsReport {
  const byDay = new Map<string, DayRow>();
  const waitCounts = new Map<string, number[]>();
  const key = (day: string, route: Route) => `${day} ${route}`;
  const row = (day: string, route: Route): DayRow => {
    const found = byDay.get(key(day, route));
    if (found) return found;
    const created: DayRow = {
      day,
      route,
      offered: 0,
      answered: 0,
      abandoned: 0,
      waitP50Bucket: null,
      waitP90Bucket: null,
    };
    byDay.set(key(day, route), created);
    return created;
  };

  const demand = grid();
  const staffedMinutes = grid();
  for (const h of rows.hourly) {
    const day = row(h.day, h.route);
    day.offered += h.offered;
    day.answered += h.answered;
    day.abandoned += h.abandoned;
    const weekday = weekdayOf(h.day);
    demand[weekday]![h.hour]! += h.offered;
    // Everyone available serves the adult route: its minutes are the staffing.
    if (h.route === 'adult') staffedMinutes[weekday]![h.hour]! += h.staffedMinutes;
  }

  const waitHistogram = Array<number>(WAIT_BUCKETS.length + 1).fill(0);
  const durationHistogram = Array<number>(DURATION_BUCKETS.length + 1).fill(0);
  const answerDays = Array<number>(ANSWER_DAY_BUCKETS.length + 1).fill(0);
  for (const h of rows.histograms) {
    const total =
      h.kind === 'wait' ? waitHistogram : h.kind === 'duration' ? durationHistogram : answerDays;
    if (h.bucket < 0 || h.bucket >= total.length) continue;
    total[h.bucket]! += h.count;
    if (h.kind === 'wait') {
      const counts =
        waitCounts.get(key(h.day, h.route)) ?? Array<number>(WAIT_BUCKETS.length + 1).fill(0);
      counts[h.bucket]! += h.count;
      waitCounts.set(key(h.day, h.route), counts);
      row(h.day, h.route);
    }
  }
  for (const [k, counts] of waitCounts) {
    const day = byDay.get(k);
    if (!day) continue;
    day.waitP50Bucket = quantileBucket(counts, 0.5);
    day.waitP90Bucket = quantileBucket(counts, 0.9);
  }

  // Average counsellors available in an hour: minutes over the number of such hours.
  // Not rounded to a tenth: over a month, a few staffed minutes average well under
  // 0.05 and showed as 0, an hour with volunteers marked as unstaffed (the page shows
  // such a value as "< 0.1").
  const weekdays = Array<number>(7).fill(0);
  for (const day of daysBetween(from, to)) weekdays[weekdayOf(day)]! += 1;
  const staffed = staffedMinutes.map((hours, weekday) =>
    hours.map((minutes) => {
      const count = weekdays[weekday] ?? 0;
      return count && minutes > 0
        ? Math.max(0.001, Math.round((minutes / 60 / count) * 1000) / 1000)
        : 0;
    }),
  );

  type WrapUpCount = Omit<StatsReport['wrapUps'][number], 'count'> & { count: number };
  const wrapUps = new Map<string, WrapUpCount>();
  for (const w of rows.wrapUps) {
    const found = wrapUps.get(`${w.field}:${w.value}`);
    if (found) found.count += w.count;
    else wrapUps.set(`${w.field}:${w.value}`, { field: w.field, value: w.value, count: w.count });
  }
  const ratings = [1, 2, 3].map((score) => ({
    score,
    count: rows.ratings.filter((r) => r.score === score).reduce((sum, r) => sum + r.count, 0),
  }));

  const risk = new Map<string, Record<RiskLevel, number> & { day: string; route: Route }>();
  for (const r of rows.risk) {
    const found = risk.get(key(r.day, r.route)) ?? {
      day: r.day,
      route: r.route,
      none: 0,
      concern: 0,
      acute: 0,
    };
    found[r.level] += r.count;
    risk.set(key(r.day, r.route), found);
  }

  return {
    from,
    to,
    // One acute chat on a quiet day is one person's crisis: the small-count rule throughout.
    risk: [...risk.values()]
      .sort((a, b) =>
        a.day === b.day ? a.route.localeCompare(b.route) : a.day.localeCompare(b.day),
      )
      .map((r) => ({
        day: r.day,
        route: r.route,
        none: shownCount(r.none),
        concern: shownCount(r.concern),
        acute: shownCount(r.acute),
      })),
    days: [...byDay.values()].sort((a, b) =>
      a.day === b.day ? a.route.localeCompare(b.route) : a.day.localeCompare(b.day),
    ),
    demand,
    staffed,
    waitHistogram,
    durationHistogram,
    // A small count of a category could single a person out: shown as "< 5" only.
    wrapUps: [...wrapUps.values()].map((w) => ({ ...w, count: shownCount(w.count) })),
    ratings: ratings.map((r) => ({ ...r, count: shownCount(r.count) })),
    // One letter on a quiet day is one person writing: the small-count rule throughout.
    mailboxes: {
      days: rows.mailboxes.map((m) => ({
        day: m.day,
        route: m.route,
        received: shownCount(m.received),
        answered: shownCount(m.answered),
      })),
      answerDays: answerDays.map(shownCount),
    },
  };
}

/** A count as the CSV may show it: "<5" under the small-count rule. */
const small = (n: number | null) => n ?? `<${SMALL_COUNT}`;

/**
 * One of the report's tables as CSV (RFC 4180 line ends), for a spreadsheet: per day
 * and route; per hour of the week (ISO weekday, Monday = 1) with the demand and the
 * average staffing; every category count (wrap-ups, ratings, wait and chat-length
 * buckets, days to a mailbox's first answer) as kind, value, count; or the mailboxes
 * per day and route. Every field is a number, a day or a fixed word.
 */
export function reportCsv(report: StatsReport, table: StatsTable = 'days'): string {
  const rows: (string | number)[][] = [];
  if (table === 'days') {
    rows.push([
      'day',
      'route',
      'offered',
      'answered',
      'abandoned',
      'wait_p50_seconds',
      'wait_p90_seconds',
    ]);
    const bound = (bucket: number | null) =>
      bucket === null ? '' : bucketLabel(WAIT_BUCKETS, bucket);
    for (const d of report.days) {
      rows.push([
        d.day,
        d.route,
        d.offered,
        d.answered,
        d.abandoned,
        bound(d.waitP50Bucket),
        bound(d.waitP90Bucket),
      ]);
    }
  } else if (table === 'hours') {
    rows.push(['iso_weekday', 'hour', 'offered', 'counsellors_available_avg']);
    report.demand.forEach((hours, weekday) => {
      hours.forEach((offered, hour) => {
        const staffed = report.staffed[weekday]?.[hour] ?? 0;
        // Any staffing at all stays above zero at two decimals.
        const shown = staffed > 0 ? Math.max(0.01, Number(staffed.toFixed(2))) : 0;
        rows.push([weekday + 1, hour, offered, shown]);
      });
    });
  } else if (table === 'mailboxes') {
    rows.push(['day', 'route', 'received', 'first_answered']);
    for (const m of report.mailboxes.days) {
      rows.push([m.day, m.route, small(m.received), small(m.answered)]);
    }
  } else {
    rows.push(['kind', 'value', 'count']);
    const count = small;
    for (const w of report.wrapUps) rows.push([w.field, w.value, count(w.count)]);
    for (const r of report.ratings) rows.push(['rating', r.score, count(r.count)]);
    report.waitHistogram.forEach((count, bucket) => {
      rows.push(['wait_seconds', bucketLabel(WAIT_BUCKETS, bucket), count]);
    });
    report.durationHistogram.forEach((count, bucket) => {
      rows.push(['chat_length_seconds', bucketLabel(DURATION_BUCKETS, bucket), count]);
    });
    report.mailboxes.answerDays.forEach((n, bucket) => {
      rows.push(['mailbox_answer_days', bucketLabel(ANSWER_DAY_BUCKETS, bucket), count(n)]);
    });
  }
  return `${rows.map((row) => row.join(',')).join('\r\n')}\r\n`;
}
