import { beforeAll, describe, expect, it } from 'vitest';
import {
  completeVisitorHandshake,
  newMessageId,
  openFrame,
  proveCommitment,
  readyCrypto,
  resumeSecretOf,
  sealContent,
  sealText,
  startVisitorHandshake,
  type Session,
} from '../../shared/crypto/chat.js';
import { completeVisitorMember, startMemberConsent } from '../../shared/crypto/member.js';
import { completeSupporterWhisper, startWhisperSupport } from '../../shared/crypto/whisper.js';
import type { JoinState } from '../../shared/protocol/join.js';
import type { MemberVouch, RekeyOffer, WireFrame } from '../../shared/protocol/schemas.js';
import type { CounsellorSocket } from '../../client/console/counsellor.controller.js';
import {
  WhisperController,
  type WhisperAsk,
  type WhisperChatPort,
} from '../../client/console/whisper.controller.js';
import { acceptedChat, consoleOn, standInCounsellorSocket } from '../support/stand-ins.js';

/*
 * A supervisor joins a chat from a support conversation (docs/PROTOCOL.md §23), as the
 * two consoles' controllers run it: the counsellor's (the asker) and the supervisor's
 * (the supporter), each on a stand-in socket, with a small relay in between that does
 * what the server does, and the widget's side played with shared/crypto/member.ts.
 */

const CHAT = 'C'.repeat(22);
const WHISPER = 'W'.repeat(22);

beforeAll(async () => {
  await readyCrypto();
});

interface Emitted {
  event: string;
  payload: unknown;
}

/** One console: its controller, what it sent, and how the relay delivers to it. */
function console_(alias: string, answer: (event: string, payload: unknown) => unknown) {
  const emitted: Emitted[] = [];
  const listeners = new Map<string, (payload: unknown) => void>();
  const members: (string | undefined)[] = [];
  const chatLines: { id: string; text: string; by: string }[] = [];
  /** What this console vouched for to the visitor, in the chat's session (asker). */
  const vouches: { chatId: string; vouch: MemberVouch }[] = [];
  const ask: WhisperAsk = (event, payload) => {
    emitted.push({ event, payload });
    return Promise.resolve(answer(event, payload) ?? { ok: true, data: null }) as never;
  };
  const chat: WhisperChatPort = {
    alias: () => alias,
    memberChanged: (_chatId, member) => members.push(member),
    memberLine: (_chatId, line) => chatLines.push(line),
    vouch: (chatId, vouch) => vouches.push({ chatId, vouch }),
  };
  const controller = new WhisperController(ask, () => undefined, chat);
  const socket = {
    on(event: string, listener: (payload: unknown) => void) {
      listeners.set(event, listener);
      return socket;
    },
  };
  controller.listen(socket as unknown as CounsellorSocket);
  return {
    controller,
    emitted,
    members,
    chatLines,
    vouches,
    deliver: (event: string, payload: unknown) => listeners.get(event)?.(payload),
    sent: (event: string) => emitted.filter((e) => e.event === event).map((e) => e.payload),
  };
}

const settle = async () => {
  for (let i = 0; i < 10; i += 1) await new Promise((resolve) => setTimeout(resolve, 0));
};

/** Two consoles with a keyed whisper between them, relayed as the server would. */
async function keyedWhisper() {
  const consoles: { asker?: Console; supporter?: Console } = {};
  const relay = (to: 'asker' | 'supporter') => (event: string, payload: unknown) =>
    consoles[to]?.deliver(event, payload);
  const bothStates = (state: JoinState) => {
    consoles.asker?.deliver('join:state', state);
    consoles.supporter?.deliver('join:state', state);
  };
  const asker = console_('anna', (event, payload) => {
    if (event === 'whisper:ask') return { ok: true, data: { whisperId: WHISPER, supervisors: 1 } };
    if (event === 'whisper:key') relay('supporter')('whisper:key', payload);
    if (event === 'whisper:message') relay('supporter')('whisper:message', payload);
    return undefined;
  });
  let joinNumber = 0;
  /** The relay refuses the member's next frames (the visitor's socket went meanwhile). */
  const refusing = { frames: false };
  const supporter = console_('berit', (event, payload) => {
    if (event === 'whisper:message') relay('asker')('whisper:message', payload);
    if (event === 'join:message' && refusing.frames) return { ok: false, error: 'wrong_state' };
    if (event === 'join:ask') {
      joinNumber += 1;
      bothStates({ whisperId: WHISPER, joinNumber, state: 'asked' });
      return { ok: true, data: { joinNumber } };
    }
    if (event === 'join:leave')
      bothStates({ whisperId: WHISPER, joinNumber, state: 'ended', reason: 'left' });
    return undefined;
  });
  consoles.asker = asker;
  consoles.supporter = supporter;

  await asker.controller.askFor(CHAT);
  const { commitment } = asker.sent('whisper:ask')[0] as { commitment: string };
  supporter.deliver('whisper:asked', {
    whisperId: WHISPER,
    from: 'anna',
    route: 'adult',
    commitment,
  });
  await supporter.controller.accept(WHISPER);
  const { publicKey } = supporter.sent('whisper:accept')[0] as { publicKey: string };
  asker.deliver('whisper:accepted', { whisperId: WHISPER, from: 'berit', publicKey });
  await settle();
  expect(supporter.controller.whispers.get(WHISPER)?.status).toBe('active');
  return { asker, supporter, bothStates, refusing };
}

type Console = ReturnType<typeof console_>;

/** The widget's side of a join: a yes, then its key once the member's came. */
async function joined(
  setup: Awaited<ReturnType<typeof keyedWhisper>>,
  revealOther = false,
  visitorSaysYes = true,
) {
  const { asker, supporter, bothStates } = setup;
  expect(await supporter.controller.join.ask(WHISPER)).toBeUndefined();
  const joinNumber = supporter.controller.whispers.get(WHISPER)?.join?.joinNumber ?? 0;
  // Nothing of a key before the visitor's yes.
  const keys = supporter.sent('join:key').length;
  await settle();
  expect(supporter.sent('join:key')).toHaveLength(keys);
  const consent = startMemberConsent();
  // The widget's yes, end to end to the asker (who passes it on), before the server's.
  if (visitorSaysYes) {
    const { commitment } = consent;
    asker.controller.join.consented(CHAT, { kind: 'consent', joinNumber, commitment, by: 'berit' });
  }
  bothStates({ whisperId: WHISPER, joinNumber, state: 'accepted' });
  supporter.deliver('join:consent', {
    whisperId: WHISPER,
    chatId: CHAT,
    joinNumber,
    commitment: consent.commitment,
  });
  await settle();
  const { publicKey } = supporter.sent('join:key').at(-1) as { publicKey: string };
  const widget = completeVisitorMember(consent, CHAT, joinNumber, publicKey);
  const revealed = revealOther ? startMemberConsent().commitment : widget.publicKey;
  supporter.deliver('join:key', { chatId: CHAT, joinNumber, publicKey: revealed });
  bothStates({ whisperId: WHISPER, joinNumber, state: 'joined' });
  await settle();
  return { session: widget.session, joinNumber };
}

function fromVisitor(session: Session, joinNumber: number, text: string, id = newMessageId()) {
  return { chatId: CHAT, joinNumber, frame: sealText(session, text, id) };
}

describe('a supervisor joining a chat, on the two consoles', () => {
  it('makes the member key only on the yes, then reads the visitor and writes to them', async () => {
    const setup = await keyedWhisper();
    const { asker, supporter } = setup;
    const { session, joinNumber } = await joined(setup);
    expect(supporter.controller.whispers.get(WHISPER)?.join).toMatchObject({
      state: 'joined',
      keyed: true,
    });
    expect(asker.controller.whispers.get(WHISPER)?.join?.state).toBe('joined');
    expect(asker.members).toEqual(['berit']);
    // The asker vouched to the visitor, once, for the key the member sent the server.
    const { publicKey } = supporter.sent('join:key').at(-1) as { publicKey: string };
    expect(asker.vouches).toEqual([
      { chatId: CHAT, vouch: { kind: 'member', joinNumber, publicKey, by: 'berit' } },
    ]);

    // The visitor's line reaches the member, once.
    const id = newMessageId();
    supporter.deliver('join:message', fromVisitor(session, joinNumber, 'hej', id));
    const lines = () => supporter.controller.whispers.get(WHISPER)?.join?.lines ?? [];
    expect(lines()).toEqual([{ id, from: 'visitor', text: 'hej' }]);

    // The member's line: sealed to the visitor with its alias, and copied to the asker.
    await supporter.controller.join.send(WHISPER, '  Jag heter Berit.  ');
    const { frame } = supporter.sent('join:message')[0] as { frame: WireFrame };
    const content = openFrame(session, frame);
    expect(content).toMatchObject({ kind: 'text', text: 'Jag heter Berit.', by: 'berit' });
    expect(asker.chatLines).toEqual([
      { id: (content as { id: string }).id, text: 'Jag heter Berit.', by: 'berit' },
    ]);
    expect(lines().at(-1)).toEqual({
      id: (content as { id: string }).id,
      from: 'me',
      text: 'Jag heter Berit.',
    });

    // The counsellor's own chat line is copied to the member, with the same id.
    asker.controller.join.copyLine(CHAT, 'L'.repeat(22), 'Berit är samordnare.');
    await settle();
    expect(lines().at(-1)).toEqual({
      id: 'L'.repeat(22),
      from: 'counsellor',
      text: 'Berit är samordnare.',
    });
    // A line the visitor's way refused is shown failed, and not copied to the asker.
    setup.refusing.frames = true;
    await supporter.controller.join.send(WHISPER, 'Hallå?');
    expect(lines().at(-1)).toMatchObject({ text: 'Hallå?', state: 'failed' });
    expect(asker.chatLines).toHaveLength(1);

    // None of it is a line of the whisper itself.
    expect(asker.controller.whispers.get(WHISPER)?.lines).toEqual([]);
    expect(supporter.controller.whispers.get(WHISPER)?.lines).toEqual([]);
  });

  it('takes no yes the server makes up: no vouch, no copies, no member session', async () => {
    const setup = await keyedWhisper();
    const { asker, supporter } = setup;
    await joined(setup, false, false);
    expect(asker.vouches).toEqual([]);
    expect(supporter.controller.whispers.get(WHISPER)?.join?.keyed).toBe(false);
    // The server says joined, but the asker copies nothing of the chat.
    asker.controller.join.copyLine(CHAT, 'L'.repeat(22), 'not for a member nobody let in');
    await settle();
    expect(supporter.controller.whispers.get(WHISPER)?.join?.lines).toEqual([]);
    expect(supporter.sent('join:message')).toEqual([]);
  });

  it('leaves at once when the visitor’s key is not the one their yes committed to', async () => {
    const setup = await keyedWhisper();
    const { session, joinNumber } = await joined(setup, true);
    const { supporter, asker } = setup;
    expect(supporter.sent('join:leave')).toEqual([{ whisperId: WHISPER }]);
    expect(supporter.controller.whispers.get(WHISPER)?.join).toMatchObject({
      state: 'ended',
      outcome: 'tampered',
    });
    expect(asker.controller.whispers.get(WHISPER)?.join?.outcome).toBe('left');
    supporter.deliver('join:message', fromVisitor(session, joinNumber, 'hej'));
    expect(supporter.controller.whispers.get(WHISPER)?.join?.lines).toEqual([]);
  });

  it('wipes the member session on an end, and reads nothing after it', async () => {
    const setup = await keyedWhisper();
    const { supporter, asker, bothStates } = setup;
    const { session, joinNumber } = await joined(setup);
    bothStates({ whisperId: WHISPER, joinNumber, state: 'ended', reason: 'removed' });
    expect(supporter.controller.whispers.get(WHISPER)?.join).toMatchObject({
      state: 'ended',
      outcome: 'removed',
      wasJoined: true,
      keyed: false,
    });
    expect(asker.members).toEqual(['berit', undefined]);
    supporter.deliver('join:message', fromVisitor(session, joinNumber, 'efteråt'));
    await supporter.controller.join.send(WHISPER, 'efteråt');
    asker.controller.join.copyLine(CHAT, 'L'.repeat(22), 'efteråt');
    await settle();
    expect(supporter.sent('join:message')).toEqual([]);
    expect(supporter.controller.whispers.get(WHISPER)?.join?.lines).toEqual([]);

    // A later ask is a new join, with its own number and an empty view.
    const again = await joined(setup);
    expect(again.joinNumber).toBe(joinNumber + 1);
    expect(supporter.controller.whispers.get(WHISPER)?.join?.state).toBe('joined');
  });

  it('ends the join with the whisper, and the member’s Leave is its own', async () => {
    const setup = await keyedWhisper();
    const { supporter, asker } = setup;
    await joined(setup);
    await supporter.controller.join.leave(WHISPER);
    expect(supporter.controller.whispers.get(WHISPER)?.join?.outcome).toBe('left_here');
    expect(asker.controller.whispers.get(WHISPER)?.join).toMatchObject({
      outcome: 'left',
      wasJoined: true,
    });

    await joined(setup);
    asker.deliver('whisper:ended', { whisperId: WHISPER, reason: 'disconnected' });
    expect(asker.controller.whispers.get(WHISPER)?.join?.outcome).toBe('disconnected');
    expect(asker.members.at(-1)).toBeUndefined();
  });

  it('says no on the asker’s side when the visitor does, and nobody gets a key', async () => {
    const { supporter, asker, bothStates } = await keyedWhisper();
    await supporter.controller.join.ask(WHISPER);
    bothStates({ whisperId: WHISPER, joinNumber: 1, state: 'ended', reason: 'declined' });
    expect(asker.controller.whispers.get(WHISPER)?.join).toMatchObject({
      state: 'ended',
      outcome: 'declined',
      wasJoined: false,
    });
    expect(supporter.sent('join:key')).toEqual([]);
    // News of an earlier step after the end changes nothing.
    bothStates({ whisperId: WHISPER, joinNumber: 1, state: 'accepted' });
    expect(supporter.controller.whispers.get(WHISPER)?.join?.state).toBe('ended');
  });

  it('drops a copied line outside a join and never shows a history in a whisper', async () => {
    const { supporter, asker } = await keyedWhisper();
    // The supporter's console, tampered with, sends both anyway: the asker shows neither.
    const session = (
      supporter.controller as unknown as { sessions: Map<string, Session> }
    ).sessions.get(WHISPER)!;
    const send = (content: Parameters<typeof sealContent>[1]) =>
      asker.deliver('whisper:message', {
        whisperId: WHISPER,
        frame: sealContent(session, content),
      });
    send({ kind: 'line', id: 'L'.repeat(22), text: 'ingen join', by: 'berit' });
    send({ kind: 'history', lines: [{ id: 'H'.repeat(22), from: 'visitor', text: 'förr' }] });
    send({ kind: 'text', id: 'T'.repeat(22), text: 'en viskning' });
    expect(asker.chatLines).toEqual([]);
    expect(asker.controller.whispers.get(WHISPER)?.lines.map((l) => l.text)).toEqual([
      'en viskning',
    ]);
  });
});

/** The counsellor's whole console on a stand-in socket that answers as the server would. */
async function counsellorConsole(commitment: string) {
  const emitted: Emitted[] = [];
  const accepted = acceptedChat(CHAT, commitment);
  const answers: Record<string, unknown> = {
    'chats:resume': [],
    'queue:accept': accepted,
    'whisper:ask': { whisperId: WHISPER, supervisors: 1 },
  };
  const { socket, deliver } = standInCounsellorSocket((event, payload) => {
    emitted.push({ event, payload });
    return Promise.resolve({ ok: true, data: answers[event] ?? null });
  }, true);
  const controller = consoleOn(socket);
  controller.alias = 'anna';
  await controller.connect();
  deliver('connect');
  await settle();
  return {
    controller,
    deliver,
    sent: (event: string) => emitted.filter((e) => e.event === event).map((e) => e.payload),
  };
}

describe('the counsellor’s chat while a supervisor is in it', () => {
  it('shows their lines as theirs, copies its own, and re-sends both to a visitor who reloaded', async () => {
    const first = startVisitorHandshake();
    const { controller, deliver, sent } = await counsellorConsole(first.commitment);
    await controller.acceptNext();
    const offer = sent('chat:rekey')[0] as RekeyOffer;
    const visitor = completeVisitorHandshake(first, {
      chatId: CHAT,
      epoch: 0,
      counsellorKey: offer.publicKey,
      counsellorAlias: 'anna',
    });
    deliver('chat:key', visitor.reveal);

    // A keyed whisper with Berit, who joins the chat.
    await controller.whisper.askFor(CHAT);
    const { commitment } = sent('whisper:ask')[0] as { commitment: string };
    const berit = startWhisperSupport();
    deliver('whisper:accepted', { whisperId: WHISPER, from: 'berit', publicKey: berit.publicKey });
    await settle();
    const askerKey = (sent('whisper:key')[0] as { publicKey: string }).publicKey;
    const whisper = completeSupporterWhisper(berit.keyPair, WHISPER, commitment, askerKey);
    deliver('join:state', { whisperId: WHISPER, joinNumber: 1, state: 'asked' });
    // The visitor's yes, in the chat's own session; the console passes it on to Berit.
    const { commitment: yes } = startMemberConsent();
    const consent = { kind: 'consent', joinNumber: 1, commitment: yes, by: 'berit' } as const;
    deliver('chat:message', sealContent(visitor.session, consent));
    const passedOn = sent('whisper:message').at(-1) as { frame: WireFrame };
    expect(openFrame(whisper, passedOn.frame)).toEqual(consent);
    deliver('join:state', { whisperId: WHISPER, joinNumber: 1, state: 'joined' });
    expect(controller.chats.get(CHAT)?.member).toBe('berit');

    const id = newMessageId();
    deliver('whisper:message', {
      whisperId: WHISPER,
      frame: sealContent(whisper, { kind: 'line', id, text: 'Jag heter Berit.', by: 'berit' }),
    });
    expect(controller.chats.get(CHAT)?.lines).toEqual([
      { id, from: 'member', text: 'Jag heter Berit.', by: 'berit' },
    ]);

    // Her own line goes to the visitor and, with the same id, to Berit.
    controller.send(CHAT, 'Hej igen');
    await settle();
    const toVisitor = openFrame(visitor.session, sent('chat:send')[0] as WireFrame);
    const toBerit = openFrame(
      whisper,
      (sent('whisper:message').at(-1) as { frame: WireFrame }).frame,
    );
    expect(toBerit).toEqual({
      kind: 'line',
      id: (toVisitor as { id: string }).id,
      text: 'Hej igen',
      by: 'anna',
    });

    // The visitor reloads and proves it: the history has Berit's line, as hers.
    const again = startVisitorHandshake();
    deliver('chat:rekey', {
      chatId: CHAT,
      epoch: 1,
      commitment: again.commitment,
      proof: proveCommitment(resumeSecretOf(visitor.session), again.commitment),
    });
    await settle();
    const reoffer = sent('chat:rekey').at(-1) as RekeyOffer;
    const reloaded = completeVisitorHandshake(again, {
      chatId: CHAT,
      epoch: 1,
      counsellorKey: reoffer.publicKey,
      counsellorAlias: 'anna',
    });
    deliver('chat:key', reloaded.reveal);
    await settle();
    const history = openFrame(reloaded.session, sent('chat:send').at(-1) as WireFrame);
    expect(history).toEqual({
      kind: 'history',
      lines: [
        { id, from: 'counsellor', text: 'Jag heter Berit.', by: 'berit' },
        { id: (toVisitor as { id: string }).id, from: 'counsellor', text: 'Hej igen', by: 'anna' },
      ],
    });

    // Berit leaves: the chat no longer says she is in it.
    deliver('join:state', { whisperId: WHISPER, joinNumber: 1, state: 'ended', reason: 'left' });
    expect(controller.chats.get(CHAT)?.member).toBeUndefined();
  });
});
