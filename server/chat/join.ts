import { AppError } from '../../shared/protocol/errors.js';
import type { StaffCaller } from '../../shared/protocol/forward.js';
import type {
  JoinAnswer,
  JoinEndReason,
  JoinKey,
  JoinMessage,
  JoinRef,
  JoinReveal,
  JoinState,
  JoinTarget,
  MemberFrame,
} from '../../shared/protocol/join.js';
import type { WireFrame } from '../../shared/protocol/schemas.js';
import type { ChatContext } from './context.js';
import type { LiveChat } from './live-state.js';
import { NotHere } from './forward.js';
import { visitorChat, type VisitorRef } from './parties.js';
import { isSupervisorNow, type OpenWhisper, type Whispers } from './whisper.js';

/*
 * A supervisor joins a chat with the visitor's consent (docs/PROTOCOL.md §23). A join
 * grows from a keyed whisper (§22): its supporter asks, the visitor is asked, and only
 * on their yes does the supporter learn the chat's id and the widget's commitment; then
 * this part relays the two fresh public keys and, once both are through, opaque frames
 * between exactly the visitor's socket and the supporter's. Both consoles of the
 * whisper are told every step. Like the whisper, a join lives only in the memory of
 * the whisper's owner (calls from other processes reach it through forward.ts, which
 * is why one not kept here is `NotHere`), is never stored or logged, and ends with the
 * whisper, the chat, a hand-over, the visitor's socket, or when the member leaves or
 * the visitor removes them.
 */

/**
 * Where a join is: asked (the visitor is asked), accepted (the visitor said yes and
 * committed), keyed (the member's key went to the widget), joined (the widget's key
 * went back: frames may flow).
 */
type Step = 'asked' | 'accepted' | 'keyed' | 'joined';

/** What names a join: its whisper on the consoles' side, its chat and number on the visitor's. */
export interface JoinIds {
  whisperId: string;
  chatId: string;
  joinNumber: number;
}

interface OpenJoin extends JoinIds {
  step: Step;
  /** The sockets it involves, as they were at the ask: any of them going ends it. */
  visitorSocketId: string;
  askerSocketId: string;
  supporterSocketId: string;
}

/** The sender a frame of the member session must name: the widget's or the member's. */
type MemberSender = WireFrame['sender'];

export class Joins {
  /** The open join of each whisper (one at a time). */
  private readonly open = new Map<string, OpenJoin>();
  /** The last join number given in each chat, gone with the chat. */
  private readonly numbers = new Map<string, number>();
  /** Told of every join that ends, after its sides are. */
  readonly onFinish: ((join: Readonly<JoinIds>) => void)[] = [];

  constructor(
    private readonly ctx: ChatContext,
    private readonly whispers: Whispers,
  ) {
    whispers.onFinish.push((whisperId, reason) => this.whisperEnded(whisperId, reason));
  }

  // ------------------------------------------------------------ the member's console

  /**
   * The whisper's supporter asks to join the chat the whisper is about. Only once the
   * whisper is keyed, while the asker still holds the chat and its visitor is there.
   */
  async ask(supporter: StaffCaller, { whisperId }: JoinRef): Promise<{ joinNumber: number }> {
    this.supporterWhisper(supporter, whisperId);
    if (!(await isSupervisorNow(this.ctx.store, supporter.data.accountId))) {
      throw new AppError('forbidden');
    }
    const chat = await this.ctx.live.getChat(this.whispers.lookup(whisperId).chatId);
    // Checked after the awaits: the whisper, or a join of it, may have changed meanwhile.
    const whisper = this.supporterWhisper(supporter, whisperId);
    if (!whisper.keyed || this.open.has(whisperId)) throw new AppError('wrong_state');
    if (!chat) throw new AppError('not_found');
    if (!isKeyedWith(chat, whisper)) throw new AppError('wrong_state');
    const joinNumber = (this.numbers.get(chat.id) ?? 0) + 1;
    this.numbers.set(chat.id, joinNumber);
    const join: OpenJoin = {
      whisperId,
      chatId: chat.id,
      joinNumber,
      step: 'asked',
      visitorSocketId: chat.visitorSocketId,
      askerSocketId: whisper.asker.socketId,
      supporterSocketId: supporter.socketId,
    };
    this.open.set(whisperId, join);
    this.ctx.visitors.to(join.visitorSocketId).emit('chat:join-asked', {
      chatId: chat.id,
      joinNumber,
      alias: supporter.data.alias,
      role: 'supervisor',
    });
    this.tellConsoles(join, 'asked');
    return { joinNumber };
  }

  /** The member's key, only after the visitor's yes: relayed to the widget. */
  key(supporter: StaffCaller, { whisperId, publicKey }: JoinKey): Promise<null> {
    const join = this.supporterJoin(supporter, whisperId);
    if (join.step !== 'accepted') throw new AppError('wrong_state');
    join.step = 'keyed';
    const { chatId, joinNumber } = join;
    this.ctx.visitors
      .to(join.visitorSocketId)
      .emit('chat:join-key', { chatId, joinNumber, publicKey });
    return Promise.resolve(null);
  }

  /** One frame from the member to the visitor, once joined; relayed unread. */
  message(supporter: StaffCaller, { whisperId, frame }: JoinMessage): Promise<null> {
    const join = this.supporterJoin(supporter, whisperId);
    checkFrame(join, frame, 'counsellor');
    const { chatId, joinNumber } = join;
    this.ctx.visitors
      .to(join.visitorSocketId)
      .emit('chat:member-message', { chatId, joinNumber, frame });
    return Promise.resolve(null);
  }

  /** The member leaves, or the whisper's counsellor asks them to: both are `left`. */
  leave(party: StaffCaller, { whisperId }: JoinRef): Promise<null> {
    // The join is kept with its whisper: `NotHere` sends the call to the process keeping both.
    this.whispers.lookup(whisperId);
    const join = this.open.get(whisperId);
    if (!join) return Promise.resolve(null);
    if (party.socketId !== join.askerSocketId && party.socketId !== join.supporterSocketId) {
      throw new AppError('forbidden');
    }
    this.finish(join, 'left');
    return Promise.resolve(null);
  }

  // ------------------------------------------------------------ the visitor's widget

  /** The visitor's answer: a no ends the join; a yes hands the member the commitment. */
  async answer(visitor: VisitorRef, answer: JoinAnswer): Promise<null> {
    const join = await this.visitorJoin(visitor, answer);
    if (join.step !== 'asked') throw new AppError('wrong_state');
    if (!answer.yes) {
      this.finish(join, 'declined');
      return null;
    }
    join.step = 'accepted';
    const { whisperId, chatId, joinNumber } = join;
    this.tellConsoles(join, 'accepted');
    this.ctx.counsellors
      .to(join.supporterSocketId)
      .emit('join:consent', { whisperId, chatId, joinNumber, commitment: answer.commitment });
    return null;
  }

  /** The widget reveals the key it committed to, after the member's: the join is on. */
  async reveal(visitor: VisitorRef, reveal: JoinReveal): Promise<null> {
    const join = await this.visitorJoin(visitor, reveal);
    if (join.step !== 'keyed') throw new AppError('wrong_state');
    join.step = 'joined';
    this.ctx.counsellors.to(join.supporterSocketId).emit('join:key', reveal);
    this.tellConsoles(join, 'joined');
    return null;
  }

  /** One frame from the visitor to the member, once joined; relayed unread. */
  async send(visitor: VisitorRef, message: MemberFrame): Promise<null> {
    const join = await this.visitorJoin(visitor, message);
    checkFrame(join, message.frame, 'visitor');
    this.ctx.counsellors.to(join.supporterSocketId).emit('join:message', message);
    return null;
  }

  /** The visitor removes the member (or withdraws a yes before the keys). */
  async remove(visitor: VisitorRef, target: JoinTarget): Promise<null> {
    await visitorChat(this.ctx.live, visitor, target.chatId);
    const join = this.joinOf(target);
    if (!join) throw new NotHere();
    this.finish(join, 'removed');
    return null;
  }

  // ------------------------------------------------------------ ends from elsewhere

  /** The chat ended: its joins end (with its whisper) and its join numbers are forgotten. */
  chatEnded(chatId: string): void {
    this.endJoinsOf(chatId, 'chat_ended');
    this.numbers.delete(chatId);
  }

  /** The chat was handed over: the new counsellor did not ask for this member. */
  chatHandedOver(chatId: string): void {
    this.endJoinsOf(chatId, 'transferred');
  }

  /**
   * A visitor's socket went away, taking the widget's member keys with it: a reload, a
   * lost connection, or a resume on a new socket (which disconnects the old one), re-keyed
   * or not.
   */
  visitorSocketGone(socketId: string): void {
    for (const join of [...this.open.values()]) {
      if (join.visitorSocketId === socketId) this.finish(join, 'disconnected');
    }
  }

  /** Open joins (for tests: nothing is left after they end). */
  get size(): number {
    return this.open.size;
  }

  // ------------------------------------------------------------ inside

  private whisperEnded(whisperId: string, reason: JoinEndReason): void {
    const join = this.open.get(whisperId);
    if (join) this.finish(join, reason);
  }

  private endJoinsOf(chatId: string, reason: JoinEndReason): void {
    for (const join of [...this.open.values()]) {
      if (join.chatId === chatId) this.finish(join, reason);
    }
  }

  /** The whisper, if this socket is its supporter (`forbidden` otherwise). */
  private supporterWhisper(supporter: StaffCaller, whisperId: string): Readonly<OpenWhisper> {
    const whisper = this.whispers.lookup(whisperId);
    if (whisper.supporter?.socketId !== supporter.socketId) throw new AppError('forbidden');
    return whisper;
  }

  /** The whisper's open join, if this socket is its supporter. */
  private supporterJoin(supporter: StaffCaller, whisperId: string): OpenJoin {
    this.supporterWhisper(supporter, whisperId);
    const join = this.open.get(whisperId);
    if (!join) throw new AppError('wrong_state');
    return join;
  }

  /** The open join the visitor's socket names, of its own chat, asked of this very socket. */
  private async visitorJoin(visitor: VisitorRef, target: JoinTarget): Promise<OpenJoin> {
    await visitorChat(this.ctx.live, visitor, target.chatId);
    const join = this.joinOf(target);
    if (!join) throw new NotHere();
    if (join.visitorSocketId !== visitor.socketId) throw new AppError('forbidden');
    return join;
  }

  private joinOf({ chatId, joinNumber }: JoinTarget): OpenJoin | undefined {
    for (const join of this.open.values()) {
      if (join.chatId === chatId && join.joinNumber === joinNumber) return join;
    }
    return undefined;
  }

  private tellConsoles(join: OpenJoin, state: JoinState['state'], reason?: JoinEndReason): void {
    const payload: JoinState = {
      whisperId: join.whisperId,
      joinNumber: join.joinNumber,
      state,
      ...(reason && { reason }),
    };
    this.ctx.counsellors
      .to([join.askerSocketId, join.supporterSocketId])
      .emit('join:state', payload);
  }

  /** Ends a join once: the visitor (told of the ask) and both consoles are told why. */
  private finish(join: OpenJoin, reason: JoinEndReason): void {
    this.open.delete(join.whisperId);
    const { chatId, joinNumber } = join;
    this.ctx.visitors
      .to(join.visitorSocketId)
      .emit('chat:member-left', { chatId, joinNumber, reason });
    this.tellConsoles(join, 'ended', reason);
    for (const listener of this.onFinish) listener(join);
  }
}

/**
 * The chat is keyed between its visitor and the whisper's asker, both there: only then
 * is there a visitor to ask, and a counsellor whose supporter this is.
 */
function isKeyedWith(chat: LiveChat, whisper: Readonly<OpenWhisper>): boolean {
  return (
    chat.status === 'active' &&
    !chat.awaitingCommitment &&
    !chat.visitorAway &&
    chat.counsellorSocketId === whisper.asker.socketId &&
    chat.counsellorAccountId === whisper.asker.accountId
  );
}

/**
 * A frame of the member session goes only once joined (`wrong_state`), and its header
 * must name the chat, the join number as epoch and the sender's own role
 * (`invalid_payload`), so neither side can pass off a frame as the other's or another
 * session's.
 */
function checkFrame(join: OpenJoin, frame: WireFrame, sender: MemberSender): void {
  if (join.step !== 'joined') throw new AppError('wrong_state');
  if (frame.chatId !== join.chatId || frame.epoch !== join.joinNumber || frame.sender !== sender) {
    throw new AppError('invalid_payload');
  }
}
