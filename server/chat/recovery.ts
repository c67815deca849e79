import { AppError } from '../../shared/protocol/errors.js';
import type { ChatResume, ChatsResume } from '../../shared/protocol/schemas.js';
import { hashToken, sameHash } from '../tokens.js';
import type { ChatContext } from './context.js';
import type { Ending } from './ending.js';
import type { GraceTimers } from './grace.js';
import type { LiveChat } from './live-state.js';
import type { CounsellorRef, VisitorRef } from './parties.js';
import type { Queue } from './queue.js';

/*
 * Recovery after a restart. A stopping process keeps nothing; the clients keep their
 * chats and keys. For a while after the start (RECOVERY_WINDOW_MS) a chat unknown
 * here is re-created from whichever side comes back first, and knowing a chat's id is
 * never enough to take it:
 *
 * - The console's list names the chats it holds keys for, each with the hash of the
 *   visitor's current resume token as the console last heard it (at the accept, and
 *   from `chat:peer` whenever the token changed). The chat is re-created with that
 *   hash, so only whoever holds the token can take it; an entry without one re-creates
 *   nothing.
 * - A visitor's claim re-creates a place at the back of the queue, or a chat waiting
 *   for its counsellor. Nothing can check the latter yet, so it stays claimed
 *   (`claimedWith`): a second claim with another token is told to try again
 *   (`peer_away`) rather than refused, so a claim that came first cannot lock the real
 *   visitor out; and when the console comes back, its hash decides. The claim that
 *   matches keeps the chat; one that does not loses it (its socket is closed) and the
 *   chat waits, as re-created from the console's side, for the visitor who holds the
 *   token.
 *
 * The side still missing gets its usual grace.
 */

/** After a restart, clients may bring their chats back for this long. */
const RECOVERY_WINDOW_MS = 5 * 60_000;

export class Recovery {
  private readonly startedAt: number;

  constructor(
    private readonly ctx: ChatContext,
    private readonly grace: GraceTimers,
    private readonly ending: Ending,
    private readonly queue: Queue,
  ) {
    this.startedAt = ctx.now();
  }

  /** Within this long of the process starting, clients may bring back their chats. */
  private recovering(): boolean {
    return this.ctx.now() - this.startedAt < RECOVERY_WINDOW_MS;
  }

  /**
   * A claim with the wrong token for a chat a visitor's claim re-created, which its
   * console has not vouched for yet: either claim may be the visitor's, so this one
   * is asked to try again rather than refused.
   */
  contested(chat: LiveChat, request: ChatResume): boolean {
    return chat.claimedWith !== undefined && request.claim !== undefined && this.recovering();
  }

  /**
   * After a restart the server knows no chat; the visitor's widget still knows its
   * own. Within the recovery window it is taken back as the widget describes it: a
   * place in the queue (at the back), or a chat whose counsellor is waited for.
   */
  async recreateForVisitor(
    visitor: VisitorRef,
    request: ChatResume,
    mayCreate: () => Promise<boolean>,
  ): Promise<LiveChat | undefined> {
    const { live, options, now } = this.ctx;
    const claim = request.claim;
    if (!claim || !this.recovering()) return undefined;
    if (claim.queued && !request.commitment) return undefined;
    if (!(await mayCreate())) throw new AppError('rate_limited');
    const waiting = claim.queued ? (await live.queue(claim.route)).length : 0;
    if (waiting >= options.maxQueuePerRoute) throw new AppError('queue_full');
    const at = now();
    const chat: LiveChat = {
      id: request.chatId,
      route: claim.route,
      queuedAt: at,
      commitment: request.commitment ?? '',
      epoch: claim.epoch,
      status: claim.queued ? 'queued' : 'active',
      resumeHash: hashToken(request.token),
      visitorSocketId: visitor.socketId,
      visitorProcess: live.processId,
      ...(!claim.queued && {
        counsellorAway: true,
        counsellorAwaySince: at,
        answered: true,
        claimedWith: hashToken(request.token),
      }),
    };
    if (claim.queued) {
      await live.enqueue(chat);
    } else {
      await live.saveChat(chat);
      this.grace.start('counsellor', chat.id, options.counsellorGraceMs, () =>
        this.queue.expireCounsellor(chat.id, '', at),
      );
    }
    return chat;
  }

  /**
   * After a restart: the chats the console still holds keys for come back bound to
   * this account, for the visitor whose token the console vouches for: waiting for
   * them, or taken over where that visitor came back first.
   */
  async recreateForCounsellor(counsellor: CounsellorRef, request: ChatsResume): Promise<void> {
    const { live, visitors, options, now } = this.ctx;
    if (!this.recovering()) return;
    for (const held of request.chats) {
      // Without the hash, nothing here could tell the visitor from anyone else.
      if (!held.resumeHash) continue;
      const chat = await live.getChat(held.chatId);
      if (chat) {
        const claimed = chat.claimedWith;
        if (!claimed || chat.counsellorAccountId !== undefined || chat.status === 'queued') {
          continue;
        }
        if (sameHash(claimed, held.resumeHash)) {
          // The visitor came back first and waits for its counsellor: this one.
          const { claimedWith: _vouched, ...rest } = chat;
          await live.saveChat({
            ...rest,
            counsellorAccountId: counsellor.data.accountId,
            counsellorSocketId: counsellor.socketId,
            counsellorAlias: counsellor.data.alias,
            counsellorProcess: live.processId,
          });
          continue;
        }
        // Whoever claimed it does not hold the visitor's token: the chat is not theirs.
        visitors.in(chat.visitorSocketId).disconnectSockets(true);
      }
      const at = now();
      await live.saveChat({
        id: held.chatId,
        route: held.route,
        queuedAt: at,
        commitment: '',
        epoch: held.epoch,
        status: 'active',
        resumeHash: held.resumeHash,
        visitorSocketId: '',
        visitorAway: true,
        visitorAwaySince: at,
        answered: true,
        counsellorAccountId: counsellor.data.accountId,
        counsellorSocketId: counsellor.socketId,
        counsellorAlias: counsellor.data.alias,
        counsellorProcess: live.processId,
      });
      this.grace.start('visitor', held.chatId, options.visitorGraceMs, () =>
        this.ending.expireVisitor(held.chatId, '', at),
      );
    }
  }
}
