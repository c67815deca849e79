import type { Socket } from 'socket.io';
import type { z } from 'zod';
import { AppError, type AckResult } from '../../shared/protocol/errors.js';
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

export interface HandlerContext {
  limit: SocketRateLimit;
  logger: Logger;
}

/**
 * Registers one event handler. The payload arrives as `unknown`, is parsed with the
 * event's schema, and the handler's result or error is acked as `{ok, data|error}`.
 * Only AppError codes reach the client; anything else is logged (without payload)
 * and acked as `internal`. Nothing here can throw into socket.io.
 */
export function on<S extends z.ZodType, R>(
  socket: Socket,
  event: string,
  schema: S,
  context: HandlerContext,
  handler: (data: z.infer<S>) => Promise<R>,
): void {
  socket.on(event, (...args: unknown[]) => {
    const last = args.at(-1);
    const ack: AckFn | undefined =
      typeof last === 'function' ? (result) => (last as AckFn)(result) : undefined;
    const payload = ack && args.length === 1 ? undefined : args[0];

    if (!context.limit.take()) {
      ack?.({ ok: false, error: 'rate_limited' });
      if (context.limit.abusive) socket.disconnect(true);
      return;
    }
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      ack?.({ ok: false, error: 'invalid_payload' });
      return;
    }
    // A handler that throws before its first await still answers, never crashes.
    Promise.resolve()
      .then(() => handler(parsed.data))
      .then(
        (data) => ack?.({ ok: true, data: data ?? null }),
        (error: unknown) => {
          if (error instanceof AppError) {
            ack?.({ ok: false, error: error.code });
            return;
          }
          context.logger.error({ err: error, event }, 'socket handler failed');
          ack?.({ ok: false, error: 'internal' });
        },
      );
  });
}

/**
 * The events of one socket. Every event registered through it is parsed, limited and
 * acked by `on`; any other event is answered with `forbidden`, so a client probing
 * for another role's events gets a clear refusal instead of silence.
 */
export function socketEvents<Events extends object>(socket: Socket, context: HandlerContext) {
  const known = new Set<string>();
  socket.onAny((event: unknown, ...args: unknown[]) => {
    if (typeof event === 'string' && known.has(event)) return;
    if (!context.limit.take() && context.limit.abusive) {
      socket.disconnect(true);
      return;
    }
    const last = args.at(-1);
    if (typeof last === 'function') (last as AckFn)({ ok: false, error: 'forbidden' });
  });
  return {
    on<S extends z.ZodType, R>(
      event: keyof Events & string,
      schema: S,
      handler: (data: z.infer<S>) => Promise<R>,
    ): void {
      known.add(event);
      on(socket, event, schema, context, handler);
    },
  };
}
