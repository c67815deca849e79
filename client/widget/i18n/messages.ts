import type { EndReason, Route, Topic } from '../../../shared/protocol/schemas.js';
import type { ErrorCode } from '../../../shared/protocol/errors.js';
import type { LauncherMessages } from './launcher.js';

/** Every text the widget shows. A language that misses a key does not compile. */
export interface WidgetMessages extends LauncherMessages {
  title: string;
  hide: string;
  quickExitHint: string;
  danger: string;
  /** The optional question beside the route choice; its answer is never required. */
  dangerQuestion: string;
  dangerYes: string;
  dangerNo: string;
  /** The large link that calls 112 (the number written in it, for a desktop too). */
  dangerCall: string;
  /** Under it, after "yes": call first if you can, and the chat is still there. */
  dangerStillChat: string;
  intro: string;
  anonymous: string;
  chooseRoute: string;
  routeAdult: string;
  routeYouth: string;
  /** "You can also call 021-41 32 60.": beside a chat that can be started. */
  phone: (number: string) => string;
  /** "Call 021-41 32 60.": the route's chat is closed, calling is the way now. */
  call: (number: string) => string;
  /** The same, when the phone line's hours are set and it answers now. */
  callNow: (number: string) => string;
  /** The phone line's hours are set and it is closed too: when it answers next. */
  phoneOpens: (number: string, when: string) => string;
  /** Every route's chat is closed. */
  allClosed: string;
  /** Under `allClosed`, per route: when its chat opens. */
  opens: (when: string) => string;
  /** Above the lines that answer around the clock. */
  aroundTheClock: string;
  /** The route's name, shown with its opening state. */
  routeName: (route: Route) => string;
  /** Monday first. */
  weekdays: readonly [string, string, string, string, string, string, string];
  /** When a closed route opens, e.g. "today at 18:00", "tomorrow at 09:00", "on Monday at 09:00". */
  opensAt: (inDays: number, weekday: string, time: string) => string;
  closedUntil: (when: string) => string;
  closedForNow: string;
  /** A date exception closes the chat all of today (Midsummer Eve, say). */
  closedToday: string;
  /** "YYYY-MM-DD" as day and month, after the weekday of an opening a week or more ahead. */
  dayOfMonth: (date: string) => string;
  /** On the first screen: open, but no volunteer on duty. Said once, not per route. */
  nobodyAvailable: string;
  /** In the queue with no volunteer on duty: the honest word on the wait. */
  nobodyOnDuty: string;
  /** About how long the wait is, in whole minutes. */
  estimate: (minutes: number) => string;
  languageLabel: string;
  queuePosition: (position: number) => string;
  leaveQueue: string;
  whileYouWait: string;
  topicLabel: string;
  topic: (topic: Topic) => string;
  preferredLanguage: string;
  noPreference: string;
  detailsSaved: string;
  reconnecting: string;
  resumed: string;
  handedOver: (alias: string) => string;
  counsellorAway: string;
  counsellorBack: string;
  /** New keys came without the same volunteer's proof. */
  unverified: string;
  /** A colleague took over: may they read the conversation so far? */
  shareQuestion: (alias: string) => string;
  shareYes: string;
  shareNo: string;
  shared: string;
  kept: string;
  requeued: string;
  handedBack: string;
  showSafetyWords: string;
  hideSafetyWords: string;
  rateQuestion: string;
  rate: (score: 1 | 2 | 3) => string;
  rateThanks: string;
  keying: string;
  talkingWith: (alias: string) => string;
  safetyWords: string;
  safetyWordsHint: string;
  messages: string;
  you: string;
  counsellor: string;
  message: string;
  send: string;
  endChat: string;
  /** "End chat" asks first: the question, what it means, and the way back. */
  confirmEndTitle: string;
  confirmEndText: string;
  keepChatting: string;
  /** A volunteer's new message as a screen reader announces it. */
  announceMessage: (alias: string, text: string) => string;
  sending: string;
  sent: string;
  failed: string;
  retry: string;
  typing: (alias: string) => string;
  ended: string;
  endReason: (reason: EndReason) => string;
  close: string;
  /** The mailbox's offer (the server says someone can read letters): how soon we answer. */
  mailboxOffer: (days: number) => string;
  /** Starts a letter (docs/PROTOCOL.md §21); the mailbox's own texts are in mailbox.ts. */
  writeToUs: string;
  /** On the queue screen when nobody is on duty: leave the queue for a letter. */
  writeInstead: string;
  /** Comes back to a letter's conversation with the return code. */
  haveCode: string;
  /** An error in words; `phone` is the chosen route's number, for those that say to call. */
  error: (code: ErrorCode | 'network', phone: string) => string;
}

/** The lines' numbers until the service's own settings have loaded. */
export const DEFAULT_PHONE: Record<Route, string> = {
  adult: '021-41 32 60',
  youth: '010-567 63 25',
};
