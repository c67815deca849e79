/*
 * Test vectors for the mailbox (docs/PROTOCOL.md §21).
 *
 *   node --import tsx scripts/mailbox-vectors.ts > docs/mailbox-vectors.json
 *
 * From fixed inputs (the return code, the content key and nonce of a letter, the staff
 * key pair's seed, the password's salt and nonce and a small cost) with the real
 * functions of shared/crypto/mailbox.ts and staff-keys.ts. Each derived value is also
 * computed here with the libsodium calls written out, and the script refuses to print
 * a value it cannot reproduce both ways. `crypto_box_seal` draws its own ephemeral key,
 * so the sealed content keys are one run's output: the test checks that they open with
 * the stored key pairs to the stored content key, not that they are reproduced.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import sumo from 'libsodium-wrappers-sumo';
import { format, resolveConfig } from 'prettier';
import { b64, fields, hex } from './vector-encoding.js';
import {
  formatReturnCode,
  mailboxKeysFrom,
  openLetter,
  parseReturnCode,
  sealLetter,
} from '../shared/crypto/mailbox.js';
import { readyCrypto } from '../shared/crypto/session.js';
import { sodium } from '../shared/crypto/sodium.js';
import { loadStaffCrypto, unwrapStaffKey, wrapStaffKey } from '../shared/crypto/staff-keys.js';

const encoder = new TextEncoder();
/** `length` bytes of SHA-256(label): fixed inputs anyone can recompute. */
const fixed = (label: string, length: number) =>
  Uint8Array.from(createHash('sha256').update(label).digest().subarray(0, length));

await readyCrypto();
await loadStaffCrypto();
await sumo.ready;

// The return code and what comes of it.
const code = fixed('jourchatt mailbox vector: return code', 15);
const text = formatReturnCode(code);
assert.deepEqual(parseReturnCode(text.toLowerCase().replace(/-/g, ' ')), code);
const lookupInput = fields('jourchatt/v2/mailbox/lookup', [code]);
const seedInput = fields('jourchatt/v2/mailbox/seed', [code]);
const lookup = sodium.crypto_generichash(32, lookupInput, null);
const seed = sodium.crypto_generichash(32, seedInput, null);
const visitor = sodium.crypto_box_seed_keypair(seed);
const keys = mailboxKeysFrom(code);
assert.equal(keys.lookup, b64(lookup));
assert.equal(keys.publicKey, b64(visitor.publicKey));
assert.deepEqual(keys.keyPair.privateKey, visitor.privateKey);

// A staff account's key pair, and its record wrapped under a password (a small cost).
const staff = sodium.crypto_box_seed_keypair(fixed('jourchatt mailbox vector: staff seed', 32));
const password = 'korrekt häst batteri häftklammer';
const salt = fixed('jourchatt mailbox vector: salt', 16);
const wrapNonce = fixed('jourchatt mailbox vector: wrap nonce', 24);
const cost = { opsLimit: 2, memLimit: 1 << 20 };
const wrappingKey = sumo.crypto_pwhash(
  32,
  password,
  salt,
  cost.opsLimit,
  cost.memLimit,
  sumo.crypto_pwhash_ALG_ARGON2ID13,
);
const staffData = fields('jourchatt/v2/staff-key', [staff.publicKey]);
const wrapped = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
  staff.privateKey,
  staffData,
  null,
  wrapNonce,
  wrappingKey,
);
const stored = wrapStaffKey(
  { publicKey: staff.publicKey, privateKey: staff.privateKey.slice() },
  password,
  cost,
  salt,
  wrapNonce,
);
assert.equal(stored.wrapped, b64(wrapped));
assert.deepEqual(unwrapStaffKey(stored, password).privateKey, staff.privateKey);

// One letter each way, sealed to the visitor and the staff key.
const readers = [b64(visitor.publicKey), b64(staff.publicKey)];
const letters = (
  [
    ['visitor', 'Hej. Jag blev rånad i går kväll och vågar inte gå ut.'],
    ['counsellor', 'Tack för att du skrev. Vill du berätta mer om vad som hände?'],
  ] as const
).map(([author, message], index) => {
  const nonce = fixed(`jourchatt mailbox vector: letter nonce ${index}`, 24);
  const contentKey = fixed(`jourchatt mailbox vector: content key ${index}`, 32);
  const data = fields('jourchatt/v2/mailbox/letter', [encoder.encode(author), visitor.publicKey]);
  const padded = sodium.pad(encoder.encode(JSON.stringify({ text: message })), 256);
  const body = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
    padded,
    data,
    null,
    nonce,
    contentKey,
  );
  const letter = sealLetter(message, author, keys.publicKey, readers, nonce, contentKey.slice());
  assert.equal(letter.body, b64(body));
  for (const reader of [visitor, staff]) {
    assert.equal(openLetter(letter, author, keys.publicKey, reader), message);
  }
  return {
    author,
    text: message,
    nonce: hex(nonce),
    contentKey: hex(contentKey),
    associatedData: hex(data),
    paddedLength: padded.length,
    letter,
  };
});

const output = {
  description:
    'Mailbox test vectors (docs/PROTOCOL.md §21). Bytes are hex unless named b64 (base64url, no padding). The sealed content keys in each letter are one run of crypto_box_seal: they must open with the key pairs given, to contentKey.',
  returnCode: {
    bytes: hex(code),
    text,
    lookupInput: hex(lookupInput),
    lookupB64: keys.lookup,
    seedInput: hex(seedInput),
    seed: hex(seed),
    visitorPublicKeyB64: keys.publicKey,
    visitorPrivateKey: hex(visitor.privateKey),
  },
  staffKey: {
    publicKeyB64: b64(staff.publicKey),
    privateKey: hex(staff.privateKey),
    password,
    salt: hex(salt),
    nonce: hex(wrapNonce),
    opsLimit: cost.opsLimit,
    memLimit: cost.memLimit,
    wrappingKey: hex(wrappingKey),
    associatedData: hex(staffData),
    stored,
  },
  letters,
};
const config = (await resolveConfig('docs/mailbox-vectors.json')) ?? {};
process.stdout.write(await format(JSON.stringify(output), { ...config, parser: 'json' }));
