/*
 * Test vectors for Jourchatt protocol v1 (docs/PROTOCOL.md, section "Test vectors").
 *
 *   node --import tsx scripts/protocol-vectors.ts > docs/protocol-vectors.json
 *
 * Everything is computed from fixed inputs (seeds, chat id, epoch, message ids, nonces)
 * with the real functions of shared/crypto: commitToKey, transcriptHash,
 * establishSession, seal (with its optional fixed nonce), headerBytes, toWire and the
 * chat-level handshake functions. What the code keeps internal (the length-prefixed
 * inputs, the kx session keys, the message keys) is computed here with the same
 * libsodium calls written out, and checked against the real functions' outputs before
 * anything is printed: the script refuses to emit vectors it cannot reproduce both ways.
 * test/unit/protocol-vectors.test.ts checks the stored file against shared/crypto.
 *
 * The output is formatted with the project's Prettier settings, so `prettier --check`
 * passes on a freshly generated file.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { format, resolveConfig } from 'prettier';
import {
  completeCounsellorHandshake,
  completeVisitorHandshake,
  openFrame,
  toWire,
} from '../shared/crypto/chat.js';
import {
  MAX_SKIP,
  PAD_BLOCK,
  PROTOCOL_VERSION,
  SAFETY_WORD_COUNT,
  closeSession,
  commitToKey,
  establishSession,
  headerBytes,
  readyCrypto,
  seal,
  transcriptHash,
  type Handshake,
  type KeyPair,
  type Session,
} from '../shared/crypto/session.js';
import { sodium } from '../shared/crypto/sodium.js';
import { SAFETY_WORDS } from '../shared/crypto/wordlist.js';
import type { ChatContent, Sender, WireFrame } from '../shared/protocol/schemas.js';

const encoder = new TextEncoder();
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
/** `length` bytes counting up from `start` (mod 256): fixed, recognisable inputs. */
const counting = (start: number, length: number) =>
  Uint8Array.from({ length }, (_, i) => (start + i) & 0xff);

/** The protocol's length-prefixed encoding (PROTOCOL.md, "Labelled, length-prefixed fields"). */
function fields(label: string, parts: readonly Uint8Array[]): Uint8Array {
  const all = [encoder.encode(label), ...parts];
  const out = new Uint8Array(all.reduce((sum, part) => sum + 4 + part.length, 0));
  const view = new DataView(out.buffer);
  let offset = 0;
  for (const part of all) {
    view.setUint32(offset, part.length, false);
    out.set(part, offset + 4);
    offset += 4 + part.length;
  }
  return out;
}

const kdf = (id: number, context: string, key: Uint8Array) =>
  sodium.crypto_kdf_derive_from_key(32, id, context, key);

interface FrameInput {
  from: Sender;
  content: ChatContent;
  /** 24 bytes, hex. */
  nonce: string;
}

interface VectorInput {
  name: string;
  visitorSeed: Uint8Array;
  counsellorSeed: Uint8Array;
  chatId: string;
  epoch: number;
  frames: FrameInput[];
}

function seedPair(seed: Uint8Array): KeyPair {
  const { publicKey, privateKey } = sodium.crypto_kx_seed_keypair(seed);
  return { publicKey, privateKey };
}

const copyPair = (pair: KeyPair): KeyPair => ({
  publicKey: pair.publicKey.slice(),
  privateKey: pair.privateKey.slice(),
});

function vector(input: VectorInput) {
  const { chatId, epoch } = input;
  const visitor = seedPair(input.visitorSeed);
  const counsellor = seedPair(input.counsellorSeed);

  // Commitment and transcript: the real functions, and the written-out inputs.
  const commitInput = fields('jourchatt/v1/commit', [visitor.publicKey]);
  const commitment = commitToKey(visitor.publicKey);
  assert.deepEqual(sodium.crypto_generichash(32, commitInput, null), commitment);
  const handshake: Handshake = {
    chatId,
    epoch,
    commitment,
    visitorKey: visitor.publicKey,
    counsellorKey: counsellor.publicKey,
  };
  const transcriptInput = fields('jourchatt/v1/transcript', [
    encoder.encode(chatId),
    encoder.encode(String(epoch)),
    commitment,
    visitor.publicKey,
    counsellor.publicKey,
  ]);
  const transcript = transcriptHash(handshake);
  assert.deepEqual(sodium.crypto_generichash(32, transcriptInput, null), transcript);

  // kx session keys: the visitor is the kx client, the counsellor the kx server.
  const visitorKx = sodium.crypto_kx_client_session_keys(
    visitor.publicKey,
    visitor.privateKey,
    counsellor.publicKey,
  );
  const counsellorKx = sodium.crypto_kx_server_session_keys(
    counsellor.publicKey,
    counsellor.privateKey,
    visitor.publicKey,
  );
  const chainInput = (direction: Sender) => fields(`jourchatt/v1/chain/${direction}`, [transcript]);
  const v2c = sodium.crypto_generichash(32, chainInput('visitor'), visitorKx.sharedTx);
  const c2v = sodium.crypto_generichash(32, chainInput('counsellor'), counsellorKx.sharedTx);

  // The real sessions (establishSession wipes the private key it is given: copies).
  const sessions: Record<Sender, Session> = {
    visitor: establishSession('visitor', copyPair(visitor), handshake),
    counsellor: establishSession('counsellor', copyPair(counsellor), handshake),
  };
  assert.deepEqual(sessions.visitor.send.key, v2c);
  assert.deepEqual(sessions.counsellor.receive.key, v2c);
  assert.deepEqual(sessions.counsellor.send.key, c2v);
  assert.deepEqual(sessions.visitor.receive.key, c2v);
  assert.deepEqual(sessions.visitor.safetyWords, sessions.counsellor.safetyWords);

  const safetyInput = fields('jourchatt/v1/safety', [transcript]);
  const safetyHash = sodium.crypto_generichash(32, safetyInput, null);
  const indices = [...safetyHash.subarray(0, SAFETY_WORD_COUNT)];
  assert.deepEqual(
    indices.map((i) => SAFETY_WORDS[i]),
    sessions.visitor.safetyWords,
  );

  // The wire messages of the handshake, through the chat-level API.
  const commitmentB64 = sodium.to_base64(commitment);
  const started = {
    chatId,
    epoch,
    counsellorKey: sodium.to_base64(counsellor.publicKey),
    counsellorAlias: 'Sam',
  };
  const viaChat = completeVisitorHandshake(
    { keyPair: copyPair(visitor), commitment: commitmentB64 },
    started,
  );
  const counsellorViaChat = completeCounsellorHandshake(
    copyPair(counsellor),
    { chatId, epoch, commitment: commitmentB64 },
    viaChat.reveal,
  );
  assert.deepEqual(viaChat.session.safetyWords, sessions.visitor.safetyWords);
  assert.deepEqual(counsellorViaChat.safetyWords, sessions.visitor.safetyWords);
  closeSession(viaChat.session);
  closeSession(counsellorViaChat);

  // Frames, in order, each with its fixed nonce.
  const chains: Record<Sender, Uint8Array> = { visitor: v2c.slice(), counsellor: c2v.slice() };
  const frames = input.frames.map((frame) => {
    const session = sessions[frame.from];
    const receiver = sessions[frame.from === 'visitor' ? 'counsellor' : 'visitor'];
    const chainKeyBefore = chains[frame.from];
    const messageKey = kdf(1, 'jcmsgkey', chainKeyBefore);
    const chainKeyAfter = kdf(2, 'jcchain_', chainKeyBefore);
    chains[frame.from] = chainKeyAfter;

    const plaintext = JSON.stringify(frame.content);
    const plaintextBytes = encoder.encode(plaintext);
    const nonce = Buffer.from(frame.nonce, 'hex');
    const sealed = seal(session, plaintextBytes.slice(), new Uint8Array(nonce));
    const wire = toWire(sealed);
    assert.deepEqual(session.send.key, chainKeyAfter);
    const ad = headerBytes(sealed.header);
    const padded = sodium.pad(plaintextBytes, PAD_BLOCK);
    assert.deepEqual(
      sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(padded, ad, null, nonce, messageKey),
      sealed.ciphertext,
    );
    assert.deepEqual(openFrame(receiver, wire), frame.content);
    return {
      from: frame.from,
      n: sealed.header.n,
      chainKeyBefore: hex(chainKeyBefore),
      messageKey: hex(messageKey),
      chainKeyAfter: hex(chainKeyAfter),
      plaintext,
      plaintextLength: plaintextBytes.length,
      paddedLength: padded.length,
      associatedData: new TextDecoder().decode(ad),
      associatedDataHex: hex(ad),
      nonce: hex(nonce),
      ciphertext: hex(sealed.ciphertext),
      wire,
    };
  });

  // Refusals: each against the receiver's state after all the frames above.
  const last = (from: Sender) => frames.filter((frame) => frame.from === from).at(-1)?.wire;
  const refusals: { name: string; to: Sender; wire: WireFrame; error: string }[] = [];
  const target = last('visitor');
  if (target) {
    const flipped = Buffer.from(target.ct, 'base64url');
    flipped[0] = (flipped[0] ?? 0) ^ 0x01;
    const nextFromVisitor = sessions.counsellor.receive.next;
    refusals.push(
      { name: 'the same frame again', to: 'counsellor', wire: target, error: 'replay' },
      {
        name: 'first ciphertext bit flipped',
        to: 'counsellor',
        wire: { ...target, n: nextFromVisitor, ct: b64(flipped) },
        error: 'bad_ciphertext',
      },
      {
        name: 'a valid frame with its counter changed (header is associated data)',
        to: 'counsellor',
        wire: { ...target, n: nextFromVisitor },
        error: 'bad_ciphertext',
      },
      {
        name: `counter ${MAX_SKIP} past the next expected: within reach, so it is authenticated (and fails)`,
        to: 'counsellor',
        wire: { ...target, n: nextFromVisitor + MAX_SKIP },
        error: 'bad_ciphertext',
      },
      {
        name: `counter ${MAX_SKIP + 1} past the next expected`,
        to: 'counsellor',
        wire: { ...target, n: nextFromVisitor + MAX_SKIP + 1 },
        error: 'too_far_ahead',
      },
      {
        name: 'another epoch',
        to: 'counsellor',
        wire: { ...target, epoch: epoch + 1 },
        error: 'wrong_epoch',
      },
      {
        name: 'another chat',
        to: 'counsellor',
        wire: { ...target, chatId: b64(counting(0xf0, 16)) },
        error: 'wrong_chat',
      },
      {
        name: 'reflected back to its sender',
        to: 'visitor',
        wire: target,
        error: 'wrong_direction',
      },
    );
  }

  const handshakeRefusals = [
    {
      name: "the counsellor gets a key that is not the committed one (here: the counsellor's own)",
      side: 'counsellor' as const,
      'chat:key': { ...viaChat.reveal, publicKey: sodium.to_base64(counsellor.publicKey) },
      error: 'commitment_mismatch',
    },
    {
      name: 'the counsellor gets a reveal for another epoch',
      side: 'counsellor' as const,
      'chat:key': { ...viaChat.reveal, epoch: epoch + 1 },
      error: 'wrong_epoch',
    },
    {
      name: 'the visitor gets a low-order counsellor key (all zero)',
      side: 'visitor' as const,
      'chat:started': { ...started, counsellorKey: sodium.to_base64(new Uint8Array(32)) },
      error: 'bad_key',
    },
  ];

  const result = {
    name: input.name,
    inputs: {
      visitorSeed: hex(input.visitorSeed),
      counsellorSeed: hex(input.counsellorSeed),
      chatId,
      epoch,
      frames: input.frames,
    },
    keys: {
      visitor: { privateKey: hex(visitor.privateKey), publicKey: hex(visitor.publicKey) },
      counsellor: { privateKey: hex(counsellor.privateKey), publicKey: hex(counsellor.publicKey) },
    },
    commitment: { input: hex(commitInput), hash: hex(commitment), base64url: commitmentB64 },
    transcript: { input: hex(transcriptInput), hash: hex(transcript) },
    kx: {
      visitorRx: hex(visitorKx.sharedRx),
      visitorTx: hex(visitorKx.sharedTx),
      counsellorRx: hex(counsellorKx.sharedRx),
      counsellorTx: hex(counsellorKx.sharedTx),
    },
    chainKeys: {
      visitorToCounsellorInput: hex(chainInput('visitor')),
      visitorToCounsellor: hex(v2c),
      counsellorToVisitorInput: hex(chainInput('counsellor')),
      counsellorToVisitor: hex(c2v),
    },
    safety: {
      input: hex(safetyInput),
      hash: hex(safetyHash),
      indices,
      words: [...sessions.visitor.safetyWords],
    },
    messages: {
      'queue:join': { route: 'adult', commitment: commitmentB64 },
      'queue:accept': { publicKey: started.counsellorKey },
      'chat:started': started,
      'chat:key': viaChat.reveal,
    },
    frames,
    refusals,
    handshakeRefusals,
  };
  closeSession(sessions.visitor);
  closeSession(sessions.counsellor);
  return result;
}

/** A text message whose JSON is exactly `bytes` long (to show the extra padding block). */
function textOfLength(id: string, bytes: number): ChatContent {
  const overhead = JSON.stringify({ kind: 'text', id, text: '' }).length;
  return { kind: 'text', id, text: 'x'.repeat(bytes - overhead) };
}

async function main(): Promise<void> {
  await readyCrypto();
  const chatId = b64(counting(0xa0, 16));
  const id = (n: number) => b64(counting(0x10 * n, 16));
  const nonce = (n: number) => hex(counting(0x18 * n, 24));

  const vectors = [
    vector({
      name: 'first handshake (epoch 0): two visitor frames, one counsellor frame',
      visitorSeed: counting(0x00, 32),
      counsellorSeed: counting(0x20, 32),
      chatId,
      epoch: 0,
      frames: [
        {
          from: 'visitor',
          content: { kind: 'text', id: id(1), text: 'Hej, jag behöver prata med någon.' },
          nonce: nonce(1),
        },
        {
          from: 'visitor',
          content: { kind: 'text', id: id(2), text: 'Är du kvar? 🙂' },
          nonce: nonce(2),
        },
        {
          from: 'counsellor',
          content: { kind: 'text', id: id(3), text: 'Hej! Jag finns här och lyssnar.' },
          nonce: nonce(3),
        },
      ],
    }),
    vector({
      name: 're-key (epoch 12): a history frame, and a plaintext of exactly one block',
      visitorSeed: counting(0x40, 32),
      counsellorSeed: counting(0x60, 32),
      chatId,
      epoch: 12,
      frames: [
        {
          from: 'counsellor',
          content: {
            kind: 'history',
            lines: [
              { id: id(1), from: 'visitor', text: 'Hej, jag behöver prata med någon.' },
              { id: id(3), from: 'counsellor', text: 'Hej! Jag finns här och lyssnar.' },
            ],
          },
          nonce: nonce(4),
        },
        { from: 'visitor', content: textOfLength(id(4), PAD_BLOCK), nonce: nonce(5) },
      ],
    }),
  ];

  const words = [...SAFETY_WORDS];
  const output = {
    description:
      'Test vectors for Jourchatt protocol v1, generated by scripts/protocol-vectors.ts from fixed inputs with shared/crypto; see docs/PROTOCOL.md. Bytes are lower-case hex unless named base64url; wire payloads are exactly as sent.',
    protocol: {
      version: PROTOCOL_VERSION,
      padBlock: PAD_BLOCK,
      maxSkip: MAX_SKIP,
      safetyWordCount: SAFETY_WORD_COUNT,
    },
    wordList: {
      source: 'shared/crypto/wordlist.ts',
      count: words.length,
      sha256OfWordsJoinedByNewline: createHash('sha256').update(words.join('\n')).digest('hex'),
      words,
    },
    vectors,
  };
  const config = (await resolveConfig('docs/protocol-vectors.json')) ?? {};
  process.stdout.write(await format(JSON.stringify(output), { ...config, parser: 'json' }));
}

await main();
