import { AppError } from '../../shared/protocol/errors.js';
import {
  RISK_LEVELS,
  type CounsellorChatEnded,
  type DebriefSent,
  type RiskLevel,
  type RiskSet,
} from '../../shared/protocol/schemas.js';
import type { CounsellorServerEvents } from '../../shared/protocol/events.js';
import type { ChatContext } from './context.js';
import type { LiveChat } from './live-state.js';
import { updateCounsellorChat, type CounsellorRef } from './parties.js';

/*
 * Risk levels and care. The counsellor of a chat sets its risk level (none, concern,
 * acute); it lives in the chat's live state only and goes with it. The first time a
 * chat becomes acute, every supervisor online is alerted and the counsellor's acute
 * count of this shift goes up (the board shows it). When a chat that reached acute,
 * or one longer than the settings' `debriefAfterMinutes`, ends, its console is told to
 * suggest a pause and may ask the supervisors online for a debrief, once. Supervisors
 * hear a display name and a route: never content, never anything about the visitor.
 */

/** The room every console socket of an account acting as supervisor or admin joins. */
export const SUPERVISORS_ROOM = 'supervisors';

/** A debrief may be asked for this long after the chat ended. */
const DEBRIEF_TTL_MS = 60 * 60_000;

/** The higher of two levels. */
export function higherRisk(a: RiskLevel, b: RiskLevel): RiskLevel {
  return RISK_LEVELS.indexOf(a) >= RISK_LEVELS.indexOf(b) ? a : b;
}

export class Risk {
  /** Ended chats whose counsellor may ask for a debrief, by chat id (this process only). */
  private readonly debriefTickets = new Map<string, { accountId: number; expires: number }>();

  constructor(private readonly ctx: ChatContext) {}

  /** Sets the level of one's own chat; alerts the supervisors the first time it is acute. */
  async set(counsellor: CounsellorRef, { chatId, level }: RiskSet): Promise<null> {
    let becameAcute = false;
    const updated = await updateCounsellorChat(this.ctx.live, counsellor, chatId, (chat) => {
      // Computed afresh each time `change` runs (Redis may run it again on a newer chat).
      becameAcute = level === 'acute' && chat.riskPeak !== 'acute';
      if ((chat.risk ?? 'none') === level) return undefined;
      return { ...chat, risk: level, riskPeak: higherRisk(chat.riskPeak ?? 'none', level) };
    });
    if (updated && becameAcute) {
      const { accountId, alias } = counsellor.data;
      await this.ctx.live.countAcute(accountId);
      await this.toSupervisors(accountId, 'risk:acute', { alias, route: updated.route });
    }
    return null;
  }

  /**
   * Whether the console of a chat that just ended should suggest a pause: it reached
   * acute, or it lasted (from its answer, by the service's clock) longer than the setting.
   */
  async pauseFor(chat: LiveChat): Promise<CounsellorChatEnded['pause']> {
    if (chat.riskPeak === 'acute') return 'acute';
    if (chat.answeredAt === undefined) return undefined;
    const { debriefAfterMinutes } = await this.ctx.store.getSettings();
    return this.ctx.now() - chat.answeredAt > debriefAfterMinutes * 60_000 ? 'long' : undefined;
  }

  /** The chat's last counsellor may ask for one debrief about it; call as it ends with a pause. */
  allowDebrief(chat: LiveChat): void {
    if (chat.counsellorAccountId === undefined) return;
    const now = this.ctx.now();
    for (const [chatId, { expires }] of this.debriefTickets) {
      if (expires < now) this.debriefTickets.delete(chatId);
    }
    this.debriefTickets.set(chat.id, {
      accountId: chat.counsellorAccountId,
      expires: now + DEBRIEF_TTL_MS,
    });
  }

  /** Tells the supervisors online that this counsellor asks for a debrief. */
  async debrief(counsellor: CounsellorRef, chatId: string): Promise<DebriefSent> {
    const ticket = this.debriefTickets.get(chatId);
    const { accountId, alias } = counsellor.data;
    if (!ticket || ticket.accountId !== accountId || ticket.expires < this.ctx.now()) {
      throw new AppError('not_found');
    }
    this.debriefTickets.delete(chatId);
    return { supervisors: await this.toSupervisors(accountId, 'debrief:asked', { alias }) };
  }

  /**
   * Sends an event to every console of every supervisor online (any process), but the
   * asking account's own; returns how many accounts that reached.
   */
  private async toSupervisors<E extends 'risk:acute' | 'debrief:asked'>(
    self: number,
    event: E,
    payload: Parameters<CounsellorServerEvents[E]>[0],
  ): Promise<number> {
    const sockets = await this.ctx.counsellors.in(SUPERVISORS_ROOM).fetchSockets();
    const others = sockets.filter((socket) => socket.data.accountId !== self);
    for (const socket of others) {
      (socket.emit as (event: E, payload: unknown) => boolean)(event, payload);
    }
    return new Set(others.map((socket) => socket.data.accountId)).size;
  }

  /** Forgets every ticket (the server is closing). */
  dispose(): void {
    this.debriefTickets.clear();
  }
}
