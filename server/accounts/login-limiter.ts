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

/** An attempt let through to the password check, or refused; release it when done. */
export interface Reservation {
  /** Milliseconds to wait; 0: go ahead. */
  waitMs: number;
  release(): void;
}

export class LoginLimiter {
  /** Attempts let through and not yet settled, per count key, in this process. */
  private readonly inFlight = new Map<string, number>();

  constructor(
    private readonly store: RateStore,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Counts the attempt before the password is checked: it takes its place among the
   * attempts in flight at once (no await between the look and the count), so that
   * concurrent attempts see one another and cannot all slip past the limit while the
   * stored counts are still being read. Release it after recording the outcome.
   */
  async reserve(attempt: Attempt): Promise<Reservation> {
    const keys = this.counts(attempt);
    const ahead = keys.map(([key]) => {
      const n = this.inFlight.get(key) ?? 0;
      this.inFlight.set(key, n + 1);
      return n;
    });
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      for (const [key] of keys) {
        const n = (this.inFlight.get(key) ?? 1) - 1;
        if (n > 0) this.inFlight.set(key, n);
        else this.inFlight.delete(key);
      }
    };
    try {
      const waits = await Promise.all(
        keys.map(([key, policy], i) => this.waitFor(key, policy, ahead[i] ?? 0)),
      );
      return { waitMs: Math.max(...waits), release };
    } catch (error) {
      release();
      throw error;
    }
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

  /** The wait for `key`, counting `ahead` attempts still in flight as failures to come. */
  private async waitFor(key: string, policy: LimiterPolicy, ahead = 0): Promise<number> {
    const failures = await this.store.failures(key);
    const count = (failures?.count ?? 0) + ahead;
    const over = count - policy.free;
    if (over < 0) return 0;
    const delay = Math.min(1000 * 2 ** over, policy.maxDelayMs);
    // Attempts still in flight count as failures made just now.
    const lastAt = ahead > 0 || !failures ? this.now() : failures.lastAt;
    return Math.max(0, delay - (this.now() - lastAt));
  }
}

function pairKey(attempt: Attempt): string {
  return `login:p:${attempt.username.toLowerCase()}|${attempt.addressKey}`;
}
