import { LAUNCHER } from './launcher.js';
import { dayAndMonth } from './dates.js';
import type { WidgetMessages } from './messages.js';

/** Swedish: the default, the language of the city's page. */
export const sv: WidgetMessages = {
  ...LAUNCHER.sv,
  title: 'Chatta med Brottsofferjouren',
  hide: 'Dölj chatten',
  quickExitHint: 'Tryck Esc två gånger för att lämna sidan snabbt.',
  danger: 'Är du i fara? Ring 112.',
  dangerQuestion: 'Är du i fara just nu?',
  dangerYes: 'Ja',
  dangerNo: 'Nej',
  dangerCall: 'Ring 112',
  dangerStillChat:
    'Ring 112 nu om du kan. Du kan också chatta med oss: välj nedan, så går du före andra i kön.',
  intro:
    'Här chattar du med en utbildad volontär på Brottsofferjouren. Du är anonym, chatten är krypterad och ingenting sparas.',
  anonymous: 'Du behöver inte säga vem du är.',
  chooseRoute: 'Välj det som stämmer för dig:',
  routeAdult: 'Jag är 20 år eller äldre',
  routeYouth: 'Jag är under 20 år',
  phone: (number) => `Du kan också ringa ${number}.`,
  call: (number) => `Ring ${number}.`,
  callNow: (number) => `Ring ${number}: telefonlinjen är öppen nu.`,
  phoneOpens: (number, when) => `Telefonlinjen, ${number}, öppnar ${when}.`,
  routeName: (route) => ({ adult: '20 år eller äldre', youth: 'Under 20 år' })[route],
  weekdays: ['måndag', 'tisdag', 'onsdag', 'torsdag', 'fredag', 'lördag', 'söndag'],
  opensAt: (inDays, weekday, time) =>
    inDays === 0
      ? `i dag kl. ${time}`
      : inDays === 1
        ? `i morgon kl. ${time}`
        : `på ${weekday} kl. ${time}`,
  closedUntil: (when) => `Chatten är stängd nu. Den öppnar ${when}.`,
  closedForNow: 'Chatten är stängd just nu.',
  closedToday: 'Chatten är stängd i dag.',
  dayOfMonth: (date) => dayAndMonth('sv', date),
  allClosed: 'Chatten är stängd nu.',
  opens: (when) => `Den öppnar ${when}.`,
  aroundTheClock: 'Öppet dygnet runt:',
  nobodyAvailable: 'Ingen volontär är ledig just nu. Du kan ändå vänta i kön.',
  nobodyOnDuty: 'Ingen volontär är ledig just nu. Du behåller din plats, men det kan dröja.',
  estimate: (minutes) =>
    `Beräknad väntetid: cirka ${minutes} ${minutes === 1 ? 'minut' : 'minuter'}.`,
  languageLabel: 'Språk',
  queuePosition: (position) => `Du är nummer ${position} i kön.`,
  leaveQueue: 'Lämna kön',
  whileYouWait: 'Medan du väntar kan du, om du vill, berätta lite för volontären.',
  topicLabel: 'Jag skriver som',
  topic: (topic) =>
    ({
      victim: 'den som har blivit utsatt',
      witness: 'vittne',
      relative: 'anhörig eller vän',
      other: 'annat',
    })[topic],
  preferredLanguage: 'Språk jag helst skriver på',
  noPreference: 'Spelar ingen roll',
  detailsSaved: 'Tack, volontären ser det när chatten börjar.',
  reconnecting: 'Ansluter igen…',
  resumed: 'Du är tillbaka i din chatt.',
  handedOver: (alias) => `Chatten har lämnats över. Nu chattar du med ${alias}.`,
  counsellorAway:
    'Volontärens anslutning bröts. Vänta en stund: dina meddelanden skickas när hen är tillbaka.',
  counsellorBack: 'Volontären är tillbaka.',
  unverified:
    'Vi kunde inte bekräfta att det är samma volontär som förut. Jämför säkerhetsorden med volontären innan du skriver något privat.',
  shareQuestion: (alias) =>
    `${alias} tar över chatten. Får ${alias} läsa det ni har skrivit hittills?`,
  shareYes: 'Ja, visa samtalet',
  shareNo: 'Nej, börja om',
  shared: 'Samtalet hittills har skickats till den nya volontären.',
  kept: 'Den nya volontären ser bara det som skrivs från och med nu.',
  requeued:
    'Volontären kom inte tillbaka. Du står i kön igen, på samma plats. Nästa lediga volontär tar över.',
  handedBack:
    'Volontären lämnade vidare din chatt. Du står i kön igen, på samma plats. Nästa lediga volontär tar över.',
  showSafetyWords: 'Visa säkerhetsord',
  hideSafetyWords: 'Dölj säkerhetsord',
  rateQuestion: 'Hjälpte chatten dig?',
  rate: (score) => ({ 1: 'Nej', 2: 'Delvis', 3: 'Ja' })[score],
  rateThanks: 'Tack för ditt svar.',
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
  confirmEndTitle: 'Avsluta chatten?',
  confirmEndText: 'Sedan kan du och volontären inte skriva till varandra i den här chatten igen.',
  keepChatting: 'Fortsätt chatta',
  announceMessage: (alias, text) => `Meddelande från ${alias}: ${text}`,
  sending: 'Skickas…',
  sent: 'Levererat',
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
      transferred: 'Chatten lämnades över.',
    })[reason],
  close: 'Stäng',
  mailboxOffer: (days) => `Skriv till oss: vi svarar inom ${days} ${days === 1 ? 'dag' : 'dagar'}.`,
  writeToUs: 'Skriv till oss',
  writeInstead: 'Lämna kön och skriv till oss',
  haveCode: 'Jag har en kod',
  error: (code, phone) =>
    ({
      queue_full: `Kön är full just nu. Ring gärna ${phone} i stället.`,
      closed: `Chatten tar inte emot nya samtal just nu. Ring gärna ${phone} i stället.`,
      unavailable: `Chatten är inte tillgänglig just nu. Du kan ringa ${phone}. Är du i fara, ring 112.`,
      rate_limited: 'För många försök. Vänta en stund och försök igen.',
      network: 'Ingen anslutning. Kontrollera internet och försök igen.',
    })[code as string] ?? 'Något gick fel. Försök igen eller ring oss.',
};
