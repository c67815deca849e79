import { Router } from 'express';
import { accountRoutes } from './admin/accounts.routes.js';
import { auditRoutes } from './admin/audit.routes.js';
import { boardRoutes } from './admin/board.routes.js';
import { adminContext, type AdminRouteDeps } from './admin/context.js';
import { linkRoutes } from './admin/links.routes.js';
import { meRoutes } from './admin/me.routes.js';
import { phraseRoutes } from './admin/phrases.routes.js';
import { settingsRoutes } from './admin/settings.routes.js';
import { statsRoutes } from './admin/stats.routes.js';

/**
 * The console's API beyond signing in, one file per feature under admin/. Every route
 * states the least role it needs (`requireRole`), checked on every request against
 * the live session; every body is parsed with its schema; every answer goes through
 * `json` (handle.ts). `requireSameOrigin` (mounted on /api) guards against cross-site
 * requests.
 */
export function adminRoutes(deps: AdminRouteDeps): Router {
  const context = adminContext(deps);
  const router = Router();
  for (const feature of [
    accountRoutes,
    linkRoutes,
    meRoutes,
    phraseRoutes,
    settingsRoutes,
    boardRoutes,
    statsRoutes,
    auditRoutes,
  ]) {
    router.use(feature(context));
  }
  return router;
}
