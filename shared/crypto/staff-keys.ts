import type SumoApi from 'libsodium-wrappers-sumo';
import { CryptoError, encodeFields, type KeyPair } from './session.js';

/*
 * A staff account's long-term mailbox key (docs/PROTOCOL.md §21.4), made in the
 * console. The server keeps the public key and the private key only wrapped under a
 * key derived from the account's password (Argon2id, `crypto_pwhash`), so neither the
 * server nor a copy of its database can unwrap it. A password change re-wraps it in
 * the console, which holds both passwords; a reset makes a new pair, and what was
 * sealed to the old key is lost to that account (colleagues keep theirs).
 *
 * `crypto_pwhash` is only in libsodium's larger "sumo" build: it is loaded here, by
 * the console, and never by the visitor's widget.
 */

type Sumo = typeof SumoApi;
let sumo: Sumo | undefined;

export async function loadStaffCrypto(): Promise<void> {
  if (sumo) return;
  const library = (await import('libsodium-wrappers-sumo')).default;
  await library.ready;
  sumo = library;
}

function ready(): Sumo {
  if (!sumo) throw new CryptoError('not_ready');
  return sumo;
}

/** How hard the password is stretched; stored beside the wrapped key. */
export interface StretchCost {
  opsLimit: number;
  memLimit: number;
}

/** libsodium's "moderate" cost: about a second and 256 MiB in a browser. */
export function defaultCost(): StretchCost {
  const s = ready();
  return {
    opsLimit: s.crypto_pwhash_OPSLIMIT_MODERATE,
    memLimit: s.crypto_pwhash_MEMLIMIT_MODERATE,
  };
}

/** What the server stores for an account's mailbox key (all b64 but the cost). */
export interface WrappedStaffKey extends StretchCost {
  publicKey: string;
  salt: string;
  nonce: string;
  wrapped: string;
}

function wrappingKey(password: string, salt: Uint8Array, cost: StretchCost): Uint8Array {
  const s = ready();
  return s.crypto_pwhash(
    32,
    password,
    salt,
    cost.opsLimit,
    cost.memLimit,
    s.crypto_pwhash_ALG_ARGON2ID13,
  );
}

/** Wraps a key pair's private key under `password`, bound to its public key. */
export function wrapStaffKey(
  keyPair: KeyPair,
  password: string,
  cost: StretchCost = defaultCost(),
  salt: Uint8Array = ready().randombytes_buf(16),
  nonce: Uint8Array = ready().randombytes_buf(24),
): WrappedStaffKey {
  const s = ready();
  const key = wrappingKey(password, salt, cost);
  const wrapped = s.crypto_aead_xchacha20poly1305_ietf_encrypt(
    keyPair.privateKey,
    encodeFields('jourchatt/v2/staff-key', [keyPair.publicKey]),
    null,
    nonce,
    key,
  );
  s.memzero(key);
  return {
    publicKey: s.to_base64(keyPair.publicKey),
    salt: s.to_base64(salt),
    nonce: s.to_base64(nonce),
    wrapped: s.to_base64(wrapped),
    ...cost,
  };
}

/** A new mailbox key for an account, wrapped under its password. */
export function newStaffKey(
  password: string,
  cost?: StretchCost,
): { keyPair: KeyPair; stored: WrappedStaffKey } {
  const { publicKey, privateKey } = ready().crypto_box_keypair();
  const keyPair = { publicKey, privateKey };
  return { keyPair, stored: wrapStaffKey(keyPair, password, cost) };
}

/** The key pair back, with the password; `bad_key` for a wrong password or a changed record. */
export function unwrapStaffKey(stored: WrappedStaffKey, password: string): KeyPair {
  const s = ready();
  let key: Uint8Array | undefined;
  try {
    const publicKey = s.from_base64(stored.publicKey);
    key = wrappingKey(password, s.from_base64(stored.salt), stored);
    const privateKey = s.crypto_aead_xchacha20poly1305_ietf_decrypt(
      null,
      s.from_base64(stored.wrapped),
      encodeFields('jourchatt/v2/staff-key', [publicKey]),
      s.from_base64(stored.nonce),
      key,
    );
    return { publicKey, privateKey };
  } catch {
    throw new CryptoError('bad_key');
  } finally {
    if (key) s.memzero(key);
  }
}
