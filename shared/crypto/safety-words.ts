import type { Language } from '../protocol/schemas.js';
import { SAFETY_WORDS } from './wordlist.js';
import { SAFETY_WORDS_AR } from './wordlist-ar.js';
import { SAFETY_WORDS_EN } from './wordlist-en.js';
import { SAFETY_WORDS_FI } from './wordlist-fi.js';
import { SAFETY_WORDS_SO } from './wordlist-so.js';

/**
 * One list of exactly 256 words per language, index by index the same meaning where an
 * everyday word allows it. The bytes of the hash pick indices; the language only picks
 * which list shows them, so a visitor reading Arabic and a counsellor reading Swedish
 * compare the same indices (the console shows both). Swedish is the reference list of
 * docs/PROTOCOL.md §4.6.
 */
export const SAFETY_WORD_LISTS: Readonly<Record<Language, readonly string[]>> = {
  sv: SAFETY_WORDS,
  en: SAFETY_WORDS_EN,
  ar: SAFETY_WORDS_AR,
  so: SAFETY_WORDS_SO,
  fi: SAFETY_WORDS_FI,
  // Lättläst is Swedish: the same words, as the counsellor reads them.
  'sv-x-easy': SAFETY_WORDS,
};

/** The first `count` bytes of a hash, each an index 0–255 into every word list. */
export function safetyIndicesFrom(hash: Uint8Array, count: number): number[] {
  if (hash.length < count) throw new Error('hash too short for the requested words');
  return Array.from(hash.subarray(0, count));
}

/** The words at these indices in one language's list. */
export function safetyWordsIn(lang: Language, indices: readonly number[]): string[] {
  const list = SAFETY_WORD_LISTS[lang];
  if (list.length !== 256) throw new Error('a safety word list must hold 256 words');
  return indices.map((index) => list[index] ?? '');
}

/** Maps the first `count` bytes of a hash to words from the Swedish reference list. */
export function safetyWordsFrom(hash: Uint8Array, count: number): string[] {
  return safetyWordsIn('sv', safetyIndicesFrom(hash, count));
}
