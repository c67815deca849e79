import { Router, type Request } from 'express';
import { StatsQuery } from '../../../shared/protocol/admin.js';
import { AppError } from '../../../shared/protocol/errors.js';
import { expectUnknown } from '../../../shared/protocol/parse.js';
import { buildReport, reportCsv } from '../../stats/report.js';
import { json } from '../handle.js';
import type { AdminContext } from './context.js';

/** Longest period the statistics page asks for at once. */
const MAX_STATS_DAYS = 400;

function statsQuery(req: Request): StatsQuery {
  const query = expectUnknown(StatsQuery, req.query);
  const days = (Date.parse(query.to) - Date.parse(query.from)) / 86_400_000;
  if (!(days <= MAX_STATS_DAYS)) throw new AppError('invalid_payload');
  return query;
}

/** Supervisors: the statistics of a period, as a report or as one table of CSV. */
export function statsRoutes({ store, supervisor }: AdminContext): Router {
  const router = Router();

  router.get(
    '/stats',
    supervisor,
    json(async (req) => {
      const { from, to } = statsQuery(req);
      return buildReport(await store.readStats(from, to), from, to);
    }),
  );

  router.get(
    '/stats.csv',
    supervisor,
    json(async (req, res) => {
      const { from, to, table = 'days' } = statsQuery(req);
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
