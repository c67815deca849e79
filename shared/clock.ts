/*
 * Wall-clock time in a time zone: the service's, for the opening hours, the statistics
 * and their default period. Making an Intl formatter costs far more than using one:
 * one per time zone, kept for the life of the process.
 */

const CLOCK_FORMATS = new Map<string, Intl.DateTimeFormat>();
const DAY_FORMATS = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock weekday (0 = Monday) and minute of the day at `at` in `timeZone`. */
export function localClock(at: number, timeZone: string): { weekday: number; minute: number } {
  let format = CLOCK_FORMATS.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    CLOCK_FORMATS.set(timeZone, format);
  }
  const parts = format.formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(part('weekday'));
  return { weekday, minute: Number(part('hour')) * 60 + Number(part('minute')) };
}

/** YYYY-MM-DD in a time zone (the Swedish locale writes dates that way). */
export function dayIn(at: number, timeZone: string): string {
  let format = DAY_FORMATS.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short' });
    DAY_FORMATS.set(timeZone, format);
  }
  return format.format(at);
}

/** The calendar day `days` after a YYYY-MM-DD day (before it if negative). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
