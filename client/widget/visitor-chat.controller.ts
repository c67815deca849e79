import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { io, type Socket } from 'socket.io-client';
import {
  closeSession,
  completeVisitorHandshake,
  newToken,
  offerProven,
  proveCommitment,
  readyCrypto,
  resumeSecretOf,
  startVisitorHandshake,
  forgetKeyPair,
  type PendingHandshake,
  type ResumeSecret,
} from '../../shared/crypto/chat.js';
import type { AckResult, ErrorCode } from '../../shared/protocol/errors.js';
import type {
  Receipt,
  VisitorClientEvents,
  VisitorServerEvents,
} from '../../shared/protocol/events.js';
import type {
  ChatStarted,
  EndReason,
  Language,
  Route,
  Topic,
  WireFrame,
} from '../../shared/protocol/schemas.js';
import type { ServiceStatus } from '../../shared/protocol/settings.js';
import { parseJson } from '../../shared/protocol/parse.js';
import {
  ChatId,
  Epoch,
  ROUTES,
  ResumeToken,
  Route as RouteSchema,
} from '../../shared/protocol/schemas.js';
import { z } from 'zod/mini';
import { ACK_TIMEOUT_MS, ask, type AckData } from '../shared/ask.js';
import { ChatChannel, type ChannelLine } from '../shared/chat-channel.js';
import { RESUME_KEY } from './resume-key.js';
import type { VisitorJoins } from './visitor-join.js';

export type { DeliveryState } from '../shared/chat-channel.js';

export type Phase = 'idle' | 'connecting' | 'queued' | 'keying' | 'chat' | 'ended';

export type ChatLine = ChannelLine<'them'>;

export type Notice =
  | { kind: 'resumed' }
  | { kind: 'handedOver'; alias: string }
  | { kind: 'counsellorBack' }
  | { kind: 'requeued'; reason: 'transferred' | 'counsellor_gone' }
  /** New keys came without the counsellor's proof: compare the safety words. */
  | { kind: 'unverified' };

/** A resume that fails for a passing reason is tried again, this many times. */
const RESUME_ATTEMPTS = 5;
const RESUME_RETRY_MS = 1000;
/** A notice ("you are back in your chat") stays this long, then makes room. */
const NOTICE_MS = 10_000;

/**
 * What a tab keeps to take its chat back after a reload (in the chat frame's own
 * sessionStorage, never the host page's): the chat, the token for the next resume,
 * and the resume key of the last epoch, to prove at the re-key that this is the same
 * visitor. Anything else found is dropped.
 */
const ResumeRecord = z.strictObject({
  chatId: ChatId,
  token: ResumeToken,
  route: RouteSchema,
  secret: z.optional(z.strictObject({ epoch: Epoch, key: z.string().check(z.maxLength(64)) })),
  /** The token a resume asked for before its answer came: tried if `token` is refused. */
  next: z.optional(ResumeToken),
});
type ResumeRecord = z.infer<typeof ResumeRecord>;

export type VisitorSocket = Socket<VisitorServerEvents, VisitorClientEvents>;

/** Seams for running the controller outside a browser (a unit test, the soak in Node). */
export interface VisitorChatOptions {
  /** Opens the socket to `/visitor`; the browser's default opens it on `origin`. */
  openSocket?: () => VisitorSocket;
}

/** The visitor's mailbox events (docs/PROTOCOL.md §21.6), asked for by the mailbox's screens. */
export type MailboxEvent =
  'mailbox:readers' | 'mailbox:create' | 'mailbox:open' | 'mailbox:write' | 'mailbox:delete';

/** One mailbox request and its answer; `network` when no connection could be had. */
export type MailboxAsk = <E extends MailboxEvent>(
  event: E,
  payload: Parameters<VisitorClientEvents[E]>[0],
) => Promise<AckResult<AckData<VisitorClientEvents[E]>> | { ok: false; error: 'network' }>;

/**
 * The visitor's chat: the socket, the handshake and the session, and the lines on
 * screen. The host renders from its public fields; nothing here touches the DOM.
 * Keys and lines live in memory only; sessionStorage holds at most the resume
 * token of the chat in progress, and `wipe()` forgets everything.
 */
export class VisitorChatController implements ReactiveController {
  phase: Phase = 'idle';
  status?: ServiceStatus;
  /**
   * The routes a letter may be written on now: the mailbox is on and someone can read
   * the route (`mailbox:readers` has keys). Empty, the widget offers no letter.
   */
  mailboxRoutes: readonly Route[] = [];
  route?: Route;
  position = 0;
  estimateSeconds?: number;
  counsellorAlias = '';
  /** Indices into the safety word lists: the panel shows them in its language. */
  safetyIndices: readonly number[] = [];
  lines: ChatLine[] = [];
  peerTyping = false;
  /** The connection dropped; socket.io is trying again and the chat waits. */
  reconnecting = false;
  /** The counsellor's connection dropped; messages wait until they are back. */
  counsellorAway = false;
  notice?: Notice;
  error?: ErrorCode | 'network';
  endReason?: EndReason;
  /** Set after an answered chat: one rating may be sent with it. */
  ratingTicket?: string;
  rated = false;
  /**
   * A colleague took over: may they see the conversation so far? Asked once the new
   * keys are agreed; nothing is sent unless the visitor says yes.
   */
  shareQuestion?: 'asking' | 'shared' | 'kept';
  /** The volunteer's and a member's messages that came as news (not a history sent again): for announcing. */
  arrived = 0;
  /**
   * A supervisor joining with the visitor's consent (§23): loaded with the first ask,
   * then kept for the chat (what it said stays in the conversation).
   */
  joins?: VisitorJoins;

  private socket?: VisitorSocket;
  private pending?: PendingHandshake;
  /** The session, the outbox and the typing signal. */
  private readonly channel: ChatChannel<'them'>;
  private chatId?: string;
  private resumeToken?: string;
  /** The counsellor's console lost the conversation: send it over once keyed again (if proven). */
  private replayToCounsellor = false;
  /** A colleague takes over: ask before the conversation goes to them. */
  private handedOver = false;
  /**
   * The first line on screen the current volunteer may see again: after a hand-over
   * the visitor may keep what came before. A later re-send never goes further back.
   */
  private shareableFrom = 0;
  /**
   * A re-key of this chat came without the volunteer's proof: from then on nothing
   * earlier is ever re-sent in this chat, whatever later proofs say (a key that came
   * unproven cannot vouch for itself).
   */
  private distrusted = false;
  /** The resume key of the last epoch this widget keyed. */
  private secret?: ResumeSecret;
  /** The token a resume in progress asked the server to keep next (see resume()). */
  private nextToken?: string;
  private noticeTimer?: ReturnType<typeof setTimeout>;
  /**
   * A counsellor can take the chat, on another process, before the answer to
   * `queue:join` has come back: their offer waits here until the chat id is known.
   */
  private earlyStarted?: ChatStarted;
  /**
   * Between a reconnect and the answer to `chat:resume` the new socket does not speak
   * for the chat yet: a message sent then would be refused, so it waits.
   */
  private resuming = false;
  /**
   * Counts the resumes started (one per connect): an older one still waiting for its
   * answer, or for its retry, gives way to the newer, which alone changes the tokens.
   */
  private resumeRun = 0;
  private readonly openSocket: () => VisitorSocket;
  /** The join's code, loading or loaded; every join event waits for it, in order. */
  private loadingJoins?: Promise<VisitorJoins>;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly origin: string,
    options: VisitorChatOptions = {},
  ) {
    this.openSocket =
      options.openSocket ??
      (() =>
        io(`${this.origin}/visitor`, {
          transports: ['websocket', 'polling'],
          reconnectionDelayMax: 4000,
        }));
    this.channel = new ChatChannel({
      role: 'visitor',
      peer: 'them',
      send: (frame) => this.ask('chat:send', frame),
      canSend: () => this.socket?.connected === true && !this.resuming,
      typing: (typing) => {
        if (!this.chatId || this.phase !== 'chat') return false;
        this.socket?.emit('chat:typing', { chatId: this.chatId, typing }, () => undefined);
        return true;
      },
      lines: () => this.lines,
      setLines: (lines) => this.set(() => (this.lines = lines)),
      join: (content) => {
        if (content.kind === 'member') this.withJoins((joins) => void joins.vouched(content));
      },
    });
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.wipe();
  }

  /**
   * Opens the connection and asks for the service's status; takes back a chat
   * from before a reload when there is one.
   */
  async open(): Promise<void> {
    if (this.socket) return;
    await readyCrypto();
    const socket = this.openSocket();
    this.socket = socket;
    socket.on('connect', () => void this.onConnect());
    socket.on('connect_error', () => {
      this.set(() => (this.reconnecting = this.phase !== 'idle' && this.phase !== 'ended'));
    });
    socket.on('disconnect', () => {
      this.resuming = this.chatId !== undefined;
      this.set(() => (this.reconnecting = this.phase !== 'idle' && this.phase !== 'ended'));
    });
    socket.on('queue:position', ({ chatId, position, estimateSeconds }) => {
      if (chatId !== this.chatId) return;
      this.set(() => {
        this.position = position;
        this.estimateSeconds = estimateSeconds;
      });
    });
    socket.on('chat:started', (started) => void this.onStarted(started));
    socket.on('chat:message', (frame, receipt) => this.onFrame(frame, receipt));
    socket.on('chat:typing', ({ chatId, typing }) => {
      if (chatId === this.chatId) this.set(() => (this.peerTyping = typing));
    });
    socket.on('chat:peer', ({ chatId, present }) => {
      if (chatId !== this.chatId) return;
      this.set(() => {
        this.counsellorAway = !present;
        if (present) this.showNotice({ kind: 'counsellorBack' });
      });
      if (present) void this.channel.flush();
    });
    socket.on('service:restarting', () => {
      // Keep everything: the socket reconnects to the next process and resumes.
      this.set(() => (this.reconnecting = this.phase !== 'idle' && this.phase !== 'ended'));
    });
    socket.on('chat:recommit', ({ chatId, reason }) => {
      if (chatId !== this.chatId) return;
      // The counsellor's console reloaded (it gets the conversation back once it has
      // proven it is the same console), or a colleague takes over (asked first). The
      // chat stays on screen; what is typed meanwhile waits in the outbox.
      this.replayToCounsellor = reason === 'reload';
      this.handedOver = reason === 'transferred';
      // A new volunteer: nothing to prove to them, and nothing of before without a yes.
      if (this.handedOver) {
        this.secret = undefined;
        this.shareableFrom = this.lines.length;
        this.saveResume();
      }
      this.counsellorAway = false;
      void this.recommit(reason === 'reload');
    });
    socket.on('chat:requeued', ({ chatId, position, reason }) => {
      if (chatId !== this.chatId) return;
      // The counsellor did not come back: waiting again, at the same place.
      this.counsellorAway = false;
      this.phase = 'queued';
      this.position = position;
      this.counsellorAlias = '';
      this.safetyIndices = [];
      this.replayToCounsellor = false;
      // Whoever takes the chat next is someone new: no proof to give or expect, and
      // the conversation goes to them only if the visitor says so.
      this.secret = undefined;
      this.shareableFrom = this.lines.length;
      this.saveResume();
      this.handedOver = reason === 'transferred';
      this.showNotice({ kind: 'requeued', reason });
      void this.recommit(false);
    });
    socket.on('chat:join-asked', (asked) => this.withJoins((joins) => joins.asked(asked)));
    socket.on('chat:join-key', (reveal) => this.withJoins((joins) => void joins.keyed(reveal)));
    socket.on('chat:member-message', (frame) => this.withJoins((joins) => joins.received(frame)));
    socket.on('chat:member-left', (left) => this.withJoins((joins) => joins.left(left)));
    socket.on('chat:ended', ({ chatId, reason, ratingTicket }) => {
      if (chatId !== this.chatId) return;
      this.ratingTicket = ratingTicket;
      this.finish(reason);
    });
  }

  private async onConnect(): Promise<void> {
    this.set(() => (this.reconnecting = false));
    const saved = readResume();
    if (this.chatId && this.resumeToken) {
      // The server ended any join when the old socket went, and told that socket.
      this.joins?.end();
      await this.resume(this.chatId, this.resumeToken);
    } else if (saved && this.phase === 'idle') {
      this.route = saved.route;
      if (saved.secret) this.secret = { chatId: saved.chatId, ...saved.secret };
      this.nextToken = saved.next;
      this.resumeToken = saved.token;
      this.phase = 'connecting';
      this.update();
      await this.resume(saved.chatId, saved.token);
    }
    await this.refreshStatus();
  }

  /** Waits for the socket (opening it if needed); false if it cannot connect. */
  private async whenConnected(timeoutMs = ACK_TIMEOUT_MS): Promise<boolean> {
    if (!this.socket) await this.open();
    const socket = this.socket;
    if (!socket) return false;
    if (socket.connected) return true;
    return new Promise<boolean>((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        socket.off('connect', onConnect);
        socket.off('connect_error', onError);
        resolve(ok);
      };
      const onConnect = () => done(true);
      const onError = () => done(false);
      const timer = setTimeout(() => done(false), timeoutMs);
      socket.on('connect', onConnect);
      socket.on('connect_error', onError);
    });
  }

  async refreshStatus(): Promise<void> {
    const result = await this.ask('status:get', {});
    if (!result.ok) return;
    const mailboxRoutes = result.data.mailbox ? await this.readableRoutes() : [];
    this.set(() => {
      this.status = result.data;
      this.mailboxRoutes = mailboxRoutes;
    });
  }

  /** The routes whose letters someone can read; `closed` (or no answer) is none. */
  private async readableRoutes(): Promise<Route[]> {
    const answers = await Promise.all(
      ROUTES.map(async (route) => ({
        route,
        answer: await this.ask('mailbox:readers', { route }),
      })),
    );
    return answers.filter(({ answer }) => answer.ok && answer.data.length > 0).map((a) => a.route);
  }

  /**
   * The mailbox's requests go over this connection (opening it if needed). The mailbox
   * keeps its own state (visitor-mailbox.controller.ts); nothing of it is stored here.
   */
  readonly askMailbox: MailboxAsk = async (event, payload) => {
    if (!(await this.whenConnected())) return { ok: false, error: 'network' };
    return this.ask(event, payload);
  };

  /** `urgent`: the visitor said they are in danger right now (first in the queue). */
  async start(route: Route, lang: Language, urgent = false): Promise<void> {
    if (this.chatId || this.phase !== 'idle') return;
    this.route = route;
    this.phase = 'connecting';
    this.error = undefined;
    this.update();
    if (!(await this.whenConnected())) return this.fail('network');
    const pending = this.replacePending(startVisitorHandshake());
    const result = await this.ask('queue:join', {
      route,
      commitment: pending.commitment,
      lang,
      ...(urgent && { urgent: true }),
    });
    const early = this.earlyStarted;
    this.earlyStarted = undefined;
    if (!result.ok) return this.fail(result.error);
    this.chatId = result.data.chatId;
    this.resumeToken = result.data.resumeToken;
    this.saveResume();
    this.position = result.data.position;
    this.estimateSeconds = result.data.estimateSeconds;
    if (this.phase === 'connecting') this.phase = 'queued';
    this.update();
    if (early?.chatId === this.chatId) await this.onStarted(early);
  }

  /**
   * Fresh keys for the next handshake, when the server asks for them; with a proof
   * for the same counsellor's console (`prove`), none for a new counsellor.
   */
  private async recommit(prove: boolean): Promise<void> {
    if (!this.chatId) return;
    this.channel.dropSession();
    const pending = this.replacePending(startVisitorHandshake());
    const proof = prove ? this.proofFor(pending.commitment) : undefined;
    this.update();
    const result = await this.ask('chat:commit', {
      chatId: this.chatId,
      commitment: pending.commitment,
      ...(proof && { proof }),
    });
    if (!result.ok && result.error === 'not_found') this.finish('counsellor_disconnected');
  }

  /** The optional topic and language, told while waiting. */
  async details(details: { topic?: Topic; lang?: Language }): Promise<boolean> {
    if (!this.chatId || this.phase !== 'queued') return false;
    const result = await this.ask('queue:details', { chatId: this.chatId, ...details });
    return result.ok;
  }

  /**
   * Takes the chat back on a new socket. With the keys still in memory (a dropped
   * connection) it simply goes on; without them (a reload) it sends a fresh
   * commitment and the chat is re-keyed with the counsellor in a new epoch.
   */
  private async resume(
    chatId: string,
    token: string,
    attempt = 1,
    run = ++this.resumeRun,
  ): Promise<void> {
    if (run !== this.resumeRun) return; // a newer connect took over
    if (!this.socket?.connected) return; // the next connect tries again
    const keepKeys = this.channel.session !== undefined && this.phase === 'chat';
    if (!keepKeys && !this.pending) this.replacePending(startVisitorHandshake());
    // What this widget knows of the chat, for a server that restarted and knows nothing.
    const claim = {
      route: this.route ?? 'adult',
      epoch: this.channel.session?.epoch ?? 0,
      queued: this.phase === 'queued',
    };
    const withCommitment = (pending: PendingHandshake) => {
      const proof = this.proofFor(pending.commitment);
      return { commitment: pending.commitment, ...(proof && { proof }) };
    };
    // The token for the next resume is chosen here and kept before asking: if the
    // answer is lost after the server took it, the retry still holds a live token.
    this.nextToken ??= newToken();
    this.saveResume();
    const tryResume = (using: string, commit: boolean) =>
      this.ask('chat:resume', {
        chatId,
        token: using,
        next: this.nextToken!,
        claim,
        ...(commit && this.pending && withCommitment(this.pending)),
      });
    let result = await tryResume(token, !keepKeys);
    // Its answer (or its loss) came after a newer resume began: that one decides. If
    // this one went through, the newer finds its token used and takes the next one.
    if (run !== this.resumeRun) return;
    if (!result.ok && result.error === 'forbidden' && this.nextToken !== token) {
      // An earlier try went through and its answer was lost: the next token is live.
      // It is used now, and a fresh one asked for after it.
      token = this.nextToken;
      this.nextToken = newToken();
      this.saveResume();
      result = await tryResume(token, !keepKeys);
      if (run !== this.resumeRun) return;
    }
    if (!result.ok && result.error === 'wrong_state' && keepKeys) {
      this.channel.dropSession();
      this.replacePending(startVisitorHandshake());
      result = await tryResume(token, true);
      if (run !== this.resumeRun) return;
    }
    if (!result.ok) {
      if (result.error === 'not_found' || result.error === 'forbidden') {
        // The chat is over (or not ours): nothing to take back.
        clearResume();
        this.chatId = chatId;
        return this.finish('visitor_disconnected');
      }
      // A passing failure (a timeout, a busy server): keep everything and try again.
      if (attempt < RESUME_ATTEMPTS) {
        setTimeout(
          () => void this.resume(chatId, token, attempt + 1, run),
          RESUME_RETRY_MS * attempt,
        );
        return;
      }
      clearResume();
      return this.fail(result.error);
    }
    const resumed = result.data;
    this.resuming = false;
    this.chatId = chatId;
    // The token just used is dead: the next one is live now.
    this.resumeToken = resumed.resumeToken;
    this.nextToken = undefined;
    this.route = resumed.route;
    this.saveResume();
    if (resumed.counsellorAlias) this.counsellorAlias = resumed.counsellorAlias;
    if (resumed.status === 'queued') {
      this.phase = 'queued';
      this.position = resumed.position ?? this.position;
      this.estimateSeconds = resumed.estimateSeconds;
    } else if (resumed.status === 'rekeying') {
      this.channel.dropSession();
      // A chat on screen stays there while the new keys are agreed.
      if (this.phase !== 'chat') this.phase = 'keying';
    } else {
      this.showNotice({ kind: 'resumed' });
      void this.channel.flush();
    }
    this.update();
  }

  private async onStarted(started: ChatStarted): Promise<void> {
    if (this.pending && !this.chatId && this.phase === 'connecting') {
      // Before the join's answer: kept until it tells whether this is our chat.
      this.earlyStarted = started;
      return;
    }
    if (!this.pending || started.chatId !== this.chatId) return;
    // Epochs only move forward; an old offer replayed is not taken.
    if (this.secret && started.epoch <= this.secret.epoch) return;
    const previousAlias = this.counsellorAlias;
    const rekey = started.epoch > 0;
    // A re-key with the same counsellor must carry their proof; a colleague taking
    // over, or the chat's first counsellor, has none to give.
    const sameCounsellorExpected = this.secret !== undefined && !this.handedOver;
    const proven = offerProven(this.secret, this.pending.commitment, started);
    // A re-key within a chat keeps the conversation on screen.
    if (this.phase !== 'chat') this.phase = 'keying';
    this.counsellorAlias = started.counsellorAlias;
    this.update();
    try {
      const { session, reveal } = completeVisitorHandshake(this.pending, started);
      this.replacePending(undefined);
      const result = await this.ask('chat:key', reveal);
      if (!result.ok) {
        closeSession(session);
        return this.fail(result.error);
      }
      this.channel.keyed(session);
      this.secret = resumeSecretOf(session);
      this.saveResume();
      this.safetyIndices = session.safetyIndices;
      this.phase = 'chat';
      const handedOver = this.handedOver;
      this.handedOver = false;
      if (sameCounsellorExpected && !proven) {
        this.distrusted = true;
        this.showNotice({ kind: 'unverified' });
      } else if (rekey) {
        this.showNotice(
          handedOver || (previousAlias && previousAlias !== started.counsellorAlias)
            ? { kind: 'handedOver', alias: started.counsellorAlias }
            : this.replayToCounsellor
              ? { kind: 'counsellorBack' }
              : { kind: 'resumed' },
        );
      }
      if (this.replayToCounsellor && sameCounsellorExpected && proven && !this.distrusted) {
        await this.channel.sendHistory(this.shareableFrom);
      }
      this.replayToCounsellor = false;
      if (handedOver && this.shareableFrom > 0) this.shareQuestion = 'asking';
      void this.channel.flush();
    } catch {
      this.fail('internal');
    }
    this.update();
  }

  private onFrame(frame: WireFrame, receipt?: (receipt: Receipt) => void): void {
    const incoming = this.channel.receive(frame, receipt);
    if (!incoming) return;
    if (incoming !== 'history') this.peerTyping = false;
    if (incoming === 'message') this.arrived++;
    this.update();
  }

  /** A text for the volunteer, and with the same id for a member who joined. */
  send(text: string): void {
    if (this.phase !== 'chat') return;
    const id = this.channel.send(text);
    if (id) this.joins?.send(id, text.trim());
  }

  /**
   * Loads the join's code on the first ask and hands it each join event, in the order
   * they came. A failed load is tried again at the next event.
   */
  private withJoins(act: (joins: VisitorJoins) => void): void {
    this.loadingJoins ??= import('./visitor-join.js').then(
      ({ VisitorJoins }) =>
        (this.joins = new VisitorJoins({
          chatId: () => this.chatId,
          ask: (event, payload) => this.ask(event, payload),
          tell: (content) => this.channel.sendContent(content),
          lines: () => this.lines,
          addLine: (line) =>
            this.set(() => {
              this.lines = [...this.lines, line];
              this.arrived++;
            }),
          update: () => this.update(),
        })),
    );
    this.loadingJoins.then(act, () => (this.loadingJoins = undefined));
  }

  /** The visitor's answer: may the volunteer who took over see the conversation so far? */
  async share(yes: boolean): Promise<void> {
    if (this.shareQuestion !== 'asking') return;
    this.set(() => (this.shareQuestion = yes ? 'shared' : 'kept'));
    if (yes) {
      this.shareableFrom = 0;
      await this.channel.sendHistory();
    }
  }

  retry(id: string): void {
    this.channel.retry(id);
  }

  async rate(score: 1 | 2 | 3): Promise<void> {
    const ticket = this.ratingTicket;
    if (!ticket || this.rated) return;
    this.rated = true;
    this.ratingTicket = undefined;
    this.update();
    await this.ask('chat:rate', { ticket, score });
  }

  /** Call on every keystroke; tells the counsellor at most once per change. */
  typed(): void {
    this.channel.typed();
  }

  /** Ends the chat (or leaves the queue) on purpose. */
  async end(): Promise<void> {
    if (this.socket && this.chatId) {
      const event =
        this.phase === 'queued' || this.phase === 'connecting' ? 'queue:leave' : 'chat:end';
      await this.ask(event, { chatId: this.chatId });
    }
    this.finish('ended_by_visitor');
  }

  /** Forgets everything: keys, lines, the socket, the resume token. Quick exit and close. */
  wipe(): void {
    clearResume();
    clearTimeout(this.noticeTimer);
    if (this.chatId && this.resumeToken && this.phase !== 'ended') {
      // Tell the server the visitor has gone, so the counsellor is not left waiting
      // for a reconnect. A beacon still goes out while the page is being replaced,
      // which a socket packet may not.
      // A resume whose answer was lost may have made the next token the live one.
      const tokens = [this.resumeToken, ...(this.nextToken ? [this.nextToken] : [])];
      let sent = false;
      for (const token of tokens) {
        const body = JSON.stringify({ chatId: this.chatId, token });
        sent =
          navigator.sendBeacon(
            `${this.origin}/visitor/leave`,
            new Blob([body], { type: 'text/plain' }),
          ) || sent;
      }
      if (!sent) this.socket?.emit('chat:end', { chatId: this.chatId }, () => undefined);
    }
    this.channel.close();
    this.joins?.reset();
    this.replacePending(undefined);
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = undefined;
    this.chatId = undefined;
    this.resumeToken = undefined;
    this.lines = [];
    this.safetyIndices = [];
    this.counsellorAlias = '';
    this.phase = 'idle';
    this.status = undefined;
    this.mailboxRoutes = [];
    this.notice = undefined;
    this.endReason = undefined;
    this.ratingTicket = undefined;
    this.rated = false;
    this.reconnecting = false;
    this.counsellorAway = false;
    this.replayToCounsellor = false;
    this.handedOver = false;
    this.shareQuestion = undefined;
    this.secret = undefined;
    this.shareableFrom = 0;
    this.distrusted = false;
    this.nextToken = undefined;
    this.resuming = false;
    this.earlyStarted = undefined;
    this.error = undefined;
    this.update();
  }

  /** The chat is over: keys and token go, the lines stay on screen until closed. */
  private finish(reason: EndReason): void {
    clearResume();
    this.channel.ended();
    this.joins?.end();
    this.replacePending(undefined);
    this.chatId = undefined;
    this.resumeToken = undefined;
    this.secret = undefined;
    this.shareQuestion = undefined;
    this.shareableFrom = 0;
    this.distrusted = false;
    this.nextToken = undefined;
    this.resuming = false;
    this.earlyStarted = undefined;
    this.endReason = reason;
    this.peerTyping = false;
    this.reconnecting = false;
    this.counsellorAway = false;
    this.notice = undefined;
    this.phase = 'ended';
    this.update();
  }

  /** The proof for a fresh commitment, if this widget holds a usable resume key. */
  /** The epoch's key pair from now on; the one it replaces is wiped, not left to the GC. */
  private replacePending<T extends PendingHandshake | undefined>(next: T): T {
    if (this.pending !== next) forgetKeyPair(this.pending?.keyPair);
    this.pending = next;
    return next;
  }

  private proofFor(commitment: string): string | undefined {
    if (!this.secret) return undefined;
    try {
      return proveCommitment(this.secret, commitment);
    } catch {
      // A damaged stored key: go on unproven (the console warns), never stall.
      return undefined;
    }
  }

  /** Keeps what a reload needs in the frame's sessionStorage. */
  private saveResume(): void {
    if (!this.chatId || !this.resumeToken || !this.route) return;
    writeResume({
      chatId: this.chatId,
      token: this.resumeToken,
      route: this.route,
      ...(this.secret && { secret: { epoch: this.secret.epoch, key: this.secret.key } }),
      ...(this.nextToken && { next: this.nextToken }),
    });
  }

  private showNotice(notice: Notice): void {
    this.notice = notice;
    clearTimeout(this.noticeTimer);
    // Back in the queue is news for as long as the wait lasts; a re-key that could
    // not be confirmed, for as long as the chat lasts.
    if (notice.kind === 'requeued' || notice.kind === 'unverified') return;
    this.noticeTimer = setTimeout(() => this.set(() => (this.notice = undefined)), NOTICE_MS);
  }

  private fail(code: ErrorCode | 'network'): void {
    this.phase = 'idle';
    this.error = code;
    this.update();
  }

  private ask<E extends keyof VisitorClientEvents>(
    event: E,
    payload: Parameters<VisitorClientEvents[E]>[0],
  ): Promise<AckResult<AckData<VisitorClientEvents[E]>>> {
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

// sessionStorage can be unavailable (privacy modes, sandboxed frames): then a reload
// simply cannot resume, and nothing else changes.
function readResume(): ResumeRecord | undefined {
  try {
    const raw = sessionStorage.getItem(RESUME_KEY);
    if (!raw) return undefined;
    const stored = parseJson(ResumeRecord, raw);
    if (stored.ok) return stored.data;
    sessionStorage.removeItem(RESUME_KEY);
  } catch {
    // Unavailable or not ours: no resume.
  }
  return undefined;
}

function writeResume(record: ResumeRecord): void {
  try {
    sessionStorage.setItem(RESUME_KEY, JSON.stringify(record));
  } catch {
    // Unavailable: the chat works, a reload just cannot take it back.
  }
}

function clearResume(): void {
  try {
    sessionStorage.removeItem(RESUME_KEY);
  } catch {
    // Nothing stored.
  }
}
