import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { readyCrypto, startCounsellorHandshake } from '../../shared/crypto/chat.js';
import { standInVisitorSocket, widgetOn } from '../support/stand-ins.js';

/*
 * Found by the soak (bench/soak.ts): a widget whose connection dropped twice in a row
 * had two resumes going at once. The first went through on the server (its token was
 * used up, the next one kept) but its answer was lost; the second, on the newer
 * connection, took the chat back with that next token; then the first's retry, still
 * holding the old token, asked again, was refused, and ended the chat on the widget
 * ("visitor_disconnected") although the chat was alive. Only the newest resume may act.
 * The socket is a stand-in that keeps one token per chat as the server does.
 */

const CHAT = 'C'.repeat(22);

function standIn() {
  const resumes: string[] = [];
  const server = { token: 'T'.repeat(43), loseNext: false };
  const lost: ((answer: unknown) => void)[] = [];
  const answer = (event: string, payload: unknown): Promise<unknown> => {
    if (event === 'queue:join') {
      return Promise.resolve({
        ok: true,
        data: { chatId: CHAT, position: 1, resumeToken: server.token },
      });
    }
    if (event === 'chat:resume') {
      const { token, next } = payload as { token: string; next: string };
      resumes.push(token === server.token ? 'taken' : 'refused');
      if (token !== server.token) return Promise.resolve({ ok: false, error: 'forbidden' });
      server.token = next;
      const ok = {
        ok: true,
        data: { status: 'active', epoch: 0, route: 'adult', resumeToken: next },
      };
      if (!server.loseNext) return Promise.resolve(ok);
      // Taken by the server, but the answer never comes: the test says when it is lost.
      server.loseNext = false;
      return new Promise((resolve) => lost.push(resolve));
    }
    if (event === 'status:get') return Promise.resolve({ ok: false, error: 'internal' });
    return Promise.resolve({ ok: true, data: null });
  };
  const { socket, deliver } = standInVisitorSocket(answer);
  return { socket, server, resumes, lost, deliver };
}

const settle = async () => {
  for (let i = 0; i < 20; i += 1) await Promise.resolve();
};

beforeAll(async () => {
  await readyCrypto();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('the widget after two drops in a row', () => {
  it('keeps its chat when an older resume, whose answer was lost, would retry', async () => {
    const relay = standIn();
    const widget = widgetOn(relay.socket);
    await widget.start('adult', 'en');
    relay.deliver('chat:started', {
      chatId: CHAT,
      epoch: 0,
      counsellorKey: startCounsellorHandshake().publicKey,
      counsellorAlias: 'anna',
    });
    await settle();
    expect(widget.phase).toBe('chat');
    vi.useFakeTimers();

    // The first reconnect's resume goes through; its answer is on its way.
    relay.server.loseNext = true;
    relay.deliver('disconnect', 'transport close');
    relay.deliver('connect');
    await settle();
    // Dropped again before the answer: the next connection resumes with the next token.
    relay.deliver('disconnect', 'transport close');
    relay.deliver('connect');
    await settle();
    expect(widget.phase).toBe('chat');
    expect(relay.resumes).toEqual(['taken', 'refused', 'taken']);

    // The first answer is lost for good (a timeout); time passes for any retry.
    relay.lost.shift()?.({ ok: false, error: 'internal' });
    await settle();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(widget.phase).toBe('chat');
    expect(widget.endReason).toBeUndefined();
    expect(relay.resumes).toEqual(['taken', 'refused', 'taken']);
  });
});
