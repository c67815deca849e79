import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  MAX_LETTER_LENGTH,
  formatReturnCode,
  mailboxKeysFrom,
  newReturnCode,
  openLetter,
  parseReturnCode,
  sealLetter,
  shareLetter,
  type SealedLetter,
} from '../../shared/crypto/mailbox.js';
import { readyCrypto } from '../../shared/crypto/session.js';
import { sodium } from '../../shared/crypto/sodium.js';
import {
  loadStaffCrypto,
  newStaffKey,
  unwrapStaffKey,
  wrapStaffKey,
  type WrappedStaffKey,
} from '../../shared/crypto/staff-keys.js';
import { codeOf } from '../support/crypto-pair.js';

/** A cost small enough for a unit test; the product uses libsodium's "moderate". */
const CHEAP = { opsLimit: 1, memLimit: 8192 };
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const fromHex = (text: string) => Uint8Array.from(Buffer.from(text, 'hex'));

beforeAll(async () => {
  await readyCrypto();
  await loadStaffCrypto();
});

describe('the return code', () => {
  it('is 120 random bits, written as six groups of four Crockford base32 symbols', () => {
    const { code, text } = newReturnCode();
    expect(code).toHaveLength(15);
    expect(text).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){5}$/);
    expect(newReturnCode().text).not.toBe(text);
  });

  it('is read back as a person types it: any case, spaces or none, O for 0, I or L for 1', () => {
    const code = Uint8Array.from({ length: 15 }, (_, i) => i * 17);
    const text = formatReturnCode(code);
    expect(parseReturnCode(text)).toEqual(code);
    expect(parseReturnCode(` ${text.toLowerCase().replace(/-/g, ' ')} `)).toEqual(code);
    expect(parseReturnCode(text.replace(/-/g, ''))).toEqual(code);
    expect(parseReturnCode(text.replace(/0/g, 'O').replace(/1/g, 'l'))).toEqual(code);
  });

  it('refuses anything that is not exactly one code', () => {
    const { text } = newReturnCode();
    for (const typed of ['', text.slice(0, -1), `${text}A`, text.replace(/.$/, 'U'), 'ÅÄÖ']) {
      expect(parseReturnCode(typed), typed).toBeUndefined();
    }
  });
});

describe('what the code gives the visitor', () => {
  it('is the same every time from the same code, and unrelated for another code', () => {
    const { code } = newReturnCode();
    const once = mailboxKeysFrom(code);
    const again = mailboxKeysFrom(code.slice());
    expect(again.lookup).toBe(once.lookup);
    expect(again.publicKey).toBe(once.publicKey);
    const other = mailboxKeysFrom(newReturnCode().code);
    expect(other.lookup).not.toBe(once.lookup);
    expect(other.publicKey).not.toBe(once.publicKey);
    // The lookup id the server sees is not the key that names the mailbox.
    expect(once.lookup).not.toBe(once.publicKey);
  });
});

describe('a letter', () => {
  function mailbox() {
    const visitor = mailboxKeysFrom(newReturnCode().code);
    const staff = sodium.crypto_box_keypair();
    const colleague = sodium.crypto_box_keypair();
    return { visitor, staff, colleague, readers: [visitor.publicKey, b64(staff.publicKey)] };
  }

  it('opens for the visitor and each staff key it was sealed to, and for no one else', () => {
    const { visitor, staff, colleague, readers } = mailbox();
    const letter = sealLetter(
      'Jag behöver prata med någon.',
      'visitor',
      visitor.publicKey,
      readers,
    );
    expect(openLetter(letter, 'visitor', visitor.publicKey, visitor.keyPair)).toBe(
      'Jag behöver prata med någon.',
    );
    expect(openLetter(letter, 'visitor', visitor.publicKey, staff)).toBe(
      'Jag behöver prata med någon.',
    );
    expect(codeOf(() => openLetter(letter, 'visitor', visitor.publicKey, colleague))).toBe(
      'bad_key',
    );
    // The store holds ciphertext only: the words are nowhere in what is kept.
    expect(JSON.stringify(letter)).not.toMatch(/prata|någon/);
  });

  it('does not open as another author, in another mailbox, or changed', () => {
    const { visitor, staff, readers } = mailbox();
    const letter = sealLetter('Hej', 'counsellor', visitor.publicKey, readers);
    const elsewhere = mailboxKeysFrom(newReturnCode().code).publicKey;
    expect(codeOf(() => openLetter(letter, 'visitor', visitor.publicKey, staff))).toBe(
      'bad_ciphertext',
    );
    expect(codeOf(() => openLetter(letter, 'counsellor', elsewhere, staff))).toBe('bad_ciphertext');
    const body = sodium.from_base64(letter.body);
    body[3] = (body[3] ?? 0) ^ 1;
    const changed: SealedLetter = { ...letter, body: sodium.to_base64(body) };
    expect(codeOf(() => openLetter(changed, 'counsellor', visitor.publicKey, staff))).toBe(
      'bad_ciphertext',
    );
  });

  it('can be shared with a colleague whose key came later, by someone who can read it', () => {
    const { visitor, staff, colleague, readers } = mailbox();
    const letter = sealLetter('Tack för svaret.', 'visitor', visitor.publicKey, readers);
    const shared: SealedLetter = {
      ...letter,
      keys: {
        ...letter.keys,
        [b64(colleague.publicKey)]: shareLetter(letter, staff, b64(colleague.publicKey)),
      },
    };
    expect(openLetter(shared, 'visitor', visitor.publicKey, colleague)).toBe('Tack för svaret.');
    expect(codeOf(() => shareLetter(letter, colleague, b64(staff.publicKey)))).toBe('bad_key');
  });

  it('hides its length in steps of 256 bytes, and refuses an empty or over-long text', () => {
    const { visitor, readers } = mailbox();
    const short = sealLetter('a', 'visitor', visitor.publicKey, readers);
    const longer = sealLetter('a'.repeat(200), 'visitor', visitor.publicKey, readers);
    expect(short.body.length).toBe(longer.body.length);
    expect(codeOf(() => sealLetter('', 'visitor', visitor.publicKey, readers))).toBe('too_long');
    expect(
      codeOf(() =>
        sealLetter('a'.repeat(MAX_LETTER_LENGTH + 1), 'visitor', visitor.publicKey, readers),
      ),
    ).toBe('too_long');
  });
});

describe("a staff account's mailbox key", () => {
  it('is kept wrapped under the password and comes back only with it', () => {
    const { keyPair, stored } = newStaffKey('ett långt lösenord', CHEAP);
    expect(JSON.stringify(stored)).not.toContain(b64(keyPair.privateKey));
    expect(unwrapStaffKey(stored, 'ett långt lösenord').privateKey).toEqual(keyPair.privateKey);
    expect(codeOf(() => unwrapStaffKey(stored, 'ett annat lösenord'))).toBe('bad_key');
  });

  it('survives a password change (re-wrapped), and a record changed on the server opens nothing', () => {
    const { keyPair, stored } = newStaffKey('gammalt lösenord', CHEAP);
    const unwrapped = unwrapStaffKey(stored, 'gammalt lösenord');
    const rewrapped = wrapStaffKey(unwrapped, 'nytt lösenord', CHEAP);
    expect(rewrapped.publicKey).toBe(stored.publicKey);
    expect(unwrapStaffKey(rewrapped, 'nytt lösenord').privateKey).toEqual(keyPair.privateKey);
    expect(codeOf(() => unwrapStaffKey(rewrapped, 'gammalt lösenord'))).toBe('bad_key');
    // A server that swaps in its own public key cannot make the console use it.
    const swapped: WrappedStaffKey = {
      ...rewrapped,
      publicKey: b64(sodium.crypto_box_keypair().publicKey),
    };
    expect(codeOf(() => unwrapStaffKey(swapped, 'nytt lösenord'))).toBe('bad_key');
  });
});

describe('the mailbox test vectors (docs/mailbox-vectors.json)', () => {
  const vectors = JSON.parse(readFileSync('docs/mailbox-vectors.json', 'utf8')) as {
    returnCode: Record<string, string>;
    staffKey: Record<string, string | number> & { stored: WrappedStaffKey };
    letters: {
      author: 'visitor' | 'counsellor';
      text: string;
      nonce: string;
      contentKey: string;
      associatedData: string;
      letter: SealedLetter;
    }[];
  };
  const { returnCode, staffKey, letters } = vectors;

  it('derive the lookup id and the key pair from the code, as written out in §21', () => {
    const code = fromHex(returnCode.bytes ?? '');
    expect(formatReturnCode(code)).toBe(returnCode.text);
    // The length-prefixed inputs, independently of encodeFields.
    const input = (label: string) =>
      Buffer.concat([
        Buffer.from([0, 0, 0, label.length]),
        Buffer.from(label),
        Buffer.from([0, 0, 0, 15]),
        code,
      ]).toString('hex');
    expect(input('jourchatt/v2/mailbox/lookup')).toBe(returnCode.lookupInput);
    expect(input('jourchatt/v2/mailbox/seed')).toBe(returnCode.seedInput);
    const keys = mailboxKeysFrom(code);
    expect(keys.lookup).toBe(returnCode.lookupB64);
    expect(keys.publicKey).toBe(returnCode.visitorPublicKeyB64);
    expect(Buffer.from(keys.keyPair.privateKey).toString('hex')).toBe(returnCode.visitorPrivateKey);
  });

  it('wrap the staff key as stored, and unwrap it with the password', () => {
    const publicKey = sodium.from_base64(String(staffKey.publicKeyB64));
    const privateKey = fromHex(String(staffKey.privateKey));
    const cost = { opsLimit: Number(staffKey.opsLimit), memLimit: Number(staffKey.memLimit) };
    const stored = wrapStaffKey(
      { publicKey, privateKey: privateKey.slice() },
      String(staffKey.password),
      cost,
      fromHex(String(staffKey.salt)),
      fromHex(String(staffKey.nonce)),
    );
    expect(stored).toEqual(staffKey.stored);
    expect(unwrapStaffKey(staffKey.stored, String(staffKey.password)).privateKey).toEqual(
      privateKey,
    );
  });

  it('seal each letter to the stored body, and the stored sealed keys open to its content key', () => {
    const visitor = {
      publicKey: sodium.from_base64(returnCode.visitorPublicKeyB64 ?? ''),
      privateKey: fromHex(returnCode.visitorPrivateKey ?? ''),
    };
    const staff = {
      publicKey: sodium.from_base64(String(staffKey.publicKeyB64)),
      privateKey: fromHex(String(staffKey.privateKey)),
    };
    const mailbox = returnCode.visitorPublicKeyB64 ?? '';
    for (const vector of letters) {
      const made = sealLetter(
        vector.text,
        vector.author,
        mailbox,
        [mailbox],
        fromHex(vector.nonce),
        fromHex(vector.contentKey),
      );
      expect(made.body).toBe(vector.letter.body);
      for (const reader of [visitor, staff]) {
        const sealed = vector.letter.keys[b64(reader.publicKey)] ?? '';
        const opened = sodium.crypto_box_seal_open(
          sodium.from_base64(sealed),
          reader.publicKey,
          reader.privateKey,
        );
        expect(Buffer.from(opened).toString('hex')).toBe(vector.contentKey);
        expect(openLetter(vector.letter, vector.author, mailbox, reader)).toBe(vector.text);
      }
      // The associated data as §21.3 writes it: label, author, mailbox.
      expect(createHash('sha256').update(fromHex(vector.associatedData)).digest('hex')).toBe(
        createHash('sha256')
          .update(
            Buffer.concat([
              Buffer.from([0, 0, 0, 27]),
              Buffer.from('jourchatt/v2/mailbox/letter'),
              Buffer.from([0, 0, 0, vector.author.length]),
              Buffer.from(vector.author),
              Buffer.from([0, 0, 0, 32]),
              visitor.publicKey,
            ]),
          )
          .digest('hex'),
      );
    }
  });
});
