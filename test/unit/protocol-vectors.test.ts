import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  commitmentProven,
  completeCounsellorHandshake,
  completeVisitorHandshake,
  makeOffer,
  offerProven,
  openFrame,
  openNote,
  proveCommitment,
  sealNote,
  toWire,
  type NoteKeys,
} from '../../shared/crypto/chat.js';
import {
  MAX_SKIP,
  PAD_BLOCK,
  PROTOCOL_VERSION,
  SAFETY_WORD_COUNT,
  commitToKey,
  establishSession,
  headerBytes,
  keyMatchesCommitment,
  readyCrypto,
  rekeyProof,
  seal,
  transcriptHash,
  type Handshake,
  type KeyPair,
  type Session,
} from '../../shared/crypto/session.js';
import { sodium } from '../../shared/crypto/sodium.js';
import { SAFETY_WORD_LISTS, safetyWordsIn } from '../../shared/crypto/safety-words.js';
import { SAFETY_WORDS } from '../../shared/crypto/wordlist.js';
import { parseJson } from '../../shared/protocol/parse.js';
import { codeOf } from '../support/crypto-pair.js';
import {
  ChatCommit,
  ChatContent,
  ChatResume,
  ChatTransfer,
  LANGUAGES,
  Language,
  KeyReveal,
  PresenceSet,
  QueueAccept,
  QueueJoin,
  RekeyOffer,
  SealedNote,
  Sender,
  TokenHash,
  WireFrame,
} from '../../shared/protocol/schemas.js';

/*
 * docs/protocol-vectors.json (made by scripts/protocol-vectors.ts) against the code:
 * every stored value is recomputed from the stored inputs with shared/crypto, so any
 * change to a label, an encoding, a derivation (the resume key and the re-key proofs
 * included), the padding or the word list fails here. A second block recomputes the
 * same values from libsodium primitives following docs/PROTOCOL.md step by step, so
 * the document cannot drift from the code either; the first vector's values quoted in
 * PROTOCOL.md are checked against the file. The sealed hand-over note is checked to
 * open with the stored key (and with no other), and its bytes are rebuilt from the
 * primitives as PROTOCOL.md lays them out.
 */

const Hex = z.string().regex(/^([0-9a-f]{2})*$/);
const Frame = z.object({
  from: Sender,
  n: z.number().int(),
  chainKeyBefore: Hex,
  messageKey: Hex,
  chainKeyAfter: Hex,
  plaintext: z.string(),
  plaintextLength: z.number().int(),
  paddedLength: z.number().int(),
  associatedData: z.string(),
  associatedDataHex: Hex,
  nonce: Hex,
  ciphertext: Hex,
  wire: WireFrame,
});
/** Server → client payloads: the clients do not parse them, so the shapes are written here. */
const Started = z
  .object({
    chatId: z.string(),
    epoch: z.number().int(),
    counsellorKey: z.string(),
    counsellorAlias: z.string(),
    proof: z.string().optional(),
  })
  .strict();
const Rekey = z
  .object({
    chatId: z.string(),
    epoch: z.number().int(),
    commitment: z.string(),
    proof: z.string().optional(),
  })
  .strict();
const Accepted = z
  .object({
    chatId: z.string(),
    epoch: z.number().int(),
    route: z.string(),
    commitment: z.string(),
    waitedSeconds: z.number(),
    resumeHash: z.string(),
  })
  .strict();
const Resumed = z
  .object({
    epoch: z.number().int(),
    route: z.string(),
    resumeToken: z.string(),
    status: z.enum(['queued', 'rekeying', 'active']),
    counsellorAlias: z.string().optional(),
  })
  .strict();
const Secret = z.object({ chatId: z.string(), epoch: z.number().int(), key: z.string() });
const ProofValue = z.object({ input: Hex, proof: Hex, base64url: z.string() });
const WordList = z.object({
  source: z.string(),
  count: z.number(),
  sha256OfWordsJoinedByNewline: Hex,
  words: z.array(z.string()),
});
const Vector = z.object({
  name: z.string(),
  scenario: z.string(),
  inputs: z.object({
    visitorSeed: Hex,
    counsellorSeed: Hex,
    chatId: z.string(),
    epoch: z.number().int(),
    frames: z.array(z.object({ from: Sender, content: ChatContent, nonce: Hex })),
  }),
  keys: z.object({
    visitor: z.object({ privateKey: Hex, publicKey: Hex }),
    counsellor: z.object({ privateKey: Hex, publicKey: Hex }),
  }),
  commitment: z.object({ input: Hex, hash: Hex, base64url: z.string() }),
  transcript: z.object({ input: Hex, hash: Hex }),
  kx: z.object({ visitorRx: Hex, visitorTx: Hex, counsellorRx: Hex, counsellorTx: Hex }),
  chainKeys: z.object({
    visitorToCounsellorInput: Hex,
    visitorToCounsellor: Hex,
    counsellorToVisitorInput: Hex,
    counsellorToVisitor: Hex,
  }),
  safety: z.object({
    input: Hex,
    hash: Hex,
    indices: z.array(z.number().int()),
    words: z.array(z.string()),
    wordsByLanguage: z.record(Language, z.array(z.string())),
  }),
  resumeKey: z.object({ input: Hex, key: Hex }),
  rekey: z
    .object({
      previousVector: z.string(),
      fromEpoch: z.number().int(),
      toEpoch: z.number().int(),
      resumeKey: Hex,
      secret: Secret,
      visitorProof: ProofValue,
      counsellorProof: ProofValue,
      'chat:commit': z.object({ chatId: z.string(), commitment: z.string(), proof: z.string() }),
      proofChecks: z.array(
        z.discriminatedUnion('side', [
          z.object({
            name: z.string(),
            side: z.literal('counsellor'),
            secret: Secret,
            'chat:rekey': Rekey,
            proven: z.boolean(),
          }),
          z.object({
            name: z.string(),
            side: z.literal('visitor'),
            secret: Secret,
            commitment: z.string(),
            'chat:started': Started,
            proven: z.boolean(),
          }),
        ]),
      ),
    })
    .optional(),
  messages: z.array(
    z.object({
      event: z.string(),
      from: z.enum(['visitor', 'counsellor', 'server']),
      to: z.enum(['visitor', 'counsellor', 'server']),
      payload: z.record(z.string(), z.unknown()),
      ack: z.record(z.string(), z.unknown()).optional(),
    }),
  ),
  frames: z.array(Frame),
  refusals: z.array(z.object({ name: z.string(), to: Sender, wire: WireFrame, error: z.string() })),
  handshakeRefusals: z.array(
    z.object({
      name: z.string(),
      side: Sender,
      'chat:key': z.optional(KeyReveal),
      'chat:started': Started.optional(),
      error: z.string(),
    }),
  ),
});
const Message = z.object({
  event: z.string(),
  from: z.enum(['visitor', 'counsellor', 'server']),
  to: z.enum(['visitor', 'counsellor', 'server']),
  payload: z.record(z.string(), z.unknown()),
  ack: z.unknown().optional(),
  who: z.string().optional(),
});
const HandoverNoteVector = z.object({
  scenario: z.string(),
  recipientSeed: Hex,
  recipient: z.object({ privateKey: Hex, publicKey: Hex, noteKey: z.string() }),
  typed: z.string(),
  note: z.string(),
  plaintext: Hex,
  plaintextLength: z.number().int(),
  ephemeralSeed: Hex,
  ephemeral: z.object({ privateKey: Hex, publicKey: Hex }),
  nonceInput: Hex,
  nonce: Hex,
  box: Hex,
  sealed: Hex,
  sealedLength: z.number().int(),
  sealedBase64url: z.string(),
  strangerSeed: Hex,
  strangerPublicKey: Hex,
  messages: z.array(Message),
});
const VectorFile = z.object({
  protocol: z.object({
    version: z.number(),
    padBlock: z.number(),
    maxSkip: z.number(),
    safetyWordCount: z.number(),
  }),
  wordList: WordList,
  displayWordLists: z.object({ en: WordList, ar: WordList, so: WordList, fi: WordList }),
  vectors: z.array(Vector).min(1),
  handoverNote: HandoverNoteVector,
});
type Vector = z.infer<typeof Vector>;

const root = new URL('../../', import.meta.url);
const parsed = parseJson(
  VectorFile,
  readFileSync(new URL('docs/protocol-vectors.json', root), 'utf8'),
);
if (!parsed.ok) throw new Error('docs/protocol-vectors.json does not match its schema');
const file = parsed.data;

const encoder = new TextEncoder();
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const bytes = (hexText: string) => new Uint8Array(Buffer.from(hexText, 'hex'));

function keyPairs(vector: Vector): Record<Sender, KeyPair> {
  const pair = (seed: string) => {
    const { publicKey, privateKey } = sodium.crypto_kx_seed_keypair(bytes(seed));
    return { publicKey, privateKey };
  };
  return {
    visitor: pair(vector.inputs.visitorSeed),
    counsellor: pair(vector.inputs.counsellorSeed),
  };
}

function handshakeOf(vector: Vector, keys: Record<Sender, KeyPair>): Handshake {
  return {
    chatId: vector.inputs.chatId,
    epoch: vector.inputs.epoch,
    commitment: commitToKey(keys.visitor.publicKey),
    visitorKey: keys.visitor.publicKey.slice(),
    counsellorKey: keys.counsellor.publicKey.slice(),
  };
}

function sessionsOf(vector: Vector): Record<Sender, Session> {
  const keys = keyPairs(vector);
  const handshake = handshakeOf(vector, keys);
  return {
    visitor: establishSession('visitor', keys.visitor, handshake),
    counsellor: establishSession('counsellor', keys.counsellor, handshake),
  };
}

/** Seals a vector's frames in order on `sessions`, each with its stored nonce. */
function sealAll(vector: Vector, sessions: Record<Sender, Session>) {
  return vector.inputs.frames.map(({ from, content, nonce }) => {
    const plaintext = encoder.encode(JSON.stringify(content));
    return seal(sessions[from], plaintext, bytes(nonce));
  });
}

const other = (side: Sender): Sender => (side === 'visitor' ? 'counsellor' : 'visitor');

type Party = Vector['messages'][number]['from'];

/** One stored handshake message, found by event and direction. */
function messageOf(vector: Vector, event: string, from: Party, to: Party) {
  const found = vector.messages.find(
    (message) => message.event === event && message.from === from && message.to === to,
  );
  if (!found) throw new Error(`${vector.name}: no ${event} from ${from} to ${to}`);
  return found;
}

/** Its payload, parsed with the schema the receiver uses (the server's, for client payloads). */
function payloadOf<T>(
  vector: Vector,
  event: string,
  from: Party,
  to: Party,
  schema: z.core.$ZodType<T>,
): T {
  return z.parse(schema, messageOf(vector, event, from, to).payload);
}

function vectorNamed(name: string): Vector {
  const found = file.vectors.find((vector) => vector.name === name);
  if (!found) throw new Error(`no vector named ${name}`);
  return found;
}

beforeAll(async () => {
  await readyCrypto();
});

describe('protocol vectors: constants and word list', () => {
  it('states the constants the code has', () => {
    expect(file.protocol).toEqual({
      version: PROTOCOL_VERSION,
      padBlock: PAD_BLOCK,
      maxSkip: MAX_SKIP,
      safetyWordCount: SAFETY_WORD_COUNT,
    });
  });

  it('carries the code’s 256 safety words, in order, with their hash', () => {
    expect(file.wordList.words).toEqual([...SAFETY_WORDS]);
    expect(file.wordList.count).toBe(256);
    expect(new Set(SAFETY_WORDS).size).toBe(256);
    const digest = createHash('sha256').update(SAFETY_WORDS.join('\n')).digest('hex');
    expect(digest).toBe(file.wordList.sha256OfWordsJoinedByNewline);
  });

  it('carries the English, Arabic, Somali and Finnish display lists, in order, with their hashes', () => {
    for (const lang of ['en', 'ar', 'so', 'fi'] as const) {
      const list = SAFETY_WORD_LISTS[lang];
      const stored = file.displayWordLists[lang];
      expect(stored.source).toBe(`shared/crypto/wordlist-${lang}.ts`);
      expect(stored.words).toEqual([...list]);
      expect(stored.count).toBe(256);
      const digest = createHash('sha256').update(list.join('\n')).digest('hex');
      expect(digest).toBe(stored.sha256OfWordsJoinedByNewline);
    }
  });

  it.each([
    ['safety-words', 'sv'],
    ['safety-words-en', 'en'],
    ['safety-words-ar', 'ar'],
    ['safety-words-so', 'so'],
    ['safety-words-fi', 'fi'],
  ] as const)('has the same word list in PROTOCOL.md (%s)', (marker, lang) => {
    const doc = readFileSync(new URL('docs/PROTOCOL.md', root), 'utf8');
    const block = new RegExp(
      `<!-- ${marker}:start -->\\s*\`\`\`text\\n([\\s\\S]*?)\`\`\`\\s*<!-- ${marker}:end -->`,
    ).exec(doc);
    expect(block).not.toBeNull();
    const rows = (block?.[1] ?? '').trim().split('\n');
    expect(rows).toHaveLength(16);
    const words = rows.flatMap((row, index) => {
      const [prefix, ...rest] = row.trim().split(/\s+/);
      expect(prefix).toBe(`0x${(index * 16).toString(16).padStart(2, '0')}`);
      return rest;
    });
    expect(words).toEqual([...SAFETY_WORD_LISTS[lang]]);
  });
});

describe('protocol vectors: what PROTOCOL.md quotes', () => {
  const doc = readFileSync(new URL('docs/PROTOCOL.md', root), 'utf8');

  it('names the version the code speaks', () => {
    expect(doc.split('\n')[0]).toBe(`# Jourchatt end-to-end protocol, version ${PROTOCOL_VERSION}`);
  });

  it('quotes the vectors’ values as the file has them', () => {
    const [first, rekeyed] = file.vectors;
    if (!first || !rekeyed?.rekey) throw new Error('expected a first handshake and a re-key');
    const expected: Record<string, string | undefined> = {
      pkV: first.keys.visitor.publicKey,
      pkC: first.keys.counsellor.publicKey,
      commitment: first.commitment.hash,
      transcript: first.transcript.hash,
      'CK visitor→counsellor': first.chainKeys.visitorToCounsellor,
      'CK counsellor→visitor': first.chainKeys.counsellorToVisitor,
      'first message key': first.frames[0]?.messageKey,
      'safety hash': first.safety.hash,
      'resume key (epoch 0)': first.resumeKey.key,
      'visitor proof (0 → 12)': rekeyed.rekey.visitorProof.proof,
      'counsellor proof (0 → 12)': rekeyed.rekey.counsellorProof.proof,
      'note recipient pk': file.handoverNote.recipient.publicKey,
      'note ephemeral pk': file.handoverNote.ephemeral.publicKey,
    };
    const block = /<!-- vectors:start -->([\s\S]*?)<!-- vectors:end -->/.exec(doc)?.[1] ?? '';
    const quoted: Record<string, string | undefined> = {};
    for (const row of block.matchAll(/^\|\s*(.+?)\s*\|\s*`([0-9a-f]{64})`\s*\|$/gm)) {
      quoted[row[1] ?? ''] = row[2];
    }
    expect(quoted).toEqual(expected);
    expect(block).toContain(`→ ${first.safety.words.join(' ')}`);
    for (const lang of ['en', 'ar', 'so', 'fi'] as const) {
      expect(block).toContain(first.safety.wordsByLanguage[lang]?.join(' '));
    }
  });
});

describe.each(file.vectors.map((vector) => [vector.name, vector] as const))(
  'protocol vector: %s',
  (_name, vector) => {
    it('derives the key pairs from the seeds', () => {
      const keys = keyPairs(vector);
      expect(hex(keys.visitor.publicKey)).toBe(vector.keys.visitor.publicKey);
      expect(hex(keys.visitor.privateKey)).toBe(vector.keys.visitor.privateKey);
      expect(hex(keys.counsellor.publicKey)).toBe(vector.keys.counsellor.publicKey);
      expect(hex(keys.counsellor.privateKey)).toBe(vector.keys.counsellor.privateKey);
    });

    it('computes the commitment and the transcript hash', () => {
      const keys = keyPairs(vector);
      const commitment = commitToKey(keys.visitor.publicKey);
      expect(hex(commitment)).toBe(vector.commitment.hash);
      expect(sodium.to_base64(commitment)).toBe(vector.commitment.base64url);
      expect(keyMatchesCommitment(keys.visitor.publicKey, commitment)).toBe(true);
      expect(keyMatchesCommitment(keys.counsellor.publicKey, commitment)).toBe(false);
      expect(hex(transcriptHash(handshakeOf(vector, keys)))).toBe(vector.transcript.hash);
    });

    it('establishes both sessions: transcript, chain keys, safety words', () => {
      const { visitor, counsellor } = sessionsOf(vector);
      for (const session of [visitor, counsellor]) {
        expect(hex(session.transcriptHash)).toBe(vector.transcript.hash);
        expect(session.safetyWords).toEqual(vector.safety.words);
        expect(session.safetyIndices).toEqual(vector.safety.indices);
        for (const lang of LANGUAGES) {
          expect(safetyWordsIn(lang, session.safetyIndices)).toEqual(
            vector.safety.wordsByLanguage[lang],
          );
        }
        expect(session.chatId).toBe(vector.inputs.chatId);
        expect(session.epoch).toBe(vector.inputs.epoch);
      }
      expect(hex(visitor.send.key)).toBe(vector.chainKeys.visitorToCounsellor);
      expect(hex(counsellor.receive.key)).toBe(vector.chainKeys.visitorToCounsellor);
      expect(hex(counsellor.send.key)).toBe(vector.chainKeys.counsellorToVisitor);
      expect(hex(visitor.receive.key)).toBe(vector.chainKeys.counsellorToVisitor);
      expect(vector.safety.words).toHaveLength(SAFETY_WORD_COUNT);
      // Every handshake leaves both sides the same resume key, unlike any other key.
      expect(hex(visitor.resumeKey)).toBe(vector.resumeKey.key);
      expect(hex(counsellor.resumeKey)).toBe(vector.resumeKey.key);
      expect(
        [visitor.send.key, visitor.receive.key, visitor.transcriptHash].map(hex),
      ).not.toContain(vector.resumeKey.key);
    });

    it('runs the handshake from its wire messages, in their order, through the chat API', () => {
      const { chatId, epoch } = vector.inputs;
      const commitment = vector.commitment.base64url;
      const order = vector.messages.map(({ event, from, to }) => `${from} → ${to} ${event}`);
      if (vector.rekey) {
        // A re-key: the widget's fresh commitment and its proof, relayed to the console.
        expect(order.slice(0, 2)).toEqual([
          'visitor → server chat:resume',
          'server → counsellor chat:rekey',
        ]);
        const resume = payloadOf(vector, 'chat:resume', 'visitor', 'server', ChatResume);
        expect(resume.chatId).toBe(chatId);
        expect(resume.commitment).toBe(commitment);
        expect(resume.proof).toBe(vector.rekey.visitorProof.base64url);
        const resumed = Resumed.parse(messageOf(vector, 'chat:resume', 'visitor', 'server').ack);
        expect(resumed.status).toBe('rekeying');
        expect(resumed.epoch).toBe(epoch);
        // The token is good once: the widget chose the next one and the ack confirms it.
        expect(resumed.resumeToken).not.toBe(resume.token);
        expect(resume.next).toBeDefined();
        expect(resumed.resumeToken).toBe(resume.next);
        const rekey = payloadOf(vector, 'chat:rekey', 'server', 'counsellor', Rekey);
        expect(rekey).toEqual({ chatId, epoch, commitment, proof: resume.proof });
        expect(ChatCommit.parse(vector.rekey['chat:commit'])).toEqual({
          chatId,
          commitment,
          proof: resume.proof,
        });
      } else {
        // The first handshake: accept is a claim; the console learns chatId, epoch and
        // commitment from its ack before it makes a key.
        expect(order.slice(0, 2)).toEqual([
          'visitor → server queue:join',
          'counsellor → server queue:accept',
        ]);
        const join = payloadOf(vector, 'queue:join', 'visitor', 'server', QueueJoin);
        expect(join.commitment).toBe(commitment);
        expect(payloadOf(vector, 'queue:accept', 'counsellor', 'server', QueueAccept)).toEqual({});
        const accepted = Accepted.parse(
          messageOf(vector, 'queue:accept', 'counsellor', 'server').ack,
        );
        expect(accepted).toMatchObject({ chatId, epoch, commitment });
        // The console is told the hash of the visitor's token (its text), never the token.
        const joined = messageOf(vector, 'queue:join', 'visitor', 'server').ack;
        const { resumeToken } = z.object({ resumeToken: z.string() }).parse(joined);
        expect(TokenHash.parse(accepted.resumeHash)).toBe(
          createHash('sha256').update(resumeToken, 'utf8').digest('base64url'),
        );
      }
      expect(order.slice(2)).toEqual([
        'counsellor → server chat:rekey',
        'server → visitor chat:started',
        'visitor → server chat:key',
        'server → counsellor chat:key',
      ]);

      const offer = payloadOf(vector, 'chat:rekey', 'counsellor', 'server', RekeyOffer);
      const secret = vector.rekey?.secret;
      expect(makeOffer(keyPairs(vector).counsellor, { chatId, epoch, commitment }, secret)).toEqual(
        offer,
      );
      expect(offer.proof).toBe(vector.rekey?.counsellorProof.base64url);
      const started = payloadOf(vector, 'chat:started', 'server', 'visitor', Started);
      expect(started).toEqual({
        chatId,
        epoch,
        counsellorKey: offer.publicKey,
        counsellorAlias: started.counsellorAlias,
        ...(offer.proof && { proof: offer.proof }),
      });

      const keys = keyPairs(vector);
      const visitorSide = completeVisitorHandshake({ keyPair: keys.visitor, commitment }, started);
      const reveal = payloadOf(vector, 'chat:key', 'visitor', 'server', KeyReveal);
      expect(visitorSide.reveal).toEqual(reveal);
      expect(payloadOf(vector, 'chat:key', 'server', 'counsellor', KeyReveal)).toEqual(reveal);
      expect(visitorSide.session.safetyWords).toEqual(vector.safety.words);
      const counsellorSide = completeCounsellorHandshake(
        keys.counsellor,
        { chatId, epoch, commitment },
        reveal,
      );
      expect(counsellorSide.safetyWords).toEqual(vector.safety.words);
      expect(hex(counsellorSide.receive.key)).toBe(vector.chainKeys.visitorToCounsellor);
      expect(hex(visitorSide.session.resumeKey)).toBe(vector.resumeKey.key);
      expect(hex(counsellorSide.resumeKey)).toBe(vector.resumeKey.key);
    });

    it.runIf(vector.rekey !== undefined)(
      "makes both re-key proofs with the previous epoch's resume key",
      () => {
        const rekey = vector.rekey;
        if (!rekey) return;
        const { chatId, epoch } = vector.inputs;
        const previous = vectorNamed(rekey.previousVector);
        // The resume key both sides kept from the previous vector's handshake.
        expect(rekey.resumeKey).toBe(previous.resumeKey.key);
        expect(hex(sessionsOf(previous).visitor.resumeKey)).toBe(rekey.resumeKey);
        expect(rekey.fromEpoch).toBe(previous.inputs.epoch);
        expect(rekey.toEpoch).toBe(epoch);
        expect(rekey.secret).toEqual({
          chatId,
          epoch: rekey.fromEpoch,
          key: sodium.to_base64(bytes(rekey.resumeKey)),
        });

        const commitment = bytes(vector.commitment.hash);
        const visitorProof = rekeyProof(bytes(rekey.resumeKey), 'visitor', {
          chatId,
          fromEpoch: rekey.fromEpoch,
          commitment,
        });
        expect(hex(visitorProof)).toBe(rekey.visitorProof.proof);
        expect(proveCommitment(rekey.secret, vector.commitment.base64url)).toBe(
          rekey.visitorProof.base64url,
        );
        const counsellorProof = rekeyProof(bytes(rekey.resumeKey), 'counsellor', {
          chatId,
          fromEpoch: rekey.fromEpoch,
          commitment,
          toEpoch: epoch,
          counsellorKey: bytes(vector.keys.counsellor.publicKey),
        });
        expect(hex(counsellorProof)).toBe(rekey.counsellorProof.proof);
        expect(sodium.to_base64(counsellorProof)).toBe(rekey.counsellorProof.base64url);
      },
    );

    it.runIf(vector.rekey !== undefined)('gives every stored proof check its stored answer', () => {
      const checks = vector.rekey?.proofChecks ?? [];
      expect(checks.filter((check) => check.proven)).toHaveLength(2);
      for (const check of checks) {
        const proven =
          check.side === 'counsellor'
            ? commitmentProven(check.secret, check['chat:rekey'])
            : offerProven(check.secret, check.commitment, check['chat:started']);
        expect(proven, check.name).toBe(check.proven);
      }
    });

    it('seals every frame to the stored bytes, and the peer opens it', () => {
      const sessions = sessionsOf(vector);
      vector.inputs.frames.forEach(({ from, content, nonce }, index) => {
        const expected = vector.frames[index];
        if (!expected) throw new Error(`no stored output for frame ${index}`);
        const plaintext = JSON.stringify(content);
        expect(plaintext).toBe(expected.plaintext);
        const sealed = seal(sessions[from], encoder.encode(plaintext), bytes(nonce));
        expect(sealed.header.n).toBe(expected.n);
        expect(hex(sealed.ciphertext)).toBe(expected.ciphertext);
        expect(hex(headerBytes(sealed.header))).toBe(expected.associatedDataHex);
        expect(new TextDecoder().decode(headerBytes(sealed.header))).toBe(expected.associatedData);
        expect(toWire(sealed)).toEqual(expected.wire);
        expect(hex(sessions[from].send.key)).toBe(expected.chainKeyAfter);
        expect(openFrame(sessions[other(from)], expected.wire)).toEqual(content);
      });
    });

    it('refuses each stored bad frame with the stored error', () => {
      const sessions = sessionsOf(vector);
      for (const [index, sealed] of sealAll(vector, sessions).entries()) {
        const from = vector.inputs.frames[index]?.from ?? 'visitor';
        openFrame(sessions[other(from)], toWire(sealed));
      }
      for (const refusal of vector.refusals) {
        expect(
          codeOf(() => openFrame(sessions[refusal.to], refusal.wire)),
          refusal.name,
        ).toBe(refusal.error);
      }
    });

    it('refuses each stored bad handshake message with the stored error', () => {
      const commitment = vector.commitment.base64url;
      const reveal = payloadOf(vector, 'chat:key', 'visitor', 'server', KeyReveal);
      const started = payloadOf(vector, 'chat:started', 'server', 'visitor', Started);
      for (const refusal of vector.handshakeRefusals) {
        const keys = keyPairs(vector);
        const code =
          refusal.side === 'counsellor'
            ? codeOf(() =>
                completeCounsellorHandshake(
                  keys.counsellor,
                  {
                    chatId: vector.inputs.chatId,
                    epoch: vector.inputs.epoch,
                    commitment,
                  },
                  refusal['chat:key'] ?? reveal,
                ),
              )
            : codeOf(() =>
                completeVisitorHandshake(
                  { keyPair: keys.visitor, commitment },
                  refusal['chat:started'] ?? started,
                ),
              );
        expect(code, refusal.name).toBe(refusal.error);
      }
    });

    describe('the same values from libsodium primitives, as PROTOCOL.md describes them', () => {
      /** PROTOCOL.md "Labelled, length-prefixed fields": u32be(len) || bytes, label first. */
      function fields(label: string, parts: readonly Uint8Array[]): Uint8Array {
        const all = [encoder.encode(label), ...parts];
        const chunks = all.flatMap((part) => {
          const length = Buffer.alloc(4);
          length.writeUInt32BE(part.length);
          return [length, Buffer.from(part)];
        });
        return new Uint8Array(Buffer.concat(chunks));
      }
      const blake2b256 = (message: Uint8Array, key: Uint8Array | null = null) =>
        sodium.crypto_generichash(32, message, key);

      it('key pairs: private key = BLAKE2b-256(seed), public key = X25519 base point', () => {
        const secret = blake2b256(bytes(vector.inputs.visitorSeed));
        expect(hex(secret)).toBe(vector.keys.visitor.privateKey);
        expect(hex(sodium.crypto_scalarmult_base(secret))).toBe(vector.keys.visitor.publicKey);
      });

      it('commitment, transcript and safety words', () => {
        const visitorKey = bytes(vector.keys.visitor.publicKey);
        const commitInput = fields('jourchatt/v2/commit', [visitorKey]);
        expect(hex(commitInput)).toBe(vector.commitment.input);
        expect(hex(blake2b256(commitInput))).toBe(vector.commitment.hash);

        const transcriptInput = fields('jourchatt/v2/transcript', [
          encoder.encode(vector.inputs.chatId),
          encoder.encode(String(vector.inputs.epoch)),
          bytes(vector.commitment.hash),
          visitorKey,
          bytes(vector.keys.counsellor.publicKey),
        ]);
        expect(hex(transcriptInput)).toBe(vector.transcript.input);
        expect(hex(blake2b256(transcriptInput))).toBe(vector.transcript.hash);

        const safetyInput = fields('jourchatt/v2/safety', [bytes(vector.transcript.hash)]);
        expect(hex(safetyInput)).toBe(vector.safety.input);
        const safetyHash = blake2b256(safetyInput);
        expect(hex(safetyHash)).toBe(vector.safety.hash);
        const indices = [...safetyHash.subarray(0, 4)];
        expect(indices).toEqual(vector.safety.indices);
        expect(indices.map((i) => file.wordList.words[i])).toEqual(vector.safety.words);
        expect(vector.safety.wordsByLanguage.sv).toEqual(vector.safety.words);
        // Lättläst shows the Swedish list.
        expect(vector.safety.wordsByLanguage['sv-x-easy']).toEqual(vector.safety.words);
        for (const lang of ['en', 'ar', 'so', 'fi'] as const) {
          const list = file.displayWordLists[lang].words;
          expect(indices.map((i) => list[i])).toEqual(vector.safety.wordsByLanguage[lang]);
        }
      });

      it('kx session keys: BLAKE2b-512(X25519 shared point || client pk || server pk)', () => {
        const visitorKey = bytes(vector.keys.visitor.publicKey);
        const counsellorKey = bytes(vector.keys.counsellor.publicKey);
        const shared = sodium.crypto_scalarmult(
          bytes(vector.keys.visitor.privateKey),
          counsellorKey,
        );
        const both = createHash('blake2b512')
          .update(shared)
          .update(visitorKey)
          .update(counsellorKey)
          .digest();
        const first = hex(both.subarray(0, 32));
        const second = hex(both.subarray(32));
        expect([vector.kx.visitorRx, vector.kx.visitorTx]).toEqual([first, second]);
        expect([vector.kx.counsellorTx, vector.kx.counsellorRx]).toEqual([first, second]);
      });

      it('chain keys: BLAKE2b-256 keyed with the sender’s tx key over the labelled transcript', () => {
        const transcript = bytes(vector.transcript.hash);
        const v2cInput = fields('jourchatt/v2/chain/visitor', [transcript]);
        const c2vInput = fields('jourchatt/v2/chain/counsellor', [transcript]);
        expect(hex(v2cInput)).toBe(vector.chainKeys.visitorToCounsellorInput);
        expect(hex(c2vInput)).toBe(vector.chainKeys.counsellorToVisitorInput);
        expect(hex(blake2b256(v2cInput, bytes(vector.kx.visitorTx)))).toBe(
          vector.chainKeys.visitorToCounsellor,
        );
        expect(hex(blake2b256(c2vInput, bytes(vector.kx.counsellorTx)))).toBe(
          vector.chainKeys.counsellorToVisitor,
        );
      });

      it('resume key: BLAKE2b-256 keyed with the visitor → counsellor kx key over the labelled transcript', () => {
        const input = fields('jourchatt/v2/resume', [bytes(vector.transcript.hash)]);
        expect(hex(input)).toBe(vector.resumeKey.input);
        // The visitor's tx key is the counsellor's rx key: both sides compute the same.
        expect(vector.kx.visitorTx).toBe(vector.kx.counsellorRx);
        expect(hex(blake2b256(input, bytes(vector.kx.visitorTx)))).toBe(vector.resumeKey.key);
      });

      it.runIf(vector.rekey !== undefined)(
        're-key proofs: BLAKE2b-256 keyed with the resume key over the labelled claim',
        () => {
          const rekey = vector.rekey;
          if (!rekey) return;
          const key = bytes(rekey.resumeKey);
          const common = [
            encoder.encode(vector.inputs.chatId),
            encoder.encode(String(rekey.fromEpoch)),
            bytes(vector.commitment.hash),
          ];
          const visitorInput = fields('jourchatt/v2/proof/visitor', common);
          expect(hex(visitorInput)).toBe(rekey.visitorProof.input);
          const visitorProof = blake2b256(visitorInput, key);
          expect(hex(visitorProof)).toBe(rekey.visitorProof.proof);
          expect(Buffer.from(visitorProof).toString('base64url')).toBe(
            rekey.visitorProof.base64url,
          );
          const counsellorInput = fields('jourchatt/v2/proof/counsellor', [
            ...common,
            encoder.encode(String(rekey.toEpoch)),
            bytes(vector.keys.counsellor.publicKey),
          ]);
          expect(hex(counsellorInput)).toBe(rekey.counsellorProof.input);
          const counsellorProof = blake2b256(counsellorInput, key);
          expect(hex(counsellorProof)).toBe(rekey.counsellorProof.proof);
          expect(Buffer.from(counsellorProof).toString('base64url')).toBe(
            rekey.counsellorProof.base64url,
          );
        },
      );

      it('ratchet, header, padding and AEAD for every frame', () => {
        const chains: Record<Sender, string> = {
          visitor: vector.chainKeys.visitorToCounsellor,
          counsellor: vector.chainKeys.counsellorToVisitor,
        };
        const counters: Record<Sender, number> = { visitor: 0, counsellor: 0 };
        vector.frames.forEach((frame, index) => {
          const input = vector.inputs.frames[index];
          if (!input) throw new Error(`no input for frame ${index}`);
          // Ratchet step: message key id 1 "jcmsgkey", next chain key id 2 "jcchain_".
          expect(frame.chainKeyBefore).toBe(chains[frame.from]);
          const chainKey = bytes(chains[frame.from]);
          const messageKey = sodium.crypto_kdf_derive_from_key(32, 1, 'jcmsgkey', chainKey);
          const nextChainKey = sodium.crypto_kdf_derive_from_key(32, 2, 'jcchain_', chainKey);
          expect(hex(messageKey)).toBe(frame.messageKey);
          expect(hex(nextChainKey)).toBe(frame.chainKeyAfter);
          chains[frame.from] = frame.chainKeyAfter;
          expect(frame.n).toBe(counters[frame.from]);
          counters[frame.from] += 1;

          // Associated data: the JSON array of the header.
          const header = [
            'jourchatt',
            2,
            vector.inputs.chatId,
            vector.inputs.epoch,
            frame.from,
            frame.n,
          ];
          const ad = encoder.encode(JSON.stringify(header));
          expect(hex(ad)).toBe(frame.associatedDataHex);

          // Plaintext: the content's JSON, padded ISO/IEC 7816-4 to a multiple of 256.
          const plaintext = encoder.encode(JSON.stringify(input.content));
          expect(plaintext.length).toBe(frame.plaintextLength);
          const paddedLength = (Math.floor(plaintext.length / 256) + 1) * 256;
          expect(paddedLength).toBe(frame.paddedLength);
          const padded = new Uint8Array(paddedLength);
          padded.set(plaintext);
          padded[plaintext.length] = 0x80;

          const nonce = bytes(input.nonce);
          const ciphertext = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
            padded,
            ad,
            null,
            nonce,
            messageKey,
          );
          expect(hex(ciphertext)).toBe(frame.ciphertext);
          expect(ciphertext.length).toBe(paddedLength + 16);

          // The wire frame: the header's fields, then base64url (no padding) nonce and ct.
          expect(frame.wire).toEqual({
            v: 2,
            chatId: vector.inputs.chatId,
            epoch: vector.inputs.epoch,
            sender: frame.from,
            n: frame.n,
            nonce: Buffer.from(nonce).toString('base64url'),
            ct: Buffer.from(ciphertext).toString('base64url'),
          });
        });
      });
    });
  },
);

describe('protocol vector: the sealed hand-over note', () => {
  const vector = file.handoverNote;
  /** A note key pair as the console holds it, from a seed (crypto_box_keypair in the product). */
  const noteKeysOf = (seed: string): NoteKeys => {
    const { publicKey, privateKey } = sodium.crypto_box_seed_keypair(bytes(seed));
    return { publicKey: sodium.to_base64(publicKey), privateKey, rawPublicKey: publicKey };
  };
  const messageOfNote = (event: string) => {
    const found = vector.messages.find((message) => message.event === event);
    if (!found) throw new Error(`the note vector has no ${event}`);
    return found;
  };

  it('derives the recipient key pair from its seed: sk = SHA-512(seed)[0..32), pk = X25519(sk, 9)', () => {
    const keys = noteKeysOf(vector.recipientSeed);
    expect(hex(keys.privateKey)).toBe(vector.recipient.privateKey);
    expect(hex(keys.rawPublicKey)).toBe(vector.recipient.publicKey);
    expect(keys.publicKey).toBe(vector.recipient.noteKey);
    const secret = createHash('sha512')
      .update(bytes(vector.recipientSeed))
      .digest()
      .subarray(0, 32);
    expect(hex(secret)).toBe(vector.recipient.privateKey);
    expect(hex(sodium.crypto_scalarmult_base(secret))).toBe(vector.recipient.publicKey);
  });

  it('seals the trimmed note as UTF-8, at most 300 characters', () => {
    expect(vector.note).toBe(vector.typed.trim());
    expect(vector.note.length).toBeLessThanOrEqual(300);
    expect(hex(encoder.encode(vector.note))).toBe(vector.plaintext);
    expect(bytes(vector.plaintext).length).toBe(vector.plaintextLength);
  });

  it('opens with the stored key to the stored note', () => {
    const keys = noteKeysOf(vector.recipientSeed);
    expect(openNote(vector.sealedBase64url, keys)).toBe(vector.note);
    const opened = sodium.crypto_box_seal_open(
      bytes(vector.sealed),
      keys.rawPublicKey,
      keys.privateKey,
    );
    expect(hex(opened)).toBe(vector.plaintext);
  });

  it('does not open with another key, nor altered', () => {
    const stranger = noteKeysOf(vector.strangerSeed);
    expect(hex(stranger.rawPublicKey)).toBe(vector.strangerPublicKey);
    expect(openNote(vector.sealedBase64url, stranger)).toBeUndefined();
    expect(() =>
      sodium.crypto_box_seal_open(bytes(vector.sealed), stranger.rawPublicKey, stranger.privateKey),
    ).toThrow();
    // The right private key with another public key: the nonce no longer matches.
    const keys = noteKeysOf(vector.recipientSeed);
    expect(
      openNote(vector.sealedBase64url, { ...keys, rawPublicKey: stranger.rawPublicKey }),
    ).toBeUndefined();
    const flipped = bytes(vector.sealed);
    flipped[flipped.length - 1] = (flipped[flipped.length - 1] ?? 0) ^ 0x01;
    expect(openNote(sodium.to_base64(flipped), keys)).toBeUndefined();
  });

  it('is ephemeral pk || box, nonce = BLAKE2b-192(epk || rpk), box = crypto_box_easy', () => {
    const ephemeralSecret = createHash('sha512')
      .update(bytes(vector.ephemeralSeed))
      .digest()
      .subarray(0, 32);
    expect(hex(ephemeralSecret)).toBe(vector.ephemeral.privateKey);
    const ephemeralKey = sodium.crypto_scalarmult_base(ephemeralSecret);
    expect(hex(ephemeralKey)).toBe(vector.ephemeral.publicKey);
    const recipientKey = bytes(vector.recipient.publicKey);
    const nonceInput = new Uint8Array([...ephemeralKey, ...recipientKey]);
    expect(hex(nonceInput)).toBe(vector.nonceInput);
    const nonce = sodium.crypto_generichash(24, nonceInput, null);
    expect(hex(nonce)).toBe(vector.nonce);
    const plaintext = bytes(vector.plaintext);
    const box = sodium.crypto_box_easy(plaintext, nonce, recipientKey, ephemeralSecret);
    expect(hex(box)).toBe(vector.box);
    expect(box.length).toBe(16 + plaintext.length);
    expect(vector.sealed).toBe(vector.ephemeral.publicKey + vector.box);
    expect(vector.sealedLength).toBe(32 + 16 + vector.plaintextLength);
    expect(bytes(vector.sealed).length).toBe(vector.sealedLength);
    expect(Buffer.from(bytes(vector.sealed)).toString('base64url')).toBe(vector.sealedBase64url);
    // The recipient's side: crypto_box_open_easy with the ephemeral public key.
    const opened = sodium.crypto_box_open_easy(
      box,
      nonce,
      ephemeralKey,
      bytes(vector.recipient.privateKey),
    );
    expect(hex(opened)).toBe(vector.plaintext);
  });

  it('matches what sealNote makes: random each time, same length, same opening', () => {
    const keys = noteKeysOf(vector.recipientSeed);
    const first = sealNote(vector.note, keys.publicKey);
    const second = sealNote(vector.note, keys.publicKey);
    expect(first).not.toBe(second);
    expect(first).not.toBe(vector.sealedBase64url);
    for (const sealed of [first, second]) {
      expect(Buffer.from(sealed, 'base64url')).toHaveLength(vector.sealedLength);
      expect(openNote(sealed, keys)).toBe(vector.note);
    }
  });

  it('travels as PROTOCOL.md shows: the key with presence, one entry per reader', () => {
    const keys = noteKeysOf(vector.recipientSeed);
    const presence = PresenceSet.parse(messageOfNote('presence:set').payload);
    expect(presence.noteKey).toBe(keys.publicKey);
    const colleagues = z
      .array(z.object({ accountId: z.number(), noteKey: z.string() }).passthrough())
      .parse(messageOfNote('colleagues:list').ack);
    expect(colleagues.map((colleague) => colleague.noteKey)).toEqual([keys.publicKey]);
    const transfer = ChatTransfer.parse(messageOfNote('chat:transfer').payload);
    const reader = String(transfer.to);
    expect(transfer.notes).toEqual({ [reader]: vector.sealedBase64url });
    expect(colleagues[0]?.accountId).toBe(transfer.to);
    expect(SealedNote.safeParse(vector.sealedBase64url).success).toBe(true);
    // The clear note of before is refused.
    expect(
      ChatTransfer.safeParse({ chatId: transfer.chatId, to: transfer.to, note: vector.note })
        .success,
    ).toBe(false);
    const transferred = z
      .object({
        chatId: z.string(),
        rekey: z.literal(true),
        handover: z.object({ fromAlias: z.string(), sealedNote: z.string() }).strict(),
      })
      .passthrough()
      .parse(messageOfNote('chat:transferred').payload);
    expect(transferred.chatId).toBe(transfer.chatId);
    expect(transferred.handover.sealedNote).toBe(transfer.notes?.[reader]);
    expect(openNote(transferred.handover.sealedNote, keys)).toBe(vector.note);
  });
});
