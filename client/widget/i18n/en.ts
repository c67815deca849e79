import { LAUNCHER } from './launcher.js';
import { dayAndMonth } from './dates.js';
import type { WidgetMessages } from './messages.js';

export const en: WidgetMessages = {
  ...LAUNCHER.en,
  title: 'Chat with Brottsofferjouren (Victim Support)',
  hide: 'Hide chat',
  quickExitHint: 'Press Esc twice to leave this page quickly.',
  danger: 'In danger? Call 112.',
  dangerQuestion: 'Are you in danger right now?',
  dangerYes: 'Yes',
  dangerNo: 'No',
  dangerCall: 'Call 112',
  dangerStillChat:
    'Call 112 now if you can. You can also chat with us: choose below, and you go ahead of others in the queue.',
  intro:
    'You will chat with a trained volunteer from Victim Support. You are anonymous, the chat is encrypted and nothing is saved.',
  anonymous: 'You do not have to say who you are.',
  chooseRoute: 'Choose what fits you:',
  routeAdult: 'I am 20 or older',
  routeYouth: 'I am under 20',
  phone: (number) => `You can also call ${number}.`,
  call: (number) => `Call ${number}.`,
  callNow: (number) => `Call ${number}: the phone line is open now.`,
  phoneOpens: (number, when) => `The phone line, ${number}, opens ${when}.`,
  routeName: (route) => ({ adult: '20 or older', youth: 'Under 20' })[route],
  weekdays: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
  opensAt: (inDays, weekday, time) =>
    inDays === 0
      ? `today at ${time}`
      : inDays === 1
        ? `tomorrow at ${time}`
        : `on ${weekday} at ${time}`,
  closedUntil: (when) => `The chat is closed now. It opens ${when}.`,
  closedForNow: 'The chat is closed for now.',
  closedToday: 'The chat is closed today.',
  dayOfMonth: (date) => dayAndMonth('en-GB', date),
  allClosed: 'The chat is closed now.',
  opens: (when) => `It opens ${when}.`,
  aroundTheClock: 'Open around the clock:',
  nobodyAvailable: 'No volunteer is free right now. You can still wait in the queue.',
  nobodyOnDuty: 'No volunteer is free right now. You keep your place; it may take a while.',
  estimate: (minutes) =>
    `Estimated wait: about ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`,
  languageLabel: 'Language',
  queuePosition: (position) => `You are number ${position} in the queue.`,
  leaveQueue: 'Leave queue',
  whileYouWait: 'While you wait, you can tell the volunteer a little if you like.',
  topicLabel: 'I am writing as',
  topic: (topic) =>
    ({
      victim: 'the person it happened to',
      witness: 'a witness',
      relative: 'a relative or friend',
      other: 'something else',
    })[topic],
  preferredLanguage: 'Language I prefer to write in',
  noPreference: 'No preference',
  detailsSaved: 'Thank you, the volunteer will see this when the chat starts.',
  reconnecting: 'Reconnecting…',
  resumed: 'You are back in your chat.',
  handedOver: (alias) => `The chat was handed over. You are now talking with ${alias}.`,
  counsellorAway:
    'The volunteer’s connection dropped. Please wait: your messages are sent when they are back.',
  counsellorBack: 'The volunteer is back.',
  unverified:
    'We could not confirm that this is the same volunteer as before. Compare the safety words with them before you write anything private.',
  shareQuestion: (alias) =>
    `${alias} is taking over the chat. May ${alias} read what you have written so far?`,
  shareYes: 'Yes, share the conversation',
  shareNo: 'No, start afresh',
  shared: 'The conversation so far was sent to the new volunteer.',
  kept: 'The new volunteer sees only what is written from now on.',
  requeued:
    'The volunteer did not come back. You are in the queue again, at the same place. The next free volunteer will take over.',
  handedBack:
    'The volunteer handed your chat on. You are in the queue again, at the same place. The next free volunteer will take over.',
  showSafetyWords: 'Show safety words',
  hideSafetyWords: 'Hide safety words',
  rateQuestion: 'Did the chat help you?',
  rate: (score) => ({ 1: 'No', 2: 'Partly', 3: 'Yes' })[score],
  rateThanks: 'Thank you for your answer.',
  keying: 'Setting up an encrypted chat…',
  talkingWith: (alias) => `You are talking with ${alias}.`,
  safetyWords: 'Safety words',
  safetyWordsHint: 'The volunteer sees the same words. Call us if you want to check them.',
  messages: 'Messages',
  you: 'You',
  counsellor: 'Volunteer',
  message: 'Message',
  send: 'Send',
  endChat: 'End chat',
  confirmEndTitle: 'End the chat?',
  confirmEndText:
    'You and the volunteer will not be able to write to each other in this chat again.',
  keepChatting: 'Keep chatting',
  announceMessage: (alias, text) => `Message from ${alias}: ${text}`,
  sending: 'Sending…',
  sent: 'Delivered',
  failed: 'Not sent',
  retry: 'Retry',
  typing: (alias) => `${alias} is typing…`,
  ended: 'The chat has ended.',
  endReason: (reason) =>
    ({
      ended_by_visitor: 'You ended the chat.',
      ended_by_counsellor: 'The volunteer ended the chat.',
      visitor_disconnected: 'The connection was lost.',
      counsellor_disconnected: 'The volunteer lost their connection.',
      server_shutdown: 'The service is restarting.',
      transferred: 'The chat was handed over.',
    })[reason],
  close: 'Close',
  mailboxOffer: (days) => `Write to us: we answer within ${days} ${days === 1 ? 'day' : 'days'}.`,
  writeToUs: 'Write to us',
  writeInstead: 'Leave the queue and write to us',
  haveCode: 'I have a code',
  error: (code, phone) =>
    ({
      queue_full: `The queue is full right now. Please call ${phone} instead.`,
      closed: `The chat is not taking new conversations right now. Please call ${phone} instead.`,
      unavailable: `The chat is not available right now. You can call ${phone}. In an emergency, call 112.`,
      rate_limited: 'Too many tries. Wait a moment and try again.',
      network: 'No connection. Check your internet and try again.',
    })[code as string] ?? 'Something went wrong. Try again or call us.',
};
