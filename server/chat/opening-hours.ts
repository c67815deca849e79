import {
  MAX_DATE_EXCEPTIONS,
  type DateException,
  type NextOpening,
  type Span,
  type WeeklyHours,
} from '../../shared/protocol/settings.js';
import { addDays, dayIn, localClock } from '../clock.js';

/*
 * Opening hours: whether a route's chat (or phone line) is open at an instant, and when
 * it opens next. The week's hours say what each weekday usually looks like; a date
 * exception replaces that one date's spans (closed on Midsummer Eve, open longer on a
 * given day). All of it is wall-clock time in the service's time zone, so a day is a
 * calendar date there, whatever summer time does to its length.
 */

/**
 * How far ahead the next opening is sought: past every excepted date and then a whole
 * week, so an opening that exists is always found.
 */
export const LOOK_AHEAD_DAYS = MAX_DATE_EXCEPTIONS + 7;

/** What `openingState` finds. */
export interface OpeningState {
  open: boolean;
  /** Set when closed and an opening exists within `LOOK_AHEAD_DAYS`. */
  nextOpening?: NextOpening;
  /** Set when a date exception closes all of today. */
  closedToday?: true;
}

function minutes(time: string): number {
  const [hours = 0, mins = 0] = time.split(':').map(Number);
  return hours * 60 + mins;
}

/** 0 = Monday … 6 = Sunday, of "YYYY-MM-DD". */
export function weekdayOf(date: string): number {
  return (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
}

/** Whether the hours are open at `at`, and if not, when they open next. */
export function openingState(
  hours: WeeklyHours,
  at: number,
  timeZone: string,
  exceptions: readonly DateException[] = [],
): OpeningState {
  const byDate = new Map(exceptions.map((exception) => [exception.date, exception.spans]));
  const spansOn = (date: string): readonly Span[] =>
    byDate.get(date) ?? hours[weekdayOf(date)] ?? [];
  const { minute } = localClock(at, timeZone);
  const today = dayIn(at, timeZone);
  if (spansOn(today).some((span) => minutes(span.open) <= minute && minute < minutes(span.close))) {
    return { open: true };
  }
  const closed: OpeningState = {
    open: false,
    ...(byDate.get(today)?.length === 0 && { closedToday: true }),
  };
  for (let inDays = 0; inDays <= LOOK_AHEAD_DAYS; inDays++) {
    const date = addDays(today, inDays);
    const first = spansOn(date)
      .map((span) => span.open)
      .filter((open) => inDays > 0 || minutes(open) > minute)
      .sort()[0];
    if (first === undefined) continue;
    const nextOpening: NextOpening = {
      weekday: weekdayOf(date),
      time: first,
      inDays,
      ...(inDays >= 7 && { date }),
    };
    return { ...closed, nextOpening };
  }
  return closed;
}
