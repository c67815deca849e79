import {
  completeAnswerer,
  completeCommitter,
  startAnswering,
  startCommitting,
  type PendingCommit,
} from './pairwise.js';
import type { KeyPair, Session } from './session.js';

/*
 * A member joins a chat with the visitor's consent (docs/PROTOCOL.md §23): a pairwise
 * session between the visitor's widget and the member's console (a supervisor who took
 * the counsellor's request for support), next to the chat's own. It is the chat's v2
 * handshake and ratchet with every label in the `member` context: the widget plays the
 * visitor's role (it makes its key only when the visitor says yes, and commits first),
 * the member's console the counsellor's (it makes its key only once it holds the
 * chatId, the join number and the widget's commitment). The chatId is the chat's; the
 * epoch of the transcript and of every frame header is the join number the server gave
 * this join (1, 2, … within the chat). Never re-keyed: a reload on either side, the end
 * of the support conversation or of the chat, or the visitor's "remove" ends it.
 * Messages are sealed and opened with chat.ts's sealText/sealContent and openFrame.
 */

/** The widget's key pair, made on the visitor's yes, and the commitment it answers with. */
export type PendingMemberConsent = PendingCommit;

export function startMemberConsent(): PendingMemberConsent {
  return startCommitting('member');
}

/** The member's key pair, made only once it holds the join number and the visitor's commitment. */
export const startMemberJoin = startAnswering;

/**
 * The widget's side, on the member's key: the session, and the public key to reveal.
 * Throws `bad_key` if the member's key is not a valid public key.
 */
export function completeVisitorMember(
  pending: PendingMemberConsent,
  chatId: string,
  joinNumber: number,
  memberKey: string,
): { session: Session; publicKey: string } {
  return completeCommitter(pending, chatId, joinNumber, memberKey, 'member');
}

/**
 * The member's side, on the widget's revealed key. Throws `commitment_mismatch` if it
 * is not the key the visitor's yes committed to.
 */
export function completeJoinerMember(
  keyPair: KeyPair,
  chatId: string,
  joinNumber: number,
  commitment: string,
  visitorKey: string,
): Session {
  return completeAnswerer(keyPair, chatId, joinNumber, commitment, visitorKey, 'member');
}
