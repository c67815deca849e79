import {
  CryptoError,
  closeSession,
  forgetKeyPair,
  newMessageId,
  openFrame,
  sealContent,
  type Session,
} from '../../shared/crypto/chat.js';
import { completeJoinerMember, startMemberJoin } from '../../shared/crypto/member.js';
import type { ErrorCode } from '../../shared/protocol/errors.js';
import type {
  JoinConsent,
  JoinEndReason,
  JoinReveal,
  JoinState,
  MemberFrame,
} from '../../shared/protocol/join.js';
import type { ChatContent, MemberConsent, MemberVouch } from '../../shared/protocol/schemas.js';
import type { CounsellorSocket } from './counsellor.controller.js';
import type { ConsoleWhisper, WhisperAsk, WhisperOutcome } from './whisper.controller.js';

/*
 * A supervisor joins the chat a whisper is about, with the visitor's consent
 * (docs/PROTOCOL.md §23), as both consoles of the whisper see it. The supporter asks;
 * once the visitor said yes it makes its member key, derives the member session from
 * the widget's revealed key, and from then on reads the visitor's lines and writes to
 * them itself. The two consoles copy to each other, over the whisper's own session,
 * what each says in the chat (`{kind: 'line'}`), so that both show the whole chat from
 * the moment of the join, and nobody anything said before it. The member session lives
 * in this object's memory only and is wiped on every end.
 */

/** Why a join is over, as the console tells it: the server's reasons, or this side's. */
export type JoinOutcome = JoinEndReason | 'left_here' | 'tampered';

/** A line of the chat on the supporter's console, from the moment it joined. */
export interface JoinLine {
  id: string;
  /** The visitor's, the asking counsellor's (copied over the whisper), or this console's. */
  from: 'visitor' | 'counsellor' | 'me';
  text: string;
  state?: 'sending' | 'failed';
}

/** The join of a whisper's supporter into its chat, the latest one of the whisper. */
export interface ConsoleJoin {
  joinNumber: number;
  state: JoinState['state'];
  outcome?: JoinOutcome;
  /** The member was in the chat before it ended ("left" rather than "did not join"). */
  wasJoined: boolean;
  /** The supporter's console holds the member session: it can write in the chat. */
  keyed: boolean;
  /** The supporter's view of the chat; the asker's lines stay in the chat itself. */
  lines: JoinLine[];
}

/** What the join needs from the whisper controller and the console around it. */
export interface JoinPort {
  ask: WhisperAsk;
  whisper(whisperId: string): ConsoleWhisper | undefined;
  /** The asker's whisper about one of its chats. */
  aboutChat(chatId: string): ConsoleWhisper | undefined;
  setJoin(whisperId: string, join: ConsoleJoin): void;
  /** Seals content to the other console of the whisper and sends it. */
  toPeer(whisperId: string, content: ChatContent): void;
  /** This console's alias, the author of its lines. */
  alias(): string;
  /** The asker's side: the supervisor joined the chat (their alias) or is gone (undefined). */
  memberChanged(chatId: string, member: string | undefined): void;
  /** The asker's side: a line the supervisor said in the chat. */
  memberLine(chatId: string, line: { id: string; text: string; by: string }): void;
  /** The asker's side: vouches for the member's key to the visitor, in the chat's own session. */
  vouch(chatId: string, vouch: MemberVouch): void;
}

type KeyPair = ReturnType<typeof startMemberJoin>['keyPair'];

/** The supporter's member keys for one join: the key pair until the widget's key comes. */
interface MemberKeys {
  chatId: string;
  joinNumber: number;
  commitment: string;
  keyPair?: KeyPair;
  /** The widget's key as the server relayed it, until the visitor's yes came end to end. */
  revealed?: string;
  session?: Session;
}

/** Each state's place in a join's life: news of an earlier step is stale. */
const ORDER: Record<JoinState['state'], number> = { asked: 0, accepted: 1, joined: 2, ended: 3 };

export class JoinController {
  /** The supporter's member keys, by whisperId. */
  private readonly keys = new Map<string, MemberKeys>();
  /** The asker's side: the join whose member key it vouched for, by whisperId. */
  private readonly vouched = new Map<string, number>();
  /**
   * The join the visitor said yes to, as the widget told it end to end (§23.3), by
   * whisperId: to the asker in the chat, to the supporter over the whisper. Neither
   * takes the server's word for a yes.
   */
  private readonly consents = new Map<string, MemberConsent>();
  /** The asker's side: the member's key, held until the visitor's yes came end to end. */
  private readonly heldKeys = new Map<string, MemberVouch>();

  constructor(private readonly port: JoinPort) {}

  listen(socket: CounsellorSocket): void {
    socket.on('join:state', (state) => this.onState(state));
    socket.on('join:consent', (consent) => void this.onConsent(consent));
    socket.on('join:key', (reveal) => this.onKey(reveal));
    socket.on('join:message', (message) => this.onMessage(message));
  }

  /** The supporter asks to join the whisper's chat; the visitor is asked. */
  async ask(whisperId: string): Promise<ErrorCode | undefined> {
    const whisper = this.port.whisper(whisperId);
    if (whisper?.role !== 'supporter' || whisper.status !== 'active') return 'wrong_state';
    const result = await this.port.ask('join:ask', { whisperId });
    if (!result.ok) return result.error;
    this.onState({ whisperId, joinNumber: result.data.joinNumber, state: 'asked' });
    return undefined;
  }

  /** The supporter writes to the visitor, and copies the line to the asker. */
  async send(whisperId: string, text: string): Promise<void> {
    const session = this.keys.get(whisperId)?.session;
    const trimmed = text.trim();
    if (!session || !trimmed || this.port.whisper(whisperId)?.join?.state !== 'joined') return;
    const id = newMessageId();
    const by = this.port.alias();
    const frame = sealContent(session, { kind: 'text', id, text: trimmed, by });
    this.addLine(whisperId, { id, from: 'me', text: trimmed, state: 'sending' });
    const result = await this.port.ask('join:message', { whisperId, frame });
    // The counsellor's copy only of what reached the visitor's way: both show the same chat.
    if (result.ok) this.port.toPeer(whisperId, { kind: 'line', id, text: trimmed, by });
    this.editLines(whisperId, (lines) =>
      lines.map((line) => {
        if (line.id !== id) return line;
        const { state: _sending, ...sent } = line;
        return result.ok ? sent : { ...sent, state: 'failed' as const };
      }),
    );
  }

  /**
   * The asker's side: a line this console said in the chat goes to the supervisor
   * who joined it, with the same id.
   */
  copyLine(chatId: string, id: string, text: string): void {
    const whisper = this.port.aboutChat(chatId);
    if (whisper?.join?.state !== 'joined' || !this.consentedTo(whisper)) return;
    this.port.toPeer(whisper.whisperId, { kind: 'line', id, text, by: this.port.alias() });
  }

  /** A line the other console said in the chat, from the whisper; dropped outside a join. */
  receiveLine(whisperId: string, { id, text }: { id: string; text: string }): void {
    const whisper = this.port.whisper(whisperId);
    if (whisper?.join?.state !== 'joined') return;
    if (whisper.role === 'supporter')
      return this.addLine(whisperId, { id, from: 'counsellor', text });
    // The author is the other console: its alias as the server named it, not as it says.
    if (whisper.chatId && this.consentedTo(whisper)) {
      this.port.memberLine(whisper.chatId, { id, text, by: whisper.peer });
    }
  }

  /**
   * The asker's side: the key the supporter made for the join, over the whisper. The
   * visitor's widget is told, inside the chat's session, that the member (by the alias
   * the server named at the whisper's accept) holds it; once per join.
   */
  receiveMemberKey(whisperId: string, key: MemberVouch): void {
    const whisper = this.port.whisper(whisperId);
    const join = whisper?.join;
    const { joinNumber, publicKey } = key;
    if (whisper?.role !== 'asker' || !whisper.chatId || join?.joinNumber !== joinNumber) return;
    if (
      join.state === 'ended' ||
      join.state === 'joined' ||
      this.vouched.get(whisperId) === joinNumber
    ) {
      return;
    }
    // Not before the visitor's own yes reached this console: the server may say yes
    // for a visitor who was never asked.
    if (!this.consentedTo(whisper)) {
      this.heldKeys.set(whisperId, key);
      return;
    }
    this.vouched.set(whisperId, joinNumber);
    this.heldKeys.delete(whisperId);
    this.port.vouch(whisper.chatId, { kind: 'member', joinNumber, publicKey, by: whisper.peer });
  }

  /**
   * The asker's side: the visitor's yes, from the widget inside the chat's session. It
   * goes on to the supporter over the whisper, and a member key held for it is vouched
   * for now.
   */
  consented(chatId: string, consent: MemberConsent): void {
    const whisper = this.port.aboutChat(chatId);
    const join = whisper?.join;
    if (whisper?.role !== 'asker' || join?.joinNumber !== consent.joinNumber) return;
    if (join.state === 'ended' || consent.by !== whisper.peer) return;
    if (this.consents.get(whisper.whisperId)?.joinNumber === consent.joinNumber) return;
    this.consents.set(whisper.whisperId, consent);
    this.port.toPeer(whisper.whisperId, consent);
    const held = this.heldKeys.get(whisper.whisperId);
    if (held) this.receiveMemberKey(whisper.whisperId, held);
  }

  /**
   * The supporter's side: the visitor's yes as the asker passed it on. The widget's key
   * is taken only if its commitment is this one (§23.3).
   */
  receiveConsent(whisperId: string, consent: MemberConsent): void {
    const whisper = this.port.whisper(whisperId);
    if (whisper?.role !== 'supporter' || whisper.join?.joinNumber !== consent.joinNumber) return;
    if (this.consents.get(whisperId)?.joinNumber === consent.joinNumber) return;
    this.consents.set(whisperId, consent);
    this.derive(whisperId);
  }

  /** Whether the visitor's own yes to the whisper's current join came end to end. */
  private consentedTo(whisper: ConsoleWhisper): boolean {
    const joinNumber = whisper.join?.joinNumber;
    return (
      joinNumber !== undefined && this.consents.get(whisper.whisperId)?.joinNumber === joinNumber
    );
  }

  /** The supporter leaves, or the asker asks them to; the server tells both the end. */
  async leave(whisperId: string): Promise<void> {
    const whisper = this.port.whisper(whisperId);
    if (!whisper?.join || whisper.join.state === 'ended') return;
    if (whisper.role === 'supporter') this.end(whisperId, whisper.join.joinNumber, 'left_here');
    await this.port.ask('join:leave', { whisperId });
  }

  /** The whisper is over: so is its join, and the member keys go. */
  whisperOver(whisperId: string, outcome: WhisperOutcome): void {
    const join = this.port.whisper(whisperId)?.join;
    const reason = outcome === 'disconnected' || outcome === 'chat_ended' ? outcome : 'ended';
    if (join) this.end(whisperId, join.joinNumber, reason);
    this.wipe(whisperId);
    this.vouched.delete(whisperId);
    this.consents.delete(whisperId);
    this.heldKeys.delete(whisperId);
  }

  private onState({ whisperId, joinNumber, state, reason }: JoinState): void {
    const whisper = this.port.whisper(whisperId);
    if (!whisper) return;
    const join = whisper.join;
    const same = join?.joinNumber === joinNumber;
    if (join && (joinNumber < join.joinNumber || (same && ORDER[state] <= ORDER[join.state]))) {
      return;
    }
    if (state === 'ended') {
      if (same) this.end(whisperId, joinNumber, reason ?? 'ended');
      return;
    }
    if (whisper.status !== 'active') return;
    this.port.setJoin(whisperId, {
      joinNumber,
      state,
      wasJoined: state === 'joined',
      keyed: same && join.keyed,
      lines: same ? join.lines : [],
    });
    if (state === 'joined' && whisper.role === 'asker' && whisper.chatId) {
      this.port.memberChanged(whisper.chatId, whisper.peer);
    }
  }

  /** The visitor said yes: the member key is made only now, bound to this join. */
  private async onConsent({ whisperId, chatId, joinNumber, commitment }: JoinConsent) {
    const whisper = this.port.whisper(whisperId);
    const join = whisper?.join;
    if (whisper?.role !== 'supporter' || whisper.status !== 'active') return;
    if (join?.joinNumber !== joinNumber || join.state === 'ended' || this.keys.has(whisperId)) {
      return;
    }
    const { keyPair, publicKey } = startMemberJoin();
    this.keys.set(whisperId, { chatId, joinNumber, commitment, keyPair });
    // The widget takes the key only once the asker vouched for it in the chat (§23.3).
    this.port.toPeer(whisperId, { kind: 'member', joinNumber, publicKey, by: this.port.alias() });
    const result = await this.port.ask('join:key', { whisperId, publicKey });
    if (!result.ok) this.end(whisperId, joinNumber, 'ended');
  }

  /** The widget's key, as the server relays it: taken once the visitor's yes came end to end. */
  private onKey({ chatId, joinNumber, publicKey }: JoinReveal): void {
    const found = this.find(chatId, joinNumber);
    if (!found?.keys.keyPair || found.keys.revealed) return;
    found.keys.revealed = publicKey;
    this.derive(found.whisperId);
  }

  /**
   * With the key pair, the widget's key and the visitor's yes all here: the member
   * session, if the yes committed to that key and is the one the server relayed.
   */
  private derive(whisperId: string): void {
    const keys = this.keys.get(whisperId);
    const consent = this.consents.get(whisperId);
    const { keyPair, revealed } = keys ?? {};
    if (!keys || !keyPair || !revealed || consent?.joinNumber !== keys.joinNumber) return;
    const { chatId, joinNumber, commitment } = keys;
    delete keys.keyPair;
    try {
      // Someone in between made up the yes the server relayed: leave.
      if (consent.commitment !== commitment) throw new CryptoError('commitment_mismatch');
      keys.session = completeJoinerMember(keyPair, chatId, joinNumber, commitment, revealed);
      const join = this.port.whisper(whisperId)?.join;
      if (join) this.port.setJoin(whisperId, { ...join, keyed: true });
    } catch (error) {
      if (!(error instanceof CryptoError)) throw error;
      // Not the key the visitor's yes committed to: someone may be in between. Leave.
      this.end(whisperId, joinNumber, 'tampered');
      void this.port.ask('join:leave', { whisperId });
    } finally {
      forgetKeyPair(keyPair);
    }
  }

  /** A line from the visitor, for the supporter: only text, each once. */
  private onMessage({ chatId, joinNumber, frame }: MemberFrame): void {
    const found = this.find(chatId, joinNumber);
    const session = found?.keys.session;
    if (!found || !session) return;
    let content: ChatContent;
    try {
      content = openFrame(session, frame);
    } catch {
      return; // Forged, replayed or another chat's: nothing to show.
    }
    if (content.kind !== 'text') return;
    this.addLine(found.whisperId, { id: content.id, from: 'visitor', text: content.text });
  }

  private find(chatId: string, joinNumber: number) {
    for (const [whisperId, keys] of this.keys) {
      if (keys.chatId === chatId && keys.joinNumber === joinNumber) return { whisperId, keys };
    }
    return undefined;
  }

  /** Marks the join over (the first reason stays) and wipes its member session. */
  private end(whisperId: string, joinNumber: number, outcome: JoinOutcome): void {
    const whisper = this.port.whisper(whisperId);
    const join = whisper?.join;
    if (!join || join.joinNumber !== joinNumber) return;
    this.wipe(whisperId);
    if (join.state === 'ended') return;
    this.port.setJoin(whisperId, {
      ...join,
      state: 'ended',
      keyed: false,
      outcome,
      lines: join.lines.map((line) =>
        line.state === 'sending' ? { ...line, state: 'failed' } : line,
      ),
    });
    if (whisper.role === 'asker' && whisper.chatId) {
      this.port.memberChanged(whisper.chatId, undefined);
    }
  }

  private wipe(whisperId: string): void {
    const keys = this.keys.get(whisperId);
    if (!keys) return;
    forgetKeyPair(keys.keyPair);
    if (keys.session) closeSession(keys.session);
    this.keys.delete(whisperId);
  }

  /** A line added to the supporter's view of the chat, unless it is there already. */
  private addLine(whisperId: string, line: JoinLine): void {
    this.editLines(whisperId, (lines) =>
      lines.some((known) => known.id === line.id) ? lines : [...lines, line],
    );
  }

  private editLines(whisperId: string, edit: (lines: JoinLine[]) => JoinLine[]): void {
    const join = this.port.whisper(whisperId)?.join;
    if (join) this.port.setJoin(whisperId, { ...join, lines: edit(join.lines) });
  }
}
