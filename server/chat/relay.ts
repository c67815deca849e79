import { AppError } from '../../shared/protocol/errors.js';
import type { Typing, WireFrame } from '../../shared/protocol/schemas.js';
import type { ChatContext } from './context.js';
import { ownChat, type Party } from './parties.js';

/*
 * The relay: encrypted frames and typing notices from one side of an active chat to the
 * other. The server sees the frame's header (chat, epoch, sender) and ciphertext, never
 * a key; it checks the header against the chat and waits for the other client's
 * receipt, so the sender's "delivered" is honest. It counts the frames on their way so
 * a shutdown can let them arrive first.
 */

/** How long a relayed frame waits for the other client's receipt. */
const DELIVERY_TIMEOUT_MS = 5000;

function isOkReceipt(receipt: unknown): boolean {
  return typeof receipt === 'object' && receipt !== null && 'ok' in receipt && receipt.ok === true;
}

export class Relay {
  /** Frames relayed and still waiting for the other side's receipt. */
  private inFlight = 0;

  constructor(private readonly ctx: ChatContext) {}

  /** Relays a frame to the other side of the sender's own, active chat. */
  async relay(party: Party, frame: WireFrame): Promise<null> {
    const { live, visitors, counsellors } = this.ctx;
    const chat = await ownChat(live, party, frame.chatId);
    const { sender } = party;
    if (frame.sender !== sender) throw new AppError('forbidden');
    if (frame.epoch !== chat.epoch) throw new AppError('wrong_epoch');
    if (chat.status === 'queued') throw new AppError('wrong_state');
    // The other side is reconnecting or being keyed again: the sender keeps the
    // message and sends it once the chat is whole again.
    const away = sender === 'visitor' ? chat.counsellorAway : chat.visitorAway;
    if (away || chat.awaitingCommitment || chat.status !== 'active' || !chat.counsellorSocketId) {
      throw new AppError('peer_away');
    }
    const target =
      sender === 'visitor'
        ? counsellors.to(chat.counsellorSocketId ?? '')
        : visitors.to(chat.visitorSocketId);
    // The sender's ack waits for the other client's receipt: "delivered" is honest.
    let receipts: unknown[];
    this.inFlight += 1;
    try {
      receipts = await target.timeout(DELIVERY_TIMEOUT_MS).emitWithAck('chat:message', frame);
    } catch {
      throw new AppError('not_delivered');
    } finally {
      this.inFlight -= 1;
    }
    if (receipts.length === 0) throw new AppError('peer_away');
    if (!receipts.some(isOkReceipt)) throw new AppError('not_delivered');
    return null;
  }

  async typing(party: Party, typing: Typing): Promise<null> {
    const { live, visitors, counsellors } = this.ctx;
    const chat = await ownChat(live, party, typing.chatId);
    if (chat.status !== 'active' || chat.visitorAway || chat.counsellorAway) return null;
    const { sender } = party;
    if (sender === 'visitor' && chat.counsellorSocketId) {
      counsellors.to(chat.counsellorSocketId).emit('chat:typing', typing);
    } else if (sender === 'counsellor') {
      visitors.to(chat.visitorSocketId).emit('chat:typing', typing);
    }
    return null;
  }

  /** Waits until every frame on its way has its receipt, or `drainMs` has passed. */
  async drain(drainMs: number): Promise<void> {
    const deadline = this.ctx.now() + drainMs;
    while (this.inFlight > 0 && this.ctx.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
