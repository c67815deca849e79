import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { io, type Socket } from 'socket.io-client';
import {
  closeSession,
  completeVisitorHandshake,
  newMessageId,
  openFrame,
  readyCrypto,
  sealText,
  startVisitorHandshake,
  type PendingHandshake,
  type Session,
} from '../../shared/crypto/chat.js';
import type { AckResult, ErrorCode } from '../../shared/protocol/errors.js';
import type { VisitorClientEvents, VisitorServerEvents } from '../../shared/protocol/events.js';
import type {
  ChatStarted,
  EndReason,
  Language,
  QueueJoined,
  Route,
  WireFrame,
} from '../../shared/protocol/schemas.js';

export type Phase = 'idle' | 'connecting' | 'queued' | 'keying' | 'chat' | 'ended';
export type DeliveryState = 'sending' | 'sent' | 'failed';

export interface ChatLine {
  id: string;
  from: 'me' | 'them';
  text: string;
  state?: DeliveryState;
}

const ACK_TIMEOUT_MS = 10_000;
const TYPING_IDLE_MS = 3000;

/**
 * The visitor's chat: the socket, the handshake and the session, and the lines on
 * screen. The host renders from its public fields; nothing here touches the DOM.
 * Everything lives in memory only and is wiped by `wipe()`.
 */
export class VisitorChatController implements ReactiveController {
  phase: Phase = 'idle';
  route?: Route;
  position = 0;
  counsellorAlias = '';
  safetyWords: readonly string[] = [];
  lines: ChatLine[] = [];
  peerTyping = false;
  error?: ErrorCode | 'network';
  endReason?: EndReason;

  private socket?: Socket<VisitorServerEvents, VisitorClientEvents>;
  private pending?: PendingHandshake;
  private session?: Session;
  private chatId?: string;
  /** Sealed frames kept only until acked, so a retry re-sends the same ciphertext. */
  private readonly unacked = new Map<string, WireFrame>();
  private typingSent = false;
  private typingTimer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly origin: string,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.wipe();
  }

  async start(route: Route, lang: Language): Promise<void> {
    this.route = route;
    this.phase = 'connecting';
    this.error = undefined;
    this.update();
    await readyCrypto();
    this.pending = startVisitorHandshake();
    const socket: Socket<VisitorServerEvents, VisitorClientEvents> = io(`${this.origin}/visitor`, {
      transports: ['websocket', 'polling'],
      reconnection: false,
    });
    this.socket = socket;
    socket.on('connect_error', () => this.fail('network'));
    socket.on('disconnect', () => {
      if (this.phase !== 'ended' && this.phase !== 'idle') this.finish('visitor_disconnected');
    });
    socket.on('queue:position', ({ chatId, position }) => {
      if (chatId !== this.chatId) return;
      this.position = position;
      this.update();
    });
    socket.on('chat:started', (started) => void this.onStarted(started));
    socket.on('chat:message', (frame) => this.onFrame(frame));
    socket.on('chat:typing', ({ chatId, typing }) => {
      if (chatId !== this.chatId) return;
      this.peerTyping = typing;
      this.update();
    });
    socket.on('chat:ended', ({ chatId, reason }) => {
      if (chatId === this.chatId) this.finish(reason);
    });
    socket.once('connect', () => void this.join(route, lang));
  }

  private async join(route: Route, lang: Language): Promise<void> {
    if (!this.socket || !this.pending) return;
    const result = await this.ask<QueueJoined>(() =>
      this.socket!.timeout(ACK_TIMEOUT_MS).emitWithAck('queue:join', {
        route,
        commitment: this.pending!.commitment,
        lang,
      }),
    );
    if (!result.ok) return this.fail(result.error);
    this.chatId = result.data.chatId;
    this.position = result.data.position;
    if (this.phase === 'connecting') this.phase = 'queued';
    this.update();
  }

  private async onStarted(started: ChatStarted): Promise<void> {
    if (!this.pending || started.chatId !== this.chatId || !this.socket) return;
    this.phase = 'keying';
    this.counsellorAlias = started.counsellorAlias;
    this.update();
    try {
      const { session, reveal } = completeVisitorHandshake(this.pending, started);
      this.pending = undefined;
      const result = await this.ask(() =>
        this.socket!.timeout(ACK_TIMEOUT_MS).emitWithAck('chat:key', reveal),
      );
      if (!result.ok) {
        closeSession(session);
        return this.fail(result.error);
      }
      this.session = session;
      this.safetyWords = session.safetyWords;
      this.phase = 'chat';
    } catch {
      this.fail('internal');
    }
    this.update();
  }

  private onFrame(frame: WireFrame): void {
    if (!this.session || frame.chatId !== this.chatId) return;
    try {
      const content = openFrame(this.session, frame);
      this.lines = [...this.lines, { id: content.id, from: 'them', text: content.text }];
      this.peerTyping = false;
      this.update();
    } catch {
      // Not an authentic, fresh frame of this chat: drop it.
    }
  }

  send(text: string): void {
    const trimmed = text.trim();
    if (!trimmed || !this.session) return;
    const id = newMessageId();
    this.unacked.set(id, sealText(this.session, trimmed, id));
    this.lines = [...this.lines, { id, from: 'me', text: trimmed, state: 'sending' }];
    this.setTyping(false);
    this.update();
    void this.deliver(id);
  }

  retry(id: string): void {
    this.setLineState(id, 'sending');
    void this.deliver(id);
  }

  private async deliver(id: string): Promise<void> {
    const frame = this.unacked.get(id);
    if (!frame || !this.socket) return this.setLineState(id, 'failed');
    const result = await this.ask(() =>
      this.socket!.timeout(ACK_TIMEOUT_MS).emitWithAck('chat:send', frame),
    );
    if (result.ok) this.unacked.delete(id);
    this.setLineState(id, result.ok ? 'sent' : 'failed');
  }

  /** Call on every keystroke; tells the counsellor at most once per change. */
  typed(): void {
    this.setTyping(true);
    clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => this.setTyping(false), TYPING_IDLE_MS);
  }

  private setTyping(typing: boolean): void {
    if (typing === this.typingSent || !this.chatId || this.phase !== 'chat') return;
    this.typingSent = typing;
    this.socket?.emit('chat:typing', { chatId: this.chatId, typing }, () => undefined);
  }

  /** Ends the chat (or leaves the queue) on purpose. */
  async end(): Promise<void> {
    if (this.socket && this.chatId) {
      const event =
        this.phase === 'queued' || this.phase === 'connecting' ? 'queue:leave' : 'chat:end';
      await this.ask(() =>
        this.socket!.timeout(ACK_TIMEOUT_MS).emitWithAck(event, { chatId: this.chatId! }),
      );
    }
    this.finish('ended_by_visitor');
  }

  /** Forgets everything: keys, lines, the socket. Used by quick exit and on close. */
  wipe(): void {
    clearTimeout(this.typingTimer);
    if (this.session) closeSession(this.session);
    this.session = undefined;
    this.pending = undefined;
    this.unacked.clear();
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = undefined;
    this.chatId = undefined;
    this.lines = [];
    this.safetyWords = [];
    this.counsellorAlias = '';
    this.phase = 'idle';
    this.endReason = undefined;
    this.error = undefined;
    this.update();
  }

  private finish(reason: EndReason): void {
    if (this.session) closeSession(this.session);
    this.session = undefined;
    this.unacked.clear();
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = undefined;
    this.endReason = reason;
    this.peerTyping = false;
    this.phase = 'ended';
    this.update();
  }

  private fail(code: ErrorCode | 'network'): void {
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = undefined;
    this.phase = 'idle';
    this.error = code;
    this.update();
  }

  private setLineState(id: string, state: DeliveryState): void {
    this.lines = this.lines.map((line) => (line.id === id ? { ...line, state } : line));
    this.update();
  }

  /** Turns a timeout or a dropped socket into a result, so callers handle one shape. */
  private async ask<T>(call: () => Promise<AckResult<T>>): Promise<AckResult<T>> {
    try {
      return await call();
    } catch {
      return { ok: false, error: 'internal' };
    }
  }

  private update(): void {
    this.host.requestUpdate();
  }
}
