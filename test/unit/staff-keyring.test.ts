import { beforeAll, describe, expect, it } from 'vitest';
import { StaffKeyring, type StaffKeyServer } from '../../client/console/staff-keyring.js';
import { unwrapStaffKey } from '../../shared/crypto/staff-keys.js';
import type { StaffKeyRecord } from '../../shared/protocol/schemas.js';
import { CHEAP, readyMailboxCrypto } from '../support/mailbox.js';

/*
 * The console's hold on the account's mailbox key (docs/PROTOCOL.md §21.4): made only
 * with a password the server has just checked, opened only with the right one, sent
 * re-wrapped with a password change, and wiped on sign-out. The server's end is a
 * stand-in that stores the one record as the real one does (test/integration covers
 * the server, test/e2e/mailbox-console.spec.ts the whole console).
 */

const PASSWORD = 'the password of the sign-in';

function storedKeys(initial: StaffKeyRecord | null = null) {
  const sets: StaffKeyRecord[] = [];
  let stored = initial;
  const server: StaffKeyServer = {
    get: () => Promise.resolve({ ok: true, data: stored }),
    set: (record) => {
      sets.push(record);
      if (stored && stored.publicKey !== record.publicKey) {
        return Promise.resolve({ ok: false, error: 'wrong_state' });
      }
      stored = record;
      return Promise.resolve({ ok: true, data: null });
    },
  };
  return { server, sets, stored: () => stored };
}

beforeAll(readyMailboxCrypto);

describe('the console’s mailbox key', () => {
  it('is made at sign-in and stored wrapped under the password, never in the clear', async () => {
    const keys = storedKeys();
    const ring = new StaffKeyring(CHEAP);
    expect(await ring.unlock(keys.server, PASSWORD, true)).toBeUndefined();
    expect(ring.state).toBe('open');
    expect(ring.made).toBe(true);
    const [record] = keys.sets;
    expect(record?.publicKey).toBe(ring.publicKey);
    expect(JSON.stringify(record)).not.toContain(
      Buffer.from(ring.pair!.privateKey).toString('base64url'),
    );
    expect(unwrapStaffKey(record!, PASSWORD).privateKey).toEqual(ring.pair!.privateKey);
  });

  it('is never made from the unlock form, where a mistyped password would lose it', async () => {
    const keys = storedKeys();
    const ring = new StaffKeyring(CHEAP);
    expect(await ring.unlock(keys.server, 'mistyped', false)).toBe('no_key');
    expect(keys.sets).toEqual([]);
    expect(ring.state).toBe('locked');
    expect(ring.pair).toBeUndefined();
  });

  it('opens only with the right password, and makes no new key over a stored one', async () => {
    const first = new StaffKeyring(CHEAP);
    const keys = storedKeys();
    await first.unlock(keys.server, PASSWORD, true);
    const again = new StaffKeyring(CHEAP);
    expect(await again.unlock(keys.server, 'wrong', true)).toBe('bad_password');
    expect(again.state).toBe('locked');
    expect(await again.unlock(keys.server, PASSWORD, false)).toBeUndefined();
    expect(again.made).toBe(false);
    expect(again.publicKey).toBe(first.publicKey);
    expect(keys.sets).toHaveLength(1);
  });

  it('re-wraps the same key pair under a new password, open or not in this tab', async () => {
    const keys = storedKeys();
    const open = new StaffKeyring(CHEAP);
    await open.unlock(keys.server, PASSWORD, true);
    const fromOpen = await open.rewrap(keys.server, PASSWORD, 'next');
    const locked = new StaffKeyring(CHEAP);
    expect(await locked.rewrap(keys.server, 'wrong', 'next')).toEqual({ error: 'bad_password' });
    const fromLocked = await locked.rewrap(keys.server, PASSWORD, 'next');
    for (const result of [fromOpen, fromLocked]) {
      if (!('record' in result) || !result.record) throw new Error('no record');
      expect(result.record.publicKey).toBe(open.publicKey);
      expect(unwrapStaffKey(result.record, 'next').privateKey).toEqual(open.pair!.privateKey);
    }
    expect(locked.state).toBe('locked');
    // An account without a key changes its password without one.
    expect(await new StaffKeyring(CHEAP).rewrap(storedKeys().server, PASSWORD, 'next')).toEqual({});
  });

  it('wipes the private key on sign-out', async () => {
    const ring = new StaffKeyring(CHEAP);
    await ring.unlock(storedKeys().server, PASSWORD, true);
    const privateKey = ring.pair!.privateKey;
    ring.lock();
    expect(privateKey.every((byte) => byte === 0)).toBe(true);
    expect(ring.pair).toBeUndefined();
    expect(ring.state).toBe('locked');
  });
});
