import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';

describe('TRUST_PROXY', () => {
  it('takes a hop count or the proxies’ addresses', () => {
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe(
      'loopback, 10.0.0.0/8',
    );
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '0' }).trustProxy).toBe(false);
  });

  it('refuses true at start, saying why: the client could choose its own address', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/number of proxies/);
  });
});

describe('graces and the heartbeat', () => {
  it('take milliseconds from the environment, within bounds', () => {
    expect(loadConfig({})).toMatchObject({
      visitorGraceMs: 120_000,
      counsellorGraceMs: 60_000,
      heartbeatMs: 5000,
    });
    expect(
      loadConfig({ VISITOR_GRACE_MS: '1500', COUNSELLOR_GRACE_MS: '800', HEARTBEAT_MS: '200' }),
    ).toMatchObject({ visitorGraceMs: 1500, counsellorGraceMs: 800, heartbeatMs: 200 });
    expect(() => loadConfig({ HEARTBEAT_MS: '0' })).toThrow(/HEARTBEAT_MS/);
    expect(() => loadConfig({ VISITOR_GRACE_MS: 'soon' })).toThrow(/VISITOR_GRACE_MS/);
  });
});
