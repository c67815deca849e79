import { dayAndMonth } from './dates.js';
import { LAUNCHER } from './launcher.js';
import type { WidgetMessages } from './messages.js';

/**
 * Easy-to-read Swedish ("lättläst", language id `sv-x-easy`, HTML `lang="sv"`), written
 * to the guidance of Myndigheten för tillgänglig medier and Språkrådet: short sentences,
 * one idea in each, common words, active voice, no abbreviations ("klockan", not "kl."),
 * and the words a visitor must know explained where they first appear ("volontär",
 * "anonym", "säkerhetsord"). Longer than the Swedish catalogue in places, on purpose.
 * test/unit/i18n.test.ts holds it to short sentences and no abbreviations.
 */
export const svEasy: WidgetMessages = {
  ...LAUNCHER['sv-x-easy'],
  title: 'Chatta med Brottsofferjouren',
  hide: 'Göm chatten',
  quickExitHint: 'Vill du lämna sidan snabbt? Tryck på Esc två gånger.',
  danger: 'Är du i fara? Ring 112.',
  dangerQuestion: 'Är du i fara just nu?',
  dangerYes: 'Ja',
  dangerNo: 'Nej',
  dangerCall: 'Ring 112',
  dangerStillChat:
    'Ring 112 nu om du kan. Du kan också chatta med oss. Välj nedan. Då får du hjälp före andra som väntar.',
  intro:
    'Brottsofferjouren hjälper den som har varit med om ett brott. Här skriver du med en volontär. En volontär hjälper till utan att få betalt. Du är anonym. Det betyder att vi inte vet vem du är. Ingen annan kan läsa det ni skriver. Vi sparar ingenting.',
  anonymous: 'Du behöver inte säga ditt namn.',
  chooseRoute: 'Hur gammal är du?',
  routeAdult: 'Jag är 20 år eller äldre',
  routeYouth: 'Jag är yngre än 20 år',
  phone: (number) => `Du kan också ringa oss. Numret är ${number}.`,
  call: (number) => `Ring ${number}.`,
  callNow: (number) => `Ring ${number}. Telefonen är öppen nu.`,
  phoneOpens: (number, when) => `Telefonen är stängd nu. Den öppnar ${when}. Numret är ${number}.`,
  routeName: (route) => ({ adult: '20 år eller äldre', youth: 'Yngre än 20 år' })[route],
  weekdays: ['måndag', 'tisdag', 'onsdag', 'torsdag', 'fredag', 'lördag', 'söndag'],
  opensAt: (inDays, weekday, time) =>
    inDays === 0
      ? `i dag klockan ${time}`
      : inDays === 1
        ? `i morgon klockan ${time}`
        : `på ${weekday} klockan ${time}`,
  closedUntil: (when) => `Chatten är stängd nu. Den öppnar ${when}.`,
  closedForNow: 'Chatten är stängd just nu.',
  closedToday: 'Chatten är stängd i dag.',
  dayOfMonth: (date) => dayAndMonth('sv', date),
  allClosed: 'Chatten är stängd nu.',
  opens: (when) => `Den öppnar ${when}.`,
  aroundTheClock: 'Här kan du ringa dag och natt:',
  nobodyAvailable: 'Ingen volontär är ledig just nu. Du kan vänta i kön ändå.',
  nobodyOnDuty:
    'Ingen volontär är ledig just nu. Du får ha kvar din plats i kön. Det kan ta lång tid.',
  estimate: (minutes) => `Du får vänta ungefär ${minutes} ${minutes === 1 ? 'minut' : 'minuter'}.`,
  languageLabel: 'Språk',
  queuePosition: (position) => `Du är nummer ${position} i kön.`,
  leaveQueue: 'Lämna kön',
  whileYouWait: 'Vill du berätta något för volontären? Du kan göra det här medan du väntar.',
  topicLabel: 'Vad passar dig?',
  topic: (topic) =>
    ({
      victim: 'Det hände mig',
      witness: 'Jag såg det hända',
      relative: 'Jag är familj eller vän',
      other: 'Något annat',
    })[topic],
  preferredLanguage: 'Vilket språk vill du skriva på?',
  noPreference: 'Det spelar ingen roll',
  detailsSaved: 'Tack! Volontären ser det när chatten börjar.',
  reconnecting: 'Vänta. Vi kopplar upp chatten igen…',
  resumed: 'Nu är du tillbaka i din chatt.',
  handedOver: (alias) => `Du har fått en ny volontär. Nu skriver du med ${alias}.`,
  counsellorAway:
    'Volontären har tappat kontakten. Vänta en stund. Dina meddelanden kommer fram när volontären är tillbaka.',
  counsellorBack: 'Nu är volontären tillbaka.',
  unverified:
    'Vi vet inte säkert att det är samma volontär som förut. Jämför säkerhetsorden med volontären. Gör det innan du skriver något privat.',
  shareQuestion: (alias) => `${alias} tar över chatten. Får ${alias} läsa det ni har skrivit?`,
  shareYes: 'Ja, visa det vi har skrivit',
  shareNo: 'Nej, börja om',
  shared: 'Den nya volontären kan nu läsa det ni har skrivit.',
  kept: 'Den nya volontären ser bara det ni skriver från och med nu.',
  requeued:
    'Volontären kom inte tillbaka. Du är i kön igen. Du har samma plats som förut. Nästa lediga volontär tar över chatten.',
  handedBack:
    'Volontären har lämnat över din chatt. Du är i kön igen. Du har samma plats som förut. Nästa lediga volontär tar över chatten.',
  showSafetyWords: 'Visa säkerhetsorden',
  hideSafetyWords: 'Göm säkerhetsorden',
  rateQuestion: 'Fick du hjälp av chatten?',
  rate: (score) => ({ 1: 'Nej', 2: 'Lite', 3: 'Ja' })[score],
  rateThanks: 'Tack för ditt svar.',
  keying: 'Vi gör chatten säker. Vänta lite…',
  talkingWith: (alias) => `Du skriver med ${alias}.`,
  safetyWords: 'Säkerhetsord',
  safetyWordsHint:
    'Volontären ser samma ord. Då vet ni att ingen annan är med i chatten. Ring oss om du vill kontrollera orden.',
  messages: 'Meddelanden',
  you: 'Du',
  counsellor: 'Volontären',
  message: 'Ditt meddelande',
  send: 'Skicka',
  endChat: 'Avsluta chatten',
  confirmEndTitle: 'Vill du avsluta chatten?',
  confirmEndText: 'Då kan ni inte skriva till varandra i den här chatten igen.',
  keepChatting: 'Fortsätt chatta',
  announceMessage: (alias, text) => `Meddelande från ${alias}: ${text}`,
  sending: 'Skickar…',
  sent: 'Har kommit fram',
  failed: 'Kom inte fram',
  retry: 'Skicka igen',
  typing: (alias) => `${alias} skriver…`,
  ended: 'Chatten är slut.',
  endReason: (reason) =>
    ({
      ended_by_visitor: 'Du avslutade chatten.',
      ended_by_counsellor: 'Volontären avslutade chatten.',
      visitor_disconnected: 'Kontakten bröts.',
      counsellor_disconnected: 'Volontären tappade kontakten.',
      server_shutdown: 'Chatten startar om.',
      transferred: 'En annan volontär tog över chatten.',
    })[reason],
  close: 'Stäng',
  mailboxOffer: (days) =>
    `Du kan skriva till oss. Vi svarar inom ${days} ${days === 1 ? 'dag' : 'dagar'}.`,
  writeToUs: 'Skriv till oss',
  writeInstead: 'Lämna kön och skriv till oss',
  haveCode: 'Jag har en kod',
  error: (code, phone) =>
    ({
      queue_full: `Det är för många i kön just nu. Ring oss i stället. Numret är ${phone}.`,
      closed: `Chatten kan inte ta emot fler just nu. Ring oss i stället. Numret är ${phone}.`,
      unavailable: `Chatten går inte att använda just nu. Du kan ringa oss. Numret är ${phone}. Är du i fara? Ring 112.`,
      rate_limited: 'Du har försökt för många gånger. Vänta en stund. Försök sedan igen.',
      network: 'Du har ingen kontakt med internet. Kontrollera det. Försök sedan igen.',
    })[code as string] ?? 'Något blev fel. Försök igen eller ring oss.',
};
