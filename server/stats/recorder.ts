import {
  ANSWER_DAY_BUCKETS,
  DURATION_BUCKETS,
  WAIT_BUCKETS,
  type WrapUp,
} from '../../shared/protocol/admin.js';
import type { RiskLevel, Route } from '../../shared/protocol/schemas.js';
import { dayIn, localClock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { HourlyCounter, Store } from '../storage/store.js';

export function bucketOf(bounds: readonly number[], seconds: number): number {
  const index = bounds.findIndex((bound) => seconds <= bound);
  return index === -1 ? bounds.length : index;
}

/**
 * Counts what happened, per day, hour and route, and nothing else: no chat id, no
 * time finer than the hour, no counsellor. A failure to count is logged and never
 * reaches the chat that caused it.
 */
export class StatsRecorder {
  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  offered(route: Route): void {
    this.count(route, 'offered', 1);
  }

  answered(route: Route, waitedMs: number): void {
    this.count(route, 'answered', 1);
    this.histogram(route, 'wait', bucketOf(WAIT_BUCKETS, waitedMs / 1000));
  }

  abandoned(route: Route): void {
    this.count(route, 'abandoned', 1);
  }

  ended(route: Route, talkedMs: number): void {
    this.histogram(route, 'duration', bucketOf(DURATION_BUCKETS, talkedMs / 1000));
  }

  /** The highest risk level an answered chat reached, counted as it ends. */
  riskLevel(route: Route, level: RiskLevel): void {
    this.clock()
      .then(({ day }) => this.store.addRiskCount(day, route, level))
      .catch((error: unknown) => this.logger.error({ err: error }, 'statistics not counted'));
  }

  /** Adds a minute per counsellor available on the route. */
  staffed(route: Route, counsellors: number): void {
    if (counsellors > 0) this.count(route, 'staffed_minutes', counsellors);
  }

  /** A mailbox was started today. */
  mailboxReceived(route: Route): void {
    this.clock()
      .then(({ day }) => this.store.addMailboxCount(day, route, 'received'))
      .catch((error: unknown) => this.logger.error({ err: error }, 'statistics not counted'));
  }

  /** A mailbox started on `createdDay` got its first answer today. */
  mailboxAnswered(route: Route, createdDay: string): void {
    this.clock()
      .then(async ({ day }) => {
        const days = Math.round((Date.parse(day) - Date.parse(createdDay)) / 86_400_000);
        await this.store.addMailboxCount(day, route, 'answered');
        await this.store.addHistogram(
          day,
          route,
          'answer_days',
          bucketOf(ANSWER_DAY_BUCKETS, Math.max(0, days)),
        );
      })
      .catch((error: unknown) => this.logger.error({ err: error }, 'statistics not counted'));
  }

  async wrapUp(route: Route, wrapUp: WrapUp): Promise<void> {
    const { day } = await this.clock();
    await this.store.addWrapUp(day, route, 'crime', wrapUp.crime);
    await this.store.addWrapUp(day, route, 'affected', wrapUp.affected);
    for (const referral of new Set(wrapUp.referrals)) {
      await this.store.addWrapUp(day, route, 'referral', referral);
    }
  }

  private async clock(): Promise<{ day: string; hour: number }> {
    const { timeZone } = await this.store.getSettings();
    const at = this.now();
    return { day: dayIn(at, timeZone), hour: Math.floor(localClock(at, timeZone).minute / 60) };
  }

  private count(route: Route, counter: HourlyCounter, amount: number): void {
    this.clock()
      .then(({ day, hour }) => this.store.addHourly(day, hour, route, counter, amount))
      .catch((error: unknown) => this.logger.error({ err: error }, 'statistics not counted'));
  }

  private histogram(route: Route, kind: 'wait' | 'duration', bucket: number): void {
    this.clock()
      .then(({ day }) => this.store.addHistogram(day, route, kind, bucket))
      .catch((error: unknown) => this.logger.error({ err: error }, 'statistics not counted'));
  }
}
