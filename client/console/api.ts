import type { AckResult } from '../../shared/protocol/errors.js';

/**
 * One call to the console's HTTP API with the session cookie. Bodies go as JSON (the
 * server refuses anything else on a state change); any failure comes back as
 * `{ok: false, error}`, so callers handle one shape; a form's, with the places in
 * error (`fields`: the schema's paths).
 */
export async function api<T>(
  method: string,
  path: string,
  body?: unknown,
): Promise<AckResult<T> & { fields?: string[] }> {
  try {
    const response = await fetch(`/api${path}`, {
      method,
      credentials: 'same-origin',
      ...(body !== undefined && {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    });
    return (await response.json()) as AckResult<T>;
  } catch {
    return { ok: false, error: 'internal' };
  }
}
