import type { NextOpening, WeeklyHours } from '../../shared/protocol/settings.js';
import { localClock } from '../clock.js';

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
