import { AppError } from '../../shared/protocol/errors.js';
import type { ChatResume, ChatsResume } from '../../shared/protocol/schemas.js';
import { hashToken } from '../tokens.js';
import type { ChatContext } from './context.js';
import type { Ending } from './ending.js';
import type { GraceTimers } from './grace.js';
import type { LiveChat } from './live-state.js';
import type { CounsellorRef, VisitorRef } from './parties.js';
import type { Queue } from './queue.js';

/*
 * Recovery after a restart. A stopping process keeps nothing; the clients keep their
 * chats and keys. For a while after the start (RECOVERY_WINDOW_MS) a chat unknown
 * here is re-created from whichever side comes back first: from the visitor's claim
 * (a place at the back of the queue, or a chat waiting for its counsellor) or from the
 * console's list (chats waiting for their visitors, whose first resume token is then
 * taken as theirs). The side still missing gets its usual grace.
 */

/** After a restart, clients may bring their chats back for this long. */
const RECOVERY_WINDOW_MS = 5 * 60_000;
/** The resume hash of a chat re-created from the counsellor's side, until its visitor is back. */
const UNCLAIMED = '';

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

  /** Re-created from the counsellor's side after a restart: the first token wins. */
  claimUnclaimed(chat: LiveChat, token: string): void {
    if (chat.resumeHash === UNCLAIMED && this.recovering()) chat.resumeHash = hashToken(token);
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
      ...(!claim.queued && { counsellorAway: true, counsellorAwaySince: at, answered: true }),
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
   * this account, waiting for their visitors (or taken over where a visitor came
   * back first).
   */
  async recreateForCounsellor(counsellor: CounsellorRef, request: ChatsResume): Promise<void> {
    const { live, options, now } = this.ctx;
    if (!this.recovering()) return;
    for (const held of request.chats) {
      const chat = await live.getChat(held.chatId);
      if (chat) {
        // The visitor came back first and waits for its counsellor: this one.
        if (chat.counsellorAccountId === undefined && chat.status !== 'queued') {
          chat.counsellorAccountId = counsellor.data.accountId;
          chat.counsellorSocketId = counsellor.socketId;
          chat.counsellorAlias = counsellor.data.alias;
          chat.counsellorProcess = live.processId;
          await live.saveChat(chat);
        }
        continue;
      }
      const at = now();
      await live.saveChat({
        id: held.chatId,
        route: held.route,
        queuedAt: at,
        commitment: '',
        epoch: held.epoch,
        status: 'active',
        resumeHash: UNCLAIMED,
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
