import { Router } from 'express';
import { json } from '../handle.js';
import type { AdminContext } from './context.js';

/** Supervisors: the live board (queues, counsellors, chats; nothing identifying). */
export function boardRoutes({ service, supervisor }: AdminContext): Router {
  const router = Router();
  router.get(
    '/board',
    supervisor,
    json(() => service().board()),
  );
  return router;
}
