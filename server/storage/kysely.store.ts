import { Migrator, type Kysely, type Selectable } from 'kysely';
import { z } from 'zod';
import { Language, Role } from '../../shared/protocol/schemas.js';
import { DEFAULT_SETTINGS, Settings } from '../../shared/protocol/settings.js';
import { kyselyMailbox } from './kysely.mailbox.js';
import { kyselyStats } from './kysely.stats.js';
import { migrationProvider, type Database, type Dialect } from './schema.js';
import type {
  Account,
  AccountChanges,
  AccountWithSecret,
  OneTimeLinkRecord,
  Store,
} from './store.js';

const Languages = z.array(Language).catch([]);
const parseLanguages = (json: string) => Languages.parse(JSON.parse(json));
const flag = (value: boolean) => (value ? 1 : 0);

type AccountRow = Selectable<Database['accounts']>;

function toAccount(row: AccountRow): AccountWithSecret {
  return {
    id: row.id,
    username: row.username,
    alias: row.alias,
    role: Role.parse(row.role),
    youth: row.youth === 1,
    languages: parseLanguages(row.languages),
    disabled: row.disabled === 1,
    totpEnabled: row.totp_secret !== null,
    createdAt: Number(row.created_at),
    passwordHash: row.password_hash,
    totpSecret: row.totp_secret,
    totpPending: row.totp_pending,
    totpLastStep: Number(row.totp_last_step),
  };
}

export function withoutSecret(account: AccountWithSecret): Account {
  const {
    passwordHash: _secret,
    totpSecret: _totp,
    totpPending: _pending,
    totpLastStep: _step,
    ...rest
  } = account;
  return rest;
}

/** Brings the schema up to date; run at every start. */
export async function migrateToLatest(
  db: Kysely<Database>,
  dialect: Dialect,
  schema?: string,
): Promise<void> {
  // With a schema of its own, Kysely's bookkeeping tables go there too: otherwise
  // it would find another schema's and never make its own.
  const migrator = new Migrator({
    db,
    provider: migrationProvider(dialect),
    ...(schema && { migrationTableSchema: schema }),
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error('migration failed');
}

/**
 * The one store implementation, over Kysely: SQLite (better-sqlite3) by default,
 * PostgreSQL with DATABASE_URL. Every query is built, never concatenated; the same
 * contract tests run against both (test/integration/store.contract.test.ts).
 */
export function kyselyStore(
  db: Kysely<Database>,
  onClose: () => Promise<void>,
  /** After content was deleted: what the database needs so none of it stays on disk. */
  afterDelete: () => Promise<void> = () => Promise.resolve(),
): Store {
  const accountById = async (id: number) => {
    const row = await db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toAccount(row);
  };

  return {
    async createAccount(account, now) {
      const { id } = await db
        .insertInto('accounts')
        .values({
          username: account.username,
          username_key: account.username.toLowerCase(),
          alias: account.alias,
          role: account.role,
          youth: flag(account.youth),
          password_hash: account.passwordHash,
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const created = await accountById(id);
      if (!created) throw new Error('account vanished after insert');
      return withoutSecret(created);
    },
    async findAccountByUsername(username) {
      const row = await db
        .selectFrom('accounts')
        .selectAll()
        .where('username_key', '=', username.toLowerCase())
        .executeTakeFirst();
      return row && toAccount(row);
    },
    async findAccountById(id) {
      const account = await accountById(id);
      return account && withoutSecret(account);
    },
    async countAccounts() {
      const { n } = await db
        .selectFrom('accounts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(n);
    },
    async listAccounts() {
      const rows = await db.selectFrom('accounts').selectAll().orderBy('username_key').execute();
      return rows.map((row) => withoutSecret(toAccount(row)));
    },
    async updateAccount(id, changes: AccountChanges) {
      const values = {
        ...(changes.alias !== undefined && { alias: changes.alias }),
        ...(changes.role !== undefined && { role: changes.role }),
        ...(changes.youth !== undefined && { youth: flag(changes.youth) }),
        ...(changes.languages !== undefined && { languages: JSON.stringify(changes.languages) }),
        ...(changes.disabled !== undefined && { disabled: flag(changes.disabled) }),
      };
      if (Object.keys(values).length === 0) return;
      await db.updateTable('accounts').set(values).where('id', '=', id).execute();
    },
    async setPassword(id, passwordHash, staffKey) {
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('accounts')
          .set({ password_hash: passwordHash })
          .where('id', '=', id)
          .execute();
        await trx.deleteFrom('sessions').where('account_id', '=', id).execute();
        // The mailbox key was wrapped under the old password: re-wrapped, or gone.
        if (staffKey) {
          await trx
            .updateTable('staff_keys')
            .set({ public_key: staffKey.publicKey, record: JSON.stringify(staffKey) })
            .where('account_id', '=', id)
            .execute();
        } else {
          await trx.deleteFrom('staff_keys').where('account_id', '=', id).execute();
        }
      });
    },
    async setTotpPending(id, secret) {
      await db.updateTable('accounts').set({ totp_pending: secret }).where('id', '=', id).execute();
    },
    async setTotp(id, secret, step) {
      await db
        .updateTable('accounts')
        .set({ totp_secret: secret, totp_pending: null, totp_last_step: step })
        .where('id', '=', id)
        .execute();
    },
    async useTotpStep(id, step) {
      const result = await db
        .updateTable('accounts')
        .set({ totp_last_step: step })
        .where('id', '=', id)
        .where('totp_last_step', '<', step)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async createSession(session) {
      await db
        .insertInto('sessions')
        .values({
          id_hash: session.idHash,
          account_id: session.accountId,
          created_at: session.createdAt,
          last_seen_at: session.lastSeenAt,
        })
        .execute();
    },
    async findSession(idHash) {
      const row = await db
        .selectFrom('sessions')
        .selectAll()
        .where('id_hash', '=', idHash)
        .executeTakeFirst();
      return (
        row && {
          idHash: row.id_hash,
          accountId: row.account_id,
          createdAt: Number(row.created_at),
          lastSeenAt: Number(row.last_seen_at),
        }
      );
    },
    async touchSession(idHash, now) {
      await db
        .updateTable('sessions')
        .set({ last_seen_at: now })
        .where('id_hash', '=', idHash)
        .execute();
    },
    async deleteSession(idHash) {
      await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
    },
    async deleteSessionsOf(accountId) {
      await db.deleteFrom('sessions').where('account_id', '=', accountId).execute();
    },
    async deleteExpiredSessions(idleBefore, createdBefore) {
      const result = await db
        .deleteFrom('sessions')
        .where((eb) =>
          eb.or([eb('last_seen_at', '<', idleBefore), eb('created_at', '<', createdBefore)]),
        )
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async recordAudit(entry) {
      await db
        .insertInto('audit_log')
        .values({
          at: entry.at,
          actor_id: entry.actorId,
          action: entry.action,
          detail: entry.detail,
        })
        .execute();
    },
    async listAudit(limit) {
      const rows = await db
        .selectFrom('audit_log')
        .select(['at', 'actor_id', 'action', 'detail'])
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        at: Number(r.at),
        actorId: r.actor_id,
        action: r.action,
        detail: r.detail,
      }));
    },

    async getSettings() {
      const row = await db
        .selectFrom('settings')
        .select('json')
        .where('id', '=', 1)
        .executeTakeFirst();
      // Settings written by an older version may miss a newer field: fill from defaults.
      const stored: unknown = row ? JSON.parse(row.json) : {};
      const merged = Settings.safeParse({ ...DEFAULT_SETTINGS, ...(stored as object) });
      return merged.success ? merged.data : DEFAULT_SETTINGS;
    },
    async saveSettings(settings, now) {
      const json = JSON.stringify(Settings.parse(settings));
      await db
        .insertInto('settings')
        .values({ id: 1, json, updated_at: now })
        .onConflict((oc) => oc.column('id').doUpdateSet({ json, updated_at: now }))
        .execute();
    },

    async createLink(link: OneTimeLinkRecord) {
      await db
        .deleteFrom('links')
        .where('expires_at', '<', Date.now() - 30 * 24 * 3600_000)
        .execute();
      await db
        .insertInto('links')
        .values({
          token_hash: link.tokenHash,
          kind: link.kind,
          account_id: link.accountId,
          role: link.role,
          youth: flag(link.youth),
          languages: JSON.stringify(link.languages),
          created_by: link.createdBy,
          expires_at: link.expiresAt,
        })
        .execute();
    },
    async findLink(tokenHash, now) {
      const r = await db
        .selectFrom('links')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return (
        r && {
          tokenHash: r.token_hash,
          kind: z.enum(['invite', 'reset']).parse(r.kind),
          accountId: r.account_id,
          role: Role.parse(r.role),
          youth: r.youth === 1,
          languages: parseLanguages(r.languages),
          createdBy: r.created_by,
          expiresAt: Number(r.expires_at),
        }
      );
    },
    async consumeLink(tokenHash, now) {
      const result = await db
        .updateTable('links')
        .set({ used_at: now })
        .where('token_hash', '=', tokenHash)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    listPhrases(accountId) {
      return db
        .selectFrom('phrases')
        .select(['id', 'text'])
        .where('account_id', '=', accountId)
        .orderBy('id')
        .execute();
    },
    async addPhrase(accountId, text) {
      const { id } = await db
        .insertInto('phrases')
        .values({ account_id: accountId, text })
        .returning('id')
        .executeTakeFirstOrThrow();
      return id;
    },
    async removePhrase(accountId, id) {
      const result = await db
        .deleteFrom('phrases')
        .where('id', '=', id)
        .where('account_id', '=', accountId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },

    ...kyselyStats(db),
    ...kyselyMailbox(db, afterDelete),

    close: onClose,
  };
}
