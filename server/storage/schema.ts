import { sql, type Generated, type Kysely, type Migration, type MigrationProvider } from 'kysely';

/*
 * The durable schema, one definition for SQLite and PostgreSQL, as Kysely migrations:
 * versioned, run at start, recorded in the database (`kysely_migration`). Ids are
 * integers; times are milliseconds since the epoch (bigint); flags are 0/1.
 */

export type Dialect = 'sqlite' | 'postgres';

export interface Database {
  accounts: {
    id: Generated<number>;
    username: string;
    /** lower(username): usernames are unique without regard to case. */
    username_key: string;
    alias: string;
    role: string;
    youth: number;
    languages: Generated<string>;
    password_hash: string;
    disabled: Generated<number>;
    totp_secret: string | null;
    totp_pending: string | null;
    totp_last_step: Generated<number>;
    created_at: number;
  };
  sessions: { id_hash: string; account_id: number; created_at: number; last_seen_at: number };
  audit_log: {
    id: Generated<number>;
    at: number;
    actor_id: number | null;
    action: string;
    detail: string;
  };
  settings: { id: number; json: string; updated_at: number };
  links: {
    token_hash: string;
    kind: string;
    account_id: number | null;
    role: string;
    youth: number;
    languages: string;
    created_by: number | null;
    expires_at: number;
    used_at: number | null;
  };
  phrases: { id: Generated<number>; account_id: number; text: string };
  ratings: { day: string; route: string; score: number; count: number };
  stats_hourly: {
    day: string;
    hour: number;
    route: string;
    offered: Generated<number>;
    answered: Generated<number>;
    abandoned: Generated<number>;
    staffed_minutes: Generated<number>;
  };
  stats_histograms: { day: string; route: string; kind: string; bucket: number; count: number };
  stats_wrapups: { day: string; route: string; field: string; value: string; count: number };
  /** An account's mailbox key: its public key, and the private key wrapped under the password. */
  staff_keys: { account_id: number; public_key: string; record: string; created_at: number };
  mailboxes: {
    /** 16 random bytes, base64url: only ever shown to staff. */
    id: string;
    /** SHA-256 of the lookup id the visitor derives from the return code. */
    lookup_hash: string;
    route: string;
    lang: string | null;
    /** pkM, base64url: the letters' content keys are sealed to it. */
    visitor_key: string;
    /** YYYY-MM-DD in the settings' time zone: the only date a visitor is shown. */
    created_day: string;
    /** When the last letter came (ms): for the expiry alone, never shown. */
    last_at: number;
    status: string;
    /** How many letters, both ways; the last one's `seq`. */
    letters: Generated<number>;
    /** 1 once a counsellor has answered (counted once in the statistics). */
    answered: Generated<number>;
    claimed_by: number | null;
    claimed_at: number | null;
  };
  letters: {
    id: string;
    mailbox_id: string;
    seq: number;
    author: string;
    day: string;
    nonce: string;
    /** Ciphertext: the padded text under the letter's content key. */
    body: string;
    /** JSON: reader's public key → the content key sealed to it. */
    keys: string;
    /** The counsellor's alias on an answer (never an account id). */
    author_alias: string | null;
  };
  stats_mailboxes: {
    day: string;
    route: string;
    received: Generated<number>;
    answered: Generated<number>;
  };
  /** Ended chats by the highest risk level each reached (none, concern, acute). */
  stats_risk: { day: string; route: string; level: string; count: number };
}

function migrations(dialect: Dialect): Record<string, Migration> {
  // An auto-numbered integer key, in each dialect's words.
  const serial = dialect === 'postgres' ? 'serial' : 'integer';
  return {
    '0001-initial': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('accounts')
          .addColumn('id', sql.raw(serial), (c) => c.primaryKey())
          .addColumn('username', 'text', (c) => c.notNull())
          .addColumn('username_key', 'text', (c) => c.notNull().unique())
          .addColumn('alias', 'text', (c) => c.notNull())
          .addColumn('role', 'text', (c) =>
            c.notNull().check(sql`role in ('counsellor', 'supervisor', 'admin')`),
          )
          .addColumn('youth', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('languages', 'text', (c) => c.notNull().defaultTo('[]'))
          .addColumn('password_hash', 'text', (c) => c.notNull())
          .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('totp_secret', 'text')
          .addColumn('totp_pending', 'text')
          .addColumn('totp_last_step', 'bigint', (c) => c.notNull().defaultTo(0))
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('sessions')
          .addColumn('id_hash', 'text', (c) => c.primaryKey())
          .addColumn('account_id', 'integer', (c) =>
            c.notNull().references('accounts.id').onDelete('cascade'),
          )
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('sessions_account')
          .on('sessions')
          .column('account_id')
          .execute();
        await db.schema
          .createTable('audit_log')
          .addColumn('id', sql.raw(serial), (c) => c.primaryKey())
          .addColumn('at', 'bigint', (c) => c.notNull())
          .addColumn('actor_id', 'integer', (c) => c.references('accounts.id').onDelete('set null'))
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('detail', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('settings')
          .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
          .addColumn('json', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'bigint', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('links')
          .addColumn('token_hash', 'text', (c) => c.primaryKey())
          .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('invite', 'reset')`))
          .addColumn('account_id', 'integer', (c) =>
            c.references('accounts.id').onDelete('cascade'),
          )
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('youth', 'integer', (c) => c.notNull())
          .addColumn('languages', 'text', (c) => c.notNull())
          .addColumn('created_by', 'integer', (c) =>
            c.references('accounts.id').onDelete('set null'),
          )
          .addColumn('expires_at', 'bigint', (c) => c.notNull())
          .addColumn('used_at', 'bigint')
          .execute();
        await db.schema
          .createTable('phrases')
          .addColumn('id', sql.raw(serial), (c) => c.primaryKey())
          .addColumn('account_id', 'integer', (c) =>
            c.notNull().references('accounts.id').onDelete('cascade'),
          )
          .addColumn('text', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('ratings')
          .addColumn('day', 'text', (c) => c.notNull())
          .addColumn('route', 'text', (c) => c.notNull())
          .addColumn('score', 'integer', (c) => c.notNull())
          .addColumn('count', 'integer', (c) => c.notNull())
          .addPrimaryKeyConstraint('ratings_pk', ['day', 'route', 'score'])
          .execute();
        await db.schema
          .createTable('stats_hourly')
          .addColumn('day', 'text', (c) => c.notNull())
          .addColumn('hour', 'integer', (c) => c.notNull())
          .addColumn('route', 'text', (c) => c.notNull())
          .addColumn('offered', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('answered', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('abandoned', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('staffed_minutes', 'integer', (c) => c.notNull().defaultTo(0))
          .addPrimaryKeyConstraint('stats_hourly_pk', ['day', 'hour', 'route'])
          .execute();
        await db.schema
          .createTable('stats_histograms')
          .addColumn('day', 'text', (c) => c.notNull())
          .addColumn('route', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('bucket', 'integer', (c) => c.notNull())
          .addColumn('count', 'integer', (c) => c.notNull())
          .addPrimaryKeyConstraint('stats_histograms_pk', ['day', 'route', 'kind', 'bucket'])
          .execute();
        await db.schema
          .createTable('stats_wrapups')
          .addColumn('day', 'text', (c) => c.notNull())
          .addColumn('route', 'text', (c) => c.notNull())
          .addColumn('field', 'text', (c) => c.notNull())
          .addColumn('value', 'text', (c) => c.notNull())
          .addColumn('count', 'integer', (c) => c.notNull())
          .addPrimaryKeyConstraint('stats_wrapups_pk', ['day', 'route', 'field', 'value'])
          .execute();
      },
    },
    // The mailbox (docs/PROTOCOL.md §21): the one place content is kept, as ciphertext.
    '0002-mailbox': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('staff_keys')
          .addColumn('account_id', 'integer', (c) =>
            c.primaryKey().references('accounts.id').onDelete('cascade'),
          )
          .addColumn('public_key', 'text', (c) => c.notNull().unique())
          .addColumn('record', 'text', (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('mailboxes')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('lookup_hash', 'text', (c) => c.notNull().unique())
          .addColumn('route', 'text', (c) => c.notNull().check(sql`route in ('adult', 'youth')`))
          .addColumn('lang', 'text')
          .addColumn('visitor_key', 'text', (c) => c.notNull())
          .addColumn('created_day', 'text', (c) => c.notNull())
          .addColumn('last_at', 'bigint', (c) => c.notNull())
          .addColumn('status', 'text', (c) =>
            c.notNull().check(sql`status in ('new', 'answered', 'done')`),
          )
          .addColumn('letters', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('answered', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('claimed_by', 'integer', (c) =>
            c.references('accounts.id').onDelete('set null'),
          )
          .addColumn('claimed_at', 'bigint')
          .execute();
        await db.schema
          .createIndex('mailboxes_status_route')
          .on('mailboxes')
          .columns(['status', 'route'])
          .execute();
        await db.schema
          .createIndex('mailboxes_last_at')
          .on('mailboxes')
          .column('last_at')
          .execute();
        await db.schema
          .createTable('letters')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('mailbox_id', 'text', (c) =>
            c.notNull().references('mailboxes.id').onDelete('cascade'),
          )
          .addColumn('seq', 'integer', (c) => c.notNull())
          .addColumn('author', 'text', (c) =>
            c.notNull().check(sql`author in ('visitor', 'counsellor')`),
          )
          .addColumn('day', 'text', (c) => c.notNull())
          .addColumn('nonce', 'text', (c) => c.notNull())
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('keys', 'text', (c) => c.notNull())
          .addColumn('author_alias', 'text')
          .addUniqueConstraint('letters_mailbox_seq', ['mailbox_id', 'seq'])
          .execute();
        await db.schema
          .createTable('stats_mailboxes')
          .addColumn('day', 'text', (c) => c.notNull())
          .addColumn('route', 'text', (c) => c.notNull())
          .addColumn('received', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('answered', 'integer', (c) => c.notNull().defaultTo(0))
          .addPrimaryKeyConstraint('stats_mailboxes_pk', ['day', 'route'])
          .execute();
      },
    },
    // Risk levels (issue 16): an aggregate per day, route and level, nothing per chat.
    '0003-risk-levels': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('stats_risk')
          .addColumn('day', 'text', (c) => c.notNull())
          .addColumn('route', 'text', (c) => c.notNull())
          .addColumn('level', 'text', (c) =>
            c.notNull().check(sql`level in ('none', 'concern', 'acute')`),
          )
          .addColumn('count', 'integer', (c) => c.notNull())
          .addPrimaryKeyConstraint('stats_risk_pk', ['day', 'route', 'level'])
          .execute();
      },
    },
  };
}

export function migrationProvider(dialect: Dialect): MigrationProvider {
  return { getMigrations: () => Promise.resolve(migrations(dialect)) };
}
