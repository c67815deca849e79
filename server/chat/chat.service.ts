import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Namespace } from 'socket.io';
import { AppError } from '../../shared/protocol/errors.js';
import type {
  CounsellorClientEvents,
  CounsellorServerEvents,
  CounsellorSocketData,
  InterServerEvents,
  VisitorClientEvents,
  VisitorServerEvents,
  VisitorSocketData,
} from '../../shared/protocol/events.js';
import {
  LISTED_WAITING,
  ROUTES,
  type PresenceSet,
  type WaitingVisitor,
  type ChatAccepted,
  type ChatCommit,
  type ChatLeave,
  type ChatRestored,
  type ChatResume,
  type ChatsResume,
  type ChatTransfer,
  type Colleague,
  type ChatResumed,
  type EndReason,
  type KeyReveal,
  type QueueDetails,
  type RatingSubmit,
  type RekeyOffer,
  type Sender,
  type PresenceState,
  type QueueJoin,
  type QueueJoined,
  type QueueStats,
  type Route,
  type RouteStats,
  type Typing,
  type WireFrame,
} from '../../shared/protocol/schemas.js';
import type { RouteStatus, ServiceStatus } from '../../shared/protocol/settings.js';
import type { Board, BoardCounsellor, WrapUp } from '../../shared/protocol/admin.js';
import { dayIn, type StatsRecorder } from '../stats/recorder.js';
import type { Store } from '../storage/store.js';
import type { LiveChat, LiveState } from './live-state.js';
import { openingState } from './opening-hours.js';
import { WaitEstimator } from './wait-estimate.js';

export type VisitorNamespace = Namespace<
  VisitorClientEvents,
  VisitorServerEvents,
  InterServerEvents,
  VisitorSocketData
>;
export type CounsellorNamespace = Namespace<
  CounsellorClientEvents,
  CounsellorServerEvents,
  InterServerEvents,
  CounsellorSocketData
>;

/** The socket.io room of counsellor sockets that serve exactly this set of routes. */
export function routesRoom(routes: readonly Route[]): string {
  return `routes:${[...routes].sort().join(',')}`;
}

/** Every route set a counsellor can have; see routesOf(). */
const ROUTE_SETS: readonly (readonly Route[])[] = [['adult'], ['adult', 'youth']];

export interface ChatServiceOptions {
  maxQueuePerRoute: number;
  counsellorCapacity: number;
  /** How long a chat waits for a visitor whose socket dropped (a reload, a tunnel). */
  visitorGraceMs: number;
  /** How long a chat waits for a counsellor whose console dropped before re-queueing. */
  counsellorGraceMs: number;
  /** How long a visitor is kept for a counsellor who speaks their language. */
  languagePreferenceMs: number;
  /** Counts offered, answered and abandoned chats, waits and lengths, wrap-ups. */
  stats?: StatsRecorder;
  now?: () => number;
}

/** A wrap-up may be given this long after the chat ended. */
const WRAP_UP_TTL_MS = 60 * 60_000;
/** The staffed minutes of the statistics are sampled this often. */
const STAFFING_SAMPLE_MS = 60_000;

/** After a restart, clients may bring their chats back for this long. */
const RECOVERY_WINDOW_MS = 5 * 60_000;
/** The resume hash of a chat re-created from the counsellor's side, until its visitor is back. */
const UNCLAIMED = '';

/** How long a relayed frame waits for the other client's receipt. */
const DELIVERY_TIMEOUT_MS = 5000;

function isOkReceipt(receipt: unknown): boolean {
  return typeof receipt === 'object' && receipt !== null && 'ok' in receipt && receipt.ok === true;
}

/** A rating may be given this long after the chat ended. */
const RATING_TTL_MS = 30 * 60_000;

const newSecret = () => randomBytes(16).toString('base64url');
const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export interface VisitorRef {
  socketId: string;
  data: VisitorSocketData;
}

export interface CounsellorRef {
  socketId: string;
  data: CounsellorSocketData;
}

/** What presence and capacity need of a counsellor's socket, wherever it is connected. */
export interface CounsellorIds {
  socketId: string;
  data: { accountId: number };
}

/** One side of a chat, as the socket that speaks for it. */
export type Party =
  { sender: 'visitor'; ref: VisitorRef } | { sender: 'counsellor'; ref: CounsellorRef };

/**
 * The queue, routing and relay. It sees chat ids, routes and ciphertext; never a
 * key it could use, never plaintext, never anything about who a visitor is.
 */
export class ChatService {
  private closing = false;
  private readonly startedAt: number;
  /** Frames relayed and still waiting for the other side's receipt. */
  private inFlight = 0;
  private readonly now: () => number;
  /** Serialises accepts per account so capacity cannot be overrun by a double click. */
  private readonly acceptLocks = new Map<number, Promise<unknown>>();
  /** Chats whose visitor dropped off, ended if it does not come back in time. */
  private readonly graceTimers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Rating tickets of ended chats: the route only, for the aggregate. In memory, short-lived. */
  private readonly ratingTickets = new Map<string, { route: Route; expires: number }>();
  private readonly waits: WaitEstimator;
  /** Wrap-up tickets of ended chats, by chat id: whose it was and the route. In memory. */
  private readonly wrapUpTickets = new Map<
    string,
    { accountId: number; route: Route; expires: number }
  >();
  private readonly staffing?: ReturnType<typeof setInterval>;

  constructor(
    private readonly store: Store,
    private readonly live: LiveState,
    private readonly visitors: VisitorNamespace,
    private readonly counsellors: CounsellorNamespace,
    private readonly options: ChatServiceOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.startedAt = this.now();
    this.waits = new WaitEstimator(this.now);
    const stats = options.stats;
    if (stats) {
      this.staffing = setInterval(() => {
        for (const route of ROUTES) {
          void this.live.availableOn(route).then((n) => stats.staffed(route, n));
        }
      }, STAFFING_SAMPLE_MS);
      this.staffing.unref();
    }
  }

  /** Stop taking new chats (shutdown); chats in progress go on. */
  stopAccepting(): void {
    this.closing = true;
  }

  /**
   * The process is stopping: no new chats; frames already on their way get their
   * receipts (up to `drainMs`); then every client is told the service is restarting.
   * Nothing is ended: the clients keep their chats (and keys) and reconnect, and the
   * next process takes the chats back from them (`chat:resume` with a claim,
   * `chats:resume`), having kept nothing itself.
   */
  async shutdown(drainMs = 5000): Promise<void> {
    this.stopAccepting();
    const deadline = this.now() + drainMs;
    while (this.inFlight > 0 && this.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    this.visitors.emit('service:restarting');
    this.counsellors.emit('service:restarting');
  }

  /** Forgets every timer (the server is closing). */
  dispose(): void {
    for (const timer of this.graceTimers.values()) clearTimeout(timer);
    this.graceTimers.clear();
    this.ratingTickets.clear();
    this.wrapUpTickets.clear();
    clearInterval(this.staffing);
  }

  // ------------------------------------------------------------------ before the chat

  async status(): Promise<ServiceStatus> {
    const settings = await this.store.getSettings();
    const stats = await this.stats();
    const at = this.now();
    const routes = Object.fromEntries(
      ROUTES.map((route): [Route, RouteStatus] => {
        const { phone, hours } = settings.routes[route];
        const { waiting, available } = stats[route];
        const estimate = this.waits.estimate(route, waiting + 1);
        return [
          route,
          {
            ...openingState(hours, at, settings.timeZone),
            phone,
            available,
            waiting,
            ...(estimate !== undefined && { estimateSeconds: estimate }),
          },
        ];
      }),
    ) as Record<Route, RouteStatus>;
    const notice = Object.fromEntries(Object.entries(settings.notice).filter(([, text]) => text));
    return {
      routes,
      exitUrl: settings.exitUrl,
      ...(Object.keys(notice).length > 0 && { notice }),
    };
  }

  // ------------------------------------------------------------------ visitor side

  async join(visitor: VisitorRef, request: QueueJoin): Promise<QueueJoined> {
    if (this.closing) throw new AppError('closed');
    // A chat ended by another process leaves its id on this socket: only a live one counts.
    if (visitor.data.chatId && (await this.live.getChat(visitor.data.chatId))) {
      throw new AppError('already_queued');
    }
    const settings = await this.store.getSettings();
    const { hours } = settings.routes[request.route];
    if (!openingState(hours, this.now(), settings.timeZone).open) throw new AppError('closed');
    const waiting = await this.live.queue(request.route);
    if (waiting.length >= this.options.maxQueuePerRoute) throw new AppError('queue_full');

    const resumeToken = newSecret();
    const chat: LiveChat = {
      id: newSecret(),
      route: request.route,
      queuedAt: this.now(),
      commitment: request.commitment,
      epoch: 0,
      status: 'queued',
      resumeHash: hashToken(resumeToken),
      visitorSocketId: visitor.socketId,
      ...(request.lang && { lang: request.lang }),
      ...(request.topic && { topic: request.topic }),
    };
    visitor.data.chatId = chat.id;
    const position = await this.live.enqueue(chat);
    this.options.stats?.offered(chat.route);
    await this.broadcastQueue(request.route);
    const estimate = this.waits.estimate(chat.route, position);
    return {
      chatId: chat.id,
      position,
      resumeToken,
      ...(estimate !== undefined && { estimateSeconds: estimate }),
    };
  }

  async details(visitor: VisitorRef, request: QueueDetails): Promise<null> {
    const chat = await this.visitorChat(visitor, request.chatId);
    if (chat.status !== 'queued') throw new AppError('wrong_state');
    const { lang, topic } = request;
    await this.live.saveChat({ ...chat, ...(lang && { lang }), ...(topic && { topic }) });
    await this.broadcastStats();
    return null;
  }

  /**
   * Binds a chat to the visitor's new socket. Without a commitment the widget kept its
   * keys and the chat goes on; with one, a queued chat keeps its place with the new
   * commitment and a started chat moves to a new epoch the counsellor must key.
   *
   * `mayCreate` is asked before a chat unknown here is re-created from the visitor's
   * claim after a restart: such a claim counts as starting a chat (per-address limit).
   */
  async resume(
    visitor: VisitorRef,
    request: ChatResume,
    mayCreate: () => Promise<boolean> = () => Promise.resolve(true),
  ): Promise<ChatResumed> {
    if (visitor.data.chatId) throw new AppError('already_queued');
    const chat =
      (await this.live.getChat(request.chatId)) ??
      (await this.recreateForVisitor(visitor, request, mayCreate));
    if (!chat) throw new AppError('not_found');
    if (chat.resumeHash === UNCLAIMED && this.recovering()) {
      // Re-created from the counsellor's side after a restart: the first token wins.
      chat.resumeHash = hashToken(request.token);
    }
    if (!sameHash(hashToken(request.token), chat.resumeHash)) throw new AppError('forbidden');
    const keysDiffer = request.claim !== undefined && request.claim.epoch !== chat.epoch;
    if (
      !request.commitment &&
      (chat.status !== 'active' || chat.awaitingCommitment || keysDiffer)
    ) {
      throw new AppError('wrong_state');
    }

    this.stopGrace('visitor', chat.id);
    if (chat.visitorSocketId !== visitor.socketId) {
      // The old tab's socket may linger (here or in another process): the newest one
      // speaks for the visitor now.
      const previousSocket = this.visitors.sockets.get(chat.visitorSocketId);
      if (previousSocket) delete previousSocket.data.chatId;
      this.visitors.in(chat.visitorSocketId).disconnectSockets(true);
    }
    chat.visitorSocketId = visitor.socketId;
    chat.visitorAway = false;
    visitor.data.chatId = chat.id;

    if (request.commitment) {
      chat.commitment = request.commitment;
      chat.awaitingCommitment = false;
      if (chat.status !== 'queued') {
        chat.epoch += 1;
        chat.status = 'rekeying';
      }
    }
    await this.live.saveChat(chat);

    const base = { epoch: chat.epoch, route: chat.route };
    if (chat.status === 'queued') {
      await this.broadcastStats();
      const position = (await this.live.queue(chat.route)).findIndex((e) => e.id === chat.id) + 1;
      const estimate = this.waits.estimate(chat.route, position);
      return {
        ...base,
        status: 'queued',
        position,
        ...(estimate !== undefined && { estimateSeconds: estimate }),
      };
    }
    if (chat.counsellorSocketId) {
      this.counsellors
        .to(chat.counsellorSocketId)
        .emit('chat:peer', { chatId: chat.id, present: true });
      if (chat.status === 'rekeying') {
        this.counsellors.to(chat.counsellorSocketId).emit('chat:rekey', {
          chatId: chat.id,
          epoch: chat.epoch,
          commitment: chat.commitment,
        });
      }
    }
    return {
      ...base,
      status: chat.status === 'rekeying' ? 'rekeying' : 'active',
      ...(chat.counsellorAlias && { counsellorAlias: chat.counsellorAlias }),
    };
  }

  /** Quick exit from a page going away: the resume token stands in for the socket. */
  async leaveWithToken({ chatId, token }: ChatLeave): Promise<void> {
    const chat = await this.live.getChat(chatId);
    if (!chat) throw new AppError('not_found');
    if (!sameHash(hashToken(token), chat.resumeHash)) throw new AppError('forbidden');
    await this.end(chat, 'ended_by_visitor');
  }

  async rate(request: RatingSubmit): Promise<null> {
    const ticket = this.ratingTickets.get(request.ticket);
    this.ratingTickets.delete(request.ticket);
    if (!ticket || ticket.expires < this.now()) throw new AppError('not_found');
    const { timeZone } = await this.store.getSettings();
    await this.store.addRating({
      day: dayIn(this.now(), timeZone),
      route: ticket.route,
      score: request.score,
    });
    return null;
  }

  async leave(visitor: VisitorRef, chatId: string): Promise<null> {
    const chat = await this.visitorChat(visitor, chatId);
    await this.end(chat, 'ended_by_visitor');
    return null;
  }

  async revealKey(visitor: VisitorRef, reveal: KeyReveal): Promise<null> {
    const chat = await this.visitorChat(visitor, reveal.chatId);
    if (reveal.epoch !== chat.epoch) throw new AppError('wrong_epoch');
    if (chat.status !== 'keying' || !chat.counsellorSocketId) throw new AppError('wrong_state');
    chat.status = 'active';
    chat.answered = true;
    await this.live.saveChat(chat);
    this.counsellors.to(chat.counsellorSocketId).emit('chat:key', reveal);
    return null;
  }

  /**
   * The visitor's socket closed without ending the chat: a reload, a tunnel, a
   * closed tab. The chat (or the place in the queue) waits `visitorGraceMs` for a
   * `chat:resume`; the counsellor is told meanwhile.
   */
  async onVisitorGone(visitor: VisitorRef): Promise<void> {
    const chatId = visitor.data.chatId;
    if (!chatId) return;
    const chat = await this.live.getChat(chatId);
    if (!chat || chat.visitorSocketId !== visitor.socketId) return;
    chat.visitorAway = true;
    await this.live.saveChat(chat);
    if (chat.status === 'queued') await this.broadcastStats();
    if (chat.counsellorSocketId) {
      this.counsellors
        .to(chat.counsellorSocketId)
        .emit('chat:peer', { chatId: chat.id, present: false });
    }
    this.startGrace('visitor', chat.id, this.options.visitorGraceMs, () =>
      this.endIfStillAway(chat.id, visitor.socketId),
    );
  }

  /** Within this long of the process starting, clients may bring back their chats. */
  private recovering(): boolean {
    return this.now() - this.startedAt < RECOVERY_WINDOW_MS;
  }

  /**
   * After a restart the server knows no chat; the visitor's widget still knows its
   * own. Within the recovery window it is taken back as the widget describes it: a
   * place in the queue (at the back), or a chat whose counsellor is waited for.
   */
  private async recreateForVisitor(
    visitor: VisitorRef,
    request: ChatResume,
    mayCreate: () => Promise<boolean>,
  ): Promise<LiveChat | undefined> {
    const claim = request.claim;
    if (!claim || !this.recovering()) return undefined;
    if (claim.queued && !request.commitment) return undefined;
    if (!(await mayCreate())) throw new AppError('rate_limited');
    const waiting = claim.queued ? (await this.live.queue(claim.route)).length : 0;
    if (waiting >= this.options.maxQueuePerRoute) throw new AppError('queue_full');
    const chat: LiveChat = {
      id: request.chatId,
      route: claim.route,
      queuedAt: this.now(),
      commitment: request.commitment ?? '',
      epoch: claim.epoch,
      status: claim.queued ? 'queued' : 'active',
      resumeHash: hashToken(request.token),
      visitorSocketId: visitor.socketId,
      ...(!claim.queued && { counsellorAway: true, answered: true }),
    };
    if (claim.queued) {
      await this.live.enqueue(chat);
    } else {
      await this.live.saveChat(chat);
      this.startGrace('counsellor', chat.id, this.options.counsellorGraceMs, () =>
        this.requeueIfStillAway(chat.id, undefined),
      );
    }
    return chat;
  }

  /** A visitor's fresh commitment, answering `chat:recommit` or `chat:requeued`. */
  async commit(visitor: VisitorRef, { chatId, commitment }: ChatCommit): Promise<null> {
    const chat = await this.visitorChat(visitor, chatId);
    if (!chat.awaitingCommitment) throw new AppError('wrong_state');
    chat.commitment = commitment;
    chat.awaitingCommitment = false;
    if (chat.status === 'queued') {
      await this.live.saveChat(chat);
      await this.broadcastStats();
      return null;
    }
    if (!chat.counsellorSocketId || chat.counsellorAway) {
      // The counsellor is away again: keep the commitment; they re-key when back.
      chat.awaitingCommitment = true;
      await this.live.saveChat(chat);
      return null;
    }
    chat.epoch += 1;
    chat.status = 'rekeying';
    await this.live.saveChat(chat);
    this.counsellors
      .to(chat.counsellorSocketId)
      .emit('chat:rekey', { chatId: chat.id, epoch: chat.epoch, commitment });
    return null;
  }

  private startGrace(side: Sender, chatId: string, ms: number, expire: () => Promise<void>): void {
    const key = `${side}:${chatId}`;
    clearTimeout(this.graceTimers.get(key));
    const timer = setTimeout(() => {
      this.graceTimers.delete(key);
      expire().catch(() => undefined);
    }, ms);
    timer.unref();
    this.graceTimers.set(key, timer);
  }

  private stopGrace(side: Sender, chatId: string): void {
    const key = `${side}:${chatId}`;
    clearTimeout(this.graceTimers.get(key));
    this.graceTimers.delete(key);
  }

  /**
   * The same socket came back through connection state recovery (a short drop): its
   * chat was kept for it, and it missed nothing. Undo what the drop set off.
   */
  async onVisitorBack(visitor: VisitorRef): Promise<void> {
    const chatId = visitor.data.chatId;
    const chat = chatId ? await this.live.getChat(chatId) : undefined;
    if (!chat || chat.visitorSocketId !== visitor.socketId) {
      delete visitor.data.chatId;
      return;
    }
    this.stopGrace('visitor', chat.id);
    chat.visitorAway = false;
    await this.live.saveChat(chat);
    if (chat.status === 'queued') await this.broadcastStats();
    if (chat.counsellorSocketId) {
      this.counsellors
        .to(chat.counsellorSocketId)
        .emit('chat:peer', { chatId: chat.id, present: true });
    }
  }

  private async endIfStillAway(chatId: string, socketId: string): Promise<void> {
    const chat = await this.live.getChat(chatId);
    if (chat?.visitorAway && chat.visitorSocketId === socketId) {
      await this.end(chat, 'visitor_disconnected');
    }
  }

  private async visitorChat(visitor: VisitorRef, chatId: string): Promise<LiveChat> {
    if (visitor.data.chatId !== chatId) throw new AppError('forbidden');
    const chat = await this.live.getChat(chatId);
    if (!chat) throw new AppError('not_found');
    if (chat.visitorSocketId !== visitor.socketId) throw new AppError('forbidden');
    return chat;
  }

  // ------------------------------------------------------------------ counsellor side

  async setPresence(
    counsellor: CounsellorRef,
    { available, capacity }: PresenceSet,
  ): Promise<PresenceState> {
    if (capacity !== undefined) await this.live.setCapacity(counsellor.data.accountId, capacity);
    await this.live.setAvailable(
      counsellor.socketId,
      counsellor.data.accountId,
      counsellor.data.routes,
      available,
      counsellor.data.alias,
    );
    await this.broadcastStats();
    return this.presence(counsellor);
  }

  async presence(counsellor: CounsellorIds): Promise<PresenceState> {
    return {
      available: await this.live.isAvailable(counsellor.socketId),
      capacity: await this.capacityOf(counsellor),
      activeChats: await this.live.countChatsOfAccount(counsellor.data.accountId),
    };
  }

  private async capacityOf(counsellor: CounsellorIds): Promise<number> {
    return (
      (await this.live.capacityOf(counsellor.data.accountId)) ?? this.options.counsellorCapacity
    );
  }

  accept(counsellor: CounsellorRef, publicKey: string): Promise<ChatAccepted> {
    const { accountId } = counsellor.data;
    const previous = this.acceptLocks.get(accountId) ?? Promise.resolve();
    const run = previous.then(
      () => this.acceptNow(counsellor, publicKey),
      () => this.acceptNow(counsellor, publicKey),
    );
    this.acceptLocks.set(accountId, run);
    void run
      .finally(() => {
        if (this.acceptLocks.get(accountId) === run) this.acceptLocks.delete(accountId);
      })
      .catch(() => undefined);
    return run;
  }

  private async acceptNow(counsellor: CounsellorRef, publicKey: string): Promise<ChatAccepted> {
    if (!(await this.live.isAvailable(counsellor.socketId))) throw new AppError('not_available');
    const active = await this.live.countChatsOfAccount(counsellor.data.accountId);
    if (active >= (await this.capacityOf(counsellor))) throw new AppError('at_capacity');

    const chat = await this.live.claimNext(
      counsellor.data.routes,
      { accountId: counsellor.data.accountId, socketId: counsellor.socketId },
      {
        languages: counsellor.data.languages,
        anyoneQueuedBy: this.now() - this.options.languagePreferenceMs,
      },
    );
    if (!chat) throw new AppError('queue_empty');
    // A chat back from a counsellor says nothing about how long newcomers wait.
    if (!chat.answered) this.waits.record(chat.route, this.now() - chat.queuedAt);
    const { handover, ...claimed } = chat;
    claimed.counsellorAlias = counsellor.data.alias;
    if (claimed.answeredAt === undefined && !claimed.answered) {
      claimed.answeredAt = this.now();
      this.options.stats?.answered(chat.route, claimed.answeredAt - chat.queuedAt);
    }
    await this.live.saveChat(claimed);

    this.visitors.to(chat.visitorSocketId).emit('chat:started', {
      chatId: chat.id,
      epoch: chat.epoch,
      counsellorKey: publicKey,
      counsellorAlias: counsellor.data.alias,
    });
    await this.broadcastQueue(chat.route);
    this.counsellors
      .to(counsellor.socketId)
      .emit('presence:state', await this.presence(counsellor));
    return {
      chatId: chat.id,
      epoch: chat.epoch,
      route: chat.route,
      commitment: chat.commitment,
      waitedSeconds: Math.round((this.now() - chat.queuedAt) / 1000),
      ...(chat.lang && { lang: chat.lang }),
      ...(chat.topic && { topic: chat.topic }),
      ...(handover && { handover }),
    };
  }

  /** Colleagues available now who serve the chat's route and have room for it. */
  async colleagues(counsellor: CounsellorRef, chatId: string): Promise<Colleague[]> {
    const chat = await this.counsellorChat(counsellor, chatId);
    const found = new Map<number, Colleague>();
    for (const { accountId, socketId, alias } of await this.live.availableSockets(chat.route)) {
      if (accountId === counsellor.data.accountId || found.has(accountId)) continue;
      const ref = { socketId, data: { accountId } };
      const free = (await this.capacityOf(ref)) - (await this.live.countChatsOfAccount(accountId));
      if (free > 0) found.set(accountId, { accountId, alias: alias ?? '', free });
    }
    return [...found.values()];
  }

  /**
   * Hands one's chat to a free colleague or back to the queue, with an optional
   * note. The visitor is asked for fresh keys: whoever takes over runs a new
   * handshake in a new epoch, so the old counsellor's keys open nothing from then
   * on, and the new one's open nothing from before. To a colleague, the visitor's
   * screen sends the conversation so far, encrypted in the new epoch.
   */
  async transfer(counsellor: CounsellorRef, request: ChatTransfer): Promise<null> {
    const chat = await this.counsellorChat(counsellor, request.chatId);
    if (chat.status === 'queued') throw new AppError('wrong_state');
    const handover = {
      fromAlias: counsellor.data.alias,
      ...(request.note && { note: request.note }),
    };
    if (request.to === 'queue') {
      this.stopGrace('counsellor', chat.id);
      chat.counsellorAway = false;
      chat.awaitingCommitment = true;
      chat.epoch += 1;
      chat.handover = handover;
      const position = await this.live.requeue(chat);
      this.visitors
        .to(chat.visitorSocketId)
        .emit('chat:requeued', { chatId: chat.id, position, reason: 'transferred' });
      await this.broadcastQueue(chat.route);
    } else {
      const colleague = (await this.live.availableSockets(chat.route)).find(
        (ref) => ref.accountId === request.to && ref.accountId !== counsellor.data.accountId,
      );
      if (!colleague) throw new AppError('not_available');
      // Presence in Redis outlives a crashed process by up to a minute: hand over only
      // to a console that is there (in whichever process), and forget one that is not.
      if ((await this.counsellors.in(colleague.socketId).fetchSockets()).length === 0) {
        await this.live.setAvailable(colleague.socketId, colleague.accountId, [], false);
        throw new AppError('not_available');
      }
      // The colleague's console may be connected to another process: reach it by room.
      const socket = this.counsellors.to(colleague.socketId);
      const ref = { socketId: colleague.socketId, data: { accountId: colleague.accountId } };
      const active = await this.live.countChatsOfAccount(colleague.accountId);
      if (active >= (await this.capacityOf(ref))) throw new AppError('not_available');
      chat.counsellorAccountId = colleague.accountId;
      chat.counsellorSocketId = colleague.socketId;
      chat.counsellorAlias = colleague.alias ?? '';
      chat.counsellorAway = false;
      chat.awaitingCommitment = true;
      await this.live.saveChat(chat);
      socket.emit('chat:transferred', {
        chatId: chat.id,
        epoch: chat.epoch,
        route: chat.route,
        commitment: chat.commitment,
        waitedSeconds: Math.round((this.now() - chat.queuedAt) / 1000),
        rekey: true,
        handover,
        ...(chat.lang && { lang: chat.lang }),
        ...(chat.topic && { topic: chat.topic }),
      });
      socket.emit('presence:state', await this.presence(ref));
      this.visitors.to(chat.visitorSocketId).emit('chat:recommit', { chatId: chat.id });
    }
    this.counsellors
      .to(counsellor.socketId)
      .emit('chat:ended', { chatId: chat.id, reason: 'transferred' });
    this.counsellors
      .to(counsellor.socketId)
      .emit('presence:state', await this.presence(counsellor));
    return null;
  }

  /**
   * The console's socket closed: a reload, a dropped Wi-Fi. Its chats wait
   * `counsellorGraceMs` for it (the visitors are told); after that each visitor goes
   * back to the queue at the place their first wait gave them.
   */
  async onCounsellorGone(counsellor: CounsellorRef): Promise<void> {
    await this.live.setAvailable(counsellor.socketId, counsellor.data.accountId, [], false);
    for (const chat of await this.live.chatsOfCounsellorSocket(counsellor.socketId)) {
      chat.counsellorAway = true;
      await this.live.saveChat(chat);
      this.visitors.to(chat.visitorSocketId).emit('chat:peer', { chatId: chat.id, present: false });
      this.startGrace('counsellor', chat.id, this.options.counsellorGraceMs, () =>
        this.requeueIfStillAway(chat.id, counsellor.socketId),
      );
    }
    await this.broadcastStats();
  }

  /** The console's socket came back through connection state recovery. */
  async onCounsellorBack(counsellor: CounsellorRef): Promise<void> {
    for (const chat of await this.live.chatsOfCounsellorSocket(counsellor.socketId)) {
      if (!chat.counsellorAway) continue;
      this.stopGrace('counsellor', chat.id);
      chat.counsellorAway = false;
      await this.live.saveChat(chat);
      this.visitors.to(chat.visitorSocketId).emit('chat:peer', { chatId: chat.id, present: true });
    }
  }

  private async requeueIfStillAway(chatId: string, socketId: string | undefined): Promise<void> {
    const chat = await this.live.getChat(chatId);
    if (!chat?.counsellorAway || chat.counsellorSocketId !== socketId) return;
    chat.counsellorAway = false;
    chat.awaitingCommitment = true;
    // The old counsellor's keys must not open anything from here on.
    chat.epoch += 1;
    const position = await this.live.requeue(chat);
    this.visitors
      .to(chat.visitorSocketId)
      .emit('chat:requeued', { chatId: chat.id, position, reason: 'counsellor_gone' });
    await this.broadcastQueue(chat.route);
  }

  /**
   * The console (re)connected: every live chat of the account moves to this socket.
   * Chats whose keys the console still holds go on at once; the others are re-keyed
   * (the visitor is asked for a fresh commitment), and the visitor's screen sends the
   * conversation so far back to the console.
   */
  /**
   * After a restart: the chats the console still holds keys for come back bound to
   * this account, waiting for their visitors (or taken over where a visitor came
   * back first).
   */
  private async recreateForCounsellor(
    counsellor: CounsellorRef,
    request: ChatsResume,
  ): Promise<void> {
    if (!this.recovering()) return;
    for (const held of request.chats) {
      const chat = await this.live.getChat(held.chatId);
      if (chat) {
        // The visitor came back first and waits for its counsellor: this one.
        if (chat.counsellorAccountId === undefined && chat.status !== 'queued') {
          chat.counsellorAccountId = counsellor.data.accountId;
          chat.counsellorSocketId = counsellor.socketId;
          chat.counsellorAlias = counsellor.data.alias;
          await this.live.saveChat(chat);
        }
        continue;
      }
      await this.live.saveChat({
        id: held.chatId,
        route: held.route,
        queuedAt: this.now(),
        commitment: '',
        epoch: held.epoch,
        status: 'active',
        resumeHash: UNCLAIMED,
        visitorSocketId: '',
        visitorAway: true,
        answered: true,
        counsellorAccountId: counsellor.data.accountId,
        counsellorSocketId: counsellor.socketId,
        counsellorAlias: counsellor.data.alias,
      });
      this.startGrace('visitor', held.chatId, this.options.visitorGraceMs, () =>
        this.endIfStillAway(held.chatId, ''),
      );
    }
  }

  async resumeChats(counsellor: CounsellorRef, request: ChatsResume): Promise<ChatRestored[]> {
    const held = new Map(request.chats.map(({ chatId, epoch }) => [chatId, epoch]));
    await this.recreateForCounsellor(counsellor, request);
    const restored: ChatRestored[] = [];
    for (const chat of await this.live.chatsOfAccount(counsellor.data.accountId)) {
      this.stopGrace('counsellor', chat.id);
      chat.counsellorSocketId = counsellor.socketId;
      chat.counsellorAlias = counsellor.data.alias;
      chat.counsellorAway = false;
      const keysHeld =
        held.get(chat.id) === chat.epoch && chat.status === 'active' && !chat.awaitingCommitment;
      if (keysHeld) {
        this.visitors
          .to(chat.visitorSocketId)
          .emit('chat:peer', { chatId: chat.id, present: true });
      } else if (chat.status === 'rekeying') {
        // The visitor already sent a fresh commitment while the console was away.
        this.counsellors.to(counsellor.socketId).emit('chat:rekey', {
          chatId: chat.id,
          epoch: chat.epoch,
          commitment: chat.commitment,
        });
      } else {
        chat.awaitingCommitment = true;
        this.visitors.to(chat.visitorSocketId).emit('chat:recommit', { chatId: chat.id });
      }
      await this.live.saveChat(chat);
      restored.push({
        chatId: chat.id,
        epoch: chat.epoch,
        route: chat.route,
        commitment: chat.commitment,
        waitedSeconds: Math.round((this.now() - chat.queuedAt) / 1000),
        rekey: !keysHeld,
        ...(chat.lang && { lang: chat.lang }),
        ...(chat.topic && { topic: chat.topic }),
      });
    }
    return restored;
  }

  /** The counsellor's fresh key for a chat the visitor re-keyed: forwarded as `chat:started`. */
  async rekey(counsellor: CounsellorRef, offer: RekeyOffer): Promise<null> {
    const chat = await this.counsellorChat(counsellor, offer.chatId);
    if (offer.epoch !== chat.epoch) throw new AppError('wrong_epoch');
    if (chat.status !== 'rekeying') throw new AppError('wrong_state');
    if (chat.visitorAway) throw new AppError('peer_away');
    chat.status = 'keying';
    await this.live.saveChat(chat);
    this.visitors.to(chat.visitorSocketId).emit('chat:started', {
      chatId: chat.id,
      epoch: chat.epoch,
      counsellorKey: offer.publicKey,
      counsellorAlias: counsellor.data.alias,
    });
    return null;
  }

  private async counsellorChat(counsellor: CounsellorRef, chatId: string): Promise<LiveChat> {
    const chat = await this.live.getChat(chatId);
    if (!chat) throw new AppError('not_found');
    if (
      chat.counsellorSocketId !== counsellor.socketId ||
      chat.counsellorAccountId !== counsellor.data.accountId
    ) {
      throw new AppError('forbidden');
    }
    return chat;
  }

  // ------------------------------------------------------------------ both sides

  /** Relays a frame to the other side of the sender's own, active chat. */
  async relay(party: Party, frame: WireFrame): Promise<null> {
    const chat = await this.ownChat(party, frame.chatId);
    const { sender } = party;
    if (frame.sender !== sender) throw new AppError('forbidden');
    if (frame.epoch !== chat.epoch) throw new AppError('wrong_epoch');
    if (chat.status === 'queued') throw new AppError('wrong_state');
    // The other side is reconnecting or being keyed again: the sender keeps the
    // message and sends it once the chat is whole again.
    const away = sender === 'visitor' ? chat.counsellorAway : chat.visitorAway;
    if (away || chat.awaitingCommitment || chat.status !== 'active' || !chat.counsellorSocketId) {
      throw new AppError('peer_away');
    }
    const target =
      sender === 'visitor'
        ? this.counsellors.to(chat.counsellorSocketId ?? '')
        : this.visitors.to(chat.visitorSocketId);
    // The sender's ack waits for the other client's receipt: "delivered" is honest.
    let receipts: unknown[];
    this.inFlight += 1;
    try {
      receipts = await target.timeout(DELIVERY_TIMEOUT_MS).emitWithAck('chat:message', frame);
    } catch {
      throw new AppError('not_delivered');
    } finally {
      this.inFlight -= 1;
    }
    if (receipts.length === 0) throw new AppError('peer_away');
    if (!receipts.some(isOkReceipt)) throw new AppError('not_delivered');
    return null;
  }

  async typing(party: Party, typing: Typing): Promise<null> {
    const chat = await this.ownChat(party, typing.chatId);
    if (chat.status !== 'active' || chat.visitorAway || chat.counsellorAway) return null;
    const { sender } = party;
    if (sender === 'visitor' && chat.counsellorSocketId) {
      this.counsellors.to(chat.counsellorSocketId).emit('chat:typing', typing);
    } else if (sender === 'counsellor') {
      this.visitors.to(chat.visitorSocketId).emit('chat:typing', typing);
    }
    return null;
  }

  async endBy(party: Party, chatId: string): Promise<null> {
    const chat = await this.ownChat(party, chatId);
    await this.end(chat, party.sender === 'visitor' ? 'ended_by_visitor' : 'ended_by_counsellor');
    return null;
  }

  private ownChat(party: Party, chatId: string): Promise<LiveChat> {
    return party.sender === 'visitor'
      ? this.visitorChat(party.ref, chatId)
      : this.counsellorChat(party.ref, chatId);
  }

  /** Ends a chat everywhere: tells both sides, deletes its live state. */
  private async end(chat: LiveChat, reason: EndReason): Promise<void> {
    this.stopGrace('visitor', chat.id);
    this.stopGrace('counsellor', chat.id);
    const wasQueued = await this.live.dequeue(chat);
    await this.live.deleteChat(chat.id);
    if (chat.answeredAt !== undefined) {
      this.options.stats?.ended(chat.route, this.now() - chat.answeredAt);
    } else if (!chat.answered) {
      this.options.stats?.abandoned(chat.route);
    }
    if (chat.answered && chat.counsellorAccountId !== undefined) {
      this.wrapUpTickets.set(chat.id, {
        accountId: chat.counsellorAccountId,
        route: chat.route,
        expires: this.now() + WRAP_UP_TTL_MS,
      });
    }
    const ended = { chatId: chat.id, reason };
    this.visitors
      .to(chat.visitorSocketId)
      .emit(
        'chat:ended',
        chat.answered ? { ...ended, ratingTicket: this.ratingTicket(chat) } : ended,
      );
    const visitorSocket = this.visitors.sockets.get(chat.visitorSocketId);
    if (visitorSocket?.data.chatId === chat.id) delete visitorSocket.data.chatId;
    if (chat.counsellorSocketId) {
      this.counsellors.to(chat.counsellorSocketId).emit('chat:ended', ended);
      if (chat.counsellorAccountId !== undefined) {
        this.counsellors.to(chat.counsellorSocketId).emit(
          'presence:state',
          await this.presence({
            socketId: chat.counsellorSocketId,
            data: { accountId: chat.counsellorAccountId },
          }),
        );
      }
    }
    if (wasQueued) await this.broadcastQueue(chat.route);
  }

  /**
   * The counsellor's anonymous wrap-up of a chat that has ended: categories only,
   * once per chat, by whoever had it last, within the hour.
   */
  async wrapUp(counsellor: CounsellorRef, wrapUp: WrapUp): Promise<null> {
    const now = this.now();
    for (const [chatId, { expires }] of this.wrapUpTickets) {
      if (expires < now) this.wrapUpTickets.delete(chatId);
    }
    const ticket = this.wrapUpTickets.get(wrapUp.chatId);
    if (!ticket || ticket.accountId !== counsellor.data.accountId) {
      throw new AppError('not_found');
    }
    this.wrapUpTickets.delete(wrapUp.chatId);
    await this.options.stats?.wrapUp(ticket.route, wrapUp);
    return null;
  }

  /** The supervisors' live picture: counts, loads and lengths, never content. */
  async board(): Promise<Board> {
    const stats = await this.stats();
    const routes = Object.fromEntries(
      ROUTES.map((route) => [
        route,
        {
          waiting: stats[route].waiting,
          longestWaitSeconds: stats[route].longestWaitSeconds,
          available: stats[route].available,
        },
      ]),
    ) as Board['routes'];
    // One read of every chat (in Redis, counting per account would read them all again).
    const all = await this.live.allChats();
    const chatsOf = new Map<number, number>();
    for (const { counsellorAccountId: id } of all) {
      if (id !== undefined) chatsOf.set(id, (chatsOf.get(id) ?? 0) + 1);
    }
    const byAccount = new Map<number, BoardCounsellor>();
    // Every process's consoles, through the adapter.
    for (const socket of await this.counsellors.fetchSockets()) {
      const ref = { socketId: socket.id, data: socket.data };
      const seen = byAccount.get(socket.data.accountId);
      const available = await this.live.isAvailable(socket.id);
      if (seen) {
        seen.available ||= available;
        continue;
      }
      byAccount.set(socket.data.accountId, {
        alias: socket.data.alias,
        available,
        chats: chatsOf.get(socket.data.accountId) ?? 0,
        capacity: await this.capacityOf(ref),
      });
    }
    const now = this.now();
    const chats = all.map((chat) => ({
      route: chat.route,
      status: chat.status === 'queued' ? ('queued' as const) : ('talking' as const),
      seconds: Math.round((now - (chat.answeredAt ?? chat.queuedAt)) / 1000),
    }));
    return {
      routes,
      counsellors: [...byAccount.values()].sort((a, b) => a.alias.localeCompare(b.alias)),
      chats: chats.sort((a, b) => b.seconds - a.seconds),
    };
  }

  private ratingTicket(chat: LiveChat): string {
    const now = this.now();
    for (const [ticket, { expires }] of this.ratingTickets) {
      if (expires < now) this.ratingTickets.delete(ticket);
    }
    const ticket = newSecret();
    this.ratingTickets.set(ticket, { route: chat.route, expires: now + RATING_TTL_MS });
    return ticket;
  }

  // ------------------------------------------------------------------ the live picture

  async stats(): Promise<Record<Route, RouteStats>> {
    const now = this.now();
    const entries = await Promise.all(
      ROUTES.map(async (route): Promise<[Route, RouteStats]> => {
        // Visitors whose connection dropped keep their place but are not counted:
        // nobody can take them until they are back.
        const queue = (await this.live.queue(route)).filter((entry) => !entry.away);
        const oldest = queue[0]?.queuedAt;
        const listed = await Promise.all(
          queue.slice(0, LISTED_WAITING).map(async (entry): Promise<WaitingVisitor> => {
            const chat = await this.live.getChat(entry.id);
            return {
              waitedSeconds: Math.round((now - entry.queuedAt) / 1000),
              ...(chat?.lang && { lang: chat.lang }),
              ...(chat?.topic && { topic: chat.topic }),
            };
          }),
        );
        return [
          route,
          {
            waiting: queue.length,
            longestWaitSeconds: oldest === undefined ? 0 : Math.round((now - oldest) / 1000),
            queue: listed,
            available: await this.live.availableOn(route),
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
  private async broadcastQueue(route: Route): Promise<void> {
    const queue = await this.live.queue(route);
    await Promise.all(
      queue.map(async (entry, index) => {
        const chat = await this.live.getChat(entry.id);
        if (chat) {
          this.visitors
            .to(chat.visitorSocketId)
            .emit('queue:position', this.positionOf(chat, index + 1));
        }
      }),
    );
    await this.broadcastStats();
  }

  private positionOf(chat: LiveChat, position: number) {
    const estimate = this.waits.estimate(chat.route, position);
    return {
      chatId: chat.id,
      position,
      ...(estimate !== undefined && { estimateSeconds: estimate }),
    };
  }

  private async broadcastStats(): Promise<void> {
    const all = await this.stats();
    for (const routes of ROUTE_SETS) {
      this.counsellors.to(routesRoom(routes)).emit('queue:stats', this.statsFor(all, routes));
    }
  }
}
