import type { Board, BoardCounsellor } from '../../shared/protocol/admin.js';
import {
  LISTED_WAITING,
  ROUTES,
  type PresenceState,
  type QueuePosition,
  type QueueStats,
  type Route,
  type RouteStats,
  type WaitingVisitor,
} from '../../shared/protocol/schemas.js';
import type { RouteStatus, ServiceStatus } from '../../shared/protocol/settings.js';
import { perRoute, ROUTE_SETS, routesRoom } from '../routing.js';
import type { ChatContext } from './context.js';
import type { LiveChat } from './live-state.js';
import { openingState } from './opening-hours.js';
import type { CounsellorIds } from './parties.js';
import { WaitEstimator } from './wait-estimate.js';

/*
 * The live picture: what each audience is shown of the service as it stands, and
 * never any content. Visitors get the routes' status and their place in the queue
 * with an estimate (from the recent real waits this part keeps); counsellors get
 * the queue counts (and the mailboxes waiting for an answer) for their route set and
 * their own presence, capacity and break; supervisors get the board (with who is on a
 * break, the urgent and acute chats, and each one's chats in a row and acute chats this
 * shift, counts only). It also samples the staffed minutes for the statistics.
 */

/** The staffed minutes of the statistics are sampled this often. */
const STAFFING_SAMPLE_MS = 60_000;
/**
 * The consoles' queue counts go out at most this long after a change, once for every
 * change in between: a burst of queue events (a busy evening, the clients coming back
 * after a restart) is one broadcast of the latest counts instead of one per event,
 * each computed from the whole queue.
 */
const STATS_COALESCE_MS = 100;

export class LivePicture {
  /** Recent real waits per route, for the estimates shown to visitors. */
  readonly waits: WaitEstimator;
  private readonly staffing?: ReturnType<typeof setInterval>;
  private statsDue?: ReturnType<typeof setTimeout>;

  constructor(private readonly ctx: ChatContext) {
    this.waits = new WaitEstimator(ctx.now);
    const stats = ctx.options.stats;
    if (stats) {
      this.staffing = setInterval(() => {
        for (const route of ROUTES) {
          this.availableHere(route)
            .then((n) => stats.staffed(route, n))
            .catch((error: unknown) => ctx.logger.error({ err: error }, 'staffing sample failed'));
        }
      }, STAFFING_SAMPLE_MS);
      this.staffing.unref();
    }
  }

  /**
   * Volunteers available on a route whose consoles are connected to this process. Each
   * process samples its own: the live state (Redis) is shared, so every process counting
   * everyone added each minute once per process.
   */
  async availableHere(route: Route): Promise<number> {
    const here = this.ctx.counsellors.sockets;
    const available = await this.ctx.live.availableSockets(route);
    return new Set(available.filter((s) => here.has(s.socketId)).map((s) => s.accountId)).size;
  }

  dispose(): void {
    clearInterval(this.staffing);
    clearTimeout(this.statsDue);
    this.statsDue = undefined;
  }

  /**
   * What the widget shows before a chat: each route open or not, its phone line (and
   * whether it answers now, when its hours are set), the 24-hour lines, the wait.
   */
  async status(): Promise<ServiceStatus> {
    const settings = await this.ctx.store.getSettings();
    const stats = await this.stats();
    const at = this.ctx.now();
    const routes = perRoute((route): RouteStatus => {
      const { phone, hours, phoneHours, exceptions } = settings.routes[route];
      const { waiting, available } = stats[route];
      const estimate = this.waits.estimate(route, waiting + 1);
      return {
        ...openingState(hours, at, settings.timeZone, exceptions),
        phone,
        ...(phoneHours && { phoneLine: openingState(phoneHours, at, settings.timeZone) }),
        helplines: settings.helplines[route],
        available,
        waiting,
        ...(estimate !== undefined && { estimateSeconds: estimate }),
      };
    });
    const notice = Object.fromEntries(Object.entries(settings.notice).filter(([, text]) => text));
    return {
      routes,
      exitUrl: settings.exitUrl,
      ...(Object.keys(notice).length > 0 && { notice }),
      ...(settings.mailbox.enabled && {
        mailbox: { answerWithinDays: settings.mailbox.answerWithinDays },
      }),
    };
  }

  async stats(): Promise<Record<Route, RouteStats>> {
    const { live, store, now: clock } = this.ctx;
    const now = clock();
    const mailboxes = await store.countNewMailboxes();
    const entries = await Promise.all(
      ROUTES.map(async (route): Promise<[Route, RouteStats]> => {
        // Visitors whose connection dropped keep their place but are not counted:
        // nobody can take them until they are back.
        const queue = (await live.queue(route)).filter((entry) => !entry.away);
        // Those in danger come first in line, so the first is not always the oldest.
        const oldest = queue.length > 0 ? Math.min(...queue.map((e) => e.queuedAt)) : undefined;
        const listed = await Promise.all(
          queue.slice(0, LISTED_WAITING).map(async (entry): Promise<WaitingVisitor> => {
            const chat = await live.getChat(entry.id);
            return {
              waitedSeconds: Math.round((now - entry.queuedAt) / 1000),
              ...(chat?.lang && { lang: chat.lang }),
              ...(chat?.topic && { topic: chat.topic }),
              ...(entry.urgent && { urgent: true as const }),
            };
          }),
        );
        return [
          route,
          {
            waiting: queue.length,
            urgent: queue.filter((entry) => entry.urgent).length,
            longestWaitSeconds: oldest === undefined ? 0 : Math.round((now - oldest) / 1000),
            queue: listed,
            available: await live.availableOn(route),
            mailboxes: mailboxes[route],
          },
        ];
      }),
    );
    return Object.fromEntries(entries) as Record<Route, RouteStats>;
  }

  statsFor(all: Record<Route, RouteStats>, routes: readonly Route[]): QueueStats {
    return Object.fromEntries(routes.map((route) => [route, all[route]]));
  }

  /** Tells every queued visitor of a route its place, and every counsellor the counts. */
  async broadcastQueue(route: Route): Promise<void> {
    const { live, visitors } = this.ctx;
    const queue = await live.queue(route);
    await Promise.all(
      queue.map(async (entry, index) => {
        const chat = await live.getChat(entry.id);
        if (chat)
          visitors
            .to(chat.visitorSocketId)
            .emit('queue:position', this.positionOf(chat, index + 1));
      }),
    );
    await this.broadcastStats();
  }

  /**
   * The counts, to each room of counsellors only for the routes they serve, within
   * STATS_COALESCE_MS: the caller does not wait for them, and a failure is logged.
   */
  broadcastStats(): Promise<void> {
    this.statsDue ??= setTimeout(() => {
      this.statsDue = undefined;
      this.sendStats().catch((error: unknown) => {
        this.ctx.logger.error({ err: error }, 'queue counts not sent');
      });
    }, STATS_COALESCE_MS);
    this.statsDue.unref();
    return Promise.resolve();
  }

  private async sendStats(): Promise<void> {
    const all = await this.stats();
    for (const routes of ROUTE_SETS) {
      this.ctx.counsellors.to(routesRoom(routes)).emit('queue:stats', this.statsFor(all, routes));
    }
  }

  private positionOf(chat: LiveChat, position: number): QueuePosition {
    const estimate = this.waits.estimate(chat.route, position);
    return {
      chatId: chat.id,
      position,
      ...(estimate !== undefined && { estimateSeconds: estimate }),
    };
  }

  async presence(counsellor: CounsellorIds): Promise<PresenceState> {
    const { live } = this.ctx;
    return {
      available: await live.isAvailable(counsellor.socketId),
      capacity: await this.capacityOf(counsellor),
      activeChats: await live.countChatsOfAccount(counsellor.data.accountId),
      onBreak: (await live.shiftOf(counsellor.data.accountId)).onBreak,
      blockHours: (await this.ctx.store.getSettings()).blockHours,
    };
  }

  /** Chats at once the account has chosen, or the service's default. */
  async capacityOf(counsellor: CounsellorIds): Promise<number> {
    return (
      (await this.ctx.live.capacityOf(counsellor.data.accountId)) ??
      this.ctx.options.counsellorCapacity
    );
  }

  /** The supervisors' live picture: counts, loads and lengths, never content. */
  async board(): Promise<Board> {
    const { live, counsellors } = this.ctx;
    const stats = await this.stats();
    const routes = perRoute((route) => ({
      waiting: stats[route].waiting,
      urgent: stats[route].urgent,
      longestWaitSeconds: stats[route].longestWaitSeconds,
      available: stats[route].available,
      mailboxes: stats[route].mailboxes,
    }));
    // One read of every chat (in Redis, counting per account would read them all again).
    const all = await live.allChats();
    const chatsOf = new Map<number, number>();
    for (const { counsellorAccountId: id } of all) {
      if (id !== undefined) chatsOf.set(id, (chatsOf.get(id) ?? 0) + 1);
    }
    const byAccount = new Map<number, BoardCounsellor>();
    // Every process's consoles, through the adapter.
    for (const socket of await counsellors.fetchSockets()) {
      const ref = { socketId: socket.id, data: socket.data };
      const seen = byAccount.get(socket.data.accountId);
      const available = await live.isAvailable(socket.id);
      if (seen) {
        seen.available ||= available;
        continue;
      }
      const { onBreak, inARow, acute } = await live.shiftOf(socket.data.accountId);
      byAccount.set(socket.data.accountId, {
        alias: socket.data.alias,
        available,
        chats: chatsOf.get(socket.data.accountId) ?? 0,
        capacity: await this.capacityOf(ref),
        onBreak,
        inARow,
        acuteThisShift: acute,
      });
    }
    const now = this.ctx.now();
    const chats = all.map((chat) => ({
      route: chat.route,
      status: chat.status === 'queued' ? ('queued' as const) : ('talking' as const),
      seconds: Math.round((now - (chat.answeredAt ?? chat.queuedAt)) / 1000),
      ...(chat.urgent === true && { urgent: true as const }),
      ...(chat.risk === 'acute' && { acute: { alias: chat.counsellorAlias ?? '' } }),
    }));
    return {
      routes,
      counsellors: [...byAccount.values()].sort((a, b) => a.alias.localeCompare(b.alias)),
      // Those in danger first, then the longest.
      chats: chats.sort((a, b) => Number(!!b.urgent) - Number(!!a.urgent) || b.seconds - a.seconds),
    };
  }
}
