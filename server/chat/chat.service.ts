import type { Board, WrapUp } from '../../shared/protocol/admin.js';
import type {
  ChatAccepted,
  ChatCommit,
  ChatLeave,
  ChatRestored,
  ChatResume,
  ChatResumed,
  ChatsResume,
  ChatTransfer,
  Colleague,
  NoteReader,
  KeyReveal,
  PresenceSet,
  PresenceState,
  QueueDetails,
  QueueJoin,
  QueueJoined,
  QueueStats,
  RatingSubmit,
  DebriefSent,
  RekeyOffer,
  RiskSet,
  Route,
  RouteStats,
  Typing,
  WireFrame,
} from '../../shared/protocol/schemas.js';
import type { ServiceStatus } from '../../shared/protocol/settings.js';
import { createLogger } from '../logger.js';
import type { Store } from '../storage/store.js';
import { AfterChat } from './after-chat.js';
import type { ChatContext, ChatServiceOptions } from './context.js';
import { Ending } from './ending.js';
import { GraceTimers } from './grace.js';
import { ChatLocks } from './chat-locks.js';
import { Handshake } from './handshake.js';
import type { LiveState } from './live-state.js';
import { LivePicture } from './live-picture.js';
import type {
  CounsellorIds,
  CounsellorNamespace,
  CounsellorRef,
  Party,
  VisitorHandshake,
  VisitorNamespace,
  VisitorRef,
} from './parties.js';
import { counsellorChat } from './parties.js';
import { Queue } from './queue.js';
import { Reconnect } from './reconnect.js';
import { Recovery } from './recovery.js';
import { Relay } from './relay.js';
import { Risk } from './risk.js';
import { Sweeper } from './sweep.js';
import { Transfer } from './transfer.js';
import { Forwarder } from './forward.js';
import { Joins } from './join.js';
import { supportCalls, type SupportCalls } from './owned.js';
import { Whispers } from './whisper.js';
import { HEARTBEAT_MS } from './heartbeat.js';

export { routesRoom } from '../routing.js';
export type { ChatServiceOptions } from './context.js';
export type {
  CounsellorIds,
  CounsellorNamespace,
  CounsellorRef,
  Party,
  VisitorNamespace,
  VisitorRef,
} from './parties.js';

/**
 * The queue, routing and relay. It sees chat ids, routes and ciphertext; never a
 * key it could use, never plaintext, never anything about who a visitor is.
 *
 * This class is the one door the handlers, the HTTP routes and the process use; it
 * wires the parts in this folder together and hands each request to the part that
 * owns it: queue.ts, handshake.ts, relay.ts, transfer.ts, reconnect.ts (with
 * recovery.ts, grace.ts and sweep.ts), ending.ts (with after-chat.ts and risk.ts), live-picture.ts.
 */
export class ChatService {
  private readonly grace: GraceTimers;
  private readonly picture: LivePicture;
  private readonly afterChat: AfterChat;
  private readonly risk: Risk;
  private readonly ending: Ending;
  private readonly queue: Queue;
  private readonly handshake: Handshake;
  private readonly relayer: Relay;
  private readonly transfers: Transfer;
  private readonly reconnect: Reconnect;
  private readonly sweeper: Sweeper;
  private readonly locks: ChatLocks;
  private readonly forwarder: Forwarder;
  private readonly visitors: VisitorNamespace;
  private readonly counsellors: CounsellorNamespace;
  private readonly live: LiveState;
  /** Support conversations between consoles (whisper.ts): relayed, never kept. */
  readonly whispers: Whispers;
  /** Supervisors who joined a chat with the visitor's consent (join.ts): relayed, never kept. */
  readonly joins: Joins;
  /** Their calls and ends, each run by the process that keeps the whisper (owned.ts). */
  readonly support: SupportCalls;

  constructor(
    store: Store,
    live: LiveState,
    visitors: VisitorNamespace,
    counsellors: CounsellorNamespace,
    options: ChatServiceOptions,
  ) {
    const ctx: ChatContext = {
      store,
      live,
      visitors,
      counsellors,
      options,
      now: options.now ?? Date.now,
      logger: options.logger ?? createLogger('info'),
      locks: new ChatLocks(),
      onEnded: [],
    };
    this.whispers = new Whispers(ctx);
    this.joins = new Joins(ctx, this.whispers);
    this.forwarder = new Forwarder(
      ctx.logger,
      options.clustered
        ? {
            nsp: counsellors,
            processes: live,
            checkMs: options.sweepMs ?? HEARTBEAT_MS,
            ...(options.forwardMs !== undefined && { timeoutMs: options.forwardMs }),
          }
        : undefined,
    );
    this.support = supportCalls(ctx, this.forwarder, this.whispers, this.joins);
    ctx.onEnded.push(this.support.chatEnded);
    this.locks = ctx.locks;
    this.live = live;
    this.visitors = visitors;
    this.counsellors = counsellors;
    this.grace = new GraceTimers(ctx.logger);
    this.picture = new LivePicture(ctx);
    this.afterChat = new AfterChat(ctx);
    this.risk = new Risk(ctx);
    this.ending = new Ending(ctx, this.grace, this.picture, this.afterChat, this.risk);
    this.queue = new Queue(ctx, this.picture);
    this.handshake = new Handshake(ctx, this.picture);
    this.relayer = new Relay(ctx);
    this.transfers = new Transfer(ctx, this.grace, this.picture);
    const recovery = new Recovery(ctx, this.grace, this.ending, this.queue);
    this.reconnect = new Reconnect(
      ctx,
      this.grace,
      this.picture,
      this.queue,
      this.ending,
      recovery,
    );
    this.sweeper = new Sweeper(
      ctx,
      this.reconnect,
      this.ending,
      this.queue,
      this.picture,
      options.sweepMs ?? HEARTBEAT_MS,
    );
  }

  /** One sweep of the live state now (sweep.ts); it also runs every `sweepMs`. */
  sweep(): Promise<void> {
    return this.sweeper.sweep();
  }

  /** Stop taking new chats (shutdown); chats in progress go on. */
  stopAccepting(): void {
    this.queue.close();
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
    await this.relayer.drain(drainMs);
    this.visitors.emit('service:restarting');
    this.counsellors.emit('service:restarting');
  }

  /** Forgets every timer (the server is closing). */
  dispose(): void {
    this.sweeper.dispose();
    this.forwarder.dispose();
    this.grace.dispose();
    this.afterChat.dispose();
    this.risk.dispose();
    this.picture.dispose();
  }

  // ------------------------------------------------------------------ visitor side

  status(): Promise<ServiceStatus> {
    return this.picture.status();
  }

  join(visitor: VisitorRef, request: QueueJoin): Promise<QueueJoined> {
    return this.queue.join(visitor, request);
  }

  details(visitor: VisitorRef, request: QueueDetails): Promise<null> {
    return this.locks.run(request.chatId, () => this.queue.details(visitor, request));
  }

  /** See Reconnect.resume; `mayCreate` guards re-creating a chat after a restart. */
  resume(
    visitor: VisitorRef,
    request: ChatResume,
    mayCreate: () => Promise<boolean> = () => Promise.resolve(true),
  ): Promise<ChatResumed> {
    return this.locks.run(request.chatId, () => this.reconnect.resume(visitor, request, mayCreate));
  }

  commit(visitor: VisitorRef, commit: ChatCommit): Promise<null> {
    return this.locks.run(commit.chatId, () => this.handshake.commit(visitor, commit));
  }

  revealKey(visitor: VisitorRef, reveal: KeyReveal): Promise<null> {
    return this.locks.run(reveal.chatId, () => this.handshake.revealKey(visitor, reveal));
  }

  leave(visitor: VisitorRef, chatId: string): Promise<null> {
    return this.ending.leave(visitor, chatId);
  }

  /** Quick exit from a page going away: the resume token stands in for the socket. */
  leaveWithToken(request: ChatLeave): Promise<void> {
    return this.ending.leaveWithToken(request);
  }

  rate(request: RatingSubmit): Promise<null> {
    return this.afterChat.rate(request);
  }

  onVisitorGone(visitor: VisitorRef): Promise<void> {
    return this.locks.run(visitor.data.chatId, () => this.reconnect.onVisitorGone(visitor));
  }

  // ------------------------------------------------------------------ counsellor side

  setPresence(counsellor: CounsellorRef, set: PresenceSet): Promise<PresenceState> {
    return this.queue.setPresence(counsellor, set);
  }

  /** A new shift if this is the account's first console online (Queue.startShiftIfFirst). */
  startShiftIfFirst(counsellor: CounsellorRef): Promise<void> {
    return this.queue.startShiftIfFirst(counsellor);
  }

  presence(counsellor: CounsellorIds): Promise<PresenceState> {
    return this.picture.presence(counsellor);
  }

  accept(counsellor: CounsellorRef): Promise<ChatAccepted> {
    return this.queue.accept(counsellor);
  }

  rekey(counsellor: CounsellorRef, offer: RekeyOffer): Promise<null> {
    return this.locks.run(offer.chatId, () => this.handshake.rekey(counsellor, offer));
  }

  colleagues(counsellor: CounsellorRef, chatId: string): Promise<Colleague[]> {
    return this.transfers.colleagues(counsellor, chatId);
  }

  untrainedColleagues(counsellor: CounsellorRef, chatId: string): Promise<number> {
    return this.transfers.untrained(counsellor, chatId);
  }

  readers(counsellor: CounsellorRef, chatId: string): Promise<NoteReader[]> {
    return this.transfers.readers(counsellor, chatId);
  }

  /** Hands a chat over; a member who joined it leaves (`transferred`): the new counsellor did not ask. */
  async transfer(counsellor: CounsellorRef, request: ChatTransfer): Promise<null> {
    await this.locks.run(request.chatId, () => this.transfers.transfer(counsellor, request));
    this.support.chatHandedOver(request.chatId);
    return null;
  }

  resumeChats(counsellor: CounsellorRef, request: ChatsResume): Promise<ChatRestored[]> {
    return this.reconnect.resumeChats(counsellor, request);
  }

  onCounsellorGone(counsellor: CounsellorRef): Promise<void> {
    return this.reconnect.onCounsellorGone(counsellor);
  }

  wrapUp(counsellor: CounsellorRef, wrapUp: WrapUp): Promise<null> {
    return this.afterChat.wrapUp(counsellor, wrapUp);
  }

  setRisk(counsellor: CounsellorRef, request: RiskSet): Promise<null> {
    return this.locks.run(request.chatId, () => this.risk.set(counsellor, request));
  }

  debrief(counsellor: CounsellorRef, chatId: string): Promise<DebriefSent> {
    return this.risk.debrief(counsellor, chatId);
  }

  // ------------------------------------------------------------------ both sides

  relay(party: Party, frame: WireFrame): Promise<null> {
    return this.relayer.relay(party, frame);
  }

  typing(party: Party, typing: Typing): Promise<null> {
    return this.relayer.typing(party, typing);
  }

  endBy(party: Party, chatId: string): Promise<null> {
    return this.ending.endBy(party, chatId);
  }

  /**
   * Ends one's own chat after `block` has the visitor's socket's handshake (wherever it
   * is connected), from which the network is taken; nothing of it is kept here. A
   * visitor already gone cannot be blocked: the chat ends all the same.
   */
  async endAndBlock(
    counsellor: CounsellorRef,
    chatId: string,
    block: (visitor: VisitorHandshake) => Promise<void>,
  ): Promise<{ blocked: boolean }> {
    const chat = await counsellorChat(this.live, counsellor, chatId);
    const [visitor] = await this.visitors.in(chat.visitorSocketId).fetchSockets();
    if (visitor) await block(visitor.handshake);
    await this.ending.endBy({ sender: 'counsellor', ref: counsellor }, chatId);
    return { blocked: visitor !== undefined };
  }

  // ------------------------------------------------------------------ the live picture

  board(): Promise<Board> {
    return this.picture.board();
  }

  stats(): Promise<Record<Route, RouteStats>> {
    return this.picture.stats();
  }

  statsFor(all: Record<Route, RouteStats>, routes: readonly Route[]): QueueStats {
    return this.picture.statsFor(all, routes);
  }

  /** The counts changed outside a queue (a mailbox): every console gets them again. */
  broadcastStats(): Promise<void> {
    return this.picture.broadcastStats();
  }
}
