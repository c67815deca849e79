import { safeParse, type $ZodType, type output } from 'zod/v4/core';
import { AppError, type AckResult } from './errors.js';

/*
 * The one way unknown input becomes a typed value: socket payloads, HTTP bodies and
 * queries, Redis reads, sessionStorage, messages between windows. A schema is the only
 * source of the type; nothing is cast. Works with zod's classic and mini schemas alike.
 */

/** Parses `value` with `schema`: `{ok: true, data}` or `{ok: false, error: 'invalid_payload'}`. */
export function parseUnknown<S extends $ZodType>(schema: S, value: unknown): AckResult<output<S>> {
  const parsed = safeParse(schema, value);
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, error: 'invalid_payload' };
}

/** As `parseUnknown`, for text that should hold JSON (Redis, storage); bad JSON is invalid too. */
export function parseJson<S extends $ZodType>(
  schema: S,
  raw: string | null | undefined,
): AckResult<output<S>> {
  if (raw === null || raw === undefined) return { ok: false, error: 'invalid_payload' };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { ok: false, error: 'invalid_payload' };
  }
  return parseUnknown(schema, value);
}

/** As `parseUnknown`, throwing `AppError('invalid_payload')` for handlers whose wrapper answers it. */
export function expectUnknown<S extends $ZodType>(schema: S, value: unknown): output<S> {
  const parsed = parseUnknown(schema, value);
  if (!parsed.ok) throw new AppError(parsed.error);
  return parsed.data;
}
