import type { Socket } from 'socket.io';
import { AppError, type AckResult } from '../../shared/protocol/errors.js';
import type { EventRegistry, EventSpec, PayloadOf, ReplyOf } from '../../shared/protocol/events.js';
import { parseUnknown } from '../../shared/protocol/parse.js';
import type { Logger } from '../logger.js';

/**
 * A token bucket per socket: `burst` events at once, refilled at `perSecond`.
 * A socket that keeps hammering after being refused is disconnected.
 */
export class SocketRateLimit {
  private tokens: number;
  private last: number;
  private refusals = 0;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /** True if the event may go ahead. */
  take(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      this.refusals = 0;
      return true;
    }
    this.refusals += 1;
    return false;
  }

  /** Refused this many times in a row: the client is not a well-behaved widget. */
  get abusive(): boolean {
    return this.refusals > 50;
  }
}

type AckFn = (result: AckResult<unknown>) => void;

/** One handler per event of a registry: the parsed payload and the asking socket's state in, the ack's data out. */
export type Handlers<R extends EventRegistry, S> = {
  [E in keyof R]: (data: PayloadOf<R[E]>, state: S) => Promise<ReplyOf<R[E]>>;
};

/**
 * The events of one namespace, wired once for all of its sockets: each socket gets a
 * single listener (`onAny`) that looks its event up here, so a thousand sockets do not
 * carry a thousand copies of the table's closures. The payload arrives as `unknown`,
 * is limited and parsed with the event's schema, and the handler's result or error is
 * acked as `{ok, data|error}`. Only AppError codes reach the client; anything else is
 * logged (without payload) and acked as `internal`. Any other event is answered
 * `forbidden`, so a client probing for another role's events gets a clear refusal
 * instead of silence. Nothing here can throw into socket.io.
 */
export class EventTable<R extends EventRegistry, S> {
  constructor(
    private readonly registry: R,
    private readonly handlers: Handlers<R, S>,
    private readonly logger: Logger,
  ) {}

  /** Serves one socket's events; `state` is what its handlers are given besides the payload. */
  attach(socket: Socket, state: S, limit: SocketRateLimit): void {
    socket.onAny((event: unknown, ...args: unknown[]) =>
      this.dispatch(socket, state, limit, event, args),
    );
  }

  private dispatch(
    socket: Socket,
    state: S,
    limit: SocketRateLimit,
    event: unknown,
    args: unknown[],
  ): void {
    const last = args.at(-1);
    const ack = typeof last === 'function' ? (last as AckFn) : undefined;
    if (typeof event !== 'string' || !Object.hasOwn(this.registry, event)) {
      if (!limit.take() && limit.abusive) {
        socket.disconnect(true);
        return;
      }
      ack?.({ ok: false, error: 'forbidden' });
      return;
    }
    if (!limit.take()) {
      ack?.({ ok: false, error: 'rate_limited' });
      if (limit.abusive) socket.disconnect(true);
      return;
    }
    const payload = ack && args.length === 1 ? undefined : args[0];
    const parsed = parseUnknown((this.registry[event] as EventSpec).payload, payload);
    if (!parsed.ok) {
      ack?.(parsed);
      return;
    }
    const handler = this.handlers[event] as (data: unknown, state: S) => Promise<unknown>;
    const failed = (error: unknown) => {
      if (error instanceof AppError) {
        ack?.({ ok: false, error: error.code });
        return;
      }
      this.logger.error({ err: error, event }, 'socket handler failed');
      ack?.({ ok: false, error: 'internal' });
    };
    // A handler that throws before its first await still answers, never crashes.
    let reply: Promise<unknown>;
    try {
      reply = handler(parsed.data, state);
    } catch (error) {
      failed(error);
      return;
    }
    reply.then((data) => ack?.({ ok: true, data: data ?? null }), failed);
  }
}
