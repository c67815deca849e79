/**
 * Slows repeated failed logins down without locking anyone out for good. Failures
 * are counted per (username, address) pair and per address: an attacker guessing one
 * counsellor's password from one place is slowed hard, while the counsellor logging
 * in from their own address is not affected by it. Each key's delay doubles with
 * every failure past a free allowance, up to a cap, and the count is forgotten after
 * a quiet period. Addresses come in already keyed (AddressKeyer): none is kept.
 */
export interface LimiterPolicy {
  /** Failures allowed before any delay. */
  free: number;
  /** Longest delay in ms. */
  maxDelayMs: number;
  /** A key with no failure for this long is forgotten. */
  forgetMs: number;
}

interface Entry {
  failures: number;
  lastFailureAt: number;
}

const PAIR: LimiterPolicy = { free: 5, maxDelayMs: 15 * 60_000, forgetMs: 60 * 60_000 };
const ADDRESS: LimiterPolicy = { free: 30, maxDelayMs: 15 * 60_000, forgetMs: 60 * 60_000 };
const MAX_ENTRIES = 100_000;

export class LoginLimiter {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Milliseconds to wait before this attempt may be tried; 0 to go ahead. */
  retryAfterMs(username: string, addressKey: string): number {
    return Math.max(
      this.waitFor(pairKey(username, addressKey), PAIR),
      this.waitFor(`a:${addressKey}`, ADDRESS),
    );
  }

  recordFailure(username: string, addressKey: string): void {
    this.bump(pairKey(username, addressKey));
    this.bump(`a:${addressKey}`);
  }

  recordSuccess(username: string, addressKey: string): void {
    this.entries.delete(pairKey(username, addressKey));
  }

  private waitFor(key: string, policy: LimiterPolicy): number {
    const entry = this.entries.get(key);
    if (!entry) return 0;
    const since = this.now() - entry.lastFailureAt;
    if (since >= policy.forgetMs) {
      this.entries.delete(key);
      return 0;
    }
    const over = entry.failures - policy.free;
    if (over < 0) return 0;
    const delay = Math.min(1000 * 2 ** over, policy.maxDelayMs);
    return Math.max(0, delay - since);
  }

  private bump(key: string): void {
    if (this.entries.size >= MAX_ENTRIES) this.prune();
    const entry = this.entries.get(key);
    if (entry) {
      entry.failures += 1;
      entry.lastFailureAt = this.now();
    } else {
      this.entries.set(key, { failures: 1, lastFailureAt: this.now() });
    }
  }

  private prune(): void {
    const cutoff = this.now() - PAIR.forgetMs;
    for (const [key, entry] of this.entries) {
      if (entry.lastFailureAt < cutoff) this.entries.delete(key);
    }
    // Still full: drop the oldest half rather than grow without bound.
    if (this.entries.size >= MAX_ENTRIES) {
      let drop = Math.floor(this.entries.size / 2);
      for (const key of this.entries.keys()) {
        if (drop-- <= 0) break;
        this.entries.delete(key);
      }
    }
  }
}

function pairKey(username: string, addressKey: string): string {
  return `u:${username.toLowerCase()}|a:${addressKey}`;
}
