import type { Browser, BrowserContext, Page } from '@playwright/test';
import {
  chatFrame,
  endChatAsVisitor,
  expect,
  expectAccessible,
  loginToConsole,
  test,
} from './fixtures.js';

const SHOTS = 'test-results/screenshots';

/** A visitor in English who waits in the adult queue: their chat frame. */
async function waitingVisitor(visitors: BrowserContext, url: string) {
  const page = await visitors.newPage();
  await page.goto(`${url}/?lang=en`);
  await page.getByRole('button', { name: 'Open chat' }).click();
  const chat = chatFrame(page);
  await chat.getByRole('button', { name: 'I am 20 or older' }).click();
  await expect(chat.getByText(/number \d+\b/i)).toBeVisible();
  return chat;
}

/** What the console's live region holds, one sentence a line. */
function announcements(page: Page): Promise<string[]> {
  return page.getByTestId('announcements').locator('p').allTextContents();
}

/** How often the live region holds this sentence (once each is the rule). */
async function times(page: Page, sentence: string): Promise<number> {
  return (await announcements(page)).filter((text) => text.trim() === sentence).length;
}

async function counsellor(browser: Browser, url: string, name: string) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await loginToConsole(page, url, name);
  await page.getByRole('switch', { name: 'Available' }).check();
  return page;
}

test.describe('the console for a screen reader', () => {
  test('one main on every screen, a 16 px language menu, and axe with best practices on a chat', async ({
    browser,
    server,
  }) => {
    server.addUser('ines');
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/console/?lang=en`);
    await expect(page.getByRole('main')).toHaveCount(1);
    const fontSizes = () =>
      page
        .getByRole('navigation', { name: /language/i })
        .getByRole('link')
        .evaluateAll((links) => links.map((link) => parseFloat(getComputedStyle(link).fontSize)));
    for (const size of await fontSizes()) expect(size).toBeGreaterThanOrEqual(16);
    await expectAccessible(page, 'login', undefined, 'every');

    await loginToConsole(page, server.url, 'ines');
    await page.getByRole('switch', { name: 'Available' }).check();
    for (const size of await fontSizes()) expect(size).toBeGreaterThanOrEqual(16);
    const visitors = await browser.newContext();
    const visitor = await waitingVisitor(visitors, server.url);
    await page.getByRole('button', { name: 'Accept next chat' }).click();
    await expect(visitor.getByRole('textbox', { name: 'Message' })).toBeVisible();
    await visitor.getByRole('textbox', { name: 'Message' }).fill('Hello, I need to talk');
    await visitor.getByRole('button', { name: 'Send' }).click();
    await expect(page.getByRole('log')).toContainText('Hello, I need to talk');

    // The chat view: one main around it, and axe's best practices (landmark-one-main,
    // region) as well as WCAG.
    await expect(page.getByRole('main')).toHaveCount(1);
    await expect(page.getByRole('main').getByRole('log')).toBeVisible();
    await expectAccessible(page, 'chat', undefined, 'every');
    await page.screenshot({ path: `${SHOTS}/console-chat-desktop.png` });
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(page.getByRole('main')).toHaveCount(1);
    await expectAccessible(page, 'chat on a phone', undefined, 'every');
    await page.screenshot({ path: `${SHOTS}/console-chat-390.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });

    for (const view of ['My account']) {
      await page.getByRole('button', { name: view }).click();
      await expect(page.getByRole('main')).toHaveCount(1);
      await expectAccessible(page, view, undefined, 'every');
    }
    await page.getByRole('button', { name: /^Chats/ }).click();
    await page.getByRole('button', { name: 'End chat' }).click();
    await visitors.close();
    await context.close();
  });

  test('announces a message off screen, a hand-over and each end once, in the console’s language', async ({
    browser,
    server,
  }) => {
    server.addUser('lova');
    server.addUser('timo');
    const lova = await counsellor(browser, server.url, 'lova');
    // A shift starts at one chat at a time: she raises it.
    await lova.getByRole('combobox', { name: 'Chats at once' }).selectOption('2');
    await expect(lova.getByText('0 of 2 chats', { exact: true })).toBeVisible();
    const visitors = await browser.newContext();
    const first = await waitingVisitor(visitors, server.url);
    await lova.getByRole('button', { name: 'Accept next chat' }).click();
    await expect(first.getByRole('textbox', { name: 'Message' })).toBeVisible();
    const second = await waitingVisitor(visitors, server.url);
    await lova.getByRole('button', { name: 'Accept next chat' }).click();
    await expect(second.getByRole('textbox', { name: 'Message' })).toBeVisible();
    // Accepting is the counsellor's own doing: nothing to announce.
    expect(await announcements(lova)).toEqual([]);

    // The second chat is on screen: its message is read in the log, not announced.
    await expect(lova.getByRole('tab', { selected: true })).toContainText('Chat 2');
    await second.getByRole('textbox', { name: 'Message' }).fill('On screen');
    await second.getByRole('button', { name: 'Send' }).click();
    await expect(lova.getByRole('log')).toContainText('On screen');
    // The first is not: its message is announced, once, without its text.
    const offScreen = 'New message in Chat 1 · 20 or older.';
    await first.getByRole('textbox', { name: 'Message' }).fill('Off screen');
    await first.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => times(lova, offScreen)).toBe(1);
    expect((await announcements(lova)).join(' ')).not.toContain('Off screen');
    expect(await announcements(lova)).toEqual([offScreen]);

    // Lova hands the second chat to Timo: Timo hears of it once; Lova hears her chat end.
    const timo = await counsellor(browser, server.url, 'timo');
    await lova.getByRole('button', { name: 'Hand over' }).click();
    const dialog = lova.getByRole('dialog', { name: 'Hand over' });
    await dialog.getByRole('radio', { name: /^timo/ }).check();
    await dialog.getByRole('button', { name: 'Confirm hand-over' }).click();
    const handedOver = 'lova handed a chat over to you: Chat 1 · 20 or older.';
    await expect.poll(() => times(timo, handedOver)).toBe(1);
    const lovaEnded = 'Chat 2 · 20 or older: You handed the chat over.';
    await expect.poll(() => times(lova, lovaEnded)).toBe(1);

    // In Swedish now: the next announcement is in Swedish, the earlier ones unchanged.
    await lova.getByRole('link', { name: 'Svenska' }).click();
    await expect(lova.getByRole('button', { name: 'Logga ut' })).toBeVisible();
    await endChatAsVisitor(first);
    const visitorEnded = 'Chatt 1 · 20 år eller äldre: Besökaren avslutade chatten.';
    await expect.poll(() => times(lova, visitorEnded)).toBe(1);
    expect(await announcements(lova)).toEqual([offScreen, lovaEnded, visitorEnded]);

    // Re-rendering (another tab, another screen) says nothing again.
    await lova.getByRole('tab').first().click();
    await lova.getByRole('button', { name: 'Mitt konto' }).click();
    await lova.getByRole('button', { name: /^Chattar/ }).click();
    expect(await announcements(lova)).toEqual([offScreen, lovaEnded, visitorEnded]);
    expect(await announcements(timo)).toEqual([handedOver]);
    await expectAccessible(timo, 'handed-over chat', undefined, 'every');

    await visitors.close();
    await lova.context().close();
    await timo.context().close();
  });
});
