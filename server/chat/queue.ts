import { AppError } from '../../shared/protocol/errors.js';
import type {
  ChatAccepted,
  PresenceSet,
  PresenceState,
  QueueDetails,
  QueueJoin,
  QueueJoined,
} from '../../shared/protocol/schemas.js';
import { accountRoom, routesOf } from '../routing.js';
import { hashToken, newSecret } from '../tokens.js';
import { acceptedOf } from './handshake.js';
import type { ChatContext } from './context.js';
import { handoverFor } from './transfer.js';
import type { LiveChat } from './live-state.js';
import type { LivePicture } from './live-picture.js';
import { openingState } from './opening-hours.js';
import { updateVisitorChat, type CounsellorRef, type VisitorRef } from './parties.js';

/*
 * The queue: how a visitor gets to a counsellor. A visitor joins a route's queue (if
 * the route is open and its queue not full) and may add a language and topic, and
 * say they are in danger (which puts them first: `preferred()` in live-state.ts); a
 * counsellor marks themselves available with a capacity and accepts the next visitor
 * their routes and languages allow (one accept at a time per account, so capacity
 * holds); a chat whose counsellor did not come back goes back to its old place.
 */

/** Visitors found gone at an accept before it gives up and answers `queue_empty`. */
const CLAIM_TRIES = 3;

export class Queue {
  private closing = false;
  /** Serialises accepts per account so capacity cannot be overrun by a double click. */
  private readonly acceptLocks = new Map<number, Promise<unknown>>();

  constructor(
    private readonly ctx: ChatContext,
    private readonly picture: LivePicture,
  ) {}

  /** No new chats from now on (shutdown); chats in progress go on. */
  close(): void {
    this.closing = true;
  }

  async join(visitor: VisitorRef, request: QueueJoin): Promise<QueueJoined> {
    const { live, store, options, now } = this.ctx;
    if (this.closing) throw new AppError('closed');
    // A chat ended by another process leaves its id on this socket: only a live one counts.
    if (visitor.data.chatId && (await live.getChat(visitor.data.chatId))) {
      throw new AppError('already_queued');
    }
    const settings = await store.getSettings();
    const { hours, exceptions } = settings.routes[request.route];
    if (!openingState(hours, now(), settings.timeZone, exceptions).open) {
      throw new AppError('closed');
    }
    // Someone whose connection dropped keeps their place for the grace period, but
    // does not hold a place from a newcomer: otherwise a few addresses could fill the
    // queue with visitors who left.
    const waiting = (await live.queue(request.route)).filter((entry) => !entry.away);
    if (waiting.length >= options.maxQueuePerRoute) throw new AppError('queue_full');

    const resumeToken = newSecret();
    const chat: LiveChat = {
      id: newSecret(),
      route: request.route,
      queuedAt: now(),
      commitment: request.commitment,
      epoch: 0,
      status: 'queued',
      resumeHash: hashToken(resumeToken),
      visitorSocketId: visitor.socketId,
      visitorProcess: live.processId,
      ...(request.lang && { lang: request.lang }),
      ...(request.topic && { topic: request.topic }),
      // Only an ordering hint, kept with the chat and gone with it (never stored durably).
      ...(request.urgent === true && { urgent: true }),
    };
    visitor.data.chatId = chat.id;
    const position = await live.enqueue(chat);
    options.stats?.offered(chat.route);
    await this.picture.broadcastQueue(request.route);
    const estimate = this.picture.waits.estimate(chat.route, position);
    return {
      chatId: chat.id,
      position,
      resumeToken,
      ...(estimate !== undefined && { estimateSeconds: estimate }),
    };
  }

  async details(visitor: VisitorRef, request: QueueDetails): Promise<null> {
    const { lang, topic } = request;
    await updateVisitorChat(this.ctx.live, visitor, request.chatId, (chat) => {
      if (chat.status !== 'queued') throw new AppError('wrong_state');
      return { ...chat, ...(lang && { lang }), ...(topic && { topic }) };
    });
    await this.picture.broadcastStats();
    return null;
  }

  /**
   * Availability, capacity and break. A break is the account's: while it lasts this
   * socket is not available either (so no count, notification or colleague list offers
   * it anything), and an accept is refused with `on_break`; its own chats go on.
   */
  async setPresence(
    counsellor: CounsellorRef,
    { available, capacity, noteKey, onBreak }: PresenceSet,
  ): Promise<PresenceState> {
    const { live } = this.ctx;
    const { accountId } = counsellor.data;
    if (capacity !== undefined) await live.setCapacity(accountId, capacity);
    if (onBreak !== undefined) await live.setBreak(accountId, onBreak);
    const resting = onBreak ?? (await live.shiftOf(accountId)).onBreak;
    await live.setAvailable(
      counsellor.socketId,
      accountId,
      counsellor.data.routes,
      available && !resting,
      counsellor.data.alias,
      noteKey,
    );
    await this.picture.broadcastStats();
    return this.picture.presence(counsellor);
  }

  /**
   * A shift starts when an account's first console comes online (called as it signs
   * in, before it joins its rooms): no console of the account is connected (in any
   * process), no chat of its is held for it through a reload's grace, and none of its
   * consoles closed within that grace (`counsellorGraceMs`). Capacity goes back to 1
   * (it grows only when the volunteer raises it), the break and the chats in a row are
   * cleared. A console that opens beside another, comes back to chats it holds, or comes
   * back from a dropped network or a reload between chats, is the same shift.
   */
  async startShiftIfFirst(counsellor: CounsellorRef): Promise<void> {
    const { live, counsellors, options, now } = this.ctx;
    const { accountId } = counsellor.data;
    const sockets = await counsellors.in(accountRoom(accountId)).fetchSockets();
    if (sockets.some((socket) => socket.id !== counsellor.socketId)) return;
    if ((await live.countChatsOfAccount(accountId)) > 0) return;
    const left = await live.consoleLeftAt(accountId);
    if (left !== undefined && now() - left < options.counsellorGraceMs) return;
    await live.startShift(accountId);
  }

  /**
   * Claims the next visitor for this console. The console learns the chatId, the
   * epoch and the visitor's commitment here, and only then makes and offers its key
   * (`chat:rekey`, as at a re-key): it never shows a key before it has them.
   */
  accept(counsellor: CounsellorRef): Promise<ChatAccepted> {
    const { accountId } = counsellor.data;
    const previous = this.acceptLocks.get(accountId) ?? Promise.resolve();
    const run = previous.then(
      () => this.acceptNow(counsellor),
      () => this.acceptNow(counsellor),
    );
    this.acceptLocks.set(accountId, run);
    // The caller gets `run` and its failure; this only releases the lock either way.
    const release = () => {
      if (this.acceptLocks.get(accountId) === run) this.acceptLocks.delete(accountId);
    };
    void run.then(release, release);
    return run;
  }

  private async acceptNow(counsellor: CounsellorRef): Promise<ChatAccepted> {
    const { live, store, counsellors, options, now } = this.ctx;
    if ((await live.shiftOf(counsellor.data.accountId)).onBreak) throw new AppError('on_break');
    if (!(await live.isAvailable(counsellor.socketId))) throw new AppError('not_available');
    // The account as it is now, not as it was when the socket connected: disabled, or
    // no longer trained for under-20s, since (perhaps by an admin on another process).
    const account = await store.findAccountById(counsellor.data.accountId);
    if (!account || account.disabled) throw new AppError('forbidden');
    const routes = routesOf(account);
    const active = await live.countChatsOfAccount(counsellor.data.accountId);
    if (active >= (await this.picture.capacityOf(counsellor))) throw new AppError('at_capacity');

    let chat: LiveChat | undefined;
    for (let tries = 0; tries < CLAIM_TRIES && !chat; tries += 1) {
      chat = await live.claimNext(
        routes,
        { accountId: counsellor.data.accountId, socketId: counsellor.socketId },
        {
          languages: counsellor.data.languages,
          anyoneQueuedBy: now() - options.languagePreferenceMs,
        },
      );
      if (!chat) break;
      if (!(await this.visitorThere(chat))) chat = await this.handBack(chat, counsellor);
    }
    if (!chat) throw new AppError('queue_empty');
    await live.countAccepted(counsellor.data.accountId);
    // A chat back from a counsellor says nothing about how long newcomers wait.
    if (!chat.answered) this.picture.waits.record(chat.route, now() - chat.queuedAt);
    const { handover } = chat;
    const answeredAt = chat.answeredAt === undefined && !chat.answered ? now() : undefined;
    if (answeredAt !== undefined) options.stats?.answered(chat.route, answeredAt - chat.queuedAt);
    // Over the chat as it is now: its visitor may have dropped since it was claimed.
    await live.updateChat(chat.id, (current) => {
      if (current.counsellorSocketId !== counsellor.socketId) return undefined;
      const { handover: _note, commitProof: _firstContact, ...claimed } = current;
      return {
        ...claimed,
        counsellorAlias: counsellor.data.alias,
        status: 'rekeying',
        ...(answeredAt !== undefined && { answeredAt }),
      };
    });

    await this.picture.broadcastQueue(chat.route);
    counsellors
      .to(counsellor.socketId)
      .emit('presence:state', await this.picture.presence(counsellor));
    return {
      ...acceptedOf(chat, now()),
      ...(handover && { handover: handoverFor(handover, counsellor.data.accountId) }),
    };
  }

  /**
   * Whether the visitor's socket is there, in whichever process. A process killed a
   * moment ago still beats for a few seconds (heartbeat.ts), but its sockets left the
   * adapter with its connection to Redis. If the processes cannot all be asked, the
   * heartbeat's word stands.
   */
  private async visitorThere(chat: LiveChat): Promise<boolean> {
    try {
      return (await this.ctx.visitors.in(chat.visitorSocketId).fetchSockets()).length > 0;
    } catch (error) {
      this.ctx.logger.warn({ err: error }, 'could not ask every process for a visitor socket');
      return true;
    }
  }

  /**
   * A claimed visitor whose socket is nowhere: marked away (its grace runs from now),
   * and the chat goes back to its place as if this counsellor had left it at once.
   * Each step is conditional, so a visitor coming back meanwhile keeps their chat.
   */
  private async handBack(chat: LiveChat, counsellor: CounsellorRef): Promise<undefined> {
    const { live, now } = this.ctx;
    const at = now();
    await live.markAway(chat.id, 'visitor', chat.visitorSocketId, at);
    const left = await live.markAway(chat.id, 'counsellor', counsellor.socketId, at);
    if (left?.counsellorAwaySince !== undefined) {
      await live.requeueIfAway(chat.id, counsellor.socketId, left.counsellorAwaySince);
    }
    await this.picture.broadcastStats();
    return undefined;
  }

  /**
   * The counsellor's grace ran out (a timer here, or a sweep): unless they came back
   * since `since` ('' for a chat that never had a console), the visitor goes back to
   * the place their first wait gave them, and must re-key for whoever is next.
   */
  async expireCounsellor(chatId: string, socketId: string, since: number): Promise<void> {
    const { live } = this.ctx;
    const requeued = await live.requeueIfAway(chatId, socketId, since);
    if (requeued) await this.toldRequeued(requeued.chat, requeued.position);
  }

  /** Back in the queue after its counsellor's grace: the visitor is asked for fresh keys. */
  async toldRequeued(chat: LiveChat, position: number): Promise<void> {
    this.ctx.visitors
      .to(chat.visitorSocketId)
      .emit('chat:requeued', { chatId: chat.id, position, reason: 'counsellor_gone' });
    await this.picture.broadcastQueue(chat.route);
  }
}
