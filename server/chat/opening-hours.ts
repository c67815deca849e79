import type { NextOpening, WeeklyHours } from '../../shared/protocol/settings.js';

const CLOCK_FORMATS = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock weekday (0 = Monday) and minute of the day at `at` in `timeZone`. */
export function localClock(at: number, timeZone: string): { weekday: number; minute: number } {
  let format = CLOCK_FORMATS.get(timeZone);
  if (!format) {
    // Making a formatter costs far more than using one: one per time zone.
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

function minutes(time: string): number {
  const [hours = 0, mins = 0] = time.split(':').map(Number);
  return hours * 60 + mins;
}

/** Whether the hours are open at `at`, and if not, when they open next. */
export function openingState(
  hours: WeeklyHours,
  at: number,
  timeZone: string,
): { open: boolean; nextOpening?: NextOpening } {
  const { weekday, minute } = localClock(at, timeZone);
  const today = hours[weekday] ?? [];
  if (today.some((span) => minutes(span.open) <= minute && minute < minutes(span.close))) {
    return { open: true };
  }
  for (let inDays = 0; inDays <= 7; inDays++) {
    const day = (weekday + inDays) % 7;
    const opens = (hours[day] ?? [])
      .map((span) => span.open)
      .filter((open) => inDays > 0 || minutes(open) > minute)
      .sort();
    const first = opens[0];
    if (first !== undefined)
      return { open: false, nextOpening: { weekday: day, time: first, inDays } };
  }
  return { open: false };
}
