import { createHmac, randomBytes } from 'node:crypto';

/**
 * Turns a client address into a key for rate limiting without keeping the address:
 * an HMAC under a salt that exists only in this process's memory and is replaced
 * every `rotateMs`. Counters keyed on it therefore reset at each rotation, and no
 * key can be tied back to an address once the salt is gone.
 */
export class AddressKeyer {
  private salt = randomBytes(32);
  private rotatedAt: number;

  constructor(
    private readonly rotateMs = 60 * 60_000,
    private readonly now: () => number = Date.now,
  ) {
    this.rotatedAt = now();
  }

  key(address: string | undefined): string {
    if (this.now() - this.rotatedAt >= this.rotateMs) {
      this.salt.fill(0);
      this.salt = randomBytes(32);
      this.rotatedAt = this.now();
    }
    return createHmac('sha256', this.salt)
      .update(address ?? 'unknown')
      .digest('base64url')
      .slice(0, 22);
  }
}
