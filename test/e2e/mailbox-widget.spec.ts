import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, FrameLocator, Page } from '@playwright/test';
import { CATALOGUES, type WidgetLanguage } from '../../client/widget/i18n/index.js';
import { MAILBOX_CATALOGUES } from '../../client/widget/i18n/mailbox.js';
import { dayIn } from '../../server/clock.js';
import { newReturnCode } from '../../shared/crypto/mailbox.js';
import type { AckResult } from '../../shared/protocol/errors.js';
import type { MailboxSummary } from '../../shared/protocol/schemas.js';
import {
  DEFAULT_SETTINGS,
  type ServiceStatus,
  type Settings,
} from '../../shared/protocol/settings.js';
import { ask, connectCounsellor, connectVisitor, connected } from '../support/clients.js';
import { StaffKeys, readyMailboxCrypto } from '../support/mailbox.js';
import {
  FRAME,
  PASSWORD,
  chatFrame,
  chatFrameWindow,
  expect,
  expectAccessible,
  frameStorage,
  hostStorage,
  startServer,
  test,
  type RunningServer,
} from './fixtures.js';

/*
 * The visitor's side of the mailbox (docs/PROTOCOL.md §21, issue 15) in a real browser:
 * with the chat closed a visitor writes, gets the return code once, and comes back in
 * another browser with nothing but the code to read the answer, write again and delete
 * it all. The counsellor is played by a Node client with the console's real
 * cryptography (test/support/mailbox.ts): the console's screens are not part of this.
 * Nothing of the mailbox is ever stored in the browser.
 *
 * This file runs its own server: the staff keys it makes would otherwise offer the
 * mailbox on the widget screens of every later test.
 */

const SHOTS = 'test-results/mailbox';
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 320, height: 568 };
const en = CATALOGUES.en;
const mb = MAILBOX_CATALOGUES.en;
/** Crockford base32, six groups of four. */
const CODE_SHAPE = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){5}$/;

const closedAllWeek: Settings = {
  ...DEFAULT_SETTINGS,
  routes: {
    adult: { ...DEFAULT_SETTINGS.routes.adult, hours: Array.from({ length: 7 }, () => []) },
    youth: { ...DEFAULT_SETTINGS.routes.youth, hours: Array.from({ length: 7 }, () => []) },
  },
};

let server: RunningServer;
let running: Awaited<ReturnType<typeof startServer>>;

test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  await readyMailboxCrypto();
  // Every visitor here comes from 127.0.0.1: the per-network limits are not what is tested.
  running = await startServer({
    MAILBOX_STARTS_PER_ADDRESS: '1000',
    MAILBOX_LOOKUPS_PER_ADDRESS: '1000',
  });
  server = running.server;
});

test.afterAll(async () => {
  await running.stop();
});

/** A staff member's console as a Node client: signed in, mailbox key made and stored. */
async function staffMember(username: string) {
  server.addUser(username, { youth: true });
  const response = await fetch(`${server.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  if (response.status !== 200 || !cookie) throw new Error(`login failed: ${response.status}`);
  const socket = connectCounsellor(server.url, cookie);
  await connected(socket);
  const keys = await StaffKeys.setUp(socket, PASSWORD);
  const list = async () => {
    const result = (await ask(socket, 'mailbox:list', {})) as AckResult<MailboxSummary[]>;
    if (!result.ok) throw new Error(result.error);
    return result.data;
  };
  return { keys, list, close: () => socket.disconnect() };
}

/**
 * The city's page on its own origin, with the widget in `language`: the chat frame's
 * storage is then the chat server's alone, apart from the page's.
 */
function cityPage(language: WidgetLanguage): string {
  server.hostPages.set(
    `/city-${language}.html`,
    `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>The city</title>
      <script type="module" src="${server.url}/widget/jour-chat.js"></script></head>
      <body><main><h1>Crime prevention</h1><jour-chat lang="${language}"></jour-chat></main></body></html>`,
  );
  return `${server.hostUrl}/city-${language}.html`;
}

async function visitor(
  browser: Browser,
  language: WidgetLanguage = 'en',
  viewport = DESKTOP,
): Promise<{ context: BrowserContext; page: Page; chat: FrameLocator }> {
  const context = await browser.newContext({ viewport });
  await context.route(/google\.com/, (route) =>
    route.fulfill({ contentType: 'text/html', body: '<title>Väder</title><p>neutral</p>' }),
  );
  const page = await context.newPage();
  await page.goto(cityPage(language));
  await page.getByRole('button', { name: CATALOGUES[language].openChat }).click();
  return { context, page, chat: chatFrame(page) };
}

/** Desktop and a 320 px phone, for a person to look at. */
async function photograph(page: Page, name: string): Promise<void> {
  const before = page.viewportSize() ?? DESKTOP;
  for (const size of [DESKTOP, PHONE]) {
    await page.setViewportSize(size);
    await page.evaluate(
      () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
    );
    await page.screenshot({ path: `${SHOTS}/${name}-${size.width}.png` });
  }
  await page.setViewportSize(before);
}

/**
 * Nothing of the mailbox in any of the browser's stores, on the chat's origin or the
 * page's: Web Storage (empty on the chat's side), IndexedDB, cookies.
 */
async function expectNothingStored(page: Page, context: BrowserContext, code: string) {
  const frame = await chatFrameWindow(page);
  const chatSide = await frameStorage(page);
  expect(chatSide).toEqual({ session: {}, local: {} });
  const everything = JSON.stringify({
    chatSide,
    pageSide: await hostStorage(page),
    chatDatabases: await frame.evaluate(() => indexedDB.databases()),
    pageDatabases: await page.evaluate(() => indexedDB.databases()),
    cookies: await context.cookies(),
  });
  expect(await frame.evaluate(() => indexedDB.databases())).toEqual([]);
  expect(await context.cookies()).toEqual([]);
  for (const form of [code, code.replace(/-/g, ''), code.toLowerCase()]) {
    expect(everything).not.toContain(form);
  }
  expect(everything.toLowerCase()).not.toContain('mailbox');
}

test.describe('the mailbox in the widget', () => {
  test('with the chat closed a visitor writes and gets a code; back in a new browser with it they read the answer, write again and delete it all', async ({
    browser,
  }) => {
    test.setTimeout(180_000);
    server.setSettings(closedAllWeek);
    const anna = await staffMember('anna');
    try {
      // The offer, with the promise from the settings, under the closed routes.
      const first = await visitor(browser);
      const chat = first.chat;
      await expect(chat.getByText(en.allClosed, { exact: true })).toBeVisible();
      await expect(chat.getByText('Write to us: we answer within 3 days.')).toBeVisible();
      await expect(chat.getByRole('link', { name: '021-41 32 60' }).first()).toBeVisible();
      await expectAccessible(first.page, 'mailbox offer', 'jour-chat', 'every');
      await photograph(first.page, 'offer');

      // The route, as for a chat (Anna reads both), then the letter.
      await chat.getByRole('button', { name: 'Write to us' }).click();
      await expect(chat.getByRole('heading', { name: 'Write to us' })).toBeFocused();
      await expectAccessible(first.page, 'mailbox route', 'jour-chat', 'every');
      await chat.getByRole('button', { name: 'I am 20 or older' }).click();
      const letter = 'Hej. Någon har hotat mig och jag vill inte ringa.';
      await expect(chat.getByText(mb.writeIntro(3))).toBeVisible();
      await chat.getByRole('textbox', { name: 'Message' }).fill(letter);
      await expectAccessible(first.page, 'mailbox write', 'jour-chat', 'every');
      await photograph(first.page, 'write');
      await chat.getByRole('button', { name: 'Send' }).click();

      // The code, once: in groups of four, with what to do with it.
      const shown = chat.getByTestId('return-code');
      await expect(shown).toHaveText(CODE_SHAPE);
      const code = (await shown.innerText()).trim();
      await expect(chat.getByText(mb.codeWarning)).toBeVisible();
      await expect(chat.getByRole('heading', { name: mb.codeHeading })).toBeFocused();
      await expectAccessible(first.page, 'return code', 'jour-chat', 'every');
      await photograph(first.page, 'code');
      for (const origin of [server.url, server.hostUrl]) {
        await first.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
      }
      await chat.getByRole('button', { name: 'Copy code' }).click();
      await expect(chat.getByText(mb.copied)).toBeVisible();
      expect(await first.page.evaluate(() => navigator.clipboard.readText())).toBe(code);
      await expectNothingStored(first.page, first.context, code);
      // Hidden is not closed: a discreet ✕ must not lose a code shown once.
      await chat.getByRole('button', { name: 'Hide chat' }).click();
      await expect(first.page.locator(FRAME)).toBeHidden();
      await first.page.getByRole('button', { name: /^Open chat/ }).click();
      await expect(shown).toHaveText(code);
      // Done: the code leaves the screen and the memory.
      await chat.getByRole('button', { name: mb.codeDone }).click();
      await expect(chat.getByText(code)).toHaveCount(0);
      await expect(chat.getByRole('button', { name: 'Write to us' })).toBeVisible();
      await first.context.close();

      // The counsellor reads it and answers (the console's part, played in Node).
      const [waiting, ...none] = await anna.list();
      expect(none).toEqual([]);
      expect(waiting).toMatchObject({ route: 'adult', lang: 'en', status: 'new', letters: 1 });
      expect(await anna.keys.texts(waiting!.id)).toEqual([letter]);
      const answer = 'Hej! Tack för att du skriver. Berätta gärna mer, när du vill.';
      expect(await anna.keys.answer(waiting!.id, answer)).toEqual({ ok: true, data: null });

      // A new browser, nothing in it but the code: typed in small letters, with spaces.
      const back = await visitor(browser);
      await back.chat.getByRole('button', { name: 'I have a code' }).click();
      await expect(back.chat.getByRole('heading', { name: mb.openHeading })).toBeFocused();
      await expectAccessible(back.page, 'enter code', 'jour-chat', 'every');
      await back.chat
        .getByRole('textbox', { name: 'Return code' })
        .fill(code.toLowerCase().replace(/-/g, ' '));
      await back.chat.getByRole('button', { name: 'Open' }).click();
      const letters = back.chat.getByRole('list', { name: mb.conversation });
      await expect(letters.getByRole('listitem')).toHaveCount(2);
      const today = dayIn(Date.now(), DEFAULT_SETTINGS.timeZone);
      const [y, m, d] = today.split('-').map(Number);
      const day = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' }).format(
        Date.UTC(y!, m! - 1, d),
      );
      await expect(letters.getByRole('listitem').nth(0)).toContainText(letter);
      await expect(letters.getByRole('listitem').nth(0)).toContainText(`You ${day}`);
      await expect(letters.getByRole('listitem').nth(1)).toContainText(answer);
      await expect(letters.getByRole('listitem').nth(1)).toContainText(`anna, volunteer ${day}`);
      // A day, never a time.
      expect(await letters.innerText()).not.toMatch(/\d{1,2}[:.]\d{2}/);
      await expect(back.chat.getByRole('textbox', { name: 'Return code' })).toHaveCount(0);
      await expectAccessible(back.page, 'conversation', 'jour-chat', 'every');
      await photograph(back.page, 'conversation');

      // Writing again reaches the counsellor.
      const again = 'Tack. Det hände igen i går.';
      await back.chat.getByRole('textbox', { name: 'Message' }).fill(again);
      await back.chat.getByRole('button', { name: 'Send' }).click();
      await expect(back.chat.getByText(mb.sent)).toBeVisible();
      await expect(letters.getByRole('listitem')).toHaveCount(3);
      await expect(letters.getByRole('listitem').nth(2)).toContainText(again);
      expect(await anna.keys.texts(waiting!.id)).toEqual([letter, answer, again]);
      await expectNothingStored(back.page, back.context, code);

      // Delete asks first; keeping it keeps it, and Escape is a keep too.
      await back.chat.getByRole('button', { name: 'Delete conversation' }).click();
      const question = back.chat.getByRole('dialog', { name: 'Delete the conversation?' });
      await expect(question.getByRole('button', { name: 'Keep the conversation' })).toBeFocused();
      await expectAccessible(back.page, 'delete question', 'jour-chat', 'every');
      await photograph(back.page, 'delete');
      await question.getByRole('button', { name: 'Keep the conversation' }).click();
      await expect(question).toHaveCount(0);
      await expect(back.chat.getByRole('button', { name: 'Delete conversation' })).toBeFocused();
      await back.page.keyboard.press('Enter');
      await back.page.keyboard.press('Escape');
      await expect(question).toHaveCount(0);
      await expect(letters.getByRole('listitem')).toHaveCount(3);
      await back.chat.getByRole('button', { name: 'Delete conversation' }).click();
      await question.getByRole('button', { name: 'Delete conversation' }).click();
      await expect(back.chat.getByText(mb.deleted)).toBeVisible();
      await expectAccessible(back.page, 'deleted', 'jour-chat', 'every');
      expect(await anna.list()).toEqual([]);

      // The code no longer opens anything.
      await back.chat.getByRole('button', { name: 'Close' }).click();
      await back.chat.getByRole('button', { name: 'I have a code' }).click();
      await back.chat.getByRole('textbox', { name: 'Return code' }).fill(code);
      await back.chat.getByRole('button', { name: 'Open' }).click();
      await expect(back.chat.getByRole('alert')).toHaveText(mb.error('not_found', 4000));
      await back.context.close();
    } finally {
      anna.close();
      server.setSettings('reset');
    }
  });

  test('the whole way: written in the widget when closed, answered in a real console, read and written again with the code in a new browser, then deleted', async ({
    browser,
  }) => {
    test.setTimeout(240_000);
    server.addUser('tove', { youth: true });
    const desk = await browser.newContext({ viewport: DESKTOP });
    const console = await desk.newPage();
    await console.goto(`${server.url}/console/?lang=en`);
    await console.getByRole('textbox', { name: 'Username' }).fill('tove');
    await console.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await console.getByRole('button', { name: 'Log in' }).click();
    const mailboxEntry = console
      .getByRole('navigation', { name: 'Main menu' })
      .getByRole('button', { name: /^Mailbox/ });
    await mailboxEntry.click();
    // The account's key is made at this first sign-in: letters are then sealed to it.
    await expect(console.getByText('No letters.')).toBeVisible({ timeout: 30_000 });
    server.setSettings(closedAllWeek);
    try {
      const first = await visitor(browser);
      const letter = 'Someone follows me home from the bus. I do not know what to do.';
      await first.chat.getByRole('button', { name: 'Write to us' }).click();
      await first.chat.getByRole('button', { name: en.routeAdult }).click();
      await first.chat.getByRole('textbox', { name: 'Message' }).fill(letter);
      await first.chat.getByRole('button', { name: 'Send' }).click();
      const code = (await first.chat.getByTestId('return-code').innerText()).trim();
      expect(code).toMatch(CODE_SHAPE);
      await first.chat.getByRole('button', { name: mb.codeDone }).click();
      await first.context.close();

      // The console: counted, listed without a preview, opened and answered.
      await expect(mailboxEntry).toHaveAccessibleName(/1 letter waits for an answer/);
      const entry = console.getByRole('list', { name: 'Mailbox' }).getByRole('listitem');
      await expect(entry).toHaveCount(1);
      await expect(entry).toContainText('20 or older');
      await entry.getByRole('button').click();
      const desks = console.getByRole('list', { name: 'Letters' });
      await expect(desks).toContainText(letter);
      const answer = 'Thank you for writing. You can call 112 if he follows you again.';
      await console.getByRole('textbox', { name: 'Answer' }).fill(answer);
      await console.getByRole('button', { name: 'Send answer' }).click();
      await expect(desks.getByRole('listitem')).toHaveCount(2);

      // A new browser with nothing but the code.
      const back = await visitor(browser);
      await back.chat.getByRole('button', { name: 'I have a code' }).click();
      await back.chat.getByRole('textbox', { name: 'Return code' }).fill(code);
      await back.chat.getByRole('button', { name: 'Open' }).click();
      const letters = back.chat.getByRole('list', { name: mb.conversation });
      await expect(letters.getByRole('listitem')).toHaveCount(2);
      await expect(letters.getByRole('listitem').nth(1)).toContainText(answer);
      await expect(letters.getByRole('listitem').nth(1)).toContainText('tove, volunteer');
      const again = 'Thank you. He was there again today.';
      await back.chat.getByRole('textbox', { name: 'Message' }).fill(again);
      await back.chat.getByRole('button', { name: 'Send' }).click();
      await expect(letters.getByRole('listitem')).toHaveCount(3);

      // The volunteer sees the new letter (the list says so; opened again, it reads).
      await console.getByRole('button', { name: 'Back to the mailbox' }).click();
      await expect(entry).toHaveCount(1);
      await entry.getByRole('button').click();
      await expect(desks).toContainText(again);

      // The visitor deletes it all: it leaves the volunteer's list too.
      await back.chat.getByRole('button', { name: 'Delete conversation' }).click();
      const question = back.chat.getByRole('dialog', { name: 'Delete the conversation?' });
      await question.getByRole('button', { name: 'Delete conversation' }).click();
      await expect(back.chat.getByText(mb.deleted)).toBeVisible();
      await mailboxEntry.click();
      await expect(console.getByText('No letters.')).toBeVisible();
      await back.context.close();
    } finally {
      await desk.close();
      server.setSettings('reset');
    }
  });

  test('in the queue with nobody on duty, the visitor can leave it and write instead', async ({
    browser,
  }) => {
    test.setTimeout(120_000);
    const dora = await staffMember('dora');
    try {
      const { context, page, chat } = await visitor(browser);
      await chat.getByRole('button', { name: en.routeAdult }).click();
      await expect(chat.getByText(en.nobodyOnDuty)).toBeVisible();
      await expectAccessible(page, 'queue with a letter offered', 'jour-chat', 'every');
      await photograph(page, 'queue-offer');
      await chat.getByRole('button', { name: en.writeInstead }).click();
      // Straight to the letter on the route waited on: no second choice of route.
      await expect(chat.getByRole('button', { name: en.routeAdult })).toHaveCount(0);
      await chat.getByRole('textbox', { name: 'Message' }).fill('Nobody was there, so I write.');
      await chat.getByRole('button', { name: 'Send' }).click();
      await expect(chat.getByTestId('return-code')).toHaveText(CODE_SHAPE);
      const [letter, ...none] = await dora.list();
      expect(none).toEqual([]);
      expect(letter).toMatchObject({ route: 'adult', status: 'new', letters: 1 });
      // The place in the queue went with the choice: nobody waits on the route now.
      const probe = connectVisitor(server.url);
      await connected(probe);
      await expect
        .poll(async () => {
          const status = (await ask(probe, 'status:get', {})) as AckResult<ServiceStatus>;
          return status.ok ? status.data.routes.adult.waiting : undefined;
        })
        .toBe(0);
      probe.disconnect();
      await context.close();
    } finally {
      dora.close();
    }
  });

  test('a wrong code and a mistyped one get plain words, by keyboard alone', async ({
    browser,
  }) => {
    const { context, page, chat } = await visitor(browser);
    await chat.getByRole('button', { name: 'I have a code' }).focus();
    await page.keyboard.press('Enter');
    await expect(chat.getByRole('heading', { name: mb.openHeading })).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(chat.getByRole('textbox', { name: 'Return code' })).toBeFocused();
    // Well formed, but no conversation has it: found nowhere, said plainly.
    await page.keyboard.type(newReturnCode().text);
    await page.keyboard.press('Enter');
    await expect(chat.getByRole('alert')).toHaveText(mb.error('not_found', 4000));
    await expect(chat.getByRole('textbox', { name: 'Return code' })).toBeFocused();
    await expectAccessible(page, 'wrong code', 'jour-chat', 'every');
    await photograph(page, 'wrong-code');
    // Not a code at all: the widget says so without asking the server.
    await chat.getByRole('textbox', { name: 'Return code' }).fill('abcd-1234');
    await page.keyboard.press('Enter');
    await expect(chat.getByRole('alert')).toHaveText(mb.error('bad_code', 4000));
    // Back to the start.
    await chat.getByRole('button', { name: 'Back' }).click();
    await expect(chat.getByRole('button', { name: 'I have a code' })).toBeVisible();
    await context.close();
  });

  test('offers no letter when the mailbox is off: the phone numbers as before', async ({
    browser,
  }) => {
    // Someone could read letters, but the settings turn the mailbox off.
    const bo = await staffMember('bo');
    server.setSettings({
      ...closedAllWeek,
      mailbox: { ...DEFAULT_SETTINGS.mailbox, enabled: false },
    });
    try {
      const { context, chat } = await visitor(browser);
      await expect(chat.getByText(en.allClosed, { exact: true })).toBeVisible();
      await expect(chat.getByRole('link', { name: '021-41 32 60' }).first()).toBeVisible();
      await expect(chat.getByRole('button', { name: 'I have a code' })).toBeVisible();
      await expect(chat.getByRole('button', { name: 'Write to us' })).toHaveCount(0);
      await expect(chat.getByText(/Write to us/)).toHaveCount(0);
      await context.close();
    } finally {
      bo.close();
      server.setSettings('reset');
    }
  });

  test('in Arabic the mailbox reads right to left; after quick exit and after a reload nothing of it remains', async ({
    browser,
  }) => {
    test.setTimeout(180_000);
    const cleo = await staffMember('cleo');
    server.setSettings(closedAllWeek);
    const ar = CATALOGUES.ar;
    const arm = MAILBOX_CATALOGUES.ar;
    const url = cityPage('ar');
    try {
      const { context, page, chat } = await visitor(browser, 'ar');
      await chat.getByRole('button', { name: ar.writeToUs }).click();
      await chat.getByRole('button', { name: ar.routeAdult }).click();
      const box = chat.getByRole('textbox', { name: ar.message });
      await expect(box).toBeVisible();
      const mailbox = chat.locator('jour-mailbox');
      expect(await mailbox.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
      await box.fill('مرحبًا، أحتاج إلى التحدث مع أحد.');
      await expectAccessible(page, 'Arabic letter', 'jour-chat', 'every');
      await photograph(page, 'write-ar');
      await chat.getByRole('button', { name: ar.send }).click();
      const shown = chat.getByTestId('return-code');
      await expect(shown).toHaveText(CODE_SHAPE);
      const code = (await shown.innerText()).trim();
      // The code itself stays left to right inside the Arabic text.
      expect(await shown.evaluate((el) => getComputedStyle(el).direction)).toBe('ltr');
      await expect(chat.getByText(arm.codeWarning)).toBeVisible();
      await expectAccessible(page, 'Arabic code', 'jour-chat', 'every');
      await photograph(page, 'code-ar');

      // Read it back in Arabic, then reload: the conversation is gone, nothing stored.
      await chat.getByRole('button', { name: arm.codeDone }).click();
      await chat.getByRole('button', { name: ar.haveCode }).click();
      await chat.getByRole('textbox', { name: arm.codeLabel }).fill(code);
      await chat.getByRole('button', { name: arm.open, exact: true }).click();
      await expect(chat.getByRole('list', { name: arm.conversation })).toBeVisible();
      await expectAccessible(page, 'Arabic conversation', 'jour-chat', 'every');
      await photograph(page, 'conversation-ar');
      // The tab had the widget open: a reload opens it again, on its first screen.
      await page.reload();
      await expect(chat.getByRole('button', { name: ar.writeToUs })).toBeVisible();
      await expect(chat.getByRole('list', { name: arm.conversation })).toHaveCount(0);
      await expectNothingStored(page, context, code);

      // Open again, then quick exit: wiped, and nothing left on coming back.
      await chat.getByRole('button', { name: ar.haveCode }).click();
      await chat.getByRole('textbox', { name: arm.codeLabel }).fill(code);
      await chat.getByRole('button', { name: arm.open, exact: true }).click();
      await expect(chat.getByRole('list', { name: arm.conversation })).toBeVisible();
      await chat.getByRole('button', { name: ar.quickExit }).click();
      await page.waitForURL(/google\.com/);
      await page.goto(url);
      await page.getByRole('button', { name: ar.openChat }).click();
      await expect(chat.getByRole('button', { name: ar.writeToUs })).toBeVisible();
      await expect(chat.getByRole('list', { name: arm.conversation })).toHaveCount(0);
      await expectNothingStored(page, context, code);
      await context.close();
    } finally {
      cleo.close();
      server.setSettings('reset');
    }
  });
});
