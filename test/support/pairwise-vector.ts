import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { openFrame, sealText, toWire } from '../../shared/crypto/chat.js';
import {
  commitToKey,
  establishSession,
  keyMatchesCommitment,
  seal,
  sessionLabel,
  transcriptHash,
  type Handshake,
  type KeyPair,
  type Session,
  type SessionContext,
} from '../../shared/crypto/session.js';
import { safetyWordsIn } from '../../shared/crypto/safety-words.js';
import { sodium } from '../../shared/crypto/sodium.js';
import type { Sender, WireFrame } from '../../shared/protocol/schemas.js';
import { fields } from '../../scripts/vector-encoding.js';
import { codeOf } from './crypto-pair.js';

/*
 * The checks of a pairwise session that runs the chat's handshake under labels of its
 * own (a whisper, PROTOCOL.md §22; a member's join, §23): that its keys never equal
 * those of another context made from the same inputs, and that its stored vector in
 * docs/protocol-vectors.json comes out both of the libsodium primitives as the
 * document lays them out and of shared/crypto.
 */

export const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const unhex = (text: string) => Uint8Array.from(Buffer.from(text, 'hex'));
export const copyKeyPair = (pair: KeyPair): KeyPair => ({
  publicKey: pair.publicKey.slice(),
  privateKey: pair.privateKey.slice(),
});
const capitalised = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
const enc = new TextEncoder();

/** The fields of a length-prefixed encoding, without its label. */
function decodeFields(encoded: Uint8Array): Uint8Array[] {
  const view = new DataView(encoded.buffer, encoded.byteOffset, encoded.byteLength);
  const parts: Uint8Array[] = [];
  for (let offset = 0; offset < encoded.length;) {
    const length = view.getUint32(offset);
    parts.push(encoded.subarray(offset + 4, offset + 4 + length));
    offset += 4 + length;
  }
  return parts.slice(1);
}

function seedPair(seed: string): KeyPair {
  const { publicKey, privateKey } = sodium.crypto_kx_seed_keypair(unhex(seed));
  return { publicKey, privateKey };
}

/**
 * Sessions of `context` and of `other` from the very same keys and id: other keys,
 * transcript, safety words and commitment, and a frame of one never opens in the other.
 */
export function expectDistinctFrom(context: SessionContext, other: SessionContext): void {
  const visitor = sodium.crypto_kx_keypair();
  const counsellor = sodium.crypto_kx_keypair();
  const handshakeIn = (c: SessionContext): Handshake => ({
    chatId: 'AAAAAAAAAAAAAAAAAAAAAA',
    epoch: 1,
    commitment: commitToKey(visitor.publicKey, c),
    visitorKey: visitor.publicKey,
    counsellorKey: counsellor.publicKey,
  });
  const both = (c: SessionContext) => ({
    v: establishSession('visitor', copyKeyPair(visitor), handshakeIn(c), c),
    c: establishSession('counsellor', copyKeyPair(counsellor), handshakeIn(c), c),
  });
  const mine = both(context);
  const theirs = both(other);
  expect(mine.v.context).toBe(context);
  expect(hex(mine.v.transcriptHash)).not.toBe(hex(theirs.v.transcriptHash));
  expect(hex(mine.v.send.key)).not.toBe(hex(theirs.v.send.key));
  expect(hex(mine.v.receive.key)).not.toBe(hex(theirs.v.receive.key));
  expect(hex(mine.v.resumeKey)).not.toBe(hex(theirs.v.resumeKey));
  expect(mine.v.safetyIndices).not.toEqual(theirs.v.safetyIndices);
  // One's commitment is not the other's: one cannot stand in for the other.
  expect(hex(commitToKey(visitor.publicKey, context))).not.toBe(
    hex(commitToKey(visitor.publicKey, other)),
  );
  expect(
    keyMatchesCommitment(visitor.publicKey, commitToKey(visitor.publicKey, other), context),
  ).toBe(false);
  const frame = sealText(mine.v, 'not for the other');
  expect(codeOf(() => openFrame(theirs.c, frame))).toBe('bad_ciphertext');
  expect(codeOf(() => openFrame(mine.c, sealText(theirs.v, 'nor back')))).toBe('bad_ciphertext');
  expect(openFrame(mine.c, frame)).toMatchObject({ text: 'not for the other' });
}

/** A stored pairwise vector; the names of its sides are the layout's. */
export interface PairwiseVector {
  inputs: Record<string, string | number>;
  keys: Record<string, { privateKey: string; publicKey: string }>;
  commitment: { input: string; hash: string; base64url: string };
  transcript: { input: string; hash: string };
  kx: Record<string, string>;
  chainKeys: Record<string, string>;
  safety: { input: string; hash: string; indices: number[]; words: string[] };
  messages: { event: string; payload: Record<string, unknown> }[];
  frames: ({ from: string; plaintext: string } & Record<string, unknown>)[];
  [other: `sameInputsUnder${string}Labels`]: { transcriptHash: string; safetyHash: string };
}

/** How a vector names its parts: its context, its sides, and which inputs are the id and epoch. */
export interface PairwiseLayout {
  context: Exclude<SessionContext, 'chat'>;
  /** The vector's name for the side in each chat role (`asker`, `member`, …). */
  names: Record<Sender, string>;
  /** The input that stands for the chatId, and the one for the epoch (absent: 1). */
  idInput: string;
  epochInput?: string;
  /** The other contexts the vector shows its inputs under. */
  compareWith: SessionContext[];
}

/** What the vector gives for its inputs under another context's labels. */
function underLabels(v: PairwiseVector, other: SessionContext) {
  const stored = v[`sameInputsUnder${capitalised(other)}Labels`];
  if (!stored) throw new Error(`the vector shows nothing under the ${other} labels`);
  return stored;
}

export function readVector(name: 'whisper' | 'member'): PairwiseVector {
  const root = new URL('../../', import.meta.url);
  const file = JSON.parse(
    readFileSync(new URL('docs/protocol-vectors.json', root), 'utf8'),
  ) as Record<string, PairwiseVector>;
  const vector = file[name];
  if (!vector) throw new Error(`no ${name} vector`);
  return vector;
}

/** The id and epoch the vector's transcript and headers bind. */
export function idAndEpoch(v: PairwiseVector, layout: PairwiseLayout) {
  return {
    id: String(v.inputs[layout.idInput]),
    epoch: layout.epochInput ? Number(v.inputs[layout.epochInput]) : 1,
  };
}

/** Each side's key pair from its seed. */
export function vectorKeyPairs(v: PairwiseVector, layout: PairwiseLayout): Record<Sender, KeyPair> {
  return {
    visitor: seedPair(String(v.inputs[`${layout.names.visitor}Seed`])),
    counsellor: seedPair(String(v.inputs[`${layout.names.counsellor}Seed`])),
  };
}

/** Recomputes the vector from the libsodium primitives, as the protocol document lays it out. */
export function checkFromPrimitives(v: PairwiseVector, layout: PairwiseLayout): void {
  const { names } = layout;
  const label = (name: string) => sessionLabel(layout.context, name);
  const { id, epoch } = idAndEpoch(v, layout);
  const { visitor, counsellor } = vectorKeyPairs(v, layout);
  expect(hex(visitor.publicKey)).toBe(v.keys[names.visitor]?.publicKey);
  expect(hex(counsellor.publicKey)).toBe(v.keys[names.counsellor]?.publicKey);
  const commitInput = fields(label('commit'), [visitor.publicKey]);
  expect(hex(commitInput)).toBe(v.commitment.input);
  const commitment = sodium.crypto_generichash(32, commitInput, null);
  expect(hex(commitment)).toBe(v.commitment.hash);
  const transcriptInput = fields(label('transcript'), [
    enc.encode(id),
    enc.encode(String(epoch)),
    commitment,
    visitor.publicKey,
    counsellor.publicKey,
  ]);
  expect(hex(transcriptInput)).toBe(v.transcript.input);
  const transcript = sodium.crypto_generichash(32, transcriptInput, null);
  expect(hex(transcript)).toBe(v.transcript.hash);
  const kx = sodium.crypto_kx_client_session_keys(
    visitor.publicKey,
    visitor.privateKey,
    counsellor.publicKey,
  );
  expect(hex(kx.sharedTx)).toBe(v.kx[`${names.visitor}Tx`]);
  expect(hex(kx.sharedRx)).toBe(v.kx[`${names.visitor}Rx`]);
  const toCounsellor = `${names.visitor}To${capitalised(names.counsellor)}`;
  const toVisitor = `${names.counsellor}To${capitalised(names.visitor)}`;
  const v2c = fields(label('chain/visitor'), [transcript]);
  expect(hex(v2c)).toBe(v.chainKeys[`${toCounsellor}Input`]);
  expect(hex(sodium.crypto_generichash(32, v2c, kx.sharedTx))).toBe(v.chainKeys[toCounsellor]);
  const c2v = fields(label('chain/counsellor'), [transcript]);
  expect(hex(sodium.crypto_generichash(32, c2v, kx.sharedRx))).toBe(v.chainKeys[toVisitor]);
  const safety = sodium.crypto_generichash(32, fields(label('safety'), [transcript]), null);
  expect(hex(safety)).toBe(v.safety.hash);
  expect(Array.from(safety.subarray(0, 4))).toEqual(v.safety.indices);
  expect(safetyWordsIn('sv', v.safety.indices)).toEqual(v.safety.words);
  // Another context's label over the same fields: other bytes.
  for (const other of layout.compareWith) {
    const otherTranscript = sodium.crypto_generichash(
      32,
      fields(sessionLabel(other, 'transcript'), decodeFields(transcriptInput)),
      null,
    );
    const stored = underLabels(v, other);
    expect(hex(otherTranscript)).toBe(stored.transcriptHash);
    expect(hex(otherTranscript)).not.toBe(v.transcript.hash);
    const otherSafety = sodium.crypto_generichash(
      32,
      fields(sessionLabel(other, 'safety'), [otherTranscript]),
      null,
    );
    expect(hex(otherSafety)).toBe(stored.safetyHash);
  }
}

/**
 * Checks the sessions shared/crypto made from the vector's key pairs, and that every
 * stored frame is what sealing its plaintext with the stored nonce gives, and opens.
 * `frameOf` finds the wire frame inside a stored frame's event payload.
 */
export function checkWithSharedCrypto(
  v: PairwiseVector,
  layout: PairwiseLayout,
  sessions: Record<Sender, Session>,
  frameOf: (stored: PairwiseVector['frames'][number]) => WireFrame,
): void {
  const { names } = layout;
  expect(hex(sessions.visitor.transcriptHash)).toBe(v.transcript.hash);
  expect([...sessions.counsellor.safetyWords]).toEqual(v.safety.words);
  const toCounsellor = `${names.visitor}To${capitalised(names.counsellor)}`;
  const toVisitor = `${names.counsellor}To${capitalised(names.visitor)}`;
  expect(hex(sessions.visitor.send.key)).toBe(v.chainKeys[toCounsellor]);
  expect(hex(sessions.counsellor.send.key)).toBe(v.chainKeys[toVisitor]);
  const { id, epoch } = idAndEpoch(v, layout);
  const { visitor, counsellor } = vectorKeyPairs(v, layout);
  const handshake: Handshake = {
    chatId: id,
    epoch,
    commitment: unhex(v.commitment.hash),
    visitorKey: visitor.publicKey,
    counsellorKey: counsellor.publicKey,
  };
  for (const other of layout.compareWith) {
    expect(hex(transcriptHash(handshake, other))).toBe(underLabels(v, other).transcriptHash);
  }
  for (const stored of v.frames) {
    const [own, peer] =
      stored.from === names.visitor
        ? [sessions.visitor, sessions.counsellor]
        : [sessions.counsellor, sessions.visitor];
    const wire = frameOf(stored);
    const made = toWire(seal(own, enc.encode(stored.plaintext), sodium.from_base64(wire.nonce)));
    expect(made).toEqual(wire);
    expect(JSON.stringify(openFrame(peer, wire))).toBe(stored.plaintext);
  }
}
