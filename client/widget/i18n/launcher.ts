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
}

export const LAUNCHER = {
  sv: {
    dir: 'ltr',
    openChat: 'Öppna chatten',
    connecting: 'Ansluter…',
    quickExit: 'Lämna snabbt',
  },
  en: {
    dir: 'ltr',
    openChat: 'Open chat',
    connecting: 'Connecting…',
    quickExit: 'Quick exit',
  },
  ar: {
    dir: 'rtl',
    openChat: 'افتح الدردشة',
    connecting: 'جارٍ الاتصال…',
    quickExit: 'خروج سريع',
  },
  so: {
    dir: 'ltr',
    openChat: 'Fur wada-sheekaysiga',
    connecting: 'Waa la isku xirayaa…',
    quickExit: 'Ka bax si degdeg ah',
  },
} as const satisfies Record<string, LauncherMessages>;

export type WidgetLanguage = keyof typeof LAUNCHER;
export const WIDGET_LANGUAGES = Object.keys(LAUNCHER) as WidgetLanguage[];

/** The element's lang, else the page's, else Swedish. */
export function pickLanguage(...candidates: (string | null | undefined)[]): WidgetLanguage {
  for (const candidate of candidates) {
    const base = candidate?.toLowerCase().split('-')[0];
    if (base && base in LAUNCHER) return base as WidgetLanguage;
  }
  return 'sv';
}
