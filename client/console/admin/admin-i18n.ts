import type { AuditAction } from '../../../shared/protocol/admin.js';
import type { ErrorCode } from '../../../shared/protocol/errors.js';
import type { RiskLevel, Role, Route } from '../../../shared/protocol/schemas.js';
import type { ConsoleLanguage } from '../i18n.js';

/** The texts of the console's supervisor, admin and own-account screens. */
export interface AdminMessages {
  nav: string;
  chatsNav: string;
  boardNav: string;
  statsNav: string;
  settingsNav: string;
  accountsNav: string;
  auditNav: string;
  myAccountNav: string;
  role: (role: Role) => string;
  route: (route: Route) => string;
  routeHeading: string;
  roleHeading: string;
  language: (code: string) => string;
  save: string;
  saved: string;
  error: (code: ErrorCode) => string;
  // board
  board: string;
  boardNote: string;
  waiting: string;
  longestWait: string;
  availableNow: string;
  /** Mailboxes waiting for an answer, on the board. */
  lettersWaiting: string;
  /** Beside the password change: what happens to the mailbox key, and what a reset does. */
  passwordKeepsMailbox: string;
  /** Beside an admin's reset: the account loses its mailbox key. */
  resetLosesMailbox: string;
  counsellorsOnline: string;
  alias: string;
  status: string;
  availableStatus: string;
  notAvailable: string;
  /** On the board: on a break now. */
  onBreakStatus: string;
  /** On the board: chats accepted since the last break or the shift's start. */
  inARow: string;
  load: string;
  chatsInProgress: string;
  length: string;
  queued: string;
  talking: string;
  /** On the board: waiting visitors who said they are in danger, and such a chat. */
  urgentWaiting: string;
  urgent: string;
  none: string;
  /** Per counsellor online: chats marked acute since they signed in. */
  acuteThisShift: string;
  /** A chat in progress marked acute, with its counsellor's display name. */
  acuteBy: (alias: string) => string;
  // statistics
  statistics: string;
  aggregatesOnly: string;
  /** A category's count below 5, never shown as its number. */
  fewerThanFive: string;
  from: string;
  to: string;
  show: string;
  downloadCsv: string;
  downloadHoursCsv: string;
  downloadCategoriesCsv: string;
  day: string;
  offered: string;
  answered: string;
  abandoned: string;
  waitMedian: string;
  waitP90: string;
  perDay: string;
  waitTimes: string;
  chatLengths: string;
  heatMap: string;
  heatMapNote: string;
  demand: string;
  staffed: string;
  wrapUps: string;
  crime: string;
  affected: string;
  referral: string;
  category: (field: string, value: string) => string;
  ratings: string;
  rating: (score: number) => string;
  count: string;
  bucket: (label: string) => string;
  weekday: (day: number) => string;
  noData: string;
  /** Ended chats by the highest risk level they reached. */
  riskLevels: string;
  riskLevelsNote: string;
  riskName: (level: RiskLevel) => string;
  // settings
  settings: string;
  timeZone: string;
  exitUrl: string;
  phone: string;
  hours: string;
  hoursHint: string;
  /** A route's date exceptions: dates whose hours replace their weekday's. */
  exceptions: string;
  exceptionsHint: string;
  noExceptions: string;
  exceptionDate: string;
  closedAllDay: string;
  addException: string;
  /** The remove button's name, with the date it removes (empty while none is chosen). */
  removeException: (date: string) => string;
  /** The route's lines open around the clock, named on the widget's closed screen. */
  helplines: string;
  helplinesHint: string;
  phoneHint: string;
  timeZoneHint: string;
  /** The heading of an error summary. */
  problem: string;
  /** What is wrong with a field of this kind, with the format it expects. */
  fieldProblem: (kind: string) => string;
  notice: string;
  sharedPhrases: string;
  onePerLine: string;
  allowedOrigins: string;
  allowedOriginsHint: string;
  blockHours: string;
  blockHoursHint: string;
  debriefAfterMinutes: string;
  debriefAfterMinutesHint: string;
  // accounts
  accounts: string;
  username: string;
  youth: string;
  languages: string;
  disabled: string;
  secondFactor: string;
  yes: string;
  no: string;
  invite: string;
  createInvite: string;
  /** An invitation link made for a new account of a role. */
  inviteCreated: (role: string, expires: string) => string;
  /** A password-reset link made for an account. */
  resetCreated: (username: string, expires: string) => string;
  resetPassword: string;
  disable: string;
  enable: string;
  actions: string;
  // audit
  audit: string;
  when: string;
  who: string;
  what: string;
  details: string;
  /** An audit action in words; an action this console does not know yet, in general words. */
  auditAction: (action: string) => string;
  /** An audit entry's details, with the codes in them (roles, fields) in words. */
  auditDetail: (action: string, detail: string) => string;
  // own account
  myAccount: string;
  changePassword: string;
  currentPassword: string;
  newPassword: string;
  passwordHint: string;
  passwordChanged: string;
  setUpTotp: string;
  totpRequired: string;
  totpScan: string;
  totpSecret: string;
  authCode: string;
  confirm: string;
  totpOn: string;
  myPhrases: string;
  addPhrase: string;
  newPhrase: string;
  remove: string;
  // one-time links
  createAccount: string;
  setPassword: string;
  aliasHint: string;
  linkDone: string;
  toLogin: string;
}

const ROLE_SV: Record<Role, string> = {
  counsellor: 'volontär',
  supervisor: 'samordnare',
  admin: 'administratör',
};
const ROLE_EN: Record<Role, string> = {
  counsellor: 'counsellor',
  supervisor: 'supervisor',
  admin: 'admin',
};

const AUDIT_SV: Record<AuditAction, string> = {
  login: 'inloggning',
  login_failed: 'misslyckad inloggning',
  logout: 'utloggning',
  account_created: 'konto skapat',
  account_created_cli: 'konto skapat på servern',
  account_changed: 'konto ändrat',
  invite_created: 'inbjudan skapad',
  password_changed: 'lösenord bytt',
  password_reset_link: 'länk för nytt lösenord skapad',
  password_set_by_link: 'lösenord valt med länk',
  totp_enabled: 'tvåstegsverifiering påslagen',
  settings_changed: 'inställningar ändrade',
  settings_changed_cli: 'inställningar ändrade på servern',
  settings_reset_cli: 'inställningar återställda på servern',
  visitor_blocked: 'avslutade en chatt och blockerade besökaren',
};
const AUDIT_EN: Record<AuditAction, string> = {
  login: 'signed in',
  login_failed: 'failed sign-in',
  logout: 'signed out',
  account_created: 'account created',
  account_created_cli: 'account created on the server',
  account_changed: 'account changed',
  invite_created: 'invitation created',
  password_changed: 'password changed',
  password_reset_link: 'new-password link created',
  password_set_by_link: 'password chosen by link',
  totp_enabled: 'second factor turned on',
  settings_changed: 'settings changed',
  settings_changed_cli: 'settings changed on the server',
  settings_reset_cli: 'settings reset on the server',
  visitor_blocked: 'ended a chat and blocked its visitor',
};

/** The words for the codes the server writes in an audit entry's details. */
const DETAIL_WORDS: Record<'sv' | 'en', Record<string, string>> = {
  sv: {
    ...ROLE_SV,
    youth: 'under 20',
    role: 'roll',
    disabled: 'avstängt',
    languages: 'språk',
    alias: 'namn',
    'authentication code': 'autentiseringskod',
    settings: 'inställningar',
  },
  en: {
    ...ROLE_EN,
    youth: 'under 20',
    role: 'role',
    disabled: 'disabled',
    languages: 'languages',
    alias: 'name',
    'authentication code': 'authentication code',
    settings: 'settings',
  },
};

/**
 * An audit entry's details as the server writes them (`role counsellor, youth`,
 * `anna: role, youth`, `anna (admin, youth)`), with each code in words; usernames
 * stay as they are.
 */
function auditDetail(action: string, detail: string, lang: 'sv' | 'en'): string {
  const words = DETAIL_WORDS[lang];
  const word = (code: string) => words[code.trim()] ?? code.trim();
  const list = (codes: string) => codes.split(',').map(word).join(', ');
  if (action === 'invite_created') return list(detail.replace(/^role /, ''));
  const changed = /^(.*): ([\w ,]+)$/.exec(detail);
  if (action === 'account_changed' && changed) return `${changed[1]}: ${list(changed[2] ?? '')}`;
  const created = /^(.*) \(([\w ,]+)\)$/.exec(detail);
  if (action.startsWith('account_created') && created) {
    return `${created[1]} (${list(created[2] ?? '')})`;
  }
  return words[detail] ?? detail;
}

const CATEGORY_SV: Record<string, string> = {
  violence: 'våld',
  threat: 'hot',
  sexual: 'sexualbrott',
  domestic: 'våld i nära relation',
  robbery_theft: 'rån eller stöld',
  fraud: 'bedrägeri',
  hate: 'hatbrott',
  harassment: 'trakasserier',
  victim: 'utsatt',
  witness: 'vittne',
  relative: 'anhörig',
  police: 'polisen',
  healthcare: 'vården',
  social_services: 'socialtjänsten',
  shelter: 'skyddat boende / jour',
  legal: 'juridisk rådgivning',
  other: 'annat',
};
const CATEGORY_EN: Record<string, string> = {
  violence: 'violence',
  threat: 'threat',
  sexual: 'sexual offence',
  domestic: 'domestic abuse',
  robbery_theft: 'robbery or theft',
  fraud: 'fraud',
  hate: 'hate crime',
  harassment: 'harassment',
  victim: 'victim',
  witness: 'witness',
  relative: 'relative',
  police: 'police',
  healthcare: 'healthcare',
  social_services: 'social services',
  shelter: 'shelter',
  legal: 'legal advice',
  other: 'other',
};

const sv: AdminMessages = {
  nav: 'Huvudmeny',
  chatsNav: 'Chattar',
  boardNav: 'Läget nu',
  statsNav: 'Statistik',
  settingsNav: 'Inställningar',
  accountsNav: 'Konton',
  auditNav: 'Logg',
  myAccountNav: 'Mitt konto',
  role: (role) => ROLE_SV[role],
  route: (route) => (route === 'adult' ? '20 år eller äldre' : 'Under 20'),
  routeHeading: 'Linje',
  roleHeading: 'Roll',
  language: (code) =>
    ({ sv: 'svenska', en: 'engelska', ar: 'arabiska', so: 'somaliska' })[code] ?? code,
  save: 'Spara',
  saved: 'Sparat.',
  error: (code) =>
    ({
      invalid_payload: 'Något i formuläret stämmer inte. Kontrollera fälten.',
      forbidden: 'Det får du inte göra.',
      not_found: 'Finns inte.',
      bad_credentials: 'Fel lösenord.',
      bad_code: 'Fel eller redan använd kod.',
      link_expired: 'Länken har gått ut eller är redan använd. Be om en ny.',
      username_taken: 'Användarnamnet är upptaget.',
      unauthenticated: 'Du är utloggad.',
      rate_limited: 'För många försök. Vänta en stund.',
      wrong_state: 'Det går inte just nu.',
    })[code as string] ?? 'Något gick fel.',
  board: 'Läget nu',
  boardNote: 'Uppdateras var femte sekund. Visar aldrig vad som skrivs.',
  waiting: 'Väntar',
  longestWait: 'Längst väntan',
  availableNow: 'Tillgängliga',
  lettersWaiting: 'Brev som väntar på svar',
  passwordKeepsMailbox:
    'När du byter lösenord här behåller du din brevlådenyckel: konsolen krypterar om den med det nya lösenordet. Om en administratör i stället återställer ditt lösenord får du en ny nyckel och kan inte längre öppna brev som krypterades till den gamla, förrän en kollega delar dem med dig. Kollegorna behåller sin åtkomst.',
  resetLosesMailbox:
    'En återställning tar bort kontots brevlådenyckel: kontot kan inte längre öppna brev som krypterades till den, förrän en kollega delar dem. Kollegorna behåller sin åtkomst.',
  counsellorsOnline: 'Inloggade volontärer',
  alias: 'Namn',
  status: 'Status',
  availableStatus: 'tillgänglig',
  notAvailable: 'inte tillgänglig',
  onBreakStatus: 'paus',
  inARow: 'I rad utan paus',
  load: 'Chattar',
  chatsInProgress: 'Pågående chattar',
  length: 'Tid',
  queued: 'i kö',
  talking: 'pågår',
  urgentWaiting: 'Brådskande, i fara',
  urgent: 'Brådskande: i fara',
  acuteThisShift: 'Akuta detta pass',
  acuteBy: (alias) => `Akut (${alias})`,
  none: 'Inga just nu.',
  statistics: 'Statistik',
  aggregatesOnly:
    'Här finns bara sammanräknade siffror per timme, dag och linje. Inget om enskilda besökare eller samtal sparas. Kategorier med färre än 5 visas som ”< 5”, så att ingen kan pekas ut.',
  fewerThanFive: '< 5',
  from: 'Från',
  to: 'Till',
  show: 'Visa',
  downloadCsv: 'Ladda ner CSV',
  downloadHoursCsv: 'Ladda ner veckotimmarna som CSV',
  downloadCategoriesCsv: 'Ladda ner kategorierna som CSV',
  day: 'Dag',
  offered: 'Inkomna',
  answered: 'Besvarade',
  abandoned: 'Lämnade kön',
  waitMedian: 'Väntetid, median',
  waitP90: 'Väntetid, 90 %',
  perDay: 'Chattar per dag',
  waitTimes: 'Väntetider',
  chatLengths: 'Chattarnas längd',
  heatMap: 'Efterfrågan och bemanning per veckotimme',
  heatMapNote:
    'Varje ruta: inkomna chattar / genomsnittligt antal tillgängliga volontärer den timmen (”<0,1”: någon var tillgänglig en liten del av timmen).',
  demand: 'inkomna',
  staffed: 'bemanning',
  wrapUps: 'Avslutningar (kategorier)',
  crime: 'Brott',
  affected: 'Den som skrev',
  referral: 'Hänvisning',
  category: (_field, value) => CATEGORY_SV[value] ?? value,
  ratings: 'Besökarnas omdöme',
  rating: (score) => ({ 1: 'hjälpte inte', 2: 'delvis', 3: 'hjälpte' })[score] ?? String(score),
  count: 'Antal',
  bucket: (label) =>
    label.startsWith('>') ? `över ${minutes(label.slice(1))}` : `högst ${minutes(label.slice(2))}`,
  weekday: (day) => ['mån', 'tis', 'ons', 'tor', 'fre', 'lör', 'sön'][day] ?? '',
  noData: 'Inga siffror för perioden.',
  riskLevels: 'Risknivå (den högsta i varje chatt)',
  riskLevelsNote:
    'Besvarade chattar per dag och linje, efter den högsta risknivå volontären satte.',
  riskName: (level) => ({ none: 'Ingen', concern: 'Oro', acute: 'Akut' })[level],
  settings: 'Inställningar',
  timeZone: 'Tidszon',
  exitUrl: 'Neutral sida för snabb utgång (https)',
  phone: 'Telefonnummer',
  hours: 'Öppettider',
  hoursHint:
    'skriv tiderna som 09:00–17:00, flera med komma (08:00–12:00, 13:00–20:00). Tomt: stängt hela dagen.',
  exceptions: 'Avvikande dagar',
  exceptionsHint:
    'Ett datum vars tider gäller i stället för veckodagens, till exempel stängt på midsommarafton eller öppet längre en viss dag. Högst 60.',
  noExceptions: 'Inga avvikande dagar.',
  exceptionDate: 'Datum',
  closedAllDay: 'Stängt hela dagen',
  addException: 'Lägg till datum',
  removeException: (date) => `Ta bort ${date || 'datumet'}`,
  phoneHint: 'Till exempel 021-41 32 60.',
  timeZoneHint: 'Till exempel Europe/Stockholm.',
  problem: 'Det finns ett problem',
  fieldProblem: (kind) =>
    ({
      hours:
        'Skriv tiderna som 09:00–17:00, flera med komma. Stängningen kommer efter öppningen; högst fyra per dag.',
      exceptionDate: 'Välj ett datum. Varje datum får finnas en gång.',
      phone: 'Skriv numret med siffror, mellanslag och bindestreck, till exempel 021-41 32 60.',
      timeZone: 'Skriv en tidszon som Europe/Stockholm.',
      exitUrl: 'Skriv en hel adress som börjar med https://.',
      helplines: 'En per rad: namn och nummer, till exempel BRIS 116 111; högst sex.',
      notice: 'Högst 500 tecken.',
      phrases: 'En snabbfras per rad, högst 500 tecken var och högst 100 fraser.',
      allowedOrigins: 'En adress per rad som börjar med https://, högst 50.',
      blockHours: 'Skriv ett helt antal timmar från 1 till 168.',
      debriefAfterMinutes: 'Skriv ett helt antal minuter, från 5 till 600.',
    })[kind] ?? 'Kontrollera fältet.',
  helplines: 'Öppet dygnet runt (visas när chatten är stängd)',
  helplinesHint: 'En per rad: namn och nummer, till exempel Kvinnofridslinjen 020-50 50 50.',
  notice: 'Meddelande i chattfönstret',
  sharedPhrases: 'Gemensamma snabbfraser',
  onePerLine: 'En per rad.',
  allowedOrigins: 'Webbplatser som får bädda in chatten',
  allowedOriginsHint: 'En adress per rad, till exempel https://www.vasteras.se',
  blockHours: 'Blockering vid "Avsluta och blockera" (timmar)',
  blockHoursHint:
    '1–168. Bara en saltad hash av nätverket hålls i minnet så länge; ingen adress sparas.',
  debriefAfterMinutes: 'Föreslå paus och avlastningssamtal efter en chatt längre än (minuter)',
  debriefAfterMinutesHint: 'Efter en akut chatt föreslås det alltid.',
  accounts: 'Konton',
  username: 'Användarnamn',
  youth: 'Utbildad för under 20',
  languages: 'Språk',
  disabled: 'Avstängt',
  secondFactor: 'Tvåstegsverifiering',
  yes: 'ja',
  no: 'nej',
  invite: 'Bjud in',
  createInvite: 'Skapa inbjudningslänk',
  inviteCreated: (role, expires) =>
    `Inbjudan för en ny ${role}: en engångslänk, giltig till ${expires}. Skicka den på ett säkert sätt:`,
  resetCreated: (username, expires) =>
    `Länk för nytt lösenord till ${username}: en engångslänk, giltig till ${expires}. Skicka den på ett säkert sätt:`,
  resetPassword: 'Återställ lösenord',
  disable: 'Stäng av',
  enable: 'Aktivera',
  actions: 'Åtgärder',
  audit: 'Logg över personalens ändringar',
  when: 'När',
  who: 'Vem',
  what: 'Vad',
  details: 'Detaljer',
  auditAction: (action) => AUDIT_SV[action as AuditAction] ?? 'annan ändring',
  auditDetail: (action, detail) => auditDetail(action, detail, 'sv'),
  myAccount: 'Mitt konto',
  changePassword: 'Byt lösenord',
  currentPassword: 'Nuvarande lösenord',
  newPassword: 'Nytt lösenord',
  passwordHint: 'Minst 12 tecken. Alla dina inloggningar avslutas när du byter.',
  passwordChanged: 'Lösenordet är bytt. Dina andra inloggningar är avslutade.',
  setUpTotp: 'Slå på tvåstegsverifiering',
  totpRequired:
    'Din roll kräver tvåstegsverifiering. Tills den är påslagen arbetar du som volontär.',
  totpScan: 'Skanna koden med din autentiseringsapp, eller skriv in nyckeln:',
  totpSecret: 'Nyckel',
  authCode: 'Autentiseringskod',
  confirm: 'Bekräfta',
  totpOn: 'Tvåstegsverifiering är påslagen.',
  myPhrases: 'Mina snabbfraser',
  addPhrase: 'Lägg till',
  newPhrase: 'Ny snabbfras',
  remove: 'Ta bort',
  createAccount: 'Skapa ditt konto',
  setPassword: 'Välj ett nytt lösenord',
  aliasHint: 'Namnet besökarna ser. Ett förnamn räcker, gärna ett påhittat.',
  linkDone: 'Klart. Du kan logga in nu.',
  toLogin: 'Till inloggningen',
};

function minutes(seconds: string): string {
  const s = Number(seconds);
  return s < 60 ? `${s} s` : `${Math.round(s / 60)} min`;
}

const en: AdminMessages = {
  ...sv,
  nav: 'Main menu',
  chatsNav: 'Chats',
  boardNav: 'Live board',
  statsNav: 'Statistics',
  settingsNav: 'Settings',
  accountsNav: 'Accounts',
  auditNav: 'Audit log',
  myAccountNav: 'My account',
  role: (role) => ROLE_EN[role],
  route: (route) => (route === 'adult' ? '20 or older' : 'Under 20'),
  routeHeading: 'Route',
  roleHeading: 'Role',
  language: (code) => ({ sv: 'Swedish', en: 'English', ar: 'Arabic', so: 'Somali' })[code] ?? code,
  save: 'Save',
  saved: 'Saved.',
  error: (code) =>
    ({
      invalid_payload: 'Something in the form is not right. Check the fields.',
      forbidden: 'You are not allowed to do that.',
      not_found: 'Not found.',
      bad_credentials: 'Wrong password.',
      bad_code: 'Wrong or already used code.',
      link_expired: 'The link has expired or was used already. Ask for a new one.',
      username_taken: 'That username is taken.',
      unauthenticated: 'You are signed out.',
      rate_limited: 'Too many tries. Please wait a moment.',
      wrong_state: 'That is not possible right now.',
    })[code as string] ?? 'Something went wrong.',
  board: 'Live board',
  boardNote: 'Updated every five seconds. Never shows what is written.',
  waiting: 'Waiting',
  longestWait: 'Longest wait',
  availableNow: 'Available',
  lettersWaiting: 'Letters waiting for an answer',
  passwordKeepsMailbox:
    'Changing your password here keeps your mailbox key: the console wraps it again with the new password. If an admin resets your password instead, you get a new key and can no longer open letters encrypted to the old one until a colleague shares them with you. Your colleagues keep their access.',
  resetLosesMailbox:
    'A reset deletes the account’s mailbox key: it can no longer open letters encrypted to it until a colleague shares them. Colleagues keep their access.',
  counsellorsOnline: 'Counsellors online',
  alias: 'Name',
  status: 'Status',
  availableStatus: 'available',
  notAvailable: 'not available',
  onBreakStatus: 'on a break',
  inARow: 'In a row without a break',
  load: 'Chats',
  chatsInProgress: 'Chats in progress',
  length: 'Time',
  queued: 'queued',
  talking: 'talking',
  urgentWaiting: 'Urgent, in danger',
  urgent: 'Urgent: in danger',
  acuteThisShift: 'Acute this shift',
  acuteBy: (alias) => `Acute (${alias})`,
  none: 'None right now.',
  statistics: 'Statistics',
  aggregatesOnly:
    'Only aggregated counts per hour, day and route exist here. Nothing about a single visitor or chat is stored. Categories counted fewer than 5 times show as “< 5”, so nobody can be singled out.',
  fewerThanFive: '< 5',
  from: 'From',
  to: 'To',
  show: 'Show',
  downloadCsv: 'Download CSV',
  downloadHoursCsv: 'Download the hours of the week as CSV',
  downloadCategoriesCsv: 'Download the categories as CSV',
  day: 'Day',
  offered: 'Offered',
  answered: 'Answered',
  abandoned: 'Abandoned',
  waitMedian: 'Wait, median',
  waitP90: 'Wait, 90th percentile',
  perDay: 'Chats per day',
  waitTimes: 'Wait times',
  chatLengths: 'Chat lengths',
  heatMap: 'Demand and staffing by hour of the week',
  heatMapNote:
    'Each cell: chats offered / average counsellors available in that hour (“<0.1”: someone was available for a small part of the hour).',
  demand: 'offered',
  staffed: 'staffed',
  wrapUps: 'Wrap-ups (categories)',
  crime: 'Crime',
  affected: 'The person writing',
  referral: 'Referral',
  category: (_field, value) => CATEGORY_EN[value] ?? value,
  ratings: 'Visitors’ ratings',
  rating: (score) => ({ 1: 'did not help', 2: 'partly', 3: 'helped' })[score] ?? String(score),
  count: 'Count',
  bucket: (label) =>
    label.startsWith('>') ? `over ${minutes(label.slice(1))}` : `up to ${minutes(label.slice(2))}`,
  weekday: (day) => ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'][day] ?? '',
  noData: 'No figures for the period.',
  riskLevels: 'Risk level (the highest in each chat)',
  riskLevelsNote: 'Answered chats per day and line, by the highest risk level the counsellor set.',
  riskName: (level) => ({ none: 'None', concern: 'Concern', acute: 'Acute' })[level],
  settings: 'Settings',
  timeZone: 'Time zone',
  exitUrl: 'Neutral page for quick exit (https)',
  phone: 'Phone number',
  hours: 'Opening hours',
  hoursHint:
    'write the times as 09:00–17:00, several with commas (08:00–12:00, 13:00–20:00). Empty: closed all day.',
  exceptions: 'Special dates',
  exceptionsHint:
    'A date whose hours replace its weekday’s, for example closed on Midsummer Eve or open longer on a given day. At most 60.',
  noExceptions: 'No special dates.',
  exceptionDate: 'Date',
  closedAllDay: 'Closed all day',
  addException: 'Add a date',
  removeException: (date) => `Remove ${date || 'the date'}`,
  phoneHint: 'For example 021-41 32 60.',
  timeZoneHint: 'For example Europe/Stockholm.',
  problem: 'There is a problem',
  fieldProblem: (kind) =>
    ({
      hours:
        'Write the times as 09:00–17:00, several with commas. Closing comes after opening; at most four a day.',
      exceptionDate: 'Choose a date. Each date may be given once.',
      phone: 'Write the number with digits, spaces and hyphens, for example 021-41 32 60.',
      timeZone: 'Write a time zone such as Europe/Stockholm.',
      exitUrl: 'Write a whole address starting with https://.',
      helplines: 'One per line: name and number, for example BRIS 116 111; at most six.',
      notice: 'At most 500 characters.',
      phrases: 'One ready phrase per line, at most 500 characters each and at most 100 phrases.',
      allowedOrigins: 'One address per line starting with https://, at most 50.',
      blockHours: 'Write a whole number of hours from 1 to 168.',
      debriefAfterMinutes: 'Write a whole number of minutes, from 5 to 600.',
    })[kind] ?? 'Check this field.',
  helplines: 'Open around the clock (shown when the chat is closed)',
  helplinesHint: 'One per line: name and number, for example Kvinnofridslinjen 020-50 50 50.',
  notice: 'Notice in the chat window',
  sharedPhrases: 'Shared ready phrases',
  onePerLine: 'One per line.',
  allowedOrigins: 'Sites allowed to embed the chat',
  allowedOriginsHint: 'One address per line, for example https://www.vasteras.se',
  blockHours: 'Block time for "End and block" (hours)',
  blockHoursHint:
    '1–168. Only a salted hash of the network is held in memory that long; no address is kept.',
  debriefAfterMinutes: 'Suggest a pause and a debrief after a chat longer than (minutes)',
  debriefAfterMinutesHint: 'After an acute chat it is always suggested.',
  accounts: 'Accounts',
  username: 'Username',
  youth: 'Trained for under 20',
  languages: 'Languages',
  disabled: 'Disabled',
  secondFactor: 'Second factor',
  yes: 'yes',
  no: 'no',
  invite: 'Invite',
  createInvite: 'Create invitation link',
  inviteCreated: (role, expires) =>
    `Invitation for a new ${role}: a one-time link, valid until ${expires}. Send it securely:`,
  resetCreated: (username, expires) =>
    `New-password link for ${username}: a one-time link, valid until ${expires}. Send it securely:`,
  resetPassword: 'Reset password',
  disable: 'Disable',
  enable: 'Enable',
  actions: 'Actions',
  audit: 'Audit log of staff actions',
  when: 'When',
  who: 'Who',
  what: 'What',
  details: 'Details',
  auditAction: (action) => AUDIT_EN[action as AuditAction] ?? 'other change',
  auditDetail: (action, detail) => auditDetail(action, detail, 'en'),
  myAccount: 'My account',
  changePassword: 'Change password',
  currentPassword: 'Current password',
  newPassword: 'New password',
  passwordHint: 'At least 12 characters. Changing it ends all your sessions.',
  passwordChanged: 'Your password is changed. Your other sessions have ended.',
  setUpTotp: 'Turn on the second factor',
  totpRequired: 'Your role needs a second factor. Until it is on, you work as a counsellor.',
  totpScan: 'Scan the code with your authenticator app, or type in the key:',
  totpSecret: 'Key',
  authCode: 'Authentication code',
  confirm: 'Confirm',
  totpOn: 'The second factor is on.',
  myPhrases: 'My ready phrases',
  addPhrase: 'Add',
  newPhrase: 'New ready phrase',
  remove: 'Remove',
  createAccount: 'Create your account',
  setPassword: 'Choose a new password',
  aliasHint: 'The name visitors see. A first name is enough, a made-up one is fine.',
  linkDone: 'Done. You can log in now.',
  toLogin: 'To the login',
};

export const ADMIN_CATALOGUES: Record<ConsoleLanguage, AdminMessages> = { sv, en };
