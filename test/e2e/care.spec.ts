import type { Page } from '@playwright/test';
import {
  chatFrame,
  expect,
  expectAccessible,
  loginToConsole,
  startServer,
  test,
  type RunningServer,
} from './fixtures.js';

/*
 * Issue 16's care for volunteers and the service, walked in the browser: a break says
 * so in the queue panel and takes no new chat; "End and block" asks first, ends the
 * chat, and the same browser's widget then only says the chat is not available, with
 * the phone line and 112. A server of its own: the block covers 127.0.0.0/24, every
 * browser test's visitors.
 */

const SHOTS = 'test-results/screenshots';

let running: { server: RunningServer; stop(): Promise<void> };
test.beforeAll(async () => {
  running = await startServer();
});
test.afterAll(async () => {
  await running.stop();
});

async function waiting(page: Page, url: string) {
  await page.goto(`${url}/?lang=en`);
  await page.getByRole('button', { name: 'Open chat' }).click();
  const chat = chatFrame(page);
  await chat.getByRole('button', { name: 'I am 20 or older' }).click();
  return chat;
}

test('a break, then End and block: the widget is told neutrally that the chat is not available', async ({
  browser,
}) => {
  // One walk through two screens of the console and the widget, with axe on each.
  test.slow();
  const { server } = running;
  server.addUser('karin');
  const consoleContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const counsellor = await consoleContext.newPage();
  await loginToConsole(counsellor, server.url, 'karin');
  // A shift starts at one chat at a time.
  await expect(counsellor.getByText('0 of 1 chat', { exact: true })).toBeVisible();
  await counsellor.getByRole('switch', { name: 'Available' }).check();

  await counsellor.getByRole('button', { name: 'Take a break' }).click();
  const notice = counsellor.getByRole('status').filter({ hasText: 'You are on a break' });
  await expect(notice).toBeVisible();
  await expect(counsellor.getByRole('switch', { name: 'Available' })).not.toBeChecked();
  await expect(counsellor.getByRole('switch', { name: 'Available' })).toBeDisabled();

  const visitorContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const visitor = await visitorContext.newPage();
  const chat = await waiting(visitor, server.url);
  await expect(chat.getByText(/number 1\b/i)).toBeVisible();
  await expect(counsellor.getByRole('list', { name: 'Waiting, 20 or older' })).toBeVisible();
  await expect(counsellor.getByRole('button', { name: 'Accept next chat' })).toBeDisabled();
  await expectAccessible(counsellor, 'queue on a break');
  await counsellor.screenshot({ path: `${SHOTS}/console-break-desktop.png` });
  await counsellor.setViewportSize({ width: 390, height: 844 });
  await counsellor.screenshot({ path: `${SHOTS}/console-break-390.png`, fullPage: true });
  await counsellor.setViewportSize({ width: 1280, height: 800 });

  await counsellor.getByRole('button', { name: 'Back from break' }).click();
  await expect(notice).toBeHidden();
  await expect(counsellor.getByRole('switch', { name: 'Available' })).toBeChecked();
  await counsellor.getByRole('button', { name: 'Accept next chat' }).click();
  await expect(chat.getByRole('textbox', { name: 'Message' })).toBeVisible();

  await counsellor.getByRole('button', { name: 'End and block for 24 hours' }).click();
  const question = counsellor.getByRole('group').filter({ hasText: 'cannot start a new chat' });
  await expect(question).toContainText('24 hours');
  await expect(question.getByRole('button', { name: 'Yes, end and block' })).toBeFocused();
  await expectAccessible(counsellor, 'block question');
  await counsellor.screenshot({ path: `${SHOTS}/console-block-desktop.png` });
  await counsellor.setViewportSize({ width: 390, height: 844 });
  await counsellor.screenshot({ path: `${SHOTS}/console-block-390.png`, fullPage: true });
  await question.getByRole('button', { name: 'Yes, end and block' }).click();
  await expect(chat.getByText(/ended/i).first()).toBeVisible();

  // The same browser tries again: neutral words, the phone line, 112; no queue place.
  await chat.getByRole('button', { name: 'Close' }).click();
  await visitor.getByRole('button', { name: 'Open chat' }).click();
  await chat.getByRole('button', { name: 'I am 20 or older' }).click();
  const alert = chat.getByRole('alert');
  await expect(alert).toContainText('The chat is not available right now. You can call');
  await expect(alert).toContainText('112');
  await expect(alert).not.toContainText(/block/i);
  await expectAccessible(visitor, 'not available', 'jour-chat');
  await visitor.screenshot({ path: `${SHOTS}/widget-unavailable-390.png` });
  await visitor.setViewportSize({ width: 1280, height: 800 });
  await visitor.screenshot({ path: `${SHOTS}/widget-unavailable-desktop.png` });

  await consoleContext.close();
  await visitorContext.close();
});
