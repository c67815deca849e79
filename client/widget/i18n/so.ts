import { LAUNCHER } from './launcher.js';
import { dayAndMonth } from './dates.js';
import type { WidgetMessages } from './messages.js';

/** Somali. */
export const so: WidgetMessages = {
  ...LAUNCHER.so,
  title: 'La sheekayso Brottsofferjouren (Taageerada dhibbanayaasha dembiyada)',
  hide: 'Qari wada-sheekaysiga',
  quickExitHint: 'Laba jeer riix Esc si aad boggan uga baxdo si degdeg ah.',
  danger: 'Ma khatar baad ku jirtaa? Wac 112.',
  dangerQuestion: 'Ma ku jirtaa khatar hadda?',
  dangerYes: 'Haa',
  dangerNo: 'Maya',
  dangerCall: 'Wac 112',
  dangerStillChat:
    'Wac 112 hadda haddii aad awoodid. Sidoo kale waad nala sheekaysan kartaa: hoos ka dooro, waxaadna ka hormari doontaa kuwa kale ee safka ku jira.',
  intro:
    'Waxaad la sheekaysan doontaa tabarruce tababaran oo ka socda Taageerada dhibbanayaasha. Qofna ma oga cidda aad tahay, wada-sheekaysigu waa sir (qarsoon), waxbana lama kaydiyo.',
  anonymous: 'Uma baahnid inaad sheegto cidda aad tahay.',
  chooseRoute: 'Dooro midka kugu habboon:',
  routeAdult: 'Waxaan ahay 20 jir ama ka weyn',
  routeYouth: 'Waxaan ka yarahay 20 sano',
  phone: (number) => `Waxaad sidoo kale wici kartaa ${number}.`,
  call: (number) => `Wac ${number}.`,
  callNow: (number) => `Wac ${number}: khadka taleefanku hadda waa furan yahay.`,
  phoneOpens: (number, when) => `Khadka taleefanka, ${number}, wuxuu furmayaa ${when}.`,
  routeName: (route) => ({ adult: '20 jir ama ka weyn', youth: 'Ka yar 20 sano' })[route],
  weekdays: ['Isniin', 'Talaado', 'Arbaco', 'Khamiis', 'Jimco', 'Sabti', 'Axad'],
  opensAt: (inDays, weekday, time) =>
    inDays === 0
      ? `maanta saacadda ${time}`
      : inDays === 1
        ? `berri saacadda ${time}`
        : `maalinta ${weekday} saacadda ${time}`,
  closedUntil: (when) => `Wada-sheekaysigu hadda waa xiran yahay. Wuxuu furmayaa ${when}.`,
  closedForNow: 'Wada-sheekaysigu hadda waa xiran yahay.',
  closedToday: 'Wada-sheekaysigu maanta waa xiran yahay.',
  dayOfMonth: (date) => dayAndMonth('so', date),
  allClosed: 'Wada-sheekaysigu hadda waa xiran yahay.',
  opens: (when) => `Wuxuu furmayaa ${when}.`,
  aroundTheClock: 'Khadad furan 24-ka saac:',
  nobodyAvailable: 'Hadda ma jiro tabarruce bannaan. Weli waad sugi kartaa safka.',
  nobodyOnDuty:
    'Hadda ma jiro tabarruce bannaan. Meeshaada waad haysaa, laakiin waxay qaadan kartaa waqti.',
  estimate: (minutes) => `Waqtiga sugitaanka ee la filayo: qiyaastii ${minutes} daqiiqo.`,
  languageLabel: 'Luqadda',
  queuePosition: (position) => `Waxaad safka ku jirtaa lambarka ${position}.`,
  leaveQueue: 'Ka bax safka',
  whileYouWait: 'Inta aad sugayso, haddii aad rabto, wax yar u sheeg tabarrucaha.',
  topicLabel: 'Waxaan u qorayaa sida',
  topic: (topic) =>
    ({
      victim: 'qofka ay wax ku dhaceen',
      witness: 'markhaati',
      relative: 'qaraabo ama saaxiib',
      other: 'wax kale',
    })[topic],
  preferredLanguage: 'Luqadda aan door bidayo inaan ku qoro',
  noPreference: 'Wax door ah ma lihi',
  detailsSaved: 'Mahadsanid, tabarrucuhu wuu arki doonaa tan marka wada-sheekaysigu bilaabmo.',
  reconnecting: 'Mar kale ayaa la isku xirayaa…',
  resumed: 'Waxaad dib ugu soo noqotay wada-sheekaysigaagii.',
  handedOver: (alias) => `Wada-sheekaysiga waa la wareejiyay. Hadda waxaad la hadlaysaa ${alias}.`,
  counsellorAway:
    'Tabarrucaha xiriirkiisii wuu go’ay. Fadlan sug: fariimahaaga waa la diri doonaa marka uu soo laabto.',
  counsellorBack: 'Tabarrucihii wuu soo laabtay.',
  unverified:
    'Ma hubin karno inuu yahay isla tabarrucihii hore. Isbarbardhig erayada badbaadada ka hor intaadan qorin wax gaar ah.',
  shareQuestion: (alias) =>
    `${alias} ayaa la wareegaya wada-sheekaysiga. Ma akhriyi karaa ${alias} waxaad ilaa hadda qorteen?`,
  shareYes: 'Haa, la wadaag wada-hadalka',
  shareNo: 'Maya, bilow mar kale',
  shared: 'Wada-hadalkii ilaa hadda waxaa loo diray tabarrucaha cusub.',
  kept: 'Tabarrucaha cusub wuxuu arkayaa oo keliya waxa la qoro hadda wixii ka dambeeya.',
  requeued:
    'Tabarrucihii ma soo laaban. Mar kale ayaad safka ku jirtaa, isla meeshaadii. Tabarrucaha xiga ee bannaan ayaa kula wareegaya.',
  handedBack:
    'Tabarrucaha ayaa wada-sheekaysigaaga u gudbiyay. Mar kale ayaad safka ku jirtaa, isla meeshaadii. Tabarrucaha xiga ee bannaan ayaa kula wareegaya.',
  showSafetyWords: 'Tus erayada badbaadada',
  hideSafetyWords: 'Qari erayada badbaadada',
  rateQuestion: 'Wada-sheekaysigu ma ku caawiyay?',
  rate: (score) => ({ 1: 'Maya', 2: 'Qayb ahaan', 3: 'Haa' })[score],
  rateThanks: 'Mahadsanid jawaabtaada.',
  keying: 'Waxaa la diyaarinayaa wada-sheekaysi sir ah…',
  talkingWith: (alias) => `Waxaad la hadlaysaa ${alias}.`,
  safetyWords: 'Erayada badbaadada',
  safetyWordsHint:
    'Tabarrucuhu isla erayadan ayuu arkaa. Na soo wac haddii aad rabto inaad hubiso.',
  messages: 'Fariimaha',
  you: 'Adiga',
  counsellor: 'Tabarruce',
  message: 'Fariin',
  send: 'Dir',
  endChat: 'Dhammee wada-sheekaysiga',
  confirmEndTitle: 'Ma dhammaynaysaa wada-sheekaysiga?',
  confirmEndText: 'Kadib adiga iyo tabarrucuhu mar dambe iskuma qori kartaan wada-sheekaysigan.',
  keepChatting: 'Sii wad wada-sheekaysiga',
  announceMessage: (alias, text) => `Fariin ka timid ${alias}: ${text}`,
  sending: 'Waa la dirayaa…',
  sent: 'Waa la gaarsiiyay',
  failed: 'Lama dirin',
  retry: 'Isku day mar kale',
  typing: (alias) => `${alias} wuu qorayaa…`,
  ended: 'Wada-sheekaysigu wuu dhammaaday.',
  endReason: (reason) =>
    ({
      ended_by_visitor: 'Adiga ayaa dhammeeyay wada-sheekaysiga.',
      ended_by_counsellor: 'Tabarrucaha ayaa dhammeeyay wada-sheekaysiga.',
      visitor_disconnected: 'Xiriirkii wuu go’ay.',
      counsellor_disconnected: 'Tabarrucaha xiriirkiisii wuu go’ay.',
      server_shutdown: 'Adeegga dib ayaa loo bilaabayaa.',
      transferred: 'Wada-sheekaysiga waa la wareejiyay.',
    })[reason],
  close: 'Xir',
  mailboxOffer: (days) =>
    `Noo soo qor: waxaan kuu jawaabaynaa ${days === 1 ? 'hal maalin' : `${days} maalmood`} gudahood.`,
  writeToUs: 'Noo soo qor',
  writeInstead: 'Ka bax safka oo noo soo qor',
  haveCode: 'Waxaan haystaa kood',
  error: (code, phone) =>
    ({
      queue_full: `Safku hadda waa buuxaa. Fadlan wac ${phone}.`,
      closed: `Wada-sheekaysigu hadda ma aqbalayo sheekooyin cusub. Fadlan wac ${phone}.`,
      unavailable: `Wada-sheekaysigu hadda lama heli karo. Waxaad wici kartaa ${phone}. Haddii ay degdeg tahay, wac 112.`,
      rate_limited: 'Isku dayo aad u badan. Wax yar sug oo mar kale isku day.',
      network: 'Ma jiro xiriir. Hubi internetkaaga oo mar kale isku day.',
    })[code as string] ?? 'Wax baa khaldamay. Mar kale isku day ama na soo wac.',
};
