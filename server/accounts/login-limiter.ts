import type { RateStore } from '../limits/rate-store.js';

/**
 * Slows repeated failed logins down without letting an attacker lock a counsellor
 * out. Failures are counted three ways:
 * - per (username, address): one person guessing one password from one place is
 *   slowed hard, while the counsellor at their own address is not affected;
 * - per address: one place guessing many usernames;
 * - per username from browsers that have not signed in to that account before
 *   (no device cookie, see device-cookie.ts): many places guessing one password.
 *   The counsellor's own browser carries the cookie and is never slowed by this,
 *   which is what keeps a spread-out attack from locking them out.
 * Each count's delay doubles with every failure past a free allowance, up to a cap,
 * and the count is forgotten after a quiet hour. Addresses come in already keyed
 * (AddressKeyer): none is kept. The counts live in the RateStore, so every process
 * sharing it sees the same ones.
 */
export interface LimiterPolicy {
  /** Failures allowed before any delay. */
  free: number;
  /** Longest delay in ms. */
  maxDelayMs: number;
  /** A count with no failure for this long is forgotten. */
  forgetMs: number;
}

const PAIR: LimiterPolicy = { free: 5, maxDelayMs: 15 * 60_000, forgetMs: 60 * 60_000 };
const ADDRESS: LimiterPolicy = { free: 30, maxDelayMs: 15 * 60_000, forgetMs: 60 * 60_000 };
const ACCOUNT: LimiterPolicy = { free: 20, maxDelayMs: 15 * 60_000, forgetMs: 60 * 60_000 };

/** Who is trying: the username typed, the keyed address, and whether the browser is known. */
export interface Attempt {
  username: string;
  addressKey: string;
  /** The browser holds a valid device cookie for this account. */
  knownDevice: boolean;
}

export class LoginLimiter {
  constructor(
    private readonly store: RateStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds to wait before this attempt may be tried; 0 to go ahead. */
  async retryAfterMs(attempt: Attempt): Promise<number> {
    const waits = await Promise.all(
      this.counts(attempt).map(([key, policy]) => this.waitFor(key, policy)),
    );
    return Math.max(...waits);
  }

  async recordFailure(attempt: Attempt): Promise<void> {
    await Promise.all(
      this.counts(attempt).map(([key, policy]) => this.store.fail(key, policy.forgetMs)),
    );
  }

  /** The right password from here: this pair starts afresh (the others keep counting). */
  async recordSuccess(attempt: Attempt): Promise<void> {
    await this.store.clear(pairKey(attempt));
  }

  private counts(attempt: Attempt): [string, LimiterPolicy][] {
    const counts: [string, LimiterPolicy][] = [
      [pairKey(attempt), PAIR],
      [`login:a:${attempt.addressKey}`, ADDRESS],
    ];
    if (!attempt.knownDevice) counts.push([`login:u:${attempt.username.toLowerCase()}`, ACCOUNT]);
    return counts;
  }

  private async waitFor(key: string, policy: LimiterPolicy): Promise<number> {
    const failures = await this.store.failures(key);
    if (!failures) return 0;
    const over = failures.count - policy.free;
    if (over < 0) return 0;
    const delay = Math.min(1000 * 2 ** over, policy.maxDelayMs);
    return Math.max(0, delay - (this.now() - failures.lastAt));
  }
}

function pairKey(attempt: Attempt): string {
  return `login:p:${attempt.username.toLowerCase()}|${attempt.addressKey}`;
}
