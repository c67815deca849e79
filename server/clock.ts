/*
 * Wall-clock time in the service's time zone, for the opening hours and the
 * statistics alike, and calendar days. Making an Intl formatter costs far more than
 * using one: one per time zone, kept for the life of the process.
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

/** The date `days` after "YYYY-MM-DD": calendar arithmetic, untouched by summer time. */
export function addDays(date: string, days: number): string {
  const [year = 0, month = 0, day = 0] = date.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}
