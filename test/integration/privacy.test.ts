import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { afterAll, describe, expect, it } from 'vitest';
import { TestCounsellor, TestVisitor, ask, eventually, next } from '../support/clients.js';
import { forgetUnder, lingeringRedisKeys } from '../support/redis.js';
import { StaffKeys, TestWriter } from '../support/mailbox.js';
import {
  TEST_PASSWORD,
  addAccount,
  login,
  startTestServer,
  type TestServer,
} from '../support/server.js';

/*
 * The promise of DESIGN.md, "What is stored, and what never is": run a whole chat
 * with canary strings from a marked address and user agent, then search every byte
 * the server wrote for them.
 */

const MARKED_ADDRESS = '203.0.113.77';
/** The letter writer's: another network, since the chat test blocks the first one's. */
const MARKED_LETTER_ADDRESS = '198.51.100.77';
const MARKED_AGENT = 'CanaryBrowser/9.9 (marked-user-agent)';
const MARKED_REFERRER = 'https://referrer.example/secret-canary-page';
const CANARIES = ['CANARY-VISITOR-7f3a', 'CANARY-COUNSELLOR-91bd', 'Hjälp CANARY åäö'];

/** With REDIS_URL the live state is in Redis: the proof then searches every key there too. */
const REDIS_URL = process.env.REDIS_URL;
const redisPrefix = `jc-privacy-${randomBytes(4).toString('hex')}:`;
const redisOptions = REDIS_URL ? { redisUrl: REDIS_URL, redisPrefix } : {};
if (!REDIS_URL) console.warn('privacy test: REDIS_URL is not set, so Redis is not searched');

/** Every key in Redis with its value, whatever its type, as bytes to search. */
async function redisContents(url: string): Promise<{ keys: string[]; bytes: Buffer }> {
  const redis = createClient({ url });
  await redis.connect();
  const keys: string[] = [];
  const parts: string[] = [];
  for await (const found of redis.scanIterator({ COUNT: 500 })) {
    for (const key of found) {
      keys.push(key);
      parts.push(key);
      const type = await redis.type(key);
      if (type === 'string') parts.push((await redis.get(key)) ?? '');
      else if (type === 'set') parts.push(...(await redis.sMembers(key)));
      else if (type === 'zset') parts.push(...(await redis.zRange(key, 0, -1)));
      else if (type === 'hash') parts.push(JSON.stringify(await redis.hGetAll(key)));
      else if (type === 'list') parts.push(...(await redis.lRange(key, 0, -1)));
      else parts.push(`unsearched type ${type}`);
    }
  }
  await redis.quit();
  return { keys, bytes: Buffer.from(parts.join('\n')) };
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** Searches every buffer for every needle, as UTF-8 and as UTF-16. */
function expectNoneOf(written: readonly Buffer[], needles: readonly string[]): void {
  for (const bytes of written) {
    for (const needle of needles) {
      expect(bytes.includes(Buffer.from(needle, 'utf8')), `found "${needle}"`).toBe(false);
      expect(bytes.includes(Buffer.from(needle, 'utf16le')), `found "${needle}" (utf-16)`).toBe(
        false,
      );
    }
  }
}

describe('what the server keeps', () => {
  let server: TestServer | undefined;
  let mailboxServer: TestServer | undefined;
  afterAll(async () => {
    await server?.dispose();
    await mailboxServer?.dispose();
    // The limits' counters would expire within the hour; a test leaves nothing behind.
    if (REDIS_URL) await forgetUnder(REDIS_URL, redisPrefix);
  });

  it('writes no message, address, user agent, referrer or chat id anywhere', async () => {
    server = await startTestServer({ trustProxy: 1, logLevel: 'debug', ...redisOptions });
    const visitorHeaders = {
      'x-forwarded-for': MARKED_ADDRESS,
      'user-agent': MARKED_AGENT,
      referer: MARKED_REFERRER,
    };

    // The visitor's browser loads the page and the widget first.
    for (const path of ['/', '/?lang=en', '/widget/jour-chat.js', '/healthz', '/nope']) {
      await fetch(`${server.url}${path}`, { headers: visitorHeaders });
    }
    // A failed login from the marked address exercises the address-keyed limiter.
    await fetch(`${server.url}/api/session`, {
      method: 'POST',
      headers: { ...visitorHeaders, 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'anna', password: 'wrong password CANARY' }),
    });

    await addAccount(server.store, 'anna');
    const anna = await TestCounsellor.create(server.url, await login(server.url, 'anna'));
    await anna.setAvailable(true);
    const visitor = await TestVisitor.create(server.url, visitorHeaders);
    await visitor.join('adult');
    const { accepted } = await anna.accept();
    await visitor.started();
    await visitor.send(CANARIES[0] ?? '');
    await visitor.send(CANARIES[2] ?? '');
    await anna.send(accepted.chatId, CANARIES[1] ?? '');
    await eventually(() => {
      expect(anna.messages(accepted.chatId)).toHaveLength(2);
      expect(visitor.received).toHaveLength(1);
    });

    // A reload mid-chat: a new socket takes the chat back and it is keyed again.
    visitor.close();
    const { visitor: reloaded } = await TestVisitor.reload(
      server.url,
      accepted.chatId,
      visitor.resumeToken!,
      visitorHeaders,
    );
    await reloaded.started();
    await anna.rekeys.get(accepted.chatId);
    await reloaded.send(`${CANARIES[0]} after the reload`);
    await eventually(() => expect(anna.messages(accepted.chatId)).toHaveLength(3));

    // A restart of the process: both sides bring the chat back to a new one.
    const firstLogs = server.logs;
    const port = Number(new URL(server.url).port);
    await server.close();
    server = await startTestServer({
      trustProxy: 1,
      logLevel: 'debug',
      ...redisOptions,
      port,
      dataDir: server.dataDir,
    });
    const afterRestart = await TestVisitor.create(server.url, visitorHeaders);
    afterRestart.session = reloaded.session;
    expect(
      await ask(afterRestart.socket, 'chat:resume', {
        chatId: accepted.chatId,
        // The reload rotated the token: the one the reloaded widget was given.
        token: reloaded.resumeToken,
        claim: { route: 'adult', epoch: 1, queued: false },
      }),
    ).toMatchObject({ ok: true });
    const console2 = await TestCounsellor.create(server.url, anna.cookie);
    for (const [chatId, session] of anna.sessions) console2.sessions.set(chatId, session);
    const resumeHash = anna.resumeHashes.get(accepted.chatId);
    await ask(console2.socket, 'chats:resume', {
      chats: [{ chatId: accepted.chatId, epoch: 1, route: 'adult', resumeHash }],
    });
    expect(await afterRestart.send(`${CANARIES[2]} after the restart`)).toEqual({
      ok: true,
      data: null,
    });

    if (REDIS_URL) {
      // Positive control: while the chat lasts, the scan does see its live state.
      const during = await redisContents(REDIS_URL);
      expect(during.keys).toContain(`${redisPrefix}chat:${accepted.chatId}`);
    }
    const ended = next<{ ratingTicket?: string }>(afterRestart.socket, 'chat:ended');
    await ask(console2.socket, 'chat:end', { chatId: accepted.chatId });
    const { ratingTicket } = await ended;
    expect(await ask(afterRestart.socket, 'chat:rate', { ticket: ratingTicket, score: 3 })).toEqual(
      {
        ok: true,
        data: null,
      },
    );
    expect(await server.store.listRatings(), 'the rating, only counted').toEqual([
      expect.objectContaining({ route: 'adult', score: 3, count: 1 }),
    ]);

    // Live state is gone with the chat.
    expect(await server.live.getChat(accepted.chatId)).toBeUndefined();
    expect(await server.live.queue('adult')).toEqual([]);
    expect(await server.live.countChatsOfAccount(1)).toBe(0);

    // "End and block": the server reads the visitor's address (from the socket's
    // handshake, in whichever process holds it) to key the block; what it keeps must
    // name neither the address nor its network.
    await console2.setAvailable(true);
    const rude = await TestVisitor.create(server.url, visitorHeaders);
    await rude.join('adult');
    const rudeChat = (await console2.accept()).accepted.chatId;
    await rude.started();
    expect(await ask(console2.socket, 'chat:block', { chatId: rudeChat })).toEqual({
      ok: true,
      data: { blocked: true },
    });
    const blockedVisitor = await TestVisitor.create(server.url, visitorHeaders);
    expect(
      await ask(blockedVisitor.socket, 'queue:join', {
        route: 'adult',
        commitment: blockedVisitor.commitment,
      }),
    ).toEqual({ ok: false, error: 'unavailable' });
    expect(await server.rates.blocks(), 'the block is kept, as a salt and a hash').toHaveLength(1);
    rude.close();
    blockedVisitor.close();

    reloaded.close();
    afterRestart.close();
    anna.close();
    console2.close();
    await server.close();

    const needles = [
      ...CANARIES,
      MARKED_ADDRESS,
      // The block's network (/24), in any of the ways an address prefix is written.
      MARKED_ADDRESS.split('.').slice(0, 3).join('.'),
      MARKED_AGENT,
      'marked-user-agent',
      MARKED_REFERRER,
      'secret-canary-page',
      accepted.chatId,
      visitor.commitment,
      reloaded.commitment,
      visitor.resumeToken!,
      reloaded.resumeToken!,
      ratingTicket!,
    ];
    const files = await filesUnder(server.dataDir);
    expect(files.length).toBeGreaterThan(0);
    const written: Buffer[] = [
      ...(await Promise.all(files.map((file) => readFile(file)))),
      Buffer.from(firstLogs.join('')),
      Buffer.from(server.logs.join('')),
    ];
    if (REDIS_URL) {
      const redis = await redisContents(REDIS_URL);
      // Live chat state is gone; what may stay is searched below like everything else.
      expect(lingeringRedisKeys(redis.keys, redisPrefix)).toEqual([]);
      expect(redis.keys, 'the block is searched too').toContain(`${redisPrefix}blocks`);
      expect(
        redis.keys.some((key) => key.startsWith(`${redisPrefix}rate:start:`)),
        'the chat starts are counted in Redis',
      ).toBe(true);
      written.push(redis.bytes);
    }
    expect(firstLogs.length).toBeGreaterThan(0);
    // Positive control: the search does find what the server is allowed to keep.
    const found = (text: string) => written.some((bytes) => bytes.includes(Buffer.from(text)));
    expect(found('$argon2id$'), 'the account row').toBe(true);
    expect(found('staff login'), 'the log line').toBe(true);
    expectNoneOf(written, needles);
  });

  it('keeps a mailbox as ciphertext only: no letter, return code, lookup id or private key anywhere', async () => {
    mailboxServer = await startTestServer({ trustProxy: 1, logLevel: 'debug', ...redisOptions });
    const server = mailboxServer;
    const visitorHeaders = {
      'x-forwarded-for': MARKED_LETTER_ADDRESS,
      'user-agent': MARKED_AGENT,
      referer: MARKED_REFERRER,
    };
    const letters = ['CANARY-LETTER-3c1e', 'Brev CANARY-LETTER åäö ٱلسلام'];
    const answer = 'CANARY-ANSWER-b5d2 svar åäö';

    await addAccount(server.store, 'anna');
    const anna = await TestCounsellor.create(server.url, await login(server.url, 'anna'));
    const annaKeys = await StaffKeys.setUp(anna.socket, TEST_PASSWORD);

    // Both ways: the visitor writes, the counsellor answers, the visitor comes back.
    const visitor = await TestWriter.connect(server.url, undefined, visitorHeaders);
    expect(await visitor.create('adult', letters[0]!, 'sv')).toEqual({ ok: true, data: null });
    const listed = (await ask(anna.socket, 'mailbox:list', {})) as { data: { id: string }[] };
    const id = listed.data[0]!.id;
    expect(await annaKeys.texts(id)).toEqual([letters[0]]);
    expect(await annaKeys.answer(id, answer)).toEqual({ ok: true, data: null });
    visitor.close();
    const back = await TestWriter.connect(server.url, visitor.code, visitorHeaders);
    expect((await back.read()).map((l) => l.text)).toEqual([letters[0], answer]);
    expect(await back.write('adult', letters[1]!)).toEqual({ ok: true, data: null });
    expect(await annaKeys.texts(id)).toEqual([letters[0], answer, letters[1]]);

    // A second visitor deletes theirs: nothing of it may stay, not even its ciphertext.
    const gone = await TestWriter.connect(server.url, undefined, visitorHeaders);
    expect(await gone.create('adult', 'CANARY-DELETED-71aa')).toEqual({ ok: true, data: null });
    const goneBody = ((await gone.open()) as { data: { letters: { body: string }[] } }).data
      .letters[0]!.body;
    expect(await gone.delete()).toEqual({ ok: true, data: null });
    // Gone at once, from the database file and its write-ahead log, while the server runs.
    const whileRunning = await Promise.all(
      (await filesUnder(server.dataDir)).map((f) => readFile(f)),
    );
    expect(whileRunning.some((bytes) => bytes.includes(Buffer.from(goneBody)))).toBe(false);

    const kept = ((await back.open()) as { data: { letters: { body: string }[] } }).data.letters;
    back.close();
    gone.close();
    anna.close();
    await server.close();

    const files = await filesUnder(server.dataDir);
    const written: Buffer[] = [
      ...(await Promise.all(files.map((file) => readFile(file)))),
      Buffer.from(server.logs.join('')),
    ];
    if (REDIS_URL) {
      const redis = await redisContents(REDIS_URL);
      expect(lingeringRedisKeys(redis.keys, redisPrefix)).toEqual([]);
      expect(
        redis.keys.some((key) => key.startsWith(`${redisPrefix}rate:mailbox-lookup:`)),
        'the lookups are counted in Redis',
      ).toBe(true);
      written.push(redis.bytes);
    }
    const found = (text: string) => written.some((bytes) => bytes.includes(Buffer.from(text)));
    // Positive control: the letters are there, as ciphertext, with the visitor's public key.
    for (const letter of kept) expect(found(letter.body), 'a kept letter').toBe(true);
    expect(found(visitor.keys.publicKey), 'the mailbox key').toBe(true);
    expect(found(annaKeys.stored.wrapped), 'the wrapped staff key').toBe(true);

    const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
    const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
    expectNoneOf(written, [
      ...letters,
      answer,
      'CANARY',
      goneBody,
      // The return code as shown, as typed, and what it gives.
      visitor.code,
      visitor.code.replace(/-/g, ''),
      gone.code,
      visitor.keys.lookup,
      gone.keys.lookup,
      b64(visitor.keys.keyPair.privateKey),
      hex(visitor.keys.keyPair.privateKey),
      b64(annaKeys.keyPair.privateKey),
      hex(annaKeys.keyPair.privateKey),
      TEST_PASSWORD,
      MARKED_LETTER_ADDRESS,
      MARKED_AGENT,
      'marked-user-agent',
      'secret-canary-page',
    ]);
  });
});
