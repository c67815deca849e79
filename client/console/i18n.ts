import type { ErrorCode } from '../../shared/protocol/errors.js';
import type {
  EndReason,
  MailboxStatus,
  RiskLevel,
  Route,
  Topic,
} from '../../shared/protocol/schemas.js';
import type { JoinOutcome } from './join.controller.js';
import type { WhisperOutcome } from './whisper.controller.js';

/** The form for a count, by the language's own plural rules (CLDR, through Intl). */
export function plural(lang: 'sv' | 'en', count: number, one: string, other: string): string {
  return new Intl.PluralRules(lang).select(count) === 'one' ? one : other;
}

/** Every text the console shows. A language that misses a key does not compile. */
export interface ConsoleMessages {
  title: string;
  /** The name of the menu that switches the console's language. */
  languageMenu: string;
  username: string;
  password: string;
  authCode: string;
  logIn: string;
  logOut: string;
  signedInAs: (alias: string) => string;
  available: string;
  availableHint: string;
  takeBreak: string;
  backFromBreak: string;
  /** The queue panel while one is on a break. */
  onBreakNotice: string;
  queue: string;
  route: (route: Route) => string;
  waiting: (count: number) => string;
  longestWait: (time: string) => string;
  colleagues: (count: number) => string;
  acceptNext: string;
  load: (active: number, capacity: number) => string;
  capacity: string;
  waitingList: (route: string) => string;
  notifications: string;
  notificationsBlocked: string;
  someoneWaiting: (route: string) => string;
  /** A waiting visitor answered yes to "Are you in danger right now?": in the queue and a chat. */
  urgent: string;
  /** How many of a route's waiting visitors said they are in danger. */
  urgentWaiting: (count: number) => string;
  /** In an urgent chat's header, under `urgent`: what the visitor was told. */
  urgentHint: string;
  /** The desktop notification for someone in danger waiting: its own words (and tone). */
  someoneInDanger: (route: string) => string;
  /** A desktop notification: a visitor wrote in a chat that is not on screen. */
  newMessage: string;
  /** The live region: a message came in a chat that is not on screen (never its text). */
  announceMessage: (chat: string) => string;
  /** The live region: a colleague handed this console a chat. */
  announceHandover: (alias: string, chat: string) => string;
  /** The live region: a chat ended, and why. */
  announceEnded: (chat: string, reason: EndReason) => string;
  chats: string;
  noChats: string;
  keying: string;
  tampered: string;
  visitorAway: string;
  visitorBack: string;
  /** A re-key came without the visitor's proof: a stolen token, or a server playing visitor. */
  unverifiedVisitor: string;
  /** A hand-over note sealed to this console could not be opened (the console reloaded). */
  handoverNoteUnreadable: string;
  consoleBack: string;
  safetyWords: string;
  /** Before the Swedish twins of safety words shown in the visitor's language. */
  safetyWordsInSwedish: string;
  waited: (time: string) => string;
  language: (code: string) => string;
  topic: (topic: Topic) => string;
  messages: string;
  you: string;
  /** The label of a colleague's line, written before the chat was handed over. */
  colleagueWrote: (alias: string) => string;
  visitor: string;
  message: string;
  send: string;
  endChat: string;
  endAndBlock: (hours: number) => string;
  /** The question before "End and block": what it does and for how long. */
  confirmBlock: (hours: number) => string;
  confirmBlockYes: string;
  close: string;
  sending: string;
  sent: string;
  failed: string;
  retry: string;
  visitorTyping: string;
  unread: (count: number) => string;
  /** A chat's tab: its number and its line, worded so that the number is not read as an age. */
  chatTab: (number: number, route: Route) => string;
  endReason: (reason: EndReason) => string;
  disconnected: string;
  handOver: string;
  handOverTo: string;
  backToQueue: string;
  colleagueOption: (alias: string, free: number) => string;
  /** Nobody can take the chat; `untrained` colleagues are free but not trained for its route. */
  noColleagues: (untrained: number) => string;
  /** Confirm was pressed with no one chosen. */
  chooseHandover: string;
  /** Beside the label of a field that must be filled in. */
  required: string;
  handoverNote: string;
  handoverNoteHint: string;
  confirmHandOver: string;
  cancel: string;
  handoverFrom: (alias: string) => string;
  readyPhrases: string;
  noPhrases: string;
  phraseHint: string;
  wrapUp: string;
  wrapUpHint: string;
  saveWrapUp: string;
  /** A wrap-up question left open: what to do, in its summary and beside it. */
  wrapUpMissing: (question: 'crime' | 'affected') => string;
  /** The heading of an error summary. */
  problem: string;
  wrapUpSaved: string;
  error: (code: ErrorCode | 'network') => string;
  // The mailbox: letters from visitors who wrote while the chat was closed.
  mailbox: string;
  mailboxIntro: string;
  /** Mailboxes waiting for an answer, in the queue panel and the menu. */
  mailboxWaiting: (count: number) => string;
  mailboxEmpty: string;
  mailboxStatus: (status: MailboxStatus) => string;
  mailboxStarted: string;
  mailboxLastLetter: string;
  mailboxRoute: string;
  mailboxLanguage: string;
  mailboxState: string;
  mailboxAnswering: string;
  letterCount: (count: number) => string;
  /** Who is answering: a colleague by alias, or oneself. */
  answeringBy: (alias: string) => string;
  answeringMe: string;
  backToMailbox: string;
  mailboxHeading: (day: string, route: string) => string;
  letters: string;
  letterFromVisitor: string;
  letterFromCounsellor: (alias: string) => string;
  /** A letter sealed before this account's key: what happened, and what helps. */
  letterUnreadable: string;
  /** Someone else claimed it: one answers at a time. */
  claimedNotice: (alias: string) => string;
  answerLabel: string;
  sendAnswer: string;
  answerSent: string;
  markDone: string;
  markedDone: string;
  shareWithColleagues: string;
  shareHint: (count: number) => string;
  shared: string;
  /** A desktop notification: a new letter, naming only the route. */
  newLetter: (route: string) => string;
  keyLocked: string;
  unlockMailbox: string;
  keyOpening: string;
  /** A key was made at this sign-in (a new account, or after a reset). */
  keyMade: string;
  wrongPassword: string;
  /** The unlock form, for an account whose key was never made: only a sign-in makes one. */
  keyMissing: string;
  // risk levels and care
  /** The chat's risk level control (a radio group). */
  riskLevel: string;
  riskName: (level: RiskLevel) => string;
  /** Beside the control once the chat is acute. */
  riskAcuteNote: string;
  /** After an acute chat, or a long one: suggests a pause. */
  pauseAfter: (why: 'acute' | 'long') => string;
  askDebrief: string;
  /** The debrief request reached this many supervisors. */
  debriefSent: (supervisors: number) => string;
  /** Nobody to tell: what to do instead. */
  debriefNobody: string;
  /** To a supervisor: a counsellor marked a chat acute (on every screen, and a notification). */
  alertAcute: (alias: string, route: string) => string;
  /** To a supervisor: a counsellor asks for a debrief. */
  alertDebrief: (alias: string) => string;
  /** The supervisors' alerts, as a region of the page. */
  alertsHeading: string;
  dismissAlert: string;
  /** Support conversations between consoles (jour-whisper.ts). */
  whisper: WhisperMessages;
  /** A supervisor joining a chat with the visitor's consent (jour-whisper-join.ts). */
  join: JoinMessages;
}

/**
 * The texts of a supervisor joining a chat with the visitor's consent (§23): on the
 * supervisor's console (the member) and on the chat's counsellor's (the asker).
 */
export interface JoinMessages {
  askToJoin: string;
  /** The member's console, while the visitor is asked. */
  waiting: string;
  /** The member's console, after the visitor's yes, until the keys are there. */
  keying: string;
  declined: string;
  joined: string;
  /** Who sees what: the visitor sees the member's lines, nobody what came before. */
  fromNow: (counsellor: string) => string;
  /** The member's view of the chat, as a list. */
  chat: string;
  visitor: string;
  you: string;
  write: string;
  send: string;
  leave: string;
  /** The member's console, when the join is over. */
  ended: (outcome: JoinOutcome) => string;
  /** The asker's console. */
  askedBy: (member: string) => string;
  joining: (member: string) => string;
  memberJoined: (member: string) => string;
  memberLeft: (member: string) => string;
  notJoined: (member: string) => string;
  askToLeave: (member: string) => string;
  /** The chat's header on the asker's console while the member is in it. */
  inChat: (member: string) => string;
  /** A line of the member's in the asker's chat. */
  memberWrote: (member: string) => string;
  error: (code: string) => string;
}

/** The texts of a support conversation between two consoles (a "whisper"). */
export interface WhisperMessages {
  askForSupport: string;
  /** The asker's wait for a supervisor to take the request. */
  asking: string;
  withdraw: string;
  /** The panel's heading on the asker's console. */
  supportFrom: (name: string) => string;
  /** The panel's heading on the supervisor's console. */
  supporting: (name: string) => string;
  /** Heading while nobody has taken the request yet. */
  askingHeading: string;
  staffOnly: string;
  keying: string;
  safetyHint: string;
  messages: string;
  you: string;
  writeTo: (name: string) => string;
  sendTo: (name: string) => string;
  end: string;
  /** The supervisor's list of requests. */
  requests: string;
  request: (from: string, route: string) => string;
  accept: string;
  /** The desktop notification and the live region: a colleague asks for support. */
  asked: (from: string) => string;
  outcome: (outcome: WhisperOutcome) => string;
  error: (code: string) => string;
}

const sv: ConsoleMessages = {
  title: 'Jourchatt – konsol',
  languageMenu: 'Språk',
  username: 'Användarnamn',
  password: 'Lösenord',
  authCode: 'Autentiseringskod',
  logIn: 'Logga in',
  logOut: 'Logga ut',
  signedInAs: (alias) => `Inloggad som ${alias}`,
  available: 'Tillgänglig',
  availableHint: 'Du får nya chattar bara när du är tillgänglig.',
  takeBreak: 'Ta paus',
  backFromBreak: 'Tillbaka från paus',
  onBreakNotice: 'Du har paus: du får inga nya chattar. Dina pågående chattar finns kvar.',
  queue: 'Kö',
  route: (route) => (route === 'adult' ? '20 år eller äldre' : 'Under 20 år'),
  waiting: (n) => `${n} väntar`,
  longestWait: (time) => `längst väntan ${time}`,
  colleagues: (n) => `${n} ${plural('sv', n, 'tillgänglig volontär', 'tillgängliga volontärer')}`,
  acceptNext: 'Ta nästa chatt',
  capacity: 'Chattar samtidigt',
  waitingList: (route) => `Väntar, ${route}`,
  notifications: 'Skrivbordsnotiser när någon väntar',
  notificationsBlocked: 'Webbläsaren tillåter inte notiser för den här sidan.',
  someoneWaiting: (route) => `Någon väntar (${route})`,
  urgent: 'Brådskande: i fara',
  urgentWaiting: (n) => `Brådskande: ${n} i fara`,
  urgentHint:
    'Besökaren svarade ja på ”Är du i fara just nu?” och fick se ”Ring 112”. Hen gick före i kön.',
  someoneInDanger: (route) => `Brådskande: någon i fara väntar (${route})`,
  newMessage: 'Nytt meddelande i en chatt',
  announceMessage: (chat) => `Nytt meddelande i ${chat}.`,
  announceHandover: (alias, chat) => `${alias} lämnade över en chatt till dig: ${chat}.`,
  announceEnded: (chat, reason) => `${chat}: ${sv.endReason(reason)}`,
  load: (active, capacity) =>
    `${active} av ${capacity} ${plural('sv', capacity, 'chatt', 'chattar')}`,
  chats: 'Chattar',
  noChats: 'Inga pågående chattar.',
  keying: 'Väntar på besökarens nyckel…',
  visitorAway:
    'Besökarens anslutning bröts. Chatten väntar två minuter på hen; dina meddelanden skickas när hen är tillbaka.',
  consoleBack:
    'Konsolen laddades om: chatten har nya nycklar och samtalet hittills kom från besökarens skärm. Jämför säkerhetsorden igen om ni gjorde det.',
  visitorBack:
    'Besökaren laddade om sidan och är tillbaka, med nya nycklar: jämför säkerhetsorden igen om ni gjorde det. Hen ser samtalet hittills.',
  handoverNoteUnreadable:
    '(Anteckningen kunde inte öppnas: den var krypterad för konsolen som var öppen vid överlämningen.)',
  unverifiedVisitor:
    'Besökaren kunde inte visa att det är samma person som du chattade med (en stulen länk, eller en server som låtsas vara besökaren). Inget av samtalet hittills har skickats. Jämför säkerhetsorden innan du fortsätter, och skriv inget du inte skulle säga till en okänd.',
  tampered:
    'Varning: besökarens nyckel stämmer inte. Någon kan ha manipulerat anslutningen. Chatten avslutades.',
  safetyWords: 'Säkerhetsord',
  safetyWordsInSwedish: 'på svenska',
  waited: (time) => `väntade ${time}`,
  language: (code) =>
    ({
      sv: 'svenska',
      en: 'engelska',
      ar: 'arabiska',
      so: 'somaliska',
      fi: 'finska',
      'sv-x-easy': 'lättläst svenska',
    })[code] ?? code,
  topic: (topic) =>
    ({ victim: 'utsatt', witness: 'vittne', relative: 'anhörig', other: 'annat' })[topic],
  messages: 'Meddelanden',
  you: 'Du',
  colleagueWrote: (alias) => `${alias} (före överlämningen):`,
  visitor: 'Besökaren',
  message: 'Meddelande',
  send: 'Skicka',
  endChat: 'Avsluta chatten',
  endAndBlock: (hours) => `Avsluta och blockera i ${hours} ${hours === 1 ? 'timme' : 'timmar'}`,
  confirmBlock: (hours) =>
    `Chatten avslutas, och besökarens nätverk kan inte starta någon ny chatt på ${hours} ${hours === 1 ? 'timme' : 'timmar'}. Besökaren ser bara att chatten inte är tillgänglig, med telefonnumret. Ingen adress sparas.`,
  confirmBlockYes: 'Ja, avsluta och blockera',
  close: 'Stäng',
  sending: 'Skickas…',
  sent: 'Levererat',
  failed: 'Kunde inte skickas',
  retry: 'Försök igen',
  visitorTyping: 'Besökaren skriver…',
  unread: (n) => `${n} ${plural('sv', n, 'oläst', 'olästa')}`,
  chatTab: (n, route) => `Chatt ${n} · ${route === 'adult' ? '20 år eller äldre' : 'under 20 år'}`,
  endReason: (reason) =>
    ({
      ended_by_visitor: 'Besökaren avslutade chatten.',
      ended_by_counsellor: 'Du avslutade chatten.',
      visitor_disconnected: 'Besökarens anslutning bröts. Chatten avslutades.',
      counsellor_disconnected: 'Din anslutning bröts. Chatten avslutades.',
      server_shutdown: 'Servern startades om. Chatten avslutades.',
      transferred: 'Du lämnade över chatten.',
    })[reason],
  disconnected: 'Ingen anslutning till servern. Försöker igen…',
  handOver: 'Lämna över',
  handOverTo: 'Lämna över till',
  backToQueue: 'Tillbaka till kön (besökaren behåller sin plats)',
  colleagueOption: (alias, free) =>
    `${alias} (${free} ${plural('sv', free, 'plats ledig', 'platser lediga')})`,
  noColleagues: (untrained) =>
    untrained === 0
      ? 'Ingen kollega är ledig just nu.'
      : `Ingen kollega som är utbildad för under 20 är ledig. ${untrained} ${plural('sv', untrained, 'ledig kollega är inte utbildad', 'lediga kollegor är inte utbildade')} för under 20 och kan inte ta chatten.`,
  chooseHandover: 'Välj vem som ska ta över chatten.',
  required: '(obligatoriskt)',
  handoverNote: 'Anteckning till kollegan',
  handoverNoteHint: 'Kort, och utan namn eller annat som kan identifiera besökaren.',
  confirmHandOver: 'Bekräfta överlämning',
  cancel: 'Avbryt',
  handoverFrom: (alias) => `Överlämnad av ${alias}.`,
  readyPhrases: 'Snabbfraser',
  noPhrases: 'Ingen snabbfras passar.',
  phraseHint: 'Skriv / för snabbfraser.',
  wrapUp: 'Avslutning',
  wrapUpHint: 'Anonymt: bara kategorierna räknas, per dag. Inget om besökaren sparas.',
  saveWrapUp: 'Spara avslutning',
  wrapUpMissing: (question) =>
    question === 'crime' ? 'Välj vilket slags brott det gällde.' : 'Välj vem den som skrev var.',
  problem: 'Det finns ett problem',
  wrapUpSaved: 'Avslutningen är sparad.',
  error: (code) =>
    ({
      bad_credentials: 'Fel användarnamn eller lösenord.',
      bad_code: 'Fel eller redan använd kod. Vänta på nästa kod.',
      rate_limited: 'För många försök. Vänta en stund.',
      queue_empty: 'Ingen väntar just nu.',
      not_available: 'Markera dig som tillgänglig först.',
      at_capacity: 'Du har redan så många chattar du tar samtidigt.',
      on_break: 'Du har paus. Kom tillbaka från pausen för att ta nya chattar.',
      forbidden: 'Det får du inte göra.',
      network: 'Ingen kontakt med servern.',
      claimed: 'En kollega svarar redan i den här brevlådan. Bara en svarar åt gången.',
      mailbox_full: 'Brevlådan är full: den rymmer inga fler brev.',
      not_found: 'Brevlådan finns inte längre (besökaren tog bort den, eller den gick ut).',
    })[code as string] ?? 'Något gick fel.',
  mailbox: 'Brevlåda',
  mailboxIntro:
    'Brev från besökare som skrev när chatten var stängd. Listan visar aldrig vad som står i dem: öppna ett brev för att läsa.',
  mailboxWaiting: (n) => `${n} ${plural('sv', n, 'brev väntar', 'brev väntar')} på svar`,
  mailboxEmpty: 'Inga brev.',
  mailboxStatus: (status) => ({ new: 'nytt', answered: 'besvarat', done: 'klart' })[status],
  mailboxStarted: 'Dag',
  mailboxLastLetter: 'Senaste brevet',
  mailboxRoute: 'Linje',
  mailboxLanguage: 'Språk',
  mailboxState: 'Status',
  mailboxAnswering: 'Svarar',
  letterCount: (n) => `${n} brev`,
  answeringBy: (alias) => `${alias} svarar`,
  answeringMe: 'Du svarar',
  backToMailbox: 'Tillbaka till brevlådan',
  mailboxHeading: (day, route) => `Brevlåda från ${day} · ${route}`,
  letters: 'Brev',
  letterFromVisitor: 'Besökaren',
  letterFromCounsellor: (alias) => `${alias} (volontär)`,
  letterUnreadable:
    'Det här brevet kan du inte öppna: det krypterades innan din nuvarande nyckel fanns (till exempel före en återställning av ditt lösenord). Kollegor som kan läsa det kan dela det med dig.',
  claimedNotice: (alias) =>
    `${alias} svarar i den här brevlådan just nu. Du kan läsa, men bara en svarar åt gången (i högst 30 minuter).`,
  answerLabel: 'Svar',
  sendAnswer: 'Skicka svar',
  answerSent: 'Svaret är skickat. Besökaren läser det med sin returkod.',
  markDone: 'Markera som klar',
  markedDone: 'Brevlådan är markerad som klar.',
  shareWithColleagues: 'Dela med kollegor som inte kan läsa den än',
  shareHint: (n) =>
    `${n} ${plural('sv', n, 'kollega', 'kollegor')} på linjen har en nyare nyckel och kan inte läsa alla brev här.`,
  shared: 'Delat: kollegorna kan nu läsa breven.',
  newLetter: (route) => `Nytt brev i brevlådan (${route})`,
  keyLocked:
    'Din brevlådenyckel är låst i den här fliken. Skriv ditt lösenord för att läsa och svara på brev.',
  unlockMailbox: 'Lås upp brevlådan',
  keyOpening: 'Öppnar din brevlådenyckel…',
  keyMade:
    'Ditt konto fick en ny brevlådenyckel. Brev som krypterades till en tidigare nyckel (före en återställning av lösenordet) kan du inte öppna förrän en kollega delar dem; kollegorna behåller sin åtkomst.',
  wrongPassword: 'Fel lösenord.',
  keyMissing:
    'Ditt konto har ingen brevlådenyckel än. Logga ut och logga in igen: då skapas den med ditt lösenord.',
  whisper: {
    askForSupport: 'Be om stöd',
    asking: 'Frågar samordnarna som är inloggade…',
    withdraw: 'Dra tillbaka',
    supportFrom: (name) => `Stöd från ${name}`,
    supporting: (name) => `Stödjer ${name}`,
    askingHeading: 'Stöd från en samordnare',
    staffOnly: 'Bara för personal: besökaren ser inte detta.',
    keying: 'Krypteringen kopplas upp…',
    safetyHint: 'Jämför dem i telefon om ni tvivlar på förbindelsen.',
    messages: 'Stödsamtal',
    you: 'Du',
    writeTo: (name) => `Skriv till ${name}`,
    sendTo: (name) => `Skicka till ${name}`,
    end: 'Avsluta stödsamtalet',
    requests: 'Ber om stöd',
    request: (from, route) => `${from} ber om stöd (${route}).`,
    accept: 'Ta emot',
    asked: (from) => `${from} ber om stöd.`,
    outcome: (outcome) =>
      ({
        ended: 'Avslutat av den andra.',
        ended_here: 'Du avslutade stödsamtalet.',
        chat_ended: 'Avslutat: chatten det gällde är slut.',
        disconnected:
          'Avslutat: en konsol laddades om eller tappade kontakten (nycklarna finns bara i minnet).',
        taken: 'En kollega tog emot det.',
        tampered:
          'Avslutat: nycklarna stämde inte. Någon kan sitta emellan: ring och jämför säkerhetsorden.',
      })[outcome],
    error: (code) =>
      ({
        no_supervisor: 'Ingen samordnare är inloggad just nu. Ring samordnaren i tjänst i stället.',
        claimed: 'En kollega tog emot det först.',
        not_found: 'Begäran är tillbakadragen eller slut.',
        wrong_state: 'Du har redan bett om stöd i den här chatten.',
        forbidden: 'Det får du inte göra.',
      })[code] ?? 'Något gick fel.',
  },
  riskLevel: 'Risknivå',
  riskName: (level) => ({ none: 'Ingen', concern: 'Oro', acute: 'Akut' })[level],
  riskAcuteNote: 'Samordnarna som är inloggade har fått ett larm.',
  pauseAfter: (why) =>
    why === 'acute'
      ? 'Det här var ett akut samtal. Ta en paus innan du tar nästa.'
      : 'Det här var ett långt samtal. Ta en paus innan du tar nästa.',
  askDebrief: 'Be om avlastningssamtal',
  debriefSent: (n) =>
    `${n} ${plural('sv', n, 'samordnare', 'samordnare')} har fått din förfrågan och hör av sig.`,
  debriefNobody:
    'Ingen samordnare är inloggad just nu. Ring samordnaren i tjänst, eller be en kollega om ett samtal. Ta pausen ändå.',
  alertAcute: (alias, route) => `Akut: ${alias} har markerat en chatt (${route}) som akut.`,
  alertDebrief: (alias) => `${alias} ber om ett avlastningssamtal.`,
  alertsHeading: 'Larm',
  dismissAlert: 'Stäng larmet',
  join: {
    askToJoin: 'Be att få gå med i chatten',
    waiting: 'Väntar på besökarens svar…',
    keying: 'Besökaren sa ja. Krypteringen kopplas upp…',
    declined: 'Besökaren sa nej.',
    joined: 'Du är med i chatten.',
    fromNow: (counsellor) =>
      `Besökaren ser det du skriver här. Du ser det som skrivs från och med nu; det som skrevs innan stannar mellan besökaren och ${counsellor}.`,
    chat: 'Chatten',
    visitor: 'Besökare',
    you: 'Du',
    write: 'Skriv i chatten',
    send: 'Skicka i chatten',
    leave: 'Lämna chatten',
    ended: (outcome) =>
      ({
        left_here: 'Du lämnade chatten.',
        tampered:
          'Du lämnade chatten: besökarens nyckel stämde inte. Någon kan sitta emellan: ring och jämför säkerhetsorden.',
        declined: 'Besökaren sa nej.',
        left: 'Du är inte längre med i chatten. Volontären bad dig lämna den.',
        removed: 'Du är inte längre med i chatten. Besökaren tog bort dig.',
        ended: 'Du är inte längre med i chatten. Stödsamtalet avslutades.',
        chat_ended: 'Du är inte längre med i chatten. Chatten är slut.',
        transferred: 'Du är inte längre med i chatten. Den lämnades över till en kollega.',
        disconnected:
          'Du är inte längre med i chatten. En förbindelse bröts (nycklarna finns bara i minnet).',
      })[outcome],
    askedBy: (member) => `${member} bad att få gå med i chatten; besökaren tillfrågas.`,
    joining: (member) => `Besökaren sa ja; ${member} går med.`,
    memberJoined: (member) => `${member} gick med i chatten.`,
    memberLeft: (member) => `${member} lämnade chatten.`,
    notJoined: (member) => `${member} gick inte med i chatten.`,
    askToLeave: (member) => `Be ${member} att lämna`,
    inChat: (member) =>
      `${member} (samordnare) är med i chatten och ser det som skrivs från och med nu.`,
    memberWrote: (member) => `${member} (samordnare):`,
    error: (code) =>
      ({
        wrong_state:
          'Det går inte just nu: besökaren är inte ansluten, eller så pågår redan en förfrågan.',
        not_found: 'Stödsamtalet eller chatten är slut.',
        forbidden: 'Det får du inte göra.',
      })[code] ?? 'Något gick fel.',
  },
};

const en: ConsoleMessages = {
  title: 'Jourchatt – console',
  languageMenu: 'Language',
  username: 'Username',
  password: 'Password',
  authCode: 'Authentication code',
  logIn: 'Log in',
  logOut: 'Log out',
  signedInAs: (alias) => `Signed in as ${alias}`,
  available: 'Available',
  availableHint: 'You get new chats only while you are available.',
  takeBreak: 'Take a break',
  backFromBreak: 'Back from break',
  onBreakNotice: 'You are on a break: no new chats come to you. Your ongoing chats stay.',
  queue: 'Queue',
  route: (route) => (route === 'adult' ? '20 or older' : 'Under 20'),
  waiting: (n) => `${n} waiting`,
  longestWait: (time) => `longest wait ${time}`,
  colleagues: (n) => `${n} ${plural('en', n, 'volunteer', 'volunteers')} available`,
  acceptNext: 'Accept next chat',
  capacity: 'Chats at once',
  waitingList: (route) => `Waiting, ${route}`,
  notifications: 'Desktop notifications when someone waits',
  notificationsBlocked: 'The browser does not allow notifications for this page.',
  someoneWaiting: (route) => `Someone is waiting (${route})`,
  urgent: 'Urgent: in danger',
  urgentWaiting: (n) => `Urgent: ${n} in danger`,
  urgentHint:
    'The visitor answered yes to “Are you in danger right now?” and was shown “Call 112”. They went ahead in the queue.',
  someoneInDanger: (route) => `Urgent: someone in danger is waiting (${route})`,
  newMessage: 'New message in a chat',
  announceMessage: (chat) => `New message in ${chat}.`,
  announceHandover: (alias, chat) => `${alias} handed a chat over to you: ${chat}.`,
  announceEnded: (chat, reason) => `${chat}: ${en.endReason(reason)}`,
  load: (active, capacity) => `${active} of ${capacity} ${plural('en', capacity, 'chat', 'chats')}`,
  chats: 'Chats',
  noChats: 'No chats in progress.',
  keying: 'Waiting for the visitor’s key…',
  visitorAway:
    'The visitor’s connection dropped. The chat waits two minutes for them; your messages are sent when they are back.',
  consoleBack:
    'This console was reloaded: the chat has new keys and the conversation so far came from the visitor’s screen. Compare the safety words again if you did.',
  visitorBack:
    'The visitor reloaded the page and is back, with new keys: check the safety words again if you compared them. They see the conversation so far.',
  handoverNoteUnreadable:
    '(The note could not be opened: it was encrypted for the console that was open at the hand-over.)',
  unverifiedVisitor:
    'The visitor could not prove they are the person you were chatting with (a stolen link, or a server posing as the visitor). Nothing of the conversation so far was sent. Compare the safety words before you go on, and write nothing you would not say to a stranger.',
  tampered:
    'Warning: the visitor’s key does not match. Someone may have tampered with the connection. The chat was ended.',
  safetyWords: 'Safety words',
  safetyWordsInSwedish: 'in Swedish',
  waited: (time) => `waited ${time}`,
  language: (code) =>
    ({
      sv: 'Swedish',
      en: 'English',
      ar: 'Arabic',
      so: 'Somali',
      fi: 'Finnish',
      'sv-x-easy': 'Easy-to-read Swedish',
    })[code] ?? code,
  topic: (topic) =>
    ({
      victim: 'the person it happened to',
      witness: 'a witness',
      relative: 'a relative or friend',
      other: 'something else',
    })[topic],
  messages: 'Messages',
  you: 'You',
  colleagueWrote: (alias) => `${alias} (before the hand-over):`,
  visitor: 'Visitor',
  message: 'Message',
  send: 'Send',
  endChat: 'End chat',
  endAndBlock: (hours) => `End and block for ${hours} ${plural('en', hours, 'hour', 'hours')}`,
  confirmBlock: (hours) =>
    `The chat ends, and the visitor's network cannot start a new chat for ${hours} ${plural('en', hours, 'hour', 'hours')}. The visitor only sees that the chat is not available, with the phone number. No address is kept.`,
  confirmBlockYes: 'Yes, end and block',
  close: 'Close',
  sending: 'Sending…',
  sent: 'Delivered',
  failed: 'Not sent',
  retry: 'Retry',
  visitorTyping: 'The visitor is typing…',
  unread: (n) => `${n} unread`,
  chatTab: (n, route) => `Chat ${n} · ${route === 'adult' ? '20 or older' : 'under 20'}`,
  endReason: (reason) =>
    ({
      ended_by_visitor: 'The visitor ended the chat.',
      ended_by_counsellor: 'You ended the chat.',
      visitor_disconnected: 'The visitor’s connection was lost. The chat has ended.',
      counsellor_disconnected: 'Your connection was lost. The chat has ended.',
      server_shutdown: 'The server restarted. The chat has ended.',
      transferred: 'You handed the chat over.',
    })[reason],
  disconnected: 'No connection to the server. Trying again…',
  handOver: 'Hand over',
  handOverTo: 'Hand over to',
  backToQueue: 'Back to the queue (the visitor keeps their place)',
  colleagueOption: (alias, free) => `${alias} (${free} free)`,
  noColleagues: (untrained) =>
    untrained === 0
      ? 'No colleague is free right now.'
      : `No colleague trained for under-20s is free. ${untrained} free ${plural('en', untrained, 'colleague is', 'colleagues are')} not trained for under-20s and cannot take this chat.`,
  chooseHandover: 'Choose who takes over the chat.',
  required: '(required)',
  handoverNote: 'Note for your colleague',
  handoverNoteHint: 'Short, and without names or anything that could identify the visitor.',
  confirmHandOver: 'Confirm hand-over',
  cancel: 'Cancel',
  handoverFrom: (alias) => `Handed over by ${alias}.`,
  readyPhrases: 'Ready phrases',
  noPhrases: 'No ready phrase matches.',
  phraseHint: 'Type / for ready phrases.',
  wrapUp: 'Wrap-up',
  wrapUpHint:
    'Anonymous: only the categories are counted, per day. Nothing about the visitor is kept.',
  saveWrapUp: 'Save wrap-up',
  wrapUpMissing: (question) =>
    question === 'crime'
      ? 'Choose what kind of crime it was about.'
      : 'Choose who the person writing was.',
  problem: 'There is a problem',
  wrapUpSaved: 'The wrap-up is saved.',
  error: (code) =>
    ({
      bad_credentials: 'Wrong username or password.',
      bad_code: 'Wrong or already used code. Wait for the next one.',
      rate_limited: 'Too many tries. Please wait a moment.',
      queue_empty: 'Nobody is waiting right now.',
      not_available: 'Mark yourself available first.',
      at_capacity: 'You already have as many chats as you take at once.',
      on_break: 'You are on a break. Come back from it to take new chats.',
      forbidden: 'You are not allowed to do that.',
      network: 'Cannot reach the server.',
      claimed: 'A colleague is already answering this mailbox. Only one answers at a time.',
      mailbox_full: 'This mailbox is full: it holds no more letters.',
      not_found: 'This mailbox is gone (the visitor deleted it, or it expired).',
    })[code as string] ?? 'Something went wrong.',
  mailbox: 'Mailbox',
  mailboxIntro:
    'Letters from visitors who wrote while the chat was closed. The list never shows what they say: open one to read it.',
  mailboxWaiting: (n) => `${n} ${plural('en', n, 'letter waits', 'letters wait')} for an answer`,
  mailboxEmpty: 'No letters.',
  mailboxStatus: (status) => ({ new: 'new', answered: 'answered', done: 'done' })[status],
  mailboxStarted: 'Day',
  mailboxLastLetter: 'Last letter',
  mailboxRoute: 'Line',
  mailboxLanguage: 'Language',
  mailboxState: 'Status',
  mailboxAnswering: 'Answering',
  letterCount: (n) => `${n} ${plural('en', n, 'letter', 'letters')}`,
  answeringBy: (alias) => `${alias} is answering`,
  answeringMe: 'You are answering',
  backToMailbox: 'Back to the mailbox',
  mailboxHeading: (day, route) => `Mailbox from ${day} · ${route}`,
  letters: 'Letters',
  letterFromVisitor: 'Visitor',
  letterFromCounsellor: (alias) => `${alias} (volunteer)`,
  letterUnreadable:
    'You cannot open this letter: it was encrypted before your current key existed (for example before your password was reset). Colleagues who can read it can share it with you.',
  claimedNotice: (alias) =>
    `${alias} is answering this mailbox right now. You can read it, but only one answers at a time (for at most 30 minutes).`,
  answerLabel: 'Answer',
  sendAnswer: 'Send answer',
  answerSent: 'Your answer is sent. The visitor reads it with their return code.',
  markDone: 'Mark done',
  markedDone: 'The mailbox is marked done.',
  shareWithColleagues: 'Share with colleagues who cannot read it yet',
  shareHint: (n) =>
    `${n} ${plural('en', n, 'colleague', 'colleagues')} on this line ${plural('en', n, 'has', 'have')} a newer key and cannot read every letter here.`,
  shared: 'Shared: your colleagues can read the letters now.',
  newLetter: (route) => `New letter in the mailbox (${route})`,
  keyLocked:
    'Your mailbox key is locked in this tab. Enter your password to read and answer letters.',
  unlockMailbox: 'Unlock mailbox',
  keyOpening: 'Opening your mailbox key…',
  keyMade:
    'Your account got a new mailbox key. Letters encrypted to an earlier key (before a password reset) stay closed to you until a colleague shares them; your colleagues keep their access.',
  wrongPassword: 'Wrong password.',
  keyMissing:
    'Your account has no mailbox key yet. Log out and log in again: that makes it with your password.',
  whisper: {
    askForSupport: 'Ask for support',
    asking: 'Asking the supervisors online…',
    withdraw: 'Withdraw',
    supportFrom: (name) => `Support from ${name}`,
    supporting: (name) => `Supporting ${name}`,
    askingHeading: 'Support from a supervisor',
    staffOnly: 'Staff only: the visitor does not see this.',
    keying: 'Setting up encryption…',
    safetyHint: 'Compare them by phone if you doubt the connection.',
    messages: 'Support conversation',
    you: 'You',
    writeTo: (name) => `Write to ${name}`,
    sendTo: (name) => `Send to ${name}`,
    end: 'End support conversation',
    requests: 'Asking for support',
    request: (from, route) => `${from} asks for support (${route}).`,
    accept: 'Accept',
    asked: (from) => `${from} asks for support.`,
    outcome: (outcome) =>
      ({
        ended: 'Ended by the other side.',
        ended_here: 'You ended the support conversation.',
        chat_ended: 'Ended: the chat it was about has ended.',
        disconnected:
          'Ended: a console reloaded or lost its connection (the keys are kept in memory only).',
        taken: 'A colleague took it.',
        tampered:
          'Ended: the keys did not match. Someone may be in between: phone and compare the safety words.',
      })[outcome],
    error: (code) =>
      ({
        no_supervisor: 'No supervisor is online right now. Phone the supervisor on duty instead.',
        claimed: 'A colleague took it first.',
        not_found: 'The request was withdrawn or is over.',
        wrong_state: 'You have already asked for support in this chat.',
        forbidden: 'You may not do that.',
      })[code] ?? 'Something went wrong.',
  },
  riskLevel: 'Risk level',
  riskName: (level) => ({ none: 'None', concern: 'Concern', acute: 'Acute' })[level],
  riskAcuteNote: 'The supervisors online have been alerted.',
  pauseAfter: (why) =>
    why === 'acute'
      ? 'That was an acute chat. Take a pause before the next one.'
      : 'That was a long chat. Take a pause before the next one.',
  askDebrief: 'Ask for a debrief',
  debriefSent: (n) =>
    `${n} ${plural('en', n, 'supervisor has', 'supervisors have')} been asked and will be in touch.`,
  debriefNobody:
    'No supervisor is online right now. Phone the on-call supervisor or the coordinator, or ask a colleague to talk. Take your pause anyway.',
  alertAcute: (alias, route) => `Acute: ${alias} marked a chat (${route}) as acute.`,
  alertDebrief: (alias) => `${alias} asks for a debrief.`,
  alertsHeading: 'Alerts',
  dismissAlert: 'Dismiss alert',
  join: {
    askToJoin: 'Ask to join the chat',
    waiting: "Waiting for the visitor's answer…",
    keying: 'The visitor said yes. Setting up encryption…',
    declined: 'The visitor said no.',
    joined: 'You are in the chat.',
    fromNow: (counsellor) =>
      `The visitor sees what you write here. You see what is written from now on; what was written before stays between the visitor and ${counsellor}.`,
    chat: 'The chat',
    visitor: 'Visitor',
    you: 'You',
    write: 'Write in the chat',
    send: 'Send to the chat',
    leave: 'Leave the chat',
    ended: (outcome) =>
      ({
        left_here: 'You left the chat.',
        tampered:
          "You left the chat: the visitor's key did not match. Someone may be in between: phone and compare the safety words.",
        declined: 'The visitor said no.',
        left: 'You are no longer in the chat. The counsellor asked you to leave.',
        removed: 'You are no longer in the chat. The visitor removed you.',
        ended: 'You are no longer in the chat. The support conversation ended.',
        chat_ended: 'You are no longer in the chat. The chat has ended.',
        transferred: 'You are no longer in the chat. It was handed over to a colleague.',
        disconnected:
          'You are no longer in the chat. A connection was lost (the keys are kept in memory only).',
      })[outcome],
    askedBy: (member) => `${member} asked to join the chat; the visitor is asked.`,
    joining: (member) => `The visitor said yes; ${member} is joining.`,
    memberJoined: (member) => `${member} joined the chat.`,
    memberLeft: (member) => `${member} left the chat.`,
    notJoined: (member) => `${member} did not join the chat.`,
    askToLeave: (member) => `Ask ${member} to leave`,
    inChat: (member) =>
      `${member} (supervisor) is in this chat and sees what is written from now on.`,
    memberWrote: (member) => `${member} (supervisor):`,
    error: (code) =>
      ({
        wrong_state: 'Not now: the visitor is not connected, or a request to join is already on.',
        not_found: 'The support conversation or the chat is over.',
        forbidden: 'You may not do that.',
      })[code] ?? 'Something went wrong.',
  },
};

export const CATALOGUES = { sv, en } as const;
export type ConsoleLanguage = keyof typeof CATALOGUES;

export function consoleLanguage(search: string): ConsoleLanguage {
  const lang = new URLSearchParams(search).get('lang');
  return lang === 'en' ? 'en' : 'sv';
}

/** 75 → "1:15". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
