import type { ErrorCode } from '../../../shared/protocol/errors.js';
import type { WidgetLanguage } from './launcher.js';

/*
 * The mailbox's texts (docs/PROTOCOL.md §21): loaded with the mailbox's screens, only
 * when the visitor writes to us or comes back with a code, so the frame's first load
 * does not carry them. The offer itself ("Write to us", "I have a code") is in the
 * main catalogues.
 */

/** What can go wrong in the mailbox, in the visitor's words: the server's and the widget's own. */
export type MailboxError =
  | ErrorCode
  | 'network'
  /** Not 24 symbols of the code's alphabet once spaces and dashes are gone. */
  | 'bad_code'
  /** Over MAX_LETTER_LENGTH. */
  | 'too_long'
  | 'empty';

/** Every text of the mailbox's screens. A language that misses a key does not compile. */
export interface MailboxMessages {
  /** Above the letter: what happens, and how soon we answer. */
  writeIntro: (days: number) => string;
  back: string;
  /** The letter went: now the code, once. */
  sent: string;
  codeHeading: string;
  /** What to do with the code. */
  codeKeep: string;
  /** Why: nobody can find the conversation without it, and it is not kept here. */
  codeWarning: string;
  copyCode: string;
  copied: string;
  copyFailed: string;
  /** Leaves the code's screen (the code is forgotten here). */
  codeDone: string;
  /** "I have a code": heading and how to type it. */
  openHeading: string;
  openHint: string;
  /** The code's text box (its accessible name). */
  codeLabel: string;
  open: string;
  opening: string;
  /** Heading and list name of the letters, both ways. */
  conversation: string;
  fromYou: string;
  /** A volunteer's letter; the alias if the server gave one. */
  fromVolunteer: (alias: string | undefined) => string;
  /** A letter that did not open (damaged, or not sealed to this code). */
  unreadable: string;
  /** The visitor wrote last: the answer is still to come. */
  noAnswerYet: string;
  /** Above the box to write again. */
  writeAgain: string;
  deleteConversation: string;
  confirmDeleteTitle: string;
  confirmDeleteText: string;
  keepConversation: string;
  deleted: string;
  error: (error: MailboxError, max: number) => string;
}

const en: MailboxMessages = {
  writeIntro: (days) =>
    `Write what you want to tell us. A volunteer answers within ${days} ${days === 1 ? 'day' : 'days'}. You do not have to say who you are. After sending you get a return code: with it you read our answer here.`,
  back: 'Back',
  sent: 'Your message has been sent.',
  codeHeading: 'Your return code',
  codeKeep: 'Write it down or remember it. You need it to read our answer.',
  codeWarning:
    'Without the code nobody, not even the volunteers, can find this conversation again. It is not stored on this device.',
  copyCode: 'Copy code',
  copied: 'The code is copied.',
  copyFailed: 'Could not copy. Select the code and copy it, or write it down.',
  codeDone: 'I have saved the code',
  openHeading: 'Read your conversation',
  openHint:
    'Type the return code you got when you wrote to us. Spaces, dashes and small letters are fine.',
  codeLabel: 'Return code',
  open: 'Open',
  opening: 'Opening…',
  conversation: 'Your conversation',
  fromYou: 'You',
  fromVolunteer: (alias) => (alias ? `${alias}, volunteer` : 'Volunteer'),
  unreadable: 'This message could not be opened.',
  noAnswerYet: 'No answer yet. Come back with your code.',
  writeAgain: 'Write again',
  deleteConversation: 'Delete conversation',
  confirmDeleteTitle: 'Delete the conversation?',
  confirmDeleteText:
    'Everything in it, from you and from us, is deleted now and for good. The code stops working.',
  keepConversation: 'Keep the conversation',
  deleted: 'The conversation is deleted.',
  error: (error, max) =>
    ({
      bad_code:
        'That is not a return code. A code has 24 letters and digits, in groups like ABCD-EFGH.',
      not_found:
        'We found no conversation with that code. Check that you typed it right. A conversation is deleted some time after its last message.',
      rate_limited: 'Too many tries. Wait a few minutes and try again.',
      mailbox_full:
        'This conversation cannot hold more messages. Start a new one with “Write to us”, or call us.',
      too_long: `The message is too long: at most ${max} characters.`,
      empty: 'Write a message first.',
      closed: 'Nobody can receive messages right now. Please call us instead.',
      network: 'No connection. Check your internet and try again.',
    })[error as string] ?? 'Something went wrong. Try again or call us.',
};

const sv: MailboxMessages = {
  writeIntro: (days) =>
    `Skriv det du vill berätta. En volontär svarar inom ${days} ${days === 1 ? 'dag' : 'dagar'}. Du behöver inte säga vem du är. När du har skickat får du en svarskod: med den läser du vårt svar här.`,
  back: 'Tillbaka',
  sent: 'Ditt meddelande är skickat.',
  codeHeading: 'Din svarskod',
  codeKeep: 'Skriv upp den eller kom ihåg den. Du behöver den för att läsa vårt svar.',
  codeWarning:
    'Utan koden kan ingen, inte ens volontärerna, hitta samtalet igen. Den sparas inte på den här enheten.',
  copyCode: 'Kopiera koden',
  copied: 'Koden är kopierad.',
  copyFailed: 'Det gick inte att kopiera. Markera koden och kopiera den, eller skriv upp den.',
  codeDone: 'Jag har sparat koden',
  openHeading: 'Läs ditt samtal',
  openHint:
    'Skriv svarskoden du fick när du skrev till oss. Mellanslag, bindestreck och små bokstäver går bra.',
  codeLabel: 'Svarskod',
  open: 'Öppna',
  opening: 'Öppnar…',
  conversation: 'Ditt samtal',
  fromYou: 'Du',
  fromVolunteer: (alias) => (alias ? `${alias}, volontär` : 'Volontär'),
  unreadable: 'Det här meddelandet gick inte att öppna.',
  noAnswerYet: 'Inget svar än. Kom tillbaka med din kod.',
  writeAgain: 'Skriv igen',
  deleteConversation: 'Radera samtalet',
  confirmDeleteTitle: 'Radera samtalet?',
  confirmDeleteText:
    'Allt i det, från dig och från oss, raderas nu och för alltid. Koden slutar fungera.',
  keepConversation: 'Behåll samtalet',
  deleted: 'Samtalet är raderat.',
  error: (error, max) =>
    ({
      bad_code:
        'Det är ingen svarskod. En kod har 24 bokstäver och siffror, i grupper som ABCD-EFGH.',
      not_found:
        'Vi hittade inget samtal med den koden. Kontrollera att du skrev rätt. Ett samtal raderas en tid efter det senaste meddelandet.',
      rate_limited: 'För många försök. Vänta några minuter och försök igen.',
      mailbox_full:
        'Det här samtalet rymmer inga fler meddelanden. Börja ett nytt med ”Skriv till oss”, eller ring oss.',
      too_long: `Meddelandet är för långt: högst ${max} tecken.`,
      empty: 'Skriv ett meddelande först.',
      closed: 'Ingen kan ta emot meddelanden just nu. Ring oss gärna i stället.',
      network: 'Ingen anslutning. Kontrollera internet och försök igen.',
    })[error as string] ?? 'Något gick fel. Försök igen eller ring oss.',
};

const ar: MailboxMessages = {
  writeIntro: (days) =>
    `اكتب ما تريد أن تخبرنا به. يرد متطوع خلال ${days} ${days >= 3 && days <= 10 ? 'أيام' : 'يوم'}. لست مضطرًا إلى ذكر من تكون. بعد الإرسال تحصل على رمز للعودة: به تقرأ ردنا هنا.`,
  back: 'رجوع',
  sent: 'تم إرسال رسالتك.',
  codeHeading: 'رمز العودة الخاص بك',
  codeKeep: 'اكتبه أو احفظه في ذاكرتك. ستحتاج إليه لقراءة ردنا.',
  codeWarning:
    'بدون هذا الرمز لا يستطيع أحد، ولا حتى المتطوعون، العثور على هذه المحادثة مرة أخرى. لا يُحفظ الرمز على هذا الجهاز.',
  copyCode: 'نسخ الرمز',
  copied: 'تم نسخ الرمز.',
  copyFailed: 'تعذّر النسخ. حدّد الرمز وانسخه، أو اكتبه.',
  codeDone: 'لقد حفظت الرمز',
  openHeading: 'اقرأ محادثتك',
  openHint:
    'اكتب رمز العودة الذي حصلت عليه عندما كتبت إلينا. لا بأس بالمسافات والشرطات والأحرف الصغيرة.',
  codeLabel: 'رمز العودة',
  open: 'فتح',
  opening: 'جارٍ الفتح…',
  conversation: 'محادثتك',
  fromYou: 'أنت',
  fromVolunteer: (alias) => (alias ? `${alias}، متطوع` : 'متطوع'),
  unreadable: 'تعذّر فتح هذه الرسالة.',
  noAnswerYet: 'لا يوجد رد بعد. عد لاحقًا باستخدام رمزك.',
  writeAgain: 'اكتب مرة أخرى',
  deleteConversation: 'حذف المحادثة',
  confirmDeleteTitle: 'هل تريد حذف المحادثة؟',
  confirmDeleteText: 'سيُحذف كل ما فيها، منك ومنا، الآن وإلى الأبد. ولن يعمل الرمز بعد ذلك.',
  keepConversation: 'الاحتفاظ بالمحادثة',
  deleted: 'تم حذف المحادثة.',
  error: (error, max) =>
    ({
      bad_code: 'هذا ليس رمز عودة. يتكون الرمز من 24 حرفًا ورقمًا، في مجموعات مثل ABCD-EFGH.',
      not_found:
        'لم نجد محادثة بهذا الرمز. تحقق من أنك كتبته بشكل صحيح. تُحذف المحادثة بعد مدة من آخر رسالة فيها.',
      rate_limited: 'محاولات كثيرة جدًا. انتظر بضع دقائق ثم حاول مرة أخرى.',
      mailbox_full:
        'لا تتسع هذه المحادثة لمزيد من الرسائل. ابدأ محادثة جديدة عبر «اكتب إلينا»، أو اتصل بنا.',
      too_long: `الرسالة طويلة جدًا: ${max} حرف على الأكثر.`,
      empty: 'اكتب رسالة أولًا.',
      closed: 'لا يمكن لأحد استلام الرسائل الآن. يُرجى الاتصال بنا بدلًا من ذلك.',
      network: 'لا يوجد اتصال. تحقق من الإنترنت وحاول مرة أخرى.',
    })[error as string] ?? 'حدث خطأ ما. حاول مرة أخرى أو اتصل بنا.',
};

const so: MailboxMessages = {
  writeIntro: (days) =>
    `Qor waxa aad rabto inaad noo sheegto. Tabarruce ayaa kuu jawaabaya ${days === 1 ? 'hal maalin' : `${days} maalmood`} gudahood. Uma baahnid inaad sheegto cidda aad tahay. Markaad dirto waxaad helaysaa kood soo-celin ah: isaga ayaad halkan ku akhrinaysaa jawaabtayada.`,
  back: 'Dib u noqo',
  sent: 'Fariintaada waa la diray.',
  codeHeading: 'Koodkaaga soo-celinta',
  codeKeep: 'Qor ama xasuuso. Waxaad u baahan tahay si aad u akhrido jawaabtayada.',
  codeWarning:
    'Koodka la’aantiis ciduna, xitaa tabarrucayaasha, mar dambe ma heli karto wada-hadalkan. Laguma kaydiyo qalabkan.',
  copyCode: 'Koobiyee koodka',
  copied: 'Koodka waa la koobiyeeyay.',
  copyFailed: 'Lama koobiyeyn karo. Dooro koodka oo koobiyee, ama qor.',
  codeDone: 'Koodka waan kaydiyay',
  openHeading: 'Akhri wada-hadalkaaga',
  openHint:
    'Qor koodka soo-celinta ee aad heshay markaad noo soo qortay. Meelo bannaan, xariijimo iyo xarfo yaryar waa la aqbalayaa.',
  codeLabel: 'Koodka soo-celinta',
  open: 'Fur',
  opening: 'Waa la furayaa…',
  conversation: 'Wada-hadalkaaga',
  fromYou: 'Adiga',
  fromVolunteer: (alias) => (alias ? `${alias}, tabarruce` : 'Tabarruce'),
  unreadable: 'Fariintan lama furi karo.',
  noAnswerYet: 'Weli jawaab ma jirto. Koodkaaga ku soo noqo.',
  writeAgain: 'Mar kale qor',
  deleteConversation: 'Tirtir wada-hadalka',
  confirmDeleteTitle: 'Ma tirtiraysaa wada-hadalka?',
  confirmDeleteText:
    'Wax kasta oo ku jira, adiga iyo annagaba, hadda ayaa weligiis la tirtirayaa. Koodku ma shaqaynayo mar dambe.',
  keepConversation: 'Hay wada-hadalka',
  deleted: 'Wada-hadalka waa la tirtiray.',
  error: (error, max) =>
    ({
      bad_code:
        'Taasi ma aha kood soo-celin. Koodku wuxuu leeyahay 24 xaraf iyo tiro, kooxo sida ABCD-EFGH.',
      not_found:
        'Ma helin wada-hadal leh koodkaas. Hubi inaad si sax ah u qortay. Wada-hadal waa la tirtiraa muddo kadib fariintiisii ugu dambaysay.',
      rate_limited: 'Isku dayo aad u badan. Dhowr daqiiqo sug oo mar kale isku day.',
      mailbox_full:
        'Wada-hadalkani fariimo kale ma qaadi karo. Ku bilow mid cusub “Noo soo qor”, ama na soo wac.',
      too_long: `Fariintu aad bay u dheer tahay: ugu badnaan ${max} xaraf.`,
      empty: 'Marka hore fariin qor.',
      closed: 'Hadda ciduna fariimo ma qaadan karto. Fadlan na soo wac.',
      network: 'Ma jiro xiriir. Hubi internetkaaga oo mar kale isku day.',
    })[error as string] ?? 'Wax baa khaldamay. Mar kale isku day ama na soo wac.',
};

const fi: MailboxMessages = {
  // With a numeral Finnish keeps the singular: "3 päivän kuluessa".
  writeIntro: (days) =>
    `Kirjoita, mitä haluat kertoa meille. Vapaaehtoinen vastaa ${days} päivän kuluessa. Sinun ei tarvitse kertoa, kuka olet. Lähettämisen jälkeen saat paluukoodin: sillä luet vastauksemme täältä.`,
  back: 'Takaisin',
  sent: 'Viestisi on lähetetty.',
  codeHeading: 'Paluukoodisi',
  codeKeep: 'Kirjoita se muistiin tai opettele se ulkoa. Tarvitset sitä, kun luet vastauksemme.',
  codeWarning:
    'Ilman koodia kukaan, eivät edes vapaaehtoiset, löydä tätä keskustelua uudelleen. Koodia ei tallenneta tälle laitteelle.',
  copyCode: 'Kopioi koodi',
  copied: 'Koodi on kopioitu.',
  copyFailed: 'Kopiointi ei onnistunut. Valitse koodi ja kopioi se, tai kirjoita se muistiin.',
  codeDone: 'Olen tallentanut koodin',
  openHeading: 'Lue keskustelusi',
  openHint:
    'Kirjoita paluukoodi, jonka sait, kun kirjoitit meille. Välilyönnit, väliviivat ja pienet kirjaimet käyvät.',
  codeLabel: 'Paluukoodi',
  open: 'Avaa',
  opening: 'Avataan…',
  conversation: 'Keskustelusi',
  fromYou: 'Sinä',
  fromVolunteer: (alias) => (alias ? `${alias}, vapaaehtoinen` : 'Vapaaehtoinen'),
  unreadable: 'Tätä viestiä ei voitu avata.',
  noAnswerYet: 'Ei vielä vastausta. Palaa myöhemmin koodisi kanssa.',
  writeAgain: 'Kirjoita uudelleen',
  deleteConversation: 'Poista keskustelu',
  confirmDeleteTitle: 'Poistetaanko keskustelu?',
  confirmDeleteText:
    'Kaikki siinä oleva, sinulta ja meiltä, poistetaan nyt lopullisesti. Koodi lakkaa toimimasta.',
  keepConversation: 'Säilytä keskustelu',
  deleted: 'Keskustelu on poistettu.',
  error: (error, max) =>
    ({
      bad_code:
        'Tämä ei ole paluukoodi. Koodissa on 24 kirjainta ja numeroa, ryhmissä kuten ABCD-EFGH.',
      not_found:
        'Emme löytäneet keskustelua tällä koodilla. Tarkista, että kirjoitit sen oikein. Keskustelu poistetaan jonkin ajan kuluttua viimeisestä viestistä.',
      rate_limited: 'Liian monta yritystä. Odota muutama minuutti ja yritä uudelleen.',
      mailbox_full:
        'Tähän keskusteluun ei mahdu enempää viestejä. Aloita uusi valitsemalla ”Kirjoita meille” tai soita meille.',
      too_long: `Viesti on liian pitkä: enintään ${max} merkkiä.`,
      empty: 'Kirjoita ensin viesti.',
      closed: 'Kukaan ei voi juuri nyt ottaa vastaan viestejä. Soita meille mieluummin.',
      network: 'Ei yhteyttä. Tarkista internetyhteys ja yritä uudelleen.',
    })[error as string] ?? 'Jokin meni vikaan. Yritä uudelleen tai soita meille.',
};

/** Lättläst (see sv-easy.ts): short sentences, one idea in each, common words. */
const svEasy: MailboxMessages = {
  writeIntro: (days) =>
    `Skriv det du vill berätta. En volontär svarar inom ${days} ${days === 1 ? 'dag' : 'dagar'}. Du behöver inte säga ditt namn. När du har skickat får du en kod. Med koden kan du läsa vårt svar här.`,
  back: 'Tillbaka',
  sent: 'Nu har vi fått ditt meddelande.',
  codeHeading: 'Din kod',
  codeKeep: 'Skriv upp koden. Du behöver koden för att läsa vårt svar.',
  codeWarning:
    'Utan koden kan ingen hitta samtalet igen. Inte ens volontärerna kan det. Koden sparas inte i din telefon eller dator.',
  copyCode: 'Kopiera koden',
  copied: 'Nu är koden kopierad.',
  copyFailed: 'Det gick inte att kopiera. Skriv upp koden i stället.',
  codeDone: 'Jag har sparat koden',
  openHeading: 'Läs ert samtal',
  openHint:
    'Skriv koden som du fick när du skrev till oss. Det gör inget om du skriver små bokstäver.',
  codeLabel: 'Kod',
  open: 'Öppna',
  opening: 'Öppnar…',
  conversation: 'Ert samtal',
  fromYou: 'Du',
  fromVolunteer: (alias) => (alias ? `${alias}, volontär` : 'Volontär'),
  unreadable: 'Vi kan inte öppna det här meddelandet.',
  noAnswerYet: 'Vi har inte svarat än. Kom tillbaka senare med din kod.',
  writeAgain: 'Skriv igen',
  deleteConversation: 'Ta bort samtalet',
  confirmDeleteTitle: 'Vill du ta bort samtalet?',
  confirmDeleteText:
    'Allt som du och vi har skrivit försvinner. Det går inte att få tillbaka. Koden slutar fungera.',
  keepConversation: 'Behåll samtalet',
  deleted: 'Nu är samtalet borttaget.',
  error: (error, max) =>
    ({
      bad_code:
        'Det är inte en kod från oss. En kod har 24 bokstäver och siffror. Den ser ut ungefär så här: ABCD-EFGH.',
      not_found:
        'Vi hittar inget samtal med den koden. Titta om du skrev rätt. Vi tar bort gamla samtal efter en tid.',
      rate_limited: 'Du har försökt för många gånger. Vänta några minuter. Försök sedan igen.',
      mailbox_full:
        'Det här samtalet är fullt. Du kan börja ett nytt samtal. Tryck då på ”Skriv till oss”. Du kan också ringa oss.',
      too_long: `Meddelandet är för långt. Det får ha högst ${max} tecken.`,
      empty: 'Skriv ett meddelande först.',
      closed: 'Ingen kan läsa meddelanden just nu. Ring oss i stället.',
      network: 'Du har ingen kontakt med internet. Kontrollera det. Försök sedan igen.',
    })[error as string] ?? 'Något blev fel. Försök igen eller ring oss.',
};

/** One catalogue per language, loaded with the mailbox's screens. */
export const MAILBOX_CATALOGUES: Record<WidgetLanguage, MailboxMessages> = {
  sv,
  en,
  ar,
  so,
  fi,
  'sv-x-easy': svEasy,
};
