import { describe, expect, it } from 'vitest';
import { LoginLimiter } from '../../server/accounts/login-limiter.js';
import { AddressKeyer } from '../../server/limits/address-key.js';
import { addressPrefix } from '../../server/limits/address-prefix.js';
import { ConnectionCap } from '../../server/limits/connection-cap.js';
import { MemoryRateStore } from '../../server/limits/rate-store.js';
import { SocketRateLimit } from '../../server/socket/handle.js';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('LoginLimiter', () => {
  const from = (addressKey: string, username = 'anna', knownDevice = false) => ({
    username,
    addressKey,
    knownDevice,
  });
  /** The wait a login would get, through the path logins take (reserve, then release). */
  const waitOf = async (limiter: LoginLimiter, attempt: ReturnType<typeof from>) => {
    const reservation = await limiter.reserve(attempt);
    reservation.release();
    return reservation.waitMs;
  };

  it('lets five failures through, then makes each further try wait longer', async () => {
    const time = clock();
    const limiter = new LoginLimiter(new MemoryRateStore(time.now), time.now);
    for (let i = 0; i < 5; i += 1) {
      expect(await waitOf(limiter, from('addr'))).toBe(0);
      await limiter.recordFailure(from('addr'));
    }
    expect(await waitOf(limiter, from('addr'))).toBe(1000);
    time.advance(1000);
    await limiter.recordFailure(from('addr'));
    expect(await waitOf(limiter, from('addr'))).toBe(2000);
  });

  it('counts attempts still in flight: the sixth at once waits, and a release frees its place', async () => {
    const time = clock();
    const limiter = new LoginLimiter(new MemoryRateStore(time.now), time.now);
    const held = await Promise.all(Array.from({ length: 6 }, () => limiter.reserve(from('addr'))));
    expect(held.map((r) => r.waitMs)).toEqual([0, 0, 0, 0, 0, 1000]);
    for (const reservation of held) reservation.release();
    expect(await waitOf(limiter, from('addr'))).toBe(0);
  });

  it('does not slow the counsellor at another address for one place’s guesses', async () => {
    const time = clock();
    const limiter = new LoginLimiter(new MemoryRateStore(time.now), time.now);
    for (let i = 0; i < 10; i += 1) await limiter.recordFailure(from('attacker'));
    expect(await waitOf(limiter, from('attacker'))).toBeGreaterThan(0);
    expect(await waitOf(limiter, from('office'))).toBe(0);
  });

  it('slows one address guessing many usernames', async () => {
    const time = clock();
    const limiter = new LoginLimiter(new MemoryRateStore(time.now), time.now);
    for (let i = 0; i < 31; i += 1) await limiter.recordFailure(from('attacker', `user${i}`));
    expect(await waitOf(limiter, from('attacker', 'someone-new'))).toBeGreaterThan(0);
  });

  it('slows many addresses guessing one account, but never its known browsers', async () => {
    const time = clock();
    const limiter = new LoginLimiter(new MemoryRateStore(time.now), time.now);
    for (let i = 0; i < 21; i += 1) await limiter.recordFailure(from(`bot${i}`));
    expect(await waitOf(limiter, from('new-place'))).toBeGreaterThan(0);
    expect(await waitOf(limiter, from('new-place', 'bo'))).toBe(0);
    expect(await waitOf(limiter, from('office', 'anna', true))).toBe(0);
    // A known browser's own failures still count per place.
    for (let i = 0; i < 6; i += 1) await limiter.recordFailure(from('office', 'anna', true));
    expect(await waitOf(limiter, from('office', 'anna', true))).toBeGreaterThan(0);
  });

  it('forgets failures after a quiet hour, and a pair’s on success', async () => {
    const time = clock();
    const limiter = new LoginLimiter(new MemoryRateStore(time.now), time.now);
    for (let i = 0; i < 8; i += 1) await limiter.recordFailure(from('addr'));
    time.advance(60 * 60_000);
    expect(await waitOf(limiter, from('addr'))).toBe(0);
    for (let i = 0; i < 8; i += 1) await limiter.recordFailure(from('addr2', 'bo', true));
    await limiter.recordSuccess(from('addr2', 'bo', true));
    expect(await waitOf(limiter, from('addr2', 'bo', true))).toBe(0);
  });
});

describe('AddressKeyer', () => {
  it('keys an address stably within a period, never as the address itself', async () => {
    const keyer = new AddressKeyer(new MemoryRateStore(clock().now), 60_000);
    const key = await keyer.key('203.0.113.7');
    expect(await keyer.key('203.0.113.7')).toBe(key);
    expect(await keyer.key('203.0.113.8')).not.toBe(key);
    expect(key).not.toContain('203');
  });

  it('changes every key when the salt rotates', async () => {
    const time = clock();
    const keyer = new AddressKeyer(new MemoryRateStore(time.now), 60_000);
    const before = await keyer.key('203.0.113.7');
    time.advance(60_000);
    expect(await keyer.key('203.0.113.7')).not.toBe(before);
  });
});

describe('MemoryRateStore', () => {
  it('counts within a sliding window and forgets the least recently used keys past its bound', async () => {
    const time = clock();
    const rates = new MemoryRateStore(time.now, 2);
    expect(await rates.take('a', 2, 1000)).toBe(true);
    time.advance(500);
    expect(await rates.take('a', 2, 1000)).toBe(true);
    expect(await rates.take('a', 2, 1000)).toBe(false);
    time.advance(500);
    // The first start left the window; the refused one was never counted.
    expect(await rates.take('a', 2, 1000)).toBe(true);
    expect(await rates.take('a', 2, 1000)).toBe(false);
    await rates.take('b', 2, 1000);
    await rates.take('c', 2, 1000);
    expect(await rates.take('a', 2, 1000), 'a was dropped for b and c').toBe(true);
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

describe('addressPrefix', () => {
  const lengths = { v4: 24, v6: 64 };

  it('names the network an address is in', () => {
    expect(addressPrefix('203.0.113.77', lengths)).toBe('203.0.113.0/24');
    expect(addressPrefix('::ffff:203.0.113.77', lengths)).toBe('203.0.113.0/24');
    expect(addressPrefix('2001:db8:1:2:3:4:5:6', lengths)).toBe('2001:db8:1:2::/64');
    expect(addressPrefix('2001:db8:1:2:3:4:5:6', { v4: 24, v6: 56 })).toBe('2001:db8:1::/56');
    expect(addressPrefix('203.0.113.77', { v4: 20, v6: 64 })).toBe('203.0.112.0/20');
    expect(addressPrefix('203.0.113.77', { v4: 32, v6: 128 })).toBe('203.0.113.77/32');
  });

  it('leaves what is not an address as it came, so it is still keyed on its own', () => {
    expect(addressPrefix(undefined, lengths)).toBe('unknown');
    expect(addressPrefix('not an address', lengths)).toBe('not an address');
  });
});

describe('ConnectionCap', () => {
  it('holds a key to its maximum, and a place given back twice counts once', () => {
    const cap = new ConnectionCap(2);
    const first = cap.take('a');
    const second = cap.take('a');
    expect(cap.take('a')).toBeUndefined();
    expect(cap.take('b')).toBeDefined();
    first?.();
    first?.();
    expect(cap.count('a')).toBe(1);
    expect(cap.take('a')).toBeDefined();
    expect(cap.take('a')).toBeUndefined();
    second?.();
    expect(cap.count('a')).toBe(1);
  });
});
