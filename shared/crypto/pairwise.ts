import { sodium } from './sodium.js';
import { fromB64 } from './chat.js';
import {
  CryptoError,
  commitToKey,
  establishSession,
  generateKeyPair,
  type KeyPair,
  type Session,
  type SessionContext,
} from './session.js';

/*
 * The chat's v2 handshake (docs/PROTOCOL.md §4, §7) for the two-party sessions beside
 * the chat: a whisper between two consoles (§22) and a member joining a chat (§23).
 * One side commits first and reveals its key last (the visitor's role, the kx
 * client); the other makes its key only once it holds the id, the epoch and that
 * commitment (the counsellor's role, the kx server). Every label is in `context`, so
 * no key of one kind of session is ever another's.
 */

/** The committing side's key pair, and the commitment it sends first. */
export interface PendingCommit {
  keyPair: KeyPair;
  commitment: string;
}

export function startCommitting(context: SessionContext): PendingCommit {
  const keyPair = generateKeyPair();
  return { keyPair, commitment: sodium.to_base64(commitToKey(keyPair.publicKey, context)) };
}

/** The answering side's key pair, made only once it holds the id, epoch and commitment. */
export function startAnswering(): { keyPair: KeyPair; publicKey: string } {
  const keyPair = generateKeyPair();
  return { keyPair, publicKey: sodium.to_base64(keyPair.publicKey) };
}

/**
 * The committing side, on the other's key: the session, and the public key to reveal.
 * Throws `bad_key` if the other's key is not a valid public key.
 */
export function completeCommitter(
  pending: PendingCommit,
  id: string,
  epoch: number,
  answererKey: string,
  context: SessionContext,
): { session: Session; publicKey: string } {
  const publicKey = sodium.to_base64(pending.keyPair.publicKey);
  const session = establishSession(
    'visitor',
    pending.keyPair,
    {
      chatId: id,
      epoch,
      commitment: fromB64(pending.commitment),
      visitorKey: pending.keyPair.publicKey,
      counsellorKey: publicKeyOf(answererKey),
    },
    context,
  );
  return { session, publicKey };
}

/**
 * The answering side, on the committer's revealed key. Throws `commitment_mismatch`
 * if it is not the key committed to, `bad_key` if it is not a public key.
 */
export function completeAnswerer(
  keyPair: KeyPair,
  id: string,
  epoch: number,
  commitment: string,
  committerKey: string,
  context: SessionContext,
): Session {
  return establishSession(
    'counsellor',
    keyPair,
    {
      chatId: id,
      epoch,
      commitment: fromB64(commitment),
      visitorKey: publicKeyOf(committerKey),
      counsellorKey: keyPair.publicKey,
    },
    context,
  );
}

function publicKeyOf(text: string): Uint8Array {
  const key = fromB64(text);
  if (key.length !== sodium.crypto_kx_PUBLICKEYBYTES) throw new CryptoError('bad_key');
  return key;
}
