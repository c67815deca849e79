import { beforeAll, describe, expect, it } from 'vitest';
import type { $ZodType } from 'zod/v4/core';
import { parseUnknown } from '../../shared/protocol/parse.js';
import { MAX_PACKET_BYTES } from '../../server/app.js';
import {
  MAX_LETTER_LENGTH,
  mailboxKeysFrom,
  newReturnCode,
  sealLetter,
} from '../../shared/crypto/mailbox.js';
import { generateKeyPair, readyCrypto } from '../../shared/crypto/session.js';
import { sodium } from '../../shared/crypto/sodium.js';
import { defaultCost, loadStaffCrypto } from '../../shared/crypto/staff-keys.js';
import {
  ChatContent,
  ChatRef,
  KeyReveal,
  LoginRequest,
  MAX_LETTER_BODY_B64,
  MAX_LETTER_CHARS,
  MAX_LETTER_READERS,
  MailboxCreate,
  MailboxShare,
  SealedLetter,
  StaffKeyRecord,
  PresenceSet,
  QueueAccept,
  QueueJoin,
  Typing,
  WireFrame,
} from '../../shared/protocol/schemas.js';

const CHAT = 'AAAAAAAAAAAAAAAAAAAAAA';
const KEY = 'B'.repeat(43);
const NONCE = 'C'.repeat(32);

function deep(levels: number): unknown {
  let value: unknown = {};
  for (let i = 0; i < levels; i += 1) value = { a: value };
  return value;
}

const HOSTILE_VALUES: unknown[] = [
  undefined,
  null,
  0,
  -1,
  Number.NaN,
  'string',
  true,
  [],
  [1, 2],
  deep(200),
  new Uint8Array([1, 2, 3]),
];

/** The shortest sealed body: one 256-byte block and the tag (272 bytes). */
const BODY = 'D'.repeat(363);
const LETTER = { nonce: NONCE, body: BODY, keys: { [KEY]: 'E'.repeat(107) } };
const STAFF_KEY = {
  publicKey: KEY,
  salt: 'S'.repeat(22),
  nonce: NONCE,
  wrapped: 'W'.repeat(64),
  opsLimit: 3,
  memLimit: 268_435_456,
};

const cases: { name: string; schema: $ZodType; valid: unknown; invalid: unknown[] }[] = [
  {
    name: 'SealedLetter',
    schema: SealedLetter,
    valid: LETTER,
    invalid: [
      { ...LETTER, keys: {} },
      // Not whole 256-byte blocks and a tag: not something sealLetter makes.
      { ...LETTER, body: 'D'.repeat(364) },
      { ...LETTER, body: 'D'.repeat(362) },
      { ...LETTER, body: 'D'.repeat(MAX_LETTER_BODY_B64 + 342) },
      { ...LETTER, keys: { [KEY]: 'E'.repeat(106) } },
      { ...LETTER, keys: { short: 'E'.repeat(107) } },
      JSON.parse(`{"nonce":"${NONCE}","body":"${BODY}","keys":{"__proto__":"${'E'.repeat(107)}"}}`),
      {
        ...LETTER,
        keys: Object.fromEntries(
          Array.from({ length: MAX_LETTER_READERS + 1 }, (_, i) => [
            `${'K'.repeat(40)}${String(i).padStart(3, '0')}`,
            'E'.repeat(107),
          ]),
        ),
      },
      { ...LETTER, extra: 1 },
    ],
  },
  {
    name: 'MailboxCreate',
    schema: MailboxCreate,
    valid: { route: 'youth', lang: 'so', lookup: KEY, visitorKey: KEY, letter: LETTER },
    invalid: [
      { route: 'youth', lookup: KEY, visitorKey: KEY },
      { route: 'youth', lookup: KEY.slice(1), visitorKey: KEY, letter: LETTER },
      { route: 'youth', lookup: KEY, visitorKey: KEY, letter: LETTER, day: '2026-01-01' },
    ],
  },
  {
    name: 'MailboxShare',
    schema: MailboxShare,
    valid: { id: CHAT, reader: KEY, keys: [{ letterId: CHAT, sealed: 'E'.repeat(107) }] },
    invalid: [
      { id: CHAT, reader: KEY, keys: [] },
      { id: CHAT, reader: KEY, keys: [{ letterId: 'x', sealed: 'E'.repeat(107) }] },
      { id: CHAT, reader: KEY, keys: [{ letterId: CHAT, sealed: 'E'.repeat(107), x: 1 }] },
    ],
  },
  {
    name: 'StaffKeyRecord',
    schema: StaffKeyRecord,
    valid: STAFF_KEY,
    invalid: [
      { ...STAFF_KEY, wrapped: 'W'.repeat(101) },
      { ...STAFF_KEY, wrapped: 'W'.repeat(63) },
      { ...STAFF_KEY, salt: 'S'.repeat(21) },
      { ...STAFF_KEY, opsLimit: 0 },
      { ...STAFF_KEY, opsLimit: 1.5 },
      { ...STAFF_KEY, memLimit: 8191 },
      { ...STAFF_KEY, memLimit: 2 ** 31 + 1 },
      { ...STAFF_KEY, secret: 'x' },
    ],
  },
  {
    name: 'QueueJoin',
    schema: QueueJoin,
    valid: { route: 'youth', commitment: KEY, lang: 'ar', topic: 'witness' },
    invalid: [
      { route: 'adult' },
      { route: 'elderly', commitment: KEY },
      { route: 'adult', commitment: KEY, lang: 'de' },
      { route: 'adult', commitment: KEY.slice(1) },
      { route: 'adult', commitment: '+/=' + KEY.slice(3) },
      { route: 'adult', commitment: KEY, extra: true },
      JSON.parse(`{"route":"adult","commitment":"${KEY}","__proto__":{"admin":true}}`),
      { route: 'adult', commitment: KEY, constructor: { prototype: {} } },
    ],
  },
  {
    name: 'WireFrame',
    schema: WireFrame,
    valid: {
      v: 2,
      chatId: CHAT,
      epoch: 0,
      sender: 'visitor',
      n: 0,
      nonce: NONCE,
      ct: 'D'.repeat(300),
    },
    invalid: [
      { v: 1, chatId: CHAT, epoch: 0, sender: 'visitor', n: 0, nonce: NONCE, ct: 'D'.repeat(300) },
      { v: 2, chatId: CHAT, epoch: -1, sender: 'visitor', n: 0, nonce: NONCE, ct: 'D'.repeat(300) },
      { v: 2, chatId: CHAT, epoch: 0, sender: 'server', n: 0, nonce: NONCE, ct: 'D'.repeat(300) },
      {
        v: 2,
        chatId: CHAT,
        epoch: 0,
        sender: 'visitor',
        n: 1.5,
        nonce: NONCE,
        ct: 'D'.repeat(300),
      },
      {
        v: 2,
        chatId: CHAT,
        epoch: 0,
        sender: 'visitor',
        n: 2 ** 40,
        nonce: NONCE,
        ct: 'D'.repeat(300),
      },
      { v: 2, chatId: CHAT, epoch: 0, sender: 'visitor', n: 0, nonce: 'C', ct: 'D'.repeat(300) },
      {
        v: 2,
        chatId: CHAT,
        epoch: 0,
        sender: 'visitor',
        n: 0,
        nonce: NONCE,
        ct: 'D'.repeat(20_000),
      },
      {
        v: 2,
        chatId: 'short',
        epoch: 0,
        sender: 'visitor',
        n: 0,
        nonce: NONCE,
        ct: 'D'.repeat(300),
      },
      { v: '1', chatId: CHAT, epoch: '0', sender: 'visitor', n: '0', nonce: NONCE, ct: 'DD' },
      // Extended from the header, and still strict.
      {
        v: 2,
        chatId: CHAT,
        epoch: 0,
        sender: 'visitor',
        n: 0,
        nonce: NONCE,
        ct: 'D'.repeat(300),
        extra: true,
      },
    ],
  },
  {
    name: 'KeyReveal',
    schema: KeyReveal,
    valid: { chatId: CHAT, epoch: 3, publicKey: KEY },
    invalid: [
      { chatId: CHAT, epoch: 0 },
      { chatId: CHAT, epoch: 0, publicKey: KEY + 'A' },
    ],
  },
  {
    name: 'ChatRef',
    schema: ChatRef,
    valid: { chatId: CHAT },
    invalid: [{ chatId: CHAT + 'A' }, { chatId: 'x'.repeat(100_000) }, { id: CHAT }],
  },
  {
    name: 'Typing',
    schema: Typing,
    valid: { chatId: CHAT, typing: false },
    invalid: [{ chatId: CHAT, typing: 'yes' }, { chatId: CHAT }],
  },
  {
    name: 'PresenceSet',
    schema: PresenceSet,
    valid: { available: true },
    invalid: [{ available: 1 }],
  },
  {
    name: 'QueueAccept',
    schema: QueueAccept,
    // v2: a claim only; a key sent with it (v1) is refused.
    valid: {},
    invalid: [{ publicKey: KEY }, { chatId: CHAT }, null],
  },
  {
    name: 'LoginRequest',
    schema: LoginRequest,
    valid: { username: 'anna', password: 'correct horse battery' },
    invalid: [
      { username: '', password: 'x' },
      { username: 'a'.repeat(65), password: 'x' },
      { username: 'anna', password: 'x'.repeat(257) },
      { username: ['anna'], password: 'x' },
    ],
  },
  {
    name: 'ChatContent',
    schema: ChatContent,
    valid: { kind: 'text', id: 'AAAAAAAAAAAAAAAAAAAAAA', text: 'Hej' },
    invalid: [
      { kind: 'text', id: 'AAAAAAAAAAAAAAAAAAAAAA', text: '' },
      { kind: 'text', id: 'AAAAAAAAAAAAAAAAAAAAAA', text: 'x'.repeat(2001) },
      { kind: 'image', id: 'AAAAAAAAAAAAAAAAAAAAAA', text: 'x' },
      { kind: 'text', id: 'bad id!', text: 'x' },
    ],
  },
];

describe.each(cases)('$name', ({ schema, valid, invalid }) => {
  it('accepts a well-formed payload', () => {
    expect(parseUnknown(schema, valid).ok).toBe(true);
  });

  it('rejects wrong types, missing or extra keys, and oversized values', () => {
    for (const payload of [...invalid, ...HOSTILE_VALUES]) {
      expect(parseUnknown(schema, payload).ok, JSON.stringify(payload)?.slice(0, 80)).toBe(false);
    }
  });

  it('never lets a payload change Object.prototype', () => {
    parseUnknown(schema, JSON.parse('{"__proto__":{"polluted":true}}'));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("the mailbox's size limits", () => {
  beforeAll(async () => {
    await readyCrypto();
    await loadStaffCrypto();
  });
  const pk = () => sodium.to_base64(generateKeyPair().publicKey);

  it('fit the longest letter sealLetter makes, to the most readers, in one Socket.IO packet', () => {
    expect(MAX_LETTER_CHARS).toBe(MAX_LETTER_LENGTH);
    const visitor = mailboxKeysFrom(newReturnCode().code).publicKey;
    const readers = [visitor, ...Array.from({ length: MAX_LETTER_READERS - 1 }, pk)];
    // Control characters and lone surrogates take six bytes of JSON each: the most.
    for (const text of ['\u0001'.repeat(4000), '\ud800'.repeat(4000), 'å'.repeat(4000)]) {
      const letter = sealLetter(text, 'visitor', visitor, readers);
      expect(SealedLetter.safeParse(letter).success).toBe(true);
      expect(letter.body.length).toBeLessThanOrEqual(MAX_LETTER_BODY_B64);
    }
    expect(sealLetter('\u0001'.repeat(4000), 'visitor', visitor, [visitor]).body).toHaveLength(
      MAX_LETTER_BODY_B64,
    );
    const largest = {
      route: 'youth',
      lang: 'so',
      lookup: visitor,
      visitorKey: visitor,
      letter: sealLetter('\u0001'.repeat(4000), 'visitor', visitor, readers),
    };
    expect(MailboxCreate.safeParse(largest).success).toBe(true);
    // Socket.IO's frame around it: `42/visitor,123456["mailbox:create",…]`.
    const packet = `42/visitor,123456${JSON.stringify(['mailbox:create', largest])}`;
    expect(Buffer.byteLength(packet)).toBeLessThan(MAX_PACKET_BYTES - 1024);
  });

  it("take the console's own costs for the wrapped staff key", () => {
    expect(StaffKeyRecord.safeParse({ ...STAFF_KEY, ...defaultCost() }).success).toBe(true);
    expect(
      StaffKeyRecord.safeParse({ ...STAFF_KEY, opsLimit: 4, memLimit: 1_073_741_824 }).success,
    ).toBe(true);
  });
});
