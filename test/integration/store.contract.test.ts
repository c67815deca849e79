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

    // ---------------------------------------------------------------- the mailbox

    const staffKey = (n: number) => ({
      publicKey: `${'P'.repeat(42)}${n}`,
      salt: 'S'.repeat(22),
      nonce: 'N'.repeat(32),
      wrapped: `${'W'.repeat(63)}${n}`,
      opsLimit: 3,
      memLimit: 268_435_456,
    });
    const letter = (id: string, author: 'visitor' | 'counsellor' = 'visitor') => ({
      id,
      author,
      day: '2026-11-24',
      nonce: `nonce-${id}`,
      body: `body-${id}`,
      keys: { [`${'V'.repeat(42)}1`]: `sealed-${id}` },
      ...(author === 'counsellor' && { authorAlias: 'Anna' }),
    });
    const mailbox = (id: string, lookupHash: string, lastAt = 1_000) => ({
      id,
      lookupHash,
      route: 'youth' as const,
      lang: 'sv' as const,
      visitorKey: `${'V'.repeat(42)}1`,
      createdDay: '2026-11-24',
      lastAt,
    });
    const change = (at: number, extra: object = {}) => ({
      at,
      status: 'new' as const,
      maxLetters: 3,
      ...extra,
    });

    it('mailbox keys: one per account, readers by training and state, re-wrapped or dropped with the password', async () => {
      const anna = await account('anna');
      const bo = await account('bo');
      await store.updateAccount(anna.id, { youth: true });
      expect(await store.getStaffKey(anna.id)).toBeUndefined();
      await store.setStaffKey(anna.id, staffKey(1), 5);
      await store.setStaffKey(bo.id, staffKey(2), 5);
      expect(await store.getStaffKey(anna.id)).toEqual(staffKey(1));
      // The same public key cannot belong to two accounts.
      await expect(store.setStaffKey(bo.id, staffKey(1), 6)).rejects.toThrow();
      expect(await store.listStaffKeys()).toEqual([
        { accountId: anna.id, publicKey: staffKey(1).publicKey, youth: true, disabled: false },
        { accountId: bo.id, publicKey: staffKey(2).publicKey, youth: false, disabled: false },
      ]);
      await store.updateAccount(bo.id, { disabled: true });
      expect((await store.listStaffKeys())[1]?.disabled).toBe(true);

      const rewrapped = { ...staffKey(1), salt: 'T'.repeat(22), wrapped: 'X'.repeat(64) };
      await store.setPassword(anna.id, 'new-hash', rewrapped);
      expect(await store.getStaffKey(anna.id)).toEqual(rewrapped);
      // A reset: no re-wrapped key comes with it, and the old one is gone.
      await store.setPassword(anna.id, '!reset:x');
      expect(await store.getStaffKey(anna.id)).toBeUndefined();
      expect(await store.getStaffKey(bo.id)).toEqual(staffKey(2));
    });

    it('mailboxes: found by the lookup hash with their letters in order, once per lookup', async () => {
      expect(await store.createMailbox(mailbox('m1', 'h1'), letter('l1'))).toBe(true);
      expect(await store.createMailbox(mailbox('m2', 'h1'), letter('l2'))).toBe(false);
      expect(await store.peekMailbox({ id: 'm2' })).toBeUndefined();
      expect(await store.findMailbox('h2')).toBeUndefined();

      expect(await store.addLetter('m1', letter('l3', 'counsellor'), change(2_000))).toEqual({
        ok: true,
        seq: 2,
        firstAnswer: false,
      });
      const found = await store.findMailbox('h1');
      expect(found?.mailbox).toEqual({
        id: 'm1',
        route: 'youth',
        lang: 'sv',
        visitorKey: `${'V'.repeat(42)}1`,
        createdDay: '2026-11-24',
        lastAt: 2_000,
        status: 'new',
        letters: 2,
        claimedBy: null,
        claimedAt: null,
      });
      expect(found?.letters).toEqual([
        { ...letter('l1'), seq: 1 },
        { ...letter('l3', 'counsellor'), seq: 2 },
      ]);
      expect(await store.getMailbox('m1')).toEqual(found);
      expect(await store.peekMailbox({ lookupHash: 'h1' })).toEqual(found?.mailbox);
      expect(await store.addLetter('m1', letter('l4'), change(3_000))).toMatchObject({ ok: true });
      expect(await store.addLetter('m1', letter('l5'), change(4_000))).toEqual({
        ok: false,
        error: 'mailbox_full',
      });
      expect(await store.addLetter('nope', letter('l6'), change(4_000))).toEqual({
        ok: false,
        error: 'not_found',
      });
      expect((await store.getMailbox('m1'))?.letters).toHaveLength(3);
    });

    it('numbers letters written at once without a gap or a repeat', async () => {
      await store.createMailbox(mailbox('m1', 'h1'), letter('l0'));
      const many = { ...change(2_000), maxLetters: 100 };
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) => store.addLetter('m1', letter(`l${i + 1}`), many)),
      );
      const seqs = results.map((r) => (r.ok ? r.seq : 0)).sort((a, b) => a - b);
      expect(seqs).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    });

    it('claims: one account at a time until the claim is old; an answer releases it and counts once', async () => {
      const anna = await account('anna');
      const bo = await account('bo');
      await store.createMailbox(mailbox('m1', 'h1'), letter('l1'));
      expect(await store.claimMailbox('m1', anna.id, 10_000, 5_000)).toBe('ok');
      expect(await store.claimMailbox('m1', bo.id, 11_000, 6_000)).toBe('claimed');
      expect(await store.claimMailbox('m1', anna.id, 12_000, 7_000)).toBe('ok');
      expect(await store.claimMailbox('nope', anna.id, 12_000, 7_000)).toBe('not_found');
      const answer = (id: number, at: number, claimedAfter: number) =>
        change(at, { status: 'answered', maxLetters: 10, answer: { accountId: id, claimedAfter } });
      expect(
        await store.addLetter('m1', letter('l2', 'counsellor'), answer(bo.id, 13_000, 8_000)),
      ).toEqual({
        ok: false,
        error: 'claimed',
      });
      expect((await store.getMailbox('m1'))?.letters).toHaveLength(1);
      const listed = await store.listMailboxes(['youth'], 10);
      expect(listed[0]).toMatchObject({ id: 'm1', claimedBy: anna.id, claimedAlias: 'anna' });
      // Anna's claim (made at 12 000) is older than a claim may be at 13 000.
      expect(
        await store.addLetter('m1', letter('l2', 'counsellor'), answer(bo.id, 20_000, 12_001)),
      ).toEqual({
        ok: true,
        seq: 2,
        firstAnswer: true,
      });
      expect(await store.peekMailbox({ id: 'm1' })).toMatchObject({
        status: 'answered',
        claimedBy: null,
        claimedAt: null,
      });
      expect(
        await store.addLetter('m1', letter('l3', 'counsellor'), answer(anna.id, 21_000, 0)),
      ).toMatchObject({
        ok: true,
        firstAnswer: false,
      });
      expect(await store.claimMailbox('m1', bo.id, 22_000, 0)).toBe('ok');
      expect(await store.finishMailbox('m1')).toBe(true);
      expect(await store.peekMailbox({ id: 'm1' })).toMatchObject({
        status: 'done',
        claimedBy: null,
      });
      expect(await store.finishMailbox('nope')).toBe(false);
    });

    it('lists the mailboxes of the routes asked for, waiting ones first, and counts them', async () => {
      await store.createMailbox(mailbox('m1', 'h1', 3_000), letter('l1'));
      await store.createMailbox({ ...mailbox('m2', 'h2', 1_000), route: 'adult' }, letter('l2'));
      await store.createMailbox(mailbox('m3', 'h3', 2_000), letter('l3'));
      await store.addLetter(
        'm3',
        letter('l4', 'counsellor'),
        change(2_500, { status: 'answered' }),
      );
      await store.createMailbox(mailbox('m4', 'h4', 4_000), letter('l5'));
      expect((await store.listMailboxes(['youth', 'adult'], 10)).map((m) => m.id)).toEqual([
        'm2',
        'm1',
        'm4',
        'm3',
      ]);
      expect((await store.listMailboxes(['adult'], 10)).map((m) => m.id)).toEqual(['m2']);
      expect(await store.listMailboxes(['youth', 'adult'], 2)).toHaveLength(2);
      expect(await store.listMailboxes([], 10)).toEqual([]);
      expect(await store.countNewMailboxes()).toEqual({ adult: 1, youth: 2 });
    });

    it("adds a colleague's sealed keys only where the letter has none for them", async () => {
      await store.createMailbox(mailbox('m1', 'h1'), letter('l1'));
      await store.addLetter('m1', letter('l2'), change(2_000));
      await store.createMailbox(mailbox('m2', 'h2'), letter('other'));
      const colleague = `${'C'.repeat(42)}1`;
      const visitor = `${'V'.repeat(42)}1`;
      expect(
        await store.addLetterKeys('m1', colleague, [
          { letterId: 'l1', sealed: 'for-colleague-1' },
          { letterId: 'other', sealed: 'not-this-mailbox' },
        ]),
      ).toBe(1);
      expect(
        await store.addLetterKeys('m1', colleague, [
          { letterId: 'l1', sealed: 'replaced?' },
          { letterId: 'l2', sealed: 'for-colleague-2' },
        ]),
      ).toBe(1);
      expect(await store.addLetterKeys('m1', visitor, [{ letterId: 'l1', sealed: 'x' }])).toBe(0);
      expect(await store.addLetterKeys('nope', colleague, [{ letterId: 'l1', sealed: 'x' }])).toBe(
        0,
      );
      const letters = (await store.getMailbox('m1'))?.letters ?? [];
      expect(letters.map((l) => l.keys)).toEqual([
        { [visitor]: 'sealed-l1', [colleague]: 'for-colleague-1' },
        { [visitor]: 'sealed-l2', [colleague]: 'for-colleague-2' },
      ]);
      expect((await store.getMailbox('m2'))?.letters[0]?.keys).toEqual({
        [visitor]: 'sealed-other',
      });
    });

    it('deletes a mailbox and every letter, by its lookup or when idle too long', async () => {
      await store.createMailbox(mailbox('m1', 'h1', 1_000), letter('l1'));
      await store.createMailbox(mailbox('m2', 'h2', 5_000), letter('l2'));
      await store.createMailbox(mailbox('m3', 'h3', 1_000), letter('l3'));
      await store.addLetter('m3', letter('l4'), change(9_000));
      expect(await store.deleteMailbox('h1')).toBe('youth');
      expect(await store.deleteMailbox('h1')).toBeUndefined();
      expect(await store.findMailbox('h1')).toBeUndefined();
      expect(await store.deleteIdleMailboxes(6_000)).toBe(1);
      expect(await store.getMailbox('m2')).toBeUndefined();
      expect((await store.getMailbox('m3'))?.letters).toHaveLength(2);
      // No letter outlives its mailbox: a new mailbox may reuse nothing of theirs.
      expect(await store.createMailbox(mailbox('m1', 'h1'), letter('l1'))).toBe(true);
      expect(await store.createMailbox(mailbox('m2', 'h2'), letter('l2'))).toBe(true);
    });

    it('counts mailboxes received and answered per day and route, and the days to an answer', async () => {
      await store.addMailboxCount('2026-11-24', 'youth', 'received');
      await store.addMailboxCount('2026-11-24', 'youth', 'received');
      await store.addMailboxCount('2026-11-25', 'youth', 'answered');
      await store.addHistogram('2026-11-25', 'youth', 'answer_days', 1);
      const rows = await store.readStats('2026-11-24', '2026-11-25');
      expect(rows.mailboxes).toEqual([
        { day: '2026-11-24', route: 'youth', received: 2, answered: 0 },
        { day: '2026-11-25', route: 'youth', received: 0, answered: 1 },
      ]);
      expect(rows.histograms).toEqual([
        { day: '2026-11-25', route: 'youth', kind: 'answer_days', bucket: 1, count: 1 },
      ]);
    });

    it('counts ended chats by their highest risk level per day and route', async () => {
      await store.addRiskCount('2026-11-24', 'adult', 'acute');
      await store.addRiskCount('2026-11-24', 'adult', 'acute');
      await store.addRiskCount('2026-11-24', 'adult', 'none');
      await store.addRiskCount('2026-11-25', 'youth', 'concern');
      await store.addRiskCount('2026-11-26', 'youth', 'concern');
      const rows = await store.readStats('2026-11-24', '2026-11-25');
      expect(rows.risk).toEqual(
        expect.arrayContaining([
          { day: '2026-11-24', route: 'adult', level: 'acute', count: 2 },
          { day: '2026-11-24', route: 'adult', level: 'none', count: 1 },
          { day: '2026-11-25', route: 'youth', level: 'concern', count: 1 },
        ]),
      );
      expect(rows.risk).toHaveLength(3);
    });
  });
}
