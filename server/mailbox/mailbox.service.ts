import { AppError } from '../../shared/protocol/errors.js';
import {
  MAX_LETTERS_PER_MAILBOX,
  type MailboxAnswer,
  type MailboxCreate,
  type MailboxOpened,
  type MailboxShare,
  type MailboxSummary,
  type MailboxView,
  type MailboxWrite,
  type Route,
  type SealedLetter,
  type StaffKeyRecord,
} from '../../shared/protocol/schemas.js';
import type { Settings } from '../../shared/protocol/settings.js';
import { dayIn } from '../clock.js';
import type { Logger } from '../logger.js';
import { routesOf } from '../routing.js';
import type { StatsRecorder } from '../stats/recorder.js';
import type { Account, MailboxRecord, NewLetter, Store } from '../storage/store.js';
import { hashToken, newSecret } from '../tokens.js';

/*
 * The mailbox (docs/PROTOCOL.md §21): letters when the chat is closed, and their
 * answers, found again with a return code. The server stores and relays what the two
 * clients sealed and never calls the cryptography: a mailbox is found by the hash of
 * its lookup id, every letter is ciphertext with its content key sealed per reader,
 * and each reader is handed only its own sealed key. The rules it does enforce: who
 * may read a route (server/routing.ts, the account as it is now), that every letter
 * stays readable by the visitor, one answerer at a time, the sizes, and the expiry.
 */

/** How long a claim keeps colleagues from answering the same mailbox. */
export const CLAIM_MS = 30 * 60_000;
/** Mailboxes the console lists at most. */
const LISTED_MAILBOXES = 500;
const DAY_MS = 86_400_000;

export interface MailboxServiceOptions {
  store: Store;
  logger: Logger;
  now: () => number;
  stats?: StatsRecorder;
  /** A mailbox of `route` changed (or `undefined`: several): the consoles are told. */
  changed: (route?: Route) => Promise<void>;
  /** How often expired mailboxes are deleted. */
  sweepMs: number;
}

/** The signed-in account asking, as the socket knows it; re-read from the store for each request. */
export interface StaffRef {
  accountId: number;
}

export class MailboxService {
  private readonly sweeper: ReturnType<typeof setInterval>;

  constructor(private readonly options: MailboxServiceOptions) {
    this.sweeper = setInterval(() => {
      this.sweep().catch((error: unknown) =>
        options.logger.error({ err: error }, 'mailbox expiry failed'),
      );
    }, options.sweepMs);
    this.sweeper.unref();
  }

  dispose(): void {
    clearInterval(this.sweeper);
  }

  /** Deletes every mailbox whose last letter is `keepDays` old; how many went. */
  async sweep(): Promise<number> {
    const { store, now } = this.options;
    const { mailbox } = await store.getSettings();
    const deleted = await store.deleteIdleMailboxes(now() - mailbox.keepDays * DAY_MS);
    if (deleted > 0) {
      this.options.logger.info({ deleted }, 'expired mailboxes deleted');
      this.announce();
    }
    return deleted;
  }

  // ------------------------------------------------------------------ the visitor

  /** The staff keys a letter on `route` is sealed to; `closed` if off or nobody could read it. */
  async readers(route: Route): Promise<string[]> {
    const settings = await this.options.store.getSettings();
    if (!settings.mailbox.enabled) throw new AppError('closed');
    const readers = await this.routeReaders(route);
    if (readers.length === 0) throw new AppError('closed');
    return readers;
  }

  async create(request: MailboxCreate): Promise<null> {
    const { store, now } = this.options;
    const settings = await store.getSettings();
    if (!settings.mailbox.enabled) throw new AppError('closed');
    const keys = await this.readableKeys(request.letter, request.visitorKey, request.route);
    const day = this.today(settings);
    const created = await store.createMailbox(
      {
        id: newSecret(),
        lookupHash: hashToken(request.lookup),
        route: request.route,
        ...(request.lang && { lang: request.lang }),
        visitorKey: request.visitorKey,
        createdDay: day,
        lastAt: now(),
      },
      this.letter(request.letter, keys, 'visitor', day),
    );
    // Only the holder of the code can know its lookup id: saying it exists tells them nothing.
    if (!created) throw new AppError('wrong_state');
    this.options.stats?.mailboxReceived(request.route);
    this.announce(request.route);
    return null;
  }

  /**
   * The letters behind a lookup id. The id is hashed first and the mailbox read with
   * its letters in one query, whatever the id: an unknown one and a wrong one are the
   * same thing to the server, and cost the same.
   */
  async open(lookup: string): Promise<MailboxOpened> {
    const found = await this.options.store.findMailbox(hashToken(lookup));
    if (!found) throw new AppError('not_found');
    const { mailbox, letters } = found;
    return {
      route: mailbox.route,
      letters: letters.map((letter) => ({
        author: letter.author,
        day: letter.day,
        ...(letter.authorAlias !== undefined && { alias: letter.authorAlias }),
        nonce: letter.nonce,
        body: letter.body,
        keys: ownKey(letter.keys, mailbox.visitorKey),
      })),
    };
  }

  async write(request: MailboxWrite): Promise<null> {
    const { store, now } = this.options;
    const mailbox = await store.peekMailbox({ lookupHash: hashToken(request.lookup) });
    if (!mailbox) throw new AppError('not_found');
    const keys = await this.readableKeys(request.letter, mailbox.visitorKey, mailbox.route);
    const settings = await store.getSettings();
    const added = await store.addLetter(
      mailbox.id,
      this.letter(request.letter, keys, 'visitor', this.today(settings)),
      { at: now(), status: 'new', maxLetters: MAX_LETTERS_PER_MAILBOX },
    );
    if (!added.ok) throw new AppError(added.error);
    this.announce(mailbox.route);
    return null;
  }

  /** Deletes everything of the mailbox now; the statistics' counts stay. */
  async remove(lookup: string): Promise<null> {
    const route = await this.options.store.deleteMailbox(hashToken(lookup));
    if (!route) throw new AppError('not_found');
    this.announce(route);
    return null;
  }

  // ------------------------------------------------------------------ the staff

  async list(staff: StaffRef): Promise<MailboxSummary[]> {
    const { routes } = await this.staffAccount(staff);
    const settings = await this.options.store.getSettings();
    const rows = await this.options.store.listMailboxes(routes, LISTED_MAILBOXES);
    return rows.map((row) => {
      const claim = this.liveClaim(row);
      return {
        ...this.summaryOf(row, settings),
        ...(claim !== undefined && {
          claimedBy: row.claimedAlias ?? '',
          claimedByMe: claim === staff.accountId,
        }),
        letters: row.letters,
      };
    });
  }

  async read(staff: StaffRef, id: string): Promise<MailboxView> {
    const { store } = this.options;
    const { routes } = await this.staffAccount(staff);
    const found = await store.getMailbox(id);
    if (!found) throw new AppError('not_found');
    const { mailbox, letters } = found;
    if (!routes.includes(mailbox.route)) throw new AppError('forbidden');
    const [readers, own, settings] = await Promise.all([
      this.routeReaders(mailbox.route),
      store.getStaffKey(staff.accountId),
      store.getSettings(),
    ]);
    const claim = this.liveClaim(mailbox);
    const claimer = claim === undefined ? undefined : await store.findAccountById(claim);
    return {
      ...this.summaryOf(mailbox, settings),
      ...(claim !== undefined && {
        claimedBy: claimer?.alias ?? '',
        claimedByMe: claim === staff.accountId,
      }),
      visitorKey: mailbox.visitorKey,
      readers,
      letters: letters.map((letter) => ({
        id: letter.id,
        author: letter.author,
        day: letter.day,
        ...(letter.authorAlias !== undefined && { alias: letter.authorAlias }),
        nonce: letter.nonce,
        body: letter.body,
        keys: own ? ownKey(letter.keys, own.publicKey) : {},
        lacking: readers.filter((reader) => !Object.hasOwn(letter.keys, reader)),
      })),
    };
  }

  async claim(staff: StaffRef, id: string): Promise<null> {
    const { store, now } = this.options;
    const { mailbox } = await this.readable(staff, id);
    const at = now();
    const claimed = await store.claimMailbox(id, staff.accountId, at, at - CLAIM_MS);
    if (claimed !== 'ok') throw new AppError(claimed);
    this.announce(mailbox.route);
    return null;
  }

  async answer(staff: StaffRef, request: MailboxAnswer): Promise<null> {
    const { store, now } = this.options;
    const { account, mailbox } = await this.readable(staff, request.id);
    const keys = await this.readableKeys(request.letter, mailbox.visitorKey, mailbox.route);
    const settings = await store.getSettings();
    const at = now();
    const added = await store.addLetter(
      mailbox.id,
      this.letter(request.letter, keys, 'counsellor', this.today(settings), account.alias),
      {
        at,
        status: 'answered',
        maxLetters: MAX_LETTERS_PER_MAILBOX,
        answer: { accountId: account.id, claimedAfter: at - CLAIM_MS },
      },
    );
    if (!added.ok) throw new AppError(added.error);
    if (added.firstAnswer) this.options.stats?.mailboxAnswered(mailbox.route, mailbox.createdDay);
    this.announce(mailbox.route);
    return null;
  }

  async done(staff: StaffRef, id: string): Promise<null> {
    const { mailbox } = await this.readable(staff, id);
    if (!(await this.options.store.finishMailbox(id))) throw new AppError('not_found');
    this.announce(mailbox.route);
    return null;
  }

  /**
   * Adds a colleague's sealed content keys, made by a reader who holds the letters'
   * keys. Only to a current reader of the route, only on letters this account can
   * open itself, and never over a key already there.
   */
  async share(staff: StaffRef, request: MailboxShare): Promise<null> {
    const { store } = this.options;
    const { mailbox } = await this.readable(staff, request.id);
    const readers = await this.routeReaders(mailbox.route);
    if (!readers.includes(request.reader)) throw new AppError('forbidden');
    const [found, own] = await Promise.all([
      store.getMailbox(mailbox.id),
      store.getStaffKey(staff.accountId),
    ]);
    if (!found) throw new AppError('not_found');
    const letters = new Map(found.letters.map((letter) => [letter.id, letter]));
    for (const { letterId } of request.keys) {
      const letter = letters.get(letterId);
      if (!letter) throw new AppError('not_found');
      if (!own || !Object.hasOwn(letter.keys, own.publicKey)) throw new AppError('forbidden');
    }
    await store.addLetterKeys(mailbox.id, request.reader, request.keys);
    return null;
  }

  async staffKey(staff: StaffRef): Promise<StaffKeyRecord | null> {
    await this.staffAccount(staff);
    return (await this.options.store.getStaffKey(staff.accountId)) ?? null;
  }

  /**
   * Stores the account's key made or re-wrapped in the console. Another key pair than
   * the stored one is refused: a console (or whoever holds a session) cannot swap the
   * account's key silently; only a reset makes room for a new pair.
   */
  async setStaffKey(staff: StaffRef, record: StaffKeyRecord): Promise<null> {
    const { store, now } = this.options;
    await this.staffAccount(staff);
    const stored = await store.getStaffKey(staff.accountId);
    if (stored && stored.publicKey !== record.publicKey) throw new AppError('wrong_state');
    const holders = await store.listStaffKeys();
    if (holders.some((h) => h.publicKey === record.publicKey && h.accountId !== staff.accountId)) {
      throw new AppError('wrong_state');
    }
    await store.setStaffKey(staff.accountId, record, now());
    if (!stored) {
      await store.recordAudit({
        at: now(),
        actorId: staff.accountId,
        action: 'mailbox_key_created',
        detail: '',
      });
    }
    return null;
  }

  // ------------------------------------------------------------------ the rules

  /** The public keys of the accounts that may read `route` now: enabled, trained for it. */
  private async routeReaders(route: Route): Promise<string[]> {
    const holders = await this.options.store.listStaffKeys();
    return holders
      .filter((holder) => !holder.disabled && routesOf(holder).includes(route))
      .map((holder) => holder.publicKey);
  }

  /**
   * The letter's keys the server keeps: the visitor's (which must be there, or the
   * visitor could never read the letter) and those of the route's readers. Any other
   * is dropped: a reader who is gone, or someone who may not read the route. With no
   * staff reader left nobody could answer: `closed`.
   */
  private async readableKeys(
    letter: SealedLetter,
    visitorKey: string,
    route: Route,
  ): Promise<Record<string, string>> {
    if (!Object.hasOwn(letter.keys, visitorKey)) throw new AppError('invalid_payload');
    const readers = new Set(await this.routeReaders(route));
    const kept = Object.entries(letter.keys).filter(
      ([reader]) => reader === visitorKey || readers.has(reader),
    );
    if (!kept.some(([reader]) => readers.has(reader))) throw new AppError('closed');
    return Object.fromEntries(kept);
  }

  /** The account as it is now: a disabled one is refused; its routes by the routing rule. */
  private async staffAccount(staff: StaffRef): Promise<{ account: Account; routes: Route[] }> {
    const account = await this.options.store.findAccountById(staff.accountId);
    if (!account || account.disabled) throw new AppError('forbidden');
    return { account, routes: routesOf(account) };
  }

  /** A mailbox this account may read (its route is one the account serves). */
  private async readable(
    staff: StaffRef,
    id: string,
  ): Promise<{ account: Account; mailbox: MailboxRecord }> {
    const { account, routes } = await this.staffAccount(staff);
    const mailbox = await this.options.store.peekMailbox({ id });
    if (!mailbox) throw new AppError('not_found');
    if (!routes.includes(mailbox.route)) throw new AppError('forbidden');
    return { account, mailbox };
  }

  /** The account whose claim holds now, if any. */
  private liveClaim(mailbox: MailboxRecord): number | undefined {
    const { claimedBy, claimedAt } = mailbox;
    if (claimedBy === null || claimedAt === null) return undefined;
    return claimedAt >= this.options.now() - CLAIM_MS ? claimedBy : undefined;
  }

  private summaryOf(
    mailbox: MailboxRecord,
    settings: Settings,
  ): Omit<MailboxSummary, 'letters' | 'claimedBy' | 'claimedByMe'> {
    return {
      id: mailbox.id,
      route: mailbox.route,
      ...(mailbox.lang && { lang: mailbox.lang }),
      day: mailbox.createdDay,
      lastDay: dayIn(mailbox.lastAt, settings.timeZone),
      status: mailbox.status,
    };
  }

  private letter(
    sealed: SealedLetter,
    keys: Record<string, string>,
    author: NewLetter['author'],
    day: string,
    authorAlias?: string,
  ): NewLetter {
    return {
      id: newSecret(),
      author,
      day,
      nonce: sealed.nonce,
      body: sealed.body,
      keys,
      ...(authorAlias !== undefined && { authorAlias }),
    };
  }

  private today(settings: Settings): string {
    return dayIn(this.options.now(), settings.timeZone);
  }

  /** Tells the consoles; a failure to is logged and never fails the request. */
  private announce(route?: Route): void {
    this.options
      .changed(route)
      .catch((error: unknown) =>
        this.options.logger.error({ err: error }, 'mailbox counts not sent'),
      );
  }
}

/** Only one reader's entry of a letter's keys. */
function ownKey(keys: Record<string, string>, reader: string): Record<string, string> {
  const sealed = keys[reader];
  return sealed === undefined ? {} : { [reader]: sealed };
}
