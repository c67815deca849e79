import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { closeSession, readyCrypto } from '../../shared/crypto/session.js';
import { openFrame, sealContent, sealText } from '../../shared/crypto/chat.js';
import {
  completeJoinerMember,
  completeVisitorMember,
  startMemberConsent,
  startMemberJoin,
} from '../../shared/crypto/member.js';
import { sodium } from '../../shared/crypto/sodium.js';
import { JoinMessage, MemberFrame } from '../../shared/protocol/join.js';
import { parseUnknown } from '../../shared/protocol/parse.js';
import type { WireFrame } from '../../shared/protocol/schemas.js';
import { codeOf } from '../support/crypto-pair.js';
import {
  checkFromPrimitives,
  checkWithSharedCrypto,
  copyKeyPair,
  expectDistinctFrom,
  readVector,
  vectorKeyPairs,
  type PairwiseLayout,
} from '../support/pairwise-vector.js';

/*
 * The member session of a join (docs/PROTOCOL.md §23): the chat's handshake between the
 * widget and the member's console under `jourchatt/v2/member/` labels, with the chat's
 * id and the join number as the epoch. Its keys never equal the chat's or a whisper's
 * made from the same inputs; the stored vector (docs/protocol-vectors.json, `member`)
 * is recomputed from libsodium primitives as §23 lays it out and with shared/crypto.
 */

beforeAll(async () => {
  await readyCrypto();
});

const chatId = 'CCCCCCCCCCCCCCCCCCCCCC';

describe('a member session', () => {
  it('has keys, transcript and safety words other than a chat’s and a whisper’s for the same inputs', () => {
    expectDistinctFrom('member', 'chat');
    expectDistinctFrom('member', 'whisper');
  });

  it('runs between the widget and the member with the product’s functions, in the join’s epoch', () => {
    const consent = startMemberConsent();
    const member = startMemberJoin();
    const { session: widget, publicKey } = completeVisitorMember(
      consent,
      chatId,
      2,
      member.publicKey,
    );
    const joiner = completeJoinerMember(member.keyPair, chatId, 2, consent.commitment, publicKey);
    expect([widget.context, widget.epoch, widget.role]).toEqual(['member', 2, 'visitor']);
    expect([joiner.epoch, joiner.role]).toEqual([2, 'counsellor']);
    expect(joiner.safetyWords).toEqual(widget.safetyWords);
    const frame = sealText(widget, 'hej');
    expect(frame).toMatchObject({ chatId, epoch: 2, sender: 'visitor' });
    expect(parseUnknown(MemberFrame, { chatId, joinNumber: 2, frame }).ok).toBe(true);
    expect(openFrame(joiner, frame)).toMatchObject({ text: 'hej' });
    const answer = sealContent(joiner, {
      kind: 'text',
      id: 'AAAAAAAAAAA',
      text: 'hej',
      by: 'Berit',
    });
    expect(answer).toMatchObject({ chatId, epoch: 2, sender: 'counsellor' });
    expect(openFrame(widget, answer)).toMatchObject({ by: 'Berit' });
    closeSession(widget);
    closeSession(joiner);
  });

  it('catches a key other than the one the visitor’s yes committed to, and a bad key', () => {
    const consent = startMemberConsent();
    const member = startMemberJoin();
    const stranger = startMemberConsent();
    const strangerKey = sodium.to_base64(stranger.keyPair.publicKey);
    expect(
      codeOf(() =>
        completeJoinerMember(member.keyPair, chatId, 1, consent.commitment, strangerKey),
      ),
    ).toBe('commitment_mismatch');
    // The same key for another join number: another transcript, another session.
    const { publicKey } = completeVisitorMember(consent, chatId, 1, member.publicKey);
    const other = completeJoinerMember(member.keyPair, chatId, 2, consent.commitment, publicKey);
    const again = completeVisitorMember(consent, chatId, 1, member.publicKey).session;
    expect(codeOf(() => openFrame(other, sealText(again, 'join 1')))).not.toBe('opened');
    expect(codeOf(() => completeVisitorMember(consent, chatId, 1, 'AAAA'))).toBe('bad_key');
  });
});

describe('protocol vector: a member joins with the visitor’s consent', () => {
  const v = readVector('member');
  const layout: PairwiseLayout = {
    context: 'member',
    names: { visitor: 'visitor', counsellor: 'member' },
    idInput: 'chatId',
    epochInput: 'joinNumber',
    compareWith: ['chat', 'whisper'],
  };

  it('is written out from the primitives as PROTOCOL.md §23 lays it out', () => {
    checkFromPrimitives(v, layout);
  });

  it('comes out of shared/crypto: both sessions, the safety words, every frame to the stored bytes', () => {
    const keys = vectorKeyPairs(v, layout);
    const id = String(v.inputs.chatId);
    const joinNumber = Number(v.inputs.joinNumber);
    const viaWidget = completeVisitorMember(
      { keyPair: copyKeyPair(keys.visitor), commitment: v.commitment.base64url },
      id,
      joinNumber,
      sodium.to_base64(keys.counsellor.publicKey),
    );
    const member = completeJoinerMember(
      copyKeyPair(keys.counsellor),
      id,
      joinNumber,
      v.commitment.base64url,
      viaWidget.publicKey,
    );
    checkWithSharedCrypto(v, layout, { visitor: viaWidget.session, counsellor: member }, frameOf);
    expect(v.messages.map((m) => m.event)).toEqual([
      'join:ask',
      'chat:join-asked',
      'chat:join-answer',
      'join:consent',
      'join:key',
      'chat:join-key',
      'chat:join-key',
      'join:key',
    ]);
  });
});

describe('protocol vector: what PROTOCOL.md §23 quotes', () => {
  it('quotes the member vector’s values as the file has them', () => {
    const v = readVector('member');
    const doc = readFileSync(new URL('../../docs/PROTOCOL.md', import.meta.url), 'utf8');
    const block =
      /<!-- member-vector:start -->([\s\S]*?)<!-- member-vector:end -->/.exec(doc)?.[1] ?? '';
    const quoted: Record<string, string | undefined> = {};
    for (const row of block.matchAll(/^\|\s*(.+?)\s*\|\s*`([0-9a-f]{64})`\s*\|$/gm)) {
      quoted[row[1] ?? ''] = row[2];
    }
    expect(quoted).toEqual({
      pkV: v.keys.visitor?.publicKey,
      pkM: v.keys.member?.publicKey,
      commitment: v.commitment.hash,
      transcript: v.transcript.hash,
      'CK widget→member': v.chainKeys.visitorToMember,
      'CK member→widget': v.chainKeys.memberToVisitor,
      'safety hash': v.safety.hash,
      'transcript, chat labels': v.sameInputsUnderChatLabels?.transcriptHash,
      'transcript, whisper labels': v.sameInputsUnderWhisperLabels?.transcriptHash,
    });
    expect(block).toContain(`indices ${v.safety.indices.join(' ')} → ${v.safety.words.join(' ')}`);
  });
});

/** The frame of a stored member frame: the widget's `chat:member-send` or the member's `join:message`. */
function frameOf(stored: Record<string, unknown>): WireFrame {
  const parsed =
    'chat:member-send' in stored
      ? parseUnknown(MemberFrame, stored['chat:member-send'])
      : parseUnknown(JoinMessage, stored['join:message']);
  if (!parsed.ok) throw new Error('a stored member frame does not parse');
  return parsed.data.frame;
}
