import { beforeAll, describe, expect, it } from 'vitest';
import { openFrame, sealText } from '../../shared/crypto/chat.js';
import { readyCrypto, transcriptHash, type Handshake } from '../../shared/crypto/session.js';
import { sodium } from '../../shared/crypto/sodium.js';
import {
  WHISPER_EPOCH,
  completeAskerWhisper,
  completeSupporterWhisper,
  startWhisperAsk,
  startWhisperSupport,
} from '../../shared/crypto/whisper.js';
import { WhisperMessage } from '../../shared/protocol/whisper.js';
import { parseUnknown } from '../../shared/protocol/parse.js';
import { codeOf } from '../support/crypto-pair.js';
import {
  checkFromPrimitives,
  checkWithSharedCrypto,
  copyKeyPair,
  expectDistinctFrom,
  hex,
  readVector,
  vectorKeyPairs,
  type PairwiseLayout,
} from '../support/pairwise-vector.js';

/*
 * Support conversations between consoles (docs/PROTOCOL.md §22): the chat's handshake
 * under labels of their own. The keys of a whisper never equal a chat's made from the
 * same inputs, and the stored whisper vector (docs/protocol-vectors.json, `whisper`) is
 * recomputed both from libsodium primitives as §22 lays it out and with shared/crypto.
 */

beforeAll(async () => {
  await readyCrypto();
});

describe('a whisper session', () => {
  it('has keys, transcript and safety words other than a chat’s for the very same inputs', () => {
    expectDistinctFrom('whisper', 'chat');
    // The chat's own labels are unchanged by the context parameter's default.
    const visitor = sodium.crypto_kx_keypair();
    const handshake: Handshake = {
      chatId: 'AAAAAAAAAAAAAAAAAAAAAA',
      epoch: 1,
      commitment: new Uint8Array(32),
      visitorKey: visitor.publicKey,
      counsellorKey: sodium.crypto_kx_keypair().publicKey,
    };
    expect(hex(transcriptHash(handshake))).toBe(hex(transcriptHash(handshake, 'chat')));
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

describe('protocol vector: a support conversation (whisper)', () => {
  const v = readVector('whisper');
  const layout: PairwiseLayout = {
    context: 'whisper',
    names: { visitor: 'asker', counsellor: 'supporter' },
    idInput: 'whisperId',
    compareWith: ['chat'],
  };

  it('is written out from the primitives as PROTOCOL.md §22 lays it out', () => {
    checkFromPrimitives(v, layout);
  });

  it('comes out of shared/crypto: both sessions, the safety words, every frame to the stored bytes', () => {
    const keys = vectorKeyPairs(v, layout);
    const whisperId = String(v.inputs.whisperId);
    const viaAsker = completeAskerWhisper(
      { keyPair: copyKeyPair(keys.visitor), commitment: v.commitment.base64url },
      whisperId,
      sodium.to_base64(keys.counsellor.publicKey),
    );
    const supporter = completeSupporterWhisper(
      copyKeyPair(keys.counsellor),
      whisperId,
      v.commitment.base64url,
      viaAsker.publicKey,
    );
    checkWithSharedCrypto(
      v,
      layout,
      { visitor: viaAsker.session, counsellor: supporter },
      (stored) => {
        const message = parseUnknown(WhisperMessage, stored['whisper:message']);
        if (!message.ok) throw new Error('a stored whisper:message does not parse');
        return message.data.frame;
      },
    );
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
