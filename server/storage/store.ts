import type { AccountView } from '../../shared/protocol/admin.js';
import type { Language, Role, Route } from '../../shared/protocol/schemas.js';
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

export interface HistogramRow {
  day: string;
  route: Route;
  kind: 'wait' | 'duration';
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

export interface StatsRows {
  hourly: HourlyRow[];
  histograms: HistogramRow[];
  wrapUps: WrapUpRow[];
  ratings: RatingCount[];
}

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
  /** Sets a new password hash and ends every session of the account. */
  setPassword(id: number, passwordHash: string): Promise<void>;
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
  addHistogram(day: string, route: Route, kind: 'wait' | 'duration', bucket: number): Promise<void>;
  addWrapUp(day: string, route: Route, field: WrapUpRow['field'], value: string): Promise<void>;
  /** Every aggregate row of the days `from` to `to`, inclusive. */
  readStats(from: string, to: string): Promise<StatsRows>;

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
