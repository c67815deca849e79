import type { RateStore } from '../limits/rate-store.js';

/**
 * How many chats one address may start in a window: enough for a shared computer in
 * a library or a mobile operator's shared address, too few to flood the queue. The
 * address arrives already keyed (AddressKeyer), so none is kept; the count is shared
 * by every process that shares the store. The mailbox counts its starts and its
 * lookups the same way, each under a `kind` of its own.
 */
export class StartLimiter {
  constructor(
    private readonly store: RateStore,
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly kind: 'start' | 'mailbox-start' | 'mailbox-lookup' = 'start',
  ) {}

  /** Records a start for `addressKey` and says whether it is within the limit. */
  take(addressKey: string): Promise<boolean> {
    return this.store.take(`${this.kind}:${addressKey}`, this.limit, this.windowMs);
  }
}
