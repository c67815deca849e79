import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, loginToConsole, test } from './fixtures.js';

const SHOTS = 'test-results/screenshots';

async function expectAccessible(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const found = results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );
  expect(found, `axe on the console's ${screen} screen`).toEqual([]);
}

test.describe('the console', () => {
  test('shows who waits (wait, language, topic), counts them in the title, respects capacity', async ({
    browser,
    server,
  }) => {
    server.addUser('jonna');
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const counsellor = await context.newPage();
    await counsellor.goto(`${server.url}/console/?lang=en`);
    await expectAccessible(counsellor, 'login');
    await loginToConsole(counsellor, server.url, 'jonna');
    await counsellor.getByRole('switch', { name: 'Available' }).check();
    await counsellor.getByRole('combobox', { name: 'Chats at once' }).selectOption('1');
    await expect(counsellor.getByText('0 of 1 chats')).toBeVisible();

    const visitors = await browser.newContext();
    const openVisitor = async () => {
      const page = await visitors.newPage();
      await page.goto(`${server.url}/?lang=en`);
      await page.getByRole('button', { name: 'Open chat' }).click();
      await page.getByRole('button', { name: 'I am 20 or older' }).click();
      await expect(page.getByText(/You are number \d in the queue/)).toBeVisible();
      return page;
    };
    const first = await openVisitor();
    await first.getByRole('radio', { name: 'a witness' }).check();
    await first.getByRole('combobox', { name: 'Language I prefer to write in' }).selectOption('so');
    const second = await openVisitor();

    const waiting = counsellor.getByRole('list', { name: 'Waiting, 20 or older' });
    await expect(waiting.getByRole('listitem')).toHaveCount(2);
    await expect(waiting.getByRole('listitem').first()).toContainText('a witness');
    await expect(waiting.getByRole('listitem').first()).toContainText('Somali');
    await expect(counsellor).toHaveTitle(/^\(2\) /);
    await expectAccessible(counsellor, 'queue');
    await counsellor.screenshot({ path: `${SHOTS}/console-queue.png` });

    await counsellor.getByRole('button', { name: 'Accept next chat' }).click();
    await expect(first.getByRole('textbox', { name: 'Message' })).toBeVisible();
    await expect(counsellor.getByText('1 of 1 chats')).toBeVisible();
    // At capacity: the next visitor waits for someone else.
    await expect(counsellor.getByRole('button', { name: 'Accept next chat' })).toBeDisabled();
    await expect(counsellor).toHaveTitle(/^\(1\) /);
    await expectAccessible(counsellor, 'chat');
    await counsellor.getByRole('button', { name: 'End chat' }).click();
    await second.getByRole('button', { name: 'Leave queue' }).click();
    await expect(counsellor).not.toHaveTitle(/^\(/);
    await visitors.close();
    await context.close();
  });
});
