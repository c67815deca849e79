import { afterEach, beforeEach } from 'vitest';
import type { Config } from '../../server/config.js';
import type { Language } from '../../shared/protocol/schemas.js';
import { TestCounsellor } from './clients.js';
import { addAccount, login, startTestServer, type TestServer } from './server.js';

/**
 * A fresh server for each test of the file, and the clients the test made closed
 * after it. `counsellor()` signs a new account in and marks it available.
 */
export function useTestServer(
  overrides: Partial<Config> = {},
  now?: () => number,
  /** The chat service's clock: a running one the test moves on. */
  chatNow?: () => number,
) {
  let current: TestServer | undefined;
  const clients: { close(): void }[] = [];

  beforeEach(async () => {
    current = await startTestServer(overrides, now, undefined, chatNow);
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await current?.dispose();
  });

  const harness = {
    get server(): TestServer {
      if (!current) throw new Error('no test server: call inside a test');
      return current;
    },
    /** Replaces this test's server with one configured otherwise. */
    restart: async (changes: Partial<Config>): Promise<TestServer> => {
      // Reusing the data directory (a process restart) keeps it; otherwise it goes.
      if (current && changes.dataDir === current.dataDir) await current.close();
      else await current?.dispose();
      current = await startTestServer({ ...overrides, ...changes }, now, undefined, chatNow);
      return current;
    },
    track: <T extends { close(): void }>(client: T): T => {
      clients.push(client);
      return client;
    },
    /** With `capacity`, raised to it; otherwise the 1 every shift starts with. */
    counsellor: async (
      username: string,
      options: { youth?: boolean; languages?: Language[]; capacity?: number } = {},
    ) => {
      const server = harness.server;
      const { capacity: _capacity, ...account } = options;
      await addAccount(server.store, username, account);
      const cookie = await login(server.url, username);
      const client = harness.track(await TestCounsellor.create(server.url, cookie));
      await client.setAvailable(true, options.capacity);
      return client;
    },
  };
  return harness;
}
