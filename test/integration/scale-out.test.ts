import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE, Sessions } from '../../server/accounts/sessions.js';
import { openPostgresStore } from '../../server/storage/open-store.js';
import type { Store } from '../../server/storage/store.js';
import { hashToken } from '../../server/tokens.js';
import { openFrame, sealText } from '../../shared/crypto/chat.js';
import type { JoinState, MemberFrame, MemberLeft } from '../../shared/protocol/join.js';
import type { WhisperEnded, WhisperMessage } from '../../shared/protocol/whisper.js';
import { TestCounsellor, TestVisitor, ask, eventually, next } from '../support/clients.js';
import { join as joinChat, memberLine } from '../support/join.js';
import { forgetUnder, keysUnder, lingeringRedisKeys } from '../support/redis.js';
import { TEST_PASSWORD, addAccount, login } from '../support/server.js';
import { unwrap, whisper } from '../support/whisper.js';

/*
 * Two real server processes behind one address, sharing Redis and PostgreSQL. The
 * process that holds the visitor's socket is killed mid-chat; the visitor's client
 * reconnects through the same address to the other and the chat goes on. A whisper
 * and a join kept by one process serve sockets on the other.
 */

const REDIS_URL = process.env.REDIS_URL;
const DATABASE_URL = process.env.DATABASE_URL;
const reason =
  !REDIS_URL || !DATABASE_URL ? ' (skipped: REDIS_URL and DATABASE_URL are not set)' : '';

interface Proc {
  child: ChildProcess;
  url: string;
  port: number;
  lines: string[];
}

const schema = `jc_scale_${randomBytes(5).toString('hex')}`;
const prefix = `jc-test-${randomBytes(5).toString('hex')}:`;
const dataDir = mkdtempSync(join(tmpdir(), 'jourchatt-scale-'));

async function start(env: Record<string, string> = {}): Promise<Proc> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: {
      ...process.env,
      PORT: '0',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      REDIS_PREFIX: prefix,
      DATABASE_SCHEMA: schema,
      // The balancer here is a TCP pipe: addresses come from X-Forwarded-For.
      TRUST_PROXY: 'loopback',
      CHAT_STARTS_PER_ADDRESS: '3',
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
  return { child, port, url: `http://127.0.0.1:${port}`, lines };
}

/**
 * The load balancer: each new connection goes to the first backend that accepts it,
 * as a health-checking balancer would once one process is down.
 */
function balancer(ports: () => number[]): Promise<{ server: Server; url: string }> {
  const server = createServer((client: Socket) => {
    const attempt = (candidates: number[]) => {
      const [port, ...rest] = candidates;
      if (port === undefined) return client.destroy();
      const upstream = connect(port, '127.0.0.1');
      upstream.once('connect', () => {
        client.pipe(upstream).pipe(client);
      });
      upstream.once('error', () => {
        if (upstream.bytesWritten === 0) attempt(rest);
        else client.destroy();
      });
      client.once('close', () => upstream.destroy());
      upstream.once('close', () => client.destroy());
    };
    client.on('error', () => undefined);
    attempt(ports());
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({ server, url: `http://127.0.0.1:${port}` });
    }),
  );
}

/** A signed-in session's cookie, as the login would set it (for accounts with a second factor). */
async function cookieFor(store: Store, accountId: number): Promise<string> {
  const sessions = new Sessions(store, { idleMs: 60 * 60_000, maxMs: 12 * 3600_000 });
  return `${SESSION_COOKIE}=${await sessions.create(accountId)}`;
}

describe.skipIf(reason !== '')(`two processes behind one address${reason}`, () => {
  let a: Proc;
  let b: Proc;
  let front: { server: Server; url: string };
  /** Processes started by one test to be killed by it. */
  const extra: Proc[] = [];
  const clients: { close(): void }[] = [];

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.end();
    // One after the other: the first runs the migrations.
    a = await start();
    b = await start();
    const store = await openPostgresStore(DATABASE_URL ?? '', schema);
    await addAccount(store, 'anna');
    await store.close();
    front = await balancer(() =>
      [a, b].filter((p) => p.child.exitCode === null && !p.child.killed).map((p) => p.port),
    );
  }, 60_000);

  afterAll(async () => {
    for (const client of clients) client.close();
    for (const p of [a, b, ...extra]) p?.child.kill('SIGKILL');
    await new Promise((resolve) => front?.server.close(resolve));
    const admin = new pg.Client({ connectionString: DATABASE_URL });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
    await forgetUnder(REDIS_URL ?? '', prefix);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('count chat starts per address and failed logins together', async () => {
    const from = { 'x-forwarded-for': '198.51.100.23' };
    const results: unknown[] = [];
    // Three starts allowed per address: two on A, one on B, and the fourth is refused on A.
    for (const url of [a.url, b.url, a.url, a.url]) {
      const visitor = await TestVisitor.create(url, from);
      clients.push(visitor);
      const answer = await ask(visitor.socket, 'queue:join', {
        route: 'adult',
        commitment: visitor.commitment,
        lang: 'en',
      });
      results.push(answer.ok ? 'queued' : answer.error);
      if (answer.ok) {
        const { chatId } = answer.data as { chatId: string };
        expect(await ask(visitor.socket, 'queue:leave', { chatId })).toMatchObject({ ok: true });
      }
      visitor.close();
    }
    expect(results).toEqual(['queued', 'queued', 'queued', 'rate_limited']);

    // Five wrong passwords for one account from one place, spread over both: the sixth waits.
    const statuses: number[] = [];
    for (let i = 0; i < 7; i += 1) {
      const response = await fetch(`${[a, b][i % 2]!.url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...from },
        body: JSON.stringify({ username: 'anna', password: `guess ${i}` }),
      });
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.at(-1)).toBe(429);
  });

  it('revocation reaches every process: a change on A closes the console on B, and B re-reads the account at accept', async () => {
    const store = await openPostgresStore(DATABASE_URL ?? '', schema);
    const bodil = await addAccount(store, 'bodil', { youth: true });
    const ada = await addAccount(store, 'ada', { role: 'admin' });
    // An admin with a second factor, signed in as the login would sign her in.
    await store.setTotp(ada.id, 'JBSWY3DPEHPK3PXP', 0);
    const adminCookie = await cookieFor(store, ada.id);

    // Bodil's console is on B; an under-20 visitor waits.
    const console1 = await TestCounsellor.create(b.url, await login(b.url, 'bodil', TEST_PASSWORD));
    clients.push(console1);
    await console1.setAvailable(true);
    // Another network than the first test's (chat starts count per /24).
    const child = await TestVisitor.create(a.url, { 'x-forwarded-for': '203.0.113.77' });
    clients.push(child);
    await child.join('youth');

    // Her training for the under-20 line is taken away where no socket hears of it (the
    // store, as the CLI would): the accept reads the account as it is now, not as her
    // socket remembers it.
    await store.updateAccount(bodil.id, { youth: false });
    expect(await ask(console1.socket, 'queue:accept', {})).toEqual({
      ok: false,
      error: 'queue_empty',
    });

    // Disabled by the admin on A: her console on B is closed at once, through the adapter.
    const closed = new Promise<void>((resolve) =>
      console1.socket.once('disconnect', () => resolve()),
    );
    const patched = await fetch(`${a.url}/api/accounts/${bodil.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', cookie: adminCookie, origin: a.url },
      body: JSON.stringify({ disabled: true }),
    });
    expect(patched.status).toBe(200);
    await closed;
    await expect(login(b.url, 'bodil', TEST_PASSWORD)).rejects.toThrow();
    expect(await ask(child.socket, 'queue:leave', { chatId: child.chatId })).toMatchObject({
      ok: true,
    });
    child.close();
    await store.close();
  }, 60_000);

  /**
   * New accounts: a counsellor's console at `urls.counsellor` (its chat's whispers are
   * kept there) in a chat with a visitor at `urls.visitor`, and a supervisor's console
   * at `urls.supervisor`.
   */
  async function chatAndSupervisor(
    names: { counsellor: string; supervisor: string; network: string },
    urls: { counsellor: string; visitor: string; supervisor: string },
  ) {
    const store = await openPostgresStore(DATABASE_URL ?? '', schema);
    const account = await addAccount(store, names.supervisor, { role: 'supervisor' });
    await store.setTotp(account.id, 'JBSWY3DPEHPK3PXP', 0);
    await addAccount(store, names.counsellor);
    const cookie = await login(urls.counsellor, names.counsellor, TEST_PASSWORD);
    const counsellor = await TestCounsellor.create(urls.counsellor, cookie);
    const supervisor = await TestCounsellor.create(
      urls.supervisor,
      await cookieFor(store, account.id),
    );
    const visitor = await TestVisitor.create(urls.visitor, { 'x-forwarded-for': names.network });
    clients.push(counsellor, supervisor, visitor);
    await store.close();
    await counsellor.setAvailable(true);
    await visitor.join('adult');
    const { accepted } = await counsellor.accept();
    await visitor.started();
    return { counsellor, supervisor, visitor, chatId: accepted.chatId };
  }

  it('carry a whisper and a join whose sockets are on another process than the one keeping them', async () => {
    // The counsellor and her chat's whisper on A (its owner); the supervisor and the visitor on B.
    const {
      counsellor: agnes,
      supervisor: sigrid,
      visitor,
      chatId,
    } = await chatAndSupervisor(
      { counsellor: 'agnes', supervisor: 'sigrid', network: '192.0.2.41' },
      { counsellor: a.url, visitor: b.url, supervisor: b.url },
    );

    // The whisper: asked on A, accepted and keyed from B, a frame each way.
    const { whisperId, askerSession, supporterSession } = await whisper(agnes, chatId, sigrid);
    const toSigrid = next<WhisperMessage>(sigrid.socket, 'whisper:message');
    const fromAgnes = sealText(askerSession, 'from A');
    unwrap(await ask(agnes.socket, 'whisper:message', { whisperId, frame: fromAgnes }));
    expect(openFrame(supporterSession, (await toSigrid).frame)).toMatchObject({ text: 'from A' });
    const toAgnes = next<WhisperMessage>(agnes.socket, 'whisper:message');
    const fromSigrid = sealText(supporterSession, 'from B');
    unwrap(await ask(sigrid.socket, 'whisper:message', { whisperId, frame: fromSigrid }));
    expect(openFrame(askerSession, (await toAgnes).frame)).toMatchObject({ text: 'from B' });

    // The join: asked from B, the visitor on B says yes, keys, a member frame each way.
    const parties = { visitor, anna: agnes, sigrid, whisperId };
    const { joinNumber, visitorMember, memberSession } = await joinChat(parties);
    const toMember = next<MemberFrame>(sigrid.socket, 'join:message');
    const frame = sealText(visitorMember, 'from the visitor');
    unwrap(await ask(visitor.socket, 'chat:member-send', { chatId, joinNumber, frame }));
    expect(openFrame(memberSession, (await toMember).frame)).toMatchObject({
      text: 'from the visitor',
    });
    const toVisitor = next<MemberFrame>(visitor.socket, 'chat:member-message');
    const line = memberLine(memberSession, 'from the member');
    unwrap(await ask(sigrid.socket, 'join:message', { whisperId, frame: line }));
    expect(openFrame(visitorMember, (await toVisitor).frame)).toMatchObject({
      text: 'from the member',
      by: 'sigrid',
    });

    // The supervisor's socket on B goes: A ends the whisper and its join, and says why.
    const ended = next<WhisperEnded>(agnes.socket, 'whisper:ended');
    const left = next<MemberLeft>(visitor.socket, 'chat:member-left');
    sigrid.close();
    expect(await ended).toEqual({ whisperId, reason: 'disconnected' });
    expect(await left).toEqual({ chatId, joinNumber, reason: 'disconnected' });
    // Gone from A's memory: a later call about it finds no owner anywhere.
    expect(await ask(agnes.socket, 'whisper:message', { whisperId, frame: fromAgnes })).toEqual({
      ok: false,
      error: 'not_found',
    });

    unwrap(await ask(visitor.socket, 'chat:end', { chatId }));
    await agnes.setAvailable(false);
    agnes.close();
    visitor.close();
  }, 60_000);

  it('share one queue, and a chat survives the death of the process holding the visitor', async () => {
    // The counsellor on B, the visitor through the balancer on A.
    const anna = await TestCounsellor.create(b.url, await login(b.url, 'anna', TEST_PASSWORD));
    clients.push(anna);
    await anna.setAvailable(true);
    const visitor = await TestVisitor.create(front.url, {}, true);
    clients.push(visitor);
    expect(await visitor.join('adult')).toBe(1);

    const { accepted, session } = await anna.accept();
    const keys = await visitor.started();
    expect(keys.safetyWords).toEqual(session.safetyWords);
    expect(await visitor.send('hello from A')).toEqual({ ok: true, data: null });
    expect(await anna.send(accepted.chatId, 'hello from B')).toEqual({ ok: true, data: null });
    await eventually(() => expect(visitor.received).toHaveLength(1));

    const killedAt = Date.now();
    a.child.kill('SIGKILL');
    // Written while the visitor's process is gone: not confirmed, so kept and sent again.
    // (The relay waits for a receipt that cannot come; the client may give up first.)
    const whileAway = await anna
      .send(accepted.chatId, 'sent while you were away')
      .catch(() => ({ ok: false }));
    expect(whileAway.ok).toBe(false);

    const back = next(anna.socket, 'chat:peer');
    await eventually(() => expect(visitor.socket.connected).toBe(true), 10_000);
    const resumed = await ask(visitor.socket, 'chat:resume', {
      chatId: visitor.chatId,
      token: visitor.resumeToken,
    });
    expect(resumed).toMatchObject({
      ok: true,
      data: { status: 'active', counsellorAlias: 'anna' },
    });
    // The console hears the hash of the visitor's new token, never the token.
    const { resumeToken } = (resumed as { data: { resumeToken: string } }).data;
    expect(await back).toEqual({
      chatId: accepted.chatId,
      present: true,
      resumeHash: hashToken(resumeToken),
    });
    expect(await anna.send(accepted.chatId, 'sent while you were away')).toEqual({
      ok: true,
      data: null,
    });
    expect(await visitor.send('still here, on B')).toEqual({ ok: true, data: null });
    await eventually(() => expect(visitor.received).toHaveLength(2));
    expect(Date.now() - killedAt).toBeLessThan(10_000);
    expect(visitor.received.map((content) => ('text' in content ? content.text : ''))).toEqual([
      'hello from B',
      'sent while you were away',
    ]);
    await eventually(() =>
      expect(
        (anna.received.get(accepted.chatId) ?? []).map((c) => ('text' in c ? c.text : '')),
      ).toEqual(['hello from A', 'still here, on B']),
    );

    // The chat ends: nothing of it is left in Redis.
    expect(await ask(visitor.socket, 'chat:end', { chatId: accepted.chatId })).toEqual({
      ok: true,
      data: null,
    });
    await anna.setAvailable(false);
    const left = await keysUnder(REDIS_URL ?? '', prefix);
    expect(left.filter((key) => key.includes(accepted.chatId))).toEqual([]);
    expect(lingeringRedisKeys(left, prefix)).toEqual([]);
  }, 60_000);
  it('end a whisper and its join for every side when a process dies: the owner, or a caller’s', async () => {
    // Two more processes that beat fast, so their death is seen within seconds.
    const [c, d] = await Promise.all([
      start({ HEARTBEAT_MS: '300' }),
      start({ HEARTBEAT_MS: '300' }),
    ]);
    extra.push(c, d);
    const wait = 20_000;

    // The owner dies: the counsellor's console and her whisper on C, the others on B.
    const owned = await chatAndSupervisor(
      { counsellor: 'cecilia', supervisor: 'signe', network: '192.0.2.77' },
      { counsellor: c.url, visitor: b.url, supervisor: b.url },
    );
    const keyed = await whisper(owned.counsellor, owned.chatId, owned.supervisor);
    const { joinNumber } = await joinChat({
      visitor: owned.visitor,
      anna: owned.counsellor,
      sigrid: owned.supervisor,
      whisperId: keyed.whisperId,
    });
    const whisperEnded = next<WhisperEnded>(owned.supervisor.socket, 'whisper:ended', wait);
    const joinEnded = next<JoinState>(owned.supervisor.socket, 'join:state', wait);
    const memberLeft = next<MemberLeft>(owned.visitor.socket, 'chat:member-left', wait);
    c.child.kill('SIGKILL');
    const reason = 'disconnected';
    expect(await joinEnded).toEqual({
      whisperId: keyed.whisperId,
      joinNumber,
      state: 'ended',
      reason,
    });
    expect(await whisperEnded).toEqual({ whisperId: keyed.whisperId, reason });
    expect(await memberLeft).toEqual({ chatId: owned.chatId, joinNumber, reason });
    unwrap(await ask(owned.visitor.socket, 'chat:end', { chatId: owned.chatId }));

    // A caller's process dies: the whisper kept on B, its supporter on D.
    const called = await chatAndSupervisor(
      { counsellor: 'dagny', supervisor: 'sonja', network: '192.0.2.78' },
      { counsellor: b.url, visitor: b.url, supervisor: d.url },
    );
    const { whisperId } = await whisper(called.counsellor, called.chatId, called.supervisor);
    const ended = next<WhisperEnded>(called.counsellor.socket, 'whisper:ended', wait);
    d.child.kill('SIGKILL');
    expect(await ended).toEqual({ whisperId, reason });
    unwrap(await ask(called.visitor.socket, 'chat:end', { chatId: called.chatId }));
  }, 60_000);
});
