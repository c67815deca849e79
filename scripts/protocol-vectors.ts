/*
 * Test vectors for Jourchatt protocol v2 (docs/PROTOCOL.md, section "Test vectors").
 *
 *   node --import tsx scripts/protocol-vectors.ts > docs/protocol-vectors.json
 *
 * Everything is computed from fixed inputs (seeds, chat id, epochs, message ids, nonces,
 * resume tokens) with the real functions of shared/crypto: commitToKey, transcriptHash,
 * establishSession (with its resume key), rekeyProof, seal (with its optional fixed
 * nonce), headerBytes, toWire and the chat-level functions (the handshake, makeOffer,
 * proveCommitment, commitmentProven, offerProven, sealNote, openNote). What the code
 * keeps internal (the length-prefixed inputs, the kx session keys, the message keys) is
 * computed here with the same libsodium calls written out, and checked against the real
 * functions' outputs before anything is printed: the script refuses to emit vectors it
 * cannot reproduce both ways. test/unit/protocol-vectors.test.ts checks the stored file
 * against shared/crypto.
 *
 * The sealed hand-over note is the one value the product makes with randomness the code
 * does not let a caller fix (crypto_box_seal draws its own ephemeral key pair). The
 * vector builds the same bytes from a fixed ephemeral seed, written out as libsodium's
 * crypto_box_seal does it, and checks that crypto_box_seal_open and the real openNote
 * open them; the test checks that they open with the stored key and not with another.
 *
 * The output is formatted with the project's Prettier settings, so `prettier --check`
 * passes on a freshly generated file.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { format, resolveConfig } from 'prettier';
import { b64, fields, hex } from './vector-encoding.js';
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
  type ResumeSecret,
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
  rekeyProof,
  seal,
  sessionLabel,
  transcriptHash,
  type Handshake,
  type KeyPair,
  type Session,
  type SessionContext,
} from '../shared/crypto/session.js';
import { completeJoinerMember, completeVisitorMember } from '../shared/crypto/member.js';
import { sodium } from '../shared/crypto/sodium.js';
import { SAFETY_WORD_LISTS, safetyWordsIn } from '../shared/crypto/safety-words.js';
import { SAFETY_WORDS } from '../shared/crypto/wordlist.js';
import {
  WHISPER_EPOCH,
  completeAskerWhisper,
  completeSupporterWhisper,
} from '../shared/crypto/whisper.js';
import {
  ChatTransfer,
  LANGUAGES,
  SealedNote,
  type ChatAccepted,
  type ChatContent,
  type ChatRekey,
  type ChatStarted,
  type Colleague,
  type PresenceSet,
  type RekeyOffer,
  type Sender,
  type WireFrame,
} from '../shared/protocol/schemas.js';

const encoder = new TextEncoder();
/** `length` bytes counting up from `start` (mod 256): fixed, recognisable inputs. */
const counting = (start: number, length: number) =>
  Uint8Array.from({ length }, (_, i) => (start + i) & 0xff);

const kdf = (id: number, context: string, key: Uint8Array) =>
  sodium.crypto_kdf_derive_from_key(32, id, context, key);
const dec = (n: number) => encoder.encode(String(n));

/** The counsellor's alias in every vector (the server adds it to `chat:started`). */
const ALIAS = 'Sam';
/** The visitor's route in every vector. */
const ROUTE = 'adult';

interface FrameInput {
  from: Sender;
  content: ChatContent;
  /** 24 bytes, hex. */
  nonce: string;
}

/** What both sides kept of their last keyed epoch, when this vector is a proven re-key. */
interface Previous {
  /** The vector whose handshake left it. */
  vector: string;
  epoch: number;
  resumeKey: Uint8Array;
  /** The resume token the widget holds from then (random in the product). */
  token: string;
  /**
   * The token the widget chooses for the next resume and sends as `next` (random in the
   * product); the server keeps its hash and answers it as `resumeToken`.
   */
  nextToken: string;
  /** The commitment of the previous epoch, to show a proof bound to another one. */
  commitment: string;
  /** The counsellor key of the previous epoch, to show a swapped key. */
  counsellorKey: Uint8Array;
}

interface VectorInput {
  name: string;
  scenario: string;
  visitorSeed: Uint8Array;
  counsellorSeed: Uint8Array;
  chatId: string;
  epoch: number;
  frames: FrameInput[];
  /** The resume token the server gives at `queue:join` (first handshake only). */
  joinToken?: string;
  previous?: Previous;
}

function seedPair(seed: Uint8Array): KeyPair {
  const { publicKey, privateKey } = sodium.crypto_kx_seed_keypair(seed);
  return { publicKey, privateKey };
}

const copyPair = (pair: KeyPair): KeyPair => ({
  publicKey: pair.publicKey.slice(),
  privateKey: pair.privateKey.slice(),
});

/** One wire message of the handshake, in the order it is sent. */
interface Message {
  event: string;
  from: 'visitor' | 'counsellor' | 'server';
  to: 'visitor' | 'counsellor' | 'server';
  payload: object;
  /** The ack's data, where it carries protocol values. */
  ack?: object;
}

/**
 * The re-key proofs of a vector that continues an earlier one: both written out from
 * the primitives and made with the real functions, and the checks each side runs.
 */
function rekeyProofs(
  input: VectorInput & { previous: Previous },
  commitment: Uint8Array,
  counsellor: KeyPair,
) {
  const { chatId, epoch, previous } = input;
  const commitmentB64 = b64(commitment);
  const secret: ResumeSecret = { chatId, epoch: previous.epoch, key: b64(previous.resumeKey) };

  const visitorInput = fields('jourchatt/v2/proof/visitor', [
    encoder.encode(chatId),
    dec(previous.epoch),
    commitment,
  ]);
  const visitorProof = sodium.crypto_generichash(32, visitorInput, previous.resumeKey);
  assert.deepEqual(
    rekeyProof(previous.resumeKey, 'visitor', { chatId, fromEpoch: previous.epoch, commitment }),
    visitorProof,
  );
  assert.equal(proveCommitment(secret, commitmentB64), b64(visitorProof));

  const counsellorInput = fields('jourchatt/v2/proof/counsellor', [
    encoder.encode(chatId),
    dec(previous.epoch),
    commitment,
    dec(epoch),
    counsellor.publicKey,
  ]);
  const counsellorProof = sodium.crypto_generichash(32, counsellorInput, previous.resumeKey);
  assert.deepEqual(
    rekeyProof(previous.resumeKey, 'counsellor', {
      chatId,
      fromEpoch: previous.epoch,
      commitment,
      toEpoch: epoch,
      counsellorKey: counsellor.publicKey,
    }),
    counsellorProof,
  );

  // The wire messages that carry them.
  const rekey: ChatRekey = { chatId, epoch, commitment: commitmentB64, proof: b64(visitorProof) };
  const offer = makeOffer(copyPair(counsellor), rekey, secret);
  assert.equal(offer.proof, b64(counsellorProof));
  const started: ChatStarted = {
    chatId,
    epoch,
    counsellorKey: offer.publicKey,
    counsellorAlias: ALIAS,
    proof: b64(counsellorProof),
  };
  assert.equal(commitmentProven(secret, rekey), true);
  assert.equal(offerProven(secret, commitmentB64, started), true);

  // What each side must not take as proven. The console checks `chat:rekey` with the
  // secret it holds; the widget checks `chat:started` with its secret and the
  // commitment it sent.
  const { proof: _dropped, ...unprovenRekey } = rekey;
  const { proof: _none, ...unprovenStarted } = started;
  const strangerKey = counting(0xe0, 32);
  const strangerProof = rekeyProof(strangerKey, 'visitor', {
    chatId,
    fromEpoch: previous.epoch,
    commitment,
  });
  const otherCommitmentOffer = makeOffer(
    copyPair(counsellor),
    { chatId, epoch, commitment: previous.commitment },
    secret,
  );
  const proofChecks = [
    {
      name: "the console holds the last epoch's secret: the visitor's proof holds",
      side: 'counsellor' as const,
      secret,
      'chat:rekey': rekey,
      proven: true,
    },
    {
      name: 'no proof (a stolen token, or a server inventing a reload)',
      side: 'counsellor' as const,
      secret,
      'chat:rekey': unprovenRekey,
      proven: false,
    },
    {
      name: 'a proof made with a key the console does not hold',
      side: 'counsellor' as const,
      secret,
      'chat:rekey': { ...rekey, proof: b64(strangerProof) },
      proven: false,
    },
    {
      name: "the visitor's proof moved to another commitment (the server's own)",
      side: 'counsellor' as const,
      secret,
      'chat:rekey': { ...rekey, commitment: previous.commitment },
      proven: false,
    },
    {
      name: 'the console last keyed another epoch than the one the proof claims',
      side: 'counsellor' as const,
      secret: { ...secret, epoch: previous.epoch + 1 },
      'chat:rekey': rekey,
      proven: false,
    },
    {
      name: "the counsellor's proof reflected as the visitor's",
      side: 'counsellor' as const,
      secret,
      'chat:rekey': { ...rekey, proof: b64(counsellorProof) },
      proven: false,
    },
    {
      name: "the widget holds the last epoch's secret: the counsellor's proof holds",
      side: 'visitor' as const,
      secret,
      commitment: commitmentB64,
      'chat:started': started,
      proven: true,
    },
    {
      name: 'no proof (a colleague taking over has none; after a console reload it is a warning)',
      side: 'visitor' as const,
      secret,
      commitment: commitmentB64,
      'chat:started': unprovenStarted,
      proven: false,
    },
    {
      name: "the counsellor's key swapped for another (the server's own)",
      side: 'visitor' as const,
      secret,
      commitment: commitmentB64,
      'chat:started': { ...started, counsellorKey: b64(previous.counsellorKey) },
      proven: false,
    },
    {
      name: 'the offer moved to another epoch',
      side: 'visitor' as const,
      secret,
      commitment: commitmentB64,
      'chat:started': { ...started, epoch: epoch + 1 },
      proven: false,
    },
    {
      name: 'the console was shown another commitment than the one the widget sent',
      side: 'visitor' as const,
      secret,
      commitment: commitmentB64,
      'chat:started': { ...started, proof: otherCommitmentOffer.proof },
      proven: false,
    },
    {
      name: "the visitor's own proof reflected as the counsellor's",
      side: 'visitor' as const,
      secret,
      commitment: commitmentB64,
      'chat:started': { ...started, proof: b64(visitorProof) },
      proven: false,
    },
  ];
  for (const check of proofChecks) {
    const proven =
      check.side === 'counsellor'
        ? commitmentProven(check.secret, check['chat:rekey'])
        : offerProven(check.secret, check.commitment, check['chat:started']);
    assert.equal(proven, check.proven, check.name);
  }

  return {
    section: {
      previousVector: previous.vector,
      fromEpoch: previous.epoch,
      toEpoch: epoch,
      resumeKey: hex(previous.resumeKey),
      secret,
      visitorProof: {
        input: hex(visitorInput),
        proof: hex(visitorProof),
        base64url: b64(visitorProof),
      },
      counsellorProof: {
        input: hex(counsellorInput),
        proof: hex(counsellorProof),
        base64url: b64(counsellorProof),
      },
      'chat:commit': { chatId, commitment: commitmentB64, proof: b64(visitorProof) },
      proofChecks,
    },
    rekey,
    offer,
    started,
  };
}

function vector(input: VectorInput) {
  const { chatId, epoch } = input;
  const visitor = seedPair(input.visitorSeed);
  const counsellor = seedPair(input.counsellorSeed);

  // Commitment and transcript: the real functions, and the written-out inputs.
  const commitInput = fields('jourchatt/v2/commit', [visitor.publicKey]);
  const commitment = commitToKey(visitor.publicKey);
  assert.deepEqual(sodium.crypto_generichash(32, commitInput, null), commitment);
  const handshake: Handshake = {
    chatId,
    epoch,
    commitment,
    visitorKey: visitor.publicKey,
    counsellorKey: counsellor.publicKey,
  };
  const transcriptInput = fields('jourchatt/v2/transcript', [
    encoder.encode(chatId),
    dec(epoch),
    commitment,
    visitor.publicKey,
    counsellor.publicKey,
  ]);
  const transcript = transcriptHash(handshake);
  assert.deepEqual(sodium.crypto_generichash(32, transcriptInput, null), transcript);

  const { visitorKx, counsellorKx } = kxSessionKeys(visitor, counsellor);
  assert.deepEqual(visitorKx.sharedTx, counsellorKx.sharedRx);
  assert.deepEqual(visitorKx.sharedRx, counsellorKx.sharedTx);
  const chainInput = (direction: Sender) => fields(`jourchatt/v2/chain/${direction}`, [transcript]);
  const v2c = sodium.crypto_generichash(32, chainInput('visitor'), visitorKx.sharedTx);
  const c2v = sodium.crypto_generichash(32, chainInput('counsellor'), counsellorKx.sharedTx);

  // The resume key: keyed with the visitor → counsellor kx key, which both sides have.
  const resumeInput = fields('jourchatt/v2/resume', [transcript]);
  const resumeKey = sodium.crypto_generichash(32, resumeInput, visitorKx.sharedTx);

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
  assert.deepEqual(sessions.visitor.resumeKey, resumeKey);
  assert.deepEqual(sessions.counsellor.resumeKey, resumeKey);

  const safetyInput = fields('jourchatt/v2/safety', [transcript]);
  const safetyHash = sodium.crypto_generichash(32, safetyInput, null);
  const indices = [...safetyHash.subarray(0, SAFETY_WORD_COUNT)];
  assert.deepEqual(
    indices.map((i) => SAFETY_WORDS[i]),
    sessions.visitor.safetyWords,
  );
  assert.deepEqual(sessions.visitor.safetyIndices, indices);
  assert.deepEqual(sessions.counsellor.safetyIndices, indices);

  // The wire messages of the handshake, in order, through the chat-level API.
  const commitmentB64 = sodium.to_base64(commitment);
  const proofs = input.previous
    ? rekeyProofs({ ...input, previous: input.previous }, commitment, counsellor)
    : undefined;
  const offer: RekeyOffer =
    proofs?.offer ?? makeOffer(copyPair(counsellor), { chatId, epoch, commitment: commitmentB64 });
  const started: ChatStarted = proofs?.started ?? {
    chatId,
    epoch,
    counsellorKey: offer.publicKey,
    counsellorAlias: ALIAS,
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
  assert.deepEqual(viaChat.session.resumeKey, resumeKey);
  assert.deepEqual(counsellorViaChat.resumeKey, resumeKey);
  closeSession(viaChat.session);
  closeSession(counsellorViaChat);

  const messages: Message[] = [];
  if (!input.previous) {
    assert.ok(input.joinToken, 'a first handshake starts with a join');
    const accepted: ChatAccepted = {
      chatId,
      epoch,
      route: ROUTE,
      commitment: commitmentB64,
      waitedSeconds: 0,
      // What the server keeps of the token, told to the console for `chats:resume` (§11).
      resumeHash: createHash('sha256').update(input.joinToken, 'utf8').digest('base64url'),
    };
    messages.push(
      {
        event: 'queue:join',
        from: 'visitor',
        to: 'server',
        payload: { route: ROUTE, commitment: commitmentB64 },
        ack: { chatId, position: 1, resumeToken: input.joinToken },
      },
      { event: 'queue:accept', from: 'counsellor', to: 'server', payload: {}, ack: accepted },
    );
  } else {
    const { previous } = input;
    messages.push(
      {
        event: 'chat:resume',
        from: 'visitor',
        to: 'server',
        payload: {
          chatId,
          token: previous.token,
          next: previous.nextToken,
          claim: { route: ROUTE, epoch: 0, queued: false },
          commitment: commitmentB64,
          proof: proofs?.rekey.proof,
        },
        ack: {
          epoch,
          route: ROUTE,
          resumeToken: previous.nextToken,
          status: 'rekeying',
          counsellorAlias: ALIAS,
        },
      },
      { event: 'chat:rekey', from: 'server', to: 'counsellor', payload: proofs?.rekey ?? {} },
    );
  }
  messages.push(
    { event: 'chat:rekey', from: 'counsellor', to: 'server', payload: offer },
    { event: 'chat:started', from: 'server', to: 'visitor', payload: started },
    { event: 'chat:key', from: 'visitor', to: 'server', payload: viaChat.reveal },
    { event: 'chat:key', from: 'server', to: 'counsellor', payload: viaChat.reveal },
  );

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
    assert.equal(
      new TextDecoder().decode(ad),
      JSON.stringify(['jourchatt', 2, chatId, epoch, frame.from, sealed.header.n]),
    );
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
    scenario: input.scenario,
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
      // Only the display differs by language: the same indices in each list.
      wordsByLanguage: Object.fromEntries(
        LANGUAGES.map((lang) => [lang, safetyWordsIn(lang, indices)]),
      ),
    },
    resumeKey: { input: hex(resumeInput), key: hex(resumeKey) },
    ...(proofs && { rekey: proofs.section }),
    messages,
    frames,
    refusals,
    handshakeRefusals,
  };
  closeSession(sessions.visitor);
  closeSession(sessions.counsellor);
  return {
    result,
    kept: { resumeKey, commitment: commitmentB64, counsellorKey: counsellor.publicKey.slice() },
  };
}

/** A note key pair from a fixed seed, as the console's NoteKeys (crypto_box_keypair in the product). */
function noteKeysOf(seed: Uint8Array): NoteKeys {
  const { publicKey, privateKey } = sodium.crypto_box_seed_keypair(seed);
  return { publicKey: b64(publicKey), privateKey, rawPublicKey: publicKey };
}

/**
 * A hand-over note sealed to a colleague's note key (PROTOCOL.md, "The sealed hand-over
 * note"): crypto_box_seal written out with a fixed ephemeral key pair, so the bytes can
 * be shown; the product's crypto_box_seal draws the ephemeral pair at random.
 */
function handoverNoteVector(chatId: string, epoch: number, commitment: string) {
  const recipientSeed = counting(0x80, 32);
  const ephemeralSeed = counting(0x90, 32);
  const strangerSeed = counting(0xb0, 32);
  const recipient = noteKeysOf(recipientSeed);
  const ephemeral = sodium.crypto_box_seed_keypair(ephemeralSeed);
  const stranger = noteKeysOf(strangerSeed);
  // crypto_box_seed_keypair: sk = SHA-512(seed)[0..32), pk = X25519(sk, 9).
  assert.deepEqual(
    recipient.privateKey,
    new Uint8Array(createHash('sha512').update(recipientSeed).digest().subarray(0, 32)),
  );
  assert.deepEqual(sodium.crypto_scalarmult_base(recipient.privateKey), recipient.rawPublicKey);

  // What the counsellor typed, trimmed by the console before it is sealed.
  const typed = '  Vill hellre skriva än ringa. Oro inför flytten i höst; inga namn nämnda.\n';
  const note = typed.trim();
  const plaintext = encoder.encode(note);

  // libsodium's crypto_box_seal: nonce = BLAKE2b-192(epk || rpk), then crypto_box_easy
  // (X25519 + HSalsa20 key, XSalsa20-Poly1305: tag || ciphertext) with the ephemeral
  // secret key, then epk || box.
  const nonceInput = new Uint8Array([...ephemeral.publicKey, ...recipient.rawPublicKey]);
  const nonce = sodium.crypto_generichash(24, nonceInput, null);
  const box = sodium.crypto_box_easy(
    plaintext,
    nonce,
    recipient.rawPublicKey,
    ephemeral.privateKey,
  );
  assert.deepEqual(
    box,
    sodium.crypto_secretbox_easy(
      plaintext,
      nonce,
      sodium.crypto_box_beforenm(recipient.rawPublicKey, ephemeral.privateKey),
    ),
  );
  const sealed = new Uint8Array([...ephemeral.publicKey, ...box]);
  assert.equal(sealed.length, 32 + 16 + plaintext.length);
  assert.deepEqual(
    sodium.crypto_box_seal_open(sealed, recipient.rawPublicKey, recipient.privateKey),
    plaintext,
  );
  assert.equal(openNote(b64(sealed), recipient), note);
  assert.equal(openNote(b64(sealed), stranger), undefined);
  // The real sealNote (random ephemeral key): another value each time, the same opening.
  const fresh = sealNote(note, recipient.publicKey);
  assert.notEqual(fresh, b64(sealed));
  assert.equal(Buffer.from(fresh, 'base64url').length, sealed.length);
  assert.equal(openNote(fresh, recipient), note);
  assert.equal(SealedNote.safeParse(b64(sealed)).success, true);

  const colleagueId = 7;
  const presence: PresenceSet = { available: true, noteKey: recipient.publicKey };
  const colleagues: Colleague[] = [
    { accountId: colleagueId, alias: 'Kim', free: 2, noteKey: recipient.publicKey },
  ];
  const transfer: ChatTransfer = {
    chatId,
    to: colleagueId,
    notes: { [String(colleagueId)]: b64(sealed) },
  };
  assert.deepEqual(ChatTransfer.parse(transfer), transfer);
  const transferred = {
    chatId,
    epoch,
    route: ROUTE,
    commitment,
    waitedSeconds: 0,
    rekey: true,
    handover: { fromAlias: ALIAS, sealedNote: b64(sealed) },
  };
  return {
    scenario:
      "Sam hands the chat of the first vector (epoch 0) to the colleague Kim (account 7). Kim's console made its note key pair at connect and published the public key with presence:set; Sam's console gets it from colleagues:list, seals the trimmed note to it and sends it in chat:transfer; the server hands Kim's console only Kim's entry, as handover.sealedNote in chat:transferred. The ephemeral key pair is fixed here (from a seed) so that the bytes can be shown; crypto_box_seal in the product draws it at random, so a product seal of the same note differs and opens the same.",
    recipientSeed: hex(recipientSeed),
    recipient: {
      privateKey: hex(recipient.privateKey),
      publicKey: hex(recipient.rawPublicKey),
      noteKey: recipient.publicKey,
    },
    typed,
    note,
    plaintext: hex(plaintext),
    plaintextLength: plaintext.length,
    ephemeralSeed: hex(ephemeralSeed),
    ephemeral: { privateKey: hex(ephemeral.privateKey), publicKey: hex(ephemeral.publicKey) },
    nonceInput: hex(nonceInput),
    nonce: hex(nonce),
    box: hex(box),
    sealed: hex(sealed),
    sealedLength: sealed.length,
    sealedBase64url: b64(sealed),
    strangerSeed: hex(strangerSeed),
    strangerPublicKey: hex(stranger.rawPublicKey),
    messages: [
      {
        event: 'presence:set',
        from: 'counsellor',
        to: 'server',
        payload: presence,
        who: "Kim's console, going available (its note key pair was made at connect)",
      },
      {
        event: 'colleagues:list',
        from: 'counsellor',
        to: 'server',
        payload: { chatId },
        ack: colleagues,
        who: "Sam's console",
      },
      {
        event: 'chat:transfer',
        from: 'counsellor',
        to: 'server',
        payload: transfer,
        who: "Sam's console",
      },
      {
        event: 'chat:transferred',
        from: 'server',
        to: 'counsellor',
        payload: transferred,
        who: "to Kim's console: its own entry of notes only",
      },
    ],
  };
}

/** A side of a pairwise session (§22, §23) as a vector names it, in the chat's role it plays. */
interface PairwiseSide {
  /** `asker`, `supporter`, `visitor`, `member`: the vector's name for it. */
  name: string;
  seed: Uint8Array;
}

/**
 * What a pairwise session's vector is made of: the chat's handshake and ratchet under
 * a context's labels, between a side in the visitor's role (it commits first, kx client)
 * and one in the counsellor's.
 */
interface PairwiseSpec {
  context: Exclude<SessionContext, 'chat'>;
  /** The sides, by the chat's role each plays. */
  sides: Record<Sender, PairwiseSide>;
  /** What stands in the transcript and every header for the chatId, and the epoch. */
  id: string;
  epoch: number;
  /** The real functions of shared/crypto, from each side's key pair and the commitment. */
  complete(
    visitor: KeyPair,
    counsellor: KeyPair,
    commitment: string,
  ): { visitor: Session; counsellor: Session; revealed: string };
  /** The event that carries a frame from `from`, around the wire frame. */
  wrap(from: Sender, frame: WireFrame): Record<string, unknown>;
  frames: FrameInput[];
  /** The other contexts whose labels, over the same inputs, the vector shows differ. */
  compareWith: SessionContext[];
}

const capitalised = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/**
 * A pairwise session's vector (a whisper, §22; a member's join, §23): written out from
 * the primitives and checked against the real functions; the other contexts' labels
 * over the same inputs are shown too, to make plain that they give other keys.
 */
function pairwiseVector(spec: PairwiseSpec) {
  const { context, id, epoch } = spec;
  const v = spec.sides.visitor.name;
  const c = spec.sides.counsellor.name;
  const visitor = seedPair(spec.sides.visitor.seed);
  const counsellor = seedPair(spec.sides.counsellor.seed);
  const label = (name: string) => sessionLabel(context, name);

  const commitInput = fields(label('commit'), [visitor.publicKey]);
  const commitment = sodium.crypto_generichash(32, commitInput, null);
  assert.deepEqual(commitment, commitToKey(visitor.publicKey, context));
  const commitmentB64 = b64(commitment);
  const handshake: Handshake = {
    chatId: id,
    epoch,
    commitment,
    visitorKey: visitor.publicKey,
    counsellorKey: counsellor.publicKey,
  };
  const transcriptInput = fields(label('transcript'), [
    encoder.encode(id),
    dec(epoch),
    commitment,
    visitor.publicKey,
    counsellor.publicKey,
  ]);
  const transcript = sodium.crypto_generichash(32, transcriptInput, null);
  assert.deepEqual(transcript, transcriptHash(handshake, context));
  const { visitorKx, counsellorKx } = kxSessionKeys(visitor, counsellor);
  const chainInput = (direction: Sender) => fields(label(`chain/${direction}`), [transcript]);
  const v2c = sodium.crypto_generichash(32, chainInput('visitor'), visitorKx.sharedTx);
  const c2v = sodium.crypto_generichash(32, chainInput('counsellor'), counsellorKx.sharedTx);
  const safetyInput = fields(label('safety'), [transcript]);
  const safetyHash = sodium.crypto_generichash(32, safetyInput, null);
  const indices = Array.from(safetyHash.subarray(0, SAFETY_WORD_COUNT));

  // The real functions, each side from its own key pair.
  const sessions = spec.complete(copyPair(visitor), copyPair(counsellor), commitmentB64);
  for (const session of [sessions.visitor, sessions.counsellor]) {
    assert.deepEqual(session.transcriptHash, transcript);
    assert.deepEqual([...session.safetyIndices], indices);
  }
  assert.deepEqual(sessions.visitor.send.key, v2c);
  assert.deepEqual(sessions.visitor.receive.key, c2v);
  assert.deepEqual(sessions.counsellor.send.key, c2v);

  // The same inputs under the other contexts' labels: other bytes everywhere.
  const elsewhere = Object.fromEntries(
    spec.compareWith.map((other) => {
      const otherTranscript = transcriptHash(handshake, other);
      assert.notDeepEqual(otherTranscript, transcript);
      const otherSafety = sodium.crypto_generichash(
        32,
        fields(sessionLabel(other, 'safety'), [otherTranscript]),
        null,
      );
      return [
        `sameInputsUnder${capitalised(other)}Labels`,
        { transcriptHash: hex(otherTranscript), safetyHash: hex(otherSafety) },
      ];
    }),
  );

  const frames = spec.frames.map((input) => {
    const [own, peer] =
      input.from === 'visitor'
        ? [sessions.visitor, sessions.counsellor]
        : [sessions.counsellor, sessions.visitor];
    const plaintext = JSON.stringify(input.content);
    const wire = toWire(seal(own, encoder.encode(plaintext), Buffer.from(input.nonce, 'hex')));
    assert.deepEqual(openFrame(peer, wire), input.content);
    return { from: spec.sides[input.from].name, plaintext, ...spec.wrap(input.from, wire) };
  });
  closeSession(sessions.visitor);
  closeSession(sessions.counsellor);
  return {
    /** The visitor-role side's revealed key (base64url), for the vector's messages. */
    revealed: sessions.revealed,
    commitmentB64,
    counsellorKey: b64(counsellor.publicKey),
    fields: {
      keys: {
        [v]: { privateKey: hex(visitor.privateKey), publicKey: hex(visitor.publicKey) },
        [c]: { privateKey: hex(counsellor.privateKey), publicKey: hex(counsellor.publicKey) },
      },
      commitment: { input: hex(commitInput), hash: hex(commitment), base64url: commitmentB64 },
      transcript: { input: hex(transcriptInput), hash: hex(transcript) },
      kx: {
        [`${v}Rx`]: hex(visitorKx.sharedRx),
        [`${v}Tx`]: hex(visitorKx.sharedTx),
        [`${c}Rx`]: hex(counsellorKx.sharedRx),
        [`${c}Tx`]: hex(counsellorKx.sharedTx),
      },
      chainKeys: {
        [`${v}To${capitalised(c)}Input`]: hex(chainInput('visitor')),
        [`${v}To${capitalised(c)}`]: hex(v2c),
        [`${c}To${capitalised(v)}Input`]: hex(chainInput('counsellor')),
        [`${c}To${capitalised(v)}`]: hex(c2v),
      },
      safety: {
        input: hex(safetyInput),
        hash: hex(safetyHash),
        indices,
        words: safetyWordsIn('sv', indices),
      },
      ...elsewhere,
    },
    frames,
  };
}

/**
 * A support conversation between two consoles (PROTOCOL.md §22), under the
 * `jourchatt/v2/whisper/` labels: the asker in the visitor's role, the supporter in
 * the counsellor's.
 */
function whisperVector(chatId: string) {
  const whisperId = b64(counting(0xe0, 16));
  const epoch = WHISPER_EPOCH;
  const askerSeed = counting(0x80, 32);
  const supporterSeed = counting(0x90, 32);
  const made = pairwiseVector({
    context: 'whisper',
    sides: {
      visitor: { name: 'asker', seed: askerSeed },
      counsellor: { name: 'supporter', seed: supporterSeed },
    },
    id: whisperId,
    epoch,
    complete: (asker, supporter, commitment) => {
      const viaAsker = completeAskerWhisper(
        { keyPair: asker, commitment },
        whisperId,
        b64(supporter.publicKey),
      );
      const counsellor = completeSupporterWhisper(
        supporter,
        whisperId,
        commitment,
        viaAsker.publicKey,
      );
      return { visitor: viaAsker.session, counsellor, revealed: viaAsker.publicKey };
    },
    wrap: (_from, frame) => ({ 'whisper:message': { whisperId, frame } }),
    frames: [
      {
        from: 'visitor',
        content: {
          kind: 'text',
          id: b64(counting(0x70, 16)),
          text: 'Kan du hjälpa mig med en chatt?',
        },
        nonce: hex(counting(0xb0, 24)),
      },
      {
        from: 'counsellor',
        content: {
          kind: 'text',
          id: b64(counting(0x78, 16)),
          text: 'Ja. Fråga om hen är i säkerhet nu.',
        },
        nonce: hex(counting(0xb8, 24)),
      },
    ],
    compareWith: ['chat'],
  });
  const { commitmentB64, counsellorKey, revealed } = made;
  const route = ROUTE;
  const messages = [
    {
      event: 'whisper:ask',
      from: 'asker',
      to: 'server',
      payload: { chatId, commitment: commitmentB64 },
      ack: { whisperId, supervisors: 1 },
    },
    {
      event: 'whisper:asked',
      from: 'server',
      to: 'supervisors',
      payload: { whisperId, from: ALIAS, route, commitment: commitmentB64 },
    },
    {
      event: 'whisper:accept',
      from: 'supporter',
      to: 'server',
      payload: { whisperId, publicKey: counsellorKey },
    },
    {
      event: 'whisper:accepted',
      from: 'server',
      to: 'asker',
      payload: { whisperId, from: 'Sigrid', publicKey: counsellorKey },
    },
    {
      event: 'whisper:key',
      from: 'asker',
      to: 'server',
      payload: { whisperId, publicKey: revealed },
    },
    {
      event: 'whisper:key',
      from: 'server',
      to: 'supporter',
      payload: { whisperId, publicKey: revealed },
    },
  ];
  return {
    name: 'a support conversation (whisper): asker and supporter, one frame each way',
    scenario:
      'The counsellor of chat `chatId` asks for support with a commitment; the server makes the whisperId and tells every supervisor online; one accepts with a fresh key, the server relays it to the asker, the asker reveals its key; the server relays the key, then frames, only between the two consoles. The asker plays the visitor role (kx client, header sender "visitor"), the supporter the counsellor role; the epoch is always 1.',
    inputs: { askerSeed: hex(askerSeed), supporterSeed: hex(supporterSeed), whisperId, epoch },
    ...made.fields,
    messages,
    frames: made.frames,
  };
}

/**
 * A supervisor joins a chat with the visitor's consent (PROTOCOL.md §23), under the
 * `jourchatt/v2/member/` labels: the widget in the visitor's role, the member's console
 * in the counsellor's; the chat's own chatId, the join number as the epoch. The same
 * seeds and id under the chat's and the whisper's labels give other bytes.
 */
function memberVector(chatId: string, whisperId: string) {
  const joinNumber = 1;
  const visitorSeed = counting(0xc0, 32);
  const memberSeed = counting(0xd0, 32);
  const made = pairwiseVector({
    context: 'member',
    sides: {
      visitor: { name: 'visitor', seed: visitorSeed },
      counsellor: { name: 'member', seed: memberSeed },
    },
    id: chatId,
    epoch: joinNumber,
    complete: (widget, member, commitment) => {
      const viaWidget = completeVisitorMember(
        { keyPair: widget, commitment },
        chatId,
        joinNumber,
        b64(member.publicKey),
      );
      const counsellor = completeJoinerMember(
        member,
        chatId,
        joinNumber,
        commitment,
        viaWidget.publicKey,
      );
      return { visitor: viaWidget.session, counsellor, revealed: viaWidget.publicKey };
    },
    wrap: (from, frame) =>
      from === 'visitor'
        ? { 'chat:member-send': { chatId, joinNumber, frame } }
        : { 'join:message': { whisperId, frame } },
    frames: [
      {
        from: 'visitor',
        content: { kind: 'text', id: b64(counting(0x60, 16)), text: 'Hej Sigrid.' },
        nonce: hex(counting(0xa0, 24)),
      },
      {
        from: 'counsellor',
        content: {
          kind: 'text',
          id: b64(counting(0x68, 16)),
          text: 'Hej. Jag läser med från och med nu.',
          by: 'Sigrid',
        },
        nonce: hex(counting(0xa8, 24)),
      },
    ],
    compareWith: ['chat', 'whisper'],
  });
  const { commitmentB64, counsellorKey, revealed } = made;
  const messages = [
    {
      event: 'join:ask',
      from: 'member',
      to: 'server',
      payload: { whisperId },
      ack: { joinNumber },
    },
    {
      event: 'chat:join-asked',
      from: 'server',
      to: 'visitor',
      payload: { chatId, joinNumber, alias: 'Sigrid', role: 'supervisor' },
    },
    {
      event: 'chat:join-answer',
      from: 'visitor',
      to: 'server',
      payload: { chatId, joinNumber, yes: true, commitment: commitmentB64 },
    },
    {
      event: 'join:consent',
      from: 'server',
      to: 'member',
      payload: { whisperId, chatId, joinNumber, commitment: commitmentB64 },
    },
    {
      event: 'join:key',
      from: 'member',
      to: 'server',
      payload: { whisperId, publicKey: counsellorKey },
    },
    {
      event: 'chat:join-key',
      from: 'server',
      to: 'visitor',
      payload: { chatId, joinNumber, publicKey: counsellorKey },
    },
    {
      event: 'chat:join-key',
      from: 'visitor',
      to: 'server',
      payload: { chatId, joinNumber, publicKey: revealed },
    },
    {
      event: 'join:key',
      from: 'server',
      to: 'member',
      payload: { chatId, joinNumber, publicKey: revealed },
    },
  ];
  return {
    name: 'a member joins with the visitor’s consent: widget and member, one frame each way',
    scenario:
      'The supporter of whisper `whisperId` about chat `chatId` asks to join; the visitor says yes with a commitment to a fresh key (the widget makes it only now); the server hands the member the chatId, the join number and the commitment; the member makes its key only then and the server relays it to the widget; the widget reveals its key and the server relays it to the member. The widget plays the visitor role (kx client, header sender "visitor"), the member the counsellor role (header sender "counsellor"); the chatId is the chat\'s and the epoch is the join number (1, 2, … within the chat).',
    inputs: {
      visitorSeed: hex(visitorSeed),
      memberSeed: hex(memberSeed),
      chatId,
      joinNumber,
      whisperId,
    },
    ...made.fields,
    messages,
    frames: made.frames,
  };
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
  const firstToken = b64(counting(0xc0, 16));
  const nextToken = b64(counting(0xd0, 16));

  const first = vector({
    name: 'first handshake (epoch 0): two visitor frames, one counsellor frame',
    scenario:
      'queue:join with a commitment; queue:accept is a claim and its ack gives the chatId, epoch and commitment; only then the console makes its key pair and offers it with chat:rekey (no proof: it held no earlier epoch), which the server forwards as chat:started; the visitor reveals with chat:key.',
    visitorSeed: counting(0x00, 32),
    counsellorSeed: counting(0x20, 32),
    chatId,
    epoch: 0,
    joinToken: firstToken,
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
  });

  const rekeyed = vector({
    name: 'proven re-key (epoch 12, from epoch 0): a history frame, and a plaintext of exactly one block',
    scenario:
      'The visitor reloaded: it resumes with its token, a fresh commitment and a proof made with the resume key of the last epoch it keyed (epoch 0, the first vector; re-keys of epochs 1-11 were begun and never completed, so the proofs show that fromEpoch is the last completed epoch, not toEpoch - 1). The server relays the proof in chat:rekey; the console checks it, offers its key with its own proof, and, the visitor proven, re-sends the conversation as a history frame.',
    visitorSeed: counting(0x40, 32),
    counsellorSeed: counting(0x60, 32),
    chatId,
    epoch: 12,
    previous: {
      vector: first.result.name,
      epoch: 0,
      resumeKey: first.kept.resumeKey,
      token: firstToken,
      nextToken,
      commitment: first.kept.commitment,
      counsellorKey: first.kept.counsellorKey,
    },
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
  });

  const handoverNote = handoverNoteVector(chatId, 0, first.kept.commitment);
  const whisper = whisperVector(chatId);
  const member = memberVector(chatId, whisper.inputs.whisperId);

  const words = [...SAFETY_WORDS];
  const output = {
    description:
      'Test vectors for Jourchatt protocol v2, generated by scripts/protocol-vectors.ts from fixed inputs with shared/crypto; see docs/PROTOCOL.md. Bytes are lower-case hex unless named base64url; wire payloads are exactly as sent. Key pairs come from fixed seeds and nonces, resume tokens and the ephemeral key of the sealed note are fixed: in the product all of them are random.',
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
    displayWordLists: Object.fromEntries(
      (['en', 'ar', 'so', 'fi'] as const).map((lang) => {
        const list = [...SAFETY_WORD_LISTS[lang]];
        return [
          lang,
          {
            source: `shared/crypto/wordlist-${lang}.ts`,
            count: list.length,
            sha256OfWordsJoinedByNewline: createHash('sha256')
              .update(list.join('\n'))
              .digest('hex'),
            words: list,
          },
        ];
      }),
    ),
    vectors: [first.result, rekeyed.result],
    handoverNote,
    whisper,
    member,
  };
  const config = (await resolveConfig('docs/protocol-vectors.json')) ?? {};
  process.stdout.write(await format(JSON.stringify(output), { ...config, parser: 'json' }));
}

await main();

/** The kx session keys from the primitives: the visitor is the kx client, the counsellor the server. */
function kxSessionKeys(visitor: KeyPair, counsellor: KeyPair) {
  return {
    visitorKx: sodium.crypto_kx_client_session_keys(
      visitor.publicKey,
      visitor.privateKey,
      counsellor.publicKey,
    ),
    counsellorKx: sodium.crypto_kx_server_session_keys(
      counsellor.publicKey,
      counsellor.privateKey,
      visitor.publicKey,
    ),
  };
}
