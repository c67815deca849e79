import { AppError } from '../../shared/protocol/errors.js';
import type {
  ChatRestored,
  ChatResume,
  ChatResumed,
  ChatsResume,
  Sender,
} from '../../shared/protocol/schemas.js';
import { hashToken, newSecret, sameHash } from '../tokens.js';
import type { ChatContext } from './context.js';
import type { Ending } from './ending.js';
import type { GraceTimers } from './grace.js';
import { acceptedOf, rekeyOf } from './handshake.js';
import type { LiveChat, LiveChatDraft } from './live-state.js';
import type { LivePicture } from './live-picture.js';
import type { CounsellorRef, VisitorRef } from './parties.js';
import type { Queue } from './queue.js';
import type { Recovery } from './recovery.js';

/*
 * Sockets that drop and come back. When a side's socket closes its chats wait a grace
 * period for it (the other side is told); when it comes back, on the same socket after a
 * short drop or on a new one with `chat:resume` / `chats:resume`, the chats move to it
 * and go on, or are re-keyed in a new epoch where it lost its keys. A chat this process
 * does not know is handed to recovery.ts (after a restart).
 *
 * A drop is written into the live state (`…AwaySince`) before this process's grace
 * timer starts: if this process dies before the timer fires, a sweep in another one
 * (sweep.ts) finishes the grace; whichever comes first does it, once. A side that comes
 * back takes this process's id with it, and clears its absence.
 */

/** A side is back: no longer away, and its grace no longer runs anywhere. */
function back(chat: LiveChatDraft, side: Sender): void {
  if (side === 'visitor') {
    chat.visitorAway = false;
    delete chat.visitorAwaySince;
  } else {
    chat.counsellorAway = false;
    delete chat.counsellorAwaySince;
  }
}

export class Reconnect {
  constructor(
    private readonly ctx: ChatContext,
    private readonly grace: GraceTimers,
    private readonly picture: LivePicture,
    private readonly queue: Queue,
    private readonly ending: Ending,
    private readonly recovery: Recovery,
  ) {}

  /**
   * Binds a chat to the visitor's new socket. Without a commitment the widget kept its
   * keys and the chat goes on; with one, a queued chat keeps its place with the new
   * commitment and a started chat moves to a new epoch the counsellor must key.
   *
   * `mayCreate` is asked before a chat unknown here is re-created from the visitor's
   * claim after a restart: such a claim counts as starting a chat (per-address limit).
   */
  async resume(
    visitor: VisitorRef,
    request: ChatResume,
    mayCreate: () => Promise<boolean>,
  ): Promise<ChatResumed> {
    const { live, visitors, counsellors } = this.ctx;
    if (visitor.data.chatId) throw new AppError('already_queued');
    const found =
      (await live.getChat(request.chatId)) ??
      (await this.recovery.recreateForVisitor(visitor, request, mayCreate));
    if (!found) throw new AppError('not_found');
    // The token is good once: from now on only the next one works (the widget's choice,
    // so an answer lost on the way does not lose the chat; else one made here).
    const resumeToken = request.next ?? newSecret();
    /** The socket that spoke for the visitor before, as the written change saw it. */
    let previousSocketId = '';
    const chat = await live.updateChat(request.chatId, (chat) => {
      if (!sameHash(hashToken(request.token), chat.resumeHash)) {
        throw new AppError(this.recovery.contested(chat, request) ? 'peer_away' : 'forbidden');
      }
      const keysDiffer = request.claim !== undefined && request.claim.epoch !== chat.epoch;
      if (
        !request.commitment &&
        (chat.status !== 'active' || chat.awaitingCommitment || keysDiffer)
      ) {
        throw new AppError('wrong_state');
      }
      previousSocketId = chat.visitorSocketId;
      chat.visitorSocketId = visitor.socketId;
      chat.visitorProcess = live.processId;
      back(chat, 'visitor');
      chat.resumeHash = hashToken(resumeToken);
      if (request.commitment) {
        chat.commitment = request.commitment;
        if (request.proof) chat.commitProof = request.proof;
        else delete chat.commitProof;
        chat.awaitingCommitment = false;
        if (chat.status !== 'queued') {
          chat.epoch += 1;
          chat.status = 'rekeying';
        }
      }
      return chat;
    });
    if (!chat) throw new AppError('not_found');

    this.grace.stop('visitor', chat.id);
    if (previousSocketId !== visitor.socketId) {
      // The old tab's socket may linger (here or in another process): the newest one
      // speaks for the visitor now.
      const previousSocket = visitors.sockets.get(previousSocketId);
      if (previousSocket) delete previousSocket.data.chatId;
      visitors.in(previousSocketId).disconnectSockets(true);
    }
    visitor.data.chatId = chat.id;

    const base = { epoch: chat.epoch, route: chat.route, resumeToken };
    if (chat.status === 'queued') {
      await this.picture.broadcastStats();
      const position = (await live.queue(chat.route)).findIndex((e) => e.id === chat.id) + 1;
      const estimate = this.picture.waits.estimate(chat.route, position);
      return {
        ...base,
        status: 'queued',
        position,
        ...(estimate !== undefined && { estimateSeconds: estimate }),
      };
    }
    if (chat.counsellorSocketId) {
      // The console learns the hash of the new token (never the token): after a restart
      // it vouches with it for this visitor and nobody else (recovery.ts).
      counsellors.to(chat.counsellorSocketId).emit('chat:peer', {
        chatId: chat.id,
        present: true,
        resumeHash: chat.resumeHash,
      });
      if (chat.status === 'rekeying') {
        counsellors.to(chat.counsellorSocketId).emit('chat:rekey', rekeyOf(chat));
      }
    }
    return {
      ...base,
      status: chat.status === 'rekeying' ? 'rekeying' : 'active',
      ...(chat.counsellorAlias && { counsellorAlias: chat.counsellorAlias }),
    };
  }

  /**
   * The visitor's socket closed without ending the chat: a reload, a tunnel, a
   * closed tab. The chat (or the place in the queue) waits `visitorGraceMs` for a
   * `chat:resume`; the counsellor is told meanwhile.
   */
  async onVisitorGone(visitor: VisitorRef): Promise<void> {
    const { live, options, now } = this.ctx;
    const chatId = visitor.data.chatId;
    if (!chatId) return;
    const chat = await live.markAway(chatId, 'visitor', visitor.socketId, now());
    if (!chat) return;
    if (chat.status === 'queued') await this.picture.broadcastStats();
    this.toldVisitorAway(chat);
    const since = chat.visitorAwaySince ?? now();
    this.grace.start('visitor', chat.id, options.visitorGraceMs, () =>
      this.ending.expireVisitor(chat.id, visitor.socketId, since),
    );
  }

  /** The visitor was marked away (here, or by a sweep): their counsellor is told. */
  toldVisitorAway(chat: LiveChat): void {
    if (chat.counsellorSocketId) {
      this.ctx.counsellors
        .to(chat.counsellorSocketId)
        .emit('chat:peer', { chatId: chat.id, present: false });
    }
  }

  /** The counsellor was marked away (here, or by a sweep): their visitor is told. */
  toldCounsellorAway(chat: LiveChat): void {
    this.ctx.visitors
      .to(chat.visitorSocketId)
      .emit('chat:peer', { chatId: chat.id, present: false });
  }

  /**
   * The console (re)connected: every live chat of the account moves to this socket.
   * Chats whose keys the console still holds go on at once; the others are re-keyed
   * (the visitor is asked for a fresh commitment), and the visitor's screen sends the
   * conversation so far back to the console.
   */
  async resumeChats(counsellor: CounsellorRef, request: ChatsResume): Promise<ChatRestored[]> {
    const { live } = this.ctx;
    const held = new Map(request.chats.map(({ chatId, epoch }) => [chatId, epoch]));
    await this.recovery.recreateForCounsellor(counsellor, request);
    const restored: ChatRestored[] = [];
    for (const listed of await live.chatsOfAccount(counsellor.data.accountId)) {
      // Read again under the chat's lock: a visitor's resume may have changed it since.
      const one = await this.ctx.locks.run(listed.id, () =>
        this.resumeOne(counsellor, listed.id, held),
      );
      if (one) restored.push(one);
    }
    return restored;
  }

  /** Moves one chat of the account to the console's new socket (see resumeChats). */
  private async resumeOne(
    counsellor: CounsellorRef,
    chatId: string,
    held: ReadonlyMap<string, number>,
  ): Promise<ChatRestored | undefined> {
    const { live, visitors, counsellors, now } = this.ctx;
    let keysHeld = false;
    const chat = await live.updateChat(chatId, (chat) => {
      // Handed to someone else, or back in the queue, since it was listed.
      if (chat.counsellorAccountId !== counsellor.data.accountId) return undefined;
      chat.counsellorSocketId = counsellor.socketId;
      chat.counsellorAlias = counsellor.data.alias;
      chat.counsellorProcess = live.processId;
      back(chat, 'counsellor');
      keysHeld =
        held.get(chat.id) === chat.epoch && chat.status === 'active' && !chat.awaitingCommitment;
      // Neither held nor re-keying already: the visitor is asked for a fresh commitment.
      if (!keysHeld && chat.status !== 'rekeying') chat.awaitingCommitment = true;
      return chat;
    });
    if (!chat) return undefined;
    this.grace.stop('counsellor', chat.id);
    if (keysHeld) {
      visitors.to(chat.visitorSocketId).emit('chat:peer', { chatId: chat.id, present: true });
    } else if (chat.status === 'rekeying') {
      // The visitor already sent a fresh commitment while the console was away.
      counsellors.to(counsellor.socketId).emit('chat:rekey', rekeyOf(chat));
    } else {
      visitors
        .to(chat.visitorSocketId)
        .emit('chat:recommit', { chatId: chat.id, reason: 'reload' });
    }
    return { ...acceptedOf(chat, now()), rekey: !keysHeld };
  }

  /**
   * The console's socket closed: a reload, a dropped Wi-Fi. Its chats wait
   * `counsellorGraceMs` for it (the visitors are told); after that each visitor goes
   * back to the queue at the place their first wait gave them.
   */
  async onCounsellorGone(counsellor: CounsellorRef): Promise<void> {
    const { live, options, now } = this.ctx;
    await live.consoleLeft(counsellor.data.accountId, now(), options.counsellorGraceMs);
    await live.setAvailable(counsellor.socketId, counsellor.data.accountId, [], false);
    for (const held of await live.chatsOfCounsellorSocket(counsellor.socketId)) {
      const chat = await this.ctx.locks.run(held.id, () =>
        live.markAway(held.id, 'counsellor', counsellor.socketId, now()),
      );
      if (!chat) continue;
      this.toldCounsellorAway(chat);
      const since = chat.counsellorAwaySince ?? now();
      this.grace.start('counsellor', chat.id, options.counsellorGraceMs, () =>
        this.queue.expireCounsellor(chat.id, counsellor.socketId, since),
      );
    }
    await this.picture.broadcastStats();
  }
}
