import type { Request, Response } from 'express';
import { safeParse, type $ZodIssue, type $ZodType, type output } from 'zod/v4/core';
import { AppError, type ErrorCode } from '../../shared/protocol/errors.js';

/**
 * A body that is invalid in named places: each a zod issue's path, dot-joined
 * (`routes.adult.hours.0.0.open`). A path holds only the schema's own keys and array
 * indices, never anything of the input, so it can go back to the client.
 */
export class InvalidFields extends AppError {
  constructor(readonly fields: readonly string[]) {
    super('invalid_payload');
  }
}

/** The most places one answer names. */
const MAX_FIELDS = 50;

/**
 * The paths of a schema's issues. Only for schemas without records (whose keys would
 * come from the input); segments are checked to be plain keys or indices anyway.
 */
export function issuePaths(issues: readonly $ZodIssue[]): string[] {
  const paths = new Set<string>();
  for (const issue of issues) {
    const segments = issue.path.map((segment) =>
      typeof segment === 'number' ||
      (typeof segment === 'string' && /^[A-Za-z]\w{0,39}$/.test(segment))
        ? String(segment)
        : undefined,
    );
    if (segments.includes(undefined)) continue;
    paths.add(segments.join('.'));
    if (paths.size >= MAX_FIELDS) break;
  }
  return [...paths];
}

/** As `expectUnknown`, with the places in error named (`InvalidFields`), for forms. */
export function expectFields<S extends $ZodType>(schema: S, value: unknown): output<S> {
  const parsed = safeParse(schema, value);
  if (!parsed.success) throw new InvalidFields(issuePaths(parsed.error.issues));
  return parsed.data;
}

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
 * Wraps a JSON route as `EventTable` wraps a socket event: the handler's value is
 * sent as `{ok: true, data}`, an AppError as `{ok: false, error}` with its status.
 * Anything else goes on to the app's error handler, which logs it and answers
 * `internal`, so only known error codes ever reach a client (with, for a form, the
 * places in error: `InvalidFields`). A handler that has
 * answered itself (a CSV download) is left alone.
 */
export function json<T>(handler: (req: Request, res: Response) => Promise<T>) {
  return async (req: Request, res: Response): Promise<void> => {
    try {
      const data = await handler(req, res);
      if (!res.headersSent) res.json({ ok: true, data: data ?? null });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      res.status(STATUS[error.code] ?? 400).json({
        ok: false,
        error: error.code,
        ...(error instanceof InvalidFields && { fields: error.fields }),
      });
    }
  };
}
