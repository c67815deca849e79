import { beforeAll, describe, expect, it } from 'vitest';
import {
  completeCounsellorHandshake,
  readyCrypto,
  startCounsellorHandshake,
} from '../../shared/crypto/chat.js';
import type { KeyReveal } from '../../shared/protocol/schemas.js';
import { standInVisitorSocket, widgetOn } from '../support/stand-ins.js';

/*
 * With several processes a counsellor on another one can take a visitor, and their
 * key offer (`chat:started`) reach the widget, before the answer to the widget's own
 * `queue:join` is back. The widget must take that offer once it knows its chat id,
 * not drop it (the chat would hang in "keying" until the counsellor gave up). The
 * socket is a stand-in that delivers the offer just before the join's answer.
 */

const CHAT = 'C'.repeat(22);

function standInSocket() {
  const emitted: { event: string; payload: unknown }[] = [];
  const counsellor = startCounsellorHandshake();
  let commitment: string | undefined;
  const answer = (event: string, payload: unknown): unknown => {
    emitted.push({ event, payload });
    if (event === 'queue:join') {
      // The counsellor was quicker than the answer: their offer arrives first.
      deliver('chat:started', {
        chatId: CHAT,
        epoch: 0,
        counsellorKey: counsellor.publicKey,
        counsellorAlias: 'anna',
      });
      commitment = (payload as { commitment: string }).commitment;
      return { ok: true, data: { chatId: CHAT, position: 1, resumeToken: 'T'.repeat(43) } };
    }
    if (event === 'status:get') return { ok: false, error: 'internal' };
    return { ok: true, data: null };
  };
  // Every answer a turn later, as over a wire.
  const { socket, deliver } = standInVisitorSocket(
    (event, payload) =>
      new Promise((resolve) => setTimeout(() => resolve(answer(event, payload)), 0)),
  );
  return { socket, emitted, counsellor, deliver, commitment: () => commitment };
}

beforeAll(async () => {
  await readyCrypto();
});

describe('the widget at the start of a chat', () => {
  it('takes a counsellor offer that arrives before the answer to its join', async () => {
    const relay = standInSocket();
    const widget = widgetOn(relay.socket);
    await widget.start('adult', 'en');
    // The widget answered the offer with its key, bound to the chat it was given.
    const revealed = relay.emitted.find((e) => e.event === 'chat:key')?.payload as
      KeyReveal | undefined;
    expect(revealed).toMatchObject({ chatId: CHAT, epoch: 0 });
    expect(widget.phase).toBe('chat');
    expect(widget.counsellorAlias).toBe('anna');

    // The same keys on both ends: the counsellor's safety words are the widget's.
    const commitment = relay.commitment()!;
    const session = completeCounsellorHandshake(
      relay.counsellor.keyPair,
      { chatId: CHAT, epoch: 0, commitment },
      revealed!,
    );
    expect(widget.safetyIndices).toEqual(session.safetyIndices);
  });
});
