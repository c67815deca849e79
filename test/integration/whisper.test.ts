import { describe, expect, it } from 'vitest';
import { openFrame, sealText } from '../../shared/crypto/chat.js';
import {
  completeAskerWhisper,
  completeSupporterWhisper,
  startWhisperAsk,
  startWhisperSupport,
} from '../../shared/crypto/whisper.js';
import type { WireFrame } from '../../shared/protocol/schemas.js';
import type {
  WhisperAccepted,
  WhisperAsked,
  WhisperEnded,
  WhisperMessage,
  WhisperRequest,
} from '../../shared/protocol/whisper.js';
import { TestVisitor, ask, eventually, next } from '../support/clients.js';
import { useTestServer } from '../support/harness.js';
import {
  chatting as chattingOf,
  recordEvents,
  supervisor as supervisorOf,
  unwrap,
  whisper,
} from '../support/whisper.js';

/*
 * Support conversations between consoles (docs/PROTOCOL.md §22) against a real server
 * and real socket.io clients: who may ask and accept, that frames reach only the two
 * consoles and never the visitor, that they are opaque to anyone holding the chat's
 * keys, and that bad payloads are refused with a code.
 */

const harness = useTestServer();
const { track, counsellor } = harness;

const supervisor = (username: string, totp = true) => supervisorOf(harness, username, totp);
const chatting = () => chattingOf(harness);

describe('asking for support', () => {
  it('reaches the supervisors only; the first accept wins; frames go between the two consoles only', async () => {
    const { server } = harness;
    const { anna, visitor, chatId, chatSession } = await chatting();
    const sigrid = await supervisor('sigrid');
    const sven = await supervisor('sven');
    const carl = await counsellor('carl');
    const visitorEvents = recordEvents(visitor.socket);
    const carlEvents = recordEvents(carl.socket);
    const svenEvents = recordEvents(sven.socket);

    const pending = startWhisperAsk();
    const toSigrid = next<WhisperRequest>(sigrid.socket, 'whisper:asked');
    const toSven = next<WhisperRequest>(sven.socket, 'whisper:asked');
    const asked = unwrap<WhisperAsked>(
      await ask(anna.socket, 'whisper:ask', { chatId, commitment: pending.commitment }),
    );
    expect(asked.supervisors).toBe(2);
    const request = await toSigrid;
    // Who asks and on which route, and the commitment: nothing about the chat or visitor.
    expect(request).toEqual({
      whisperId: asked.whisperId,
      from: 'anna',
      route: 'adult',
      commitment: pending.commitment,
    });
    expect(await toSven).toEqual(request);
    expect(JSON.stringify(request)).not.toContain(chatId);

    // A counsellor is not asked and may not take it; nor may the asker.
    const support = startWhisperSupport();
    const offer = { whisperId: asked.whisperId, publicKey: support.publicKey };
    expect(await ask(carl.socket, 'whisper:accept', offer)).toEqual({
      ok: false,
      error: 'forbidden',
    });
    expect(await ask(anna.socket, 'whisper:accept', offer)).toEqual({
      ok: false,
      error: 'forbidden',
    });

    const accepted = next<WhisperAccepted>(anna.socket, 'whisper:accepted');
    const taken = next<WhisperEnded>(sven.socket, 'whisper:ended');
    expect(await ask(sigrid.socket, 'whisper:accept', offer)).toEqual({ ok: true, data: null });
    expect(await taken).toEqual({ whisperId: asked.whisperId, reason: 'taken' });
    const svenKey = startWhisperSupport();
    expect(
      await ask(sven.socket, 'whisper:accept', { ...offer, publicKey: svenKey.publicKey }),
    ).toEqual({ ok: false, error: 'claimed' });
    expect(await accepted).toEqual({ ...offer, from: 'sigrid' });

    const { session: annaSession, publicKey } = completeAskerWhisper(
      pending,
      asked.whisperId,
      support.publicKey,
    );
    const revealed = next<{ whisperId: string; publicKey: string }>(sigrid.socket, 'whisper:key');
    // Only the asker reveals; a frame before the key is refused.
    expect(
      await ask(sigrid.socket, 'whisper:key', { whisperId: asked.whisperId, publicKey }),
    ).toEqual({ ok: false, error: 'forbidden' });
    unwrap(await ask(anna.socket, 'whisper:key', { whisperId: asked.whisperId, publicKey }));
    const sigridSession = completeSupporterWhisper(
      support.keyPair,
      asked.whisperId,
      request.commitment,
      (await revealed).publicKey,
    );
    expect(sigridSession.safetyWords).toEqual(annaSession.safetyWords);
    expect(sigridSession.safetyWords).not.toEqual(chatSession.safetyWords);

    // One message each way.
    const toSupporter = next<WhisperMessage>(sigrid.socket, 'whisper:message');
    const frame = sealText(annaSession, 'WHISPER-CANARY the visitor mentions a weapon');
    unwrap(await ask(anna.socket, 'whisper:message', { whisperId: asked.whisperId, frame }));
    const relayed = await toSupporter;
    expect(relayed).toEqual({ whisperId: asked.whisperId, frame });
    expect(openFrame(sigridSession, relayed.frame)).toMatchObject({
      kind: 'text',
      text: 'WHISPER-CANARY the visitor mentions a weapon',
    });
    const toAsker = next<WhisperMessage>(anna.socket, 'whisper:message');
    const answer = sealText(sigridSession, 'WHISPER-CANARY ask whether they are safe now');
    unwrap(
      await ask(sigrid.socket, 'whisper:message', { whisperId: asked.whisperId, frame: answer }),
    );
    expect(openFrame(annaSession, (await toAsker).frame)).toMatchObject({
      text: 'WHISPER-CANARY ask whether they are safe now',
    });

    // The chat's keys open neither (nor would a frame with the chat's id).
    expect(() => openFrame(chatSession, relayed.frame)).toThrow();
    expect(() => openFrame(chatSession, { ...relayed.frame, chatId })).toThrow();
    expect(() => openFrame(visitor.session!, { ...relayed.frame, chatId })).toThrow();

    // A third console, a supervisor who was not chosen and the visitor got nothing of it.
    expect(carlEvents.filter((e) => e.startsWith('whisper:'))).toEqual([]);
    expect(svenEvents.filter((e) => e.startsWith('whisper:'))).toEqual([
      'whisper:asked',
      'whisper:ended',
    ]);
    expect(visitorEvents).toEqual([]);
    expect(carl.socket.connected && visitor.socket.connected).toBe(true);

    // Either side ends it; the server keeps nothing.
    const ended = next<WhisperEnded>(anna.socket, 'whisper:ended');
    unwrap(await ask(sigrid.socket, 'whisper:end', { whisperId: asked.whisperId }));
    expect(await ended).toEqual({ whisperId: asked.whisperId, reason: 'ended' });
    expect(server.app.service.whispers.size).toBe(0);
    expect(
      await ask(anna.socket, 'whisper:message', {
        whisperId: asked.whisperId,
        frame: sealText(annaSession, 'too late'),
      }),
    ).toEqual({ ok: false, error: 'not_found' });
    expect(visitorEvents).toEqual([]);
  });

  it('is only for the chat’s own counsellor, and says so when no supervisor is online', async () => {
    const { anna, chatId } = await chatting();
    const carl = await counsellor('carl');
    const { commitment } = startWhisperAsk();
    expect(await ask(carl.socket, 'whisper:ask', { chatId, commitment })).toEqual({
      ok: false,
      error: 'forbidden',
    });
    // A supervisor without a second factor works as a counsellor: nobody to ask.
    await supervisor('stina', false);
    expect(await ask(anna.socket, 'whisper:ask', { chatId, commitment })).toEqual({
      ok: false,
      error: 'no_supervisor',
    });
    await supervisor('sigrid');
    const first = await ask(anna.socket, 'whisper:ask', { chatId, commitment });
    expect(first).toMatchObject({ ok: true, data: { supervisors: 1 } });
    // One at a time about a chat.
    expect(await ask(anna.socket, 'whisper:ask', { chatId, commitment })).toEqual({
      ok: false,
      error: 'wrong_state',
    });
  });

  it('refuses bad payloads with a code and changes nothing', async () => {
    const { server } = harness;
    const { anna, chatId } = await chatting();
    const sigrid = await supervisor('sigrid');
    const { whisperId, askerSession } = await whisper(anna, chatId, sigrid);
    const frame: WireFrame = sealText(askerSession, 'hello');
    const refusals: [string, unknown, string][] = [
      ['whisper:ask', { chatId: 'short', commitment: 'x' }, 'invalid_payload'],
      [
        'whisper:ask',
        { chatId, commitment: startWhisperAsk().commitment, extra: 1 },
        'invalid_payload',
      ],
      ['whisper:accept', { whisperId }, 'invalid_payload'],
      ['whisper:message', { whisperId, frame, note: 'x' }, 'invalid_payload'],
      ['whisper:message', { whisperId, frame: { ...frame, ct: '!!' } }, 'invalid_payload'],
      // The frame must name this whisper, and the sender's own role in it.
      ['whisper:message', { whisperId, frame: { ...frame, chatId } }, 'invalid_payload'],
      [
        'whisper:message',
        { whisperId, frame: { ...frame, sender: 'counsellor' } },
        'invalid_payload',
      ],
      ['whisper:message', { whisperId: 'A'.repeat(22), frame }, 'not_found'],
      ['whisper:key', { whisperId, publicKey: startWhisperSupport().publicKey }, 'wrong_state'],
      ['whisper:end', 'nonsense', 'invalid_payload'],
    ];
    for (const [event, payload, error] of refusals) {
      expect(await ask(anna.socket, event, payload), event).toEqual({ ok: false, error });
    }
    expect(server.app.service.whispers.size).toBe(1);
    // Still open and working.
    const relayed = next<WhisperMessage>(sigrid.socket, 'whisper:message');
    unwrap(await ask(anna.socket, 'whisper:message', { whisperId, frame }));
    expect((await relayed).frame).toEqual(frame);
  });

  it('ends when the chat ends, and when a console goes away', async () => {
    const { server } = harness;
    const { anna, visitor, chatId } = await chatting();
    const sigrid = await supervisor('sigrid');
    const first = await whisper(anna, chatId, sigrid);
    const toSigrid = next<WhisperEnded>(sigrid.socket, 'whisper:ended');
    const toAnna = next<WhisperEnded>(anna.socket, 'whisper:ended');
    unwrap(await ask(visitor.socket, 'chat:end', { chatId }));
    expect(await toSigrid).toEqual({ whisperId: first.whisperId, reason: 'chat_ended' });
    expect(await toAnna).toEqual({ whisperId: first.whisperId, reason: 'chat_ended' });
    expect(server.app.service.whispers.size).toBe(0);

    // A second chat of the same counsellor, and a whisper about it.
    const visitor2 = track(await TestVisitor.create(server.url));
    await visitor2.join('adult');
    const { accepted } = await anna.accept();
    const second = await whisper(anna, accepted.chatId, sigrid);
    const gone = next<WhisperEnded>(sigrid.socket, 'whisper:ended');
    anna.close();
    expect(await gone).toEqual({ whisperId: second.whisperId, reason: 'disconnected' });
    await eventually(() => expect(server.app.service.whispers.size).toBe(0));
  });
});
