import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { RateStore } from './rate-store.js';

/*
 * "End and block": a counsellor keeps a visitor's network (the address prefix the chat
 * start limit counts, address-prefix.ts) out of the chat for a while. Each block keeps
 * only a random salt of its own and HMAC-SHA256(salt, prefix), in memory or in Redis,
 * and both go when the block ends: nothing durable, and nothing that names a network
 * once the salt is gone. A network is checked by hashing it again under every running
 * block's salt (MAX_BLOCKS of them at most). The prefix itself is never stored or logged.
 */

/** The HMAC of a prefix under one block's salt, base64url. */
function seal(salt: Buffer, prefix: string): Buffer {
  return createHmac('sha256', salt).update(prefix).digest();
}

export class BlockList {
  constructor(private readonly store: RateStore) {}

  /** Blocks `prefix` for `ms`, under a salt made for this block alone. */
  async block(prefix: string, ms: number): Promise<void> {
    const salt = randomBytes(32);
    await this.store.addBlock(
      { salt: salt.toString('base64url'), hash: seal(salt, prefix).toString('base64url') },
      ms,
    );
  }

  /** Whether a running block holds `prefix`. */
  async blocked(prefix: string): Promise<boolean> {
    for (const { salt, hash } of await this.store.blocks()) {
      const expected = Buffer.from(hash, 'base64url');
      const actual = seal(Buffer.from(salt, 'base64url'), prefix);
      if (expected.length === actual.length && timingSafeEqual(expected, actual)) return true;
    }
    return false;
  }
}
