import { io, type Socket } from 'socket.io-client';
import type { AckResult } from '../../shared/protocol/errors.js';
import type {
  CounsellorClientEvents,
  CounsellorServerEvents,
  Receipt,
  VisitorClientEvents,
  VisitorServerEvents,
} from '../../shared/protocol/events.js';
import type {
  ChatAccepted,
  ChatContent,
  ChatStarted,
  KeyReveal,
  Language,
  Route,
  WireFrame,
} from '../../shared/protocol/schemas.js';
import {
  commitmentProven,
  completeCounsellorHandshake,
  completeVisitorHandshake,
  makeOffer,
  newNoteKeys,
  offerProven,
  openAndConfirm,
  proveCommitment,
  readyCrypto,
  resumeSecretOf,
  sealText,
  startCounsellorHandshake,
  startVisitorHandshake,
  type NoteKeys,
  type ResumeSecret,
  type Session,
} from '../../shared/crypto/chat.js';

export type VisitorSocket = Socket<VisitorServerEvents, VisitorClientEvents>;
export type CounsellorSocket = Socket<CounsellorServerEvents, CounsellorClientEvents>;

/** A raw socket without the typed event map, for sending what a real client never would. */
export type LooseSocket = Socket;

/** For a socket that talks to the server through a TLS proxy (see support/nginx.ts). */
export interface ConnectOptions {
  /** The certificate to trust (a self-signed one, made for the test). */
  ca?: string;
  /**
   * The address to connect from, e.g. 127.0.0.2. Not in socket.io-client's types, but
   * its WebSocket transport hands it to `ws` in Node.
   */
  localAddress?: string;
}

const TIMEOUT_MS = 5000;

export function connectVisitor(
  url: string,
  headers: Record<string, string> = {},
  reconnection = false,
  options: ConnectOptions = {},
): VisitorSocket {
  return io(`${url}/visitor`, {
    ...options,
    transports: ['websocket'],
    forceNew: true,
    reconnection,
    reconnectionDelay: 50,
    extraHeaders: headers,
  });
}

export function connectCounsellor(
  url: string,
  cookie: string | undefined,
  headers: Record<string, string> = {},
  options: ConnectOptions = {},
): CounsellorSocket {
  return io(`${url}/counsellor`, {
    ...options,
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    extraHeaders: { ...(cookie ? { cookie } : {}), ...headers },
  });
}

export async function connected(socket: Socket): Promise<void> {
  if (socket.connected) return;
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
}

/** Emits with an ack and resolves with the server's answer (or rejects on timeout). */
export async function ask(
  socket: Socket,
  event: string,
  ...payload: unknown[]
): Promise<AckResult<unknown>> {
  return (await socket.timeout(TIMEOUT_MS).emitWithAck(event, ...payload)) as AckResult<unknown>;
}

/** Resolves with the next `event` the socket receives. */
export function next<T>(socket: Socket, event: string, timeoutMs = TIMEOUT_MS): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`timed out waiting for ${event}`));
    }, timeoutMs);
    const listener = (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    };
    socket.once(event, listener);
  });
}

function unwrap<T>(result: AckResult<unknown>): T {
  if (!result.ok) throw new Error(`server answered ${result.error}`);
  return result.data as T;
}

/** Plays the visitor's widget with the real crypto. */
export class TestVisitor {
  readonly socket: VisitorSocket;
  readonly received: ChatContent[] = [];
  readonly rejectedFrames: unknown[] = [];
  chatId?: string;
  resumeToken?: string;
  session?: Session;
  /** The resume key of the last epoch this visitor keyed (kept across a reload by the widget). */
  secret?: ResumeSecret;
  /** For each `chat:started` at a re-key, whether the counsellor's proof held. */
  readonly offersProven: boolean[] = [];
  /** Every `chat:requeued` and `chat:recommit` the server sent. */
  readonly asked: string[] = [];
  private pending = startVisitorHandshake();
  /** Sessions in the order they were keyed (a new one per epoch). */
  private readonly keyed: Session[] = [];
  private keyError?: Error;

  constructor(
    url: string,
    headers: Record<string, string> = {},
    reconnection = false,
    options: ConnectOptions = {},
  ) {
    this.socket = connectVisitor(url, headers, reconnection, options);
    this.socket.on('chat:message', (frame: WireFrame, receipt?: (r: Receipt) => void) => {
      const content = openAndConfirm(this.session, frame, receipt);
      if (content) this.received.push(content);
      else this.rejectedFrames.push(frame);
    });
    this.socket.on('chat:started', (started: ChatStarted) => {
      try {
        if (this.secret) {
          this.offersProven.push(offerProven(this.secret, this.pending.commitment, started));
        }
        const { session, reveal } = completeVisitorHandshake(this.pending, started);
        this.session = session;
        this.secret = resumeSecretOf(session);
        ask(this.socket, 'chat:key', reveal).then(
          (result) => {
            if (result.ok) this.keyed.push(session);
            else this.keyError = new Error(result.error);
          },
          (error: unknown) => (this.keyError = error as Error),
        );
      } catch (error) {
        this.keyError = error instanceof Error ? error : new Error(String(error));
      }
    });
    // Asked for fresh keys (the counsellor lost theirs, or the chat went back to the
    // queue): like the widget, commit to a new key pair at once.
    const recommit = (kind: string) => (ref: { chatId: string; reason?: string }) => {
      this.asked.push(kind);
      this.session = undefined;
      this.pending = startVisitorHandshake();
      // Proven only to the same counsellor's console; a new one cannot check it.
      const proof =
        ref.reason === 'reload' && this.secret
          ? proveCommitment(this.secret, this.pending.commitment)
          : undefined;
      if (ref.reason !== 'reload') this.secret = undefined;
      void ask(this.socket, 'chat:commit', {
        chatId: ref.chatId,
        commitment: this.pending.commitment,
        ...(proof && { proof }),
      });
    };
    this.socket.on('chat:recommit', recommit('recommit'));
    this.socket.on('chat:requeued', recommit('requeued'));
  }

  /** With `reconnection`, socket.io reconnects by itself after a drop, as the widget does. */
  static async create(
    url: string,
    headers: Record<string, string> = {},
    reconnection = false,
    options: ConnectOptions = {},
  ): Promise<TestVisitor> {
    await readyCrypto();
    const visitor = new TestVisitor(url, headers, reconnection, options);
    await connected(visitor.socket);
    return visitor;
  }

  get commitment(): string {
    return this.pending.commitment;
  }

  /** `urgent`: the visitor said they are in danger right now. */
  async join(route: Route, lang: Language = 'en', urgent?: boolean): Promise<number> {
    const data = unwrap<{ chatId: string; position: number; resumeToken: string }>(
      await ask(this.socket, 'queue:join', {
        route,
        commitment: this.pending.commitment,
        lang,
        ...(urgent !== undefined && { urgent }),
      }),
    );
    this.chatId = data.chatId;
    this.resumeToken = data.resumeToken;
    return data.position;
  }

  /**
   * A reloaded widget: a new socket and fresh keys, taking the chat back with the
   * token the old one got, and proving itself with the resume secret it kept (none:
   * a thief who has only the token). Resolves with the server's answer; the widget
   * keeps the new token it is given.
   */
  static async reload(
    url: string,
    chatId: string,
    resumeToken: string,
    headers: Record<string, string> = {},
    secret?: ResumeSecret,
  ): Promise<{ visitor: TestVisitor; result: AckResult<unknown> }> {
    const visitor = await TestVisitor.create(url, headers);
    visitor.secret = secret;
    const result = await ask(visitor.socket, 'chat:resume', {
      chatId,
      token: resumeToken,
      commitment: visitor.commitment,
      ...(secret && { proof: proveCommitment(secret, visitor.commitment) }),
    });
    if (result.ok) {
      visitor.chatId = chatId;
      visitor.resumeToken = (result.data as { resumeToken: string }).resumeToken;
    }
    return { visitor, result };
  }

  /** Resolves once a counsellor accepted and the key was revealed. */
  started(): Promise<Session> {
    return this.keyedAfter(-1);
  }

  /** Resolves with the session of the first epoch after `epoch` once it is keyed. */
  async keyedAfter(epoch: number): Promise<Session> {
    let found: Session | undefined;
    await eventually(() => {
      if (this.keyError) throw this.keyError;
      found = this.keyed.find((session) => session.epoch > epoch);
      if (!found) throw new Error(`no session after epoch ${epoch}`);
    }, TIMEOUT_MS);
    return found!;
  }

  async send(text: string): Promise<AckResult<unknown>> {
    if (!this.session) throw new Error('no session');
    return ask(this.socket, 'chat:send', sealText(this.session, text));
  }

  close(): void {
    this.socket.disconnect();
  }
}

/** Plays a signed-in counsellor's console with the real crypto. */
export class TestCounsellor {
  readonly socket: CounsellorSocket;
  readonly received = new Map<string, ChatContent[]>();
  readonly sessions = new Map<string, Session>();
  readonly ended: string[] = [];
  private readonly waitingKeys = new Map<string, (reveal: KeyReveal) => void>();
  private readonly earlyKeys = new Map<string, KeyReveal>();
  /** Re-keys answered for chats whose visitor came back with new keys, by chat id. */
  readonly rekeys = new Map<string, Promise<Session>>();
  /** The resume key of each chat's last keyed epoch, as the console keeps it. */
  readonly secrets = new Map<string, ResumeSecret>();
  /** For each re-key of a chat this console held, whether the visitor's proof held. */
  readonly proven = new Map<string, boolean>();
  /** This console's key pair for hand-over notes, published with its presence. */
  noteKeys!: NoteKeys;
  readonly peerEvents: { chatId: string; present: boolean }[] = [];
  /** The hash of each chat's visitor token, as the console is told it (for `chats:resume`). */
  readonly resumeHashes = new Map<string, string>();
  framesReceived = 0;

  constructor(
    url: string,
    readonly cookie: string,
    options: ConnectOptions = {},
  ) {
    this.socket = connectCounsellor(url, cookie, {}, options);
    this.socket.on('chat:peer', (peer) => {
      this.peerEvents.push({ chatId: peer.chatId, present: peer.present });
      if (peer.resumeHash) this.resumeHashes.set(peer.chatId, peer.resumeHash);
    });
    this.socket.on('chat:rekey', (rekey) => {
      const { chatId, epoch, commitment } = rekey;
      const secret = this.secrets.get(chatId);
      if (secret) this.proven.set(chatId, commitmentProven(secret, rekey));
      const rekeyed = (async () => {
        const { keyPair } = startCounsellorHandshake();
        const waitForKey = this.keyFor(chatId);
        unwrap(await ask(this.socket, 'chat:rekey', makeOffer(keyPair, rekey, secret)));
        const session = completeCounsellorHandshake(
          keyPair,
          { chatId, epoch, commitment },
          await waitForKey,
        );
        this.keep(session);
        return session;
      })();
      rekeyed.catch(() => undefined);
      this.rekeys.set(chatId, rekeyed);
    });
    this.socket.on('chat:key', (reveal: KeyReveal) => {
      const waiter = this.waitingKeys.get(reveal.chatId);
      if (waiter) waiter(reveal);
      else this.earlyKeys.set(reveal.chatId, reveal);
    });
    this.socket.on('chat:message', (frame: WireFrame, receipt?: (r: Receipt) => void) => {
      this.framesReceived += 1;
      const content = openAndConfirm(this.sessions.get(frame.chatId), frame, receipt);
      if (!content) return;
      const list = this.received.get(frame.chatId) ?? [];
      list.push(content);
      this.received.set(frame.chatId, list);
    });
    this.socket.on('chat:ended', ({ chatId }) => this.ended.push(chatId));
  }

  static async create(
    url: string,
    cookie: string,
    options: ConnectOptions = {},
  ): Promise<TestCounsellor> {
    await readyCrypto();
    const counsellor = new TestCounsellor(url, cookie, options);
    counsellor.noteKeys = newNoteKeys();
    await connected(counsellor.socket);
    return counsellor;
  }

  /** Available or not; with a capacity, raised (or lowered) to it (a shift starts at 1). */
  async setAvailable(available: boolean, capacity?: number): Promise<void> {
    unwrap(
      await ask(this.socket, 'presence:set', {
        available,
        noteKey: this.noteKeys.publicKey,
        ...(capacity !== undefined && { capacity }),
      }),
    );
  }

  /**
   * Accepts the next chat, then offers a key made only now that the chatId, epoch and
   * commitment are known; resolves with the accepted chat and, once keyed, its session.
   */
  async accept(): Promise<{ accepted: ChatAccepted; session: Session }> {
    const accepted = unwrap<ChatAccepted>(await ask(this.socket, 'queue:accept', {}));
    this.resumeHashes.set(accepted.chatId, accepted.resumeHash);
    const { keyPair } = startCounsellorHandshake();
    const waitForKey = this.keyFor(accepted.chatId);
    unwrap(await ask(this.socket, 'chat:rekey', makeOffer(keyPair, accepted)));
    const session = completeCounsellorHandshake(keyPair, accepted, await waitForKey);
    this.keep(session);
    return { accepted, session };
  }

  private keep(session: Session): void {
    this.sessions.set(session.chatId, session);
    this.secrets.set(session.chatId, resumeSecretOf(session));
  }

  /** The visitor's next key reveal for a chat (one that came before the wait counts). */
  private keyFor(chatId: string): Promise<KeyReveal> {
    const early = this.earlyKeys.get(chatId);
    this.earlyKeys.delete(chatId);
    if (early) return Promise.resolve(early);
    return new Promise<KeyReveal>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no key from the visitor')), TIMEOUT_MS);
      this.waitingKeys.set(chatId, (reveal) => {
        clearTimeout(timer);
        this.waitingKeys.delete(chatId);
        resolve(reveal);
      });
    });
  }

  async send(chatId: string, text: string): Promise<AckResult<unknown>> {
    const session = this.sessions.get(chatId);
    if (!session) throw new Error('no session');
    return ask(this.socket, 'chat:send', sealText(session, text));
  }

  messages(chatId: string): ChatContent[] {
    return this.received.get(chatId) ?? [];
  }

  close(): void {
    this.socket.disconnect();
  }
}

/** Polls until `check` passes or the time runs out; the last failure is rethrown. */
export async function eventually(
  check: () => void | Promise<void>,
  timeoutMs = 3000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
