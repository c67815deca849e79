import {
  bucketLabel,
  DURATION_BUCKETS,
  WAIT_BUCKETS,
  type DayRow,
  type StatsReport,
} from '../../shared/protocol/admin.js';
import type { Route } from '../../shared/protocol/schemas.js';
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
  for (const h of rows.histograms) {
    const total = h.kind === 'wait' ? waitHistogram : durationHistogram;
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
  const weekdays = Array<number>(7).fill(0);
  for (const day of daysBetween(from, to)) weekdays[weekdayOf(day)]! += 1;
  const staffed = staffedMinutes.map((hours, weekday) =>
    hours.map((minutes) => {
      const count = weekdays[weekday] ?? 0;
      return count ? Math.round((minutes / 60 / count) * 10) / 10 : 0;
    }),
  );

  const wrapUps = new Map<string, StatsReport['wrapUps'][number]>();
  for (const w of rows.wrapUps) {
    const found = wrapUps.get(`${w.field}:${w.value}`);
    if (found) found.count += w.count;
    else wrapUps.set(`${w.field}:${w.value}`, { field: w.field, value: w.value, count: w.count });
  }
  const ratings = [1, 2, 3].map((score) => ({
    score,
    count: rows.ratings.filter((r) => r.score === score).reduce((sum, r) => sum + r.count, 0),
  }));

  return {
    from,
    to,
    days: [...byDay.values()].sort((a, b) =>
      a.day === b.day ? a.route.localeCompare(b.route) : a.day.localeCompare(b.day),
    ),
    demand,
    staffed,
    waitHistogram,
    durationHistogram,
    wrapUps: [...wrapUps.values()],
    ratings,
  };
}

/** One line per day and route; numbers, dates and route names only (no formula can sneak in). */
export function reportCsv(report: StatsReport): string {
  const lines = ['day,route,offered,answered,abandoned,wait_p50_seconds,wait_p90_seconds'];
  for (const d of report.days) {
    const bound = (bucket: number | null) =>
      bucket === null ? '' : bucketLabel(WAIT_BUCKETS, bucket);
    lines.push(
      [
        d.day,
        d.route,
        d.offered,
        d.answered,
        d.abandoned,
        bound(d.waitP50Bucket),
        bound(d.waitP90Bucket),
      ].join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
