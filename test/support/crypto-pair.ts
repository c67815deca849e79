import {
  CryptoError,
  commitToKey,
  establishSession,
  generateKeyPair,
  type Handshake,
  type Session,
} from '../../shared/crypto/session.js';

/** A full handshake in memory: both sides' sessions for one chat and epoch. */
export function sessionPair(chatId = 'AAAAAAAAAAAAAAAAAAAAAA', epoch = 0) {
  const visitorKeys = generateKeyPair();
  const counsellorKeys = generateKeyPair();
  const handshake: Handshake = {
    chatId,
    epoch,
    commitment: commitToKey(visitorKeys.publicKey),
    visitorKey: visitorKeys.publicKey.slice(),
    counsellorKey: counsellorKeys.publicKey.slice(),
  };
  const visitor: Session = establishSession('visitor', visitorKeys, handshake);
  const counsellor: Session = establishSession('counsellor', counsellorKeys, handshake);
  return { visitor, counsellor, handshake };
}

/** The CryptoError code a call throws, or 'opened' when it does not throw. */
export function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof CryptoError) return error.code;
    throw error;
  }
  return 'opened';
}
