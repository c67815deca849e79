import { base32crockford } from '@scure/base';
import { fromB64 } from './chat.js';
import { CryptoError, PAD_BLOCK, encodeFields, type KeyPair } from './session.js';
import { sodium } from './sodium.js';

/*
 * The mailbox's cryptography (docs/PROTOCOL.md §21): what lets a visitor write when
 * the chat is closed, and come back with nothing but a return code.
 *
 * - The return code is the visitor's only secret: 120 random bits, written in
 *   Crockford base32 as six groups of four. From it, by labelled BLAKE2b, come a
 *   lookup id (the server keeps only a hash of it) and the seed of the visitor's box
 *   key pair, whose public key names the mailbox.
 * - Each letter is sealed once under a fresh content key (XChaCha20-Poly1305, its
 *   associated data binding the author's side and the mailbox); the content key is
 *   sealed (`crypto_box_seal`) to the visitor and to every staff key that may read
 *   the route. A reader can seal it to one more key later (a colleague whose key is
 *   newer than the letter).
 *
 * The server stores letters and sealed keys and can open neither. Staff key pairs,
 * wrapped under their password, are in staff-keys.ts (the console only).
 */

export const RETURN_CODE_BYTES = 15;
/** A letter's text, in UTF-16 code units (as a chat message's limit is counted). */
export const MAX_LETTER_LENGTH = 4000;

export type LetterAuthor = 'visitor' | 'counsellor';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** `XXXX-XXXX-XXXX-XXXX-XXXX-XXXX`: easy to read aloud, copy and write down. */
export function formatReturnCode(code: Uint8Array): string {
  return (base32crockford.encode(code).match(/.{4}/g) ?? []).join('-');
}

export function newReturnCode(): { code: Uint8Array; text: string } {
  const code = sodium.randombytes_buf(RETURN_CODE_BYTES);
  return { code, text: formatReturnCode(code) };
}

/**
 * The code as typed: any case, with or without spaces and hyphens, O read as 0 and
 * I or L as 1. Undefined for anything that is not exactly one code.
 */
export function parseReturnCode(typed: string): Uint8Array | undefined {
  const symbols = typed.replace(/[\s-]/g, '').toUpperCase();
  if (symbols.length !== 24) return undefined;
  try {
    return base32crockford.decode(symbols);
  } catch {
    return undefined;
  }
}

export interface MailboxKeys {
  /** What the visitor shows the server to find the mailbox (b64, 32 bytes). */
  lookup: string;
  /** The visitor's box key pair; its public key (b64) names the mailbox. */
  keyPair: KeyPair;
  publicKey: string;
}

/** Everything the visitor needs, from the code alone. */
export function mailboxKeysFrom(code: Uint8Array): MailboxKeys {
  if (code.length !== RETURN_CODE_BYTES) throw new CryptoError('bad_key');
  const lookup = sodium.crypto_generichash(
    32,
    encodeFields('jourchatt/v2/mailbox/lookup', [code]),
    null,
  );
  const seed = sodium.crypto_generichash(
    32,
    encodeFields('jourchatt/v2/mailbox/seed', [code]),
    null,
  );
  const { publicKey, privateKey } = sodium.crypto_box_seed_keypair(seed);
  sodium.memzero(seed);
  return {
    lookup: sodium.to_base64(lookup),
    keyPair: { publicKey, privateKey },
    publicKey: sodium.to_base64(publicKey),
  };
}

/**
 * Wipes what a return code gives (the widget, when the visitor leaves the mailbox):
 * the code's bytes and the box key pair, not left to the garbage collector.
 */
export function forgetMailbox(code?: Uint8Array, keys?: MailboxKeys): void {
  if (code) sodium.memzero(code);
  if (keys) {
    sodium.memzero(keys.keyPair.privateKey);
    sodium.memzero(keys.keyPair.publicKey);
  }
}

/** One letter as stored and sent: the body once, its key once per reader. */
export interface SealedLetter {
  /** b64 of the 24-byte nonce. */
  nonce: string;
  /** b64 of the padded content, encrypted. */
  body: string;
  /** Reader's public key (b64) → the content key sealed to it (b64). */
  keys: Record<string, string>;
}

function letterData(author: LetterAuthor, mailbox: string): Uint8Array {
  return encodeFields('jourchatt/v2/mailbox/letter', [encoder.encode(author), fromB64(mailbox)]);
}

/**
 * Seals `text` from `author` in the mailbox named `mailbox` (the visitor's public
 * key) to every reader's public key (b64), the visitor's among them.
 */
export function sealLetter(
  text: string,
  author: LetterAuthor,
  mailbox: string,
  readers: readonly string[],
  nonce: Uint8Array = sodium.randombytes_buf(24),
  contentKey: Uint8Array = sodium.crypto_aead_xchacha20poly1305_ietf_keygen(),
): SealedLetter {
  if (text.length === 0 || text.length > MAX_LETTER_LENGTH) throw new CryptoError('too_long');
  const padded = sodium.pad(encoder.encode(JSON.stringify({ text })), PAD_BLOCK);
  const body = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
    padded,
    letterData(author, mailbox),
    null,
    nonce,
    contentKey,
  );
  const keys: Record<string, string> = {};
  for (const reader of new Set(readers)) {
    keys[reader] = sodium.to_base64(sodium.crypto_box_seal(contentKey, fromB64(reader)));
  }
  sodium.memzero(padded);
  sodium.memzero(contentKey);
  return { nonce: sodium.to_base64(nonce), body: sodium.to_base64(body), keys };
}

function contentKeyOf(letter: SealedLetter, reader: KeyPair): Uint8Array {
  const sealed = letter.keys[sodium.to_base64(reader.publicKey)];
  if (!sealed) throw new CryptoError('bad_key');
  try {
    return sodium.crypto_box_seal_open(fromB64(sealed), reader.publicKey, reader.privateKey);
  } catch {
    throw new CryptoError('bad_ciphertext');
  }
}

/** Opens a letter with one reader's key pair; throws CryptoError if it is not theirs or was changed. */
export function openLetter(
  letter: SealedLetter,
  author: LetterAuthor,
  mailbox: string,
  reader: KeyPair,
): string {
  const contentKey = contentKeyOf(letter, reader);
  try {
    const padded = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
      null,
      fromB64(letter.body),
      letterData(author, mailbox),
      fromB64(letter.nonce),
      contentKey,
    );
    const parsed: unknown = JSON.parse(decoder.decode(sodium.unpad(padded, PAD_BLOCK)));
    if (
      typeof parsed !== 'object' ||
      parsed === null ||
      Object.keys(parsed).join() !== 'text' ||
      typeof (parsed as { text: unknown }).text !== 'string'
    ) {
      throw new CryptoError('bad_ciphertext');
    }
    return (parsed as { text: string }).text;
  } catch (error) {
    throw error instanceof CryptoError ? error : new CryptoError('bad_ciphertext');
  } finally {
    sodium.memzero(contentKey);
  }
}

/**
 * Lets one more reader open a letter this reader can open (a colleague whose key
 * came after it): the content key sealed to `newReader` (b64), to add to `keys`.
 */
export function shareLetter(letter: SealedLetter, reader: KeyPair, newReader: string): string {
  const contentKey = contentKeyOf(letter, reader);
  try {
    return sodium.to_base64(sodium.crypto_box_seal(contentKey, fromB64(newReader)));
  } finally {
    sodium.memzero(contentKey);
  }
}
