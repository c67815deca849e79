import {
  closeSession,
  newMessageId,
  openAndConfirm,
  sealContent,
  type Session,
} from '../../shared/crypto/chat.js';
import type { AckResult } from '../../shared/protocol/errors.js';
import type { Receipt } from '../../shared/protocol/events.js';
import { historyBatches } from '../../shared/protocol/history.js';
import type { ChatContent, JoinContent, Sender, WireFrame } from '../../shared/protocol/schemas.js';

/** `sent`: the peer's screen confirmed it opened the message (the relay's ack waits for it). */
export type DeliveryState = 'sending' | 'sent' | 'failed';

/** After this long without a keystroke, the peer is told that typing stopped. */
export const TYPING_IDLE_MS = 3000;

/**
 * A line on screen: one's own (`me`, with its delivery state) or the peer's; on the
 * console also a colleague's, written before a hand-over.
 */
export interface ChannelLine<Peer extends string> {
  id: string;
  from: 'me' | Peer;
  text: string;
  state?: DeliveryState;
  /** Which counsellor wrote a counsellor's line, where known. */
  by?: string;
}

/** Timers, injected so that a test moves time itself. */
export interface Clock {
  /** Calls `callback` once, `ms` from now; returns what cancels it. */
  after(ms: number, callback: () => void): () => void;
}

export const realClock: Clock = {
  after(ms, callback) {
    const timer = setTimeout(callback, ms);
    return () => clearTimeout(timer);
  },
};

/** What a channel needs from its controller: the wire, the lines on screen, a clock. */
export interface ChannelPort<Peer extends string> {
  /** This side: tells one's own lines from the peer's in a history frame. */
  role: Sender;
  /** The peer's label on lines. */
  peer: Peer;
  /**
   * This side's name, sent with its messages and its lines in a history (the console's
   * alias; the visitor has none), so that after a hand-over each stays theirs.
   */
  alias?(): string | undefined;
  /** The label of lines of this side written by someone else: a colleague's, on the console. */
  colleague?: Peer;
  /** `chat:send`: relays one sealed frame; answered once the peer opened it or could not. */
  send(frame: WireFrame): Promise<AckResult<null>>;
  /** Whether a frame can go now; if not, a message waits as `sending`. Default: always. */
  canSend?(): boolean;
  /** Tells the peer typing started or stopped; false when the chat is not live and nothing went. */
  typing(typing: boolean): boolean;
  /** The lines on screen, which the controller keeps; the channel replaces, never mutates them. */
  lines(): readonly ChannelLine<Peer>[];
  setLines(lines: ChannelLine<Peer>[]): void;
  /**
   * What of a join comes in the chat's session (§23.3): to the widget the counsellor's
   * vouch for a member's key, to the console the visitor's yes. Each side takes only
   * its own kind; a side without this ignores both.
   */
  join?(content: JoinContent): void;
  clock?: Clock;
}

/** What an opened frame brought: a new message, one already on screen, or the conversation so far. */
export type Incoming = 'message' | 'repeat' | 'history';

/**
 * One chat's message pipeline, the same for the widget and the console: the session of
 * the current epoch, the outbox and the delivery state of each line, the typing signal,
 * and the conversation replayed to a peer that lost it. Sockets, phases and the
 * handshake stay with the controller, which hands in how to send and where lines live.
 */
export class ChatChannel<Peer extends string> {
  private current?: Session;
  /**
   * Texts not yet acknowledged, by message id, in the order written. `attempt` counts
   * the sends of each: only the latest decides its state (an older send's late answer
   * must not undo what a newer one found).
   */
  private readonly outbox = new Map<string, { text: string; frame?: WireFrame; attempt: number }>();
  private typingSent = false;
  private cancelTyping?: () => void;
  private readonly clock: Clock;

  constructor(private readonly port: ChannelPort<Peer>) {
    this.clock = port.clock ?? realClock;
  }

  /** The session of the current epoch; none before the first keys and while re-keying. */
  get session(): Session | undefined {
    return this.current;
  }

  /** The keys of a new epoch; those of the last one are wiped. */
  keyed(session: Session): void {
    if (this.current && this.current !== session) closeSession(this.current);
    this.current = session;
  }

  /** Wipes the session's keys; messages wait in the outbox until the next one. */
  dropSession(): void {
    if (this.current) closeSession(this.current);
    this.current = undefined;
  }

  /** Queues a message, shows it as `sending` and sends it; returns its id, if there was text. */
  send(text: string): string | undefined {
    const trimmed = text.trim();
    if (!trimmed) return undefined;
    const id = newMessageId();
    this.outbox.set(id, { text: trimmed, attempt: 0 });
    this.port.setLines([...this.port.lines(), { id, from: 'me', text: trimmed, state: 'sending' }]);
    this.setTyping(false);
    void this.deliver(id);
    return id;
  }

  retry(id: string): void {
    this.setState(id, 'sending');
    void this.deliver(id);
  }

  /** Sends again everything not yet acknowledged, in order (after a reconnect, or keys). */
  async flush(): Promise<void> {
    for (const id of [...this.outbox.keys()]) await this.deliver(id);
  }

  /**
   * The conversation so far, sealed in the current epoch, for a peer that lost it:
   * every line but those still in the outbox, which `flush` sends after. False when
   * there is no session or a frame was refused.
   */
  /**
   * Sends the conversation on screen to the current key, from line `from` on (what the
   * peer may see: after a hand-over the visitor may have kept the earlier part).
   */
  async sendHistory(from = 0): Promise<boolean> {
    // This key only, even if another comes meanwhile: the caller checked who holds it.
    const session = this.current;
    if (!session) return false;
    const delivered = this.port
      .lines()
      .slice(from)
      .filter((line) => !this.outbox.has(line.id))
      .map((line) => {
        const by = line.from === 'me' ? this.port.alias?.() : line.by;
        return {
          id: line.id,
          from: line.from === this.port.peer ? peerOf(this.port.role) : this.port.role,
          text: line.text,
          ...(by && { by }),
        };
      });
    for (const lines of historyBatches(delivered)) {
      const result = await this.port.send(sealContent(session, { kind: 'history', lines }));
      if (!result.ok) return false;
    }
    return true;
  }

  /** Content other than a message, sealed to the current key; false if it did not go. */
  async sendContent(content: ChatContent): Promise<boolean> {
    const session = this.current;
    if (!session) return false;
    return (await this.port.send(sealContent(session, content))).ok;
  }

  /**
   * Opens a relayed frame, answers its receipt and shows what is new: a message goes
   * after the lines on screen, a history before them; a line already shown (sent again
   * after a re-key) is not shown twice.
   */
  receive(frame: WireFrame, receipt?: (receipt: Receipt) => void): Incoming | undefined {
    // The session is bound to one chat: a frame of another is refused as forged.
    const content = openAndConfirm(this.current, frame, receipt);
    // A copied line belongs in a whisper (§23), never in the chat itself: nothing to show.
    if (!content || content.kind === 'line') return undefined;
    if (content.kind === 'member' || content.kind === 'consent') {
      this.port.join?.(content);
      return undefined;
    }
    const lines = this.port.lines();
    const known = new Set(lines.map((line) => line.id));
    if (content.kind === 'text') {
      if (known.has(content.id)) return 'repeat';
      const { id, text, by } = content;
      this.port.setLines([...lines, { id, from: this.port.peer, text, ...(by && { by }) }]);
      return 'message';
    }
    const alias = this.port.alias?.();
    const colleague = this.port.colleague;
    const earlier = content.lines
      .filter((line) => !known.has(line.id))
      .map(({ id, from, text, by }): ChannelLine<Peer> => {
        if (from !== this.port.role) return { id, from: this.port.peer, text, ...(by && { by }) };
        // This side's line by someone else: a colleague's, from before a hand-over.
        if (colleague && by && by !== alias) return { id, from: colleague, text, by };
        return { id, from: 'me', text, state: 'sent' };
      });
    this.port.setLines([...earlier, ...lines]);
    return 'history';
  }

  /** Call on every keystroke: the peer hears of a change at most once. */
  typed(): void {
    this.setTyping(true);
    this.cancelTyping?.();
    this.cancelTyping = this.clock.after(TYPING_IDLE_MS, () => this.setTyping(false));
  }

  /** The chat is over: the keys and the outbox go, and what was still sending failed. */
  ended(): void {
    this.dropSession();
    this.outbox.clear();
    this.port.setLines(
      this.port
        .lines()
        .map((line) => (line.state === 'sending' ? { ...line, state: 'failed' } : line)),
    );
  }

  /** Forgets everything the channel holds: keys, outbox, the typing timer. */
  close(): void {
    this.dropSession();
    this.outbox.clear();
    this.cancelTyping?.();
    this.cancelTyping = undefined;
  }

  private async deliver(id: string): Promise<void> {
    const entry = this.outbox.get(id);
    if (!entry) return;
    const session = this.current;
    if (!session || !(this.port.canSend?.() ?? true)) return this.setState(id, 'sending');
    // Seal once per epoch: a retry sends the same ciphertext, a re-key seals anew.
    if (entry.frame?.epoch !== session.epoch) {
      const by = this.port.alias?.();
      entry.frame = sealContent(session, { kind: 'text', id, text: entry.text, ...(by && { by }) });
    }
    const attempt = ++entry.attempt;
    const result = await this.port.send(entry.frame);
    // Confirmed by any send, it is delivered: final, whatever other answers say.
    if (result.ok) {
      if (this.outbox.delete(id)) this.setState(id, 'sent');
      return;
    }
    // Delivered meanwhile, or sent again since: that send's answer decides.
    if (this.outbox.get(id) !== entry || entry.attempt !== attempt) return;
    // The peer is reconnecting: it stays queued and goes when they are back.
    this.setState(id, result.error === 'peer_away' ? 'sending' : 'failed');
  }

  private setTyping(typing: boolean): void {
    if (typing === this.typingSent) return;
    if (this.port.typing(typing)) this.typingSent = typing;
  }

  private setState(id: string, state: DeliveryState): void {
    this.port.setLines(
      this.port.lines().map((line) => (line.id === id ? { ...line, state } : line)),
    );
  }
}

function peerOf(role: Sender): Sender {
  return role === 'visitor' ? 'counsellor' : 'visitor';
}
