import type { Socket } from 'socket.io-client';
import type { Ack, AckResult } from '../../shared/protocol/errors.js';

/** How long a client waits for the server's answer to one event. */
export const ACK_TIMEOUT_MS = 10_000;

// Socket.IO's own bound for event maps (`EventsMap` in @socket.io/component-emitter).
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any, as Socket.IO's is
type EventsMap = Record<string, (...args: any[]) => void>;

/** The data of an event's successful ack, from its `(payload, ack: Ack<T>)` signature. */
export type AckData<F> = F extends (payload: never, ack: Ack<infer T>) => void ? T : never;

/**
 * Emits an event and resolves with the server's `{ok, data|error}` answer, typed by
 * the socket's event map (derived from the shared registry, see
 * shared/protocol/events.ts): the payload must match the event's schema type and the
 * data is the event's reply. A missing socket, a timeout or a dropped connection
 * become `internal`, so callers handle one shape.
 */
export async function ask<L extends EventsMap, C extends EventsMap, E extends keyof C & string>(
  socket: Socket<L, C> | undefined,
  event: E,
  payload: Parameters<C[E]>[0],
): Promise<AckResult<AckData<C[E]>>> {
  if (!socket) return { ok: false, error: 'internal' };
  try {
    // The reply's type is the server's promise for this event (see handleEvents).
    const untyped = socket as unknown as Socket;
    return (await untyped.timeout(ACK_TIMEOUT_MS).emitWithAck(event, payload)) as AckResult<
      AckData<C[E]>
    >;
  } catch {
    return { ok: false, error: 'internal' };
  }
}
