import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { test as base, expect, type Locator, type Page } from '@playwright/test';

export const PASSWORD = 'correct horse battery staple';

export interface RunningServer {
  url: string;
  dataDir: string;
  /** Every line the server process wrote to stdout and stderr. */
  output: string[];
  /** Creates a staff account through the real CLI (`npm run user -- add ...`). */
  addUser(username: string, options?: { youth?: boolean; role?: string }): void;
}

async function startServer(): Promise<{ server: RunningServer; process: ChildProcess }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'jourchatt-e2e-'));
  const child = spawn(process.execPath, ['dist/server/server/main.js'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  createInterface({ input: child.stderr }).on('line', (line) => output.push(line));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start:\n${output.join('\n')}`)),
      15_000,
    );
    child.once('exit', (code) =>
      reject(new Error(`server exited with ${code}:\n${output.join('\n')}`)),
    );
    createInterface({ input: child.stdout }).on('line', (line) => {
      output.push(line);
      const match = /"port":(\d+).*"msg":"listening"/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
  });
  const server: RunningServer = {
    url: `http://127.0.0.1:${port}`,
    dataDir,
    output,
    addUser(username, options = {}) {
      const args = [
        '--import',
        'tsx',
        'server/accounts/user.cli.ts',
        'add',
        '--username',
        username,
      ];
      args.push('--role', options.role ?? 'counsellor', '--password-stdin');
      if (options.youth) args.push('--youth');
      const result = spawnSync(process.execPath, args, {
        input: PASSWORD,
        env: { ...process.env, DATA_DIR: dataDir },
        encoding: 'utf8',
      });
      if (result.status !== 0) throw new Error(`user add failed: ${result.stderr}`);
    },
  };
  return { server, process: child };
}

export const test = base.extend<object, { server: RunningServer }>({
  server: [
    // Playwright reads the fixture list from this destructuring pattern, even when empty.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const { server, process: child } = await startServer();
      await use(server);
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      rmSync(server.dataDir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
});

export { expect };

/** The widget's launcher, panel and controls, found by role and name through its shadow root. */
export function widget(page: Page): Locator {
  return page.locator('jour-chat');
}

export async function loginToConsole(page: Page, url: string, username: string): Promise<void> {
  await page.goto(`${url}/console/?lang=en`);
  await page.getByRole('textbox', { name: 'Username' }).fill(username);
  // A password field has no ARIA role: it is found by its label.
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('button', { name: 'Accept next chat' })).toBeVisible();
}
