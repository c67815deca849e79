import type { Route } from '../../shared/protocol/schemas.js';
import type { ChatContext } from './context.js';
import type { Ending } from './ending.js';
import type { LiveChat, LiveState } from './live-state.js';
import type { LivePicture } from './live-picture.js';
import type { Queue } from './queue.js';
import type { Reconnect } from './reconnect.js';

/*
 * The sweep: no ghost chats. A grace timer lives only in the process that saw the drop,
 * and a process killed outright (SIGKILL, a lost machine) runs no disconnect handler
 * at all, so neither can be what ends a chat. Every process therefore sweeps the shared
 * live state every `sweepMs`, whoever saw what:
 *
 * - a side whose process no longer beats (heartbeat.ts), or that is marked away with no
 *   time, is marked away from now (`awaySince`), and the other side is told;
 * - a side away for longer than its grace ends as a grace timer would end it: the
 *   visitor gone, the chat ends (or leaves the queue); the counsellor gone, the chat
 *   goes back to its place in the queue;
 * - a queue entry whose chat has expired is taken out.
 *
 * Every step is one atomic, conditional change in the live state (`markAway`,
 * `dropIfAway`, `requeueIfAway`): two processes sweeping at once, or a sweep and this
 * process's own timer, find the work done and do nothing, so nothing is ended, re-queued
 * or told twice. The timers stay as the prompt path; the sweep is at most one interval
 * late. A side that comes back clears its `awaySince` (reconnect.ts).
 *
 * `sweepLive` does the live state's part and says what it did; `Sweeper` runs it on a
 * timer and tells the clients, through the same code the timers use.
 */

export interface Graces {
  visitorMs: number;
  counsellorMs: number;
}

/** One thing a sweep did, for the clients to be told. */
export type Swept =
  | { kind: 'visitor_away'; chat: LiveChat }
  | { kind: 'counsellor_away'; chat: LiveChat }
  | { kind: 'visitor_expired'; chat: LiveChat; wasQueued: boolean }
  | { kind: 'counsellor_expired'; chat: LiveChat; position: number }
  | { kind: 'pruned'; route: Route };

/** One pass over the live state at time `at`. */
export async function sweepLive(live: LiveState, at: number, graces: Graces): Promise<Swept[]> {
  const swept: Swept[] = [];
  const chats = await live.allChats();
  // Each process once: a few processes hold hundreds of chats.
  const processes = new Set<string>();
  for (const chat of chats) {
    if (chat.visitorProcess !== undefined) processes.add(chat.visitorProcess);
    if (chat.counsellorProcess !== undefined) processes.add(chat.counsellorProcess);
  }
  const alive = await live.liveProcesses([...processes]);
  const gone = (process: string | undefined) => process !== undefined && !alive.has(process);

  for (const chat of chats) {
    if (chat.visitorAwaySince === undefined) {
      if (chat.visitorAway || gone(chat.visitorProcess)) {
        const marked = await live.markAway(chat.id, 'visitor', chat.visitorSocketId, at);
        if (marked) swept.push({ kind: 'visitor_away', chat: marked });
      }
    } else if (at - chat.visitorAwaySince >= graces.visitorMs) {
      const dropped = await live.dropIfAway(chat.id, chat.visitorSocketId, chat.visitorAwaySince);
      if (dropped) {
        swept.push({ kind: 'visitor_expired', ...dropped });
        continue;
      }
    }

    const counsellorSocket = chat.counsellorSocketId ?? '';
    if (chat.counsellorAwaySince === undefined) {
      if (chat.counsellorAway || gone(chat.counsellorProcess)) {
        const marked = await live.markAway(chat.id, 'counsellor', counsellorSocket, at);
        if (marked) swept.push({ kind: 'counsellor_away', chat: marked });
      }
    } else if (at - chat.counsellorAwaySince >= graces.counsellorMs) {
      const since = chat.counsellorAwaySince;
      const requeued = await live.requeueIfAway(chat.id, counsellorSocket, since);
      if (requeued) swept.push({ kind: 'counsellor_expired', ...requeued });
    }
  }

  for (const route of await live.pruneQueues()) swept.push({ kind: 'pruned', route });
  return swept;
}

/** Runs the sweep in this process every `sweepMs`, one pass at a time. */
export class Sweeper {
  private readonly timer: ReturnType<typeof setInterval>;
  private running?: Promise<void>;

  constructor(
    private readonly ctx: ChatContext,
    private readonly reconnect: Reconnect,
    private readonly ending: Ending,
    private readonly queue: Queue,
    private readonly picture: LivePicture,
    sweepMs: number,
  ) {
    this.timer = setInterval(() => {
      this.running ??= this.sweep()
        .catch((error: unknown) => this.ctx.logger.error({ err: error }, 'sweep failed'))
        .finally(() => (this.running = undefined));
    }, sweepMs);
    this.timer.unref();
  }

  /** One pass, and the clients told of what it did. */
  async sweep(): Promise<void> {
    const { live, options, now } = this.ctx;
    const swept = await sweepLive(live, now(), {
      visitorMs: options.visitorGraceMs,
      counsellorMs: options.counsellorGraceMs,
    });
    const routes = new Set<Route>();
    let counts = false;
    for (const done of swept) {
      switch (done.kind) {
        case 'visitor_away':
          this.reconnect.toldVisitorAway(done.chat);
          counts ||= done.chat.status === 'queued';
          break;
        case 'counsellor_away':
          this.reconnect.toldCounsellorAway(done.chat);
          break;
        case 'visitor_expired':
          await this.ending.ended(done.chat, 'visitor_disconnected', done.wasQueued);
          break;
        case 'counsellor_expired':
          await this.queue.toldRequeued(done.chat, done.position);
          break;
        case 'pruned':
          routes.add(done.route);
          break;
      }
    }
    for (const route of routes) await this.picture.broadcastQueue(route);
    // A waiting visitor found gone is no longer counted as waiting.
    if (counts && routes.size === 0) await this.picture.broadcastStats();
  }

  dispose(): void {
    clearInterval(this.timer);
  }
}
