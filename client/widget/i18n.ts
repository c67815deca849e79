import type { EndReason, Route } from '../../shared/protocol/schemas.js';
import type { ErrorCode } from '../../shared/protocol/errors.js';

/** Every text the widget shows. A language that misses a key does not compile. */
export interface WidgetMessages {
  dir: 'ltr' | 'rtl';
  openChat: string;
  title: string;
  hide: string;
  quickExit: string;
  quickExitHint: string;
  danger: string;
  intro: string;
  anonymous: string;
  chooseRoute: string;
  routeAdult: string;
  routeYouth: string;
  phone: (route: Route) => string;
  connecting: string;
  queuePosition: (position: number) => string;
  leaveQueue: string;
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
  sending: string;
  sent: string;
  failed: string;
  retry: string;
  typing: (alias: string) => string;
  ended: string;
  endReason: (reason: EndReason) => string;
  close: string;
  error: (code: ErrorCode | 'network') => string;
}

const PHONE: Record<Route, string> = { adult: '021-41 32 60', youth: '010-567 63 25' };

const sv: WidgetMessages = {
  dir: 'ltr',
  openChat: 'Öppna chatten',
  title: 'Chatta med Brottsofferjouren',
  hide: 'Dölj chatten',
  quickExit: 'Lämna snabbt',
  quickExitHint: 'Tryck Esc två gånger för att lämna sidan snabbt.',
  danger: 'Är du i fara? Ring 112.',
  intro:
    'Här chattar du med en utbildad volontär på Brottsofferjouren. Du är anonym, chatten är krypterad och ingenting sparas.',
  anonymous: 'Du behöver inte säga vem du är.',
  chooseRoute: 'Välj det som stämmer för dig:',
  routeAdult: 'Jag är 20 år eller äldre',
  routeYouth: 'Jag är under 20 år',
  phone: (route) => `Du kan också ringa ${PHONE[route]}.`,
  connecting: 'Ansluter…',
  queuePosition: (position) => `Du är nummer ${position} i kön.`,
  leaveQueue: 'Lämna kön',
  keying: 'Kopplar upp en krypterad chatt…',
  talkingWith: (alias) => `Du chattar med ${alias}.`,
  safetyWords: 'Säkerhetsord',
  safetyWordsHint: 'Samma ord visas för volontären. Ring oss om du vill kontrollera dem.',
  messages: 'Meddelanden',
  you: 'Du',
  counsellor: 'Volontären',
  message: 'Meddelande',
  send: 'Skicka',
  endChat: 'Avsluta chatten',
  sending: 'Skickas…',
  sent: 'Skickat',
  failed: 'Kunde inte skickas',
  retry: 'Försök igen',
  typing: (alias) => `${alias} skriver…`,
  ended: 'Chatten är avslutad.',
  endReason: (reason) =>
    ({
      ended_by_visitor: 'Du avslutade chatten.',
      ended_by_counsellor: 'Volontären avslutade chatten.',
      visitor_disconnected: 'Anslutningen bröts.',
      counsellor_disconnected: 'Volontären tappade anslutningen.',
      server_shutdown: 'Tjänsten startas om.',
    })[reason],
  close: 'Stäng',
  error: (code) =>
    ({
      queue_full: 'Kön är full just nu. Ring oss gärna i stället.',
      closed: 'Chatten tar inte emot nya samtal just nu. Ring oss gärna i stället.',
      rate_limited: 'För många försök. Vänta en stund och försök igen.',
      network: 'Ingen anslutning. Kontrollera internet och försök igen.',
    })[code as string] ?? 'Något gick fel. Försök igen eller ring oss.',
};

const en: WidgetMessages = {
  dir: 'ltr',
  openChat: 'Open chat',
  title: 'Chat with Brottsofferjouren (Victim Support)',
  hide: 'Hide chat',
  quickExit: 'Quick exit',
  quickExitHint: 'Press Esc twice to leave this page quickly.',
  danger: 'In danger? Call 112.',
  intro:
    'You will chat with a trained volunteer from Victim Support. You are anonymous, the chat is encrypted and nothing is saved.',
  anonymous: 'You do not have to say who you are.',
  chooseRoute: 'Choose what fits you:',
  routeAdult: 'I am 20 or older',
  routeYouth: 'I am under 20',
  phone: (route) => `You can also call ${PHONE[route]}.`,
  connecting: 'Connecting…',
  queuePosition: (position) => `You are number ${position} in the queue.`,
  leaveQueue: 'Leave queue',
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
  sending: 'Sending…',
  sent: 'Sent',
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
    })[reason],
  close: 'Close',
  error: (code) =>
    ({
      queue_full: 'The queue is full right now. Please call us instead.',
      closed: 'The chat is not taking new conversations right now. Please call us instead.',
      rate_limited: 'Too many tries. Wait a moment and try again.',
      network: 'No connection. Check your internet and try again.',
    })[code as string] ?? 'Something went wrong. Try again or call us.',
};

export const CATALOGUES = { sv, en } as const;
export type WidgetLanguage = keyof typeof CATALOGUES;

/** The element's lang, else the page's, else Swedish. */
export function pickLanguage(...candidates: (string | null | undefined)[]): WidgetLanguage {
  for (const candidate of candidates) {
    const base = candidate?.toLowerCase().split('-')[0];
    if (base && base in CATALOGUES) return base as WidgetLanguage;
  }
  return 'sv';
}
