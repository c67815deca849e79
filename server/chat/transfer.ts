import { AppError } from '../../shared/protocol/errors.js';
import {
  MAX_NOTE_READERS,
  ROUTES,
  type ChatTransfer,
  type Colleague,
  type NoteReader,
} from '../../shared/protocol/schemas.js';
import type { LiveChat } from './live-state.js';
import { acceptedOf } from './handshake.js';
import type { ChatContext } from './context.js';
import type { GraceTimers } from './grace.js';
import type { LivePicture } from './live-picture.js';
import { counsellorChat, updateCounsellorChat, type CounsellorRef } from './parties.js';

/*
 * Hand-over: which colleagues a counsellor can pass a chat to (available now, on the
 * chat's route, with room for it), and the passing itself, to one of them or back to
 * the queue. The server only moves the chat and asks the visitor for fresh keys; the
 * conversation so far travels from the visitor's screen, encrypted, as before.
 */

/** What one console is given of a hand-over: who handed it over, and its own sealed note. */
export function handoverFor(
  handover: NonNullable<LiveChat['handover']>,
  accountId: number,
): { fromAlias: string; sealedNote?: string } {
  const sealedNote = handover.notes?.[String(accountId)];
  return { fromAlias: handover.fromAlias, ...(sealedNote && { sealedNote }) };
}

export class Transfer {
  constructor(
    private readonly ctx: ChatContext,
    private readonly grace: GraceTimers,
    private readonly picture: LivePicture,
  ) {}

  /** Colleagues available now who serve the chat's route and have room for it. */
  async colleagues(counsellor: CounsellorRef, chatId: string): Promise<Colleague[]> {
    const { live } = this.ctx;
    const chat = await counsellorChat(live, counsellor, chatId);
    const found = new Map<number, Colleague>();
    for (const { accountId, socketId, alias, noteKey } of await live.availableSockets(chat.route)) {
      if (accountId === counsellor.data.accountId || found.has(accountId)) continue;
      const ref = { socketId, data: { accountId } };
      const free =
        (await this.picture.capacityOf(ref)) - (await live.countChatsOfAccount(accountId));
      if (free > 0) {
        found.set(accountId, { accountId, alias: alias ?? '', free, ...(noteKey && { noteKey }) });
      }
    }
    return [...found.values()];
  }

  /**
   * How many colleagues are available now with room for a chat but do not serve this
   * chat's route (not trained for the under-20 line): the console says why nobody can
   * take it. Only a count, of the counsellor's own chat's route: nothing of the visitor.
   */
  async untrained(counsellor: CounsellorRef, chatId: string): Promise<number> {
    const { live } = this.ctx;
    const chat = await counsellorChat(live, counsellor, chatId);
    const serving = new Set((await live.availableSockets(chat.route)).map((r) => r.accountId));
    const counted = new Set<number>();
    for (const route of ROUTES.filter((r) => r !== chat.route)) {
      for (const { accountId, socketId } of await live.availableSockets(route)) {
        if (accountId === counsellor.data.accountId || serving.has(accountId)) continue;
        if (counted.has(accountId)) continue;
        const ref = { socketId, data: { accountId } };
        const free =
          (await this.picture.capacityOf(ref)) - (await live.countChatsOfAccount(accountId));
        if (free > 0) counted.add(accountId);
      }
    }
    return counted.size;
  }

  /**
   * Every other console available on the chat's route, with its note key: whoever of
   * them takes the chat from the queue can open a note sealed to them all.
   */
  async readers(counsellor: CounsellorRef, chatId: string): Promise<NoteReader[]> {
    const { live } = this.ctx;
    const chat = await counsellorChat(live, counsellor, chatId);
    const found = new Map<number, NoteReader>();
    for (const { accountId, noteKey } of await live.availableSockets(chat.route)) {
      if (accountId !== counsellor.data.accountId && noteKey) {
        found.set(accountId, { accountId, noteKey });
      }
    }
    // As many as one hand-over may carry notes for (SealedNotes).
    return [...found.values()].slice(0, MAX_NOTE_READERS);
  }

  /**
   * Hands one's chat to a free colleague or back to the queue, with an optional
   * note sealed in the console to each console that may take it. The visitor is asked for fresh keys: whoever takes over runs a new
   * handshake in a new epoch, so the old counsellor's keys open nothing from then
   * on, and the new one's open nothing from before. To a colleague, the visitor's
   * screen sends the conversation so far, encrypted in the new epoch.
   */
  async transfer(counsellor: CounsellorRef, request: ChatTransfer): Promise<null> {
    const { live, visitors, counsellors, now } = this.ctx;
    const chat = await counsellorChat(live, counsellor, request.chatId);
    if (chat.status === 'queued') throw new AppError('wrong_state');
    const handover = {
      fromAlias: counsellor.data.alias,
      ...(request.notes && { notes: request.notes }),
    };
    if (request.to === 'queue') {
      this.grace.stop('counsellor', chat.id);
      const position = await live.requeue({
        ...chat,
        awaitingCommitment: true,
        epoch: chat.epoch + 1,
        handover,
      });
      visitors
        .to(chat.visitorSocketId)
        .emit('chat:requeued', { chatId: chat.id, position, reason: 'transferred' });
      await this.picture.broadcastQueue(chat.route);
    } else {
      const colleague = (await live.availableSockets(chat.route)).find(
        (ref) => ref.accountId === request.to && ref.accountId !== counsellor.data.accountId,
      );
      if (!colleague) throw new AppError('not_available');
      // Presence in Redis outlives a crashed process by up to a minute: hand over only
      // to a console that is there (in whichever process), and forget one that is not.
      if ((await counsellors.in(colleague.socketId).fetchSockets()).length === 0) {
        await live.setAvailable(colleague.socketId, colleague.accountId, [], false);
        throw new AppError('not_available');
      }
      // The colleague's console may be connected to another process: reach it by room.
      const socket = counsellors.to(colleague.socketId);
      const ref = { socketId: colleague.socketId, data: { accountId: colleague.accountId } };
      const active = await live.countChatsOfAccount(colleague.accountId);
      if (active >= (await this.picture.capacityOf(ref))) throw new AppError('not_available');
      const handed = await updateCounsellorChat(live, counsellor, chat.id, (current) => {
        if (current.status === 'queued') throw new AppError('wrong_state');
        const { counsellorProcess: _p, counsellorAwaySince: _s, ...rest } = current;
        return {
          ...rest,
          counsellorAccountId: colleague.accountId,
          counsellorSocketId: colleague.socketId,
          counsellorAlias: colleague.alias ?? '',
          // Wherever the colleague's console is connected, its process's heartbeat counts.
          ...(colleague.processId && { counsellorProcess: colleague.processId }),
          counsellorAway: false,
          awaitingCommitment: true,
        };
      });
      if (!handed) throw new AppError('not_found');
      socket.emit('chat:transferred', {
        ...acceptedOf(handed, now()),
        rekey: true,
        handover: handoverFor(handover, colleague.accountId),
      });
      socket.emit('presence:state', await this.picture.presence(ref));
      visitors
        .to(chat.visitorSocketId)
        .emit('chat:recommit', { chatId: chat.id, reason: 'transferred' });
    }
    counsellors
      .to(counsellor.socketId)
      .emit('chat:ended', { chatId: chat.id, reason: 'transferred' });
    counsellors
      .to(counsellor.socketId)
      .emit('presence:state', await this.picture.presence(counsellor));
    return null;
  }
}
