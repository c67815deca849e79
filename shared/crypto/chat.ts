import { sodium } from './sodium.js';
import {
  ChatContent,
  type ChatAccepted,
  type ChatStarted,
  type KeyReveal,
  type WireFrame,
} from '../protocol/schemas.js';
import {
  CryptoError,
  commitToKey,
  establishSession,
  generateKeyPair,
  open,
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

function fromB64(text: string): Uint8Array {
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
