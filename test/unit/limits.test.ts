import { describe, expect, it } from 'vitest';
import { LoginLimiter } from '../../server/accounts/login-limiter.js';
import { AddressKeyer } from '../../server/http/address-key.js';
import { SocketRateLimit } from '../../server/socket/handle.js';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('LoginLimiter', () => {
  it('lets five failures through, then makes each further try wait longer', () => {
    const time = clock();
    const limiter = new LoginLimiter(time.now);
    for (let i = 0; i < 5; i += 1) {
      expect(limiter.retryAfterMs('anna', 'addr')).toBe(0);
      limiter.recordFailure('anna', 'addr');
    }
    expect(limiter.retryAfterMs('anna', 'addr')).toBe(1000);
    time.advance(1000);
    limiter.recordFailure('anna', 'addr');
    expect(limiter.retryAfterMs('anna', 'addr')).toBe(2000);
  });

  it('does not lock the counsellor out from another address', () => {
    const limiter = new LoginLimiter(clock().now);
    for (let i = 0; i < 20; i += 1) limiter.recordFailure('anna', 'attacker');
    expect(limiter.retryAfterMs('anna', 'attacker')).toBeGreaterThan(0);
    expect(limiter.retryAfterMs('anna', 'office')).toBe(0);
  });

  it('slows one address guessing many usernames', () => {
    const limiter = new LoginLimiter(clock().now);
    for (let i = 0; i < 31; i += 1) limiter.recordFailure(`user${i}`, 'attacker');
    expect(limiter.retryAfterMs('someone-new', 'attacker')).toBeGreaterThan(0);
  });

  it('forgets failures after a quiet hour and on success', () => {
    const time = clock();
    const limiter = new LoginLimiter(time.now);
    for (let i = 0; i < 8; i += 1) limiter.recordFailure('anna', 'addr');
    time.advance(60 * 60_000);
    expect(limiter.retryAfterMs('anna', 'addr')).toBe(0);
    for (let i = 0; i < 8; i += 1) limiter.recordFailure('bo', 'addr2');
    limiter.recordSuccess('bo', 'addr2');
    expect(limiter.retryAfterMs('bo', 'addr2')).toBe(0);
  });
});

describe('AddressKeyer', () => {
  it('keys an address stably within a period, never as the address itself', () => {
    const keyer = new AddressKeyer(60_000, clock().now);
    const key = keyer.key('203.0.113.7');
    expect(keyer.key('203.0.113.7')).toBe(key);
    expect(keyer.key('203.0.113.8')).not.toBe(key);
    expect(key).not.toContain('203');
  });

  it('changes every key when the salt rotates', () => {
    const time = clock();
    const keyer = new AddressKeyer(60_000, time.now);
    const before = keyer.key('203.0.113.7');
    time.advance(60_000);
    expect(keyer.key('203.0.113.7')).not.toBe(before);
  });
});

describe('SocketRateLimit', () => {
  it('allows a burst, refills over time, and flags a socket that keeps pushing', () => {
    const time = clock();
    const limit = new SocketRateLimit(5, 3, time.now);
    expect([limit.take(), limit.take(), limit.take(), limit.take()]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    time.advance(200);
    expect(limit.take()).toBe(true);
    for (let i = 0; i < 51; i += 1) limit.take();
    expect(limit.abusive).toBe(true);
  });
});
