import type { Browser } from '@playwright/test';
import {
  chatFrame,
  endChatAsVisitor,
  expect,
  loginToConsole,
  safetyWords,
  test,
} from './fixtures.js';

const SHOTS = 'test-results/screenshots';

async function openVisitor(browser: Browser, url: string, viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.goto(`${url}/?lang=en`);
  return page;
}

test.describe('a whole chat in two browsers', () => {
  test('the visitor and the counsellor talk both ways, then the visitor ends it', async ({
    browser,
    server,
  }) => {
    server.addUser('anna');
    const consoleContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const counsellor = await consoleContext.newPage();
    await loginToConsole(counsellor, server.url, 'anna');
    await counsellor.getByRole('switch', { name: 'Available' }).check();

    const visitor = await openVisitor(browser, server.url);
    const sockets: string[] = [];
    visitor.on('websocket', (ws) => sockets.push(ws.url()));
    await visitor.waitForLoadState('networkidle');
    expect(sockets, 'the launcher opens no connection').toEqual([]);

    await visitor.getByRole('button', { name: 'Open chat' }).click();
    const chat = chatFrame(visitor);
    await expect(chat.getByRole('button', { name: 'Quick exit' })).toBeVisible();
    await visitor.screenshot({ path: `${SHOTS}/widget-intro-desktop.png` });
    await chat.getByRole('button', { name: 'I am 20 or older' }).click();
    // Earlier tests may leave someone away in the queue: any place will do.
    await expect(chat.getByText(/number \d+\b/i)).toBeVisible();
    await visitor.screenshot({ path: `${SHOTS}/widget-waiting-desktop.png` });

    await counsellor.getByRole('button', { name: 'Accept next chat' }).click();
    const visitorMessage = chat.getByRole('textbox', { name: 'Message' });
    await expect(visitorMessage).toBeVisible();
    expect(await safetyWords(chat)).toBe(await safetyWords(counsellor));

    await visitorMessage.fill('Hej, någon slog mig igår');
    await chat.getByRole('button', { name: 'Send' }).click();
    await expect(counsellor.getByRole('log')).toContainText('Hej, någon slog mig igår');

    await counsellor
      .getByRole('textbox', { name: 'Message' })
      .fill('Hej, jag heter Anna. Jag lyssnar.');
    await counsellor.getByRole('button', { name: 'Send' }).click();
    await expect(chat.getByRole('log')).toContainText('Hej, jag heter Anna. Jag lyssnar.');
    await expect(chat.getByRole('button', { name: 'Quick exit' })).toBeVisible();

    // Each message takes the direction of its own words: Arabic reads right to left in
    // an English widget, and so does the message box while Arabic is typed in it.
    await counsellor.getByRole('textbox', { name: 'Message' }).fill('مرحبا، أنا هنا.');
    await counsellor.getByRole('button', { name: 'Send' }).click();
    const arabic = chat.getByRole('log').getByText('مرحبا، أنا هنا.');
    await expect(arabic).toBeVisible();
    expect(await arabic.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
    await visitorMessage.fill('هل أنت هناك؟');
    expect(await visitorMessage.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
    await visitorMessage.fill('');

    await visitor.screenshot({ path: `${SHOTS}/widget-chat-desktop.png` });
    await counsellor.screenshot({ path: `${SHOTS}/console-chat.png` });

    await endChatAsVisitor(chat);
    await expect(counsellor.getByText(/ended/i).first()).toBeVisible();
    await counsellor.screenshot({ path: `${SHOTS}/console-ended.png` });
    await consoleContext.close();
    await visitor.context().close();
  });

  test('the counsellor ends the chat and the visitor is told', async ({ browser, server }) => {
    server.addUser('bo');
    const consoleContext = await browser.newContext();
    const counsellor = await consoleContext.newPage();
    await loginToConsole(counsellor, server.url, 'bo');
    await counsellor.getByRole('switch', { name: 'Available' }).check();

    const visitor = await openVisitor(browser, server.url, { width: 375, height: 740 });
    await visitor.getByRole('button', { name: 'Open chat' }).click();
    const chat = chatFrame(visitor);
    await expect(chat.getByRole('button', { name: 'I am 20 or older' })).toBeVisible();
    await visitor.screenshot({ path: `${SHOTS}/widget-intro-phone.png` });
    await chat.getByRole('button', { name: 'I am 20 or older' }).click();
    // Earlier tests may leave someone away in the queue: any place will do.
    await expect(chat.getByText(/number \d+\b/i)).toBeVisible();
    await counsellor.getByRole('button', { name: 'Accept next chat' }).click();
    await chat.getByRole('textbox', { name: 'Message' }).fill('Jag vill bara prata');
    await chat.getByRole('button', { name: 'Send' }).click();
    await expect(counsellor.getByRole('log')).toContainText('Jag vill bara prata');
    await visitor.screenshot({ path: `${SHOTS}/widget-chat-phone.png` });

    await counsellor.getByRole('button', { name: 'End chat' }).click();
    await expect(chat.getByText(/ended/i).first()).toBeVisible();
    await expect(chat.getByRole('button', { name: 'Quick exit' })).toBeVisible();
    await consoleContext.close();
    await visitor.context().close();
  });

  test('quick exit leaves no page to go back to', async ({ browser, server }) => {
    const context = await browser.newContext();
    await context.route(/google\.com/, (route) =>
      route.fulfill({ contentType: 'text/html', body: '<title>Väder</title><p>neutral</p>' }),
    );
    const page = await context.newPage();
    await page.goto('about:blank');
    await page.goto(`${server.url}/?lang=en`);
    await page.getByRole('button', { name: 'Open chat' }).click();
    const chat = chatFrame(page);
    await chat.getByRole('button', { name: 'I am 20 or older' }).click();
    // Earlier tests may leave someone away in the queue: any place will do.
    await expect(chat.getByText(/number \d+\b/i)).toBeVisible();

    await chat.getByRole('button', { name: 'Quick exit' }).click();
    await page.waitForURL(/google\.com/);
    await page.goBack();
    expect(page.url()).not.toContain(server.url);
    await context.close();
  });
});
