import { describe, expect, it } from 'vitest';
import { newMessageId, openFrame, sealContent, sealText } from '../../shared/crypto/chat.js';
import { startMemberConsent, startMemberJoin } from '../../shared/crypto/member.js';
import type {
  JoinEndReason,
  JoinState,
  MemberFrame,
  MemberLeft,
} from '../../shared/protocol/join.js';
import { startWhisperAsk, startWhisperSupport } from '../../shared/crypto/whisper.js';
import type { WhisperMessage, WhisperRequest } from '../../shared/protocol/whisper.js';
import type { TestCounsellor, TestVisitor } from '../support/clients.js';
import { ask, eventually, next } from '../support/clients.js';
import { useTestServer } from '../support/harness.js';
import { askToJoin, finishJoin, join, memberLine } from '../support/join.js';
import { chatting, recordEvents, supervisor, unwrap, whisper } from '../support/whisper.js';

/*
 * A supervisor joins a chat with the visitor's consent (docs/PROTOCOL.md §23), against
 * a real server and real socket.io clients with the shared crypto: the whole way from
 * the ask to a text each way; that the member learns nothing of the chat before the
 * visitor's yes; that member frames reach only the visitor and the member; that every
 * end is told to every side, once, with its reason; and that what breaks the rules is
 * refused and changes nothing.
 */

const harness = useTestServer();

/** Every event a socket receives with its payload, to prove what did not arrive. */
function recordPayloads(socket: {
  onAny(listener: (event: string, ...args: unknown[]) => void): unknown;
}): { event: string; payload: unknown }[] {
  const received: { event: string; payload: unknown }[] = [];
  socket.onAny((event: string, payload: unknown) => received.push({ event, payload }));
  return received;
}

/** A chat between a counsellor (anna) and a visitor, and a keyed whisper about it with sigrid. */
async function supported(counsellor = 'anna', supporter?: TestCounsellor) {
  const chat = await chatting(harness, counsellor);
  const sigrid = supporter ?? (await supervisor(harness, 'sigrid'));
  const keyed = await whisper(chat.anna, chat.chatId, sigrid);
  return { ...chat, sigrid, ...keyed };
}
type Supported = Awaited<ReturnType<typeof supported>>;

describe('a supervisor joins with the visitor’s consent', () => {
  it('goes the whole way: ask, yes, keys, a text each way, lines copied over the whisper', async () => {
    const { server } = harness;
    const s = await supported();
    const carl = await harness.counsellor('carl');
    const toSigrid = recordPayloads(s.sigrid.socket);
    const annaEvents = recordEvents(s.anna.socket);
    const carlEvents = recordEvents(carl.socket);

    const asked = await askToJoin(s);
    expect(asked).toEqual({ chatId: s.chatId, joinNumber: 1, alias: 'sigrid', role: 'supervisor' });
    // Before the yes the member holds nothing of the chat: no id, no commitment, no key.
    expect(JSON.stringify(toSigrid)).not.toContain(s.chatId);
    expect(toSigrid.map((e) => e.event)).toEqual(['join:state']);
    expect(
      await ask(s.sigrid.socket, 'join:key', {
        whisperId: s.whisperId,
        publicKey: startMemberJoin().publicKey,
      }),
    ).toEqual({ ok: false, error: 'wrong_state' });
    const { visitorMember, memberSession } = await finishJoin(s, s.chatId, 1);
    expect(memberSession.safetyWords).toEqual(visitorMember.safetyWords);
    expect(memberSession.safetyWords).not.toEqual(s.chatSession.safetyWords);

    // The visitor's text: the same message id to the counsellor and to the member.
    const id = newMessageId();
    const toMember = next<MemberFrame>(s.sigrid.socket, 'join:message');
    const frame = sealText(visitorMember, 'MEMBER-CANARY from the visitor', id);
    unwrap(
      await ask(s.visitor.socket, 'chat:member-send', { chatId: s.chatId, joinNumber: 1, frame }),
    );
    const relayed = await toMember;
    expect(relayed).toEqual({ chatId: s.chatId, joinNumber: 1, frame });
    expect(openFrame(memberSession, relayed.frame)).toEqual({
      kind: 'text',
      id,
      text: 'MEMBER-CANARY from the visitor',
    });
    // The chat's keys do not open it, nor the member's a frame of the chat.
    expect(() => openFrame(s.chatSession, relayed.frame)).toThrow();

    // The member's text, with its alias.
    const toVisitor = next<MemberFrame>(s.visitor.socket, 'chat:member-message');
    const answer = memberLine(memberSession, 'MEMBER-CANARY from the member');
    unwrap(await ask(s.sigrid.socket, 'join:message', { whisperId: s.whisperId, frame: answer }));
    const delivered = await toVisitor;
    expect(delivered).toEqual({ chatId: s.chatId, joinNumber: 1, frame: answer });
    expect(openFrame(visitorMember, delivered.frame)).toMatchObject({
      kind: 'text',
      text: 'MEMBER-CANARY from the member',
      by: 'sigrid',
    });

    // Each console copies its own chat lines to the other over the whisper.
    const annaLine = { kind: 'line', id: newMessageId(), text: 'Are you safe now?', by: 'anna' };
    const toSupporter = next<WhisperMessage>(s.sigrid.socket, 'whisper:message');
    unwrap(
      await ask(s.anna.socket, 'whisper:message', {
        whisperId: s.whisperId,
        frame: sealContent(s.askerSession, annaLine as never),
      }),
    );
    expect(openFrame(s.supporterSession, (await toSupporter).frame)).toEqual(annaLine);
    const sigridLine = { kind: 'line', id: newMessageId(), text: 'I am here too.', by: 'sigrid' };
    const toAsker = next<WhisperMessage>(s.anna.socket, 'whisper:message');
    unwrap(
      await ask(s.sigrid.socket, 'whisper:message', {
        whisperId: s.whisperId,
        frame: sealContent(s.supporterSession, sigridLine as never),
      }),
    );
    expect(openFrame(s.askerSession, (await toAsker).frame)).toEqual(sigridLine);

    // The asker and a third console never get a member frame, a key or the consent.
    expect(annaEvents.filter((e) => e.startsWith('join:'))).toEqual([
      'join:state',
      'join:state',
      'join:state',
    ]);
    expect(carlEvents.filter((e) => e.startsWith('join:') || e.startsWith('whisper:'))).toEqual([]);
    expect(server.app.service.joins.size).toBe(1);
  });

  it('ends at the visitor’s no, and nothing follows', async () => {
    const { server } = harness;
    const s = await supported();
    const sigridEvents = recordEvents(s.sigrid.socket);
    const { chatId, joinNumber } = await askToJoin(s);
    const declined = { whisperId: s.whisperId, joinNumber, state: 'ended', reason: 'declined' };
    const toAnna = next<JoinState>(s.anna.socket, 'join:state');
    const toSigrid = next<JoinState>(s.sigrid.socket, 'join:state');
    const toVisitor = next<MemberLeft>(s.visitor.socket, 'chat:member-left');
    unwrap(await ask(s.visitor.socket, 'chat:join-answer', { chatId, joinNumber, yes: false }));
    expect(await toAnna).toEqual(declined);
    expect(await toSigrid).toEqual(declined);
    expect(await toVisitor).toEqual({ chatId, joinNumber, reason: 'declined' });
    expect(server.app.service.joins.size).toBe(0);

    // No key, no frame, no second answer; the member never got the chat's id.
    const publicKey = startMemberJoin().publicKey;
    expect(await ask(s.sigrid.socket, 'join:key', { whisperId: s.whisperId, publicKey })).toEqual({
      ok: false,
      error: 'wrong_state',
    });
    const commitment = startMemberConsent().commitment;
    expect(
      await ask(s.visitor.socket, 'chat:join-answer', {
        chatId,
        joinNumber,
        yes: true,
        commitment,
      }),
    ).toEqual({ ok: false, error: 'not_found' });
    // The queue's counts go to every console on a timer of their own (CI once caught
    // one in this window); anything else Sigrid got would be about this chat.
    expect(sigridEvents.filter((event) => event !== 'queue:stats')).toEqual([
      'join:state',
      'join:state',
    ]);

    // Asking again is a new join, numbered on.
    expect((await askToJoin(s)).joinNumber).toBe(2);
  });
});

/** How a join ends, and who is left to hear of it. */
interface EndPath {
  name: string;
  reason: JoinEndReason;
  end: (s: Supported) => Promise<unknown>;
  /** The sides still connected afterwards (told of the end). */
  told: ('visitor' | 'anna' | 'sigrid')[];
}

const endPaths: EndPath[] = [
  {
    name: 'the visitor removes the member',
    reason: 'removed',
    end: (s) => ask(s.visitor.socket, 'chat:join-end', { chatId: s.chatId, joinNumber: 1 }),
    told: ['visitor', 'anna', 'sigrid'],
  },
  {
    name: 'the member leaves',
    reason: 'left',
    end: (s) => ask(s.sigrid.socket, 'join:leave', { whisperId: s.whisperId }),
    told: ['visitor', 'anna', 'sigrid'],
  },
  {
    name: 'the counsellor asks the member to leave',
    reason: 'left',
    end: (s) => ask(s.anna.socket, 'join:leave', { whisperId: s.whisperId }),
    told: ['visitor', 'anna', 'sigrid'],
  },
  {
    name: 'the chat ends',
    reason: 'chat_ended',
    end: (s) => ask(s.visitor.socket, 'chat:end', { chatId: s.chatId }),
    told: ['visitor', 'anna', 'sigrid'],
  },
  {
    name: 'the whisper ends',
    reason: 'ended',
    end: (s) => ask(s.anna.socket, 'whisper:end', { whisperId: s.whisperId }),
    told: ['visitor', 'anna', 'sigrid'],
  },
  {
    name: 'the member’s console goes away',
    reason: 'disconnected',
    end: (s) => Promise.resolve(s.sigrid.close()),
    told: ['visitor', 'anna'],
  },
  {
    name: 'the chat is handed over',
    reason: 'transferred',
    end: (s) => ask(s.anna.socket, 'chat:transfer', { chatId: s.chatId, to: 'queue' }),
    told: ['visitor', 'anna', 'sigrid'],
  },
  {
    name: 'the visitor’s socket goes away',
    reason: 'disconnected',
    end: (s) => Promise.resolve(s.visitor.close()),
    told: ['anna', 'sigrid'],
  },
];

describe('the end of a join', () => {
  it.each(endPaths)('$name: every side is told $reason, once', async (path) => {
    const { server } = harness;
    const s = await supported();
    const { joinNumber } = await join(s);
    const sockets: Record<EndPath['told'][number], TestVisitor | TestCounsellor> = {
      visitor: s.visitor,
      anna: s.anna,
      sigrid: s.sigrid,
    };
    const records = path.told.map((side) => recordPayloads(sockets[side].socket));
    await path.end(s);
    const ended = { whisperId: s.whisperId, joinNumber, state: 'ended', reason: path.reason };
    const left = { chatId: s.chatId, joinNumber, reason: path.reason };
    await eventually(() => {
      path.told.forEach((side, i) => {
        const told = records[i]!.filter(
          (e) => e.event === (side === 'visitor' ? 'chat:member-left' : 'join:state'),
        );
        expect(told.map((e) => e.payload)).toEqual([side === 'visitor' ? left : ended]);
      });
    });
    expect(server.app.service.joins.size).toBe(0);
    // Nothing more goes either way.
    if (path.told.includes('visitor')) {
      expect(
        await ask(s.visitor.socket, 'chat:member-send', {
          chatId: s.chatId,
          joinNumber,
          frame: sealText(s.chatSession, 'too late'),
        }),
      ).toMatchObject({ ok: false });
    }
  });
});

describe('what the server refuses', () => {
  it('lets only the whisper’s supporter ask, one join at a time', async () => {
    const { server } = harness;
    const s = await supported();
    const carl = await harness.counsellor('carl');
    const sven = await supervisor(harness, 'sven');
    const visitorEvents = recordEvents(s.visitor.socket);
    for (const other of [s.anna, carl, sven]) {
      expect(await ask(other.socket, 'join:ask', { whisperId: s.whisperId })).toEqual({
        ok: false,
        error: 'forbidden',
      });
    }
    expect(visitorEvents).toEqual([]);
    await askToJoin(s);
    expect(await ask(s.sigrid.socket, 'join:ask', { whisperId: s.whisperId })).toEqual({
      ok: false,
      error: 'wrong_state',
    });
    expect(visitorEvents).toEqual(['chat:join-asked']);
    expect(server.app.service.joins.size).toBe(1);
  });

  it('asks only while the whisper is keyed, its counsellor holds the chat, the visitor is there and the member is a supervisor now', async () => {
    const { server } = harness;
    // Taken but not keyed: the asker has not revealed its key yet.
    const bert = await chatting(harness, 'bert');
    const sigrid = await supervisor(harness, 'sigrid');
    const request = next<WhisperRequest>(sigrid.socket, 'whisper:asked');
    unwrap(
      await ask(bert.anna.socket, 'whisper:ask', {
        chatId: bert.chatId,
        commitment: startWhisperAsk().commitment,
      }),
    );
    const { whisperId } = await request;
    const support = startWhisperSupport();
    unwrap(await ask(sigrid.socket, 'whisper:accept', { whisperId, publicKey: support.publicKey }));
    expect(await ask(sigrid.socket, 'join:ask', { whisperId })).toEqual({
      ok: false,
      error: 'wrong_state',
    });

    // The visitor's socket went (the chat waits for them): nobody to ask.
    const t = await supported('tove', sigrid);
    t.visitor.close();
    await eventually(() =>
      expect(t.anna.peerEvents).toContainEqual({ chatId: t.chatId, present: false }),
    );
    expect(await ask(sigrid.socket, 'join:ask', { whisperId: t.whisperId })).toEqual({
      ok: false,
      error: 'wrong_state',
    });

    // Handed over: the whisper's counsellor no longer holds the chat.
    const s = await supported('anna', sigrid);
    unwrap(await ask(s.anna.socket, 'chat:transfer', { chatId: s.chatId, to: 'queue' }));
    expect(await ask(sigrid.socket, 'join:ask', { whisperId: s.whisperId })).toEqual({
      ok: false,
      error: 'wrong_state',
    });

    // The account no longer acts as a supervisor (checked before the chat's state).
    const account = await server.store.findAccountByUsername('sigrid');
    await server.store.updateAccount(account!.id, { disabled: true });
    expect(await ask(sigrid.socket, 'join:ask', { whisperId: t.whisperId })).toEqual({
      ok: false,
      error: 'forbidden',
    });
    expect(server.app.service.joins.size).toBe(0);
  });

  it('refuses a frame before joined, a forged header and malformed payloads, and changes nothing', async () => {
    const { server } = harness;
    const s = await supported();
    const { chatId, joinNumber } = await askToJoin(s);
    const early = { chatId, joinNumber, frame: sealText(s.chatSession, 'early') };
    expect(await ask(s.visitor.socket, 'chat:member-send', early)).toEqual({
      ok: false,
      error: 'wrong_state',
    });
    expect(
      await ask(s.sigrid.socket, 'join:message', { whisperId: s.whisperId, frame: early.frame }),
    ).toEqual({ ok: false, error: 'wrong_state' });
    // The visitor of another chat, or a number never asked, answers nothing.
    const other = await chatting(harness, 'bert');
    const commitment = startMemberConsent().commitment;
    expect(
      await ask(other.visitor.socket, 'chat:join-answer', { chatId, joinNumber, yes: false }),
    ).toEqual({ ok: false, error: 'forbidden' });
    expect(
      await ask(s.visitor.socket, 'chat:join-answer', {
        chatId,
        joinNumber: 7,
        yes: true,
        commitment,
      }),
    ).toEqual({ ok: false, error: 'not_found' });
    expect(server.app.service.joins.size).toBe(1);
    const { joinNumber: n, visitorMember, memberSession } = await finishJoin(s, chatId, joinNumber);

    const fromVisitor = sealText(visitorMember, 'hello');
    const fromMember = memberLine(memberSession, 'hello');
    const refusals: [TestVisitor | TestCounsellor, string, unknown, string][] = [
      // Headers: this chat, the join number as epoch, the sender's own role.
      [
        s.visitor,
        'chat:member-send',
        { chatId, joinNumber: n, frame: { ...fromVisitor, epoch: 2 } },
        'invalid_payload',
      ],
      [
        s.visitor,
        'chat:member-send',
        { chatId, joinNumber: n, frame: { ...fromVisitor, sender: 'counsellor' } },
        'invalid_payload',
      ],
      [
        s.visitor,
        'chat:member-send',
        { chatId, joinNumber: n, frame: { ...fromVisitor, chatId: other.chatId } },
        'invalid_payload',
      ],
      [
        s.sigrid,
        'join:message',
        { whisperId: s.whisperId, frame: { ...fromMember, chatId: s.whisperId } },
        'invalid_payload',
      ],
      [
        s.sigrid,
        'join:message',
        { whisperId: s.whisperId, frame: { ...fromMember, sender: 'visitor' } },
        'invalid_payload',
      ],
      [
        s.sigrid,
        'join:message',
        { whisperId: s.whisperId, frame: { ...fromMember, epoch: 3 } },
        'invalid_payload',
      ],
      // Only the member sends member frames, keys once, after the yes.
      [s.anna, 'join:message', { whisperId: s.whisperId, frame: fromMember }, 'forbidden'],
      [
        s.sigrid,
        'join:key',
        { whisperId: s.whisperId, publicKey: startMemberJoin().publicKey },
        'wrong_state',
      ],
      [
        s.visitor,
        'chat:join-key',
        { chatId, joinNumber: n, publicKey: startMemberJoin().publicKey },
        'wrong_state',
      ],
      [
        other.visitor,
        'chat:member-send',
        { chatId, joinNumber: n, frame: fromVisitor },
        'forbidden',
      ],
      // Malformed.
      [s.sigrid, 'join:ask', { whisperId: s.whisperId, chatId }, 'invalid_payload'],
      [s.sigrid, 'join:ask', 'nonsense', 'invalid_payload'],
      [
        s.sigrid,
        'join:message',
        { whisperId: s.whisperId, frame: { ...fromMember, ct: '!!' } },
        'invalid_payload',
      ],
      [s.visitor, 'chat:join-answer', { chatId, joinNumber: n, yes: true }, 'invalid_payload'],
      [s.visitor, 'chat:join-answer', { chatId, joinNumber: 0, yes: false }, 'invalid_payload'],
      [
        s.visitor,
        'chat:member-send',
        { chatId, joinNumber: n, frame: fromVisitor, by: 'x' },
        'invalid_payload',
      ],
      [s.visitor, 'chat:join-end', { chatId }, 'invalid_payload'],
      [s.anna, 'join:leave', { whisperId: 'short' }, 'invalid_payload'],
    ];
    for (const [client, event, payload, error] of refusals) {
      expect(await ask(client.socket, event, payload), event).toEqual({ ok: false, error });
    }
    expect(server.app.service.joins.size).toBe(1);

    // Still joined, and the very frames refused with a forged header go through as sealed.
    const toMember = next<MemberFrame>(s.sigrid.socket, 'join:message');
    unwrap(
      await ask(s.visitor.socket, 'chat:member-send', {
        chatId,
        joinNumber: n,
        frame: fromVisitor,
      }),
    );
    expect(openFrame(memberSession, (await toMember).frame)).toMatchObject({ text: 'hello' });
    const toVisitor = next<MemberFrame>(s.visitor.socket, 'chat:member-message');
    unwrap(
      await ask(s.sigrid.socket, 'join:message', { whisperId: s.whisperId, frame: fromMember }),
    );
    expect(openFrame(visitorMember, (await toVisitor).frame)).toMatchObject({ text: 'hello' });
  });
});
