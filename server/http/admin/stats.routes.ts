import { Router, type Request } from 'express';
import { addDays, dayIn } from '../../clock.js';
import { StatsQuery } from '../../../shared/protocol/admin.js';
import { AppError } from '../../../shared/protocol/errors.js';
import { expectUnknown } from '../../../shared/protocol/parse.js';
import { buildReport, reportCsv } from '../../stats/report.js';
import { json } from '../handle.js';
import type { AdminContext } from './context.js';

/** Longest period the statistics page asks for at once. */
const MAX_STATS_DAYS = 400;

/** What the page shows before a period is chosen: 30 days, today the last. */
const DEFAULT_STATS_DAYS = 30;

/** Supervisors: the statistics of a period, as a report or as one table of CSV. */
export function statsRoutes({ store, supervisor, now }: AdminContext): Router {
  const router = Router();

  /**
   * The period asked for, or by default the last 30 days on the service's calendar:
   * the days the statistics are counted in (server/stats/recorder.ts), whatever the
   * time zone of the coordinator's browser.
   */
  async function statsQuery(req: Request) {
    const { from, to, table } = expectUnknown(StatsQuery, req.query);
    if (from === undefined || to === undefined) {
      const today = dayIn(now(), (await store.getSettings()).timeZone);
      return { from: addDays(today, 1 - DEFAULT_STATS_DAYS), to: today, table };
    }
    const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
    if (!(days <= MAX_STATS_DAYS)) throw new AppError('invalid_payload');
    return { from, to, table };
  }

  router.get(
    '/stats',
    supervisor,
    json(async (req) => {
      const { from, to } = await statsQuery(req);
      return buildReport(await store.readStats(from, to), from, to);
    }),
  );

  router.get(
    '/stats.csv',
    supervisor,
    json(async (req, res) => {
      const { from, to, table = 'days' } = await statsQuery(req);
      const csv = reportCsv(buildReport(await store.readStats(from, to), from, to), table);
      res
        .type('text/csv')
        .setHeader(
          'Content-Disposition',
          `attachment; filename="jourchatt-${table}-${from}-${to}.csv"`,
        );
      res.send(csv);
    }),
  );

  return router;
}
