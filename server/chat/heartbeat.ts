import type { Logger } from '../logger.js';
import type { RedisClient } from '../redis.js';
import { newSecret } from '../tokens.js';

/*
 * Which processes sharing the Redis live state are alive. Each process has a random
 * id and beats: it sets `<prefix>process:<id>` every `intervalMs`, to live three beats.
 * A process killed outright (SIGKILL, a lost machine) runs no disconnect handler and no
 * grace timer; its key running out is how the others learn that every socket it held
 * is gone (sweep.ts). Three beats, so one slow beat is not taken for a death: a
 * process whose event loop stalls that long has its sides marked away by the others.
 */

/** How often a process beats unless told otherwise (config.heartbeatMs). */
export const HEARTBEAT_MS = 5000;
/** A process that has missed this many beats in a row is taken for dead. */
const BEATS_TO_DEATH = 3;

export class Heartbeat {
  readonly processId = newSecret();
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    private readonly redis: RedisClient,
    /** What every process's key starts with (the scripts build keys from it too). */
    readonly keyPrefix: string,
    private readonly logger: Logger,
    private readonly intervalMs = HEARTBEAT_MS,
  ) {
    // Sent before anything else the caller writes on this client (one connection keeps
    // the order), so no process ever reads this id on a chat before its first beat.
    void this.beat();
    this.timer = setInterval(() => void this.beat(), intervalMs);
    this.timer.unref();
  }

  private async beat(): Promise<void> {
    await this.redis
      .set(this.keyPrefix + this.processId, '1', { PX: this.intervalMs * BEATS_TO_DEATH })
      .catch((error: unknown) => {
        this.logger.error({ err: error }, 'heartbeat in redis failed');
      });
  }

  /** Which of these processes still beat (this one always does). */
  async alive(ids: readonly string[]): Promise<Set<string>> {
    const others = [...new Set(ids)].filter((id) => id !== this.processId);
    const alive = new Set([this.processId]);
    if (others.length === 0) return alive;
    const beats = await this.redis.mGet(others.map((id) => this.keyPrefix + id));
    others.forEach((id, index) => {
      if (beats[index] !== null) alive.add(id);
    });
    return alive;
  }

  /**
   * Stops beating and says so at once, so the other processes take over the graces of
   * the sockets this one held. The caller closes the client after this last command.
   */
  stop(): void {
    clearInterval(this.timer);
    this.redis.del(this.keyPrefix + this.processId).catch((error: unknown) => {
      this.logger.error({ err: error }, 'ending the heartbeat in redis failed');
    });
  }
}
