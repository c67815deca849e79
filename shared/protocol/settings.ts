import { z } from 'zod';
import { LANGUAGES, type Language, type Route } from './schemas.js';

/*
 * The service's settings: what a coordinator changes without a deploy. Held in the
 * durable store, validated with these schemas whenever they are read or written.
 */

/** "HH:MM", 00:00 to 24:00. */
export const ClockTime = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'HH:MM');

/** One opening span within a day; `close` after `open` (24:00 closes at midnight). */
export const Span = z
  .object({ open: ClockTime, close: ClockTime })
  .strict()
  .refine((span) => span.open < span.close, { message: 'close must be after open' });
export type Span = z.infer<typeof Span>;

/** Seven days, Monday first, each a list of opening spans (empty: closed all day). */
export const WeeklyHours = z.array(z.array(Span).max(4)).length(7);
export type WeeklyHours = z.infer<typeof WeeklyHours>;

/** At most this many date exceptions per route: a year's holidays, not a diary. */
export const MAX_DATE_EXCEPTIONS = 60;

/** Whether "YYYY-MM-DD" names a day the calendar has (no 30 February). */
export function isCalendarDate(date: string): boolean {
  const [year = 0, month = 0, day = 0] = date.split('-').map(Number);
  const real = new Date(Date.UTC(year, month - 1, day));
  return (
    real.getUTCFullYear() === year && real.getUTCMonth() === month - 1 && real.getUTCDate() === day
  );
}

/** A day of the calendar, "YYYY-MM-DD", in the service's time zone. */
export const CalendarDate = z
  .string()
  .regex(/^20\d\d-\d\d-\d\d$/, 'YYYY-MM-DD')
  .refine(isCalendarDate, 'not a date');

/**
 * One date whose spans replace its weekday's (empty: closed all day), e.g. closed on
 * Midsummer Eve or open longer on a given day.
 */
export const DateException = z.object({ date: CalendarDate, spans: z.array(Span).max(4) }).strict();
export type DateException = z.infer<typeof DateException>;

/** A route's date exceptions: each date once (a repeated date is refused where it repeats). */
export const DateExceptions = z
  .array(DateException)
  .max(MAX_DATE_EXCEPTIONS)
  .superRefine((exceptions, ctx) => {
    const seen = new Set<string>();
    exceptions.forEach((exception, index) => {
      if (seen.has(exception.date)) {
        ctx.addIssue({ code: 'custom', path: [index, 'date'], message: 'date given twice' });
      }
      seen.add(exception.date);
    });
  });

/** A Swedish phone number as people write it: digits, spaces, hyphens, a leading +. */
export const PhoneNumber = z
  .string()
  .min(3)
  .max(32)
  .regex(/^\+?[\d\s-]+$/);

export const RouteSettings = z
  .object({
    /** The line visitors can call instead; shown in the widget. */
    phone: PhoneNumber,
    hours: WeeklyHours,
    /**
     * When that phone line answers. Absent: not stated, and the widget names the number
     * without hours (it cannot say whether someone answers now).
     */
    phoneHours: WeeklyHours.optional(),
    /**
     * Dates whose spans replace the week's for the chat. Absent (as in settings stored
     * before it existed): none.
     */
    exceptions: DateExceptions.optional(),
  })
  .strict();
export type RouteSettings = z.infer<typeof RouteSettings>;

/** Letters when the chat is closed (docs/PROTOCOL.md §21). */
export const MailboxSettings = z
  .object({
    /** Whether the widget offers "write to us". */
    enabled: z.boolean(),
    /** The promise the widget makes: "we answer within N days". */
    answerWithinDays: z.number().int().min(1).max(30),
    /** A mailbox is deleted this many days after its last letter. */
    keepDays: z.number().int().min(1).max(90),
  })
  .strict();
export type MailboxSettings = z.infer<typeof MailboxSettings>;

export const DEFAULT_MAILBOX_SETTINGS: MailboxSettings = {
  enabled: true,
  answerWithinDays: 3,
  keepDays: 30,
};

/** "End and block" keeps a visitor out for a day unless the coordinator sets otherwise. */
export const DEFAULT_BLOCK_HOURS = 24;

/** A line that answers around the clock (another organisation's), shown when the chat is closed. */
export const Helpline = z
  .object({
    name: z.string().trim().min(1).max(80),
    phone: PhoneNumber,
  })
  .strict();
export type Helpline = z.infer<typeof Helpline>;

/** At most this many 24-hour lines per route: a closed screen is read on a phone. */
export const MAX_HELPLINES = 6;

/** Minutes after which a chat suggests a pause and a debrief, until a coordinator sets it. */
export const DEFAULT_DEBRIEF_AFTER_MINUTES = 45;

/**
 * Zones already found valid. ICU builds a whole formatter to check one (a tenth of a
 * millisecond here), and the server parses the settings on every read: a chat's start
 * read them several times. Only valid zones are kept, at most a hundred.
 */
const knownZones = new Set<string>();

function isTimeZone(zone: string): boolean {
  if (knownZones.has(zone)) return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
  } catch {
    return false;
  }
  if (knownZones.size < 100) knownZones.add(zone);
  return true;
}

export const Settings = z
  .object({
    /** IANA time zone the opening hours are written in. */
    timeZone: z.string().max(64).refine(isTimeZone, 'unknown time zone'),
    /** Where quick exit sends the visitor: a neutral, ordinary https page. */
    exitUrl: z.url({ protocol: /^https$/ }).max(512),
    routes: z.object({ adult: RouteSettings, youth: RouteSettings }).strict(),
    /** A short notice the widget shows above the choice, per language (e.g. holiday hours). */
    notice: z
      .object(
        Object.fromEntries(
          LANGUAGES.map((lang) => [lang, z.string().trim().max(500).optional()]),
        ) as {
          [L in Language]: z.ZodOptional<z.ZodString>;
        },
      )
      .strict()
      .default({}),
    /** The organisation's ready phrases, offered to every counsellor. */
    phrases: z.array(z.string().trim().min(1).max(500)).max(100).default([]),
    /** Sites allowed to embed the widget, besides ALLOWED_ORIGINS from the environment. */
    allowedOrigins: z
      .array(
        z
          .url({ protocol: /^https?$/ })
          .max(200)
          .transform((url) => new URL(url).origin),
      )
      .max(50)
      .default([]),
    mailbox: MailboxSettings.default(DEFAULT_MAILBOX_SETTINGS),
    /**
     * Help open around the clock, per route, named on the closed screen. Beside `routes`
     * rather than in them, so settings stored before this field existed get the defaults
     * (the store fills missing top-level fields from DEFAULT_SETTINGS) instead of none.
     */
    helplines: z
      .object({
        adult: z.array(Helpline).max(MAX_HELPLINES),
        youth: z.array(Helpline).max(MAX_HELPLINES),
      })
      .strict()
      .default(() => structuredClone(DEFAULT_HELPLINES)),
    /**
     * How long "End and block" keeps a visitor's network out of the chat, in hours
     * (server/limits/block-list.ts); nothing about the block outlives it.
     */
    blockHours: z.number().int().min(1).max(168).default(DEFAULT_BLOCK_HOURS),
    /**
     * A chat longer than this (minutes from when it was answered) ends with the console
     * suggesting a pause and offering to ask a supervisor for a debrief, as an acute one does.
     */
    debriefAfterMinutes: z.number().int().min(5).max(600).default(DEFAULT_DEBRIEF_AFTER_MINUTES),
  })
  .strict();
export type Settings = z.infer<typeof Settings>;

const KVINNOFRIDSLINJEN: Helpline = { name: 'Kvinnofridslinjen', phone: '020-50 50 50' };
const BRIS: Helpline = { name: 'BRIS', phone: '116 111' };

/** Kvinnofridslinjen for everyone, and BRIS (children and young people) for under 20s. */
export const DEFAULT_HELPLINES: Record<Route, Helpline[]> = {
  adult: [KVINNOFRIDSLINJEN],
  youth: [BRIS, KVINNOFRIDSLINJEN],
};

const ALWAYS: WeeklyHours = Array.from({ length: 7 }, () => [{ open: '00:00', close: '24:00' }]);

/**
 * A fresh installation: open around the clock until the coordinator sets real hours
 * (the widget then tells visitors nobody is available, with the phone number,
 * whenever no volunteer is signed in), the city's two phone lines, and a weather
 * search as the neutral page.
 */
export const DEFAULT_SETTINGS: Settings = {
  timeZone: 'Europe/Stockholm',
  exitUrl: 'https://www.google.com/search?q=v%C3%A4der',
  routes: {
    adult: { phone: '021-41 32 60', hours: ALWAYS },
    youth: { phone: '010-567 63 25', hours: ALWAYS },
  },
  notice: {},
  phrases: [
    'Hej, jag heter {namn} och är volontär här. Vad vill du prata om?',
    'Tack för att du berättar. Det du varit med om är inte ditt fel.',
    'Är du i fara just nu? Ring 112.',
    'Vill du att jag berättar hur en polisanmälan går till?',
  ],
  allowedOrigins: [],
  mailbox: DEFAULT_MAILBOX_SETTINGS,
  helplines: DEFAULT_HELPLINES,
  blockHours: DEFAULT_BLOCK_HOURS,
  debriefAfterMinutes: DEFAULT_DEBRIEF_AFTER_MINUTES,
};

/** When a route opens next, in the settings' time zone. */
export interface NextOpening {
  /** 0 = Monday … 6 = Sunday. */
  weekday: number;
  time: string;
  /** 0 = later today, 1 = tomorrow, …; beyond 7 only when date exceptions close days. */
  inDays: number;
  /** "YYYY-MM-DD", set when the opening is a week or more ahead (a weekday would mislead). */
  date?: string;
}

/** What the widget needs to know about a route before a visitor chooses it. */
export interface RouteStatus {
  open: boolean;
  /** Set when closed and some opening exists in the week. */
  nextOpening?: NextOpening;
  /** Set when a date exception closes the chat all of today (the widget says so). */
  closedToday?: true;
  phone: string;
  /** The phone line now, when its hours are set; absent when they are not. */
  phoneLine?: { open: boolean; nextOpening?: NextOpening };
  /** Lines open around the clock, for when the chat (and perhaps the phone) is not. */
  helplines: Helpline[];
  /** Volunteers signed in, marked available and serving this route. */
  available: number;
  waiting: number;
  /** Estimated wait for a newcomer in seconds, from recent real waits; absent when unknown. */
  estimateSeconds?: number;
}

/** `status:get`'s answer: everything the widget shows before the chat. */
export interface ServiceStatus {
  routes: Record<Route, RouteStatus>;
  exitUrl: string;
  /** The coordinator's notice, per language; absent where none is set. */
  notice?: Partial<Record<Language, string>>;
  /** Present when visitors may write letters: the answer is promised within these days. */
  mailbox?: { answerWithinDays: number };
}
