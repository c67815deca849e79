import express, { Router } from 'express';
import { AppError } from '../../shared/protocol/errors.js';
import { parseJson } from '../../shared/protocol/parse.js';
import { ChatLeave } from '../../shared/protocol/schemas.js';
import type { ChatService } from '../chat/chat.service.js';
import { isSameOrigin } from './security.js';

/**
 * `POST /visitor/leave`: the widget's quick exit, sent with `navigator.sendBeacon`
 * as the page goes away, so the chat ends (and the counsellor is told) even when
 * the socket dies with the page. A beacon is a CORS "simple" request (text/plain),
 * so the Origin is checked here against the embedding sites, as for the socket.
 */
export function visitorRoutes(
  service: () => ChatService,
  allowedOrigins: ReadonlySet<string>,
): Router {
  const router = Router();
  router.post(
    '/visitor/leave',
    express.text({ type: 'text/plain', limit: '1kb' }),
    async (req, res) => {
      const origin = req.headers.origin;
      if (
        origin !== undefined &&
        !allowedOrigins.has(origin) &&
        !isSameOrigin(origin, req.headers.host)
      ) {
        res.status(403).json({ ok: false, error: 'forbidden' });
        return;
      }
      const parsed = parseJson(ChatLeave, typeof req.body === 'string' ? req.body : undefined);
      if (!parsed.ok) {
        res.status(400).json(parsed);
        return;
      }
      try {
        await service().leaveWithToken(parsed.data);
        res.status(204).end();
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        res.status(error.code === 'not_found' ? 404 : 403).json({ ok: false, error: error.code });
      }
    },
  );
  return router;
}
