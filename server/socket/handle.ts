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

export interface HandlerContext {
  limit: SocketRateLimit;
  logger: Logger;
}

/** One handler per event of a registry: the parsed payload in, the ack's data out. */
export type Handlers<R extends EventRegistry> = {
  [E in keyof R]: (data: PayloadOf<R[E]>) => Promise<ReplyOf<R[E]>>;
};

/**
 * Registers one event handler. The payload arrives as `unknown`, is parsed with the
 * event's schema, and the handler's result or error is acked as `{ok, data|error}`.
 * Only AppError codes reach the client; anything else is logged (without payload)
 * and acked as `internal`. Nothing here can throw into socket.io.
 */
function on(
  socket: Socket,
  event: string,
  spec: EventSpec,
  context: HandlerContext,
  handler: (data: unknown) => Promise<unknown>,
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
    const parsed = parseUnknown(spec.payload, payload);
    if (!parsed.ok) {
      ack?.(parsed);
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
 * Wires every event of a registry on one socket: each is parsed, limited and acked by
 * `on`, and the handler table must name every event (it does not compile otherwise).
 * Any other event is answered with `forbidden`, so a client probing for another
 * role's events gets a clear refusal instead of silence.
 */
export function handleEvents<R extends EventRegistry>(
  socket: Socket,
  registry: R,
  handlers: Handlers<R>,
  context: HandlerContext,
): void {
  socket.onAny((event: unknown, ...args: unknown[]) => {
    if (typeof event === 'string' && Object.hasOwn(registry, event)) return;
    if (!context.limit.take() && context.limit.abusive) {
      socket.disconnect(true);
      return;
    }
    const last = args.at(-1);
    if (typeof last === 'function') (last as AckFn)({ ok: false, error: 'forbidden' });
  });
  for (const event of Object.keys(registry) as (keyof R & string)[]) {
    const handler = handlers[event] as (data: unknown) => Promise<unknown>;
    on(socket, event, registry[event] as EventSpec, context, handler);
  }
}
