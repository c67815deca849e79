import { AppError } from '../../shared/protocol/errors.js';
import type {
  ChatAccepted,
  ChatCommit,
  ChatRekey,
  KeyReveal,
  RekeyOffer,
} from '../../shared/protocol/schemas.js';
import type { LiveChat } from './live-state.js';
import type { ChatContext } from './context.js';
import type { LivePicture } from './live-picture.js';
import {
  updateCounsellorChat,
  updateVisitorChat,
  type CounsellorRef,
  type VisitorRef,
} from './parties.js';

/*
 * The steps of the key exchange the server forwards: the visitor's fresh commitment
 * (`chat:commit`), the counsellor's key offer for an epoch (`chat:rekey`, after an
 * accept too), the visitor's key opening its commitment (`chat:key`), and the re-key
 * proofs both sides attach, which the server cannot check and only passes along. The server checks each against the chat's
 * epoch and state and passes public keys and commitments along; it never holds a key
 * that could open a frame.
 */

/** What the console needs to offer a key for the chat's current epoch. */
export function rekeyOf(chat: LiveChat): ChatRekey {
  return {
    chatId: chat.id,
    epoch: chat.epoch,
    commitment: chat.commitment,
    ...(chat.commitProof && { proof: chat.commitProof }),
  };
}

/**
 * What a console is told of a chat it takes, alike whether accepted from the queue,
 * handed over by a colleague or taken back after a reconnect.
 */
export function acceptedOf(chat: LiveChat, now: number): ChatAccepted {
  return {
    chatId: chat.id,
    epoch: chat.epoch,
    route: chat.route,
    commitment: chat.commitment,
    waitedSeconds: Math.round((now - chat.queuedAt) / 1000),
    resumeHash: chat.resumeHash,
    ...(chat.lang && { lang: chat.lang }),
    ...(chat.topic && { topic: chat.topic }),
    ...(chat.urgent === true && { urgent: true as const }),
    ...(chat.risk && chat.risk !== 'none' && { risk: chat.risk }),
  };
}

export class Handshake {
  constructor(
    private readonly ctx: ChatContext,
    private readonly picture: LivePicture,
  ) {}

  /** The visitor's key, answering the counsellor's: the chat is active from here. */
  async revealKey(visitor: VisitorRef, reveal: KeyReveal): Promise<null> {
    const { live, counsellors } = this.ctx;
    const chat = await updateVisitorChat(live, visitor, reveal.chatId, (chat) => {
      if (reveal.epoch !== chat.epoch) throw new AppError('wrong_epoch');
      if (chat.status !== 'keying' || !chat.counsellorSocketId) throw new AppError('wrong_state');
      return { ...chat, status: 'active', answered: true };
    });
    if (chat?.counsellorSocketId) counsellors.to(chat.counsellorSocketId).emit('chat:key', reveal);
    return null;
  }

  /** A visitor's fresh commitment, answering `chat:recommit` or `chat:requeued`. */
  async commit(visitor: VisitorRef, { chatId, commitment, proof }: ChatCommit): Promise<null> {
    const { live, counsellors } = this.ctx;
    const chat = await updateVisitorChat(live, visitor, chatId, (chat) => {
      if (!chat.awaitingCommitment) throw new AppError('wrong_state');
      const { commitProof: _old, ...rest } = chat;
      const committed: LiveChat = {
        ...rest,
        commitment,
        ...(proof && { commitProof: proof }),
        awaitingCommitment: false,
      };
      // Back in the queue: claimable again. The counsellor away again: the commitment
      // is kept and they re-key when back.
      if (committed.status === 'queued') return committed;
      if (!committed.counsellorSocketId || committed.counsellorAway) {
        return { ...committed, awaitingCommitment: true };
      }
      return { ...committed, epoch: committed.epoch + 1, status: 'rekeying' };
    });
    if (!chat) return null;
    if (chat.status === 'queued') {
      // Claimable again: the counts change.
      await this.picture.broadcastStats();
    } else if (chat.status === 'rekeying' && !chat.awaitingCommitment && chat.counsellorSocketId) {
      counsellors.to(chat.counsellorSocketId).emit('chat:rekey', rekeyOf(chat));
    }
    return null;
  }

  /**
   * The counsellor's key for the epoch, after an accept or a visitor's fresh
   * commitment: forwarded as `chat:started`, with the counsellor's proof if any.
   */
  async rekey(counsellor: CounsellorRef, offer: RekeyOffer): Promise<null> {
    const { live, visitors } = this.ctx;
    const chat = await updateCounsellorChat(live, counsellor, offer.chatId, (chat) => {
      if (offer.epoch !== chat.epoch) throw new AppError('wrong_epoch');
      if (chat.status !== 'rekeying') throw new AppError('wrong_state');
      if (chat.visitorAway) throw new AppError('peer_away');
      return { ...chat, status: 'keying' };
    });
    if (!chat) return null;
    visitors.to(chat.visitorSocketId).emit('chat:started', {
      chatId: chat.id,
      epoch: chat.epoch,
      counsellorKey: offer.publicKey,
      counsellorAlias: counsellor.data.alias,
      ...(offer.proof && { proof: offer.proof }),
    });
    return null;
  }
}
