import { sodium } from './sodium.js';
import { fromB64 } from './chat.js';
import {
  CryptoError,
  commitToKey,
  establishSession,
  generateKeyPair,
  type KeyPair,
  type Session,
} from './session.js';

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
export interface PendingWhisper {
  keyPair: KeyPair;
  commitment: string;
}

export function startWhisperAsk(): PendingWhisper {
  const keyPair = generateKeyPair();
  return { keyPair, commitment: sodium.to_base64(commitToKey(keyPair.publicKey, 'whisper')) };
}

/** The supporter's key pair, made only once it holds the whisperId and the asker's commitment. */
export function startWhisperSupport(): { keyPair: KeyPair; publicKey: string } {
  const keyPair = generateKeyPair();
  return { keyPair, publicKey: sodium.to_base64(keyPair.publicKey) };
}

/**
 * The asker's side, on `whisper:accepted`: the session, and the public key to reveal
 * with `whisper:key`.
 */
export function completeAskerWhisper(
  pending: PendingWhisper,
  whisperId: string,
  supporterKey: string,
): { session: Session; publicKey: string } {
  const publicKey = sodium.to_base64(pending.keyPair.publicKey);
  const session = establishSession(
    'visitor',
    pending.keyPair,
    {
      chatId: whisperId,
      epoch: WHISPER_EPOCH,
      commitment: fromB64(pending.commitment),
      visitorKey: fromB64(publicKey),
      counsellorKey: fromB64(supporterKey),
    },
    'whisper',
  );
  return { session, publicKey };
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
  const visitorKey = fromB64(askerKey);
  if (visitorKey.length !== sodium.crypto_kx_PUBLICKEYBYTES) throw new CryptoError('bad_key');
  return establishSession(
    'counsellor',
    keyPair,
    {
      chatId: whisperId,
      epoch: WHISPER_EPOCH,
      commitment: fromB64(commitment),
      visitorKey,
      counsellorKey: keyPair.publicKey,
    },
    'whisper',
  );
}
