import { z } from 'zod/mini';
import { ChatId, Commitment, JoinNumber, PublicKey, WireFrame } from './schemas.js';
import { WhisperId } from './whisper.js';

/*
 * The payloads of a member joining a chat with the visitor's consent
 * (docs/PROTOCOL.md §23). The supervisor who took a counsellor's request for support
 * (a whisper, §22) asks to join; the widget asks the visitor; only on a yes does the
 * widget make a key, and only then can the member's console make its own: a pairwise
 * session between the widget and the member's console, beside the chat's. The server
 * relays a join number, public keys, a commitment and opaque frames; it never holds a
 * key and never sees a word.
 */

export { JoinNumber };

// ----------------------------------------------------------- member's console → server

/** Also `join:leave` (the member leaves; the counsellor asks them to) and `join:ask`. */
export const JoinRef = z.strictObject({ whisperId: WhisperId });
export type JoinRef = z.infer<typeof JoinRef>;

/** The member's fresh public key, made only once it holds the visitor's commitment. */
export const JoinKey = z.strictObject({ whisperId: WhisperId, publicKey: PublicKey });
export type JoinKey = z.infer<typeof JoinKey>;

/** One frame of the member session, member → visitor (header: chatId, join number, counsellor). */
export const JoinMessage = z.strictObject({ whisperId: WhisperId, frame: WireFrame });
export type JoinMessage = z.infer<typeof JoinMessage>;

// ----------------------------------------------------------------- visitor → server

/** The visitor's answer: yes with the commitment to the widget's member key, or no. */
export const JoinAnswer = z.union([
  z.strictObject({
    chatId: ChatId,
    joinNumber: JoinNumber,
    yes: z.literal(true),
    commitment: Commitment,
  }),
  z.strictObject({ chatId: ChatId, joinNumber: JoinNumber, yes: z.literal(false) }),
]);
export type JoinAnswer = z.infer<typeof JoinAnswer>;

/** Names one join of one chat: the visitor removes the member (`chat:join-end`). */
export const JoinTarget = z.strictObject({ chatId: ChatId, joinNumber: JoinNumber });
export type JoinTarget = z.infer<typeof JoinTarget>;

/** The widget reveals the key it committed to (`chat:join-key`); also the member's key to it. */
export const JoinReveal = z.strictObject({
  chatId: ChatId,
  joinNumber: JoinNumber,
  publicKey: PublicKey,
});
export type JoinReveal = z.infer<typeof JoinReveal>;

/** One frame of the member session, visitor → member (`chat:member-send`), and the reverse. */
export const MemberFrame = z.strictObject({
  chatId: ChatId,
  joinNumber: JoinNumber,
  frame: WireFrame,
});
export type MemberFrame = z.infer<typeof MemberFrame>;

// ----------------------------------------------------------------- server → clients

/** To the visitor: a member asks to join. Nothing is shared until the visitor says yes. */
export interface JoinAsked {
  chatId: string;
  joinNumber: number;
  /** The display name (alias) of who asks. */
  alias: string;
  role: 'supervisor';
}

/** To the member's console, on the visitor's yes: what its key and transcript need. */
export interface JoinConsent {
  whisperId: string;
  chatId: string;
  joinNumber: number;
  commitment: string;
}

/**
 * Why a join is over: the member left (`left`), the visitor removed them (`removed`)
 * or said no (`declined`), the support conversation it came from ended (`ended`), the
 * chat ended (`chat_ended`) or was handed over (`transferred`), or a side's socket went,
 * taking its keys (`disconnected`).
 */
export const JOIN_END_REASONS = [
  'left',
  'removed',
  'declined',
  'ended',
  'chat_ended',
  'transferred',
  'disconnected',
] as const;
export type JoinEndReason = (typeof JOIN_END_REASONS)[number];

/**
 * To both consoles of the whisper, at every step: asked, the visitor said yes
 * (`accepted`: keys follow), joined (both keys relayed), or over (`ended`, with why).
 */
export interface JoinState {
  whisperId: string;
  joinNumber: number;
  state: 'asked' | 'accepted' | 'joined' | 'ended';
  reason?: JoinEndReason;
}

/** To the visitor: the member is gone from the chat; its session is to be wiped. */
export interface MemberLeft {
  chatId: string;
  joinNumber: number;
  reason: JoinEndReason;
}
