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
  };
}

export function migrationProvider(dialect: Dialect): MigrationProvider {
  return { getMigrations: () => Promise.resolve(migrations(dialect)) };
}
