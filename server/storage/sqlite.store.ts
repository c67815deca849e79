import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { Role, Route } from '../../shared/protocol/schemas.js';
import { DEFAULT_SETTINGS, Settings } from '../../shared/protocol/settings.js';
import type {
  Account,
  AccountWithSecret,
  AuditEntry,
  NewAccount,
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
];

const AccountRow = z.object({
  id: z.number(),
  username: z.string(),
  alias: z.string(),
  role: Role,
  youth: z.number(),
  password_hash: z.string(),
  disabled: z.number(),
  created_at: z.number(),
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
    disabled: row.disabled === 1,
    createdAt: row.created_at,
    passwordHash: row.password_hash,
  };
}

function withoutSecret(account: AccountWithSecret): Account {
  const { passwordHash: _secret, ...rest } = account;
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
  };

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
