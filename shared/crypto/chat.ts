import { sodium } from './sodium.js';
import {
  ChatContent,
  type ChatAccepted,
  type ChatStarted,
  type KeyReveal,
  type RekeyOffer,
  type WireFrame,
} from '../protocol/schemas.js';
import {
  CryptoError,
  checkRekeyProof,
  commitToKey,
  establishSession,
  generateKeyPair,
  open,
  rekeyProof,
  seal,
  type KeyPair,
  type SealedFrame,
  type Session,
} from './session.js';

/*
 * The chat-level API the widget and the console call. It speaks the wire types of
 * shared/protocol and hides libsodium, so UI code never touches keys or bytes.
 */

export { CryptoError, closeSession, readyCrypto, type Session } from './session.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** base64url in, bytes out; anything else is `bad_ciphertext`. */
export function fromB64(text: string): Uint8Array {
  try {
    return sodium.from_base64(text);
  } catch {
    throw new CryptoError('bad_ciphertext');
  }
}

export function toWire(frame: SealedFrame): WireFrame {
  return {
    ...frame.header,
    nonce: sodium.to_base64(frame.nonce),
    ct: sodium.to_base64(frame.ciphertext),
  };
}

export function fromWire(wire: WireFrame): SealedFrame {
  const { nonce, ct, ...header } = wire;
  return { header, nonce: fromB64(nonce), ciphertext: fromB64(ct) };
}

/** A visitor's key pair for one epoch, and the commitment it sends first. */
export interface PendingHandshake {
  keyPair: KeyPair;
  commitment: string;
}

export function startVisitorHandshake(): PendingHandshake {
  const keyPair = generateKeyPair();
  return { keyPair, commitment: sodium.to_base64(commitToKey(keyPair.publicKey)) };
}

/** The visitor's side, on `chat:started`: returns the session and the key to reveal. */
export function completeVisitorHandshake(
  pending: PendingHandshake,
  started: ChatStarted,
): { session: Session; reveal: KeyReveal } {
  const publicKey = pending.keyPair.publicKey;
  const session = establishSession('visitor', pending.keyPair, {
    chatId: started.chatId,
    epoch: started.epoch,
    commitment: fromB64(pending.commitment),
    visitorKey: publicKey,
    counsellorKey: fromB64(started.counsellorKey),
  });
  return {
    session,
    reveal: {
      chatId: started.chatId,
      epoch: started.epoch,
      publicKey: sodium.to_base64(publicKey),
    },
  };
}

/** The counsellor's fresh key pair, made before accepting; its public half goes in `queue:accept`. */
export function startCounsellorHandshake(): { keyPair: KeyPair; publicKey: string } {
  const keyPair = generateKeyPair();
  return { keyPair, publicKey: sodium.to_base64(keyPair.publicKey) };
}

/**
 * Wipes a key pair that will never complete a handshake (replaced by a newer epoch's,
 * or its chat ended first). A completed handshake wipes its own (establishSession).
 */
export function forgetKeyPair(keyPair: KeyPair | undefined): void {
  if (keyPair) sodium.memzero(keyPair.privateKey);
}

/**
 * The counsellor's side, on the visitor's `chat:key`. Throws `commitment_mismatch`
 * if the revealed key is not the one the visitor committed to when it queued.
 */
export function completeCounsellorHandshake(
  keyPair: KeyPair,
  accepted: Pick<ChatAccepted, 'chatId' | 'epoch' | 'commitment'>,
  reveal: KeyReveal,
): Session {
  if (reveal.chatId !== accepted.chatId) throw new CryptoError('wrong_chat');
  if (reveal.epoch !== accepted.epoch) throw new CryptoError('wrong_epoch');
  return establishSession('counsellor', keyPair, {
    chatId: accepted.chatId,
    epoch: accepted.epoch,
    commitment: fromB64(accepted.commitment),
    visitorKey: fromB64(reveal.publicKey),
    counsellorKey: keyPair.publicKey,
  });
}

/**
 * True when opening failed because this very frame was already opened: a resend
 * whose first receipt was lost. The receiver has it, so it confirms it again.
 */
export function isResend(error: unknown): boolean {
  return error instanceof CryptoError && error.code === 'replay';
}

/**
 * Opens a relayed frame and answers the server's receipt: confirmed when opened, or
 * when it is a resend of one already opened; not confirmed when it cannot be opened
 * (forged, tampered, another chat's, no session). Returns the content if fresh.
 */
export function openAndConfirm(
  session: Session | undefined,
  frame: WireFrame,
  receipt?: (receipt: { ok: boolean }) => void,
): ChatContent | undefined {
  const answer = (ok: boolean) => {
    if (typeof receipt === 'function') receipt({ ok });
  };
  if (!session) {
    answer(false);
    return undefined;
  }
  try {
    const content = openFrame(session, frame);
    answer(true);
    return content;
  } catch (error) {
    answer(isResend(error));
    return undefined;
  }
}

/** 128 random bits, base64url: a message id made by the sending client. */
export function newMessageId(): string {
  return sodium.to_base64(sodium.randombytes_buf(16));
}

/** 128 random bits, base64url: the resume token a widget asks the server to keep next. */
export function newToken(): string {
  return sodium.to_base64(sodium.randombytes_buf(16));
}

export function sealContent(session: Session, content: ChatContent): WireFrame {
  const bytes = encoder.encode(JSON.stringify(content));
  const frame = toWire(seal(session, bytes));
  sodium.memzero(bytes);
  return frame;
}

export function sealText(session: Session, text: string, id = newMessageId()): WireFrame {
  return sealContent(session, { kind: 'text', id, text });
}

/**
 * Decrypts and validates a frame from the peer. Throws CryptoError for anything
 * that is not an authentic, fresh, well-formed message of this session.
 */
export function openFrame(session: Session, wire: WireFrame): ChatContent {
  const bytes = open(session, fromWire(wire));
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoder.decode(bytes));
  } catch {
    throw new CryptoError('bad_ciphertext');
  } finally {
    sodium.memzero(bytes);
  }
  const content = ChatContent.safeParse(parsed);
  if (!content.success) throw new CryptoError('bad_ciphertext');
  return content.data;
}

// ---------------------------------------------------------------- re-keying (v2)

/**
 * What a side keeps of an epoch to prove itself at the next re-key: the epoch and its
 * resume key. It never leaves the client; the widget keeps it in the frame's
 * sessionStorage, the console in its own, for as long as the chat lasts.
 */
export interface ResumeSecret {
  chatId: string;
  epoch: number;
  /** base64url of the 32-byte resume key. */
  key: string;
}

/** Copies the resume key out of a session, which wipes its own when it closes. */
export function resumeSecretOf(session: Session): ResumeSecret {
  return {
    chatId: session.chatId,
    epoch: session.epoch,
    key: sodium.to_base64(session.resumeKey),
  };
}

function resumeKeyOf(secret: ResumeSecret): Uint8Array | undefined {
  try {
    const key = sodium.from_base64(secret.key);
    return key.length === 32 ? key : undefined;
  } catch {
    return undefined;
  }
}

/** The visitor's proof for a fresh commitment: it held `secret.epoch` of this chat. */
export function proveCommitment(secret: ResumeSecret, commitment: string): string {
  const key = resumeKeyOf(secret);
  if (!key) throw new CryptoError('bad_key');
  const proof = rekeyProof(key, 'visitor', {
    chatId: secret.chatId,
    fromEpoch: secret.epoch,
    commitment: fromB64(commitment),
  });
  sodium.memzero(key);
  return sodium.to_base64(proof);
}

/** The console's check of a visitor's re-key: true only if the same visitor made it. */
export function commitmentProven(
  secret: ResumeSecret | undefined,
  rekey: { chatId: string; commitment: string; proof?: string | undefined },
): boolean {
  const key = secret && secret.chatId === rekey.chatId ? resumeKeyOf(secret) : undefined;
  if (!key || !rekey.proof) return false;
  try {
    return checkRekeyProof(
      key,
      'visitor',
      { chatId: rekey.chatId, fromEpoch: secret!.epoch, commitment: fromB64(rekey.commitment) },
      fromB64(rekey.proof),
    );
  } catch {
    return false;
  } finally {
    sodium.memzero(key);
  }
}

/**
 * The counsellor's offer for an epoch whose chatId, number and visitor commitment the
 * console already holds (v2: never before). With a resume secret of an earlier epoch
 * of this chat, the offer carries a proof the visitor can check.
 */
export function makeOffer(
  keyPair: KeyPair,
  target: { chatId: string; epoch: number; commitment: string },
  secret?: ResumeSecret,
): RekeyOffer {
  const offer: RekeyOffer = {
    chatId: target.chatId,
    epoch: target.epoch,
    publicKey: sodium.to_base64(keyPair.publicKey),
  };
  const key = secret && secret.chatId === target.chatId ? resumeKeyOf(secret) : undefined;
  if (!key) return offer;
  const proof = rekeyProof(key, 'counsellor', {
    chatId: target.chatId,
    fromEpoch: secret!.epoch,
    toEpoch: target.epoch,
    commitment: fromB64(target.commitment),
    counsellorKey: keyPair.publicKey,
  });
  sodium.memzero(key);
  return { ...offer, proof: sodium.to_base64(proof) };
}

/** The visitor's check of an offer: true only if the counsellor of the last epoch made it. */
export function offerProven(
  secret: ResumeSecret | undefined,
  commitment: string,
  started: { chatId: string; epoch: number; counsellorKey: string; proof?: string | undefined },
): boolean {
  const key = secret && secret.chatId === started.chatId ? resumeKeyOf(secret) : undefined;
  if (!key || !started.proof) return false;
  try {
    return checkRekeyProof(
      key,
      'counsellor',
      {
        chatId: started.chatId,
        fromEpoch: secret!.epoch,
        toEpoch: started.epoch,
        commitment: fromB64(commitment),
        counsellorKey: fromB64(started.counsellorKey),
      },
      fromB64(started.proof),
    );
  } catch {
    return false;
  } finally {
    sodium.memzero(key);
  }
}

// ---------------------------------------------------------------- hand-over notes (v2)

/**
 * A console's key pair for hand-over notes: made when the console connects, kept in
 * memory only, its public half published with its presence. A colleague's note is
 * sealed to it (`crypto_box_seal`), so the server relays it without reading it.
 */
export interface NoteKeys {
  publicKey: string;
  privateKey: Uint8Array;
  rawPublicKey: Uint8Array;
}

export function newNoteKeys(): NoteKeys {
  const { publicKey, privateKey } = sodium.crypto_box_keypair();
  return { publicKey: sodium.to_base64(publicKey), privateKey, rawPublicKey: publicKey };
}

/** Seals a hand-over note to one console's note key. */
export function sealNote(note: string, noteKey: string): string {
  const bytes = encoder.encode(note);
  const sealed = sodium.crypto_box_seal(bytes, fromB64(noteKey));
  sodium.memzero(bytes);
  return sodium.to_base64(sealed);
}

/** Opens a note sealed to this console; undefined if it was sealed to another key. */
export function openNote(sealed: string, keys: NoteKeys): string | undefined {
  try {
    const bytes = sodium.crypto_box_seal_open(fromB64(sealed), keys.rawPublicKey, keys.privateKey);
    const note = decoder.decode(bytes);
    sodium.memzero(bytes);
    return note;
  } catch {
    return undefined;
  }
}
