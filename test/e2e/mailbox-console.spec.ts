import type { Browser, Page } from '@playwright/test';
import { TestWriter, readyMailboxCrypto } from '../support/mailbox.js';
import {
  PASSWORD,
  expect,
  expectAccessible,
  startServer,
  test,
  type RunningServer,
} from './fixtures.js';

/*
 * The volunteers' side of the mailbox in a real console, with the real cryptography:
 * the visitor is played by a Node client with shared/crypto/mailbox.ts (the widget's
 * screens are tested on their own), so what reaches the console was sealed as the
 * widget seals it, and what the console answers is read back with the return code.
 *
 * This file runs its own server: the mailbox keys its consoles make would otherwise
 * offer the mailbox on the widget screens of every later test.
 */

const SHOTS = 'test-results/screenshots';

/** A console in a browser of its own, signed in: its mailbox key made or opened then. */
async function signIn(
  browser: Browser,
  server: RunningServer,
  username: string,
  password = PASSWORD,
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await logIn(page, server, username, password);
  return page;
}

async function logIn(page: Page, server: RunningServer, username: string, password: string) {
  await page.goto(`${server.url}/console/?lang=en`);
  await page.getByRole('textbox', { name: 'Username' }).fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('button', { name: 'Accept next chat' })).toBeVisible();
}

/** The Mailbox screen, once the account's key is open (made or unwrapped at sign-in). */
async function openMailboxScreen(page: Page): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main menu' })
    .getByRole('button', { name: /^Mailbox/ })
    .click();
  await expect(page.getByRole('heading', { name: 'Mailbox', level: 2 })).toBeVisible();
  // One locator for both, so the moment between "locked" and "opening", when neither
  // shows, cannot pass for an open key; a new account's key is made (Argon2id) meanwhile.
  await expect(
    page
      .getByText('Opening your mailbox key…')
      .or(page.getByRole('button', { name: 'Unlock mailbox' })),
  ).toHaveCount(0, { timeout: 30_000 });
}

/** The list of mailboxes (no preview), or nothing when it is empty. */
const mailboxList = (page: Page) => page.getByRole('list', { name: 'Mailbox' });

/** No part of the page is wider than a 390 px phone. */
async function expectNoSidewaysScroll(page: Page, screen: string): Promise<void> {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, `${screen} at 390 px`).toBeLessThanOrEqual(390);
}

let server: RunningServer;
let running: Awaited<ReturnType<typeof startServer>>;

test.beforeAll(async () => {
  await readyMailboxCrypto();
  running = await startServer();
  server = running.server;
});

test.afterAll(async () => {
  await running.stop();
});

test.describe('the mailbox in the console', () => {
  test('a letter is counted and listed without a preview, read, answered, marked done; the visitor reads the answer with the code; a colleague sees who answers; a non-youth account sees no under-20 mailbox', async ({
    browser,
  }) => {
    test.setTimeout(180_000);
    server.addUser('mira', { youth: true });
    server.addUser('olle', { youth: true });
    server.addUser('nils');
    // Each console makes its account's key at its first sign-in: the readers a letter
    // is sealed to.
    const mira = await signIn(browser, server, 'mira');
    await openMailboxScreen(mira);
    await expect(
      mira.getByText('Your account got a new mailbox key.', { exact: false }),
    ).toBeVisible();
    await expectAccessible(mira, 'empty mailbox');
    const olle = await signIn(browser, server, 'olle');
    await openMailboxScreen(olle);
    const nils = await signIn(browser, server, 'nils');
    await openMailboxScreen(nils);
    await mira.getByRole('button', { name: 'Chats' }).click();

    const letter = 'Hej, jag behöver prata med någon om det som hände.';
    const visitor = await TestWriter.connect(server.url);
    expect(await visitor.create('youth', letter, 'sv')).toEqual({ ok: true, data: null });

    // Counted in the queue panel and on the menu, like a visitor waiting.
    await expect(
      mira.getByRole('main').getByText('1 letter waits for an answer', { exact: true }),
    ).toBeVisible();
    const menuEntry = mira
      .getByRole('navigation', { name: 'Main menu' })
      .getByRole('button', { name: /^Mailbox/ });
    await expect(menuEntry).toHaveAccessibleName(/1 letter waits for an answer/);
    await menuEntry.click();

    // Listed with day, line, language and status, never what it says.
    const entry = mailboxList(mira).getByRole('listitem').filter({ hasText: 'Under 20' });
    await expect(entry).toHaveCount(1);
    await expect(entry).toContainText('Swedish');
    await expect(entry).toContainText('new');
    await expect(mira.getByText(letter)).toHaveCount(0);
    expect(await mira.content()).not.toContain('behöver prata');
    await expectAccessible(mira, 'mailbox list');
    await mira.screenshot({ path: `${SHOTS}/mailbox-list.png`, fullPage: true });

    // Not trained for under-20s: no youth mailbox at all.
    await expect(nils.getByText('No letters.')).toBeVisible();
    await expect(mailboxList(nils)).toHaveCount(0);

    // Opening claims it; the colleague sees who answers and gets no answer box.
    await entry.getByRole('button').click();
    await expect(mira.getByRole('list', { name: 'Letters' })).toContainText(letter);
    await expect(mira.getByRole('list', { name: 'Letters' })).toContainText('Visitor');
    const olleEntry = mailboxList(olle).getByRole('listitem').filter({ hasText: 'Under 20' });
    await expect(olleEntry).toContainText('mira is answering');
    await olleEntry.getByRole('button').click();
    await expect(olle.getByRole('list', { name: 'Letters' })).toContainText(letter);
    await expect(
      olle.getByRole('status').filter({ hasText: 'mira is answering this mailbox' }),
    ).toBeVisible();
    await expect(olle.getByRole('textbox', { name: 'Answer' })).toHaveCount(0);
    await expect(olle.getByRole('button', { name: 'Mark done' })).toHaveCount(0);
    await expectAccessible(olle, 'mailbox claimed by a colleague');

    // The answer, with a ready phrase through "/", as in a chat.
    const answer = mira.getByRole('textbox', { name: 'Answer' });
    await answer.fill('/fel');
    await expect(
      mira.getByRole('listbox', { name: 'Ready phrases' }).getByRole('option'),
    ).toHaveCount(1);
    await answer.press('Enter');
    await expect(answer).toHaveValue(/inte ditt fel/);
    await answer.press('End');
    await answer.pressSequentially(' Skriv gärna igen.');
    await expectAccessible(mira, 'open mailbox');
    await mira.screenshot({ path: `${SHOTS}/mailbox-open.png`, fullPage: true });
    await mira.getByRole('button', { name: 'Send answer' }).click();
    await expect(
      mira.getByRole('status').filter({ hasText: 'Your answer is sent.' }),
    ).toBeVisible();
    const letters = mira.getByRole('list', { name: 'Letters' });
    await expect(letters.getByRole('listitem')).toHaveCount(2);
    await expect(letters.getByRole('listitem').nth(1)).toContainText('mira (volunteer)');

    // The visitor, in a new browser with nothing but the code, reads the answer.
    visitor.close();
    const back = await TestWriter.connect(server.url, visitor.code);
    const read = await back.read();
    expect(read.map(({ author, alias, text }) => ({ author, alias, text }))).toEqual([
      { author: 'visitor', alias: undefined, text: letter },
      {
        author: 'counsellor',
        alias: 'mira',
        text: 'Tack för att du berättar. Det du varit med om är inte ditt fel. Skriv gärna igen.',
      },
    ]);
    back.close();

    // A phone: nothing wider than the screen.
    await mira.setViewportSize({ width: 390, height: 844 });
    await expectNoSidewaysScroll(mira, 'the open mailbox');
    await mira.screenshot({ path: `${SHOTS}/mailbox-open-390.png`, fullPage: true });

    await mira.getByRole('button', { name: 'Mark done' }).click();
    await expect(mira.getByRole('status').filter({ hasText: 'marked done' })).toBeVisible();
    await mira.getByRole('button', { name: 'Back to the mailbox' }).click();
    await expect(
      mailboxList(mira).getByRole('listitem').filter({ hasText: 'Under 20' }),
    ).toContainText('done');
    await expectNoSidewaysScroll(mira, 'the mailbox list');
    await mira.screenshot({ path: `${SHOTS}/mailbox-list-390.png`, fullPage: true });
    await expect(mira.getByText('1 letter waits for an answer')).toHaveCount(0);
    await expect(mira.getByRole('heading', { name: 'Mailbox', level: 2 })).toBeFocused();

    // In Swedish too, on the phone.
    await mira.getByRole('link', { name: 'Svenska' }).click();
    await expect(mira.getByRole('heading', { name: 'Brevlåda', level: 2 })).toBeVisible();
    await mira.getByRole('list', { name: 'Brevlåda' }).getByRole('button').first().click();
    await expect(mira.getByRole('list', { name: 'Brev' })).toContainText('volontär');
    await expectAccessible(mira, 'open mailbox, in Swedish');
    await expectNoSidewaysScroll(mira, 'the open mailbox in Swedish');
    await mira.screenshot({ path: `${SHOTS}/mailbox-open-sv-390.png`, fullPage: true });

    for (const page of [mira, olle, nils]) await page.context().close();
  });

  test('a password change keeps the mailbox key: signed in again with the new password, the letter still opens', async ({
    browser,
  }) => {
    test.setTimeout(180_000);
    server.addUser('pia');
    const pia = await signIn(browser, server, 'pia');
    await openMailboxScreen(pia);

    const letter = 'Ett brev före lösenordsbytet.';
    const visitor = await TestWriter.connect(server.url);
    expect(await visitor.create('adult', letter, 'sv')).toEqual({ ok: true, data: null });
    visitor.close();

    await pia.getByRole('button', { name: 'My account' }).click();
    const newPassword = 'a brand new password for pia 2026';
    await pia.getByLabel('Current password').fill(PASSWORD);
    await pia.getByLabel('New password', { exact: false }).fill(newPassword);
    await pia.getByRole('button', { name: 'Change password' }).click();
    // The key went with the change, wrapped under the new password; this browser stays
    // signed in with a new session. Out, and in again with the new password.
    await expect(
      pia.getByRole('status').filter({ hasText: 'Your password is changed.' }),
    ).toBeVisible({ timeout: 30_000 });
    await pia.getByRole('button', { name: 'Log out' }).click();
    await expect(pia.getByRole('button', { name: 'Log in' })).toBeVisible();

    await logIn(pia, server, 'pia', newPassword);
    await openMailboxScreen(pia);
    await expect(
      pia.getByText('Your account got a new mailbox key.', { exact: false }),
    ).toHaveCount(0);
    const entry = mailboxList(pia).getByRole('listitem').filter({ hasText: '20 or older' });
    await entry.first().getByRole('button').click();
    await expect(pia.getByRole('list', { name: 'Letters' })).toContainText(letter);
    await pia.getByRole('button', { name: 'Mark done' }).click();
    await expect(pia.getByRole('status').filter({ hasText: 'marked done' })).toBeVisible();
    await pia.context().close();
  });

  test('a colleague whose key came after the letter cannot open it until a reader shares it; after a reload the key is unlocked with the password', async ({
    browser,
  }) => {
    test.setTimeout(180_000);
    server.addUser('quinn');
    const quinn = await signIn(browser, server, 'quinn');
    await openMailboxScreen(quinn);
    const letter = 'Skrivet innan Rut fick sin nyckel.';
    const visitor = await TestWriter.connect(server.url);
    expect(await visitor.create('adult', letter, 'sv')).toEqual({ ok: true, data: null });
    visitor.close();

    server.addUser('rut');
    const rut = await signIn(browser, server, 'rut');
    await openMailboxScreen(rut);
    // A reload signs in from the session, without the password: the key stays locked
    // until it is typed.
    await rut.reload();
    await rut.getByRole('button', { name: /^Mailbox/ }).click();
    await expect(rut.getByText('Your mailbox key is locked in this tab.')).toBeVisible();
    await expectAccessible(rut, 'locked mailbox');
    await rut.getByLabel('Password', { exact: true }).fill('not the password');
    await rut.getByRole('button', { name: 'Unlock mailbox' }).click();
    await expect(rut.getByRole('status').filter({ hasText: 'Wrong password.' })).toBeVisible({
      timeout: 30_000,
    });
    await rut.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await rut.getByRole('button', { name: 'Unlock mailbox' }).click();
    await expect(rut.getByRole('button', { name: 'Unlock mailbox' })).toHaveCount(0, {
      timeout: 30_000,
    });

    // The one waiting for an answer on the adult line (earlier tests' are done).
    const waitingEntry = (page: Page) =>
      mailboxList(page)
        .getByRole('listitem')
        .filter({ hasText: '20 or older' })
        .filter({
          hasText: /\bnew\b/,
        });
    const rutEntry = () => waitingEntry(rut);
    await rutEntry().getByRole('button').click();
    await expect(rut.getByRole('list', { name: 'Letters' })).toContainText(
      'You cannot open this letter',
    );
    await expect(rut.getByText(letter)).toHaveCount(0);
    await rut.getByRole('button', { name: 'Back to the mailbox' }).click();

    await waitingEntry(quinn).getByRole('button').click();
    await expect(quinn.getByRole('list', { name: 'Letters' })).toContainText(letter);
    await expect(quinn.getByText('1 colleague on this line has a newer key')).toBeVisible();
    await quinn
      .getByRole('button', { name: 'Share with colleagues who cannot read it yet' })
      .click();
    await expect(quinn.getByRole('status').filter({ hasText: 'Shared' })).toBeVisible();
    await expect(
      quinn.getByRole('button', { name: 'Share with colleagues who cannot read it yet' }),
    ).toHaveCount(0);

    await rutEntry().getByRole('button').click();
    await expect(rut.getByRole('list', { name: 'Letters' })).toContainText(letter);
    await expect(rut.getByText('quinn is answering this mailbox')).toBeVisible();
    await quinn.getByRole('button', { name: 'Mark done' }).click();
    await expect(quinn.getByRole('status').filter({ hasText: 'marked done' })).toBeVisible();
    for (const page of [quinn, rut]) await page.context().close();
  });
});
