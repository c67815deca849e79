import { loadSodium, sodium } from './sodium.js';
import type { FrameHeader, Sender } from '../protocol/schemas.js';
import { safetyIndicesFrom, safetyWordsIn } from './safety-words.js';

/*
 * End-to-end encryption, protocol v2 (docs/PROTOCOL.md is the authority). Plain
 * functions over Uint8Array, shared by the widget and the console; the server never
 * calls any of this.
 *
 * Handshake, per chat and per epoch:
 *   1. the visitor makes an ephemeral X25519 key pair and sends only a commitment
 *      (BLAKE2b of its public key);
 *   2. the counsellor's console, having learnt the chatId, the epoch and that
 *      commitment, makes a fresh key pair and offers its public key;
 *   3. the visitor reveals its public key; the counsellor checks it against the
 *      commitment. Neither side shows its key before it holds the other's commitment
 *      and the chatId and epoch it binds to, so a relay cannot grind keys or ids until
 *      the safety words match.
 * Both sides hash the whole transcript and bind the kx session keys to it. Each
 * direction then runs a symmetric ratchet: every message key comes from the chain
 * key, which is replaced and wiped, so a captured state cannot decrypt the past.
 *
 * Each handshake also leaves both sides a resume key that never leaves them. A later
 * re-key (a reload on either side) carries a proof made with it, and a side re-sends
 * the conversation only to a peer whose proof holds.
 */

export const PROTOCOL_VERSION = 2;
/** How far ahead of the next expected counter a frame may be. */
export const MAX_SKIP = 256;
/** Padding block: lengths leak only in steps of this many bytes. */
export const PAD_BLOCK = 256;
export const SAFETY_WORD_COUNT = 4;

/**
 * Which kind of conversation a session serves: a chat with a visitor, a staff-only
 * support conversation between two consoles (a "whisper", PROTOCOL.md §22), or the
 * pairwise session between a visitor and a member who joined their chat with their
 * consent (PROTOCOL.md §23). Every label of the other two carries `whisper/` or
 * `member/`, so their keys never equal, and cannot be taken for, a chat's made from
 * the same inputs. A chat's labels are those of §4.
 */
export type SessionContext = 'chat' | 'whisper' | 'member';

/**
 * The label of one hash in a context: `jourchatt/v2/<name>` for the chat,
 * `jourchatt/v2/whisper/<name>` and `jourchatt/v2/member/<name>` for the others.
 */
export function sessionLabel(context: SessionContext, name: string): string {
  return context === 'chat' ? `jourchatt/v2/${name}` : `jourchatt/v2/${context}/${name}`;
}

const KDF_CONTEXT_MESSAGE = 'jcmsgkey';
const KDF_CONTEXT_CHAIN = 'jcchain_';

export type CryptoErrorCode =
  | 'not_ready'
  | 'commitment_mismatch'
  | 'bad_key'
  | 'unsupported_version'
  | 'wrong_chat'
  | 'wrong_epoch'
  | 'wrong_direction'
  | 'replay'
  | 'too_far_ahead'
  | 'bad_ciphertext'
  | 'session_closed'
  | 'too_long';

export class CryptoError extends Error {
  constructor(readonly code: CryptoErrorCode) {
    super(code);
    this.name = 'CryptoError';
  }
}

export interface KeyPair {
  publicKey: Uint8Array;
  privateKey: Uint8Array;
}

/** The public facts of one handshake; both sides must agree on every byte. */
export interface Handshake {
  chatId: string;
  epoch: number;
  commitment: Uint8Array;
  visitorKey: Uint8Array;
  counsellorKey: Uint8Array;
}

/** A sealed frame before it is encoded for the wire. */
export interface SealedFrame {
  header: FrameHeader;
  nonce: Uint8Array;
  ciphertext: Uint8Array;
}

interface ReceiveChain {
  key: Uint8Array;
  /** The counter of the next frame expected. */
  next: number;
  /** Message keys of frames skipped over and not yet received, by counter. */
  skipped: Map<number, Uint8Array>;
}

interface SendChain {
  key: Uint8Array;
  next: number;
}

/** One side's live state for one epoch of one chat. Mutable; wipe with closeSession. */
export interface Session {
  /** A chat's, or a whisper's (then `chatId` holds the whisperId). */
  readonly context: SessionContext;
  readonly chatId: string;
  readonly epoch: number;
  readonly role: Sender;
  /** BLAKE2b-256 of the handshake transcript. */
  readonly transcriptHash: Uint8Array;
  /**
   * The safety words' indices, one byte each of the safety hash (PROTOCOL.md §4.6):
   * equal on both sides only if nobody sat in the middle. Each side shows them in the
   * reader's language with `safetyWordsIn`.
   */
  readonly safetyIndices: readonly number[];
  /** The words at `safetyIndices` in the Swedish reference list. */
  readonly safetyWords: readonly string[];
  /**
   * Proves, at the next re-key, that a side is the one that held this epoch. Never
   * leaves the client; wiped with the session (copy it out first to keep it).
   */
  readonly resumeKey: Uint8Array;
  send: SendChain;
  receive: ReceiveChain;
  closed: boolean;
}

/** Resolves once libsodium is loaded; call before anything else here. */
export async function readyCrypto(): Promise<void> {
  await loadSodium();
}

export function generateKeyPair(): KeyPair {
  const { publicKey, privateKey } = sodium.crypto_kx_keypair();
  return { publicKey, privateKey };
}

const encoder = new TextEncoder();

/** Length-prefixed concatenation, so that no two field lists encode alike. */
export function encodeFields(label: string, fields: readonly Uint8Array[]): Uint8Array {
  const parts = [encoder.encode(label), ...fields];
  const total = parts.reduce((sum, part) => sum + 4 + part.length, 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  let offset = 0;
  for (const part of parts) {
    view.setUint32(offset, part.length);
    out.set(part, offset + 4);
    offset += 4 + part.length;
  }
  return out;
}

export function commitToKey(publicKey: Uint8Array, context: SessionContext = 'chat'): Uint8Array {
  return sodium.crypto_generichash(
    32,
    encodeFields(sessionLabel(context, 'commit'), [publicKey]),
    null,
  );
}

export function keyMatchesCommitment(
  publicKey: Uint8Array,
  commitment: Uint8Array,
  context: SessionContext = 'chat',
): boolean {
  return (
    publicKey.length === sodium.crypto_kx_PUBLICKEYBYTES &&
    commitment.length === 32 &&
    sodium.memcmp(commitToKey(publicKey, context), commitment)
  );
}

export function transcriptHash(handshake: Handshake, context: SessionContext = 'chat'): Uint8Array {
  const fields = [
    encoder.encode(handshake.chatId),
    encoder.encode(String(handshake.epoch)),
    handshake.commitment,
    handshake.visitorKey,
    handshake.counsellorKey,
  ];
  return sodium.crypto_generichash(
    32,
    encodeFields(sessionLabel(context, 'transcript'), fields),
    null,
  );
}

/** Binds a kx session key to the transcript and to its direction. */
function chainKey(
  sessionKey: Uint8Array,
  direction: Sender,
  transcript: Uint8Array,
  context: SessionContext,
): Uint8Array {
  return sodium.crypto_generichash(
    32,
    encodeFields(sessionLabel(context, `chain/${direction}`), [transcript]),
    sessionKey,
  );
}

/**
 * Runs the key agreement for `role`, whose own key pair is `own`. The visitor is
 * the kx client, the counsellor the kx server. The private key is wiped: it is
 * ephemeral and the chain keys are all that is needed from here on.
 */
export function establishSession(
  role: Sender,
  own: KeyPair,
  handshake: Handshake,
  context: SessionContext = 'chat',
): Session {
  if (!keyMatchesCommitment(handshake.visitorKey, handshake.commitment, context)) {
    throw new CryptoError('commitment_mismatch');
  }
  const ownPublic = role === 'visitor' ? handshake.visitorKey : handshake.counsellorKey;
  if (!sodium.memcmp(ownPublic, own.publicKey)) throw new CryptoError('bad_key');

  let keys: { sharedRx: Uint8Array; sharedTx: Uint8Array };
  try {
    keys =
      role === 'visitor'
        ? sodium.crypto_kx_client_session_keys(
            own.publicKey,
            own.privateKey,
            handshake.counsellorKey,
          )
        : sodium.crypto_kx_server_session_keys(own.publicKey, own.privateKey, handshake.visitorKey);
  } catch {
    // libsodium refuses low-order points and keys of the wrong length.
    throw new CryptoError('bad_key');
  }
  const transcript = transcriptHash(handshake, context);
  const peer: Sender = role === 'visitor' ? 'counsellor' : 'visitor';
  // The same key on both sides: the visitor's tx is the counsellor's rx.
  const visitorToCounsellor = role === 'visitor' ? keys.sharedTx : keys.sharedRx;
  const safetyIndices = safetyIndicesFrom(
    sodium.crypto_generichash(
      32,
      encodeFields(sessionLabel(context, 'safety'), [transcript]),
      null,
    ),
    SAFETY_WORD_COUNT,
  );
  const session: Session = {
    context,
    chatId: handshake.chatId,
    epoch: handshake.epoch,
    role,
    transcriptHash: transcript,
    safetyIndices,
    safetyWords: safetyWordsIn('sv', safetyIndices),
    resumeKey: sodium.crypto_generichash(
      32,
      encodeFields(sessionLabel(context, 'resume'), [transcript]),
      visitorToCounsellor,
    ),
    send: { key: chainKey(keys.sharedTx, role, transcript, context), next: 0 },
    receive: {
      key: chainKey(keys.sharedRx, peer, transcript, context),
      next: 0,
      skipped: new Map(),
    },
    closed: false,
  };
  sodium.memzero(keys.sharedRx);
  sodium.memzero(keys.sharedTx);
  sodium.memzero(own.privateKey);
  return session;
}

/** Encodes the header as associated data: every field is bound to the ciphertext. */
export function headerBytes(header: FrameHeader): Uint8Array {
  return encoder.encode(
    JSON.stringify(['jourchatt', header.v, header.chatId, header.epoch, header.sender, header.n]),
  );
}

/** Steps a chain: returns the message key and replaces (and wipes) the chain key. */
function step(chain: { key: Uint8Array }): Uint8Array {
  const messageKey = sodium.crypto_kdf_derive_from_key(32, 1, KDF_CONTEXT_MESSAGE, chain.key);
  const nextKey = sodium.crypto_kdf_derive_from_key(32, 2, KDF_CONTEXT_CHAIN, chain.key);
  sodium.memzero(chain.key);
  chain.key = nextKey;
  return messageKey;
}

/**
 * Seals the next frame of the session's send chain. `nonce` exists only so that test
 * vectors (docs/protocol-vectors.json) can fix it; every caller in the product leaves
 * it out and gets a fresh random nonce.
 */
export function seal(session: Session, plaintext: Uint8Array, nonce?: Uint8Array): SealedFrame {
  if (session.closed) throw new CryptoError('session_closed');
  if (nonce && nonce.length !== sodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES) {
    throw new RangeError('a nonce must be 24 bytes');
  }
  const header: FrameHeader = {
    v: PROTOCOL_VERSION,
    chatId: session.chatId,
    epoch: session.epoch,
    sender: session.role,
    n: session.send.next,
  };
  const messageKey = step(session.send);
  session.send.next += 1;
  const padded = sodium.pad(plaintext, PAD_BLOCK);
  nonce ??= sodium.randombytes_buf(sodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  const ciphertext = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
    padded,
    headerBytes(header),
    null,
    nonce,
    messageKey,
  );
  sodium.memzero(messageKey);
  sodium.memzero(padded);
  return { header, nonce, ciphertext };
}

function decrypt(frame: SealedFrame, messageKey: Uint8Array): Uint8Array | undefined {
  try {
    const padded = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
      null,
      frame.ciphertext,
      headerBytes(frame.header),
      frame.nonce,
      messageKey,
    );
    const plaintext = sodium.unpad(padded, PAD_BLOCK);
    // unpad returns a view into `padded`: copy out before wiping.
    const copy = plaintext.slice();
    sodium.memzero(padded);
    return copy;
  } catch {
    return undefined;
  }
}

/**
 * Opens a frame from the peer. State changes only when the frame authenticates, so
 * a forged frame cannot advance the chain or evict skipped keys.
 */
export function open(session: Session, frame: SealedFrame): Uint8Array {
  if (session.closed) throw new CryptoError('session_closed');
  const { header } = frame;
  if (header.v !== PROTOCOL_VERSION) throw new CryptoError('unsupported_version');
  if (header.chatId !== session.chatId) throw new CryptoError('wrong_chat');
  if (header.epoch !== session.epoch) throw new CryptoError('wrong_epoch');
  if (header.sender === session.role) throw new CryptoError('wrong_direction');
  if (frame.nonce.length !== sodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES) {
    throw new CryptoError('bad_ciphertext');
  }

  const chain = session.receive;
  if (header.n < chain.next) {
    const skippedKey = chain.skipped.get(header.n);
    if (!skippedKey) throw new CryptoError('replay');
    const plaintext = decrypt(frame, skippedKey);
    if (!plaintext) throw new CryptoError('bad_ciphertext');
    chain.skipped.delete(header.n);
    sodium.memzero(skippedKey);
    return plaintext;
  }
  if (header.n - chain.next > MAX_SKIP) throw new CryptoError('too_far_ahead');

  // Work on a copy of the chain; commit it only if the frame is authentic.
  const trial = { key: chain.key.slice() };
  const newlySkipped = new Map<number, Uint8Array>();
  for (let n = chain.next; n < header.n; n += 1) newlySkipped.set(n, step(trial));
  const messageKey = step(trial);
  const plaintext = decrypt(frame, messageKey);
  sodium.memzero(messageKey);
  if (!plaintext) {
    sodium.memzero(trial.key);
    for (const key of newlySkipped.values()) sodium.memzero(key);
    throw new CryptoError('bad_ciphertext');
  }

  sodium.memzero(chain.key);
  chain.key = trial.key;
  chain.next = header.n + 1;
  for (const [n, key] of newlySkipped) chain.skipped.set(n, key);
  // Keep at most MAX_SKIP skipped keys: the oldest are the least likely to arrive.
  for (const [n, key] of chain.skipped) {
    if (chain.skipped.size <= MAX_SKIP) break;
    sodium.memzero(key);
    chain.skipped.delete(n);
  }
  return plaintext;
}

/** Wipes every key of the session; it cannot seal or open anything afterwards. */
export function closeSession(session: Session): void {
  sodium.memzero(session.resumeKey);
  sodium.memzero(session.send.key);
  sodium.memzero(session.receive.key);
  for (const key of session.receive.skipped.values()) sodium.memzero(key);
  session.receive.skipped.clear();
  session.closed = true;
}

/** What a side proves at a re-key: it held `fromEpoch` of the chat and makes this offer. */
export interface RekeyClaim {
  chatId: string;
  /** The last epoch whose handshake the prover completed. */
  fromEpoch: number;
  /** The visitor's fresh commitment (both proofs bind it). */
  commitment: Uint8Array;
  /** The counsellor's offer only: the new epoch and the counsellor's fresh public key. */
  toEpoch?: number;
  counsellorKey?: Uint8Array;
}

function proofInput(role: Sender, claim: RekeyClaim): Uint8Array {
  const fields = [
    encoder.encode(claim.chatId),
    encoder.encode(String(claim.fromEpoch)),
    claim.commitment,
  ];
  if (role === 'counsellor') {
    if (claim.toEpoch === undefined || !claim.counsellorKey) throw new CryptoError('bad_key');
    fields.push(encoder.encode(String(claim.toEpoch)), claim.counsellorKey);
  }
  return encodeFields(`jourchatt/v2/proof/${role}`, fields);
}

/**
 * A re-key proof: BLAKE2b-256 keyed with the resume key of `fromEpoch` over the
 * labelled claim. The visitor proves its fresh commitment; the counsellor proves its
 * offer (new epoch, the commitment it answers, its fresh key).
 */
export function rekeyProof(resumeKey: Uint8Array, role: Sender, claim: RekeyClaim): Uint8Array {
  if (resumeKey.length !== 32) throw new CryptoError('bad_key');
  return sodium.crypto_generichash(32, proofInput(role, claim), resumeKey);
}

/** True only if `proof` is the `role` side's proof of `claim` under this resume key. */
export function checkRekeyProof(
  resumeKey: Uint8Array,
  role: Sender,
  claim: RekeyClaim,
  proof: Uint8Array,
): boolean {
  if (resumeKey.length !== 32 || proof.length !== 32) return false;
  try {
    return sodium.memcmp(rekeyProof(resumeKey, role, claim), proof);
  } catch {
    return false;
  }
}
