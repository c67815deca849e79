import { z } from 'zod';
import {
  ChatId,
  type Language,
  Role,
  ROUTES,
  StaffKeyRecord,
  SPOKEN_LANGUAGES,
  SpokenLanguage,
  TOPICS,
  type Route,
} from './schemas.js';

/*
 * The console's HTTP API beyond signing in: accounts, invitations, the second factor,
 * settings, ready phrases, the live board, statistics and the audit log. Every body
 * is parsed with these schemas; an unknown key is refused.
 */

export const Username = z
  .string()
  .trim()
  .min(2)
  .max(64)
  .regex(/^[\p{L}\p{N}._-]+$/u);
export const Alias = z.string().trim().min(1).max(40);
/** Long enough to resist guessing, short enough for argon2 to stay cheap. */
/** The shortest password an account may get, from the console or `npm run user`. */
export const MIN_PASSWORD_LENGTH = 12;
export const NewPassword = z.string().min(MIN_PASSWORD_LENGTH).max(256);
export const TotpCode = z.string().regex(/^\d{6}$/);

export const AccountPatch = z
  .object({
    role: z.optional(Role),
    youth: z.boolean().optional(),
    languages: z.array(SpokenLanguage).max(SPOKEN_LANGUAGES.length).optional(),
    disabled: z.boolean().optional(),
    alias: Alias.optional(),
  })
  .strict();
export type AccountPatch = z.infer<typeof AccountPatch>;

/** The console's own languages (the widget has more). */
export const CONSOLE_LANGUAGES = ['sv', 'en'] as const;
export const ConsoleLanguage = z.enum(CONSOLE_LANGUAGES);
export type ConsoleLanguage = z.infer<typeof ConsoleLanguage>;

export const InviteCreate = z
  .object({
    role: Role,
    youth: z.boolean(),
    languages: z.array(SpokenLanguage).max(SPOKEN_LANGUAGES.length),
    /** The inviter's console language: the link opens the console in it. */
    lang: ConsoleLanguage.optional(),
  })
  .strict();
export type InviteCreate = z.infer<typeof InviteCreate>;

/** A password-reset link asked for: in the admin's console language. */
export const ResetCreate = z.object({ lang: ConsoleLanguage.optional() }).strict();
export type ResetCreate = z.infer<typeof ResetCreate>;

/** An account's or a phrase's id as it appears in a URL path: digits, no leading zero. */
export const NumericId = z
  .string()
  .regex(/^[1-9]\d{0,8}$/)
  .transform(Number);

/** A one-time link's token: 32 random bytes, base64url. */
export const LinkToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

/** Accepting an invitation (username, alias, password) or a reset (password only). */
export const LinkAccept = z
  .object({
    username: Username.optional(),
    alias: Alias.optional(),
    password: NewPassword,
  })
  .strict();
export type LinkAccept = z.infer<typeof LinkAccept>;

/**
 * The one-time token travels in the body of a POST, never in a path or a query, where
 * a proxy's access log would keep it.
 */
export const LinkLookup = z.object({ token: LinkToken }).strict();
export const LinkUse = LinkAccept.extend({ token: LinkToken }).strict();

/**
 * A new password, with the account's mailbox key re-wrapped under it in the console
 * (docs/PROTOCOL.md §21.4): required when the account has one, so the key and the
 * password change together or not at all.
 */
export const PasswordChange = z
  .object({
    current: z.string().min(1).max(256),
    password: NewPassword,
    staffKey: z.optional(StaffKeyRecord),
  })
  .strict();

export const TotpConfirm = z.object({ code: TotpCode }).strict();

export const PhraseText = z.string().trim().min(1).max(500);
export const PhraseCreate = z.object({ text: PhraseText }).strict();

/** Each role may do what the ones below it may. */
const ROLE_RANK: Record<Role, number> = { counsellor: 0, supervisor: 1, admin: 2 };

/** True if `role` may do what `least` may. */
export function roleAtLeast(role: Role, least: Role): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[least];
}

/** A staff account, as the store keeps it and the admin page lists it (never a secret). */
export interface AccountView {
  id: number;
  username: string;
  /** The name visitors and colleagues see; never the username. */
  alias: string;
  role: Role;
  /** Trained for the under-20 route. */
  youth: boolean;
  languages: Language[];
  disabled: boolean;
  /** A second factor is set up (the secret itself stays in the store). */
  totpEnabled: boolean;
  createdAt: number;
}

/**
 * Every action the audit log records (the console shows each in its own words, never
 * the code): staff sign-ins, accounts, links, passwords, the second factor, settings.
 */
export const AUDIT_ACTIONS = [
  'login',
  'login_failed',
  'logout',
  'account_created',
  'account_created_cli',
  'account_changed',
  'invite_created',
  'password_changed',
  'password_reset_link',
  'password_set_by_link',
  'totp_enabled',
  'settings_changed',
  'settings_changed_cli',
  'settings_reset_cli',
  /** A counsellor ended a chat and blocked its visitor's network (nothing about which). */
  'visitor_blocked',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface OneTimeLink {
  url: string;
  expiresAt: number;
}

export interface LinkInfo {
  kind: 'invite' | 'reset';
  role: Role;
}

export interface TotpSetup {
  secret: string;
  uri: string;
}

export interface Phrases {
  shared: string[];
  own: { id: number; text: string }[];
}

// ------------------------------------------------------------------ wrap-up

export const CRIMES = [
  'violence',
  'threat',
  'sexual',
  'domestic',
  'robbery_theft',
  'fraud',
  'hate',
  'harassment',
  'other',
] as const;
/** How the visitor was affected: the same choices as the topic they may give while waiting. */
export const AFFECTED = TOPICS;
export const REFERRALS = [
  'police',
  'healthcare',
  'social_services',
  'shelter',
  'legal',
  'other',
] as const;

/** After a chat: anonymous categories, counted per day and route, nothing else. */
export const WrapUp = z
  .object({
    chatId: ChatId,
    crime: z.enum(CRIMES),
    affected: z.enum(AFFECTED),
    referrals: z.array(z.enum(REFERRALS)).max(REFERRALS.length),
  })
  .strict();
export type WrapUp = z.infer<typeof WrapUp>;

// ------------------------------------------------------------------ board and statistics

export interface BoardCounsellor {
  alias: string;
  available: boolean;
  chats: number;
  capacity: number;
  /** On a break now. */
  onBreak: boolean;
  /** Chats accepted in a row: since the last break or the shift's start (a count only). */
  inARow: number;
  /** Chats they marked acute in this shift (a count only; see Queue.startShift). */
  acuteThisShift: number;
}

export interface Board {
  routes: Record<
    Route,
    {
      waiting: number;
      /** Of those waiting, how many said they are in danger right now. */
      urgent: number;
      longestWaitSeconds: number;
      available: number;
      /** Mailboxes waiting for an answer. */
      mailboxes: number;
    }
  >;
  counsellors: BoardCounsellor[];
  /** `urgent`: the visitor said they are in danger right now. */
  chats: {
    route: Route;
    status: 'queued' | 'talking';
    seconds: number;
    urgent?: true;
    /** Marked acute now: with the counsellor's display name, for a supervisor to step in. */
    acute?: { alias: string };
  }[];
}

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/** The tables the statistics export as CSV: per day, per hour of the week, per category. */
export const STATS_TABLES = ['days', 'hours', 'categories', 'mailboxes'] as const;
export type StatsTable = (typeof STATS_TABLES)[number];

/**
 * A period of days, both ends included, or neither: then the last 30 days up to today
 * on the service's calendar (its time zone in the settings), as the report says.
 */
export const StatsQuery = z
  .object({ from: Day.optional(), to: Day.optional(), table: z.enum(STATS_TABLES).optional() })
  .strict()
  .refine((q) => (q.from === undefined) === (q.to === undefined), {
    message: 'from and to come together',
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, {
    message: 'from after to',
  });
export type StatsQuery = z.infer<typeof StatsQuery>;

/** Upper bounds (seconds) of the wait-time histogram's buckets; the last is open. */
export const WAIT_BUCKETS = [15, 30, 60, 120, 300, 600, 1200, 2400] as const;
/** Upper bounds (seconds) of the chat-length histogram's buckets; the last is open. */
export const DURATION_BUCKETS = [300, 600, 1200, 1800, 2700, 3600, 5400] as const;

/** Upper bounds (days) of the days-to-first-answer histogram of mailboxes; the last is open. */
export const ANSWER_DAY_BUCKETS = [0, 1, 2, 3, 5, 7, 14] as const;

/** A bucket as text: "<=120" (seconds), or ">2400" for the open one. */
export function bucketLabel(bounds: readonly number[], index: number): string {
  return index < bounds.length ? `<=${bounds[index]}` : `>${bounds.at(-1)}`;
}

export interface DayRow {
  day: string;
  route: Route;
  offered: number;
  answered: number;
  abandoned: number;
  /** Index into WAIT_BUCKETS of the bucket holding the median / 90th percentile wait; null: no data. */
  waitP50Bucket: number | null;
  waitP90Bucket: number | null;
}

export interface StatsReport {
  from: string;
  to: string;
  days: DayRow[];
  /** Offered chats per weekday (0 = Monday) and hour, summed over the period. */
  demand: number[][];
  /** Average counsellors available per weekday and hour over the period. */
  staffed: number[][];
  /** Bucket counts over the period, all routes. */
  waitHistogram: number[];
  durationHistogram: number[];
  /** `count` null: between 1 and SMALL_COUNT − 1, shown as "< 5" (see SMALL_COUNT). */
  wrapUps: { field: 'crime' | 'affected' | 'referral'; value: string; count: number | null }[];
  ratings: { score: number; count: number | null }[];
  /**
   * Answered chats by the highest risk level each reached, per day (it ended) and route;
   * every count under the small-count rule.
   */
  risk: {
    day: string;
    route: Route;
    none: number | null;
    concern: number | null;
    acute: number | null;
  }[];
  /** Letters when the chat is closed; every count under the small-count rule. */
  mailboxes: {
    /** Started that day, and first answered that day, per route. */
    days: { day: string; route: Route; received: number | null; answered: number | null }[];
    /** Days from a mailbox's start to its first answer, in ANSWER_DAY_BUCKETS, all routes. */
    answerDays: (number | null)[];
  };
}

/**
 * A category counted fewer times than this is never shown as its number, in the page
 * or the CSV: on a quiet day a count of one can name what happened to one person.
 */
export const SMALL_COUNT = 5;

/** A category's count as the statistics may show it: null for 1 to SMALL_COUNT − 1. */
export function shownCount(count: number): number | null {
  return count > 0 && count < SMALL_COUNT ? null : count;
}

export { ROUTES };
