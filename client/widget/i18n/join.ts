import type { WidgetLanguage } from './launcher.js';

/*
 * The texts of a supervisor joining the chat with the visitor's consent
 * (docs/PROTOCOL.md §23): loaded with the first ask, with the question's screen, so
 * the frame's first load does not carry them.
 */

/** Every text of a join. A language that misses a key does not compile. */
export interface JoinMessages {
  /** The question, naming who asks and their role. */
  question: (alias: string) => string;
  /** Under it: what the member would see, and what not. */
  questionHint: string;
  yes: string;
  no: string;
  /** The name of the list of who is in the chat besides the visitor. */
  inChat: string;
  volunteer: (alias: string) => string;
  supervisor: (alias: string) => string;
  remove: (alias: string) => string;
  /** Said in the conversation, once each, where it happened. */
  joined: (alias: string) => string;
  left: (alias: string) => string;
  declined: string;
  /** The visitor said yes, but the member never came in (the keys failed, or they went). */
  failed: (alias: string) => string;
}

const en: JoinMessages = {
  question: (alias) => `${alias} (supervisor) would like to join the chat to help. Is that OK?`,
  questionHint: 'They will see what is written from now on, not what was written before.',
  yes: 'Yes, they may join',
  no: 'No',
  inChat: 'In this chat',
  volunteer: (alias) => `${alias} (volunteer)`,
  supervisor: (alias) => `${alias} (supervisor)`,
  remove: (alias) => `Remove ${alias} from the chat`,
  joined: (alias) => `${alias} joined the chat.`,
  left: (alias) => `${alias} left the chat.`,
  declined: 'You said no. Nobody else joined.',
  failed: (alias) => `${alias} could not join the chat.`,
};

const sv: JoinMessages = {
  question: (alias) =>
    `${alias} (handledare) vill vara med i chatten för att hjälpa till. Är det okej?`,
  questionHint: 'Hen ser det som skrivs från och med nu, inte det som skrevs innan.',
  yes: 'Ja, hen får vara med',
  no: 'Nej',
  inChat: 'I den här chatten',
  volunteer: (alias) => `${alias} (volontär)`,
  supervisor: (alias) => `${alias} (handledare)`,
  remove: (alias) => `Ta bort ${alias} från chatten`,
  joined: (alias) => `${alias} är med i chatten.`,
  left: (alias) => `${alias} lämnade chatten.`,
  declined: 'Du sa nej. Ingen annan kom med.',
  failed: (alias) => `${alias} kunde inte komma med i chatten.`,
};

const svEasy: JoinMessages = {
  question: (alias) =>
    `${alias} (handledare) vill vara med i chatten. Hen vill hjälpa till. Är det okej?`,
  questionHint:
    'En handledare stöttar volontären. Hen ser det ni skriver från nu. Hen ser inte det ni skrev innan.',
  yes: 'Ja, hen får vara med',
  no: 'Nej',
  inChat: 'Med i chatten',
  volunteer: (alias) => `${alias} (volontär)`,
  supervisor: (alias) => `${alias} (handledare)`,
  remove: (alias) => `Ta bort ${alias} från chatten`,
  joined: (alias) => `${alias} är med i chatten nu.`,
  left: (alias) => `${alias} har gått från chatten.`,
  declined: 'Du sa nej. Ingen annan kom med.',
  failed: (alias) => `${alias} kunde inte komma med i chatten.`,
};

const ar: JoinMessages = {
  question: (alias) => `${alias} (مشرف) يرغب في الانضمام إلى الدردشة للمساعدة. هل توافق على ذلك؟`,
  questionHint: 'سيرى ما يُكتب من الآن فصاعدًا، وليس ما كُتب من قبل.',
  yes: 'نعم، يمكنه الانضمام',
  no: 'لا',
  inChat: 'في هذه الدردشة',
  volunteer: (alias) => `${alias} (متطوع)`,
  supervisor: (alias) => `${alias} (مشرف)`,
  remove: (alias) => `إزالة ${alias} من الدردشة`,
  joined: (alias) => `انضم ${alias} إلى الدردشة.`,
  left: (alias) => `غادر ${alias} الدردشة.`,
  declined: 'قلت لا. لم ينضم أحد آخر.',
  failed: (alias) => `لم يتمكن ${alias} من الانضمام إلى الدردشة.`,
};

const so: JoinMessages = {
  question: (alias) =>
    `${alias} (kormeere) wuxuu jeclaan lahaa inuu ku soo biiro wada-sheekaysiga si uu u caawiyo. Ma ku raacsan tahay?`,
  questionHint:
    'Wuxuu arki doonaa waxa la qoro hadda wixii ka dambeeya, ee ma arki doono wixii hore loo qoray.',
  yes: 'Haa, wuu ku soo biiri karaa',
  no: 'Maya',
  inChat: 'Wada-sheekaysigan waxaa ku jira',
  volunteer: (alias) => `${alias} (tabarruce)`,
  supervisor: (alias) => `${alias} (kormeere)`,
  remove: (alias) => `Ka saar ${alias} wada-sheekaysiga`,
  joined: (alias) => `${alias} wuxuu ku soo biiray wada-sheekaysiga.`,
  left: (alias) => `${alias} wuxuu ka baxay wada-sheekaysiga.`,
  declined: 'Waxaad tidhi maya. Qof kale kuma soo biirin.',
  failed: (alias) => `${alias} kuma soo biiri karin wada-sheekaysiga.`,
};

const fi: JoinMessages = {
  question: (alias) => `${alias} (työnohjaaja) haluaisi liittyä chattiin auttamaan. Sopiiko se?`,
  questionHint: 'Hän näkee sen, mitä kirjoitetaan tästä eteenpäin, mutta ei aiemmin kirjoitettua.',
  yes: 'Kyllä, hän saa liittyä',
  no: 'Ei',
  inChat: 'Tässä chatissa',
  volunteer: (alias) => `${alias} (vapaaehtoinen)`,
  supervisor: (alias) => `${alias} (työnohjaaja)`,
  remove: (alias) => `Poista ${alias} chatista`,
  joined: (alias) => `${alias} liittyi chattiin.`,
  left: (alias) => `${alias} poistui chatista.`,
  declined: 'Vastasit ei. Kukaan muu ei liittynyt.',
  failed: (alias) => `${alias} ei voinut liittyä chattiin.`,
};

export const JOIN_CATALOGUES: Record<WidgetLanguage, JoinMessages> = {
  sv,
  en,
  ar,
  so,
  fi,
  'sv-x-easy': svEasy,
};
