import type { Request, Response } from 'express';
import { AppError, type ErrorCode } from '../../shared/protocol/errors.js';

/** The HTTP status of each error code a route answers with; any other is a 400. */
const STATUS: Partial<Record<ErrorCode, number>> = {
  invalid_payload: 400,
  bad_credentials: 401,
  code_required: 401,
  bad_code: 401,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  link_expired: 410,
  username_taken: 409,
  rate_limited: 429,
};

/**
 * Wraps a JSON route as `handleEvents` wraps a socket event: the handler's value is
 * sent as `{ok: true, data}`, an AppError as `{ok: false, error}` with its status.
 * Anything else goes on to the app's error handler, which logs it and answers
 * `internal`, so only known error codes ever reach a client. A handler that has
 * answered itself (a CSV download) is left alone.
 */
export function json<T>(handler: (req: Request, res: Response) => Promise<T>) {
  return async (req: Request, res: Response): Promise<void> => {
    try {
      const data = await handler(req, res);
      if (!res.headersSent) res.json({ ok: true, data: data ?? null });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      res.status(STATUS[error.code] ?? 400).json({ ok: false, error: error.code });
    }
  };
}
