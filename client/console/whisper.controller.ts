import {
  CryptoError,
  closeSession,
  forgetKeyPair,
  newMessageId,
  openFrame,
  sealContent,
  sealText,
  type Session,
} from '../../shared/crypto/chat.js';
import {
  completeAskerWhisper,
  completeSupporterWhisper,
  startWhisperAsk,
  startWhisperSupport,
  type PendingWhisper,
} from '../../shared/crypto/whisper.js';
import type { AckResult, ErrorCode } from '../../shared/protocol/errors.js';
import type { CounsellorClientEvents } from '../../shared/protocol/events.js';
import type { ChatContent, Route } from '../../shared/protocol/schemas.js';
import type {
  WhisperAccepted,
  WhisperEndReason,
  WhisperEnded,
  WhisperMessage,
  WhisperRequest,
} from '../../shared/protocol/whisper.js';
import type { AckData } from '../shared/ask.js';
import type { CounsellorSocket } from './counsellor.controller.js';
import { JoinController, type ConsoleJoin, type JoinPort } from './join.controller.js';

/*
 * The console's side of support conversations with a supervisor ("whispers",
 * docs/PROTOCOL.md §22): asking about one of one's chats, the requests a supervisor's
 * console is shown, and each whisper's session and lines. Keys and lines live in this
 * object's memory only: a reload or a lost connection ends every whisper (the server
 * ends them too), and ending one wipes its keys.
 */

/** A line of a whisper: this console's, or the other one's. */
export interface WhisperLine {
  id: string;
  from: 'me' | 'peer';
  text: string;
  state?: 'sending' | 'sent' | 'failed';
}

/** Why a whisper is over, as the console tells it. */
export type WhisperOutcome = WhisperEndReason | 'ended_here' | 'tampered';

export interface ConsoleWhisper {
  whisperId: string;
  /** This console asked (about `chatId`), or supports a colleague who asked. */
  role: 'asker' | 'supporter';
  /** The asker's chat; a supporter never learns it. */
  chatId?: string;
  /** The other console's display name, once known (the asker learns it at accept). */
  peer: string;
  route?: Route;
  status: 'asking' | 'keying' | 'active' | 'ended';
  outcome?: WhisperOutcome;
  /** Indices into every language's safety word list. */
  safetyIndices: readonly number[];
  lines: WhisperLine[];
  /** The supporter's latest join into the chat (§23), as both consoles see it. */
  join?: ConsoleJoin;
}

/** What the console around the whisper does with a join: its chats and its alias. */
export type WhisperChatPort = Pick<JoinPort, 'alias' | 'memberChanged' | 'memberLine' | 'vouch'>;

export type WhisperAsk = <E extends keyof CounsellorClientEvents>(
  event: E,
  payload: Parameters<CounsellorClientEvents[E]>[0],
) => Promise<AckResult<AckData<CounsellorClientEvents[E]>>>;

type KeyPair = PendingWhisper['keyPair'];
type Ask = WhisperAsk;

export class WhisperController {
  /** Requests from colleagues this supervisor's console may take, oldest first. */
  requests: WhisperRequest[] = [];
  /** Every whisper of this console, by whisperId (views compare them by identity). */
  readonly whispers = new Map<string, ConsoleWhisper>();
  /** A colleague asks for support: the console chimes and announces it. */
  onRequest?: (request: WhisperRequest) => void;

  private readonly sessions = new Map<string, Session>();
  /** The asker's key pair and commitment, until the supporter's key comes. */
  private readonly pending = new Map<string, PendingWhisper>();
  /** The supporter's key pair and the request's commitment, until the asker's key comes. */
  private readonly supporting = new Map<string, { keyPair: KeyPair; commitment: string }>();
  /** An asker's key that overtook the accept's ack. */
  private readonly earlyKeys = new Map<string, string>();

  /** Views below the console's own (the chat view's) that re-render on every change. */
  private readonly watchers = new Set<() => void>();

  /** The supporter's joining of the chat, with the visitor's consent (join.controller.ts). */
  readonly join: JoinController;

  constructor(
    private readonly ask: Ask,
    private readonly changed: () => void,
    chat: WhisperChatPort,
  ) {
    this.join = new JoinController({
      ...chat,
      ask,
      whisper: (whisperId) => this.whispers.get(whisperId),
      aboutChat: (chatId) => this.aboutChat(chatId),
      setJoin: (whisperId, join) => this.patch(whisperId, { join }),
      toPeer: (whisperId, content) => this.toPeer(whisperId, content),
    });
  }

  /** Calls `watcher` on every change until the returned function is called. */
  watch(watcher: () => void): () => void {
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  private update(): void {
    this.changed();
    for (const watcher of this.watchers) watcher();
  }

  /** Listens on a (new) console socket. */
  listen(socket: CounsellorSocket): void {
    socket.on('whisper:asked', (request) => this.onAsked(request));
    socket.on('whisper:accepted', (accepted) => this.onAccepted(accepted));
    socket.on('whisper:key', ({ whisperId, publicKey }) => this.onKey(whisperId, publicKey));
    socket.on('whisper:message', (message) => this.onMessage(message));
    socket.on('whisper:ended', (ended) => this.onEnded(ended));
    this.join.listen(socket);
  }

  /** The whisper about one of this console's chats, if there is one. */
  aboutChat(chatId: string): ConsoleWhisper | undefined {
    return [...this.whispers.values()].find((w) => w.chatId === chatId && w.role === 'asker');
  }

  /** Whispers in which this console supports a colleague. */
  get supported(): ConsoleWhisper[] {
    return [...this.whispers.values()].filter((w) => w.role === 'supporter');
  }

  /** Asks every supervisor online for support about one's chat; `no_supervisor` if none is. */
  async askFor(chatId: string): Promise<ErrorCode | undefined> {
    const old = this.aboutChat(chatId);
    if (old) this.dismiss(old.whisperId);
    const pending = startWhisperAsk();
    const result = await this.ask('whisper:ask', { chatId, commitment: pending.commitment });
    if (!result.ok) {
      forgetKeyPair(pending.keyPair);
      return result.error;
    }
    const { whisperId } = result.data;
    this.pending.set(whisperId, pending);
    this.put({
      whisperId,
      role: 'asker',
      chatId,
      peer: '',
      status: 'asking',
      safetyIndices: [],
      lines: [],
    });
    return undefined;
  }

  /** Takes a colleague's request: a key made only now that its id and commitment are held. */
  async accept(whisperId: string): Promise<ErrorCode | undefined> {
    const request = this.requests.find((r) => r.whisperId === whisperId);
    if (!request) return 'not_found';
    const { keyPair, publicKey } = startWhisperSupport();
    this.supporting.set(whisperId, { keyPair, commitment: request.commitment });
    this.requests = this.requests.filter((r) => r !== request);
    const result = await this.ask('whisper:accept', { whisperId, publicKey });
    if (!result.ok) {
      this.forgetSupport(whisperId);
      this.update();
      return result.error;
    }
    this.put({
      whisperId,
      role: 'supporter',
      peer: request.from,
      route: request.route,
      status: 'keying',
      safetyIndices: [],
      lines: [],
    });
    const early = this.earlyKeys.get(whisperId);
    this.earlyKeys.delete(whisperId);
    if (early) this.onKey(whisperId, early);
    return undefined;
  }

  /** Seals content for the other console of an open whisper and sends it. */
  private toPeer(whisperId: string, content: ChatContent): void {
    const session = this.sessions.get(whisperId);
    if (!session || this.whispers.get(whisperId)?.status !== 'active') return;
    void this.ask('whisper:message', { whisperId, frame: sealContent(session, content) });
  }

  send(whisperId: string, text: string): void {
    const session = this.sessions.get(whisperId);
    const whisper = this.whispers.get(whisperId);
    if (!session || whisper?.status !== 'active') return;
    const id = newMessageId();
    const frame = sealText(session, text, id);
    this.patch(whisperId, {
      lines: [...whisper.lines, { id, from: 'me', text, state: 'sending' }],
    });
    void this.ask('whisper:message', { whisperId, frame }).then((result) => {
      const now = this.whispers.get(whisperId);
      if (!now) return;
      this.patch(whisperId, {
        lines: now.lines.map((line) =>
          line.id === id ? { ...line, state: result.ok ? 'sent' : 'failed' } : line,
        ),
      });
    });
  }

  /** Ends a whisper (or withdraws a request nobody took yet). */
  async end(whisperId: string): Promise<void> {
    this.finish(whisperId, 'ended_here');
    await this.ask('whisper:end', { whisperId });
  }

  /** Removes an ended whisper from the screen. */
  dismiss(whisperId: string): void {
    this.finish(whisperId, 'ended_here');
    this.whispers.delete(whisperId);
    this.update();
  }

  /** The socket dropped: the server has ended every whisper of it, and requests are stale. */
  disconnected(): void {
    this.requests = [];
    for (const whisperId of this.whispers.keys()) this.finish(whisperId, 'disconnected');
    this.update();
  }

  /** Signing out: everything goes. */
  clear(): void {
    this.disconnected();
    this.whispers.clear();
    this.update();
  }

  private onAsked(request: WhisperRequest): void {
    if (this.requests.some((r) => r.whisperId === request.whisperId)) return;
    this.requests = [...this.requests, request];
    this.onRequest?.(request);
    this.update();
  }

  /** The asker's side: a supervisor took it; reveal the key committed to. */
  private onAccepted({ whisperId, from, publicKey }: WhisperAccepted): void {
    const pending = this.pending.get(whisperId);
    if (!pending || !this.whispers.has(whisperId)) return;
    this.pending.delete(whisperId);
    try {
      const keyed = completeAskerWhisper(pending, whisperId, publicKey);
      this.sessions.set(whisperId, keyed.session);
      this.patch(whisperId, {
        peer: from,
        status: 'active',
        safetyIndices: keyed.session.safetyIndices,
      });
      void this.ask('whisper:key', { whisperId, publicKey: keyed.publicKey });
    } catch (error) {
      if (!(error instanceof CryptoError)) throw error;
      this.patch(whisperId, { peer: from });
      void this.end(whisperId).then(() => this.patch(whisperId, { outcome: 'tampered' }));
    }
  }

  /** The supporter's side: the asker's key, checked against its commitment. */
  private onKey(whisperId: string, publicKey: string): void {
    const support = this.supporting.get(whisperId);
    if (!support) return;
    if (!this.whispers.has(whisperId)) {
      this.earlyKeys.set(whisperId, publicKey);
      return;
    }
    this.supporting.delete(whisperId);
    try {
      const session = completeSupporterWhisper(
        support.keyPair,
        whisperId,
        support.commitment,
        publicKey,
      );
      this.sessions.set(whisperId, session);
      this.patch(whisperId, { status: 'active', safetyIndices: session.safetyIndices });
    } catch (error) {
      if (!(error instanceof CryptoError)) throw error;
      void this.end(whisperId).then(() => this.patch(whisperId, { outcome: 'tampered' }));
    }
  }

  private onMessage({ whisperId, frame }: WhisperMessage): void {
    const session = this.sessions.get(whisperId);
    const whisper = this.whispers.get(whisperId);
    if (!session || !whisper) return;
    try {
      const content = openFrame(session, frame);
      // A line said in the chat the supporter joined; a history never belongs here.
      if (content.kind === 'line') this.join.receiveLine(whisperId, content);
      if (content.kind === 'member') this.join.receiveMemberKey(whisperId, content);
      if (content.kind === 'consent') this.join.receiveConsent(whisperId, content);
      if (content.kind !== 'text') return;
      this.patch(whisperId, {
        lines: [...whisper.lines, { id: content.id, from: 'peer', text: content.text }],
      });
    } catch {
      // Forged, replayed or another whisper's: nothing to show.
    }
  }

  private onEnded({ whisperId, reason }: WhisperEnded): void {
    if (this.requests.some((r) => r.whisperId === whisperId)) {
      this.requests = this.requests.filter((r) => r.whisperId !== whisperId);
      this.update();
    }
    this.finish(whisperId, reason);
  }

  /** Wipes a whisper's keys and marks it over (the first reason stays). */
  private finish(whisperId: string, outcome: WhisperOutcome): void {
    this.join.whisperOver(whisperId, outcome);
    const session = this.sessions.get(whisperId);
    if (session) closeSession(session);
    this.sessions.delete(whisperId);
    const pending = this.pending.get(whisperId);
    if (pending) forgetKeyPair(pending.keyPair);
    this.pending.delete(whisperId);
    this.forgetSupport(whisperId);
    const whisper = this.whispers.get(whisperId);
    if (whisper && whisper.status !== 'ended') this.patch(whisperId, { status: 'ended', outcome });
  }

  private forgetSupport(whisperId: string): void {
    forgetKeyPair(this.supporting.get(whisperId)?.keyPair);
    this.supporting.delete(whisperId);
    this.earlyKeys.delete(whisperId);
  }

  private put(whisper: ConsoleWhisper): void {
    this.whispers.set(whisper.whisperId, whisper);
    this.update();
  }

  private patch(whisperId: string, changes: Partial<ConsoleWhisper>): void {
    const whisper = this.whispers.get(whisperId);
    if (!whisper) return;
    this.whispers.set(whisperId, { ...whisper, ...changes });
    this.update();
  }
}
