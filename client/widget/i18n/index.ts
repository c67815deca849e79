import { ar } from './ar.js';
import { en } from './en.js';
import { so } from './so.js';
import { sv } from './sv.js';

export { DEFAULT_PHONE, type WidgetMessages } from './messages.js';

/** One catalogue per language; each must have every key of WidgetMessages. */
export const CATALOGUES = { sv, en, ar, so } as const;
export type WidgetLanguage = keyof typeof CATALOGUES;
export const WIDGET_LANGUAGES = Object.keys(CATALOGUES) as WidgetLanguage[];

/** Each language named in itself, for the switch inside the widget. */
export const LANGUAGE_NAMES: Record<WidgetLanguage, string> = {
  sv: 'Svenska',
  en: 'English',
  ar: 'العربية',
  so: 'Soomaali',
};

/** The element's lang, else the page's, else Swedish. */
export function pickLanguage(...candidates: (string | null | undefined)[]): WidgetLanguage {
  for (const candidate of candidates) {
    const base = candidate?.toLowerCase().split('-')[0];
    if (base && base in CATALOGUES) return base as WidgetLanguage;
  }
  return 'sv';
}
