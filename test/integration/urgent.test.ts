import { newTotpSecret } from '../../server/accounts/totp.js';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Board } from '../../shared/protocol/admin.js';
import type { QueueStats } from '../../shared/protocol/schemas.js';
import { TestVisitor, ask, eventually } from '../support/clients.js';
import { useTestServer } from '../support/harness.js';
import { addAccount, sessionCookieFor, type TestServer } from '../support/server.js';

/*
 * "Are you in danger right now?": a visitor who says yes joins with `urgent` and is
 * taken first on their route, before the language preference and longer waits; the
 * consoles' queue, the accepted chat and the supervisors' board say so. Real server,
 * real socket.io clients.
 */

const harness = useTestServer();
const { track, counsellor } = harness;
let server: TestServer;
beforeEach(() => {
  server = harness.server;
});

async function board(): Promise<Board> {
  const supervisor = await addAccount(server.store, `sigge${Date.now()}`, { role: 'supervisor' });
  // Staff above counsellor need a second factor set up before anything else.
  await server.store.setTotp(supervisor.id, newTotpSecret(), 0);
  const response = await fetch(`${server.url}/api/board`, {
    headers: { cookie: await sessionCookieFor(server, supervisor.id) },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: Board }).data;
}

describe('a visitor in danger', () => {
  it('is accepted before an earlier visitor who speaks the counsellor’s language', async () => {
    const sara = await counsellor('sara', { languages: ['sv'], capacity: 2 });
    const stats: QueueStats[] = [];
    sara.socket.on('queue:stats', (s: QueueStats) => stats.push(s));

    const swedish = track(await TestVisitor.create(server.url));
    expect(await swedish.join('adult', 'sv')).toBe(1);
    const inDanger = track(await TestVisitor.create(server.url));
    expect(await inDanger.join('adult', 'en', true), 'first in line').toBe(1);

    // The console's queue lists them first and counts them.
    await eventually(() => {
      const adult = stats.at(-1)?.adult;
      expect(adult?.waiting).toBe(2);
      expect(adult?.urgent).toBe(1);
      expect(adult?.queue.map((w) => w.urgent ?? false)).toEqual([true, false]);
    });
    const before = await board();
    expect(before.routes.adult).toMatchObject({ waiting: 2, urgent: 1 });
    expect(before.chats.filter((c) => c.urgent)).toEqual([
      expect.objectContaining({ route: 'adult', status: 'queued', urgent: true }),
    ]);

    const first = await sara.accept();
    expect(first.accepted.chatId).toBe(inDanger.chatId);
    expect(first.accepted.urgent, 'the chat header shows it').toBe(true);
    await inDanger.started();
    const second = await sara.accept();
    expect(second.accepted.chatId).toBe(swedish.chatId);
    expect(second.accepted.urgent).toBeUndefined();

    const after = await board();
    expect(after.routes.adult).toMatchObject({ waiting: 0, urgent: 0 });
    expect(after.chats.filter((c) => c.urgent)).toEqual([
      expect.objectContaining({ status: 'talking', urgent: true }),
    ]);
  });

  it('changes nothing for a visitor who said no', async () => {
    const first = track(await TestVisitor.create(server.url));
    await first.join('adult', 'en', false);
    const later = track(await TestVisitor.create(server.url));
    expect(await later.join('adult', 'en', false)).toBe(2);
    const anna = await counsellor('anna');
    expect((await anna.accept()).accepted).not.toHaveProperty('urgent');
    expect((await server.live.queue('adult')).map((e) => e.urgent)).toEqual([false]);
  });

  it('refuses an urgent that is not true or false, and changes nothing', async () => {
    const visitor = track(await TestVisitor.create(server.url));
    for (const urgent of ['yes', 1, null, {}]) {
      expect(
        await ask(visitor.socket, 'queue:join', {
          route: 'adult',
          commitment: visitor.commitment,
          urgent,
        }),
      ).toEqual({ ok: false, error: 'invalid_payload' });
    }
    expect(await server.live.queue('adult')).toEqual([]);
    expect(await server.live.allChats()).toEqual([]);
    // The socket is still good for a proper join.
    expect(await visitor.join('adult', 'en', true)).toBe(1);
  });
});
