import type { WrapUp } from '../../shared/protocol/admin.js';
import { AppError } from '../../shared/protocol/errors.js';
import type { RatingSubmit, Route } from '../../shared/protocol/schemas.js';
import { dayIn } from '../clock.js';
import { newSecret } from '../tokens.js';
import type { ChatContext } from './context.js';
import type { LiveChat } from './live-state.js';
import type { CounsellorRef } from './parties.js';

/*
 * What a chat leaves behind once it has ended: a rating ticket for its visitor (one
 * score, within half an hour) and a wrap-up ticket for the counsellor who had it last
 * (categories only, within the hour). The tickets hold a route and, for the wrap-up,
 * an account; never the chat's content or anything about the visitor. They live in
 * this process's memory only and are forgotten when they expire or are used.
 */

/** A rating may be given this long after the chat ended. */
const RATING_TTL_MS = 30 * 60_000;
/** A wrap-up may be given this long after the chat ended. */
const WRAP_UP_TTL_MS = 60 * 60_000;

export class AfterChat {
  /** Rating tickets of ended chats: the route only, for the aggregate. */
  private readonly ratingTickets = new Map<string, { route: Route; expires: number }>();
  /** Wrap-up tickets of ended chats, by chat id: whose it was and the route. */
  private readonly wrapUpTickets = new Map<
    string,
    { accountId: number; route: Route; expires: number }
  >();

  constructor(private readonly ctx: ChatContext) {}

  /** The counsellor who had an answered chat may wrap it up; call as it ends. */
  allowWrapUp(chat: LiveChat): void {
    if (chat.answered && chat.counsellorAccountId !== undefined) {
      this.wrapUpTickets.set(chat.id, {
        accountId: chat.counsellorAccountId,
        route: chat.route,
        expires: this.ctx.now() + WRAP_UP_TTL_MS,
      });
    }
  }

  /** A new ticket for the visitor of an ended chat: one rating of its route. */
  ratingTicket(chat: LiveChat): string {
    const now = this.ctx.now();
    for (const [ticket, { expires }] of this.ratingTickets) {
      if (expires < now) this.ratingTickets.delete(ticket);
    }
    const ticket = newSecret();
    this.ratingTickets.set(ticket, { route: chat.route, expires: now + RATING_TTL_MS });
    return ticket;
  }

  async rate(request: RatingSubmit): Promise<null> {
    const { store, now } = this.ctx;
    const ticket = this.ratingTickets.get(request.ticket);
    this.ratingTickets.delete(request.ticket);
    if (!ticket || ticket.expires < now()) throw new AppError('not_found');
    const { timeZone } = await store.getSettings();
    await store.addRating({
      day: dayIn(now(), timeZone),
      route: ticket.route,
      score: request.score,
    });
    return null;
  }

  /**
   * The counsellor's anonymous wrap-up of a chat that has ended: categories only,
   * once per chat, by whoever had it last, within the hour.
   */
  async wrapUp(counsellor: CounsellorRef, wrapUp: WrapUp): Promise<null> {
    const now = this.ctx.now();
    for (const [chatId, { expires }] of this.wrapUpTickets) {
      if (expires < now) this.wrapUpTickets.delete(chatId);
    }
    const ticket = this.wrapUpTickets.get(wrapUp.chatId);
    if (!ticket || ticket.accountId !== counsellor.data.accountId) {
      throw new AppError('not_found');
    }
    this.wrapUpTickets.delete(wrapUp.chatId);
    await this.ctx.options.stats?.wrapUp(ticket.route, wrapUp);
    return null;
  }

  /** Forgets every ticket (the server is closing). */
  dispose(): void {
    this.ratingTickets.clear();
    this.wrapUpTickets.clear();
  }
}
