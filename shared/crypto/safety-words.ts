import { SAFETY_WORDS } from './wordlist.js';

/** Maps the first `count` bytes of a hash to words from a list of exactly 256. */
export function safetyWordsFrom(hash: Uint8Array, count: number): string[] {
  if (SAFETY_WORDS.length !== 256) throw new Error('the safety word list must hold 256 words');
  if (hash.length < count) throw new Error('hash too short for the requested words');
  return Array.from(hash.subarray(0, count), (byte) => SAFETY_WORDS[byte] ?? '');
}
