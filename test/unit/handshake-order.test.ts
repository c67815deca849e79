import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  completeVisitorHandshake,
  readyCrypto,
  sealText,
  startVisitorHandshake,
  type PendingHandshake,
} from '../../shared/crypto/chat.js';
import { sodium } from '../../shared/crypto/sodium.js';
import type { ChatAccepted, RekeyOffer } from '../../shared/protocol/schemas.js';
import {
  CounsellorController,
  type ChatEvent,
  type CounsellorSocket,
} from '../../client/console/counsellor.controller.js';

/*
 * Protocol v2's handshake order, on the console's own code: it must not show a key
 * before it holds the chatId, the epoch and the visitor's commitment they bind to
 * (docs/PROTOCOL.md), or a relay could grind ids until the safety words match. The
 * socket is a stand-in recording what the console emits, in order; the server's
 * answers are the ones the real server gives (test/integration covers the server).
 */

interface Emitted {
  event: string;
  payload: unknown;
  /** What the console had been told when it emitted this. */
  knewAccepted: boolean;
}

function standInSocket(visitor: PendingHandshake) {
  const emitted: Emitted[] = [];
  const listeners = new Map<string, (...args: unknown[]) => void>();
  let accepted: ChatAccepted | undefined;
  const answer = (event: string, payload: unknown): unknown => {
    emitted.push({ event, payload, knewAccepted: accepted !== undefined });
    if (event === 'queue:accept') {
      accepted = {
        chatId: 'C'.repeat(22),
        epoch: 3,
        route: 'adult',
        commitment: visitor.commitment,
        waitedSeconds: 1,
        resumeHash: 'H'.repeat(43),
      };
      return { ok: true, data: accepted };
    }
    return { ok: true, data: null };
  };
  const socket = {
    on(event: string, listener: (...args: unknown[]) => void) {
      listeners.set(event, listener);
      return socket;
    },
    timeout: () => ({
      emitWithAck: (event: string, payload: unknown) => Promise.resolve(answer(event, payload)),
    }),
    emit: (event: string, payload: unknown) => answer(event, payload),
    removeAllListeners: () => socket,
    disconnect: () => socket,
    connect: () => socket,
  };
  return {
    socket: socket as unknown as CounsellorSocket,
    emitted,
    /** Delivers a server → console event to the console's listener. */
    deliver: (event: string, ...args: unknown[]) => listeners.get(event)?.(...args),
  };
}

beforeAll(async () => {
  await readyCrypto();
});

function consoleOn(relay: ReturnType<typeof standInSocket>) {
  const host = {
    addController: () => undefined,
    removeController: () => undefined,
    requestUpdate: () => undefined,
    updateComplete: Promise.resolve(true),
  };
  return new CounsellorController(
    host,
    () => undefined,
    () => relay.socket,
  );
}

describe('the console at accept (protocol v2)', () => {
  it('asks for the chat with no key, and offers its key only for the chatId, epoch and commitment it was given', async () => {
    const visitor = startVisitorHandshake();
    const relay = standInSocket(visitor);
    const controller = consoleOn(relay);
    await controller.connect();

    const result = await controller.acceptNext();
    expect(result).toEqual({ chatId: 'C'.repeat(22) });

    const [accept, offer, ...rest] = relay.emitted;
    expect(accept).toEqual({ event: 'queue:accept', payload: {}, knewAccepted: false });
    // No key anywhere before the console knew the chat.
    for (const { payload, knewAccepted } of relay.emitted) {
      if (!knewAccepted) expect(JSON.stringify(payload)).not.toMatch(/publicKey|Key/);
    }
    expect(offer?.event).toBe('chat:rekey');
    expect(offer?.knewAccepted).toBe(true);
    const sent = offer?.payload as RekeyOffer;
    expect(sent).toMatchObject({ chatId: 'C'.repeat(22), epoch: 3 });
    expect(sent.proof).toBeUndefined();
    expect(rest).toEqual([]);

    // The offer completes a real handshake with the visitor who made the commitment.
    const { session, reveal } = completeVisitorHandshake(visitor, {
      chatId: sent.chatId,
      epoch: sent.epoch,
      counsellorKey: sent.publicKey,
      counsellorAlias: 'anna',
    });
    relay.deliver('chat:key', reveal);
    expect(controller.chats.get(sent.chatId)?.status).toBe('active');
    expect(controller.chats.get(sent.chatId)?.safetyIndices).toEqual(session.safetyIndices);
  });
});

describe('a key the console made and never used', () => {
  it('is wiped when its chat ends before the visitor showed theirs', async () => {
    const relay = standInSocket(startVisitorHandshake());
    const controller = consoleOn(relay);
    await controller.connect();
    const made: Uint8Array[] = [];
    const makeKeyPair = sodium.crypto_kx_keypair.bind(sodium);
    const recording = () => {
      const pair = makeKeyPair();
      made.push(pair.privateKey);
      return pair;
    };
    vi.spyOn(sodium, 'crypto_kx_keypair').mockImplementationOnce(
      recording as unknown as typeof sodium.crypto_kx_keypair,
    );
    const { chatId } = (await controller.acceptNext()) as { chatId: string };
    expect(made).toHaveLength(1);
    expect(made[0]?.some((byte) => byte !== 0)).toBe(true);

    relay.deliver('chat:ended', { chatId, reason: 'visitor_disconnected' });
    expect(controller.chats.get(chatId)?.status).toBe('ended');
    expect(made[0]?.every((byte) => byte === 0)).toBe(true);
  });
});

describe('what the console tells its live region', () => {
  it('reports a message only while its chat is off screen, and the end once', async () => {
    const visitor = startVisitorHandshake();
    const relay = standInSocket(visitor);
    const controller = consoleOn(relay);
    const events: ChatEvent[] = [];
    controller.onChatEvent = (event) => events.push(event);
    await controller.connect();
    const chatId = 'C'.repeat(22);
    await controller.acceptNext();
    const offer = relay.emitted.find((sent) => sent.event === 'chat:rekey')?.payload as RekeyOffer;
    const { session, reveal } = completeVisitorHandshake(visitor, {
      chatId,
      epoch: offer.epoch,
      counsellorKey: offer.publicKey,
      counsellorAlias: 'anna',
    });
    relay.deliver('chat:key', reveal);
    expect(events).toEqual([]);

    controller.showing(chatId);
    relay.deliver('chat:message', sealText(session, 'on screen'));
    expect(events).toEqual([]);
    controller.showing(undefined);
    relay.deliver('chat:message', sealText(session, 'off screen'));
    expect(events).toEqual([{ kind: 'message', chatId }]);

    relay.deliver('chat:ended', { chatId, reason: 'ended_by_visitor' });
    relay.deliver('chat:ended', { chatId, reason: 'ended_by_visitor' });
    expect(events).toEqual([
      { kind: 'message', chatId },
      { kind: 'ended', chatId, reason: 'ended_by_visitor' },
    ]);
  });
});
