import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { AxeBuilder } from '@axe-core/playwright';
import { generate } from 'otplib';
import {
  test as base,
  expect,
  type Browser,
  type Frame,
  type FrameLocator,
  type Locator,
  type Page,
} from '@playwright/test';
import { CATALOGUES, type WidgetLanguage } from '../../client/widget/i18n/index.js';
import { localClock } from '../../server/clock.js';
import { DEFAULT_SETTINGS, type Settings } from '../../shared/protocol/settings.js';
import { embeddedEnv } from '../support/env.js';

export const PASSWORD = 'correct horse battery staple';

export interface RunningServer {
  url: string;
  /**
   * Another origin, standing for the city's own site: it serves the pages put in
   * `hostPages` and is in the server's ALLOWED_ORIGINS. The same pages under
   * `http://localhost:<port>` are a site that is not allowed.
   */
  hostUrl: string;
  hostPages: Map<string, string>;
  dataDir: string;
  /** Every line the server process wrote to stdout and stderr. */
  output: string[];
  /** Creates a staff account through the real CLI (`npm run user -- add ...`). */
  addUser(username: string, options?: { youth?: boolean; role?: string }): void;
  /** Stops the process with SIGTERM (it must exit 0) and starts a new one on the same port. */
  restart(): Promise<void>;
  /** Replaces the settings through the real CLI (`npm run settings -- set`), or resets them. */
  setSettings(settings: object | 'reset'): void;
}

function runCli(script: string, args: string[], dataDir: string, input = ''): void {
  const result = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], {
    input,
    env: { ...embeddedEnv(), DATA_DIR: dataDir },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`${script} ${args[0]} failed: ${result.stderr}`);
}

/** A plain static server for embedding pages on an origin of their own. */
async function startHostSite(pages: Map<string, string>): Promise<Server> {
  const site = createServer((req, res) => {
    const page = pages.get(new URL(req.url ?? '/', 'http://host').pathname);
    res.writeHead(page ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page ?? 'not found');
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  return site;
}

/** Starts the built server as its own process; resolves once it listens. */
async function spawnServer(
  env: Record<string, string>,
  output: string[],
): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['dist/server/main.js'], {
    env: { ...embeddedEnv(), HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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
  return { child, port };
}

async function stopProcess(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  return exited;
}

/**
 * Starts a server of its own (the `server` fixture is one shared by every test of the
 * worker); `extraEnv` adds to its environment (limits, for instance).
 */
export async function startServer(extraEnv: Record<string, string> = {}): Promise<{
  server: RunningServer;
  stop(): Promise<void>;
}> {
  const dataDir = mkdtempSync(join(tmpdir(), 'jourchatt-e2e-'));
  const hostPages = new Map<string, string>();
  const site = await startHostSite(hostPages);
  const hostUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  const output: string[] = [];
  // Every browser test's visitor comes from 127.0.0.1 to this one server: the
  // per-address limit on chat starts (tested in test/integration/visitor.test.ts)
  // would otherwise stop the later tests.
  const env = {
    DATA_DIR: dataDir,
    ALLOWED_ORIGINS: hostUrl,
    CHAT_STARTS_PER_ADDRESS: '1000',
    ...extraEnv,
  };
  let { child, port } = await spawnServer({ ...env, PORT: '0' }, output);
  const server: RunningServer = {
    url: `http://127.0.0.1:${port}`,
    hostUrl,
    hostPages,
    dataDir,
    output,
    addUser(username, options = {}) {
      const args = ['add', '--username', username, '--role', options.role ?? 'counsellor'];
      args.push('--password-stdin', ...(options.youth ? ['--youth'] : []));
      runCli('server/accounts/user.cli.ts', args, dataDir, PASSWORD);
    },
    setSettings(settings) {
      if (settings === 'reset') runCli('server/settings.cli.ts', ['reset'], dataDir);
      else runCli('server/settings.cli.ts', ['set'], dataDir, JSON.stringify(settings));
    },
    async restart() {
      const code = await stopProcess(child);
      if (code !== 0) throw new Error(`server exited with ${code} on SIGTERM`);
      ({ child, port } = await spawnServer({ ...env, PORT: String(port) }, output));
    },
  };
  return {
    server,
    async stop() {
      await stopProcess(child);
      await new Promise((resolve) => site.close(resolve));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const test = base.extend<object, { server: RunningServer }>({
  server: [
    // Playwright reads the fixture list from this destructuring pattern, even when empty.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const running = await startServer();
      await use(running.server);
      await running.stop();
    },
    { scope: 'worker' },
  ],
});

export { expect };

/**
 * A server of the calling spec file's own, for a walk that would disturb the shared one
 * (its queue, its settings, a supervisor's presence): started before the file's tests
 * and stopped after them. Read `.server` inside a test.
 */
export function useOwnServer(): { readonly server: RunningServer } {
  let running: Awaited<ReturnType<typeof startServer>> | undefined;
  test.beforeAll(async () => {
    running = await startServer();
  });
  test.afterAll(async () => {
    await running?.stop();
  });
  return {
    get server() {
      if (!running) throw new Error('the own server is read before beforeAll started it');
      return running.server;
    },
  };
}

/** The widget's element on the host page: the launcher, and the chat's frame inside it. */
export function widget(page: Page): Locator {
  return page.locator('jour-chat');
}

/** The chat's <iframe> on the host page, where the launcher puts it. */
export const FRAME = 'jour-chat iframe[part="frame"]';

/** What the visitor sees of the chat: the panel and its controls, inside the chat frame. */
export function chatFrame(page: Page): FrameLocator {
  return page.frameLocator(FRAME);
}

/** A screen that shows a chat: the console's page, or the visitor's chat frame. */
export type Screen = Page | FrameLocator;

/** The chat frame's window, to evaluate in (its own origin and storage); waits for its panel. */
export async function chatFrameWindow(page: Page): Promise<Frame> {
  await expect(chatFrame(page).locator('jour-chat-panel')).toBeAttached();
  const frame = page.frame({ url: /\/widget\/frame(?:#|$)/ });
  if (!frame) throw new Error('the chat frame has not loaded');
  return frame;
}

export type StorageContents = Record<string, string>;

function readStorage(kind: string): StorageContents {
  const storage = kind === 'localStorage' ? localStorage : sessionStorage;
  const contents: StorageContents = {};
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i)!;
    contents[key] = storage.getItem(key) ?? '';
  }
  return contents;
}

/** What the chat frame's own origin (the chat server's) holds in this tab. */
export async function frameStorage(
  page: Page,
): Promise<{ session: StorageContents; local: StorageContents }> {
  const frame = await chatFrameWindow(page);
  return {
    session: await frame.evaluate(readStorage, 'sessionStorage'),
    local: await frame.evaluate(readStorage, 'localStorage'),
  };
}

/** What the host page's own origin holds in this tab. */
export async function hostStorage(
  page: Page,
): Promise<{ session: StorageContents; local: StorageContents }> {
  return {
    session: await page.evaluate(readStorage, 'sessionStorage'),
    local: await page.evaluate(readStorage, 'localStorage'),
  };
}

/**
 * Puts a plain city page on the other, allowed origin (`server.hostUrl`), embedding the
 * widget as the city would, and returns its address.
 */
export function cityPage(server: RunningServer, path: string): string {
  server.hostPages.set(
    path,
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>The city</title>
      <script type="module" src="${server.url}/widget/jour-chat.js"></script></head>
      <body><h1>Crime prevention</h1><jour-chat lang="en"></jour-chat></body></html>`,
  );
  return `${server.hostUrl}${path}`;
}

/** A counsellor signed in to the console in a browser of their own, available for chats. */
export async function availableCounsellor(
  browser: Browser,
  server: RunningServer,
  name: string,
): Promise<Page> {
  server.addUser(name);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await loginToConsole(page, server.url, name);
  await page.getByRole('switch', { name: 'Available' }).check();
  return page;
}

/**
 * Opens the console's hand-over and picks the first colleague offered (not the queue);
 * the caller adds a note if it wants one and confirms.
 */
export async function chooseFirstColleague(consolePage: Page): Promise<void> {
  await consolePage.getByRole('button', { name: 'Hand over' }).click();
  await consolePage
    .getByRole('group', { name: /Hand over to/ })
    .getByRole('radio', { name: /^(?!Back to the queue)/ })
    .first()
    .check();
}

export async function loginToConsole(page: Page, url: string, username: string): Promise<void> {
  await page.goto(`${url}/console/?lang=en`);
  await page.getByRole('textbox', { name: 'Username' }).fill(username);
  // A password field has no ARIA role: it is found by its label.
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('button', { name: 'Accept next chat' })).toBeVisible();
}

/** The safety words a screen shows, revealing them first where they are on request. */
export async function safetyWords(screen: Screen): Promise<string> {
  const show = screen.getByRole('button', { name: 'Show safety words' });
  if (await show.isVisible()) await show.click();
  const words = screen.getByTestId('safety-words');
  await expect(words).toHaveText(/\S+ \S+ \S+ \S+/);
  return (await words.innerText()).trim();
}

/**
 * Axe (WCAG 2.1 A and AA; with `every`, every rule axe runs by default, best practices
 * included) finds nothing on the page, or only within `scope` (the widget on a city
 * page that is not ours to judge).
 */
export async function expectAccessible(
  page: Page,
  screen: string,
  scope?: string,
  rules: 'wcag' | 'every' = 'wcag',
): Promise<void> {
  const builder = new AxeBuilder({ page });
  if (scope) builder.include(scope);
  if (rules === 'wcag') builder.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
  const results = await builder.analyze();
  const found = results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );
  expect(found, `axe on the ${screen} screen`).toEqual([]);
}

/**
 * The visitor ends the chat: "End chat", then the same in the dialog that asks first
 * (the panel's own element is a dialog too, so the question is found by its name).
 */
export async function endChatAsVisitor(chat: FrameLocator, language = 'en'): Promise<void> {
  const t = CATALOGUES[language as WidgetLanguage];
  await chat.getByRole('button', { name: t.endChat, exact: true }).click();
  await chat
    .getByRole('dialog', { name: t.confirmEndTitle })
    .getByRole('button', { name: t.endChat, exact: true })
    .click();
}

/**
 * Every route closed now and all day today: both open 09:00–16:00 only `daysAhead`
 * days from today (1 to 6), the adults' phone line with those hours of its own.
 */
export function closedUntil(daysAhead: number): Settings {
  const { weekday } = localClock(Date.now(), DEFAULT_SETTINGS.timeZone);
  const later = (weekday + daysAhead) % 7;
  const onlyOn = (day: number) =>
    Array.from({ length: 7 }, (_, d) => (d === day ? [{ open: '09:00', close: '16:00' }] : []));
  return {
    ...DEFAULT_SETTINGS,
    routes: {
      adult: { phone: '021-41 32 60', hours: onlyOn(later), phoneHours: onlyOn(later) },
      youth: { phone: '010-567 63 25', hours: onlyOn(later) },
    },
  };
}

/** The elements that reach past the right edge (not those inside one that does). */
export function widest(page: Page): Promise<string> {
  return page.evaluate(() => {
    const found: string[] = [];
    const beyond = (element: Element | null) =>
      element !== null && element.getBoundingClientRect().right > innerWidth + 1;
    const visit = (root: Document | ShadowRoot) => {
      for (const element of root.querySelectorAll('*')) {
        const parent = element.parentElement ?? (element.parentNode as ShadowRoot).host ?? null;
        if (beyond(element) && !beyond(parent) && found.length < 8) {
          const right = Math.round(element.getBoundingClientRect().right);
          found.push(`${element.tagName.toLowerCase()}.${element.className} → ${right}`);
        }
        if (element.shadowRoot) visit(element.shadowRoot);
      }
    };
    visit(document);
    return found.join('; ');
  });
}

/**
 * Turns the second factor on from "My account", as a person would with an app (only
 * then does a supervisor act as one). `whileShown` runs while the secret is on screen.
 */
export async function setUpSecondFactor(
  page: Page,
  whileShown?: (page: Page) => Promise<void>,
): Promise<void> {
  await page.getByRole('button', { name: 'My account' }).click();
  await page.getByRole('button', { name: 'Turn on the second factor' }).click();
  const secret = (await page.getByTestId('totp-secret').innerText()).trim();
  await whileShown?.(page);
  await page.getByRole('textbox', { name: 'Authentication code' }).fill(await generate({ secret }));
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByText('The second factor is on.').first()).toBeVisible();
}

/**
 * A supervisor signed in with the second factor on, a counsellor available, and a
 * visitor (English widget, `visitorViewport` wide) in a chat the counsellor accepted:
 * the start of every test of support and joining. `close` closes the three browsers.
 */
export async function chatWithSupervisorOnline(
  browser: Browser,
  server: RunningServer,
  names: { counsellor: string; supervisor: string },
  visitorViewport = { width: 1280, height: 800 },
) {
  server.addUser(names.counsellor);
  server.addUser(names.supervisor, { role: 'supervisor' });
  const newPage = async (viewport: { width: number; height: number }) =>
    (await browser.newContext({ viewport })).newPage();

  const supervisor = await newPage({ width: 1280, height: 900 });
  await loginToConsole(supervisor, server.url, names.supervisor);
  await setUpSecondFactor(supervisor);
  await supervisor.getByRole('button', { name: 'Chats' }).click();
  const counsellor = await newPage({ width: 1280, height: 900 });
  await loginToConsole(counsellor, server.url, names.counsellor);
  await counsellor.getByRole('switch', { name: 'Available' }).check();

  const visitor = await newPage(visitorViewport);
  await visitor.goto(`${server.url}/?lang=en`);
  await visitor.getByRole('button', { name: 'Open chat' }).click();
  const chat = chatFrame(visitor);
  await chat.getByRole('button', { name: 'I am 20 or older' }).click();
  await counsellor.getByRole('button', { name: 'Accept next chat' }).click();
  await expect(chat.getByRole('textbox', { name: 'Message' })).toBeVisible();
  const close = async () => {
    for (const page of [supervisor, counsellor, visitor]) await page.context().close();
  };
  return { supervisor, counsellor, visitor, chat, close };
}
