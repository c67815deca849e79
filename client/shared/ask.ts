import type { Socket } from 'socket.io-client';
import type { AckResult } from '../../shared/protocol/errors.js';

/** How long a client waits for the server's answer to one event. */
export const ACK_TIMEOUT_MS = 10_000;

/**
 * Emits an event and resolves with the server's `{ok, data|error}` answer. A missing
 * socket, a timeout or a dropped connection become `internal`, so callers handle
 * one shape.
 */
export async function ask<T>(
  socket: Socket | undefined,
  event: string,
  payload: unknown,
): Promise<AckResult<T>> {
  if (!socket) return { ok: false, error: 'internal' };
  try {
    return (await socket.timeout(ACK_TIMEOUT_MS).emitWithAck(event, payload)) as AckResult<T>;
  } catch {
    return { ok: false, error: 'internal' };
  }
}
