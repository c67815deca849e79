/*
 * The heat map's cells: chats offered in an hour of the week over the period, against
 * the average number of volunteers available in that hour. Kept apart from the page so
 * that the rule is tested in Node: an hour with any staffing never shows as unstaffed.
 */

/** The average as the page shows it: a tenth at most, "<0,1" for anything smaller than that. */
export function staffedText(staffed: number, lang: string): string {
  if (staffed <= 0) return '0';
  const tenth = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
  return staffed < 0.05 ? `<${tenth.format(0.1)}` : tenth.format(staffed);
}

/** Red only where chats were offered and nobody at all was available; green where anyone was. */
export function heatClass(offered: number, staffed: number): 'hot' | 'staffed' | '' {
  if (staffed > 0) return 'staffed';
  return offered > 0 ? 'hot' : '';
}
