import { AppError } from '../../shared/protocol/errors.js';
import type { StaffCaller } from '../../shared/protocol/forward.js';
import type { Route } from '../../shared/protocol/schemas.js';
import type {
  WhisperAsk,
  WhisperAsked,
  WhisperEndReason,
  WhisperKey,
  WhisperMessage,
  WhisperRef,
} from '../../shared/protocol/whisper.js';
import { hasRole } from '../accounts/roles.js';
import type { Store } from '../storage/store.js';
import { newSecret } from '../tokens.js';
import type { ChatContext } from './context.js';
import { NotHere } from './forward.js';
import { counsellorChat } from './parties.js';

/*
 * Support conversations between two consoles ("whispers", docs/PROTOCOL.md §22). A
 * counsellor asks about one of their chats; every supervisor online is told who asks
 * and on which route (never the chat, never the visitor); the first to take it gets
 * the asker's commitment answered with their key, and from then on this part relays
 * keys and opaque frames between exactly those two sockets. It decides who counts as
 * a supervisor (the account as it is now), and it keeps nothing durable: a whisper
 * lives in the memory of the process that took the ask (its owner; calls from sockets
 * on other processes reach it through forward.ts, which is why a whisper it does not
 * keep is `NotHere`) and ends with the chat, with either socket, or when a side ends
 * it. Nothing is written to the audit log (it records no support actions).
 */

interface Side {
  socketId: string;
  accountId: number;
}

/** A whisper as the joins that grow from it (join.ts) see it. */
export interface OpenWhisper {
  id: string;
  chatId: string;
  route: Route;
  asker: Side;
  commitment: string;
  /** The supervisors' sockets told of the request, told again when it is taken or withdrawn. */
  asked: Set<string>;
  supporter?: Side;
  /** The asker revealed its key: frames may flow. */
  keyed: boolean;
}

/** Why a whisper ended, for what grew from it: never `taken` (that ends no whisper). */
export type WhisperFinish = Exclude<WhisperEndReason, 'taken'>;

export class Whispers {
  private readonly open = new Map<string, OpenWhisper>();
  /** Told of every whisper that ends, before its consoles are (a join ends with it). */
  readonly onFinish: ((whisperId: string, reason: WhisperFinish) => void)[] = [];

  constructor(private readonly ctx: ChatContext) {}

  /**
   * The asker's request about its own chat: every supervisor's console online, but the
   * asker's own account's, is told. No supervisor online is `no_supervisor`.
   */
  async ask(asker: StaffCaller, { chatId, commitment }: WhisperAsk): Promise<WhisperAsked> {
    const chat = await counsellorChat(this.ctx.live, asker, chatId);
    for (const whisper of this.open.values()) {
      if (whisper.chatId === chatId) throw new AppError('wrong_state');
    }
    const supervisors = await this.supervisorSockets(asker.data.accountId);
    if (supervisors.length === 0) throw new AppError('no_supervisor');
    const whisper: OpenWhisper = {
      id: newSecret(),
      chatId,
      route: chat.route,
      asker: { socketId: asker.socketId, accountId: asker.data.accountId },
      commitment,
      asked: new Set(supervisors.map((s) => s.socketId)),
      keyed: false,
    };
    this.open.set(whisper.id, whisper);
    this.ctx.counsellors.to([...whisper.asked]).emit('whisper:asked', {
      whisperId: whisper.id,
      from: asker.data.alias,
      route: whisper.route,
      commitment,
    });
    return {
      whisperId: whisper.id,
      supervisors: new Set(supervisors.map((s) => s.accountId)).size,
    };
  }

  /** A supervisor takes a request with its key; the first one wins, the others are told. */
  async accept(supporter: StaffCaller, { whisperId, publicKey }: WhisperKey): Promise<null> {
    const whisper = this.find(whisperId);
    if (whisper.asker.accountId === supporter.data.accountId) throw new AppError('forbidden');
    if (!(await this.isSupervisor(supporter.data.accountId))) throw new AppError('forbidden');
    // Checked again after the await: two supervisors may have raced to here.
    if (this.open.get(whisperId) !== whisper) throw new AppError('not_found');
    if (whisper.supporter) throw new AppError('claimed');
    whisper.supporter = { socketId: supporter.socketId, accountId: supporter.data.accountId };
    whisper.asked.delete(supporter.socketId);
    this.tellAsked(whisper, 'taken');
    this.ctx.counsellors
      .to(whisper.asker.socketId)
      .emit('whisper:accepted', { whisperId, from: supporter.data.alias, publicKey });
    return null;
  }

  /** The asker reveals the key it committed to; the supporter checks it. */
  key(asker: StaffCaller, { whisperId, publicKey }: WhisperKey): Promise<null> {
    const whisper = this.find(whisperId);
    if (whisper.asker.socketId !== asker.socketId) throw new AppError('forbidden');
    if (!whisper.supporter || whisper.keyed) throw new AppError('wrong_state');
    whisper.keyed = true;
    this.ctx.counsellors
      .to(whisper.supporter.socketId)
      .emit('whisper:key', { whisperId, publicKey });
    return Promise.resolve(null);
  }

  /**
   * Relays one sealed frame to the other console, unread. Its header must name this
   * whisper and the sender's own role in it (asker: `visitor`, supporter: `counsellor`),
   * so one side cannot pass off a frame as the other's.
   */
  message(from: StaffCaller, { whisperId, frame }: WhisperMessage): Promise<null> {
    const whisper = this.find(whisperId);
    const { asker, supporter } = whisper;
    const isAsker = asker.socketId === from.socketId;
    if (!isAsker && supporter?.socketId !== from.socketId) throw new AppError('forbidden');
    if (!supporter || !whisper.keyed) throw new AppError('wrong_state');
    if (frame.chatId !== whisperId || frame.sender !== (isAsker ? 'visitor' : 'counsellor')) {
      throw new AppError('invalid_payload');
    }
    const to = isAsker ? supporter.socketId : asker.socketId;
    this.ctx.counsellors.to(to).emit('whisper:message', { whisperId, frame });
    return Promise.resolve(null);
  }

  /** Either side ends it (the asker also withdraws a request nobody took yet). */
  end(party: StaffCaller, { whisperId }: WhisperRef): Promise<null> {
    const whisper = this.find(whisperId);
    const sides = [whisper.asker.socketId, whisper.supporter?.socketId];
    if (!sides.includes(party.socketId)) throw new AppError('forbidden');
    this.finish(whisper, 'ended');
    return Promise.resolve(null);
  }

  /** The chat a whisper is about has ended: so has the whisper. */
  chatEnded(chatId: string): void {
    for (const whisper of [...this.open.values()]) {
      if (whisper.chatId === chatId) this.finish(whisper, 'chat_ended');
    }
  }

  /** A console socket went away (a reload, a lost connection): its keys went with it. */
  socketGone(socketId: string): void {
    for (const whisper of [...this.open.values()]) {
      if (whisper.asker.socketId === socketId || whisper.supporter?.socketId === socketId) {
        this.finish(whisper, 'disconnected');
      } else {
        whisper.asked.delete(socketId);
      }
    }
  }

  /** Open whispers (for tests: nothing is left after they end). */
  get size(): number {
    return this.open.size;
  }

  /** An open whisper, to read (join.ts); `NotHere` when this process keeps none by that id. */
  lookup(whisperId: string): Readonly<OpenWhisper> {
    return this.find(whisperId);
  }

  private find(whisperId: string): OpenWhisper {
    const whisper = this.open.get(whisperId);
    if (!whisper) throw new NotHere();
    return whisper;
  }

  private finish(whisper: OpenWhisper, reason: WhisperFinish): void {
    this.open.delete(whisper.id);
    const whisperId = whisper.id;
    for (const listener of this.onFinish) listener(whisperId, reason);
    const sides = [
      whisper.asker.socketId,
      ...(whisper.supporter ? [whisper.supporter.socketId] : []),
    ];
    this.ctx.counsellors.to(sides).emit('whisper:ended', { whisperId, reason });
    this.tellAsked(whisper, reason);
  }

  /** The supervisors told of the request and not its supporter: it is gone from their lists. */
  private tellAsked(whisper: OpenWhisper, reason: WhisperEndReason): void {
    if (whisper.asked.size === 0) return;
    this.ctx.counsellors
      .to([...whisper.asked])
      .emit('whisper:ended', { whisperId: whisper.id, reason });
    whisper.asked.clear();
  }

  /** Every console online, in any process, of an account that acts as a supervisor now. */
  private async supervisorSockets(except: number): Promise<Side[]> {
    const sockets = await this.ctx.counsellors.fetchSockets();
    const verdicts = new Map<number, Promise<boolean>>();
    const found: Side[] = [];
    for (const socket of sockets) {
      const accountId = socket.data.accountId;
      if (accountId === except) continue;
      if (!verdicts.has(accountId)) verdicts.set(accountId, this.isSupervisor(accountId));
      if (await verdicts.get(accountId)) found.push({ socketId: socket.id, accountId });
    }
    return found;
  }

  private isSupervisor(accountId: number): Promise<boolean> {
    return isSupervisorNow(this.ctx.store, accountId);
  }
}

/** The account as it is now: enabled, and acting as a supervisor (second factor set up). */
export async function isSupervisorNow(store: Store, accountId: number): Promise<boolean> {
  const account = await store.findAccountById(accountId);
  return account !== undefined && !account.disabled && hasRole(account, 'supervisor');
}
