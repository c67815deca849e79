import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { RiskLevel, Route } from '../../shared/protocol/schemas.js';
import type { Database } from './schema.js';
import type { HourlyCounter, Store } from './store.js';

/*
 * The statistics' part of the store over Kysely: counters per hour, day and route,
 * histograms, wrap-up categories and ratings, each an upsert that adds one; and the
 * report's read of them. Only aggregates: nothing here names a chat or a person.
 */

type StatsStore = Pick<
  Store,
  | 'addRating'
  | 'listRatings'
  | 'addHourly'
  | 'addHistogram'
  | 'addWrapUp'
  | 'addMailboxCount'
  | 'addRiskCount'
  | 'readStats'
>;

export function kyselyStats(db: Kysely<Database>): StatsStore {
  const increment = (table: string, column: string) =>
    sql<number>`${sql.ref(`${table}.${column}`)} + 1`;

  return {
    async addRating(rating) {
      await db
        .insertInto('ratings')
        .values({ ...rating, count: 1 })
        .onConflict((oc) =>
          oc
            .columns(['day', 'route', 'score'])
            .doUpdateSet({ count: increment('ratings', 'count') }),
        )
        .execute();
    },
    async listRatings() {
      const rows = await db.selectFrom('ratings').selectAll().orderBy('day').execute();
      return rows.map((r) => ({ ...r, route: Route.parse(r.route) }));
    },

    async addHourly(day, hour, route, counter: HourlyCounter, amount) {
      await db
        .insertInto('stats_hourly')
        .values({ day, hour, route, [counter]: amount })
        .onConflict((oc) =>
          oc.columns(['day', 'hour', 'route']).doUpdateSet({
            [counter]: sql<number>`${sql.ref(`stats_hourly.${counter}`)} + ${sql.ref(`excluded.${counter}`)}`,
          }),
        )
        .execute();
    },
    async addHistogram(day, route, kind, bucket) {
      await db
        .insertInto('stats_histograms')
        .values({ day, route, kind, bucket, count: 1 })
        .onConflict((oc) =>
          oc
            .columns(['day', 'route', 'kind', 'bucket'])
            .doUpdateSet({ count: increment('stats_histograms', 'count') }),
        )
        .execute();
    },
    async addWrapUp(day, route, field, value) {
      await db
        .insertInto('stats_wrapups')
        .values({ day, route, field, value, count: 1 })
        .onConflict((oc) =>
          oc
            .columns(['day', 'route', 'field', 'value'])
            .doUpdateSet({ count: increment('stats_wrapups', 'count') }),
        )
        .execute();
    },
    async addMailboxCount(day, route, counter) {
      await db
        .insertInto('stats_mailboxes')
        .values({ day, route, [counter]: 1 })
        .onConflict((oc) =>
          oc
            .columns(['day', 'route'])
            .doUpdateSet({ [counter]: increment('stats_mailboxes', counter) }),
        )
        .execute();
    },
    async addRiskCount(day, route, level) {
      await db
        .insertInto('stats_risk')
        .values({ day, route, level, count: 1 })
        .onConflict((oc) =>
          oc
            .columns(['day', 'route', 'level'])
            .doUpdateSet({ count: increment('stats_risk', 'count') }),
        )
        .execute();
    },
    async readStats(from, to) {
      const [hourly, histograms, wrapUps, ratings, mailboxes, risk] = await Promise.all([
        db
          .selectFrom('stats_hourly')
          .selectAll()
          .where('day', '>=', from)
          .where('day', '<=', to)
          .orderBy('day')
          .orderBy('hour')
          .execute(),
        db
          .selectFrom('stats_histograms')
          .selectAll()
          .where('day', '>=', from)
          .where('day', '<=', to)
          .execute(),
        db
          .selectFrom('stats_wrapups')
          .selectAll()
          .where('day', '>=', from)
          .where('day', '<=', to)
          .execute(),
        db
          .selectFrom('ratings')
          .selectAll()
          .where('day', '>=', from)
          .where('day', '<=', to)
          .execute(),
        db
          .selectFrom('stats_mailboxes')
          .selectAll()
          .where('day', '>=', from)
          .where('day', '<=', to)
          .orderBy('day')
          .orderBy('route')
          .execute(),
        db
          .selectFrom('stats_risk')
          .selectAll()
          .where('day', '>=', from)
          .where('day', '<=', to)
          .orderBy('day')
          .orderBy('route')
          .execute(),
      ]);
      return {
        hourly: hourly.map(({ staffed_minutes, route, ...row }) => ({
          ...row,
          route: Route.parse(route),
          staffedMinutes: staffed_minutes,
        })),
        histograms: histograms.map((h) => ({
          ...h,
          route: Route.parse(h.route),
          kind: z.enum(['wait', 'duration', 'answer_days']).parse(h.kind),
        })),
        wrapUps: wrapUps.map((w) => ({
          ...w,
          route: Route.parse(w.route),
          field: z.enum(['crime', 'affected', 'referral']).parse(w.field),
        })),
        ratings: ratings.map((r) => ({ ...r, route: Route.parse(r.route) })),
        mailboxes: mailboxes.map((m) => ({ ...m, route: Route.parse(m.route) })),
        risk: risk.map((r) => ({
          ...r,
          route: Route.parse(r.route),
          level: RiskLevel.parse(r.level),
        })),
      };
    },
  };
}
