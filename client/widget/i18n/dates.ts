/*
 * Calendar dates in the visitor's language, for an opening a week or more ahead, where
 * a weekday alone would name the wrong week. One formatter per locale, made when first
 * needed.
 */

const FORMATS = new Map<string, Intl.DateTimeFormat>();

/** "YYYY-MM-DD" as day and month in `locale`, e.g. "7 januari" (the date is a calendar day, not an instant). */
export function dayAndMonth(locale: string, date: string): string {
  let format = FORMATS.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', timeZone: 'UTC' });
    FORMATS.set(locale, format);
  }
  return format.format(new Date(`${date}T00:00:00Z`));
}
