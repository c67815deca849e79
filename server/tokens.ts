import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/*
 * Random secrets and the hashes kept in their place: chat ids, resume tokens, rating
 * tickets, session and link tokens. Only a token's SHA-256 is ever stored, so a copy of
 * the live state or the database holds nothing a client could present.
 */

/** `bytes` random bytes, base64url (16 bytes: 22 characters, 128 bits: cannot be guessed). */
export function newSecret(bytes = 16): string {
  return randomBytes(bytes).toString('base64url');
}

/** The SHA-256 of a token, base64url: what is stored instead of the token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** Compares two hashes in constant time (a timing difference would leak a prefix). */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
