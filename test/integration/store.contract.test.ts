import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../shared/protocol/settings.js';
import { openPostgresStore, openSqliteStore } from '../../server/storage/open-store.js';
import type { Store } from '../../server/storage/store.js';

/*
 * One contract, two stores: every test here runs against SQLite and, when
 * DATABASE_URL is set (CI sets it), against PostgreSQL in a schema of its own.
 */

interface Backend {
  name: string;
  /** Opens a fresh store; `reopen` opens the same data again (a restart). */
  open(): Promise<{ store: Store; reopen: () => Promise<Store>; cleanup: () => Promise<void> }>;
}

const DATABASE_URL = process.env.DATABASE_URL;

const sqlite: Backend = {
  name: 'SQLite',
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'jourchatt-store-'));
    return {
      store: await openSqliteStore(dir),
      reopen: () => openSqliteStore(dir),
      cleanup: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
    };
  },
};

const postgres: Backend = {
  name: DATABASE_URL ? 'PostgreSQL' : 'PostgreSQL (skipped: DATABASE_URL is not set)',
  async open() {
    const url = DATABASE_URL ?? '';
    const schema = `jc_test_${randomBytes(6).toString('hex')}`;
    return {
      store: await openPostgresStore(url, schema),
      reopen: () => openPostgresStore(url, schema),
      async cleanup() {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        await client.query(`DROP SCHEMA ${schema} CASCADE`);
        await client.end();
      },
    };
  },
};

const hash = (n: number) => `hash-${n}`;

for (const backend of [sqlite, postgres]) {
  describe.skipIf(backend === postgres && !DATABASE_URL)(`the store on ${backend.name}`, () => {
    let store: Store;
    let reopen: () => Promise<Store>;
    let cleanup: () => Promise<void>;
    const opened: Store[] = [];

    beforeEach(async () => {
      ({ store, reopen, cleanup } = await backend.open());
    });
    afterEach(async () => {
      for (const other of opened.splice(0)) await other.close();
      await store.close();
      await cleanup();
    });

    const account = (username: string, role: 'counsellor' | 'admin' = 'counsellor') =>
      store.createAccount(
        { username, alias: username, role, youth: false, passwordHash: 'argon2-hash' },
        1_700_000_000_000,
      );

    it('migrates once: a second start finds the schema in place and the data kept', async () => {
      await account('anna');
      const again = await reopen();
      opened.push(again);
      expect(await again.countAccounts()).toBe(1);
    });

    it('keeps accounts, with usernames unique regardless of case', async () => {
      const anna = await account('Anna');
      expect(anna).toMatchObject({
        username: 'Anna',
        role: 'counsellor',
        youth: false,
        languages: [],
        disabled: false,
        totpEnabled: false,
        createdAt: 1_700_000_000_000,
      });
      expect(anna).not.toHaveProperty('passwordHash');
      await expect(account('anna')).rejects.toThrow();
      expect((await store.findAccountByUsername('ANNA'))?.passwordHash).toBe('argon2-hash');
      expect(await store.findAccountByUsername('nobody')).toBeUndefined();

      await store.updateAccount(anna.id, { youth: true, languages: ['ar', 'so'], role: 'admin' });
      expect(await store.findAccountById(anna.id)).toMatchObject({
        youth: true,
        languages: ['ar', 'so'],
        role: 'admin',
      });
      await account('bo');
      expect((await store.listAccounts()).map((a) => a.username)).toEqual(['Anna', 'bo']);
      expect(await store.countAccounts()).toBe(2);
    });

    it('a new password ends every session of the account, and only of that account', async () => {
      const anna = await account('anna');
      const bo = await account('bo');
      for (const [n, id] of [
        [1, anna.id],
        [2, anna.id],
        [3, bo.id],
      ] as const) {
        await store.createSession({ idHash: hash(n), accountId: id, createdAt: 1, lastSeenAt: 1 });
      }
      await store.setPassword(anna.id, 'new-hash');
      expect(await store.findSession(hash(1))).toBeUndefined();
      expect(await store.findSession(hash(2))).toBeUndefined();
      expect(await store.findSession(hash(3))).toEqual({
        idHash: hash(3),
        accountId: bo.id,
        createdAt: 1,
        lastSeenAt: 1,
      });
      expect((await store.findAccountByUsername('anna'))?.passwordHash).toBe('new-hash');
    });

    it('expires sessions idle too long or too old', async () => {
      const anna = await account('anna');
      const now = 1_800_000_000_000;
      await store.createSession({
        idHash: hash(1),
        accountId: anna.id,
        createdAt: now,
        lastSeenAt: now,
      });
      await store.createSession({
        idHash: hash(2),
        accountId: anna.id,
        createdAt: now,
        lastSeenAt: 5,
      });
      await store.createSession({
        idHash: hash(3),
        accountId: anna.id,
        createdAt: 5,
        lastSeenAt: now,
      });
      await store.touchSession(hash(1), now + 1);
      expect(await store.deleteExpiredSessions(now - 10, now - 10)).toBe(2);
      expect((await store.findSession(hash(1)))?.lastSeenAt).toBe(now + 1);
    });

    it('accepts each TOTP time step once, and only a later one after it', async () => {
      const anna = await account('anna');
      await store.setTotpPending(anna.id, 'PENDING');
      expect((await store.findAccountByUsername('anna'))?.totpPending).toBe('PENDING');
      await store.setTotp(anna.id, 'SECRET', 100);
      expect(await store.findAccountByUsername('anna')).toMatchObject({
        totpSecret: 'SECRET',
        totpPending: null,
        totpLastStep: 100,
        totpEnabled: true,
      });
      expect(await store.useTotpStep(anna.id, 100)).toBe(false);
      const racing = await Promise.all([
        store.useTotpStep(anna.id, 101),
        store.useTotpStep(anna.id, 101),
      ]);
      expect(racing.filter(Boolean)).toHaveLength(1);
      expect(await store.useTotpStep(anna.id, 99)).toBe(false);
    });

    it('one-time links: found while valid, consumed once, never after expiry', async () => {
      const link = {
        tokenHash: hash(1),
        kind: 'invite' as const,
        accountId: null,
        role: 'counsellor' as const,
        youth: true,
        languages: ['sv' as const],
        createdBy: null,
        expiresAt: 2_000,
      };
      await store.createLink(link);
      expect(await store.findLink(hash(1), 1_000)).toEqual(link);
      expect(await store.findLink(hash(1), 2_000)).toBeUndefined();
      expect(await store.consumeLink(hash(1), 2_500)).toBe(false);
      const racing = await Promise.all([
        store.consumeLink(hash(1), 1_500),
        store.consumeLink(hash(1), 1_500),
      ]);
      expect(racing.filter(Boolean)).toHaveLength(1);
      expect(await store.findLink(hash(1), 1_600)).toBeUndefined();
    });

    it('phrases belong to their account', async () => {
      const anna = await account('anna');
      const bo = await account('bo');
      const id = await store.addPhrase(anna.id, 'Ta den tid du behöver.');
      expect(await store.listPhrases(anna.id)).toEqual([{ id, text: 'Ta den tid du behöver.' }]);
      expect(await store.removePhrase(bo.id, id)).toBe(false);
      expect(await store.removePhrase(anna.id, id)).toBe(true);
      expect(await store.listPhrases(anna.id)).toEqual([]);
    });

    it('settings: the defaults until saved, then what was saved', async () => {
      expect(await store.getSettings()).toEqual(DEFAULT_SETTINGS);
      const changed = { ...DEFAULT_SETTINGS, exitUrl: 'https://www.smhi.se/', phrases: ['Hej'] };
      await store.saveSettings(changed, 1);
      await store.saveSettings({ ...changed, phrases: ['Hej', 'Hå'] }, 2);
      expect(await store.getSettings()).toEqual({ ...changed, phrases: ['Hej', 'Hå'] });
    });

    it('the audit log, newest first', async () => {
      const anna = await account('anna');
      await store.recordAudit({ at: 1, actorId: anna.id, action: 'login', detail: '' });
      await store.recordAudit({ at: 2, actorId: null, action: 'login_failed', detail: 'x' });
      expect(await store.listAudit(10)).toEqual([
        { at: 2, actorId: null, action: 'login_failed', detail: 'x' },
        { at: 1, actorId: anna.id, action: 'login', detail: '' },
      ]);
      expect(await store.listAudit(1)).toHaveLength(1);
    });

    it('statistics add up, per day, hour and route, and are read by period', async () => {
      await store.addHourly('2026-11-24', 9, 'adult', 'offered', 1);
      await store.addHourly('2026-11-24', 9, 'adult', 'offered', 1);
      await store.addHourly('2026-11-24', 9, 'adult', 'staffed_minutes', 3);
      await store.addHourly('2026-11-25', 10, 'youth', 'answered', 1);
      await store.addHistogram('2026-11-24', 'adult', 'wait', 2);
      await store.addHistogram('2026-11-24', 'adult', 'wait', 2);
      await store.addWrapUp('2026-11-24', 'adult', 'crime', 'fraud');
      await store.addWrapUp('2026-11-24', 'adult', 'crime', 'fraud');
      await store.addRating({ day: '2026-11-24', route: 'adult', score: 3 });
      await store.addRating({ day: '2026-11-24', route: 'adult', score: 3 });

      const day = await store.readStats('2026-11-24', '2026-11-24');
      expect(day.hourly).toEqual([
        {
          day: '2026-11-24',
          hour: 9,
          route: 'adult',
          offered: 2,
          answered: 0,
          abandoned: 0,
          staffedMinutes: 3,
        },
      ]);
      expect(day.histograms).toEqual([
        { day: '2026-11-24', route: 'adult', kind: 'wait', bucket: 2, count: 2 },
      ]);
      expect(day.wrapUps).toEqual([
        { day: '2026-11-24', route: 'adult', field: 'crime', value: 'fraud', count: 2 },
      ]);
      expect(day.ratings).toEqual([{ day: '2026-11-24', route: 'adult', score: 3, count: 2 }]);
      expect((await store.readStats('2026-11-24', '2026-11-25')).hourly).toHaveLength(2);
      expect((await store.readStats('2026-12-01', '2026-12-31')).hourly).toEqual([]);
      expect(await store.listRatings()).toEqual(day.ratings);
    });
  });
}
