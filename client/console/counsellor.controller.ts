import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { io, type Socket } from 'socket.io-client';
import {
  CryptoError,
  commitmentProven,
  completeCounsellorHandshake,
  forgetKeyPair,
  makeOffer,
  openAndConfirm,
  readyCrypto,
  newNoteKeys,
  openNote,
  resumeSecretOf,
  sealNote,
  startCounsellorHandshake,
  type NoteKeys,
} from '../../shared/crypto/chat.js';
import type { AckResult, ErrorCode } from '../../shared/protocol/errors.js';
import type {
  CounsellorClientEvents,
  CounsellorServerEvents,
  Receipt,
} from '../../shared/protocol/events.js';
import type {
  ChatAccepted,
  Colleague,
  ChatRekey,
  ChatRestored,
  DebriefSent,
  EndReason,
  KeyReveal,
  PresenceState,
  QueueStats,
  RekeyOffer,
  RiskLevel,
  Route,
  WireFrame,
} from '../../shared/protocol/schemas.js';
import type { Phrases, WrapUp } from '../../shared/protocol/admin.js';
import { ask, type AckData } from '../shared/ask.js';
import { ChatChannel, type ChannelLine } from '../shared/chat-channel.js';
import { parseUnknown } from '../../shared/protocol/parse.js';
import { HandoverNote } from '../../shared/protocol/schemas.js';
import { api } from './api.js';
import { ConsoleMailbox } from './console-mailbox.js';
import { ResumeSecrets } from './resume-secrets.js';
import { WhisperController } from './whisper.controller.js';

export type { DeliveryState } from '../shared/chat-channel.js';

/**
 * Who else wrote a line of a chat: the visitor, a colleague before a hand-over, or a
 * supervisor who joined with the visitor's consent (§23), by their alias.
 */
type ConsolePeer = 'visitor' | 'colleague' | 'member';

/** A line of a chat: this counsellor's, or another's (ConsolePeer). */
export type ConsoleLine = ChannelLine<ConsolePeer>;

export interface ConsoleChat {
  // Treated as immutable: see patch().
  accepted: ChatAccepted;
  status: 'keying' | 'active' | 'ended' | 'tampered';
  endReason?: EndReason;
  /** Indices into every language's safety word list (the view shows two languages). */
  safetyIndices: readonly number[];
  lines: ConsoleLine[];
  unread: number;
  peerTyping: boolean;
  /** The visitor's connection dropped; messages wait until they are back. */
  visitorAway: boolean;
  /**
   * Why the chat was keyed again: the visitor reloaded (their screen got the
   * conversation from here), or this console did (it got it from the visitor's).
   */
  rekeyedAfter?: 'visitor-reload' | 'console-reload';
  /**
   * The last re-key came without the visitor's proof that they are the one this
   * console was talking to (a stolen resume token, or a server inventing a visitor):
   * nothing earlier was sent, and the counsellor is warned.
   */
  unverified?: boolean;
  /** The note of the colleague who handed it over, opened here; false if it could not be. */
  handoverNote?: string | false;
  /** The wrap-up of the ended chat was saved. */
  wrappedUp?: boolean;
  /** The chat ended acute, or long: the console suggests a pause and offers a debrief. */
  pause?: 'acute' | 'long';
  /** The debrief asked for: how many supervisors were told, or why it failed. */
  debrief?: DebriefSent | { error: ErrorCode };
  /** The supervisor in the chat with the visitor's consent (§23), by alias, while they are. */
  member?: string;
}

/** What a supervisor's console is told of, on every screen: never content. */
export type StaffAlert =
  | { id: number; kind: 'acute'; alias: string; route: Route }
  | { id: number; kind: 'debrief'; alias: string };

/**
 * What happened in a chat that the counsellor may not be looking at, for the console's
 * live region: each is reported once, where it happens.
 */
export type ChatEvent =
  | { kind: 'message'; chatId: string }
  | { kind: 'handover'; chatId: string; fromAlias: string }
  | { kind: 'ended'; chatId: string; reason: EndReason };

type KeyPair = ReturnType<typeof startCounsellorHandshake>['keyPair'];

export type CounsellorSocket = Socket<CounsellorServerEvents, CounsellorClientEvents>;

/**
 * The console's live side: the signed-in socket, presence, the queue counts and
 * every chat with its session. Keys and lines live in memory only; closing a chat
 * wipes them.
 */
export class CounsellorController implements ReactiveController {
  connected = false;
  presence: PresenceState = {
    available: false,
    capacity: 0,
    activeChats: 0,
    onBreak: false,
    blockHours: 24,
  };
  stats: QueueStats = {};
  readonly chats = new Map<string, ConsoleChat>();
  /** Ready phrases: the organisation's, then one's own. */
  phrases: string[] = [];
  /** When the last queue:stats came, to tick wait times locally. */
  statsAt = Date.now();
  /** The signed-in counsellor's alias: sent with each message, to tell whose lines are whose. */
  alias = '';

  private socket?: CounsellorSocket;
  /** Each chat's session, outbox and typing signal; its lines stay in `chats`. */
  private readonly channels = new Map<string, ChatChannel<ConsolePeer>>();
  private readonly keyPairs = new Map<string, KeyPair>();
  /** A visitor's key can overtake the accept's ack. */
  private readonly earlyKeys = new Map<string, KeyReveal>();
  /** A re-key can arrive before `chats:resume` has told the console about the chat. */
  private readonly earlyRekeys = new Map<string, ChatRekey>();
  /** Marked available before the connection dropped: marked again when it is back. */
  private wantAvailable = false;
  /** Each chat's resume key of its last epoch, kept across a reload of this tab. */
  private readonly secrets = new ResumeSecrets();
  /** Key offers refused while the visitor was away, sent again when they are back. */
  private readonly pendingOffers = new Map<string, RekeyOffer>();
  /** This console's key pair for hand-over notes, in memory only (published with presence). */
  private noteKeys?: NoteKeys;
  /** The chat the counsellor has on screen: only its messages are read as they come. */
  private onScreen?: string;
  /** Told of a message off screen, a chat handed to this console, and each chat's end. */
  onChatEvent?: (event: ChatEvent) => void;
  /** Alerts for a supervisor (acute chats, debriefs asked for), newest last, until dismissed. */
  alerts: StaffAlert[] = [];
  private alertIds = 0;

  /** The mailbox of the routes this account serves, and the account's mailbox key. */
  readonly mailbox = new ConsoleMailbox(
    {
      list: () => this.ask('mailbox:list', {}),
      read: (id) => this.ask('mailbox:read', { id }),
      claim: (id) => this.ask('mailbox:claim', { id }),
      answer: (id, letter) => this.ask('mailbox:answer', { id, letter }),
      done: (id) => this.ask('mailbox:done', { id }),
      share: (request) => this.ask('mailbox:share', request),
      getKey: () => this.ask('staffkey:get', {}),
      setKey: (record) => this.ask('staffkey:set', record),
    },
    () => this.update(),
  );
  /** Support conversations with a supervisor, asked or given (whisper.controller.ts). */
  readonly whisper = new WhisperController(
    (event, payload) => this.ask(event, payload),
    () => this.update(),
    {
      alias: () => this.alias,
      memberChanged: (chatId, member) => this.setMember(chatId, member),
      memberLine: (chatId, line) => this.onMemberLine(chatId, line),
      vouch: (chatId, vouch) => void this.channels.get(chatId)?.sendContent(vouch),
    },
  );
  /**
   * `chats:resume` has answered on this connection: until then the server has not
   * moved this account's chats to the new socket, and a message sent would be refused.
   */
  private resumed = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly onUnauthenticated: () => void,
    /** Opens the signed-in socket; a unit test passes a stand-in for the server's end. */
    private readonly openSocket: () => CounsellorSocket = () =>
      io('/counsellor', { transports: ['websocket', 'polling'], withCredentials: true }),
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.disconnect();
  }

  /** Connects once, however many callers ask at once (sign-in and the mailbox key do). */
  connect(): Promise<void> {
    this.connecting ??= this.open().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private connecting?: Promise<void>;

  private async open(): Promise<void> {
    if (this.socket) return;
    await readyCrypto();
    this.noteKeys = newNoteKeys();
    const socket = this.openSocket();
    this.socket = socket;
    socket.on('connect', () => {
      this.resumed = false;
      this.set(() => (this.connected = true));
      void this.restore();
      void this.loadPhrases();
      void this.mailbox.refresh();
    });
    socket.on('disconnect', (reason) => {
      this.resumed = false;
      this.whisper.disconnected();
      this.set(() => (this.connected = false));
      // The server closed it on purpose (a role changed, a password changed, the session
      // ended): try once more; a session that has ended is refused and signs out.
      if (reason === 'io server disconnect') setTimeout(() => socket.connect(), 500);
    });
    socket.on('connect_error', (error) => {
      if (error.message === 'unauthenticated') {
        this.disconnect();
        this.onUnauthenticated();
      }
    });
    socket.on('presence:state', (presence) => this.set(() => (this.presence = presence)));
    socket.on('queue:stats', (stats) =>
      this.set(() => {
        this.stats = stats;
        this.statsAt = Date.now();
      }),
    );
    socket.on('chat:key', (reveal) => this.onKey(reveal));
    socket.on('chat:peer', ({ chatId, present, resumeHash }) => {
      const accepted = this.chats.get(chatId)?.accepted;
      this.patch(chatId, {
        visitorAway: !present,
        ...(present ? {} : { peerTyping: false }),
        // The visitor came back with a new resume token: its hash is what vouches for
        // them if the server restarts (chats:resume).
        ...(accepted && resumeHash && { accepted: { ...accepted, resumeHash } }),
      });
      const pending = present ? this.pendingOffers.get(chatId) : undefined;
      if (pending) {
        this.pendingOffers.delete(chatId);
        void this.ask('chat:rekey', pending);
      }
      if (present && this.chats.get(chatId)?.status === 'active') {
        void this.channels.get(chatId)?.flush();
      }
    });
    socket.on('chat:rekey', (rekey) => void this.onRekey(rekey));
    socket.on('chat:transferred', (restored) => this.onTransferred(restored));
    socket.on('chat:message', (frame, receipt) => this.onFrame(frame, receipt));
    socket.on('chat:typing', ({ chatId, typing }) => this.patch(chatId, { peerTyping: typing }));
    socket.on('chat:ended', ({ chatId, reason, pause }) => {
      this.markEnded(chatId, reason);
      // Also when this console's own end already marked it: the pause comes only here.
      if (pause) this.patch(chatId, { pause });
    });
    socket.on('risk:acute', ({ alias, route }) =>
      this.alert({ id: ++this.alertIds, kind: 'acute', alias, route }),
    );
    socket.on('debrief:asked', ({ alias }) =>
      this.alert({ id: ++this.alertIds, kind: 'debrief', alias }),
    );
    socket.on('mailbox:changed', () => void this.mailbox.refresh());
    this.whisper.listen(socket);
  }

  /**
   * Opens the account's mailbox key with the password just typed at sign-in (the
   * socket's first events wait for its connection). The caller drops the password
   * once this resolves; nothing here keeps it.
   */
  async unlockMailbox(password: string): Promise<void> {
    await this.connect();
    await this.mailbox.unlock(password, true);
  }

  disconnect(): void {
    this.secrets.clear();
    this.mailbox.clear();
    this.whisper.clear();
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = undefined;
    this.connected = false;
    this.alerts = [];
    for (const chatId of [...this.chats.keys()]) this.dismiss(chatId);
    this.update();
  }

  /**
   * On every (re)connect: takes back this account's live chats. Those whose keys
   * this tab still holds go on; the others (a reload) come back empty and are keyed
   * again, and the visitor's screen sends the conversation so far. Each held chat goes
   * with the hash of its visitor's resume token, so a server that restarted gives it
   * back to that visitor only.
   */
  private async restore(): Promise<void> {
    const held = [...this.channels.values()].flatMap(({ session }) => {
      const chat = session && this.chats.get(session.chatId);
      if (!chat) return [];
      const { route, resumeHash } = chat.accepted;
      return [{ chatId: session.chatId, epoch: session.epoch, route, resumeHash }];
    });
    const socket = this.socket;
    const result = await this.ask('chats:resume', { chats: held });
    if (!result.ok) {
      // Try again while this connection lasts: messages wait until it has answered.
      if (socket?.connected) setTimeout(() => this.socket === socket && void this.restore(), 1000);
      return;
    }
    this.resumed = true;
    for (const restored of result.data) {
      const { rekey, ...accepted } = restored;
      const chat = this.chats.get(accepted.chatId);
      if (!chat) {
        this.addChat(accepted, {
          status: rekey ? 'keying' : 'active',
          ...(rekey && { rekeyedAfter: 'console-reload' as const }),
        });
      } else if (rekey) {
        this.channels.get(accepted.chatId)?.dropSession();
        this.patch(accepted.chatId, {
          accepted,
          status: 'keying',
          rekeyedAfter: 'console-reload',
        });
      } else {
        this.patch(accepted.chatId, {
          visitorAway: false,
          accepted: { ...chat.accepted, resumeHash: accepted.resumeHash },
        });
        void this.channels.get(accepted.chatId)?.flush();
      }
      const early = this.earlyRekeys.get(accepted.chatId);
      this.earlyRekeys.delete(accepted.chatId);
      if (early) void this.onRekey(early);
    }
    if (this.wantAvailable) await this.setAvailable(true);
    this.update();
  }

  /**
   * A colleague handed this console a chat: it waits for the visitor's fresh keys
   * (a new epoch), then the visitor's screen sends the conversation so far.
   */
  private onTransferred(restored: ChatRestored): void {
    const { rekey: _rekey, ...accepted } = restored;
    this.addChat(accepted, { status: 'keying', unread: 1 });
    this.onChatEvent?.({
      kind: 'handover',
      chatId: accepted.chatId,
      fromAlias: accepted.handover?.fromAlias ?? '',
    });
    const early = this.earlyRekeys.get(accepted.chatId);
    this.earlyRekeys.delete(accepted.chatId);
    if (early) void this.onRekey(early);
    this.update();
  }

  /** The anonymous wrap-up of an ended chat; only categories, counted per day. */
  async wrapUp(wrapUp: WrapUp): Promise<ErrorCode | undefined> {
    const result = await this.ask('chat:wrapup', wrapUp);
    if (result.ok) this.patch(wrapUp.chatId, { wrappedUp: true });
    return result.ok ? undefined : result.error;
  }

  /**
   * Sets the risk level of one's chat. The server keeps it in the chat's live state
   * (so a reload shows it again) and alerts the supervisors when it first turns acute.
   */
  async setRisk(chatId: string, level: RiskLevel): Promise<ErrorCode | undefined> {
    const result = await this.ask('chat:risk', { chatId, level });
    const accepted = this.chats.get(chatId)?.accepted;
    if (result.ok && accepted) this.patch(chatId, { accepted: { ...accepted, risk: level } });
    return result.ok ? undefined : result.error;
  }

  /** Asks the supervisors online for a debrief after a chat that ended with a pause. */
  async askDebrief(chatId: string): Promise<void> {
    const result = await this.ask('chat:debrief', { chatId });
    this.patch(chatId, { debrief: result.ok ? result.data : { error: result.error } });
  }

  private alert(alert: StaffAlert): void {
    // A few at most: an old alert is on the board by now.
    this.set(() => (this.alerts = [...this.alerts.slice(-4), alert]));
  }

  dismissAlert(id: number): void {
    this.set(() => (this.alerts = this.alerts.filter((alert) => alert.id !== id)));
  }

  /** The shared ready phrases and one's own, fetched when a chat view asks. */
  async loadPhrases(): Promise<void> {
    const result = await api<Phrases>('GET', '/phrases');
    if (result.ok) {
      this.phrases = [...result.data.shared, ...result.data.own.map((phrase) => phrase.text)];
      this.update();
    }
  }

  /** Colleagues who are available, serve the chat's route and have room for it now. */
  async colleagues(chatId: string): Promise<Colleague[]> {
    const result = await this.ask('colleagues:list', { chatId });
    return result.ok ? result.data : [];
  }

  /** Colleagues free now but not trained for the chat's route: why nobody can take it. */
  async untrainedColleagues(chatId: string): Promise<number> {
    const result = await this.ask('colleagues:untrained', { chatId });
    return result.ok ? result.data : 0;
  }

  /**
   * Hands a chat to a colleague (account id) or back to the queue, with a short note
   * sealed here to the note key of each console that may take it: the colleague's, or
   * for the queue every console available on the route now.
   */
  async transfer(
    chatId: string,
    to: number | 'queue',
    note: string,
  ): Promise<ErrorCode | undefined> {
    // The note's one limit (trimmed, 300 characters) is the shared schema's.
    const parsed = parseUnknown(HandoverNote, note);
    if (!parsed.ok) return parsed.error;
    const text = parsed.data;
    let notes: Record<string, string> | undefined;
    if (text) {
      const readers =
        to === 'queue'
          ? await this.ask('handover:readers', { chatId })
          : await this.ask('colleagues:list', { chatId });
      if (!readers.ok) return readers.error;
      notes = {};
      for (const { accountId, noteKey } of readers.data) {
        if (noteKey && (to === 'queue' || accountId === to)) {
          notes[String(accountId)] = sealNote(text, noteKey);
        }
      }
    }
    const result = await this.ask('chat:transfer', { chatId, to, ...(notes && { notes }) });
    if (!result.ok) return result.error;
    this.markEnded(chatId, 'transferred');
    return undefined;
  }

  async setAvailable(available: boolean, capacity?: number): Promise<ErrorCode | undefined> {
    this.wantAvailable = available;
    const result = await this.ask('presence:set', {
      available,
      ...(this.noteKeys && { noteKey: this.noteKeys.publicKey }),
      ...(capacity !== undefined && { capacity }),
    });
    if (result.ok) this.set(() => (this.presence = result.data));
    return result.ok ? undefined : result.error;
  }

  /**
   * How many chats at once. Keeps the availability last asked for, not the last one
   * confirmed: "Available" switched on and the number changed at once must not send
   * the old "not available" after the new (found by console.spec under load).
   */
  setCapacity(capacity: number): Promise<ErrorCode | undefined> {
    return this.setAvailable(this.wantAvailable, capacity);
  }

  /**
   * Accepts the longest-waiting visitor; returns the chat id, or why not. The key is
   * made only now that the chatId, epoch and the visitor's commitment are known, and
   * offered with `chat:rekey` (protocol v2: never before them).
   */
  async acceptNext(): Promise<{ chatId: string } | { error: ErrorCode }> {
    const result = await this.ask('queue:accept', {});
    if (!result.ok) return { error: result.error };
    const accepted = result.data;
    this.addChat(accepted, { status: 'keying' });
    this.update();
    await this.offer(accepted);
    return { chatId: accepted.chatId };
  }

  /** Makes this console's key for the chat's current epoch and offers it. */
  private async offer(target: { chatId: string; epoch: number; commitment: string }) {
    const { keyPair } = startCounsellorHandshake();
    forgetKeyPair(this.keyPairs.get(target.chatId));
    this.keyPairs.set(target.chatId, keyPair);
    const early = this.earlyKeys.get(target.chatId);
    const offer = makeOffer(keyPair, target, this.secrets.get(target.chatId));
    const result = await this.ask('chat:rekey', offer);
    if (!result.ok && result.error === 'not_found') {
      this.markEnded(target.chatId, 'visitor_disconnected');
    } else if (!result.ok && result.error === 'peer_away') {
      // The visitor dropped just now: the same offer goes again when they are back.
      this.pendingOffers.set(target.chatId, offer);
    } else if (early?.epoch === target.epoch) {
      this.earlyKeys.delete(target.chatId);
      this.onKey(early);
    }
  }

  private onKey(reveal: KeyReveal): void {
    const chat = this.chats.get(reveal.chatId);
    const keyPair = this.keyPairs.get(reveal.chatId);
    if (!chat || !keyPair) {
      this.earlyKeys.set(reveal.chatId, reveal);
      return;
    }
    this.keyPairs.delete(reveal.chatId);
    try {
      const session = completeCounsellorHandshake(keyPair, chat.accepted, reveal);
      const channel = this.channelFor(reveal.chatId);
      channel.keyed(session);
      this.secrets.set(resumeSecretOf(session));
      this.patch(reveal.chatId, {
        safetyIndices: session.safetyIndices,
        status: 'active',
        visitorAway: false,
      });
      // The visitor's screen was emptied by a reload: the conversation goes back to
      // them only if they proved they are the same visitor.
      if (chat.rekeyedAfter === 'visitor-reload' && !chat.unverified) {
        void this.replayHistory(channel);
      } else {
        void channel.flush();
      }
    } catch (error) {
      this.patch(reveal.chatId, { status: 'tampered' });
      if (error instanceof CryptoError) void this.ask('chat:end', { chatId: reveal.chatId });
    }
  }

  /**
   * An epoch waits for this console's key: the visitor reloaded and lost its keys,
   * this console did, or a colleague handed the chat over. Where this console held
   * the chat before, the visitor must prove it is the same visitor (its proof, made
   * with the last epoch's resume key); if not, the chat goes on empty and the
   * counsellor is warned. Until it is keyed, messages wait in the outbox.
   */
  private async onRekey(rekey: ChatRekey): Promise<void> {
    const { chatId, epoch, commitment } = rekey;
    const chat = this.chats.get(chatId);
    if (!chat) {
      this.earlyRekeys.set(chatId, rekey);
      return;
    }
    if (chat.status === 'ended' || chat.status === 'tampered') return;
    // The epoch only moves forward; an old one (or the live one) replayed is ignored.
    if (epoch < chat.accepted.epoch) return;
    if (epoch === chat.accepted.epoch && chat.status === 'active') return;
    const secret = this.secrets.get(chatId);
    this.pendingOffers.delete(chatId);
    this.channels.get(chatId)?.dropSession();
    this.patch(chatId, {
      accepted: { ...chat.accepted, epoch, commitment },
      status: 'keying',
      visitorAway: false,
      // Once unproven, a chat stays so: a key that came unproven cannot vouch for
      // itself at the next re-key, so nothing earlier is ever re-sent in it.
      unverified:
        chat.unverified === true || (secret !== undefined && !commitmentProven(secret, rekey)),
      // A re-key this console asked for (after its reload) keeps that reason; the
      // first keys of a chat handed over from a colleague need none.
      ...(!(chat.accepted.handover && chat.status === 'keying' && !chat.rekeyedAfter) && {
        rekeyedAfter:
          chat.rekeyedAfter === 'console-reload' && chat.status === 'keying'
            ? ('console-reload' as const)
            : ('visitor-reload' as const),
      }),
    });
    await this.offer({ chatId, epoch, commitment });
  }

  /**
   * After a re-key the visitor's screen is empty: send the conversation so far,
   * encrypted in the new epoch, then whatever is still unsent.
   */
  private async replayHistory(channel: ChatChannel<ConsolePeer>): Promise<void> {
    if (await channel.sendHistory()) await channel.flush();
  }

  private onFrame(frame: WireFrame, receipt?: (receipt: Receipt) => void): void {
    const channel = this.channels.get(frame.chatId);
    if (!channel) {
      // Not a chat on this console: the receipt says unopened, as for a forged frame.
      openAndConfirm(undefined, frame, receipt);
      return;
    }
    if (channel.receive(frame, receipt) !== 'message') return;
    this.patch(frame.chatId, { peerTyping: false });
    this.noteMessage(frame.chatId);
  }

  /** A new line in a chat: counted and announced while the chat is not on screen. */
  private noteMessage(chatId: string): void {
    if (chatId === this.onScreen) return;
    this.patch(chatId, { unread: (this.chats.get(chatId)?.unread ?? 0) + 1 });
    this.onChatEvent?.({ kind: 'message', chatId });
  }

  /**
   * The supervisor who joined the chat said a line to the visitor (copied over the
   * whisper): shown as theirs and kept with the chat's lines, so that a history sent
   * again after the visitor's reload has it, with their alias.
   */
  private onMemberLine(chatId: string, line: { id: string; text: string; by: string }): void {
    const chat = this.chats.get(chatId);
    if (!chat || chat.lines.some((known) => known.id === line.id)) return;
    this.patch(chatId, { lines: [...chat.lines, { ...line, from: 'member' }] });
    this.noteMessage(chatId);
  }

  private setMember(chatId: string, member: string | undefined): void {
    const chat = this.chats.get(chatId);
    if (!chat || chat.member === member) return;
    const { member: _gone, ...rest } = chat;
    this.chats.set(chatId, member ? { ...rest, member } : rest);
    this.update();
  }

  send(chatId: string, text: string): void {
    const channel = this.channels.get(chatId);
    if (!channel?.session || !this.chats.has(chatId)) return;
    const id = channel.send(text);
    // A supervisor in the chat reads it through the support conversation (§23).
    if (id) this.whisper.join.copyLine(chatId, id, text.trim());
  }

  retry(chatId: string, id: string): void {
    this.channels.get(chatId)?.retry(id);
  }

  typed(chatId: string): void {
    this.channels.get(chatId)?.typed();
  }

  async end(chatId: string): Promise<void> {
    const result = await this.ask('chat:end', { chatId });
    if (result.ok || result.error === 'not_found') this.markEnded(chatId, 'ended_by_counsellor');
  }

  /** Ends the chat and blocks its visitor's network for the settings' time ("End and block"). */
  async endAndBlock(chatId: string): Promise<ErrorCode | undefined> {
    const result = await this.ask('chat:block', { chatId });
    if (result.ok || result.error === 'not_found') this.markEnded(chatId, 'ended_by_counsellor');
    return result.ok ? undefined : result.error;
  }

  /** Takes a break (no new chats; one's own go on) or comes back from one, available again. */
  async setBreak(onBreak: boolean): Promise<ErrorCode | undefined> {
    this.wantAvailable = !onBreak;
    const result = await this.ask('presence:set', {
      available: !onBreak,
      onBreak,
      ...(this.noteKeys && { noteKey: this.noteKeys.publicKey }),
    });
    if (result.ok) this.set(() => (this.presence = result.data));
    return result.ok ? undefined : result.error;
  }

  /**
   * Which chat is on screen now (none while another view is open or the tab is hidden):
   * its messages are read; every other chat's count on until it is shown.
   */
  showing(chatId: string | undefined): void {
    this.onScreen = chatId;
    if (chatId && (this.chats.get(chatId)?.unread ?? 0) > 0) this.patch(chatId, { unread: 0 });
  }

  /** Removes an ended chat from the console and wipes what was left of it. */
  dismiss(chatId: string): void {
    // The support conversation about it goes with it (the server ended it with the chat).
    const whisper = this.whisper.aboutChat(chatId);
    if (whisper) this.whisper.dismiss(whisper.whisperId);
    this.channels.get(chatId)?.close();
    this.channels.delete(chatId);
    this.forgetKey(chatId);
    this.pendingOffers.delete(chatId);
    this.secrets.delete(chatId);
    this.chats.delete(chatId);
    this.update();
  }

  /** The key this console made for the chat and never used: wiped, not left to the GC. */
  private forgetKey(chatId: string): void {
    forgetKeyPair(this.keyPairs.get(chatId));
    this.keyPairs.delete(chatId);
  }

  private markEnded(chatId: string, reason: EndReason): void {
    const chat = this.chats.get(chatId);
    if (!chat || chat.status === 'ended') return;
    this.channels.get(chatId)?.dropSession();
    this.forgetKey(chatId);
    this.secrets.delete(chatId);
    this.patch(chatId, {
      status: chat.status === 'tampered' ? 'tampered' : 'ended',
      endReason: reason,
      peerTyping: false,
    });
    this.onChatEvent?.({ kind: 'ended', chatId, reason });
  }

  /** Shows a new chat (or one handed back, in place of the old) with an empty screen. */
  private addChat(
    accepted: ChatAccepted,
    fields: Pick<ConsoleChat, 'status'> & Partial<ConsoleChat>,
  ): void {
    const sealed = accepted.handover?.sealedNote;
    const opened = sealed && this.noteKeys ? openNote(sealed, this.noteKeys) : undefined;
    this.chats.set(accepted.chatId, {
      accepted,
      safetyIndices: [],
      lines: [],
      unread: 0,
      peerTyping: false,
      visitorAway: false,
      ...(sealed && { handoverNote: opened ?? false }),
      ...fields,
    });
    this.channelFor(accepted.chatId);
  }

  /** A chat's channel, made with the chat; a chat handed back to this console gets its old one. */
  private channelFor(chatId: string): ChatChannel<ConsolePeer> {
    let channel = this.channels.get(chatId);
    if (!channel) {
      channel = new ChatChannel<ConsolePeer>({
        role: 'counsellor',
        peer: 'visitor',
        colleague: 'colleague',
        alias: () => this.alias,
        send: (frame) => this.ask('chat:send', frame),
        canSend: () => this.connected && this.resumed,
        typing: (typing) => {
          if (this.chats.get(chatId)?.status !== 'active') return false;
          void this.ask('chat:typing', { chatId, typing });
          return true;
        },
        lines: () => this.chats.get(chatId)?.lines ?? [],
        setLines: (lines) => this.patch(chatId, { lines }),
        join: (content) => {
          if (content.kind === 'consent') this.whisper.join.consented(chatId, content);
        },
      });
      this.channels.set(chatId, channel);
    }
    return channel;
  }

  /**
   * Replaces a chat with a changed copy: views compare by identity, so a chat is
   * never changed in place.
   */
  private patch(chatId: string, changes: Partial<ConsoleChat>): void {
    const chat = this.chats.get(chatId);
    if (!chat) return;
    this.chats.set(chatId, { ...chat, ...changes });
    this.update();
  }

  private ask<E extends keyof CounsellorClientEvents>(
    event: E,
    payload: Parameters<CounsellorClientEvents[E]>[0],
  ): Promise<AckResult<AckData<CounsellorClientEvents[E]>>> {
    return ask(this.socket, event, payload);
  }

  private set(change: () => void): void {
    change();
    this.update();
  }

  private update(): void {
    this.host.requestUpdate();
  }
}
