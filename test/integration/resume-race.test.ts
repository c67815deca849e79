import { afterEach, describe, expect, it } from 'vitest';
import type { LiveChat, LiveState } from '../../server/chat/live-state.js';
import { TestCounsellor, TestVisitor, ask, eventually } from '../support/clients.js';
import { addAccount, login, startTestServer, type TestServer } from '../support/server.js';

/*
 * One process's changes to one chat, at once: after the process holding both sides
 * died, the visitor's widget (`chat:resume`, with fresh keys) and the console
 * (`chats:resume`) come back to the same new process together. Each reads the chat,
 * awaits, and writes it back; without one change at a time per chat the later write
 * undoes the earlier (the chat stays bound to a dead socket on one side). The live
 * state here is the real one with slow writes, as Redis over a busy network is, so
 * both reads happen before either write lands whenever the two requests overlap.
 */

const WRITE_MS = 150;

function slowWrites(live: LiveState): LiveState {
  return new Proxy(live, {
    get(target, key) {
      if (key === 'saveChat') {
        return async (chat: LiveChat) => {
          const copy = structuredClone(chat);
          await new Promise((resolve) => setTimeout(resolve, WRITE_MS));
          return target.saveChat(copy);
        };
      }
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
    },
  });
}

describe('a visitor and a console taking one chat back at once', () => {
  let server: TestServer | undefined;
  const clients: { close(): void }[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await server?.dispose();
  });

  it('binds the chat to both new sockets and re-keys it once', async () => {
    server = await startTestServer({}, undefined, slowWrites);
    const { url } = server;
    await addAccount(server.store, 'anna');
    const cookie = await login(url, 'anna');
    const anna = await TestCounsellor.create(url, cookie);
    clients.push(anna);
    await anna.setAvailable(true);
    const visitor = await TestVisitor.create(url);
    clients.push(visitor);
    await visitor.join('adult');
    const { accepted } = await anna.accept();
    await visitor.started();
    const chatId = accepted.chatId;

    // Both drop, and the process marks both away.
    visitor.close();
    anna.close();
    await eventually(async () => {
      const chat = await server!.live.getChat(chatId);
      expect(chat?.visitorAway && chat.counsellorAway).toBe(true);
    });

    // Both come back at the same moment: a reloaded widget, a console that kept its keys.
    const [back, console2] = await Promise.all([
      TestVisitor.create(url),
      TestCounsellor.create(url, cookie),
    ]);
    clients.push(back, console2);
    const [resumed, restored] = await Promise.all([
      ask(back.socket, 'chat:resume', {
        chatId,
        token: visitor.resumeToken!,
        commitment: back.commitment,
      }),
      ask(console2.socket, 'chats:resume', {
        chats: [
          {
            chatId,
            epoch: accepted.epoch,
            route: accepted.route,
            resumeHash: accepted.resumeHash,
          },
        ],
      }),
    ]);
    expect(resumed).toMatchObject({ ok: true });
    expect(restored).toMatchObject({ ok: true });

    const chat = await server.live.getChat(chatId);
    expect(chat?.visitorSocketId).toBe(back.socket.id);
    expect(chat?.counsellorSocketId).toBe(console2.socket.id);
    expect(chat?.visitorAway).toBeFalsy();
    expect(chat?.counsellorAway).toBeFalsy();
    // One new epoch for the widget's fresh keys, not two and not none.
    expect(chat?.epoch).toBe(accepted.epoch + 1);
    expect(chat?.status).toBe('rekeying');
  });
});
