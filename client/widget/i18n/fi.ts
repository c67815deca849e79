import { dayAndMonth } from './dates.js';
import { LAUNCHER } from './launcher.js';
import type { WidgetMessages } from './messages.js';

/**
 * Finnish: Västerås belongs to the Finnish administrative area. Plain everyday Finnish;
 * the volunteer's alias is never inflected ("henkilön Anna kanssa"), since Finnish would
 * change the ending of a name it does not know.
 */
export const fi: WidgetMessages = {
  ...LAUNCHER.fi,
  title: 'Chat: Brottsofferjouren',
  hide: 'Piilota chat',
  quickExitHint: 'Paina Esc kaksi kertaa, niin poistut sivulta nopeasti.',
  danger: 'Oletko vaarassa? Soita 112.',
  dangerQuestion: 'Oletko vaarassa juuri nyt?',
  dangerYes: 'Kyllä',
  dangerNo: 'Ei',
  dangerCall: 'Soita 112',
  dangerStillChat:
    'Soita 112 heti, jos voit. Voit myös keskustella kanssamme: valitse alta, niin pääset jonossa muiden edelle.',
  intro:
    'Brottsofferjouren tukee rikoksen uhreja, todistajia ja heidän läheisiään. Täällä keskustelet koulutetun vapaaehtoisen kanssa. Olet nimetön, chat on salattu eikä mitään tallenneta.',
  anonymous: 'Sinun ei tarvitse kertoa, kuka olet.',
  chooseRoute: 'Valitse, mikä sopii sinuun:',
  routeAdult: 'Olen 20-vuotias tai vanhempi',
  routeYouth: 'Olen alle 20-vuotias',
  phone: (number) => `Voit myös soittaa numeroon ${number}.`,
  call: (number) => `Soita numeroon ${number}.`,
  callNow: (number) => `Soita numeroon ${number}: puhelinlinja on nyt auki.`,
  phoneOpens: (number, when) => `Puhelinlinja ${number} aukeaa ${when}.`,
  routeName: (route) => ({ adult: '20 vuotta tai yli', youth: 'Alle 20 vuotta' })[route],
  weekdays: [
    'maanantai',
    'tiistai',
    'keskiviikko',
    'torstai',
    'perjantai',
    'lauantai',
    'sunnuntai',
  ],
  // "maanantaina": every weekday takes -na for "on", also before a date a week or
  // more ahead ("maanantaina 7. tammikuuta", the weekday comes first).
  opensAt: (inDays, weekday, time) =>
    inDays === 0
      ? `tänään klo ${time}`
      : inDays === 1
        ? `huomenna klo ${time}`
        : `${weekday.replace(/^(\S+)/, '$1na')} klo ${time}`,
  closedUntil: (when) => `Chat on nyt suljettu. Se aukeaa ${when}.`,
  closedForNow: 'Chat on juuri nyt suljettu.',
  closedToday: 'Chat on tänään suljettu.',
  dayOfMonth: (date) => dayAndMonth('fi', date),
  allClosed: 'Chat on nyt suljettu.',
  opens: (when) => `Se aukeaa ${when}.`,
  aroundTheClock: 'Auki ympäri vuorokauden:',
  nobodyAvailable: 'Yksikään vapaaehtoinen ei ole juuri nyt vapaana. Voit silti odottaa jonossa.',
  nobodyOnDuty:
    'Yksikään vapaaehtoinen ei ole juuri nyt vapaana. Pidät paikkasi jonossa, mutta odotus voi kestää.',
  estimate: (minutes) =>
    `Arvioitu odotusaika: noin ${minutes} ${minutes === 1 ? 'minuutti' : 'minuuttia'}.`,
  languageLabel: 'Kieli',
  queuePosition: (position) => `Olet jonossa numero ${position}.`,
  leaveQueue: 'Poistu jonosta',
  whileYouWait: 'Odottaessasi voit halutessasi kertoa vapaaehtoiselle vähän tilanteestasi.',
  topicLabel: 'Kirjoitan',
  topic: (topic) =>
    ({
      victim: 'rikoksen kohteena',
      witness: 'todistajana',
      relative: 'omaisena tai ystävänä',
      other: 'muussa roolissa',
    })[topic],
  preferredLanguage: 'Kieli, jolla kirjoitan mieluiten',
  noPreference: 'Ei väliä',
  detailsSaved: 'Kiitos, vapaaehtoinen näkee tämän, kun chat alkaa.',
  reconnecting: 'Yhdistetään uudelleen…',
  resumed: 'Olet taas chatissasi.',
  handedOver: (alias) => `Chat on siirretty. Nyt keskustelet henkilön ${alias} kanssa.`,
  counsellorAway: 'Vapaaehtoisen yhteys katkesi. Odota hetki: viestisi lähetetään, kun hän palaa.',
  counsellorBack: 'Vapaaehtoinen on palannut.',
  unverified:
    'Emme voineet varmistaa, että kyseessä on sama vapaaehtoinen kuin aiemmin. Vertaa turvasanoja vapaaehtoisen kanssa ennen kuin kirjoitat mitään yksityistä.',
  shareQuestion: (alias) =>
    `${alias} jatkaa chattia. Saako ${alias} lukea, mitä olette tähän mennessä kirjoittaneet?`,
  shareYes: 'Kyllä, näytä keskustelu',
  shareNo: 'Ei, aloitetaan alusta',
  shared: 'Tähänastinen keskustelu on lähetetty uudelle vapaaehtoiselle.',
  kept: 'Uusi vapaaehtoinen näkee vain sen, mitä kirjoitetaan tästä eteenpäin.',
  requeued:
    'Vapaaehtoinen ei palannut. Olet taas jonossa samalla paikalla. Seuraava vapaa vapaaehtoinen jatkaa keskustelua.',
  handedBack:
    'Vapaaehtoinen siirsi chattisi eteenpäin. Olet taas jonossa samalla paikalla. Seuraava vapaa vapaaehtoinen jatkaa keskustelua.',
  showSafetyWords: 'Näytä turvasanat',
  hideSafetyWords: 'Piilota turvasanat',
  rateQuestion: 'Auttoiko chat sinua?',
  rate: (score) => ({ 1: 'Ei', 2: 'Osittain', 3: 'Kyllä' })[score],
  rateThanks: 'Kiitos vastauksestasi.',
  keying: 'Avataan salattua chattia…',
  talkingWith: (alias) => `Keskustelet henkilön ${alias} kanssa.`,
  safetyWords: 'Turvasanat',
  safetyWordsHint: 'Vapaaehtoinen näkee samat sanat. Soita meille, jos haluat tarkistaa ne.',
  messages: 'Viestit',
  you: 'Sinä',
  counsellor: 'Vapaaehtoinen',
  message: 'Viesti',
  send: 'Lähetä',
  endChat: 'Lopeta chat',
  confirmEndTitle: 'Lopetetaanko chat?',
  confirmEndText:
    'Sen jälkeen sinä ja vapaaehtoinen ette voi enää kirjoittaa toisillenne tässä chatissa.',
  keepChatting: 'Jatka keskustelua',
  announceMessage: (alias, text) => `Viesti henkilöltä ${alias}: ${text}`,
  sending: 'Lähetetään…',
  sent: 'Toimitettu',
  failed: 'Lähetys epäonnistui',
  retry: 'Yritä uudelleen',
  typing: (alias) => `${alias} kirjoittaa…`,
  ended: 'Chat on päättynyt.',
  endReason: (reason) =>
    ({
      ended_by_visitor: 'Lopetit chatin.',
      ended_by_counsellor: 'Vapaaehtoinen lopetti chatin.',
      visitor_disconnected: 'Yhteys katkesi.',
      counsellor_disconnected: 'Vapaaehtoisen yhteys katkesi.',
      server_shutdown: 'Palvelu käynnistyy uudelleen.',
      transferred: 'Chat siirrettiin toiselle vapaaehtoiselle.',
    })[reason],
  close: 'Sulje',
  // With a numeral Finnish keeps the singular: "3 päivän kuluessa".
  mailboxOffer: (days) => `Kirjoita meille: vastaamme ${days} päivän kuluessa.`,
  writeToUs: 'Kirjoita meille',
  writeInstead: 'Poistu jonosta ja kirjoita meille',
  haveCode: 'Minulla on koodi',
  error: (code, phone) =>
    ({
      queue_full: `Jono on juuri nyt täynnä. Soita mieluummin numeroon ${phone}.`,
      closed: `Chat ei ota juuri nyt vastaan uusia keskusteluja. Soita mieluummin numeroon ${phone}.`,
      unavailable: `Chat ei ole juuri nyt käytettävissä. Voit soittaa numeroon ${phone}. Hätätilanteessa soita 112.`,
      rate_limited: 'Liian monta yritystä. Odota hetki ja yritä uudelleen.',
      network: 'Ei yhteyttä. Tarkista internetyhteys ja yritä uudelleen.',
    })[code as string] ?? 'Jokin meni vikaan. Yritä uudelleen tai soita meille.',
};
