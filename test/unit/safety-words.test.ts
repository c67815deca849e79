import { beforeAll, describe, expect, it } from 'vitest';
import { readyCrypto } from '../../shared/crypto/chat.js';
import {
  SAFETY_WORD_LISTS,
  safetyIndicesFrom,
  safetyWordsFrom,
  safetyWordsIn,
} from '../../shared/crypto/safety-words.js';
import { LANGUAGES } from '../../shared/protocol/schemas.js';
import { sessionPair } from '../support/crypto-pair.js';

beforeAll(async () => {
  await readyCrypto();
});

describe('safety word lists', () => {
  for (const lang of LANGUAGES) {
    it(`holds 256 unique, non-empty, single words in ${lang}`, () => {
      const list = SAFETY_WORD_LISTS[lang];
      expect(list).toHaveLength(256);
      expect(new Set(list).size).toBe(256);
      for (const word of list) {
        expect(word.length).toBeGreaterThan(0);
        expect(word).not.toMatch(/\s/);
      }
    });
  }

  it('writes Arabic without diacritics and the others in plain lower-case letters', () => {
    // Tashkeel, the superscript alef and the tatweel: a word reads the same without them.
    for (const word of SAFETY_WORD_LISTS.ar)
      expect(word).toMatch(/^[\u0621-\u063a\u0641-\u064a]+$/);
    for (const word of [...SAFETY_WORD_LISTS.en, ...SAFETY_WORD_LISTS.so]) {
      expect(word).toMatch(/^[a-z]+$/);
    }
    // Finnish with its own ä and ö (on every Swedish keyboard), nothing else.
    for (const word of SAFETY_WORD_LISTS.fi) expect(word).toMatch(/^[a-zäö]+$/);
  });

  it('shows lättläst visitors the Swedish list itself', () => {
    expect(SAFETY_WORD_LISTS['sv-x-easy']).toBe(SAFETY_WORD_LISTS.sv);
  });

  it('pairs the lists index by index (spot checks of twins)', () => {
    const twins = (index: number) => LANGUAGES.map((lang) => SAFETY_WORD_LISTS[lang][index]);
    expect(twins(0x00)).toEqual(['apa', 'monkey', 'قرد', 'daanyeer', 'apina', 'apa']);
    expect(twins(0x18)).toEqual(['fisk', 'fish', 'سمكة', 'kalluun', 'kala', 'fisk']);
    expect(twins(0xff)).toEqual(['magnet', 'magnet', 'مغناطيس', 'birlab', 'magneetti', 'magnet']);
  });
});

describe('safety words in each language', () => {
  const hash = Uint8Array.from([0x00, 0x94, 0xff, 0x7f, 0x12, 0x34]);

  it('takes the first bytes of the hash as indices', () => {
    expect(safetyIndicesFrom(hash, 4)).toEqual([0x00, 0x94, 0xff, 0x7f]);
    expect(() => safetyIndicesFrom(hash.subarray(0, 3), 4)).toThrow();
  });

  it('picks the same indices in every language for a fixed hash', () => {
    const indices = safetyIndicesFrom(hash, 4);
    for (const lang of LANGUAGES) {
      const words = safetyWordsIn(lang, indices);
      expect(words.map((word) => SAFETY_WORD_LISTS[lang].indexOf(word))).toEqual(indices);
    }
    expect(safetyWordsIn('sv', indices)).toEqual(['apa', 'karta', 'magnet', 'tumme']);
    expect(safetyWordsIn('en', indices)).toEqual(['monkey', 'map', 'magnet', 'thumb']);
    expect(safetyWordsIn('ar', indices)).toEqual(['قرد', 'خريطة', 'مغناطيس', 'إبهام']);
    expect(safetyWordsIn('so', indices)).toEqual(['daanyeer', 'khariidad', 'birlab', 'suul']);
    expect(safetyWordsIn('fi', indices)).toEqual(['apina', 'kartta', 'magneetti', 'peukalo']);
    expect(safetyWordsIn('sv-x-easy', indices)).toEqual(['apa', 'karta', 'magnet', 'tumme']);
  });

  it('keeps the Swedish words of the derivation as before', () => {
    expect(safetyWordsFrom(hash, 4)).toEqual(['apa', 'karta', 'magnet', 'tumme']);
  });

  it('gives both sides of a handshake the same indices, and words from them', () => {
    const { visitor, counsellor } = sessionPair();
    expect(visitor.safetyIndices).toEqual(counsellor.safetyIndices);
    expect(visitor.safetyIndices).toHaveLength(4);
    expect(visitor.safetyWords).toEqual(safetyWordsIn('sv', visitor.safetyIndices));
  });
});
