import { mkdirSync } from 'node:fs';
import { CATALOGUES } from '../../client/widget/i18n/index.js';
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
 * "Are you in danger right now?": the visitor says yes, is shown a large "Call 112"
 * that a phone calls, still starts the chat, and goes first in the queue; the console
 * flags them in the queue and in the chat's header. A server of its own: a visitor in
 * danger left waiting would go ahead of every other test's visitor.
 */

const SHOTS = 'screenshots';
const PHONE = { width: 390, height: 844 };

let running: Awaited<ReturnType<typeof startServer>>;
let server: RunningServer;
test.beforeAll(async () => {
  running = await startServer();
  server = running.server;
  mkdirSync(SHOTS, { recursive: true });
});
test.afterAll(() => running.stop());

test('a visitor in danger sees Call 112, still chats, and is flagged urgent in the console', async ({
  browser,
}) => {
  // Four browsers on a shared machine: a few seconds more than the default.
  test.setTimeout(120_000);
  server.addUser('anna');
  const counsellor = await (
    await browser.newContext({ viewport: { width: 1280, height: 800 } })
  ).newPage();
  await loginToConsole(counsellor, server.url, 'anna');
  await counsellor.getByRole('switch', { name: 'Available' }).check();

  const visitor = await (await browser.newContext({ viewport: PHONE, hasTouch: true })).newPage();
  await visitor.goto(`${server.url}/?lang=en`);
  await visitor.getByRole('button', { name: 'Open chat' }).click();
  const chat = chatFrame(visitor);
  const question = chat.getByRole('group', { name: 'Are you in danger right now?' });
  await expect(question).toBeVisible();
  // Not answering is allowed, and "No" changes nothing: no 112 box until "Yes".
  await question.getByRole('radio', { name: 'No' }).check();
  await expect(chat.getByRole('link', { name: 'Call 112' })).toHaveCount(0);
  await question.getByRole('radio', { name: 'Yes' }).check();
  const call = chat.getByRole('link', { name: 'Call 112' });
  await expect(call).toBeVisible();
  await expect(call).toHaveAttribute('href', 'tel:112');
  // A big touch target, with the number written (a computer cannot follow tel:).
  const box = await call.boundingBox();
  expect(box?.height).toBeGreaterThanOrEqual(48);
  expect(box?.width).toBeGreaterThanOrEqual(200);
  await expect(call).toHaveText(/112/);
  // Quick exit stays first, and the chat is still on offer.
  await expect(chat.getByRole('button', { name: 'Quick exit' })).toBeVisible();
  const start = chat.getByRole('button', { name: 'I am 20 or older' });
  await expect(start).toBeVisible();
  await expectAccessible(visitor, 'danger answered yes', 'jour-chat', 'every');
  await visitor.screenshot({ path: `${SHOTS}/danger-yes-390.png` });
  await visitor.setViewportSize({ width: 1280, height: 800 });
  await expect(call).toBeVisible();
  await visitor.screenshot({ path: `${SHOTS}/danger-yes-desktop.png` });
  await visitor.setViewportSize(PHONE);

  // Someone else, not in danger, waits already: the one in danger still goes first.
  const other = await (await browser.newContext()).newPage();
  await other.goto(`${server.url}/?lang=en`);
  await other.getByRole('button', { name: 'Open chat' }).click();
  await chatFrame(other).getByRole('button', { name: 'I am 20 or older' }).click();
  await expect(chatFrame(other).getByText(/number 1\b/i)).toBeVisible();

  await start.click();
  await expect(chat.getByText(/number 1\b/i)).toBeVisible();
  const waiting = counsellor.getByRole('list', { name: /Waiting, 20 or older/i });
  await expect(waiting.getByRole('listitem')).toHaveCount(2);
  await expect(waiting.getByRole('listitem').first()).toContainText('Urgent: in danger');
  await expect(waiting.getByRole('listitem').nth(1)).not.toContainText('Urgent');
  await expect(counsellor.getByText('Urgent: 1 in danger')).toBeVisible();
  await counsellor.screenshot({ path: `${SHOTS}/danger-console-queue.png` });

  await counsellor.getByRole('button', { name: 'Accept next chat' }).click();
  await expect(chat.getByRole('textbox', { name: 'Message' })).toBeVisible();
  await expect(counsellor.getByTestId('urgent')).toContainText('Urgent: in danger');
  await counsellor.screenshot({ path: `${SHOTS}/danger-console-chat.png` });

  // Right to left in Arabic, the same question and the same 112.
  const ar = CATALOGUES.ar;
  const arabic = await (await browser.newContext({ viewport: PHONE, hasTouch: true })).newPage();
  await arabic.goto(`${server.url}/?lang=ar`);
  await arabic.getByRole('button', { name: ar.openChat }).click();
  const arChat = chatFrame(arabic);
  await arChat
    .getByRole('group', { name: ar.dangerQuestion })
    .getByRole('radio', { name: ar.dangerYes })
    .check();
  await expect(arChat.getByRole('link', { name: ar.dangerCall })).toHaveAttribute(
    'href',
    'tel:112',
  );
  expect(
    await arChat.locator('jour-chat-panel').evaluate((el) => getComputedStyle(el).direction),
  ).toBe('rtl');
  await arabic.screenshot({ path: `${SHOTS}/danger-yes-ar-390.png` });
});
