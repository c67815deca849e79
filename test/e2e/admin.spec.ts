import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { generate } from 'otplib';
import { chatFrame, expect, expectAccessible, loginToConsole, test } from './fixtures.js';

const SHOTS = 'test-results/screenshots';

/** Turns the second factor on from "My account", as a person would with an app. */
async function setUpSecondFactor(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'My account' }).click();
  await page.getByRole('button', { name: 'Turn on the second factor' }).click();
  const secret = (await page.getByTestId('totp-secret').innerText()).trim();
  await expectAccessible(page, 'second factor');
  await page.getByRole('textbox', { name: 'Authentication code' }).fill(await generate({ secret }));
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByText('The second factor is on.').first()).toBeVisible();
}

test.describe('the coordinator’s and the admin’s console', () => {
  test('a wrap-up shows in the statistics, which export as CSV; the live board counts', async ({
    browser,
    server,
  }) => {
    server.addUser('sigrid', { role: 'supervisor' });
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    await loginToConsole(page, server.url, 'sigrid');
    // Without a second factor a supervisor works as a counsellor, and is told why.
    await expect(page.getByText('Your role needs a second factor.').first()).toBeVisible();
    await expect(page.getByRole('button', { name: 'Statistics' })).toHaveCount(0);
    await setUpSecondFactor(page);
    await expect(page.getByRole('button', { name: 'Statistics' })).toBeVisible();

    // A chat, taken by the coordinator herself, then wrapped up.
    await page.getByRole('button', { name: 'Chats' }).click();
    await page.getByRole('switch', { name: 'Available' }).check();
    const visitorPage = await (await browser.newContext()).newPage();
    await visitorPage.goto(`${server.url}/?lang=en`);
    await visitorPage.getByRole('button', { name: 'Open chat' }).click();
    const visitor = chatFrame(visitorPage);
    await visitor.getByRole('button', { name: 'I am 20 or older' }).click();
    await expect(visitor.getByText(/You are number \d+ in the queue/)).toBeVisible();

    await page.getByRole('button', { name: 'Live board' }).click();
    const board = page.getByRole('region', { name: 'Live board' });
    await expect(board.getByText('Waiting: 1').first()).toBeVisible();
    await expectAccessible(page, 'live board');
    await page.screenshot({ path: `${SHOTS}/console-board.png`, fullPage: true });

    await page.getByRole('button', { name: 'Chats' }).click();
    await page.getByRole('button', { name: 'Accept next chat' }).click();
    await visitor.getByRole('textbox', { name: 'Message' }).fill('Someone hit me');
    await visitor.getByRole('button', { name: 'Send' }).click();
    await expect(page.getByRole('log')).toContainText('Someone hit me');

    // Ready phrases: "/" opens the picker in the message box, Enter puts one in.
    const message = page.getByRole('textbox', { name: 'Message' });
    await message.fill('/fel');
    const phrases = page.getByRole('listbox', { name: 'Ready phrases' });
    await expect(phrases.getByRole('option')).toHaveCount(1);
    await expectAccessible(page, 'ready phrases');
    await message.press('Enter');
    await expect(message).toHaveValue(/inte ditt fel/);
    await page.screenshot({ path: `${SHOTS}/console-phrases.png` });
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(visitor.getByRole('log')).toContainText('inte ditt fel');

    await page.getByRole('button', { name: 'End chat' }).click();
    await page.getByRole('radio', { name: 'violence' }).check();
    await page.getByRole('radio', { name: 'victim' }).check();
    await page.getByRole('checkbox', { name: 'police' }).check();
    await expectAccessible(page, 'wrap-up');
    await page.screenshot({ path: `${SHOTS}/console-wrapup.png` });
    await page.getByRole('button', { name: 'Save wrap-up' }).click();
    await expect(page.getByText('The wrap-up is saved.')).toBeVisible();

    await page.getByRole('button', { name: 'Statistics' }).click();
    const totals = page.getByTestId('totals');
    await expect(totals).toContainText('Offered1');
    await expect(totals).toContainText('Answered1');
    await expect(page.getByTestId('wrapups-crime')).toContainText('violence');
    await expect(page.getByTestId('wrapups-crime')).toContainText('< 5');
    await expect(page.getByText('Only aggregated counts')).toBeVisible();
    await expectAccessible(page, 'statistics');
    await page.screenshot({ path: `${SHOTS}/console-statistics.png`, fullPage: true });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download CSV' }).click(),
    ]);
    const csv = await readFile((await download.path()) ?? '', 'utf8');
    expect(csv).toMatch(/^day,route,offered,answered,abandoned/);
    expect(csv).toMatch(/\n\d{4}-\d{2}-\d{2},adult,1,1,0,/);
    const [categories] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download the categories as CSV' }).click(),
    ]);
    const categoryCsv = await readFile((await categories.path()) ?? '', 'utf8');
    expect(categoryCsv).toMatch(/^kind,value,count\r\n/);
    // One chat's category: counted, and never shown as a number below five.
    expect(categoryCsv).toContain('\r\ncrime,violence,<5\r\n');
    await expect(
      page.getByRole('link', { name: 'Download the hours of the week as CSV' }),
    ).toHaveAttribute('href', /table=hours/);

    await page.getByRole('button', { name: 'Settings' }).click();
    await expect(page.getByRole('textbox', { name: 'Phone number' }).first()).toBeVisible();
    await expectAccessible(page, 'settings');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${SHOTS}/console-settings-mobile.png` });
    await visitorPage.context().close();
    await context.close();
  });

  test('an admin invites a colleague by a one-time link, and audits it', async ({
    browser,
    server,
  }) => {
    server.addUser('ada', { role: 'admin' });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await loginToConsole(page, server.url, 'ada');
    await setUpSecondFactor(page);

    await page.getByRole('button', { name: 'Accounts' }).click();
    await page.getByRole('combobox', { name: 'Role', exact: true }).selectOption('counsellor');
    await page.getByRole('checkbox', { name: 'Trained for under 20', exact: true }).check();
    await page.getByRole('checkbox', { name: 'Arabic' }).check();
    await page.getByRole('button', { name: 'Create invitation link' }).click();
    const link = (await page.getByTestId('one-time-link').innerText()).trim();
    expect(link).toMatch(/\/console\/#invite=[\w-]{43}$/);
    await expectAccessible(page, 'accounts');
    await page.screenshot({ path: `${SHOTS}/console-accounts.png`, fullPage: true });

    const invited = await (await browser.newContext()).newPage();
    // The token is in the fragment, and then only in POST bodies: never in a request's
    // address, where a proxy's access log would keep it.
    const token = link.split('#invite=')[1] ?? '';
    const addresses: string[] = [];
    invited.on('request', (request) => addresses.push(request.url()));
    // The console speaks Swedish unless asked otherwise.
    const english = link.replace('#', '?lang=en#');
    await invited.goto(english);
    await expect(invited).toHaveURL(/\/console\/\?lang=en$/);
    await invited.getByRole('textbox', { name: 'Username' }).fill('nour');
    await invited.getByRole('textbox', { name: 'Name', exact: true }).fill('Nour');
    await invited.getByLabel('New password').fill('a long enough password');
    await expectAccessible(invited, 'invitation');
    await invited.getByRole('button', { name: 'Save' }).click();
    expect(token).toHaveLength(43);
    expect(addresses.filter((address) => address.includes(token))).toEqual([]);
    await expect(invited.getByText('Done. You can log in now.')).toBeVisible();
    // The link works once.
    await invited.goto(english);
    await expect(invited.getByText('The link has expired or was used already.')).toBeVisible();

    await page.getByRole('button', { name: 'Audit log' }).click();
    await expect(page.getByRole('table', { name: 'Audit log of staff actions' })).toContainText(
      'account created',
    );
    await expectAccessible(page, 'audit log');
    await invited.context().close();
    await context.close();
  });
});
