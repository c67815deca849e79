import { AppError } from '../../shared/protocol/errors.js';
import type { ChatLeave, EndReason } from '../../shared/protocol/schemas.js';
import { hashToken, sameHash } from '../tokens.js';
import type { AfterChat } from './after-chat.js';
import type { ChatContext } from './context.js';
import type { GraceTimers } from './grace.js';
import type { LiveChat } from './live-state.js';
import type { LivePicture } from './live-picture.js';
import { ownChat, visitorChat, type Party, type VisitorRef } from './parties.js';
import type { Risk } from './risk.js';

/*
 * How a chat ends, whichever way: a side ends it, the visitor leaves the queue or the
 * page (quick exit, with the resume token standing in for the socket), or the visitor
 * does not come back within its grace (seen by a timer here or a sweep in any process).
 * Ending is the same every time: the live state is deleted, and whoever deleted it (one
 * process only, however many tried) tells both sides, counts the statistics and issues
 * the tickets for a rating and a wrap-up (see after-chat.ts). Nothing of the chat is kept.
 */

export class Ending {
  constructor(
    private readonly ctx: ChatContext,
    private readonly grace: GraceTimers,
    private readonly picture: LivePicture,
    private readonly afterChat: AfterChat,
    private readonly risk: Risk,
  ) {}

  async endBy(party: Party, chatId: string): Promise<null> {
    const chat = await ownChat(this.ctx.live, party, chatId);
    await this.end(chat, party.sender === 'visitor' ? 'ended_by_visitor' : 'ended_by_counsellor');
    return null;
  }

  async leave(visitor: VisitorRef, chatId: string): Promise<null> {
    const chat = await visitorChat(this.ctx.live, visitor, chatId);
    await this.end(chat, 'ended_by_visitor');
    return null;
  }

  /** Quick exit from a page going away: the resume token stands in for the socket. */
  async leaveWithToken({ chatId, token }: ChatLeave): Promise<void> {
    const chat = await this.ctx.live.getChat(chatId);
    if (!chat) throw new AppError('not_found');
    if (!sameHash(hashToken(token), chat.resumeHash)) throw new AppError('forbidden');
    await this.end(chat, 'ended_by_visitor');
  }

  /**
   * The visitor's grace ran out (a timer here, or a sweep): ends the chat unless the
   * visitor came back since `since`, on that socket or a new one.
   */
  async expireVisitor(chatId: string, socketId: string, since: number): Promise<void> {
    const dropped = await this.ctx.live.dropIfAway(chatId, socketId, since);
    if (dropped) await this.ended(dropped.chat, 'visitor_disconnected', dropped.wasQueued);
  }

  /** Ends a chat everywhere: deletes its live state, and tells both sides. */
  async end(chat: LiveChat, reason: EndReason): Promise<void> {
    const { live } = this.ctx;
    const wasQueued = await live.dequeue(chat);
    // Ended meanwhile by another process, or by a grace's end: it told them already.
    if (await live.deleteChat(chat.id)) await this.ended(chat, reason, wasQueued);
  }

  /** What follows once this process has deleted a chat: tells both sides, counts it. */
  async ended(chat: LiveChat, reason: EndReason, wasQueued: boolean): Promise<void> {
    const { visitors, counsellors, options, now } = this.ctx;
    this.grace.stop('visitor', chat.id);
    this.grace.stop('counsellor', chat.id);
    if (chat.answeredAt !== undefined) {
      options.stats?.ended(chat.route, now() - chat.answeredAt);
      // The highest level it reached, per day and route: never which chat or whose.
      options.stats?.riskLevel(chat.route, chat.riskPeak ?? 'none');
    } else if (!chat.answered) {
      options.stats?.abandoned(chat.route);
    }
    this.afterChat.allowWrapUp(chat);
    for (const listener of this.ctx.onEnded) listener(chat.id);
    const ended = { chatId: chat.id, reason };
    visitors
      .to(chat.visitorSocketId)
      .emit(
        'chat:ended',
        chat.answered ? { ...ended, ratingTicket: this.afterChat.ratingTicket(chat) } : ended,
      );
    const visitorSocket = visitors.sockets.get(chat.visitorSocketId);
    if (visitorSocket?.data.chatId === chat.id) delete visitorSocket.data.chatId;
    if (chat.counsellorSocketId) {
      const pause = await this.risk.pauseFor(chat);
      if (pause) this.risk.allowDebrief(chat);
      counsellors
        .to(chat.counsellorSocketId)
        .emit('chat:ended', pause ? { ...ended, pause } : ended);
      if (chat.counsellorAccountId !== undefined) {
        counsellors.to(chat.counsellorSocketId).emit(
          'presence:state',
          await this.picture.presence({
            socketId: chat.counsellorSocketId,
            data: { accountId: chat.counsellorAccountId },
          }),
        );
      }
    }
    if (wasQueued) await this.picture.broadcastQueue(chat.route);
  }
}
