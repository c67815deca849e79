import sodium from 'libsodium-wrappers';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  completeCounsellorHandshake,
  completeVisitorHandshake,
  openFrame,
  sealText,
  startCounsellorHandshake,
  startVisitorHandshake,
} from '../../shared/crypto/chat.js';
import {
  MAX_SKIP,
  checkRekeyProof,
  rekeyProof,
  closeSession,
  commitToKey,
  establishSession,
  generateKeyPair,
  headerBytes,
  open,
  readyCrypto,
  seal,
  type SealedFrame,
  type Session,
} from '../../shared/crypto/session.js';
import { SAFETY_WORDS } from '../../shared/crypto/wordlist.js';
import { MAX_MESSAGE_CHARS } from '../../shared/protocol/schemas.js';
import { codeOf, sessionPair } from '../support/crypto-pair.js';

const text = (s: string) => new TextEncoder().encode(s);
const str = (b: Uint8Array) => new TextDecoder().decode(b);

function copyFrame(frame: SealedFrame): SealedFrame {
  return {
    header: { ...frame.header },
    nonce: frame.nonce.slice(),
    ciphertext: frame.ciphertext.slice(),
  };
}

beforeAll(async () => {
  await readyCrypto();
});

describe('seal and open', () => {
  it('carries messages both ways, in Swedish, Arabic, emoji and at full length', () => {
    const { visitor, counsellor } = sessionPair();
    const samples = [
      'Hej, jag är rädd',
      'åäö ÅÄÖ',
      'مرحبا، أحتاج مساعدة',
      '🙏🏽💬',
      'x'.repeat(MAX_MESSAGE_CHARS),
    ];
    for (const sample of samples) {
      expect(str(open(counsellor, seal(visitor, text(sample))))).toBe(sample);
      expect(str(open(visitor, seal(counsellor, text(sample))))).toBe(sample);
    }
    expect(visitor.send.next).toBe(samples.length);
    expect(counsellor.receive.next).toBe(samples.length);
  });

  it('rejects a flipped bit in the ciphertext, the nonce or any header field', () => {
    const { visitor, counsellor } = sessionPair();
    const frame = seal(visitor, text('secret'));

    const badCiphertext = copyFrame(frame);
    badCiphertext.ciphertext[3]! ^= 1;
    expect(codeOf(() => open(counsellor, badCiphertext))).toBe('bad_ciphertext');

    const badNonce = copyFrame(frame);
    badNonce.nonce[0]! ^= 1;
    expect(codeOf(() => open(counsellor, badNonce))).toBe('bad_ciphertext');

    // The counter is within the window, so decryption is tried: the header is bound.
    const badCounter = copyFrame(frame);
    badCounter.header.n = 1;
    expect(codeOf(() => open(counsellor, badCounter))).toBe('bad_ciphertext');

    expect(str(open(counsellor, frame))).toBe('secret');
  });

  it('binds every header field into the associated data', () => {
    const header = {
      v: 2,
      chatId: 'AAAAAAAAAAAAAAAAAAAAAA',
      epoch: 0,
      sender: 'visitor',
      n: 0,
    } as const;
    const base = sodium.to_hex(headerBytes(header));
    for (const changed of [
      { ...header, chatId: 'BAAAAAAAAAAAAAAAAAAAAA' },
      { ...header, epoch: 1 },
      { ...header, sender: 'counsellor' as const },
      { ...header, n: 1 },
    ]) {
      expect(sodium.to_hex(headerBytes(changed))).not.toBe(base);
    }
  });

  it('rejects a frame replayed', () => {
    const { visitor, counsellor } = sessionPair();
    const frame = seal(visitor, text('once'));
    open(counsellor, frame);
    expect(codeOf(() => open(counsellor, copyFrame(frame)))).toBe('replay');
  });

  it('rejects a frame from another chat, another epoch or its own direction', () => {
    const a = sessionPair('AAAAAAAAAAAAAAAAAAAAAA');
    const b = sessionPair('BBBBBBBBBBBBBBBBBBBBBB');
    expect(codeOf(() => open(b.counsellor, seal(a.visitor, text('x'))))).toBe('wrong_chat');

    const later = sessionPair('AAAAAAAAAAAAAAAAAAAAAA', 1);
    expect(codeOf(() => open(later.counsellor, seal(a.visitor, text('x'))))).toBe('wrong_epoch');

    const reflected = seal(a.visitor, text('mirror'));
    expect(codeOf(() => open(a.visitor, reflected))).toBe('wrong_direction');
  });

  it('rejects a frame from the same chat id but another handshake', () => {
    const first = sessionPair('AAAAAAAAAAAAAAAAAAAAAA');
    const second = sessionPair('AAAAAAAAAAAAAAAAAAAAAA');
    expect(codeOf(() => open(second.counsellor, seal(first.visitor, text('x'))))).toBe(
      'bad_ciphertext',
    );
  });

  it('rejects a counter too far ahead', () => {
    const { visitor, counsellor } = sessionPair();
    const frame = seal(visitor, text('x'));
    const ahead = copyFrame(frame);
    ahead.header.n = MAX_SKIP + 1;
    expect(codeOf(() => open(counsellor, ahead))).toBe('too_far_ahead');
  });

  it('opens frames out of order within the window, each exactly once', () => {
    const { visitor, counsellor } = sessionPair();
    const frames = [0, 1, 2].map((i) => seal(visitor, text(`m${i}`)));
    const [f0, f1, f2] = frames as [SealedFrame, SealedFrame, SealedFrame];
    expect(str(open(counsellor, f2))).toBe('m2');
    expect(str(open(counsellor, f0))).toBe('m0');
    expect(str(open(counsellor, f1))).toBe('m1');
    for (const frame of frames)
      expect(codeOf(() => open(counsellor, copyFrame(frame)))).toBe('replay');
  });

  it('does not advance the chain for a forged frame with a high counter', () => {
    const { visitor, counsellor } = sessionPair();
    const genuine = seal(visitor, text('genuine'));
    const forged = copyFrame(genuine);
    forged.header.n = 50;
    forged.ciphertext = sodium.randombytes_buf(genuine.ciphertext.length);
    expect(codeOf(() => open(counsellor, forged))).toBe('bad_ciphertext');
    expect(counsellor.receive.next).toBe(0);
    expect(counsellor.receive.skipped.size).toBe(0);
    expect(str(open(counsellor, genuine))).toBe('genuine');
  });

  it('pads, so a short and a longer message have the same length', () => {
    const { visitor } = sessionPair();
    const short = seal(visitor, text('a'));
    const longer = seal(visitor, text('a'.repeat(100)));
    expect(short.ciphertext.length).toBe(longer.ciphertext.length);
  });
});

describe('the ratchet', () => {
  function snapshot(session: Session): Session {
    return {
      ...session,
      send: { key: session.send.key.slice(), next: session.send.next },
      receive: {
        key: session.receive.key.slice(),
        next: session.receive.next,
        skipped: new Map([...session.receive.skipped].map(([n, k]) => [n, k.slice()])),
      },
    };
  }

  it('cannot recompute an old message key from the current state', () => {
    const { visitor, counsellor } = sessionPair();
    const frames = [0, 1, 2, 3].map((i) => seal(visitor, text(`m${i}`)));
    const chainKeys: string[] = [sodium.to_hex(counsellor.receive.key)];
    for (const frame of frames) {
      open(counsellor, frame);
      chainKeys.push(sodium.to_hex(counsellor.receive.key));
    }
    // A thief copies the whole state after message 3 ...
    const stolen = snapshot(counsellor);
    // ... and still cannot open message 1 (its key is gone) ...
    expect(codeOf(() => open(stolen, copyFrame(frames[1]!)))).toBe('replay');
    // ... nor step backwards: every chain key was different and the old ones are wiped.
    expect(new Set(chainKeys).size).toBe(chainKeys.length);
    expect(stolen.receive.skipped.size).toBe(0);
  });

  it('wipes every key on close and refuses to work afterwards', () => {
    const { visitor, counsellor } = sessionPair();
    seal(counsellor, text('x'));
    const skipped = seal(visitor, text('skipped'));
    void skipped;
    open(counsellor, seal(visitor, text('after a gap')));
    const keys = [
      counsellor.send.key,
      counsellor.receive.key,
      ...counsellor.receive.skipped.values(),
    ];
    expect(keys.length).toBe(3);
    closeSession(counsellor);
    for (const key of keys) expect(key.every((byte) => byte === 0)).toBe(true);
    expect(codeOf(() => seal(counsellor, text('x')))).toBe('session_closed');
    expect(codeOf(() => open(counsellor, seal(visitor, text('y'))))).toBe('session_closed');
  });
});

describe('the handshake', () => {
  it('gives both sides the same transcript hash and four safety words from the list', () => {
    const { visitor, counsellor } = sessionPair();
    expect(sodium.to_hex(visitor.transcriptHash)).toBe(sodium.to_hex(counsellor.transcriptHash));
    expect(visitor.safetyWords).toEqual(counsellor.safetyWords);
    expect(visitor.safetyWords).toHaveLength(4);
    for (const word of visitor.safetyWords) expect(SAFETY_WORDS).toContain(word);
  });

  it('uses a list of 256 distinct words', () => {
    expect(new Set(SAFETY_WORDS).size).toBe(256);
  });

  it('refuses a visitor key that does not match the commitment', () => {
    const visitorKeys = generateKeyPair();
    const attackerKeys = generateKeyPair();
    const counsellorKeys = generateKeyPair();
    expect(
      codeOf(() =>
        establishSession('counsellor', counsellorKeys, {
          chatId: 'AAAAAAAAAAAAAAAAAAAAAA',
          epoch: 0,
          commitment: commitToKey(visitorKeys.publicKey),
          visitorKey: attackerKeys.publicKey,
          counsellorKey: counsellorKeys.publicKey,
        }),
      ),
    ).toBe('commitment_mismatch');
  });

  it('shows different safety words when a relay swaps the counsellor’s key', () => {
    const pending = startVisitorHandshake();
    const counsellor = startCounsellorHandshake();
    const relay = startCounsellorHandshake();
    const chatId = 'AAAAAAAAAAAAAAAAAAAAAA';
    // The relay gives the visitor its own key instead of the counsellor's.
    const { session: fooled, reveal } = completeVisitorHandshake(pending, {
      chatId,
      epoch: 0,
      counsellorKey: relay.publicKey,
      counsellorAlias: 'Anna',
    });
    const real = completeCounsellorHandshake(
      counsellor.keyPair,
      { chatId, epoch: 0, commitment: pending.commitment },
      reveal,
    );
    expect(fooled.safetyWords).not.toEqual(real.safetyWords);
    expect(codeOf(() => openFrame(real, sealText(fooled, 'hello')))).toBe('bad_ciphertext');
  });

  it('runs end to end through the wire format with validated content', () => {
    const pending = startVisitorHandshake();
    const counsellor = startCounsellorHandshake();
    const chatId = 'AAAAAAAAAAAAAAAAAAAAAA';
    const { session: visitor, reveal } = completeVisitorHandshake(pending, {
      chatId,
      epoch: 0,
      counsellorKey: counsellor.publicKey,
      counsellorAlias: 'Anna',
    });
    const session = completeCounsellorHandshake(
      counsellor.keyPair,
      { chatId, epoch: 0, commitment: pending.commitment },
      reveal,
    );
    const wire = sealText(visitor, 'Hej');
    expect(Object.keys(wire).sort()).toEqual([
      'chatId',
      'ct',
      'epoch',
      'n',
      'nonce',
      'sender',
      'v',
    ]);
    expect(openFrame(session, wire)).toMatchObject({ kind: 'text', text: 'Hej' });
  });

  it('rejects decrypted content that is not a valid message', () => {
    const { visitor, counsellor } = sessionPair();
    const frame = seal(visitor, text(JSON.stringify({ kind: 'text', id: 'x', text: '' })));
    const wire = {
      ...frame.header,
      nonce: sodium.to_base64(frame.nonce),
      ct: sodium.to_base64(frame.ciphertext),
    };
    expect(codeOf(() => openFrame(counsellor, wire))).toBe('bad_ciphertext');
  });
});

describe('resume keys and re-key proofs (v2)', () => {
  const claimFor = (chatId: string, fromEpoch: number) => ({
    chatId,
    fromEpoch,
    commitment: commitToKey(generateKeyPair().publicKey),
  });

  it('gives both sides the same resume key, apart from every other key and epoch', () => {
    const first = sessionPair();
    const second = sessionPair();
    expect(sodium.to_hex(first.visitor.resumeKey)).toBe(sodium.to_hex(first.counsellor.resumeKey));
    expect(sodium.to_hex(first.visitor.resumeKey)).not.toBe(
      sodium.to_hex(second.visitor.resumeKey),
    );
    for (const key of [first.visitor.send.key, first.visitor.receive.key]) {
      expect(sodium.to_hex(first.visitor.resumeKey)).not.toBe(sodium.to_hex(key));
    }
  });

  it("accepts the visitor's proof only under the resume key of the epoch it claims", () => {
    const { visitor, counsellor } = sessionPair();
    const claim = claimFor(visitor.chatId, visitor.epoch);
    const proof = rekeyProof(visitor.resumeKey, 'visitor', claim);
    expect(checkRekeyProof(counsellor.resumeKey, 'visitor', claim, proof)).toBe(true);
    // A thief with the resume token but not the key, or a server inventing one:
    const thief = sessionPair().visitor;
    expect(
      checkRekeyProof(
        counsellor.resumeKey,
        'visitor',
        claim,
        rekeyProof(thief.resumeKey, 'visitor', claim),
      ),
    ).toBe(false);
    // The proof of one commitment does not carry over to another, nor to another epoch,
    // nor to the other direction.
    const other = claimFor(visitor.chatId, visitor.epoch);
    expect(checkRekeyProof(counsellor.resumeKey, 'visitor', other, proof)).toBe(false);
    expect(
      checkRekeyProof(
        counsellor.resumeKey,
        'visitor',
        { ...claim, fromEpoch: claim.fromEpoch + 1 },
        proof,
      ),
    ).toBe(false);
    expect(
      checkRekeyProof(counsellor.resumeKey, 'visitor', { ...claim, chatId: 'B'.repeat(22) }, proof),
    ).toBe(false);
    expect(() => checkRekeyProof(counsellor.resumeKey, 'counsellor', claim, proof)).not.toThrow();
    expect(checkRekeyProof(counsellor.resumeKey, 'counsellor', claim, proof)).toBe(false);
  });

  it("binds the counsellor's proof to the new epoch and the key it offers", () => {
    const { visitor, counsellor } = sessionPair();
    const offer = {
      ...claimFor(visitor.chatId, visitor.epoch),
      toEpoch: visitor.epoch + 1,
      counsellorKey: generateKeyPair().publicKey,
    };
    const proof = rekeyProof(counsellor.resumeKey, 'counsellor', offer);
    expect(checkRekeyProof(visitor.resumeKey, 'counsellor', offer, proof)).toBe(true);
    const swapped = { ...offer, counsellorKey: generateKeyPair().publicKey };
    expect(checkRekeyProof(visitor.resumeKey, 'counsellor', swapped, proof)).toBe(false);
    expect(checkRekeyProof(visitor.resumeKey, 'counsellor', { ...offer, toEpoch: 9 }, proof)).toBe(
      false,
    );
  });

  it('wipes the resume key with the session', () => {
    const { visitor } = sessionPair();
    closeSession(visitor);
    expect(visitor.resumeKey.every((byte) => byte === 0)).toBe(true);
  });
});
