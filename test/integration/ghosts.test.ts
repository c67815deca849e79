import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../server/storage/open-store.js';
import { TestCounsellor, TestVisitor, ask, eventually } from '../support/clients.js';
import { forgetUnder, keysUnder } from '../support/redis.js';
import { addAccount, login } from '../support/server.js';

/*
 * No ghost chats: every process of a two-process set-up is killed (SIGKILL, so no
 * disconnect handler runs and no grace timer survives) in the middle of a chat, with a
 * visitor waiting and another one's grace running. A new process, started later, must
 * count none of them as waiting, hand none of them to a counsellor, and clear them all
 * out of Redis once their grace has passed.
 */

const REDIS_URL = process.env.REDIS_URL;
const DATABASE_URL = process.env.DATABASE_URL;
const reason =
  !REDIS_URL || !DATABASE_URL ? ' (skipped: REDIS_URL and DATABASE_URL are not set)' : '';

interface Proc {
  child: ChildProcess;
  url: string;
  lines: string[];
}

const schema = `jc_ghost_${randomBytes(5).toString('hex')}`;
const prefix = `jc-ghost-${randomBytes(5).toString('hex')}:`;
const dataDir = mkdtempSync(join(tmpdir(), 'jourchatt-ghost-'));
const procs: Proc[] = [];

/** Short graces and a fast heartbeat, so the test waits seconds, not minutes. */
const VISITOR_GRACE_MS = 1500;
const COUNSELLOR_GRACE_MS = 800;

async function start(env: NodeJS.ProcessEnv = {}): Promise<Proc> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: {
      ...process.env,
      PORT: '0',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      REDIS_PREFIX: prefix,
      DATABASE_SCHEMA: schema,
      HEARTBEAT_MS: '200',
      VISITOR_GRACE_MS: String(VISITOR_GRACE_MS),
      COUNSELLOR_GRACE_MS: String(COUNSELLOR_GRACE_MS),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  createInterface({ input: child.stderr }).on('line', (line) => lines.push(line));
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`exited (${code}): ${lines.join('\n')}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      lines.push(line);
      const found = /"port":(\d+).*"msg":"listening"/.exec(line);
      if (found) resolve(Number(found[1]));
    });
  });
  const proc = { child, url: `http://127.0.0.1:${port}`, lines };
  procs.push(proc);
  return proc;
}

function killed(proc: Proc): Promise<void> {
  return new Promise((resolve) => {
    proc.child.once('exit', () => resolve());
    proc.child.kill('SIGKILL');
  });
}

/** The keys of chats and queues (not capacities, counters or heartbeats). */
async function chatKeys(): Promise<string[]> {
  return (await keysUnder(REDIS_URL ?? '', prefix)).filter((key) =>
    ['chat:', 'chats', 'queue:'].some((kind) => key.startsWith(prefix + kind)),
  );
}

/** Runs `use` with a Redis client of its own, closed afterwards. */
async function withRedis<T>(use: (client: ReturnType<typeof createClient>) => Promise<T>) {
  const client = createClient({ url: REDIS_URL });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.quit();
  }
}

async function chatJson(
  chatId: string,
  under = prefix,
): Promise<Record<string, unknown> | undefined> {
  const raw = await withRedis((client) => client.get(`${under}chat:${chatId}`));
  return raw ? (JSON.parse(raw) as Record<string, unknown>) : undefined;
}

describe.skipIf(reason !== '')(`no ghost chats after every process died${reason}`, () => {
  const clients: { close(): void }[] = [];
  let store: Awaited<ReturnType<typeof openPostgresStore>>;

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.end();
    store = await openPostgresStore(DATABASE_URL ?? '', schema);
  }, 30_000);

  afterAll(async () => {
    for (const client of clients) client.close();
    for (const p of procs) p.child.kill('SIGKILL');
    await store?.close();
    const admin = new pg.Client({ connectionString: DATABASE_URL });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
    await forgetUnder(REDIS_URL ?? '', prefix);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a new process counts none of the dead run’s visitors, hands none out, and clears them after the grace', async () => {
    // One after the other: the first runs the migrations.
    const a = await start();
    const b = await start();
    await addAccount(store, 'anna');
    await addAccount(store, 'bo');

    // A chat talking between a visitor on A and Anna's console on B.
    const anna = await TestCounsellor.create(b.url, await login(b.url, 'anna'));
    clients.push(anna);
    await anna.setAvailable(true);
    const talking = await TestVisitor.create(a.url);
    clients.push(talking);
    await talking.join('adult');
    const { accepted } = await anna.accept();
    await talking.started();
    expect(await talking.send('hello from A')).toEqual({ ok: true, data: null });
    expect(await anna.send(accepted.chatId, 'hello from B')).toEqual({ ok: true, data: null });

    // A visitor waiting on B, and one on A whose connection dropped: A saw the drop
    // and runs its grace timer, which dies with A.
    const waiting = await TestVisitor.create(b.url);
    clients.push(waiting);
    expect(await waiting.join('adult')).toBe(1);
    const dropped = await TestVisitor.create(a.url);
    clients.push(dropped);
    expect(await dropped.join('adult')).toBe(2);
    dropped.close();
    await eventually(async () =>
      expect(await chatJson(dropped.chatId ?? '')).toMatchObject({ visitorAway: true }),
    );

    await Promise.all([killed(a), killed(b)]);
    for (const client of clients) client.close();
    // Both processes' heartbeats run out (a few hundred milliseconds).
    await eventually(
      async () => expect(await keysUnder(REDIS_URL ?? '', `${prefix}process:`)).toEqual([]),
      5000,
    );

    const c = await start();
    // Nobody is counted as waiting or available, whatever the dead run left in Redis.
    const newcomer = await TestVisitor.create(c.url);
    clients.push(newcomer);
    expect(await ask(newcomer.socket, 'status:get', {})).toMatchObject({
      ok: true,
      data: { routes: { adult: { waiting: 0, available: 0 } } },
    });
    // And a counsellor on the new process is handed none of them.
    const bo = await TestCounsellor.create(c.url, await login(c.url, 'bo'));
    clients.push(bo);
    await bo.setAvailable(true);
    expect(await ask(bo.socket, 'queue:accept', {})).toEqual({ ok: false, error: 'queue_empty' });

    // After the graces (and a sweep or two), nothing of the dead run is left; on the way
    // (the chat back in the queue when its counsellor's grace ran out, then gone with
    // its visitor's), every accept still finds the queue empty.
    const deadline = Date.now() + 15_000;
    while ((await chatKeys()).length > 0) {
      expect(Date.now(), `left in redis: ${(await chatKeys()).join(', ')}`).toBeLessThan(deadline);
      expect(await ask(bo.socket, 'queue:accept', {})).toEqual({
        ok: false,
        error: 'queue_empty',
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await ask(bo.socket, 'queue:accept', {})).toEqual({ ok: false, error: 'queue_empty' });
    expect(await ask(newcomer.socket, 'status:get', {})).toMatchObject({
      ok: true,
      data: { routes: { adult: { waiting: 0, available: 1 } } },
    });

    // Anna's console comes back to the new process: no chat of the dead run is hers.
    const again = await TestCounsellor.create(c.url, anna.cookie);
    clients.push(again);
    expect(await ask(again.socket, 'chats:resume', { chats: [] })).toEqual({ ok: true, data: [] });
    // The new process swept without a failure.
    expect(c.lines.filter((line) => line.includes('"level":50'))).toEqual([]);
  }, 60_000);

  it('hands out no visitor whose process was killed a moment ago, while its heartbeat still runs', async () => {
    // Heartbeats that outlive the test: only the adapter can tell that D is gone.
    const under = `${prefix}moment:`;
    const env = { REDIS_PREFIX: under, HEARTBEAT_MS: '60000' };
    const d = await start(env);
    const e = await start(env);
    await addAccount(store, 'cleo');
    const cleo = await TestCounsellor.create(e.url, await login(e.url, 'cleo'));
    clients.push(cleo);
    await cleo.setAvailable(true);
    const visitor = await TestVisitor.create(d.url);
    clients.push(visitor);
    await visitor.join('adult');

    await killed(d);
    // Redis has dropped D's connections (its subscriptions with them); its heartbeat stays.
    const requests = `${under}socket.io-request#/visitor#`;
    await eventually(async () => {
      const subscribers = await withRedis((client) => client.pubSubNumSub(requests));
      expect(subscribers[requests]).toBe(1);
    }, 5000);
    expect(await keysUnder(REDIS_URL ?? '', `${under}process:`)).toHaveLength(2);

    expect(await ask(cleo.socket, 'queue:accept', {})).toEqual({ ok: false, error: 'queue_empty' });
    // Back in its place, away from now on: its grace runs, and nobody else gets it either.
    expect(await chatJson(visitor.chatId ?? '', under)).toMatchObject({
      status: 'queued',
      visitorAway: true,
    });
    expect(await ask(cleo.socket, 'queue:accept', {})).toEqual({ ok: false, error: 'queue_empty' });
    expect(await ask(cleo.socket, 'presence:set', { available: false })).toMatchObject({
      ok: true,
      data: { activeChats: 0 },
    });
    await forgetUnder(REDIS_URL ?? '', under);
  }, 60_000);
});
