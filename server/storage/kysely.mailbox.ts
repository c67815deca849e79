import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import { z } from 'zod';
import {
  Language,
  MAILBOX_STATUSES,
  Route,
  Sender,
  StaffKeyRecord,
} from '../../shared/protocol/schemas.js';
import { parseJson } from '../../shared/protocol/parse.js';
import { perRoute } from '../routing.js';
import type { Database } from './schema.js';
import type { LetterRecord, MailboxRecord, Store } from './store.js';

/*
 * The mailbox's part of the store over Kysely (docs/PROTOCOL.md §21.7): staff mailbox
 * keys, mailboxes and their letters. Letters are ciphertext with their content key
 * sealed per reader; the server can open none of it. A mailbox is found by the hash
 * of its lookup id, never by anything the visitor is.
 */

type MailboxStore = Pick<
  Store,
  | 'getStaffKey'
  | 'setStaffKey'
  | 'listStaffKeys'
  | 'createMailbox'
  | 'findMailbox'
  | 'getMailbox'
  | 'peekMailbox'
  | 'listMailboxes'
  | 'addLetter'
  | 'claimMailbox'
  | 'finishMailbox'
  | 'addLetterKeys'
  | 'deleteMailbox'
  | 'deleteIdleMailboxes'
  | 'countNewMailboxes'
>;

const Status = z.enum(MAILBOX_STATUSES);
/** As written from checked letters (schemas.ts's SealedLetter); read back as text to text. */
const LetterKeys = z.record(z.string().max(64), z.string().max(200));

type MailboxRow = Selectable<Database['mailboxes']>;

function toMailbox(row: Omit<MailboxRow, 'lookup_hash' | 'answered'>): MailboxRecord {
  const lang = row.lang === null ? undefined : Language.parse(row.lang);
  return {
    id: row.id,
    route: Route.parse(row.route),
    ...(lang && { lang }),
    visitorKey: row.visitor_key,
    createdDay: row.created_day,
    lastAt: Number(row.last_at),
    status: Status.parse(row.status),
    letters: Number(row.letters),
    claimedBy: row.claimed_by,
    claimedAt: row.claimed_at === null ? null : Number(row.claimed_at),
  };
}

interface LetterColumns {
  letter_id: string | null;
  seq: number | null;
  author: string | null;
  day: string | null;
  nonce: string | null;
  body: string | null;
  keys: string | null;
  author_alias: string | null;
}

function toLetter(row: LetterColumns): LetterRecord | undefined {
  if (row.letter_id === null) return undefined;
  const keys = parseJson(LetterKeys, row.keys);
  if (!keys.ok) throw new Error('a stored letter has unreadable keys');
  return {
    id: row.letter_id,
    seq: Number(row.seq),
    author: Sender.parse(row.author),
    day: row.day ?? '',
    nonce: row.nonce ?? '',
    body: row.body ?? '',
    keys: keys.data,
    ...(row.author_alias !== null && { authorAlias: row.author_alias }),
  };
}

/** A mailbox's own columns, as every mailbox query reads them. */
const MAILBOX_COLUMNS = [
  'mailboxes.id',
  'mailboxes.route',
  'mailboxes.lang',
  'mailboxes.visitor_key',
  'mailboxes.created_day',
  'mailboxes.last_at',
  'mailboxes.status',
  'mailboxes.letters',
  'mailboxes.claimed_by',
  'mailboxes.claimed_at',
] as const;

export function kyselyMailbox(
  db: Kysely<Database>,
  afterDelete: () => Promise<void>,
): MailboxStore {
  /** A mailbox and its letters in one query (a left join: a mailbox has at least one). */
  const withLetters = async (column: 'mailboxes.id' | 'mailboxes.lookup_hash', value: string) => {
    const rows = await db
      .selectFrom('mailboxes')
      .leftJoin('letters', 'letters.mailbox_id', 'mailboxes.id')
      .select([
        ...MAILBOX_COLUMNS,
        'letters.id as letter_id',
        'letters.seq',
        'letters.author',
        'letters.day',
        'letters.nonce',
        'letters.body',
        'letters.keys',
        'letters.author_alias',
      ])
      .where(column, '=', value)
      .orderBy('letters.seq')
      .execute();
    const first = rows[0];
    if (!first) return undefined;
    return {
      mailbox: toMailbox(first),
      letters: rows.map(toLetter).filter((letter) => letter !== undefined),
    };
  };

  /**
   * Takes the mailbox's row lock for the rest of the transaction (PostgreSQL; SQLite
   * runs one write transaction at a time anyway), so two writers cannot interleave.
   */
  const lock = async (trx: Transaction<Database>, id: string) => {
    const result = await trx
      .updateTable('mailboxes')
      .set({ letters: sql<number>`letters` })
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  };

  return {
    async getStaffKey(accountId) {
      const row = await db
        .selectFrom('staff_keys')
        .select('record')
        .where('account_id', '=', accountId)
        .executeTakeFirst();
      if (!row) return undefined;
      const record = parseJson(StaffKeyRecord, row.record);
      if (!record.ok) throw new Error('a stored staff key is unreadable');
      return record.data;
    },
    async setStaffKey(accountId, key, now) {
      const record = JSON.stringify(StaffKeyRecord.parse(key));
      await db
        .insertInto('staff_keys')
        .values({ account_id: accountId, public_key: key.publicKey, record, created_at: now })
        .onConflict((oc) =>
          oc.column('account_id').doUpdateSet({ public_key: key.publicKey, record }),
        )
        .execute();
    },
    async listStaffKeys() {
      const rows = await db
        .selectFrom('staff_keys')
        .innerJoin('accounts', 'accounts.id', 'staff_keys.account_id')
        .select([
          'staff_keys.account_id',
          'staff_keys.public_key',
          'accounts.youth',
          'accounts.disabled',
        ])
        .orderBy('staff_keys.account_id')
        .execute();
      return rows.map((r) => ({
        accountId: r.account_id,
        publicKey: r.public_key,
        youth: r.youth === 1,
        disabled: r.disabled === 1,
      }));
    },

    async createMailbox(mailbox, letter) {
      return db.transaction().execute(async (trx) => {
        const created = await trx
          .insertInto('mailboxes')
          .values({
            id: mailbox.id,
            lookup_hash: mailbox.lookupHash,
            route: mailbox.route,
            lang: mailbox.lang ?? null,
            visitor_key: mailbox.visitorKey,
            created_day: mailbox.createdDay,
            last_at: mailbox.lastAt,
            status: 'new',
            letters: 1,
          })
          .onConflict((oc) => oc.column('lookup_hash').doNothing())
          .returning('id')
          .executeTakeFirst();
        if (!created) return false;
        await trx
          .insertInto('letters')
          .values({
            id: letter.id,
            mailbox_id: mailbox.id,
            seq: 1,
            author: letter.author,
            day: letter.day,
            nonce: letter.nonce,
            body: letter.body,
            keys: JSON.stringify(letter.keys),
            author_alias: letter.authorAlias ?? null,
          })
          .execute();
        return true;
      });
    },
    findMailbox(lookupHash) {
      return withLetters('mailboxes.lookup_hash', lookupHash);
    },
    getMailbox(id) {
      return withLetters('mailboxes.id', id);
    },
    async peekMailbox(by) {
      const row = await db
        .selectFrom('mailboxes')
        .selectAll()
        .$if('id' in by, (qb) => qb.where('id', '=', 'id' in by ? by.id : ''))
        .$if('lookupHash' in by, (qb) =>
          qb.where('lookup_hash', '=', 'lookupHash' in by ? by.lookupHash : ''),
        )
        .executeTakeFirst();
      return row && toMailbox(row);
    },
    async listMailboxes(routes, limit) {
      if (routes.length === 0) return [];
      const rows = await db
        .selectFrom('mailboxes')
        .leftJoin('accounts', 'accounts.id', 'mailboxes.claimed_by')
        .select([...MAILBOX_COLUMNS, 'accounts.alias as claimed_alias'])
        .where('mailboxes.route', 'in', [...routes])
        .orderBy(sql`case mailboxes.status when 'new' then 0 when 'answered' then 1 else 2 end`)
        .orderBy('mailboxes.last_at')
        .orderBy('mailboxes.id')
        .limit(limit)
        .execute();
      return rows.map((row) => ({ ...toMailbox(row), claimedAlias: row.claimed_alias }));
    },
    async addLetter(mailboxId, letter, change) {
      return db.transaction().execute(async (trx) => {
        const { answer } = change;
        const updated = await trx
          .updateTable('mailboxes')
          .set({
            letters: sql<number>`letters + 1`,
            last_at: change.at,
            status: change.status,
            ...(answer && { claimed_by: null, claimed_at: null }),
          })
          .where('id', '=', mailboxId)
          .where('letters', '<', change.maxLetters)
          .$if(answer !== undefined, (qb) =>
            qb.where((eb) =>
              eb.or([
                eb('claimed_by', 'is', null),
                eb('claimed_by', '=', answer?.accountId ?? 0),
                eb('claimed_at', '<', answer?.claimedAfter ?? 0),
              ]),
            ),
          )
          .returning('letters')
          .executeTakeFirst();
        if (!updated) {
          const found = await trx
            .selectFrom('mailboxes')
            .select('letters')
            .where('id', '=', mailboxId)
            .executeTakeFirst();
          if (!found) return { ok: false, error: 'not_found' } as const;
          return {
            ok: false,
            error: Number(found.letters) >= change.maxLetters ? 'mailbox_full' : 'claimed',
          } as const;
        }
        let firstAnswer = false;
        if (answer) {
          const first = await trx
            .updateTable('mailboxes')
            .set({ answered: 1 })
            .where('id', '=', mailboxId)
            .where('answered', '=', 0)
            .executeTakeFirst();
          firstAnswer = Number(first.numUpdatedRows) === 1;
        }
        const seq = Number(updated.letters);
        await trx
          .insertInto('letters')
          .values({
            id: letter.id,
            mailbox_id: mailboxId,
            seq,
            author: letter.author,
            day: letter.day,
            nonce: letter.nonce,
            body: letter.body,
            keys: JSON.stringify(letter.keys),
            author_alias: letter.authorAlias ?? null,
          })
          .execute();
        return { ok: true, seq, firstAnswer } as const;
      });
    },
    async claimMailbox(id, accountId, at, claimedAfter) {
      const result = await db
        .updateTable('mailboxes')
        .set({ claimed_by: accountId, claimed_at: at })
        .where('id', '=', id)
        .where((eb) =>
          eb.or([
            eb('claimed_by', 'is', null),
            eb('claimed_by', '=', accountId),
            eb('claimed_at', '<', claimedAfter),
          ]),
        )
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 1) return 'ok';
      const found = await db
        .selectFrom('mailboxes')
        .select('id')
        .where('id', '=', id)
        .executeTakeFirst();
      return found ? 'claimed' : 'not_found';
    },
    async finishMailbox(id) {
      const result = await db
        .updateTable('mailboxes')
        .set({ status: 'done', claimed_by: null, claimed_at: null })
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async addLetterKeys(mailboxId, reader, keys) {
      return db.transaction().execute(async (trx) => {
        if (!(await lock(trx, mailboxId))) return 0;
        const wanted = new Map(keys.map((key) => [key.letterId, key.sealed]));
        const rows = await trx
          .selectFrom('letters')
          .select(['id', 'keys'])
          .where('mailbox_id', '=', mailboxId)
          .where('id', 'in', [...wanted.keys()])
          .execute();
        let added = 0;
        for (const row of rows) {
          const stored = parseJson(LetterKeys, row.keys);
          const sealed = wanted.get(row.id);
          if (!stored.ok) throw new Error('a stored letter has unreadable keys');
          // Never replaced: a reader's own key stays what it was sealed as.
          if (sealed === undefined || Object.hasOwn(stored.data, reader)) continue;
          await trx
            .updateTable('letters')
            .set({ keys: JSON.stringify({ ...stored.data, [reader]: sealed }) })
            .where('id', '=', row.id)
            .execute();
          added += 1;
        }
        return added;
      });
    },
    async deleteMailbox(lookupHash) {
      const route = await db.transaction().execute(async (trx) => {
        const found = await trx
          .selectFrom('mailboxes')
          .select(['id', 'route'])
          .where('lookup_hash', '=', lookupHash)
          .executeTakeFirst();
        if (!found) return undefined;
        await trx.deleteFrom('letters').where('mailbox_id', '=', found.id).execute();
        await trx.deleteFrom('mailboxes').where('id', '=', found.id).execute();
        return Route.parse(found.route);
      });
      if (route) await afterDelete();
      return route;
    },
    async deleteIdleMailboxes(lastAtBefore) {
      const deleted = await db.transaction().execute(async (trx) => {
        // The mailboxes first: one written to meanwhile is no longer idle and stays whole.
        const gone = await trx
          .deleteFrom('mailboxes')
          .where('last_at', '<', lastAtBefore)
          .returning('id')
          .execute();
        const ids = gone.map((row) => row.id);
        // The foreign key's cascade has done this already; it is said here all the same.
        for (let start = 0; start < ids.length; start += 500) {
          const chunk = ids.slice(start, start + 500);
          await trx.deleteFrom('letters').where('mailbox_id', 'in', chunk).execute();
        }
        return ids.length;
      });
      if (deleted > 0) await afterDelete();
      return deleted;
    },
    async countNewMailboxes() {
      const rows = await db
        .selectFrom('mailboxes')
        .select(['route', (eb) => eb.fn.countAll<number>().as('n')])
        .where('status', '=', 'new')
        .groupBy('route')
        .execute();
      const counts = perRoute(() => 0);
      for (const row of rows) counts[Route.parse(row.route)] = Number(row.n);
      return counts;
    },
  };
}
