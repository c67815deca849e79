import {
  completeAnswerer,
  completeCommitter,
  startAnswering,
  startCommitting,
  type PendingCommit,
} from './pairwise.js';
import type { KeyPair, Session } from './session.js';

/*
 * Support conversations between two consoles ("whispers", docs/PROTOCOL.md §22): the
 * chat's v2 handshake and ratchet, run between the console that asks for support (the
 * asker, in the visitor's role: it commits first) and a supervisor's console (the
 * supporter, in the counsellor's role), with every label in the `whisper` context so
 * that no key of a whisper is ever a chat's. A random whisperId stands in for the
 * chatId, and the epoch is always 1: a whisper is never re-keyed; a reload ends it.
 * Messages are sealed and opened with chat.ts's sealText and openFrame.
 */

/** Whispers have one epoch: no resume, no re-key. */
export const WHISPER_EPOCH = 1;

/** The asker's key pair and the commitment it sends with `whisper:ask`. */
export type PendingWhisper = PendingCommit;

export function startWhisperAsk(): PendingWhisper {
  return startCommitting('whisper');
}

/** The supporter's key pair, made only once it holds the whisperId and the asker's commitment. */
export const startWhisperSupport = startAnswering;

/**
 * The asker's side, on `whisper:accepted`: the session, and the public key to reveal
 * with `whisper:key`.
 */
export function completeAskerWhisper(
  pending: PendingWhisper,
  whisperId: string,
  supporterKey: string,
): { session: Session; publicKey: string } {
  return completeCommitter(pending, whisperId, WHISPER_EPOCH, supporterKey, 'whisper');
}

/**
 * The supporter's side, on the asker's `whisper:key`. Throws `commitment_mismatch` if
 * the revealed key is not the one committed to in the request.
 */
export function completeSupporterWhisper(
  keyPair: KeyPair,
  whisperId: string,
  commitment: string,
  askerKey: string,
): Session {
  return completeAnswerer(keyPair, whisperId, WHISPER_EPOCH, commitment, askerKey, 'whisper');
}
