import { expect } from 'vitest';
import { newMessageId, sealContent, type Session } from '../../shared/crypto/chat.js';
import {
  completeJoinerMember,
  completeVisitorMember,
  startMemberConsent,
  startMemberJoin,
} from '../../shared/crypto/member.js';
import type { JoinAsked, JoinConsent, JoinReveal, JoinState } from '../../shared/protocol/join.js';
import { ask, next, type TestCounsellor, type TestVisitor } from './clients.js';
import { unwrap } from './whisper.js';

/*
 * A join (§23) played the whole way with real clients and the shared crypto: the widget
 * as `shared/crypto/member.ts` makes it answer, the member's console, and the asker's
 * console told each step. Used against one server and against several processes.
 */

/** A chat's visitor, its counsellor (the asker), the supporter, and their keyed whisper. */
export interface JoinParties {
  visitor: TestVisitor;
  anna: TestCounsellor;
  sigrid: TestCounsellor;
  whisperId: string;
}

/** Sigrid asks to join; resolves once the visitor and both consoles were told. */
export async function askToJoin(s: JoinParties): Promise<JoinAsked> {
  const asked = next<JoinAsked>(s.visitor.socket, 'chat:join-asked');
  const toAnna = next<JoinState>(s.anna.socket, 'join:state');
  const toSigrid = next<JoinState>(s.sigrid.socket, 'join:state');
  const { joinNumber } = unwrap<{ joinNumber: number }>(
    await ask(s.sigrid.socket, 'join:ask', { whisperId: s.whisperId }),
  );
  const state = { whisperId: s.whisperId, joinNumber, state: 'asked' };
  expect(await toAnna).toEqual(state);
  expect(await toSigrid).toEqual(state);
  return asked;
}

export interface Joined {
  joinNumber: number;
  visitorMember: Session;
  memberSession: Session;
}

/** Asked, and then joined. */
export async function join(s: JoinParties): Promise<Joined> {
  const { chatId, joinNumber } = await askToJoin(s);
  return finishJoin(s, chatId, joinNumber);
}

/**
 * The visitor says yes; the member makes its key only now; both reveal: both member
 * sessions. Checks each step reaches whom it should, with what it should.
 */
export async function finishJoin(
  s: JoinParties,
  chatId: string,
  joinNumber: number,
): Promise<Joined> {
  const consent = startMemberConsent();
  const accepted = next<JoinState>(s.anna.socket, 'join:state');
  const toMember = next<JoinConsent>(s.sigrid.socket, 'join:consent');
  unwrap(
    await ask(s.visitor.socket, 'chat:join-answer', {
      chatId,
      joinNumber,
      yes: true,
      commitment: consent.commitment,
    }),
  );
  expect(await accepted).toEqual({ whisperId: s.whisperId, joinNumber, state: 'accepted' });
  const consented = await toMember;
  expect(consented).toEqual({
    whisperId: s.whisperId,
    chatId,
    joinNumber,
    commitment: consent.commitment,
  });
  const member = startMemberJoin();
  const memberKey = next<JoinReveal>(s.visitor.socket, 'chat:join-key');
  unwrap(
    await ask(s.sigrid.socket, 'join:key', {
      whisperId: s.whisperId,
      publicKey: member.publicKey,
    }),
  );
  expect(await memberKey).toEqual({ chatId, joinNumber, publicKey: member.publicKey });
  const { session: visitorMember, publicKey } = completeVisitorMember(
    consent,
    chatId,
    joinNumber,
    member.publicKey,
  );
  const visitorKey = next<JoinReveal>(s.sigrid.socket, 'join:key');
  const joined = next<JoinState>(s.anna.socket, 'join:state');
  unwrap(await ask(s.visitor.socket, 'chat:join-key', { chatId, joinNumber, publicKey }));
  expect(await visitorKey).toEqual({ chatId, joinNumber, publicKey });
  expect(await joined).toEqual({ whisperId: s.whisperId, joinNumber, state: 'joined' });
  const memberSession = completeJoinerMember(
    member.keyPair,
    consented.chatId,
    consented.joinNumber,
    consented.commitment,
    publicKey,
  );
  return { joinNumber, visitorMember, memberSession };
}

/** A line of the member session from the member, as its console writes it. */
export function memberLine(session: Session, text: string, by = 'sigrid') {
  return sealContent(session, { kind: 'text', id: newMessageId(), text, by });
}
