import { ar } from './ar.js';
import { en } from './en.js';
import type { WidgetLanguage } from './launcher.js';
import type { WidgetMessages } from './messages.js';
import { so } from './so.js';
import { sv } from './sv.js';

export { DEFAULT_PHONE, type WidgetMessages } from './messages.js';
export { WIDGET_LANGUAGES, pickLanguage, type WidgetLanguage } from './launcher.js';

/** One catalogue per language; each must have every key of WidgetMessages. */
export const CATALOGUES: Record<WidgetLanguage, WidgetMessages> = { sv, en, ar, so };

/** Each language named in itself, for the switch inside the widget. */
export const LANGUAGE_NAMES: Record<WidgetLanguage, string> = {
  sv: 'Svenska',
  en: 'English',
  ar: 'العربية',
  so: 'Soomaali',
};
