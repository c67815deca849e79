import { beforeAll, describe, expect, it } from 'vitest';
import {
  completeVisitorHandshake,
  readyCrypto,
  startVisitorHandshake,
} from '../../shared/crypto/chat.js';
import type { PresenceSet, RekeyOffer } from '../../shared/protocol/schemas.js';
import { acceptedChat, consoleOn, standInCounsellorSocket } from '../support/stand-ins.js';

/*
 * After a reconnect the server moves the account's chats to the console's new socket
 * only when `chats:resume` is handled; a message sent on the new socket before that is
 * refused (not this socket's chat). The console must hold its outbox until
 * `chats:resume` has answered, even when the visitor's "present" arrives first. The
 * socket is a stand-in: the test answers `chats:resume` when it chooses.
 */

const CHAT = 'C'.repeat(22);

beforeAll(async () => {
  await readyCrypto();
});

function standInSocket(commitment: string) {
  const emitted: string[] = [];
  const accepted = acceptedChat(CHAT, commitment);
  /** The answers to `chats:resume` the test has not given yet. */
  const resumes: ((answer: unknown) => void)[] = [];
  const offers: RekeyOffer[] = [];
  const presence: PresenceSet[] = [];
  const { socket, deliver } = standInCounsellorSocket((event, payload) => {
    emitted.push(event);
    if (event === 'presence:set') presence.push(payload as PresenceSet);
    if (event === 'chats:resume') return new Promise((resolve) => resumes.push(resolve));
    if (event === 'queue:accept') return Promise.resolve({ ok: true, data: accepted });
    if (event === 'chat:rekey') offers.push(payload as RekeyOffer);
    return Promise.resolve({ ok: true, data: null });
  });
  return { socket, emitted, resumes, offers, presence, accepted, deliver };
}

const settle = async () => {
  for (let i = 0; i < 10; i += 1) await new Promise((resolve) => setTimeout(resolve, 0));
};

/** A console on the stand-in, connected, its `chats:resume` answered (nothing to resume). */
async function connectedConsole(relay: ReturnType<typeof standInSocket>) {
  const controller = consoleOn(relay.socket);
  await controller.connect();
  relay.deliver('connect');
  relay.resumes.shift()?.({ ok: true, data: [] });
  await settle();
  return controller;
}

describe('the console after a reconnect', () => {
  it('sends what was written meanwhile only after chats:resume has answered', async () => {
    const visitor = startVisitorHandshake();
    const relay = standInSocket(visitor.commitment);
    const controller = await connectedConsole(relay);

    // A keyed chat, and a message that goes at once.
    await controller.acceptNext();
    const offer = relay.offers[0]!;
    const { reveal } = completeVisitorHandshake(visitor, {
      chatId: offer.chatId,
      epoch: offer.epoch,
      counsellorKey: offer.publicKey,
      counsellorAlias: 'anna',
    });
    relay.deliver('chat:key', reveal);
    controller.send(CHAT, 'before the drop');
    await settle();
    expect(relay.emitted.filter((e) => e === 'chat:send')).toHaveLength(1);

    // The connection drops; the counsellor writes on.
    relay.deliver('disconnect', 'transport close');
    controller.send(CHAT, 'while away');
    await settle();
    relay.emitted.length = 0;
    // The mailbox's list is asked for on each connection too: not a chat's business.
    const chatEvents = () => relay.emitted.filter((event) => event.startsWith('chat'));

    // Back, on a new socket: the visitor's "present" comes before chats:resume's answer.
    relay.deliver('connect');
    relay.deliver('chat:peer', { chatId: CHAT, present: true });
    await settle();
    expect(chatEvents()).toEqual(['chats:resume']);
    const line = () => controller.chats.get(CHAT)?.lines.find((l) => l.text === 'while away');
    expect(line()?.state).toBe('sending');

    relay.resumes.shift()?.({ ok: true, data: [{ ...relay.accepted, rekey: false }] });
    await settle();
    expect(chatEvents()).toEqual(['chats:resume', 'chat:send']);
    expect(line()?.state).toBe('sent');
  });
});

describe('the console’s presence', () => {
  it('keeps "available" just asked for when the number of chats changes before its answer', async () => {
    const relay = standInSocket(startVisitorHandshake().commitment);
    const controller = await connectedConsole(relay);
    // Switched on, and at once two chats: the answer to the first is not back yet.
    const switchedOn = controller.setAvailable(true);
    const raised = controller.setCapacity(2);
    await Promise.all([switchedOn, raised]);
    expect(relay.presence).toMatchObject([{ available: true }, { available: true, capacity: 2 }]);
  });
});
