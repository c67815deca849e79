import { createHmac } from 'node:crypto';
import type { RateStore } from './rate-store.js';

/**
 * Turns a client address into a key for rate limiting without keeping the address:
 * an HMAC under a salt that exists only in memory (this process's, or Redis's when
 * several processes share the counters) and is replaced every `rotateMs`. Counters
 * keyed on it therefore reset at each rotation, and no key can be tied back to an
 * address once the salt is gone.
 */
export class AddressKeyer {
  constructor(
    private readonly store: RateStore,
    private readonly rotateMs = 60 * 60_000,
  ) {}

  async key(address: string | undefined): Promise<string> {
    return createHmac('sha256', await this.store.salt(this.rotateMs))
      .update(address ?? 'unknown')
      .digest('base64url')
      .slice(0, 22);
  }
}
