import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, sql, SqliteDialect } from 'kysely';
import { kyselyStore, migrateToLatest } from './kysely.store.js';
import type { Database as Schema } from './schema.js';
import type { Store } from './store.js';

/**
 * SQLite under `dataDir`: the embedded default, no other service needed. WAL for
 * concurrent readers, foreign keys on, and `secure_delete` so deleted rows do not
 * linger in free pages. The write-ahead log still holds the pages as they were before
 * a delete until it is checkpointed: after deleting content (a mailbox) it is
 * checkpointed and emptied at once.
 * `synchronous = NORMAL`, SQLite's advice for WAL: better-sqlite3
 * writes on the event loop, and with FULL every write (a session's last-seen time, a
 * statistics counter) waited for an fsync there, stalling every chat's messages for
 * 1 ms typically and over 100 ms at worst (measured on a busy VM disk). The database
 * stays consistent either way; a power cut (not a crash of the process) may lose the
 * last transactions before a checkpoint.
 */
export async function openSqliteStore(dataDir: string): Promise<Store> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const sqlite = new Database(join(dataDir, 'jourchatt.sqlite'));
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('secure_delete = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: sqlite }) });
  await migrateToLatest(db, 'sqlite');
  return kyselyStore(
    db,
    () => db.destroy(),
    async () => {
      await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db);
    },
  );
}

/** PostgreSQL's bigint (int8) comes back as a string: our values fit a JS number. */
const INT8 = 20;

/**
 * PostgreSQL at `url`. `schema` (tests) puts every table in a schema of its own, made
 * if missing, so parallel test runs never meet. The driver is loaded only here: on the
 * embedded defaults it would be 1.8 MB of heap that nothing uses (and that every
 * full garbage collection marks again).
 */
export async function openPostgresStore(url: string, schema?: string): Promise<Store> {
  const { default: pg } = await import('pg');
  const types = {
    getTypeParser: ((oid: number) =>
      oid === INT8
        ? (value: string) => Number(value)
        : (pg.types.getTypeParser(oid, 'text') as (value: string) => unknown)) as never,
  };
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    types,
    ...(schema && { options: `-c search_path=${schema}` }),
  });
  if (schema) {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error('bad schema name');
    await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  }
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  await migrateToLatest(db, 'postgres', schema);
  return kyselyStore(db, () => db.destroy());
}

/** PostgreSQL when a URL is configured, SQLite otherwise. */
export function openStore(options: {
  dataDir: string;
  databaseUrl?: string;
  databaseSchema?: string;
}): Promise<Store> {
  return options.databaseUrl
    ? openPostgresStore(options.databaseUrl, options.databaseSchema)
    : openSqliteStore(options.dataDir);
}
