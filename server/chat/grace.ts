import type { Sender } from '../../shared/protocol/schemas.js';
import type { Logger } from '../logger.js';

/*
 * Grace timers: when one side's socket drops, its chat waits a while before anything
 * final happens (the visitor's chat ends, the counsellor's chat goes back to the queue).
 * This module owns only the timers, one per side and chat, in this process; what
 * happens on expiry is passed in by whoever starts one. A failed expiry is logged,
 * since no client is waiting for its answer.
 */

export class GraceTimers {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly logger: Logger) {}

  /** Waits `ms`, then runs `expire`; replaces any timer of the same side and chat. */
  start(side: Sender, chatId: string, ms: number, expire: () => Promise<void>): void {
    const key = `${side}:${chatId}`;
    clearTimeout(this.timers.get(key));
    const timer = setTimeout(() => {
      this.timers.delete(key);
      expire().catch((error: unknown) => {
        this.logger.error({ err: error, side }, 'grace expiry failed');
      });
    }, ms);
    timer.unref();
    this.timers.set(key, timer);
  }

  /** The side is back (or the chat is over): nothing happens on its account. */
  stop(side: Sender, chatId: string): void {
    const key = `${side}:${chatId}`;
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
  }

  /** Forgets every timer (the server is closing). */
  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
