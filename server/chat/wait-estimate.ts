import type { Route } from '../../shared/protocol/schemas.js';
import { perRoute } from '../routing.js';

/** Waits older than this say nothing about the wait now. */
const WINDOW_MS = 2 * 60 * 60_000;
const MAX_SAMPLES = 50;
/** Fewer real waits than this and the widget shows no estimate rather than a guess. */
const MIN_SAMPLES = 3;

/**
 * Estimates how long a newcomer waits, from the real waits of the visitors answered
 * recently on the same route: the median wait, times the place in the queue. Only
 * durations are kept, in memory, never who waited.
 */
export class WaitEstimator {
  private readonly samples = perRoute((): { at: number; waitedMs: number }[] => []);

  constructor(private readonly now: () => number = Date.now) {}

  record(route: Route, waitedMs: number): void {
    const list = this.samples[route];
    list.push({ at: this.now(), waitedMs });
    if (list.length > MAX_SAMPLES) list.shift();
  }

  /** Seconds, rounded up to a whole minute; undefined when there is too little to go on. */
  estimate(route: Route, position: number): number | undefined {
    const since = this.now() - WINDOW_MS;
    const recent = this.samples[route]
      .filter((sample) => sample.at >= since)
      .map((sample) => sample.waitedMs)
      .sort((a, b) => a - b);
    if (recent.length < MIN_SAMPLES) return undefined;
    const median = recent[Math.floor(recent.length / 2)] ?? 0;
    const seconds = (median * Math.max(1, position)) / 1000;
    return Math.max(60, Math.ceil(seconds / 60) * 60);
  }
}
