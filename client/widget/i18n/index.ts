import { ar } from './ar.js';
import { en } from './en.js';
import { fi } from './fi.js';
import type { WidgetLanguage } from './launcher.js';
import type { WidgetMessages } from './messages.js';
import { so } from './so.js';
import { sv } from './sv.js';
import { svEasy } from './sv-easy.js';

export { DEFAULT_PHONE, type WidgetMessages } from './messages.js';
export { WIDGET_LANGUAGES, htmlLang, pickLanguage, type WidgetLanguage } from './launcher.js';

/** One catalogue per language; each must have every key of WidgetMessages. */
export const CATALOGUES: Record<WidgetLanguage, WidgetMessages> = {
  sv,
  en,
  ar,
  so,
  fi,
  'sv-x-easy': svEasy,
};

/** Each language named in itself, for the switch inside the widget. */
export const LANGUAGE_NAMES: Record<WidgetLanguage, string> = {
  sv: 'Svenska',
  en: 'English',
  ar: 'العربية',
  so: 'Soomaali',
  fi: 'Suomi',
  'sv-x-easy': 'Lättläst svenska',
};
