import { beforeAll, describe, expect, it } from 'vitest';
import {
  completeCounsellorHandshake,
  openFrame,
  readyCrypto,
  sealContent,
  startCounsellorHandshake,
  type Session,
} from '../../shared/crypto/chat.js';
import { completeJoinerMember, startMemberJoin } from '../../shared/crypto/member.js';
import type { KeyReveal, WireFrame } from '../../shared/protocol/schemas.js';
import type { VisitorChatController } from '../../client/widget/visitor-chat.controller.js';
import { standInVisitorSocket, widgetOn } from '../support/stand-ins.js';

/*
 * The widget's side of a supervisor joining with the visitor's consent (§23), driven
 * through the chat's controller with a stand-in socket that plays the server and, with
 * shared/crypto, the counsellor's and the member's consoles: nothing is keyed before
 * the visitor's yes, the member session carries the visitor's texts (same ids) and the
 * member's, and every end wipes it and says so once.
 */

const CHAT = 'C'.repeat(22);
const OTHER_CHAT = 'D'.repeat(22);

function standIn() {
  const emitted: { event: string; payload: unknown }[] = [];
  const answers = new Map<string, unknown>();
  const answer = (event: string, payload: unknown): Promise<unknown> => {
    emitted.push({ event, payload });
    if (event === 'queue:join') {
      return Promise.resolve({
        ok: true,
        data: { chatId: CHAT, position: 1, resumeToken: 'T'.repeat(43) },
      });
    }
    if (event === 'status:get') return Promise.resolve({ ok: false, error: 'internal' });
    return Promise.resolve(answers.get(event) ?? { ok: true, data: null });
  };
  const { socket, deliver } = standInVisitorSocket(answer);
  return {
    socket,
    emitted,
    /** What the server answers to an event, instead of `{ok: true, data: null}`. */
    answers,
    sent: <T>(event: string) => emitted.filter((e) => e.event === event).map((e) => e.payload as T),
    deliver,
  };
}

/** Lets the join's code load and every answer come back. */
const settle = async () => {
  for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setTimeout(resolve, 0));
};

/** A widget in a keyed chat with Anna, and the stand-in around it. */
async function chatWithAnna() {
  const relay = standIn();
  const widget = widgetOn(relay.socket);
  await widget.start('adult', 'en');
  const counsellor = startCounsellorHandshake();
  relay.deliver('chat:started', {
    chatId: CHAT,
    epoch: 0,
    counsellorKey: counsellor.publicKey,
    counsellorAlias: 'Anna',
  });
  await settle();
  const [queued] = relay.sent<{ commitment: string }>('queue:join');
  const [reveal] = relay.sent<KeyReveal>('chat:key');
  const chatSession = completeCounsellorHandshake(
    counsellor.keyPair,
    { chatId: CHAT, epoch: 0, commitment: queued!.commitment },
    reveal!,
  );
  expect(widget.phase).toBe('chat');
  return { relay, widget, chatSession };
}

type Chat = Awaited<ReturnType<typeof chatWithAnna>>;

/** The server's `chat:join-asked`: a supervisor asks to join the chat. */
const askOf = (joinNumber = 1, alias = 'Berit', chatId = CHAT) => ({
  chatId,
  joinNumber,
  alias,
  role: 'supervisor' as const,
});

/** Anna's console, in the chat's own session, vouches that the member of the join holds `publicKey`. */
function vouch({ relay, chatSession }: Chat, joinNumber: number, publicKey: string, by = 'Berit') {
  const frame = sealContent(chatSession, { kind: 'member', joinNumber, publicKey, by });
  relay.deliver('chat:message', frame, () => undefined);
}

/** Asks the visitor for join `joinNumber` and says yes; the commitment of the yes. */
async function askAndSayYes({ relay, widget }: Chat, joinNumber = 1): Promise<string> {
  relay.deliver('chat:join-asked', askOf(joinNumber));
  await settle();
  await widget.joins!.answer(true);
  return relay.sent<{ commitment: string }>('chat:join-answer').at(-1)!.commitment;
}

/**
 * Asks the visitor for join `joinNumber`; answers yes and keys it as Berit's console
 * would, with Anna's vouch for Berit's key before or after the server's relay of it.
 */
async function join(chat: Chat, joinNumber = 1, vouchFirst = false): Promise<Session> {
  const { relay } = chat;
  const commitment = await askAndSayYes(chat, joinNumber);
  const member = startMemberJoin();
  if (vouchFirst) vouch(chat, joinNumber, member.publicKey);
  relay.deliver('chat:join-key', { chatId: CHAT, joinNumber, publicKey: member.publicKey });
  if (!vouchFirst) vouch(chat, joinNumber, member.publicKey);
  await settle();
  const revealed = relay.sent<{ publicKey: string }>('chat:join-key').at(-1)!;
  return completeJoinerMember(member.keyPair, CHAT, joinNumber, commitment, revealed.publicKey);
}

/** What the conversation says of joins, in order. */
const notes = (widget: VisitorChatController) =>
  widget.joins?.notes.map((note) => `${note.kind} ${note.alias}`) ?? [];

beforeAll(async () => {
  await readyCrypto();
  // The widget loads the join's code with the first ask; loaded once here, not mid-test.
  await import('../../client/widget/visitor-join.js');
});

describe('a supervisor asking to join the chat', () => {
  it('asks the visitor and sends nothing but the answer before a yes', async () => {
    const chat = await chatWithAnna();
    const { relay, widget } = chat;
    relay.deliver('chat:join-asked', askOf());
    await settle();
    expect(widget.joins?.current).toEqual({ joinNumber: 1, alias: 'Berit', stage: 'asking' });
    expect(relay.sent('chat:join-answer')).toEqual([]);

    // Before the answer the visitor's texts go to the volunteer only.
    widget.send('only for Anna');
    await settle();
    expect(relay.sent('chat:member-send')).toEqual([]);
  });

  it('ignores an ask for another chat', async () => {
    const { relay, widget } = await chatWithAnna();
    relay.deliver('chat:join-asked', askOf(1, 'Berit', OTHER_CHAT));
    await settle();
    expect(widget.joins?.current).toBeUndefined();
  });

  it('on a no answers no, makes no key and says nobody joined', async () => {
    const { relay, widget } = await chatWithAnna();
    relay.deliver('chat:join-asked', askOf());
    await settle();
    await widget.joins!.answer(false);
    expect(relay.sent('chat:join-answer')).toEqual([{ chatId: CHAT, joinNumber: 1, yes: false }]);
    expect(widget.joins?.current).toBeUndefined();
    expect(notes(widget)).toEqual(['declined Berit']);
    // A later key for it is not answered.
    relay.deliver('chat:join-key', {
      chatId: CHAT,
      joinNumber: 1,
      publicKey: startMemberJoin().publicKey,
    });
    await settle();
    expect(relay.sent('chat:join-key')).toEqual([]);
  });

  it('on a yes commits first, reveals only after the member key, and derives the same session', async () => {
    const chat = await chatWithAnna();
    const member = await join(chat);
    const { widget, relay } = chat;
    expect(widget.joins?.current?.stage).toBe('joined');
    expect(notes(widget)).toEqual(['joined Berit']);
    expect(relay.sent('chat:join-answer')).toEqual([
      { chatId: CHAT, joinNumber: 1, yes: true, commitment: expect.any(String) as string },
    ]);
    // completeJoinerMember checked the revealed key against the commitment: keyed alike.
    expect(member.epoch).toBe(1);
  });

  it("sends each of the visitor's texts to the member too, with the chat's id", async () => {
    const chat = await chatWithAnna();
    const member = await join(chat);
    const { widget, relay, chatSession } = chat;
    widget.send('  hello both  ');
    await settle();
    const toAnna = relay.sent<WireFrame>('chat:send').at(-1);
    const [toBerit] = relay.sent<{ chatId: string; joinNumber: number; frame: WireFrame }>(
      'chat:member-send',
    );
    const forAnna = openFrame(chatSession, toAnna!);
    expect(toBerit).toMatchObject({ chatId: CHAT, joinNumber: 1 });
    expect(toBerit!.frame).toMatchObject({ chatId: CHAT, epoch: 1, sender: 'visitor' });
    expect(openFrame(member, toBerit!.frame)).toEqual({
      kind: 'text',
      id: (forAnna as { id: string }).id,
      text: 'hello both',
    });
    // The chat's keys do not open the member's frame, nor the member's the chat's.
    expect(() => openFrame(chatSession, toBerit!.frame)).toThrow();
  });

  it("shows the member's texts with their alias, and refuses anything but a text", async () => {
    const chat = await chatWithAnna();
    const member = await join(chat);
    const { widget, relay } = chat;
    const arrived = widget.arrived;
    const say = (content: Parameters<typeof sealContent>[1]) =>
      relay.deliver('chat:member-message', {
        chatId: CHAT,
        joinNumber: 1,
        frame: sealContent(member, content),
      });
    say({ kind: 'text', id: 'AAAAAAAAAAAA', text: 'Hi, I am Berit', by: 'Someone else' });
    say({ kind: 'line', id: 'BBBBBBBBBBBB', text: 'copied', by: 'Anna' });
    say({ kind: 'history', lines: [{ id: 'CCCCCCCCCCCC', from: 'counsellor', text: 'old' }] });
    say({ kind: 'text', id: 'AAAAAAAAAAAA', text: 'the same id again' });
    await settle();
    expect(widget.lines).toEqual([
      { id: 'AAAAAAAAAAAA', from: 'them', text: 'Hi, I am Berit', by: 'Berit' },
    ]);
    expect(widget.arrived).toBe(arrived + 1);
  });

  it('wipes the member session and says the member left, once, when the server ends the join', async () => {
    const chat = await chatWithAnna();
    const member = await join(chat);
    const { widget, relay } = chat;
    relay.deliver('chat:member-left', { chatId: CHAT, joinNumber: 1, reason: 'left' });
    relay.deliver('chat:member-left', { chatId: CHAT, joinNumber: 1, reason: 'left' });
    await settle();
    expect(widget.joins?.current).toBeUndefined();
    expect(notes(widget)).toEqual(['joined Berit', 'left Berit']);
    widget.send('after');
    relay.deliver('chat:member-message', {
      chatId: CHAT,
      joinNumber: 1,
      frame: sealContent(member, { kind: 'text', id: 'AAAAAAAAAAAA', text: 'late' }),
    });
    await settle();
    expect(relay.sent('chat:member-send')).toEqual([]);
    expect(widget.lines.map((line) => line.text)).toEqual(['after']);
  });

  it('takes a question away without a word when the ask is over before the answer', async () => {
    const { relay, widget } = await chatWithAnna();
    relay.deliver('chat:join-asked', askOf());
    relay.deliver('chat:member-left', { chatId: CHAT, joinNumber: 1, reason: 'ended' });
    await settle();
    expect(widget.joins?.current).toBeUndefined();
    expect(notes(widget)).toEqual([]);
  });

  it('lets the visitor remove the member', async () => {
    const chat = await chatWithAnna();
    await join(chat);
    const { widget, relay } = chat;
    await widget.joins!.remove();
    expect(relay.sent('chat:join-end')).toEqual([{ chatId: CHAT, joinNumber: 1 }]);
    expect(widget.joins?.current).toBeUndefined();
    expect(notes(widget)).toEqual(['joined Berit', 'left Berit']);
  });

  it("on a yes tells Anna's console first, in the chat's session, with the answer's commitment", async () => {
    const chat = await chatWithAnna();
    const commitment = await askAndSayYes(chat);
    const [told] = chat.relay.sent<WireFrame>('chat:send');
    expect(openFrame(chat.chatSession, told!)).toEqual({
      kind: 'consent',
      joinNumber: 1,
      commitment,
      by: 'Berit',
    });
    // Sent before the answer to the server.
    const order = chat.relay.emitted.map((e) => e.event);
    expect(order.indexOf('chat:send')).toBeLessThan(order.indexOf('chat:join-answer'));
  });

  it('takes the vouch before the relayed key as well as after', async () => {
    const chat = await chatWithAnna();
    const member = await join(chat, 1, true);
    expect(chat.widget.joins?.current?.stage).toBe('joined');
    expect(member.epoch).toBe(1);
  });

  it("reveals nothing and sends nothing to a member key Anna's console did not vouch for (one the server made)", async () => {
    const chat = await chatWithAnna();
    const { relay, widget } = chat;
    await askAndSayYes(chat);
    const invented = startMemberJoin();
    relay.deliver('chat:join-key', { chatId: CHAT, joinNumber: 1, publicKey: invented.publicKey });
    await settle();
    widget.send('typed after a yes to an invented member');
    await settle();
    // To Anna: the visitor's yes and the text; to the invented member, nothing.
    expect(relay.sent('chat:send')).toHaveLength(2);
    expect(relay.sent('chat:join-key')).toEqual([]);
    expect(relay.sent('chat:member-send')).toEqual([]);
    expect(widget.joins?.current?.stage).toBe('keying');
  });

  it('ends the join when the relayed key is not the vouched one, or the vouch names someone else', async () => {
    for (const [publicKey, by] of [
      [startMemberJoin().publicKey, 'Berit'],
      [undefined, 'Mallory'],
    ] as const) {
      const chat = await chatWithAnna();
      const { relay, widget } = chat;
      await askAndSayYes(chat);
      const offered = startMemberJoin().publicKey;
      relay.deliver('chat:join-key', { chatId: CHAT, joinNumber: 1, publicKey: offered });
      vouch(chat, 1, publicKey ?? offered, by);
      await settle();
      expect(relay.sent('chat:join-key')).toEqual([]);
      expect(relay.sent('chat:join-end')).toEqual([{ chatId: CHAT, joinNumber: 1 }]);
      expect(notes(widget)).toEqual(['failed Berit']);
    }
  });

  it('ends the join with the chat, and forgets it all on close', async () => {
    const chat = await chatWithAnna();
    await join(chat);
    const { widget, relay } = chat;
    relay.deliver('chat:ended', { chatId: CHAT, reason: 'ended_by_counsellor' });
    await settle();
    expect(widget.joins?.current).toBeUndefined();
    expect(notes(widget)).toEqual(['joined Berit', 'left Berit']);
    widget.wipe();
    expect(notes(widget)).toEqual([]);
  });

  it('ends the join on a new connection, where the server already ended it', async () => {
    const chat = await chatWithAnna();
    await join(chat);
    const { widget, relay } = chat;
    relay.answers.set('chat:resume', {
      ok: true,
      data: { status: 'active', epoch: 0, route: 'adult', resumeToken: 'U'.repeat(43) },
    });
    relay.deliver('disconnect');
    relay.deliver('connect');
    await settle();
    expect(widget.joins?.current).toBeUndefined();
    expect(notes(widget)).toEqual(['joined Berit', 'left Berit']);
  });

  it('ends a join still going on at a newer ask of the chat, and ignores an older', async () => {
    const chat = await chatWithAnna();
    await join(chat, 1);
    const { widget, relay } = chat;
    relay.deliver('chat:join-asked', askOf(1, 'Eve'));
    await settle();
    expect(widget.joins?.current).toMatchObject({ joinNumber: 1, alias: 'Berit', stage: 'joined' });
    relay.deliver('chat:join-asked', askOf(2, 'Cecilia'));
    await settle();
    expect(widget.joins?.current).toEqual({ joinNumber: 2, alias: 'Cecilia', stage: 'asking' });
    expect(notes(widget)).toEqual(['joined Berit', 'left Berit']);
  });
});
