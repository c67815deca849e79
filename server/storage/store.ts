import type { Role, Route } from '../../shared/protocol/schemas.js';
import type { Settings } from '../../shared/protocol/settings.js';

/*
 * The durable store: the few things Jourchatt keeps (DESIGN.md, "What is stored").
 * Nothing about a visitor ever goes through this interface. SQLite implements it by
 * default; a PostgreSQL implementation slots in behind the same contract.
 */

export interface Account {
  id: number;
  username: string;
  /** The name visitors and colleagues see; never the username. */
  alias: string;
  role: Role;
  /** Trained for the under-20 route. */
  youth: boolean;
  disabled: boolean;
  createdAt: number;
}

export interface AccountWithSecret extends Account {
  passwordHash: string;
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

  createSession(session: StaffSession): Promise<void>;
  findSession(idHash: string): Promise<StaffSession | undefined>;
  touchSession(idHash: string, now: number): Promise<void>;
  deleteSession(idHash: string): Promise<void>;
  /** Removes sessions idle since before `idleBefore` or created before `createdBefore`. */
  deleteExpiredSessions(idleBefore: number, createdBefore: number): Promise<number>;

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

/** The routes an account answers: every counsellor the adult line, the trained ones also youth. */
export function routesOf(account: Pick<Account, 'youth'>): Route[] {
  return account.youth ? ['adult', 'youth'] : ['adult'];
}
