import { describe, expect, it } from 'vitest';
import type { $ZodType } from 'zod/v4/core';
import { parseUnknown } from '../../shared/protocol/parse.js';
import {
  ChatContent,
  ChatRef,
  KeyReveal,
  LoginRequest,
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

const cases: { name: string; schema: $ZodType; valid: unknown; invalid: unknown[] }[] = [
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
