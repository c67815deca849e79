import { z } from 'zod/mini';
import { ChatId, Commitment, PublicKey, WireFrame, type Route } from './schemas.js';

/*
 * The payloads of support conversations between two consoles ("whispers",
 * docs/PROTOCOL.md §22). The server sees whisperIds, public keys, a commitment and
 * opaque frames; never a word of what is said, nothing about the visitor.
 */

/** 128 random bits, base64url, made by the server for one whisper. */
export const WhisperId = ChatId;

/** A counsellor asks for support about one of their chats, committing to a key. */
export const WhisperAsk = z.strictObject({ chatId: ChatId, commitment: Commitment });
export type WhisperAsk = z.infer<typeof WhisperAsk>;

export const WhisperRef = z.strictObject({ whisperId: WhisperId });
export type WhisperRef = z.infer<typeof WhisperRef>;

/** A supervisor takes a request with their fresh public key; the asker reveals theirs alike. */
export const WhisperKey = z.strictObject({ whisperId: WhisperId, publicKey: PublicKey });
export type WhisperKey = z.infer<typeof WhisperKey>;

/** One sealed frame of a whisper (its header's chatId is the whisperId). */
export const WhisperMessage = z.strictObject({ whisperId: WhisperId, frame: WireFrame });
export type WhisperMessage = z.infer<typeof WhisperMessage>;

/** The asker's ack: the whisper's id and how many supervisors were asked. */
export interface WhisperAsked {
  whisperId: string;
  supervisors: number;
}

/** To each supervisor online: a colleague asks for support. No chat id, no visitor data. */
export interface WhisperRequest {
  whisperId: string;
  /** The asker's display name (alias). */
  from: string;
  /** The route of the chat the request is about. */
  route: Route;
  /** The asker's commitment, held before the supporter makes its key. */
  commitment: string;
}

/** To the asker: who took the request, and their public key. */
export interface WhisperAccepted {
  whisperId: string;
  from: string;
  publicKey: string;
}

/**
 * Why a whisper is over: a side ended it, the chat it was about ended, a console went
 * away (a reload or a lost connection: the keys were in memory only), or, to every
 * supervisor but the one who took it, a colleague took it (`taken`).
 */
export const WHISPER_END_REASONS = ['ended', 'chat_ended', 'disconnected', 'taken'] as const;
export type WhisperEndReason = (typeof WHISPER_END_REASONS)[number];

export interface WhisperEnded {
  whisperId: string;
  reason: WhisperEndReason;
}
