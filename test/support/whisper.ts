import { expect } from 'vitest';
import type { Session } from '../../shared/crypto/chat.js';
import {
  completeAskerWhisper,
  completeSupporterWhisper,
  startWhisperAsk,
  startWhisperSupport,
} from '../../shared/crypto/whisper.js';
import type {
  WhisperAccepted,
  WhisperAsked,
  WhisperRequest,
} from '../../shared/protocol/whisper.js';
import { TestCounsellor, TestVisitor, ask, next } from './clients.js';
import type { useTestServer } from './harness.js';
import { addAccount, sessionCookieFor } from './server.js';

/*
 * What the tests of support conversations (§22) and of joins that grow from them (§23)
 * share: staff and chats to start from, a keyed whisper, and a record of every event a
 * socket gets, to prove what did not arrive.
 */

type Harness = ReturnType<typeof useTestServer>;

/** Every event a socket receives, by name, to prove what did not arrive. */
export function recordEvents(socket: {
  onAny(listener: (event: string) => void): unknown;
}): string[] {
  const events: string[] = [];
  socket.onAny((event: string) => events.push(event));
  return events;
}

export function unwrap<T>(result: { ok: boolean; data?: unknown; error?: string }): T {
  if (!result.ok) throw new Error(`server answered ${result.error}`);
  return result.data as T;
}

/** A signed-in staff member whose account acts as a supervisor (second factor set up). */
export async function supervisor(
  harness: Harness,
  username: string,
  totp = true,
): Promise<TestCounsellor> {
  const { server } = harness;
  const account = await addAccount(server.store, username, { role: 'supervisor' });
  if (totp) await server.store.setTotp(account.id, 'JBSWY3DPEHPK3PXP', 0);
  return harness.track(
    await TestCounsellor.create(server.url, await sessionCookieFor(server, account.id)),
  );
}

/** A counsellor (`anna`) in a keyed chat with a visitor. */
export async function chatting(harness: Harness, username = 'anna') {
  const anna = await harness.counsellor(username);
  const visitor = harness.track(await TestVisitor.create(harness.server.url));
  await visitor.join('adult');
  const { accepted, session } = await anna.accept();
  await visitor.started();
  return { anna, visitor, chatId: accepted.chatId, chatSession: session };
}

/** The asker asks, `supporter` accepts, the asker reveals: both sessions, keyed. */
export async function whisper(
  asker: TestCounsellor,
  chatId: string,
  supporter: TestCounsellor,
): Promise<{ whisperId: string; askerSession: Session; supporterSession: Session }> {
  const pending = startWhisperAsk();
  const request = next<WhisperRequest>(supporter.socket, 'whisper:asked');
  const { whisperId } = unwrap<WhisperAsked>(
    await ask(asker.socket, 'whisper:ask', { chatId, commitment: pending.commitment }),
  );
  const asked = await request;
  const support = startWhisperSupport();
  const accepted = next<WhisperAccepted>(asker.socket, 'whisper:accepted');
  expect(
    await ask(supporter.socket, 'whisper:accept', { whisperId, publicKey: support.publicKey }),
  ).toEqual({ ok: true, data: null });
  const { session: askerSession, publicKey } = completeAskerWhisper(
    pending,
    whisperId,
    (await accepted).publicKey,
  );
  const key = next<{ whisperId: string; publicKey: string }>(supporter.socket, 'whisper:key');
  unwrap(await ask(asker.socket, 'whisper:key', { whisperId, publicKey }));
  const supporterSession = completeSupporterWhisper(
    support.keyPair,
    whisperId,
    asked.commitment,
    (await key).publicKey,
  );
  return { whisperId, askerSession, supporterSession };
}
