/**
 * The few texts the launcher shows before the chat is opened, per language. They
 * load with the page, so they are kept apart from the full catalogues, which load
 * with the chat panel and include these.
 */
export interface LauncherMessages {
  dir: 'ltr' | 'rtl';
  openChat: string;
  connecting: string;
  quickExit: string;
  /** The chat frame's title, as a screen reader names it on the page. */
  chatFrame: string;
  /** Appended to "Open chat" while the chat is hidden and the volunteer has written. */
  newMessages: (count: number) => string;
}

const plural = (language: string, count: number) => new Intl.PluralRules(language).select(count);

export const LAUNCHER = {
  sv: {
    dir: 'ltr',
    openChat: 'Öppna chatten',
    connecting: 'Ansluter…',
    quickExit: 'Lämna snabbt',
    chatFrame: 'Chatta med Brottsofferjouren',
    newMessages: (n) =>
      plural('sv', n) === 'one' ? `${n} nytt meddelande` : `${n} nya meddelanden`,
  },
  en: {
    dir: 'ltr',
    openChat: 'Open chat',
    connecting: 'Connecting…',
    quickExit: 'Quick exit',
    chatFrame: 'Chat with Brottsofferjouren (Victim Support)',
    newMessages: (n) => (plural('en', n) === 'one' ? `${n} new message` : `${n} new messages`),
  },
  ar: {
    dir: 'rtl',
    openChat: 'افتح الدردشة',
    connecting: 'جارٍ الاتصال…',
    quickExit: 'خروج سريع',
    chatFrame: 'دردشة مع Brottsofferjouren (دعم ضحايا الجرائم)',
    newMessages: (n) => {
      switch (plural('ar', n)) {
        case 'one':
          return 'رسالة جديدة واحدة';
        case 'two':
          return 'رسالتان جديدتان';
        case 'few':
          return `${n} رسائل جديدة`;
        default:
          return `${n} رسالة جديدة`;
      }
    },
  },
  so: {
    dir: 'ltr',
    openChat: 'Fur wada-sheekaysiga',
    connecting: 'Waa la isku xirayaa…',
    quickExit: 'Ka bax si degdeg ah',
    chatFrame: 'La sheekayso Brottsofferjouren (Taageerada dhibbanayaasha dembiyada)',
    newMessages: (n) => (plural('so', n) === 'one' ? `${n} fariin cusub` : `${n} fariimo cusub`),
  },
  fi: {
    dir: 'ltr',
    openChat: 'Avaa chat',
    connecting: 'Yhdistetään…',
    quickExit: 'Poistu heti',
    chatFrame: 'Chat: Brottsofferjouren (rikoksen uhrien tuki)',
    newMessages: (n) => (plural('fi', n) === 'one' ? `${n} uusi viesti` : `${n} uutta viestiä`),
  },
  // Lättläst: Swedish, so Swedish plural rules.
  'sv-x-easy': {
    dir: 'ltr',
    openChat: 'Öppna chatten',
    connecting: 'Chatten startar…',
    quickExit: 'Lämna snabbt',
    chatFrame: 'Chatta med Brottsofferjouren',
    newMessages: (n) =>
      plural('sv', n) === 'one' ? `${n} nytt meddelande` : `${n} nya meddelanden`,
  },
} as const satisfies Record<string, LauncherMessages>;

export type WidgetLanguage = keyof typeof LAUNCHER;
export const WIDGET_LANGUAGES = Object.keys(LAUNCHER) as WidgetLanguage[];

/**
 * The HTML `lang` of a widget language: lättläst (`sv-x-easy`) is Swedish to a screen
 * reader and to hyphenation.
 */
export function htmlLang(language: WidgetLanguage): string {
  return language === 'sv-x-easy' ? 'sv' : language;
}

/** The element's lang, else the page's, else Swedish; `sv-x-easy` itself picks lättläst. */
export function pickLanguage(...candidates: (string | null | undefined)[]): WidgetLanguage {
  for (const candidate of candidates) {
    const exact = candidate?.toLowerCase();
    if (exact === 'sv-x-easy') return exact;
    const base = exact?.split('-')[0];
    if (base && base in LAUNCHER) return base as WidgetLanguage;
  }
  return 'sv';
}
