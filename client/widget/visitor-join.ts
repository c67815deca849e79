import { closeSession, forgetKeyPair, openFrame, sealContent } from '../../shared/crypto/chat.js';
import {
  completeVisitorMember,
  startMemberConsent,
  type PendingMemberConsent,
} from '../../shared/crypto/member.js';
import type { Session } from '../../shared/crypto/session.js';
import type { AckResult } from '../../shared/protocol/errors.js';
import type { VisitorClientEvents } from '../../shared/protocol/events.js';
import type { JoinAsked, JoinReveal, MemberFrame, MemberLeft } from '../../shared/protocol/join.js';
import type { MemberConsent, MemberVouch } from '../../shared/protocol/schemas.js';
import type { ChannelLine } from '../shared/chat-channel.js';

/*
 * A supervisor joining the visitor's chat, only with the visitor's yes
 * (docs/PROTOCOL.md §23). Loaded with the first ask, so the frame's first load does
 * not carry it. The member has a session of its own with this widget, next to the
 * counsellor's: on a yes the widget makes a fresh key pair and answers with its
 * commitment; on the member's key it derives and reveals its own. From then on each
 * text the visitor writes also goes, sealed in that session, to the member, and the
 * member's texts come in it. Nothing said before the join is ever sent to the member.
 * Keys live in memory only and are wiped when the join ends in any way.
 */

/** Where a join stands: the visitor is asked, said yes (keys on their way), or the member is in. */
export type JoinStage = 'asking' | 'keying' | 'joined';

/** The join going on. Replaced, never changed in place, so that a view sees each change. */
export interface CurrentJoin {
  joinNumber: number;
  /** The member's alias, as the server named them in the ask the visitor answered. */
  alias: string;
  stage: JoinStage;
}

/**
 * What the conversation says about joins, each once, where it happened: the member
 * joined or left, the visitor said no, or the keys could not be agreed.
 */
export type JoinNoteKind = 'joined' | 'left' | 'declined' | 'failed';

export interface JoinNote {
  /** Counts up within the widget, never again from 1 (a view tells new notes by it). */
  id: number;
  kind: JoinNoteKind;
  alias: string;
  /** The id of the line on screen it follows; none when it came before every line. */
  after?: string;
}

/** The visitor's events of a join; each is answered with `null`. */
type JoinEvent = 'chat:join-answer' | 'chat:join-key' | 'chat:member-send' | 'chat:join-end';

/** What the joins need from the chat's controller. */
export interface JoinPort {
  /** The chat in progress; none once it ended. */
  chatId(): string | undefined;
  ask<E extends JoinEvent>(
    event: E,
    payload: Parameters<VisitorClientEvents[E]>[0],
  ): Promise<Pick<AckResult<null>, 'ok'>>;
  /** Sends the counsellor's console, inside the chat's own session, the visitor's yes. */
  tell(content: MemberConsent): Promise<boolean>;
  lines(): readonly ChannelLine<'them'>[];
  /** Shows a member's message after the lines on screen, as news. */
  addLine(line: ChannelLine<'them'>): void;
  update(): void;
}

export class VisitorJoins {
  current?: CurrentJoin;
  notes: JoinNote[] = [];
  /** The key pair of the visitor's yes, until the member's key comes. */
  private pending?: PendingMemberConsent;
  /** The member's key as the server relayed it, until the counsellor's console vouches for it. */
  private offered?: string;
  /** The member's key as the counsellor's console vouched for it in the chat's session. */
  private vouch?: MemberVouch;
  private session?: Session;
  private noted = 0;

  constructor(private readonly port: JoinPort) {}

  /** `chat:join-asked`: a newer ask of this chat ends one still going on. */
  asked(asked: JoinAsked): void {
    if (asked.chatId !== this.port.chatId()) return;
    if (this.current && asked.joinNumber <= this.current.joinNumber) return;
    this.end();
    this.show({ joinNumber: asked.joinNumber, alias: asked.alias, stage: 'asking' });
  }

  /** The visitor's answer. Only a yes makes a key, and only its commitment leaves. */
  async answer(yes: boolean): Promise<void> {
    const chatId = this.port.chatId();
    const join = this.current;
    if (!chatId || join?.stage !== 'asking') return;
    const { joinNumber } = join;
    if (!yes) {
      this.finish('declined');
      await this.port.ask('chat:join-answer', { chatId, joinNumber, yes: false });
      return;
    }
    const pending = startMemberConsent();
    this.pending = pending;
    this.show({ ...join, stage: 'keying' });
    // First to the counsellor's console, end to end: no console takes the server's
    // word for a yes (§23.3).
    const { commitment } = pending;
    if (!(await this.port.tell({ kind: 'consent', joinNumber, commitment, by: join.alias }))) {
      // The counsellor's console did not get it (away): this join cannot go on.
      if (this.joinOf(chatId, joinNumber)) this.finish('failed');
      await this.port.ask('chat:join-end', { chatId, joinNumber });
      return;
    }
    const result = await this.port.ask('chat:join-answer', {
      chatId,
      joinNumber,
      yes: true,
      commitment: pending.commitment,
    });
    // The ask was over before the answer reached it (withdrawn, the member gone).
    if (!result.ok && this.joinOf(chatId, joinNumber)) this.finish('failed');
  }

  /** `chat:join-key`: the member's key as the server relays it. */
  async keyed({ chatId, joinNumber, publicKey }: JoinReveal): Promise<void> {
    if (this.joinOf(chatId, joinNumber)?.stage !== 'keying') return;
    this.offered ??= publicKey;
    await this.complete();
  }

  /**
   * The member's key as the counsellor's console vouches for it, inside the chat's own
   * session (§23.3): the server cannot make this up, so a member it invented (its own
   * key relayed as the member's) never gets the widget's key, nor a word.
   */
  async vouched(vouch: MemberVouch): Promise<void> {
    const chatId = this.port.chatId();
    if (!chatId || this.joinOf(chatId, vouch.joinNumber)?.stage !== 'keying') return;
    this.vouch ??= vouch;
    await this.complete();
  }

  /** Once the relayed key and the vouched one are both here: the same, derive and reveal. */
  private async complete(): Promise<void> {
    const chatId = this.port.chatId();
    const { pending, offered, vouch, current: join } = this;
    if (!chatId || join?.stage !== 'keying' || !pending || !offered || !vouch) return;
    const { joinNumber } = join;
    this.pending = undefined;
    let derived: ReturnType<typeof completeVisitorMember> | undefined;
    try {
      // Someone in between (or a name the counsellor does not know): no key, no word.
      if (offered === vouch.publicKey && vouch.by === join.alias) {
        derived = completeVisitorMember(pending, chatId, joinNumber, offered);
      }
    } catch {
      // Not a key: this member cannot join.
    }
    if (!derived) {
      forgetKeyPair(pending.keyPair);
      this.finish('failed');
      await this.port.ask('chat:join-end', { chatId, joinNumber });
      return;
    }
    this.session = derived.session;
    const result = await this.port.ask('chat:join-key', {
      chatId,
      joinNumber,
      publicKey: derived.publicKey,
    });
    const still = this.joinOf(chatId, joinNumber);
    if (!still) return;
    if (!result.ok) return this.finish('failed');
    this.show({ ...still, stage: 'joined' });
    this.note('joined');
  }

  /**
   * `chat:member-message`: a text of the member, shown with their alias like a
   * volunteer's line. Anything else (a history, a copied line) is not for a member to
   * send, and a frame that does not open is dropped.
   */
  received({ chatId, joinNumber, frame }: MemberFrame): void {
    const session = this.session;
    const join = this.joinOf(chatId, joinNumber);
    if (!session || !join) return;
    let content: ReturnType<typeof openFrame>;
    try {
      content = openFrame(session, frame);
    } catch {
      return;
    }
    if (content.kind !== 'text') return;
    if (this.port.lines().some((line) => line.id === content.id)) return;
    this.port.addLine({ id: content.id, from: 'them', text: content.text, by: join.alias });
  }

  /** `chat:member-left`: the join is over; the server says why, the widget only that it is. */
  left({ chatId, joinNumber }: MemberLeft): void {
    if (this.joinOf(chatId, joinNumber)) this.end();
  }

  /** The visitor removes the member (or takes back a yes before the keys). */
  async remove(): Promise<void> {
    const chatId = this.port.chatId();
    const join = this.current;
    if (!chatId || !join || join.stage === 'asking') return;
    this.end();
    await this.port.ask('chat:join-end', { chatId, joinNumber: join.joinNumber });
  }

  /** One of the visitor's texts, with the id it has in the chat, for the member too. */
  send(id: string, text: string): void {
    const chatId = this.port.chatId();
    const join = this.current;
    if (!chatId || !this.session || join?.stage !== 'joined') return;
    const frame = sealContent(this.session, { kind: 'text', id, text });
    // Not kept to send again: if it does not go, the join is ending (its socket went).
    void this.port.ask('chat:member-send', { chatId, joinNumber: join.joinNumber, frame });
  }

  /**
   * The join is over on this side, whatever ended it (the member left or was removed,
   * the chat ended, the connection was lost): the keys go; a member who was in, or
   * was being let in, is said to have left; an unanswered question just goes.
   */
  end(): void {
    const join = this.current;
    if (!join) return;
    if (join.stage === 'asking') {
      this.wipeKeys();
      this.show(undefined);
    } else {
      this.finish(join.stage === 'joined' ? 'left' : 'failed');
    }
  }

  /** Forgets everything: keys, the join, what was said. Quick exit, close, a new chat. */
  reset(): void {
    this.wipeKeys();
    this.current = undefined;
    this.notes = [];
  }

  /** The join going on, if it is the one named (of this chat). */
  private joinOf(chatId: string, joinNumber: number): CurrentJoin | undefined {
    const join = this.current;
    return chatId === this.port.chatId() && join?.joinNumber === joinNumber ? join : undefined;
  }

  /** Over, with what the conversation says about it. */
  private finish(kind: JoinNoteKind): void {
    this.note(kind);
    this.wipeKeys();
    this.show(undefined);
  }

  private note(kind: JoinNoteKind): void {
    const alias = this.current?.alias ?? '';
    const after = this.port.lines().at(-1)?.id;
    this.notes = [...this.notes, { id: ++this.noted, kind, alias, ...(after && { after }) }];
  }

  private wipeKeys(): void {
    forgetKeyPair(this.pending?.keyPair);
    this.pending = undefined;
    this.offered = undefined;
    this.vouch = undefined;
    if (this.session) closeSession(this.session);
    this.session = undefined;
  }

  private show(join: CurrentJoin | undefined): void {
    this.current = join;
    this.port.update();
  }
}
