import { SESSION_COOKIE, Sessions } from '../../server/accounts/sessions.js';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../../server/app.js';
import { hashPassword } from '../../server/accounts/passwords.js';
import type { LiveState } from '../../server/chat/live-state.js';
import { MemoryRateStore, type RateStore } from '../../server/limits/rate-store.js';
import { openLive } from '../../server/live.js';
import { loadConfig, type Config } from '../../server/config.js';
import { createLogger } from '../../server/logger.js';
import { openSqliteStore } from '../../server/storage/open-store.js';
import type { Language, Role } from '../../shared/protocol/schemas.js';
import type { Account, Store } from '../../server/storage/store.js';

export interface TestServer {
  url: string;
  app: App;
  store: Store;
  live: LiveState;
  /** The limits' counters and the blocks, as the server got them. */
  rates: RateStore;
  dataDir: string;
  /** Every line the server logged. */
  logs: string[];
  /** Closes the server and the store; the data directory stays for inspection. */
  close(): Promise<void>;
  /** Closes (if still open) and deletes the data directory. */
  dispose(): Promise<void>;
}

/** A real server on 127.0.0.1, port 0, with its own temporary DATA_DIR. */
export async function startTestServer(
  overrides: Partial<Config> = {},
  /** The server's clock for the second factor (a test fixes it so no 30-s step turns). */
  now?: () => number,
  /** Wraps the live state the server gets (a race test slows its writes). */
  wrapLive: (live: LiveState) => LiveState = (live) => live,
  /** The chat service's clock (a running one a test moves on), when not the real one. */
  chatNow?: () => number,
): Promise<TestServer> {
  // A restart test passes the previous server's port and data directory.
  const dataDir = overrides.dataDir ?? (await mkdtemp(join(tmpdir(), 'jourchatt-test-')));
  const config: Config = {
    ...loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'debug' }),
    port: 0,
    ...overrides,
  };
  const logs: string[] = [];
  const logger = createLogger(config.logLevel, { write: (line: string) => logs.push(line) });
  const store = await openSqliteStore(config.dataDir);
  // In memory, or in Redis when the test passes `redisUrl`.
  const opened = await openLive(config, logger);
  const live = opened.state;
  // A fixed clock holds for the limits' counters too, so a delay after failed logins
  // cannot run out while a slow machine gets to the next attempt.
  const rates = now && !config.redisUrl ? new MemoryRateStore(now) : opened.rates;
  const app = createApp(config, {
    store,
    live: wrapLive(live),
    rates,
    logger,
    ...(opened.adapter && { adapter: opened.adapter }),
    ...(now && { now }),
    ...(chatNow && { chatNow }),
  });
  await app.ready;
  await new Promise<void>((done) => app.httpServer.listen(config.port, '127.0.0.1', done));
  const { port } = app.httpServer.address() as AddressInfo;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await app.close();
    await store.close();
    await opened.close();
  };
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    store,
    live,
    rates,
    dataDir,
    logs,
    close,
    async dispose() {
      await close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export const TEST_PASSWORD = 'correct horse battery staple';

export async function addAccount(
  store: Store,
  username: string,
  options: { role?: Role; youth?: boolean; alias?: string; languages?: Language[] } = {},
): Promise<Account> {
  const account = await store.createAccount(
    {
      username,
      alias: options.alias ?? username,
      role: options.role ?? 'counsellor',
      youth: options.youth ?? false,
      passwordHash: await hashPassword(TEST_PASSWORD),
    },
    Date.now(),
  );
  if (!options.languages) return account;
  await store.updateAccount(account.id, { languages: options.languages });
  return { ...account, languages: options.languages };
}

/** Logs in over HTTP and returns the session cookie (name=value). */
export async function login(
  url: string,
  username: string,
  password = TEST_PASSWORD,
): Promise<string> {
  const response = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (response.status !== 200) throw new Error(`login failed with ${response.status}`);
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  if (!cookie) throw new Error('no session cookie');
  return cookie;
}

/**
 * A session for an account, made as the server makes one at login: for tests that
 * need a signed-in staff member whose second factor they do not want to type.
 */
export async function sessionCookieFor(server: TestServer, accountId: number): Promise<string> {
  const sessions = new Sessions(server.store, { idleMs: 60 * 60_000, maxMs: 12 * 3600_000 });
  return `${SESSION_COOKIE}=${await sessions.create(accountId)}`;
}
