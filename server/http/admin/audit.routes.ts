import { Router } from 'express';
import { json } from '../handle.js';
import type { AdminContext } from './context.js';

/** Entries the audit page shows: the latest. */
const AUDIT_SHOWN = 500;

/** Admins: the audit log, each entry with its actor's username. */
export function auditRoutes({ store, admin }: AdminContext): Router {
  const router = Router();
  router.get(
    '/audit',
    admin,
    json(async () => {
      const entries = await store.listAudit(AUDIT_SHOWN);
      const names = new Map((await store.listAccounts()).map((a) => [a.id, a.username]));
      return entries.map((entry) => ({
        ...entry,
        actor: entry.actorId === null ? null : (names.get(entry.actorId) ?? null),
      }));
    }),
  );
  return router;
}
