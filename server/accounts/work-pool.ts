import { AppError } from '../../shared/protocol/errors.js';

/**
 * Bounds expensive work (argon2: ~19 MiB and tens of ms of a core per call): at most
 * `concurrency` at once, at most `maxQueued` waiting; past that the caller is answered
 * `rate_limited` at once instead of queueing CPU for later. A flood of logins then
 * costs the process a few hashes at a time, and a real login elsewhere waits behind
 * at most the queue.
 */
export class WorkPool {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly concurrency = 2,
    private readonly maxQueued = 16,
  ) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.concurrency) {
      if (this.waiting.length >= this.maxQueued) throw new AppError('rate_limited');
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active += 1;
    }
    try {
      return await work();
    } finally {
      // Hand the slot straight to the next in line, or give it back.
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    }
  }
}
