import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { openFrame, sealText, toWire } from '../../shared/crypto/chat.js';
import {
  commitToKey,
  establishSession,
  keyMatchesCommitment,
  readyCrypto,
  seal,
  transcriptHash,
  type Handshake,
  type KeyPair,
} from '../../shared/crypto/session.js';
import { sodium } from '../../shared/crypto/sodium.js';
import { safetyWordsIn } from '../../shared/crypto/safety-words.js';
import {
  WHISPER_EPOCH,
  completeAskerWhisper,
  completeSupporterWhisper,
  startWhisperAsk,
  startWhisperSupport,
} from '../../shared/crypto/whisper.js';
import { WhisperMessage } from '../../shared/protocol/whisper.js';
import { parseUnknown } from '../../shared/protocol/parse.js';
import { fields } from '../../scripts/vector-encoding.js';
import { codeOf } from '../support/crypto-pair.js';

/*
 * Support conversations between consoles (docs/PROTOCOL.md §22): the chat's handshake
 * under labels of their own. The keys of a whisper never equal a chat's made from the
 * same inputs, and the stored whisper vector (docs/protocol-vectors.json, `whisper`) is
 * recomputed both from libsodium primitives as §22 lays it out and with shared/crypto.
 */

beforeAll(async () => {
  await readyCrypto();
});

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const unhex = (text: string) => Uint8Array.from(Buffer.from(text, 'hex'));
const copy = (pair: KeyPair): KeyPair => ({
  publicKey: pair.publicKey.slice(),
  privateKey: pair.privateKey.slice(),
});
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
const seedPair = (seed: string): KeyPair => {
  const { publicKey, privateKey } = sodium.crypto_kx_seed_keypair(unhex(seed));
  return { publicKey, privateKey };
};

describe('a whisper session', () => {
  it('has keys, transcript and safety words other than a chat’s for the very same inputs', () => {
    const visitor = sodium.crypto_kx_keypair();
    const counsellor = sodium.crypto_kx_keypair();
    const id = 'AAAAAAAAAAAAAAAAAAAAAA';
    const handshakeIn = (context: 'chat' | 'whisper'): Handshake => ({
      chatId: id,
      epoch: 1,
      commitment: commitToKey(visitor.publicKey, context),
      visitorKey: visitor.publicKey,
      counsellorKey: counsellor.publicKey,
    });
    const both = (context: 'chat' | 'whisper') => ({
      v: establishSession('visitor', copy(visitor), handshakeIn(context), context),
      c: establishSession('counsellor', copy(counsellor), handshakeIn(context), context),
    });
    const chat = both('chat');
    const whisper = both('whisper');
    expect(hex(whisper.v.transcriptHash)).not.toBe(hex(chat.v.transcriptHash));
    expect(hex(whisper.v.send.key)).not.toBe(hex(chat.v.send.key));
    expect(hex(whisper.v.receive.key)).not.toBe(hex(chat.v.receive.key));
    expect(hex(whisper.v.resumeKey)).not.toBe(hex(chat.v.resumeKey));
    expect(whisper.v.safetyIndices).not.toEqual(chat.v.safetyIndices);
    expect(whisper.v.context).toBe('whisper');
    // A chat's commitment is not a whisper's: one cannot stand in for the other.
    expect(hex(commitToKey(visitor.publicKey, 'whisper'))).not.toBe(
      hex(commitToKey(visitor.publicKey)),
    );
    expect(keyMatchesCommitment(visitor.publicKey, commitToKey(visitor.publicKey), 'whisper')).toBe(
      false,
    );
    // A frame of the whisper does not open in the chat with the same id, and back.
    const frame = sealText(whisper.v, 'staff only');
    expect(codeOf(() => openFrame(chat.c, frame))).toBe('bad_ciphertext');
    expect(codeOf(() => openFrame(whisper.c, sealText(chat.v, 'to the visitor')))).toBe(
      'bad_ciphertext',
    );
    expect(openFrame(whisper.c, frame)).toMatchObject({ text: 'staff only' });
    // The chat's own labels are unchanged by the context parameter's default.
    expect(hex(transcriptHash(handshakeIn('chat')))).toBe(hex(chat.v.transcriptHash));
  });

  it('runs between asker and supporter with the product’s functions; a swapped key is caught', () => {
    const pending = startWhisperAsk();
    const support = startWhisperSupport();
    const whisperId = 'BBBBBBBBBBBBBBBBBBBBBB';
    const { session: asker, publicKey } = completeAskerWhisper(
      pending,
      whisperId,
      support.publicKey,
    );
    const supporter = completeSupporterWhisper(
      support.keyPair,
      whisperId,
      pending.commitment,
      publicKey,
    );
    expect(asker.epoch).toBe(WHISPER_EPOCH);
    expect(supporter.safetyWords).toEqual(asker.safetyWords);
    const frame = sealText(asker, 'hej');
    expect(parseUnknown(WhisperMessage, { whisperId, frame }).ok).toBe(true);
    expect(openFrame(supporter, frame)).toMatchObject({ text: 'hej' });
    expect(openFrame(asker, sealText(supporter, 'hej själv'))).toMatchObject({ text: 'hej själv' });

    // A relay that swaps in its own key for the asker's is caught by the commitment.
    const third = startWhisperSupport();
    expect(
      codeOf(() =>
        completeSupporterWhisper(third.keyPair, whisperId, pending.commitment, support.publicKey),
      ),
    ).toBe('commitment_mismatch');
  });
});

interface WhisperVector {
  inputs: { askerSeed: string; supporterSeed: string; whisperId: string; epoch: number };
  keys: Record<'asker' | 'supporter', { privateKey: string; publicKey: string }>;
  commitment: { input: string; hash: string; base64url: string };
  transcript: { input: string; hash: string };
  kx: Record<'askerRx' | 'askerTx' | 'supporterRx' | 'supporterTx', string>;
  chainKeys: Record<
    'askerToSupporterInput' | 'askerToSupporter' | 'supporterToAskerInput' | 'supporterToAsker',
    string
  >;
  safety: { input: string; hash: string; indices: number[]; words: string[] };
  sameInputsUnderChatLabels: { transcriptHash: string; safetyHash: string };
  messages: { event: string; payload: Record<string, unknown> }[];
  frames: {
    from: 'asker' | 'supporter';
    plaintext: string;
    'whisper:message': { whisperId: string; frame: Parameters<typeof openFrame>[1] };
  }[];
}

describe('protocol vector: a support conversation (whisper)', () => {
  const root = new URL('../../', import.meta.url);
  const file = JSON.parse(readFileSync(new URL('docs/protocol-vectors.json', root), 'utf8')) as {
    whisper: WhisperVector;
  };
  const v = file.whisper;
  const label = (name: string) => `jourchatt/v2/whisper/${name}`;
  const enc = new TextEncoder();

  it('is written out from the primitives as PROTOCOL.md §22 lays it out', () => {
    const asker = seedPair(v.inputs.askerSeed);
    const supporter = seedPair(v.inputs.supporterSeed);
    expect(hex(asker.publicKey)).toBe(v.keys.asker.publicKey);
    expect(hex(supporter.publicKey)).toBe(v.keys.supporter.publicKey);
    const commitInput = fields(label('commit'), [asker.publicKey]);
    expect(hex(commitInput)).toBe(v.commitment.input);
    const commitment = sodium.crypto_generichash(32, commitInput, null);
    expect(hex(commitment)).toBe(v.commitment.hash);
    const transcriptInput = fields(label('transcript'), [
      enc.encode(v.inputs.whisperId),
      enc.encode(String(v.inputs.epoch)),
      commitment,
      asker.publicKey,
      supporter.publicKey,
    ]);
    expect(hex(transcriptInput)).toBe(v.transcript.input);
    const transcript = sodium.crypto_generichash(32, transcriptInput, null);
    expect(hex(transcript)).toBe(v.transcript.hash);
    const kx = sodium.crypto_kx_client_session_keys(
      asker.publicKey,
      asker.privateKey,
      supporter.publicKey,
    );
    expect(hex(kx.sharedTx)).toBe(v.kx.askerTx);
    expect(hex(kx.sharedRx)).toBe(v.kx.askerRx);
    const a2s = fields(label('chain/visitor'), [transcript]);
    expect(hex(a2s)).toBe(v.chainKeys.askerToSupporterInput);
    expect(hex(sodium.crypto_generichash(32, a2s, kx.sharedTx))).toBe(v.chainKeys.askerToSupporter);
    const s2a = fields(label('chain/counsellor'), [transcript]);
    expect(hex(sodium.crypto_generichash(32, s2a, kx.sharedRx))).toBe(v.chainKeys.supporterToAsker);
    const safety = sodium.crypto_generichash(32, fields(label('safety'), [transcript]), null);
    expect(hex(safety)).toBe(v.safety.hash);
    expect(Array.from(safety.subarray(0, 4))).toEqual(v.safety.indices);
    expect(safetyWordsIn('sv', v.safety.indices)).toEqual(v.safety.words);
    // The chat's label over the same fields: other bytes.
    const chatTranscript = sodium.crypto_generichash(
      32,
      fields('jourchatt/v2/transcript', decodeFields(transcriptInput)),
      null,
    );
    expect(hex(chatTranscript)).toBe(v.sameInputsUnderChatLabels.transcriptHash);
    expect(hex(chatTranscript)).not.toBe(v.transcript.hash);
  });

  it('comes out of shared/crypto: both sessions, the safety words, every frame to the stored bytes', () => {
    const asker = seedPair(v.inputs.askerSeed);
    const supporter = seedPair(v.inputs.supporterSeed);
    const { whisperId } = v.inputs;
    const viaAsker = completeAskerWhisper(
      { keyPair: copy(asker), commitment: v.commitment.base64url },
      whisperId,
      sodium.to_base64(supporter.publicKey),
    );
    const supporterSession = completeSupporterWhisper(
      copy(supporter),
      whisperId,
      v.commitment.base64url,
      viaAsker.publicKey,
    );
    const sessions = { asker: viaAsker.session, supporter: supporterSession };
    expect(hex(sessions.asker.transcriptHash)).toBe(v.transcript.hash);
    expect([...sessions.supporter.safetyWords]).toEqual(v.safety.words);
    expect(hex(sessions.asker.send.key)).toBe(v.chainKeys.askerToSupporter);
    expect(hex(sessions.supporter.send.key)).toBe(v.chainKeys.supporterToAsker);
    const handshake: Handshake = {
      chatId: whisperId,
      epoch: v.inputs.epoch,
      commitment: unhex(v.commitment.hash),
      visitorKey: asker.publicKey,
      counsellorKey: supporter.publicKey,
    };
    expect(hex(transcriptHash(handshake, 'chat'))).toBe(v.sameInputsUnderChatLabels.transcriptHash);
    for (const stored of v.frames) {
      const [own, peer] =
        stored.from === 'asker'
          ? [sessions.asker, sessions.supporter]
          : [sessions.supporter, sessions.asker];
      const wire = stored['whisper:message'].frame;
      const made = toWire(seal(own, enc.encode(stored.plaintext), sodium.from_base64(wire.nonce)));
      expect(made).toEqual(wire);
      expect(parseUnknown(WhisperMessage, stored['whisper:message']).ok).toBe(true);
      expect(JSON.stringify(openFrame(peer, wire))).toBe(stored.plaintext);
    }
    expect(v.messages.map((m) => m.event)).toEqual([
      'whisper:ask',
      'whisper:asked',
      'whisper:accept',
      'whisper:accepted',
      'whisper:key',
      'whisper:key',
    ]);
  });
});
