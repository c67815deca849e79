import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { Language, Role, Route } from '../../shared/protocol/schemas.js';
import { DEFAULT_SETTINGS, Settings } from '../../shared/protocol/settings.js';
import type {
  Account,
  AccountWithSecret,
  AccountChanges,
  AuditEntry,
  HourlyCounter,
  NewAccount,
  OneTimeLinkRecord,
  RatingCount,
  StaffSession,
  Store,
} from './store.js';

/** Versioned migrations; `PRAGMA user_version` records how many have run. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE accounts (
     id INTEGER PRIMARY KEY,
     username TEXT NOT NULL UNIQUE COLLATE NOCASE,
     alias TEXT NOT NULL,
     role TEXT NOT NULL CHECK (role IN ('counsellor', 'supervisor', 'admin')),
     youth INTEGER NOT NULL DEFAULT 0,
     password_hash TEXT NOT NULL,
     disabled INTEGER NOT NULL DEFAULT 0,
     created_at INTEGER NOT NULL
   );
   CREATE TABLE sessions (
     id_hash TEXT PRIMARY KEY,
     account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
     created_at INTEGER NOT NULL,
     last_seen_at INTEGER NOT NULL
   );
   CREATE INDEX sessions_account ON sessions(account_id);
   CREATE TABLE audit_log (
     id INTEGER PRIMARY KEY,
     at INTEGER NOT NULL,
     actor_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
     action TEXT NOT NULL,
     detail TEXT NOT NULL
   );`,
  `CREATE TABLE settings (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     json TEXT NOT NULL,
     updated_at INTEGER NOT NULL
   );
   CREATE TABLE ratings (
     day TEXT NOT NULL,
     route TEXT NOT NULL,
     score INTEGER NOT NULL,
     count INTEGER NOT NULL,
     PRIMARY KEY (day, route, score)
   );`,
  `ALTER TABLE accounts ADD COLUMN languages TEXT NOT NULL DEFAULT '[]';
   ALTER TABLE accounts ADD COLUMN totp_secret TEXT;
   ALTER TABLE accounts ADD COLUMN totp_pending TEXT;
   ALTER TABLE accounts ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;
   CREATE TABLE links (
     token_hash TEXT PRIMARY KEY,
     kind TEXT NOT NULL CHECK (kind IN ('invite', 'reset')),
     account_id INTEGER REFERENCES accounts(id) ON DELETE CASCADE,
     role TEXT NOT NULL,
     youth INTEGER NOT NULL,
     languages TEXT NOT NULL,
     created_by INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
     expires_at INTEGER NOT NULL,
     used_at INTEGER
   );
   CREATE TABLE phrases (
     id INTEGER PRIMARY KEY,
     account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
     text TEXT NOT NULL
   );
   CREATE TABLE stats_hourly (
     day TEXT NOT NULL,
     hour INTEGER NOT NULL,
     route TEXT NOT NULL,
     offered INTEGER NOT NULL DEFAULT 0,
     answered INTEGER NOT NULL DEFAULT 0,
     abandoned INTEGER NOT NULL DEFAULT 0,
     staffed_minutes INTEGER NOT NULL DEFAULT 0,
     PRIMARY KEY (day, hour, route)
   );
   CREATE TABLE stats_histograms (
     day TEXT NOT NULL,
     route TEXT NOT NULL,
     kind TEXT NOT NULL,
     bucket INTEGER NOT NULL,
     count INTEGER NOT NULL,
     PRIMARY KEY (day, route, kind, bucket)
   );
   CREATE TABLE stats_wrapups (
     day TEXT NOT NULL,
     route TEXT NOT NULL,
     field TEXT NOT NULL,
     value TEXT NOT NULL,
     count INTEGER NOT NULL,
     PRIMARY KEY (day, route, field, value)
   );`,
];

const COUNTERS = ['offered', 'answered', 'abandoned', 'staffed_minutes'] as const;

const HourlyRowSchema = z.object({
  day: z.string(),
  hour: z.number(),
  route: Route,
  offered: z.number(),
  answered: z.number(),
  abandoned: z.number(),
  staffed_minutes: z.number(),
});
const HistogramRowSchema = z.object({
  day: z.string(),
  route: Route,
  kind: z.enum(['wait', 'duration']),
  bucket: z.number(),
  count: z.number(),
});
const WrapUpRowSchema = z.object({
  day: z.string(),
  route: Route,
  field: z.enum(['crime', 'affected', 'referral']),
  value: z.string(),
  count: z.number(),
});
const LinkRow = z.object({
  token_hash: z.string(),
  kind: z.enum(['invite', 'reset']),
  account_id: z.number().nullable(),
  role: Role,
  youth: z.number(),
  languages: z.string(),
  created_by: z.number().nullable(),
  expires_at: z.number(),
  used_at: z.number().nullable(),
});
const Languages = z.array(Language).catch([]);

const AccountRow = z.object({
  id: z.number(),
  username: z.string(),
  alias: z.string(),
  role: Role,
  youth: z.number(),
  password_hash: z.string(),
  disabled: z.number(),
  created_at: z.number(),
  languages: z.string(),
  totp_secret: z.string().nullable(),
  totp_pending: z.string().nullable(),
  totp_last_step: z.number(),
});

const SessionRow = z.object({
  id_hash: z.string(),
  account_id: z.number(),
  created_at: z.number(),
  last_seen_at: z.number(),
});

const RatingRow = z.object({ day: z.string(), route: Route, score: z.number(), count: z.number() });

const AuditRow = z.object({
  at: z.number(),
  actor_id: z.number().nullable(),
  action: z.string(),
  detail: z.string(),
});

function toAccount(row: z.infer<typeof AccountRow>): AccountWithSecret {
  return {
    id: row.id,
    username: row.username,
    alias: row.alias,
    role: row.role,
    youth: row.youth === 1,
    languages: Languages.parse(JSON.parse(row.languages)),
    disabled: row.disabled === 1,
    totpEnabled: row.totp_secret !== null,
    createdAt: row.created_at,
    passwordHash: row.password_hash,
    totpSecret: row.totp_secret,
    totpPending: row.totp_pending,
    totpLastStep: row.totp_last_step,
  };
}

function withoutSecret(account: AccountWithSecret): Account {
  const {
    passwordHash: _secret,
    totpSecret: _totp,
    totpPending: _pending,
    totpLastStep: _step,
    ...rest
  } = account;
  return rest;
}

export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let version = current; version < MIGRATIONS.length; version += 1) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version] ?? '');
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}

/**
 * SQLite through better-sqlite3: synchronous and fast, wrapped in promises so the
 * handlers are written once for every store.
 */
export function openSqliteStore(dataDir: string): Store {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const db = new Database(join(dataDir, 'jourchatt.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  // Deleted rows are overwritten, not left readable in free pages.
  db.pragma('secure_delete = ON');
  migrate(db);

  const q = {
    insertAccount: db.prepare(
      `INSERT INTO accounts (username, alias, role, youth, password_hash, created_at)
       VALUES (@username, @alias, @role, @youth, @passwordHash, @createdAt)`,
    ),
    accountByUsername: db.prepare('SELECT * FROM accounts WHERE username = ?'),
    accountById: db.prepare('SELECT * FROM accounts WHERE id = ?'),
    countAccounts: db.prepare('SELECT COUNT(*) AS n FROM accounts'),
    insertSession: db.prepare(
      `INSERT INTO sessions (id_hash, account_id, created_at, last_seen_at)
       VALUES (@idHash, @accountId, @createdAt, @lastSeenAt)`,
    ),
    sessionById: db.prepare('SELECT * FROM sessions WHERE id_hash = ?'),
    touchSession: db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?'),
    deleteSession: db.prepare('DELETE FROM sessions WHERE id_hash = ?'),
    deleteExpired: db.prepare('DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?'),
    insertAudit: db.prepare(
      'INSERT INTO audit_log (at, actor_id, action, detail) VALUES (@at, @actorId, @action, @detail)',
    ),
    listAudit: db.prepare(
      'SELECT at, actor_id, action, detail FROM audit_log ORDER BY id DESC LIMIT ?',
    ),
    settings: db.prepare('SELECT json FROM settings WHERE id = 1'),
    saveSettings: db.prepare(
      `INSERT INTO settings (id, json, updated_at) VALUES (1, ?, ?)
       ON CONFLICT (id) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at`,
    ),
    addRating: db.prepare(
      `INSERT INTO ratings (day, route, score, count) VALUES (?, ?, ?, 1)
       ON CONFLICT (day, route, score) DO UPDATE SET count = count + 1`,
    ),
    ratings: db.prepare('SELECT day, route, score, count FROM ratings ORDER BY day, route, score'),
    ratingsBetween: db.prepare(
      'SELECT day, route, score, count FROM ratings WHERE day BETWEEN ? AND ? ORDER BY day',
    ),
    listAccounts: db.prepare('SELECT * FROM accounts ORDER BY alias COLLATE NOCASE'),
    setPassword: db.prepare('UPDATE accounts SET password_hash = ? WHERE id = ?'),
    deleteSessionsOf: db.prepare('DELETE FROM sessions WHERE account_id = ?'),
    setTotpPending: db.prepare('UPDATE accounts SET totp_pending = ? WHERE id = ?'),
    setTotp: db.prepare(
      'UPDATE accounts SET totp_secret = ?, totp_pending = NULL, totp_last_step = ? WHERE id = ?',
    ),
    useTotpStep: db.prepare(
      'UPDATE accounts SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?',
    ),
    insertLink: db.prepare(
      `INSERT INTO links (token_hash, kind, account_id, role, youth, languages, created_by, expires_at)
       VALUES (@tokenHash, @kind, @accountId, @role, @youth, @languages, @createdBy, @expiresAt)`,
    ),
    findLink: db.prepare(
      'SELECT * FROM links WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?',
    ),
    consumeLink: db.prepare(
      'UPDATE links SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?',
    ),
    deleteOldLinks: db.prepare('DELETE FROM links WHERE expires_at < ?'),
    listPhrases: db.prepare('SELECT id, text FROM phrases WHERE account_id = ? ORDER BY id'),
    addPhrase: db.prepare('INSERT INTO phrases (account_id, text) VALUES (?, ?)'),
    removePhrase: db.prepare('DELETE FROM phrases WHERE id = ? AND account_id = ?'),
    addHistogram: db.prepare(
      `INSERT INTO stats_histograms (day, route, kind, bucket, count) VALUES (?, ?, ?, ?, 1)
       ON CONFLICT (day, route, kind, bucket) DO UPDATE SET count = count + 1`,
    ),
    addWrapUp: db.prepare(
      `INSERT INTO stats_wrapups (day, route, field, value, count) VALUES (?, ?, ?, ?, 1)
       ON CONFLICT (day, route, field, value) DO UPDATE SET count = count + 1`,
    ),
    hourly: db.prepare('SELECT * FROM stats_hourly WHERE day BETWEEN ? AND ? ORDER BY day, hour'),
    histograms: db.prepare('SELECT * FROM stats_histograms WHERE day BETWEEN ? AND ?'),
    wrapUps: db.prepare('SELECT * FROM stats_wrapups WHERE day BETWEEN ? AND ?'),
  };
  // One statement per counter: the column name is never built from input.
  const addHourly = Object.fromEntries(
    COUNTERS.map((counter) => [
      counter,
      db.prepare(
        `INSERT INTO stats_hourly (day, hour, route, ${counter}) VALUES (?, ?, ?, ?)
         ON CONFLICT (day, hour, route) DO UPDATE SET ${counter} = ${counter} + excluded.${counter}`,
      ),
    ]),
  ) as Record<HourlyCounter, Database.Statement>;

  const findById = (id: number): AccountWithSecret | undefined => {
    const row: unknown = q.accountById.get(id);
    return row === undefined ? undefined : toAccount(AccountRow.parse(row));
  };

  return {
    createAccount(account: NewAccount, now: number) {
      const result = q.insertAccount.run({
        ...account,
        youth: account.youth ? 1 : 0,
        createdAt: now,
      });
      const created = findById(Number(result.lastInsertRowid));
      if (!created) throw new Error('account vanished after insert');
      return Promise.resolve(withoutSecret(created));
    },
    findAccountByUsername(username: string) {
      const row: unknown = q.accountByUsername.get(username);
      return Promise.resolve(row === undefined ? undefined : toAccount(AccountRow.parse(row)));
    },
    findAccountById(id: number) {
      const account = findById(id);
      return Promise.resolve(account && withoutSecret(account));
    },
    listAccounts() {
      const rows = z.array(AccountRow).parse(q.listAccounts.all());
      return Promise.resolve(rows.map((row) => withoutSecret(toAccount(row))));
    },
    updateAccount(id: number, changes: AccountChanges) {
      // Fixed column names only; values are bound.
      const columns = {
        alias: changes.alias,
        role: changes.role,
        youth: changes.youth === undefined ? undefined : changes.youth ? 1 : 0,
        languages: changes.languages && JSON.stringify(changes.languages),
        disabled: changes.disabled === undefined ? undefined : changes.disabled ? 1 : 0,
      };
      const set = Object.entries(columns).filter(([, value]) => value !== undefined);
      if (set.length > 0) {
        db.prepare(
          `UPDATE accounts SET ${set.map(([column]) => `${column} = ?`).join(', ')} WHERE id = ?`,
        ).run(...set.map(([, value]) => value), id);
      }
      return Promise.resolve();
    },
    setPassword(id: number, passwordHash: string) {
      db.transaction(() => {
        q.setPassword.run(passwordHash, id);
        q.deleteSessionsOf.run(id);
      })();
      return Promise.resolve();
    },
    setTotpPending(id: number, secret: string | null) {
      q.setTotpPending.run(secret, id);
      return Promise.resolve();
    },
    setTotp(id: number, secret: string | null, step: number) {
      q.setTotp.run(secret, step, id);
      return Promise.resolve();
    },
    useTotpStep(id: number, step: number) {
      return Promise.resolve(q.useTotpStep.run(step, id, step).changes === 1);
    },
    createLink(link: OneTimeLinkRecord) {
      q.deleteOldLinks.run(Date.now() - 30 * 24 * 3600_000);
      q.insertLink.run({
        ...link,
        youth: link.youth ? 1 : 0,
        languages: JSON.stringify(link.languages),
      });
      return Promise.resolve();
    },
    findLink(tokenHash: string, now: number) {
      const row: unknown = q.findLink.get(tokenHash, now);
      if (row === undefined) return Promise.resolve(undefined);
      const r = LinkRow.parse(row);
      return Promise.resolve({
        tokenHash: r.token_hash,
        kind: r.kind,
        accountId: r.account_id,
        role: r.role,
        youth: r.youth === 1,
        languages: Languages.parse(JSON.parse(r.languages)),
        createdBy: r.created_by,
        expiresAt: r.expires_at,
      });
    },
    consumeLink(tokenHash: string, now: number) {
      return Promise.resolve(q.consumeLink.run(now, tokenHash, now).changes === 1);
    },
    listPhrases(accountId: number) {
      return Promise.resolve(
        z.array(z.object({ id: z.number(), text: z.string() })).parse(q.listPhrases.all(accountId)),
      );
    },
    addPhrase(accountId: number, text: string) {
      return Promise.resolve(Number(q.addPhrase.run(accountId, text).lastInsertRowid));
    },
    removePhrase(accountId: number, id: number) {
      return Promise.resolve(q.removePhrase.run(id, accountId).changes === 1);
    },
    addHourly(day, hour, route, counter, amount) {
      addHourly[counter].run(day, hour, route, amount);
      return Promise.resolve();
    },
    addHistogram(day, route, kind, bucket) {
      q.addHistogram.run(day, route, kind, bucket);
      return Promise.resolve();
    },
    addWrapUp(day, route, field, value) {
      q.addWrapUp.run(day, route, field, value);
      return Promise.resolve();
    },
    readStats(from: string, to: string) {
      const hourly = z.array(HourlyRowSchema).parse(q.hourly.all(from, to));
      return Promise.resolve({
        hourly: hourly.map(({ staffed_minutes, ...row }) => ({
          ...row,
          staffedMinutes: staffed_minutes,
        })),
        histograms: z.array(HistogramRowSchema).parse(q.histograms.all(from, to)),
        wrapUps: z.array(WrapUpRowSchema).parse(q.wrapUps.all(from, to)),
        ratings: z.array(RatingRow).parse(q.ratingsBetween.all(from, to)),
      });
    },
    countAccounts() {
      const row = z.object({ n: z.number() }).parse(q.countAccounts.get());
      return Promise.resolve(row.n);
    },
    createSession(session: StaffSession) {
      q.insertSession.run(session);
      return Promise.resolve();
    },
    findSession(idHash: string) {
      const row: unknown = q.sessionById.get(idHash);
      if (row === undefined) return Promise.resolve(undefined);
      const r = SessionRow.parse(row);
      return Promise.resolve({
        idHash: r.id_hash,
        accountId: r.account_id,
        createdAt: r.created_at,
        lastSeenAt: r.last_seen_at,
      });
    },
    touchSession(idHash: string, now: number) {
      q.touchSession.run(now, idHash);
      return Promise.resolve();
    },
    deleteSession(idHash: string) {
      q.deleteSession.run(idHash);
      return Promise.resolve();
    },
    deleteSessionsOf(accountId: number) {
      q.deleteSessionsOf.run(accountId);
      return Promise.resolve();
    },
    deleteExpiredSessions(idleBefore: number, createdBefore: number) {
      return Promise.resolve(q.deleteExpired.run(idleBefore, createdBefore).changes);
    },
    recordAudit(entry: AuditEntry) {
      q.insertAudit.run(entry);
      return Promise.resolve();
    },
    listAudit(limit: number) {
      const rows = z.array(AuditRow).parse(q.listAudit.all(limit));
      return Promise.resolve(
        rows.map((r) => ({ at: r.at, actorId: r.actor_id, action: r.action, detail: r.detail })),
      );
    },
    getSettings() {
      const row = z.object({ json: z.string() }).optional().parse(q.settings.get());
      // Settings written by an older version may miss a newer field: fill from defaults.
      const stored: unknown = row ? JSON.parse(row.json) : {};
      const merged = Settings.safeParse({ ...DEFAULT_SETTINGS, ...(stored as object) });
      return Promise.resolve(merged.success ? merged.data : DEFAULT_SETTINGS);
    },
    saveSettings(settings: Settings, now: number) {
      q.saveSettings.run(JSON.stringify(Settings.parse(settings)), now);
      return Promise.resolve();
    },
    addRating(rating: Omit<RatingCount, 'count'>) {
      q.addRating.run(rating.day, rating.route, rating.score);
      return Promise.resolve();
    },
    listRatings() {
      return Promise.resolve(z.array(RatingRow).parse(q.ratings.all()));
    },
    close() {
      db.close();
      return Promise.resolve();
    },
  };
}
