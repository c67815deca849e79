import type { AccountView } from '../../shared/protocol/admin.js';
import type {
  Language,
  MailboxStatus,
  RiskLevel,
  Role,
  Route,
  Sender,
  StaffKeyRecord,
} from '../../shared/protocol/schemas.js';
import type { Settings } from '../../shared/protocol/settings.js';

/*
 * The durable store: the few things Jourchatt keeps (DESIGN.md, "What is stored").
 * Nothing about a visitor ever goes through this interface. SQLite implements it by
 * default; a PostgreSQL implementation slots in behind the same contract.
 */

/** A staff account: the very type the admin page receives, defined once in shared/. */
export type Account = AccountView;

export interface AccountWithSecret extends Account {
  passwordHash: string;
  totpSecret: string | null;
  /** A secret shown for setup and not yet confirmed with a code. */
  totpPending: string | null;
  /** The last TOTP time step accepted: a code is used once. */
  totpLastStep: number;
}

export interface AccountChanges {
  alias?: string;
  role?: Role;
  youth?: boolean;
  languages?: Language[];
  disabled?: boolean;
}

/** An invitation to create an account, or a password reset for one: a one-time link. */
export interface OneTimeLinkRecord {
  /** SHA-256 of the link's token. */
  tokenHash: string;
  kind: 'invite' | 'reset';
  /** For a reset: whose password. */
  accountId: number | null;
  role: Role;
  youth: boolean;
  languages: Language[];
  createdBy: number | null;
  expiresAt: number;
}

export type HourlyCounter = 'offered' | 'answered' | 'abandoned' | 'staffed_minutes';

export interface HourlyRow {
  day: string;
  /** 0-23, local time. */
  hour: number;
  route: Route;
  offered: number;
  answered: number;
  abandoned: number;
  staffedMinutes: number;
}

/** What the statistics count in buckets: chat waits and lengths (seconds), days to a mailbox's first answer. */
export type HistogramKind = 'wait' | 'duration' | 'answer_days';

export interface HistogramRow {
  day: string;
  route: Route;
  kind: HistogramKind;
  bucket: number;
  count: number;
}

export interface WrapUpRow {
  day: string;
  route: Route;
  field: 'crime' | 'affected' | 'referral';
  value: string;
  count: number;
}

/** Mailboxes started (on the day they were) and first answered (on that day), per route. */
export interface MailboxCountRow {
  day: string;
  route: Route;
  received: number;
  answered: number;
}

/** Ended chats by the highest risk level each reached, per day (it ended) and route. */
export interface RiskCountRow {
  day: string;
  route: Route;
  level: RiskLevel;
  count: number;
}

export interface StatsRows {
  hourly: HourlyRow[];
  histograms: HistogramRow[];
  wrapUps: WrapUpRow[];
  ratings: RatingCount[];
  mailboxes: MailboxCountRow[];
  risk: RiskCountRow[];
}

/** A staff account's mailbox public key, with what decides whether it reads a route. */
export interface StaffKeyHolder {
  accountId: number;
  youth: boolean;
  disabled: boolean;
  publicKey: string;
}

/** A mailbox as stored: never anything about who wrote, no time finer than a day but `lastAt`. */
export interface MailboxRecord {
  id: string;
  route: Route;
  lang?: Language;
  /** pkM, base64url. */
  visitorKey: string;
  createdDay: string;
  /** The last letter's time (ms): for the expiry only. */
  lastAt: number;
  status: MailboxStatus;
  letters: number;
  claimedBy: number | null;
  claimedAt: number | null;
}

export interface NewMailbox {
  id: string;
  /** SHA-256 of the lookup id. */
  lookupHash: string;
  route: Route;
  lang?: Language;
  visitorKey: string;
  createdDay: string;
  lastAt: number;
}

export interface LetterRecord {
  id: string;
  /** 1 for the first letter of a mailbox, then one more per letter. */
  seq: number;
  author: Sender;
  day: string;
  nonce: string;
  body: string;
  /** Reader's public key → the content key sealed to it. */
  keys: Record<string, string>;
  /** The counsellor's alias, on an answer. */
  authorAlias?: string;
}

export type NewLetter = Omit<LetterRecord, 'seq'>;

/** A mailbox and its letters, oldest first. */
export interface MailboxWithLetters {
  mailbox: MailboxRecord;
  letters: LetterRecord[];
}

/** A mailbox in a list, with the alias of whoever claimed it. */
export interface MailboxListRow extends MailboxRecord {
  claimedAlias: string | null;
}

/** How a letter changes its mailbox. */
export interface LetterChange {
  at: number;
  status: MailboxStatus;
  /** At most this many letters in the mailbox. */
  maxLetters: number;
  /**
   * An answer by this account: refused while another account's claim, made at
   * `claimedAfter` or later, holds; the claim is released with it.
   */
  answer?: { accountId: number; claimedAfter: number };
}

export type LetterAdded =
  | { ok: true; seq: number; firstAnswer: boolean }
  | { ok: false; error: 'not_found' | 'mailbox_full' | 'claimed' };

export interface NewAccount {
  username: string;
  alias: string;
  role: Role;
  youth: boolean;
  passwordHash: string;
}

export interface StaffSession {
  /** SHA-256 of the cookie's token: the token itself is never stored. */
  idHash: string;
  accountId: number;
  createdAt: number;
  lastSeenAt: number;
}

export interface AuditEntry {
  at: number;
  actorId: number | null;
  action: string;
  /** A short, non-identifying description (never visitor data). */
  detail: string;
}

/** One cell of the aggregated ratings: how many visitors gave `score` that day on a route. */
export interface RatingCount {
  /** YYYY-MM-DD in the service's time zone. */
  day: string;
  route: Route;
  /** 1 = not helpful, 2 = somewhat, 3 = helpful. */
  score: number;
  count: number;
}

export interface Store {
  createAccount(account: NewAccount, now: number): Promise<Account>;
  findAccountByUsername(username: string): Promise<AccountWithSecret | undefined>;
  findAccountById(id: number): Promise<Account | undefined>;
  countAccounts(): Promise<number>;
  listAccounts(): Promise<Account[]>;
  updateAccount(id: number, changes: AccountChanges): Promise<void>;
  /**
   * Sets a new password hash and ends every session of the account. The mailbox key
   * is wrapped under the password: `staffKey` replaces it (re-wrapped under the new
   * one); without it the account's key is deleted (a reset: a new pair is needed).
   */
  setPassword(id: number, passwordHash: string, staffKey?: StaffKeyRecord): Promise<void>;
  setTotpPending(id: number, secret: string | null): Promise<void>;
  /** Turns the second factor on with `secret` (null: off) and forgets any pending one. */
  setTotp(id: number, secret: string | null, step: number): Promise<void>;
  /** Records a used time step; false if it (or a later one) was used already. */
  useTotpStep(id: number, step: number): Promise<boolean>;

  createLink(link: OneTimeLinkRecord): Promise<void>;
  findLink(tokenHash: string, now: number): Promise<OneTimeLinkRecord | undefined>;
  /** Marks a link used; false if it was used already or has expired. Atomic. */
  consumeLink(tokenHash: string, now: number): Promise<boolean>;

  listPhrases(accountId: number): Promise<{ id: number; text: string }[]>;
  addPhrase(accountId: number, text: string): Promise<number>;
  /** False when the phrase is not the account's. */
  removePhrase(accountId: number, id: number): Promise<boolean>;

  addHourly(
    day: string,
    hour: number,
    route: Route,
    counter: HourlyCounter,
    amount: number,
  ): Promise<void>;
  addHistogram(day: string, route: Route, kind: HistogramKind, bucket: number): Promise<void>;
  addWrapUp(day: string, route: Route, field: WrapUpRow['field'], value: string): Promise<void>;
  addMailboxCount(day: string, route: Route, counter: 'received' | 'answered'): Promise<void>;
  /** Counts one ended chat at the highest risk level it reached. */
  addRiskCount(day: string, route: Route, level: RiskLevel): Promise<void>;
  /** Every aggregate row of the days `from` to `to`, inclusive. */
  readStats(from: string, to: string): Promise<StatsRows>;

  getStaffKey(accountId: number): Promise<StaffKeyRecord | undefined>;
  /** Stores (or replaces) the account's mailbox key. */
  setStaffKey(accountId: number, key: StaffKeyRecord, now: number): Promise<void>;
  /** Every account's mailbox public key; the routing rule picks the readers of a route. */
  listStaffKeys(): Promise<StaffKeyHolder[]>;

  /** Starts a mailbox with its first letter; false (and nothing stored) if the lookup exists. */
  createMailbox(mailbox: NewMailbox, letter: NewLetter): Promise<boolean>;
  /** The mailbox behind a lookup's hash and its letters, in one query. */
  findMailbox(lookupHash: string): Promise<MailboxWithLetters | undefined>;
  getMailbox(id: string): Promise<MailboxWithLetters | undefined>;
  /** The mailbox alone, without its letters. */
  peekMailbox(by: { id: string } | { lookupHash: string }): Promise<MailboxRecord | undefined>;
  /** The mailboxes of these routes, those waiting for an answer first, at most `limit`. */
  listMailboxes(routes: readonly Route[], limit: number): Promise<MailboxListRow[]>;
  /** Adds a letter and changes the mailbox with it, in one transaction. */
  addLetter(mailboxId: string, letter: NewLetter, change: LetterChange): Promise<LetterAdded>;
  /**
   * Claims a mailbox for an account unless another's claim made at `claimedAfter` or
   * later holds.
   */
  claimMailbox(
    id: string,
    accountId: number,
    at: number,
    claimedAfter: number,
  ): Promise<'ok' | 'claimed' | 'not_found'>;
  /** Marks a mailbox done and releases its claim; false if there is none. */
  finishMailbox(id: string): Promise<boolean>;
  /** Adds `reader`'s sealed keys to letters of the mailbox that have none for it; how many. */
  addLetterKeys(
    mailboxId: string,
    reader: string,
    keys: readonly { letterId: string; sealed: string }[],
  ): Promise<number>;
  /** Deletes the mailbox behind a lookup's hash and its letters; its route, or undefined. */
  deleteMailbox(lookupHash: string): Promise<Route | undefined>;
  /** Deletes every mailbox whose last letter came before `lastAtBefore`; how many. */
  deleteIdleMailboxes(lastAtBefore: number): Promise<number>;
  /** Mailboxes waiting for an answer, per route. */
  countNewMailboxes(): Promise<Record<Route, number>>;

  createSession(session: StaffSession): Promise<void>;
  findSession(idHash: string): Promise<StaffSession | undefined>;
  touchSession(idHash: string, now: number): Promise<void>;
  deleteSession(idHash: string): Promise<void>;
  /** Removes sessions idle since before `idleBefore` or created before `createdBefore`. */
  deleteExpiredSessions(idleBefore: number, createdBefore: number): Promise<number>;
  deleteSessionsOf(accountId: number): Promise<void>;

  recordAudit(entry: AuditEntry): Promise<void>;
  listAudit(limit: number): Promise<AuditEntry[]>;

  /** The current settings; the defaults until someone saves them. */
  getSettings(): Promise<Settings>;
  saveSettings(settings: Settings, now: number): Promise<void>;

  /** Adds one to a day's count for a route and score; nothing else is kept of the rating. */
  addRating(rating: Omit<RatingCount, 'count'>): Promise<void>;
  listRatings(): Promise<RatingCount[]>;

  close(): Promise<void>;
}

// The routing rule (server/routing.ts), for the callers that read an account's routes here.
export { routesOf } from '../routing.js';
