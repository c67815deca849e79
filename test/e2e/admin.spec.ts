import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { AxeBuilder } from '@axe-core/playwright';
import { addDays, dayIn } from '../../server/clock.js';
import { generate } from 'otplib';
import {
  PASSWORD,
  chatFrame,
  expect,
  expectAccessible,
  loginToConsole,
  test,
  widest,
  setUpSecondFactor,
} from './fixtures.js';

const SHOTS = 'test-results/screenshots';
/** The walk through every console screen keeps its screenshots here (gitignored), to look at. */
const SCREENS = 'screenshots/console';

/** A desktop and a phone. */
const SIZES = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const;

/**
 * One console screen as it is now, at each size: a full-page screenshot, nothing wider
 * than the screen (no sideways scrolling on a phone), and axe with every rule, best
 * practices included, finding nothing.
 */
async function checkScreen(page: Page, name: string): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize({ width: size.width, height: size.height });
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    // Charts resize themselves a few frames after the window does: the screen must fit
    // once it has laid out, not in the frame between.
    const width = () => page.evaluate(() => document.documentElement.scrollWidth);
    await expect
      .poll(width, { timeout: 2_000 })
      .toBeLessThanOrEqual(size.width)
      .catch(() => undefined);
    const settled = await width();
    expect
      .soft(settled, `${name} at ${size.width} px is ${settled} px wide: ${await widest(page)}`)
      .toBeLessThanOrEqual(size.width);
    await page.screenshot({ path: `${SCREENS}/${name}-${size.name}.png`, fullPage: true });
    const results = await new AxeBuilder({ page }).analyze();
    const found = results.violations.map(
      (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
    );
    expect.soft(found, `axe on the ${name} screen at ${size.width} px`).toEqual([]);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

test.describe('the coordinator’s and the admin’s console', () => {
  test('a wrap-up shows in the statistics, which export as CSV; the live board counts', async ({
    browser,
    server,
  }) => {
    test.setTimeout(120_000);
    server.addUser('sigrid', { role: 'supervisor' });
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
      // A coordinator abroad: the statistics' default period still ends on the
      // service's today (Stockholm), the calendar its chats are counted in.
      timezoneId: 'America/New_York',
    });
    const page = await context.newPage();
    await loginToConsole(page, server.url, 'sigrid');
    // Without a second factor a supervisor works as a counsellor, and is told why.
    await expect(page.getByText('Your role needs a second factor.').first()).toBeVisible();
    await expect(page.getByRole('button', { name: 'Statistics' })).toHaveCount(0);
    await setUpSecondFactor(page, (shown) => expectAccessible(shown, 'second factor'));
    await expect(page.getByRole('button', { name: 'Statistics' })).toBeVisible();
    // A ready phrase of her own, added after the console loaded the list at connect.
    await page
      .getByRole('textbox', { name: 'New ready phrase' })
      .fill('Jag finns kvar här i kväll.');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(page.getByText('Jag finns kvar här i kväll.', { exact: true })).toBeVisible();

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
    // The phrase added under "My account" is offered at once, without a reload.
    await message.fill('/kväll');
    await expect(phrases.getByRole('option')).toHaveText(['Jag finns kvar här i kväll.']);
    await message.press('Escape');
    await message.fill('');

    await page.getByRole('button', { name: 'End chat' }).click();
    await page.getByRole('radio', { name: 'violence' }).check();
    await page.getByRole('radio', { name: 'victim' }).check();
    await page.getByRole('checkbox', { name: 'police' }).check();
    await expectAccessible(page, 'wrap-up');
    await page.screenshot({ path: `${SHOTS}/console-wrapup.png` });
    await page.getByRole('button', { name: 'Save wrap-up' }).click();
    await expect(page.getByText('The wrap-up is saved.')).toBeVisible();

    const before = dayIn(Date.now(), 'Europe/Stockholm');
    await page.getByRole('button', { name: 'Statistics' }).click();
    const totals = page.getByTestId('totals');
    await expect(totals).toContainText('Offered1');
    // The page asked for no period and shows the one the server chose: its today
    // (either side of a midnight that passed meanwhile), and 29 days before it.
    const to = await page.getByLabel('To', { exact: true }).inputValue();
    expect([before, dayIn(Date.now(), 'Europe/Stockholm')]).toContain(to);
    await expect(page.getByLabel('From', { exact: true })).toHaveValue(addDays(to, -29));
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
    await setUpSecondFactor(page, (shown) => expectAccessible(shown, 'second factor'));

    await page.getByRole('button', { name: 'Accounts' }).click();
    await page.getByRole('combobox', { name: 'Role', exact: true }).selectOption('counsellor');
    await page.getByRole('checkbox', { name: 'Trained for under 20', exact: true }).check();
    await page.getByRole('checkbox', { name: 'Arabic' }).check();
    await page.getByRole('button', { name: 'Create invitation link' }).click();
    const link = (await page.getByTestId('one-time-link').innerText()).trim();
    // Made in the English console: the link opens it in English.
    expect(link).toMatch(/\/console\/\?lang=en#invite=[\w-]{43}$/);
    await expectAccessible(page, 'accounts');
    await page.screenshot({ path: `${SHOTS}/console-accounts.png`, fullPage: true });

    const invited = await (await browser.newContext()).newPage();
    // The token is in the fragment, and then only in POST bodies: never in a request's
    // address, where a proxy's access log would keep it.
    const token = link.split('#invite=')[1] ?? '';
    const addresses: string[] = [];
    invited.on('request', (request) => addresses.push(request.url()));
    await invited.goto(link);
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
    await invited.goto(link);
    await expect(invited.getByText('The link has expired or was used already.')).toBeVisible();

    await page.getByRole('button', { name: 'Audit log' }).click();
    await expect(page.getByRole('table', { name: 'Audit log of staff actions' })).toContainText(
      'account created',
    );
    await expectAccessible(page, 'audit log');
    await invited.context().close();
    await context.close();
  });

  test('every console screen in Swedish, on a desktop and a phone: fits, and axe finds nothing', async ({
    browser,
    server,
  }) => {
    test.setTimeout(300_000);
    server.addUser('greta', { role: 'admin' });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/console/`);
    await expect(page.getByRole('button', { name: 'Logga in' })).toBeVisible();
    await checkScreen(page, 'login');
    await page.getByRole('textbox', { name: 'Användarnamn' }).fill('greta');
    await page.getByLabel('Lösenord', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.getByRole('button', { name: 'Mitt konto' }).click();
    await page.getByRole('button', { name: 'Slå på tvåstegsverifiering' }).click();
    const secret = (await page.getByTestId('totp-secret').innerText()).trim();
    await page.getByRole('textbox', { name: 'Autentiseringskod' }).fill(await generate({ secret }));
    await page.getByRole('button', { name: 'Bekräfta' }).click();
    await expect(page.getByText('Tvåstegsverifiering är påslagen.').first()).toBeVisible();
    await checkScreen(page, 'my-account');

    // A chat, with a few lines.
    await page.getByRole('button', { name: 'Chattar' }).click();
    await page.getByRole('switch', { name: 'Tillgänglig' }).check();
    const visitorPage = await (await browser.newContext()).newPage();
    await visitorPage.goto(`${server.url}/?lang=en`);
    await visitorPage.getByRole('button', { name: 'Open chat' }).click();
    const visitor = chatFrame(visitorPage);
    await visitor.getByRole('button', { name: 'I am 20 or older' }).click();
    await expect(visitor.getByText(/You are number \d+ in the queue/)).toBeVisible();
    await checkScreen(page, 'queue');
    await page.getByRole('button', { name: 'Ta nästa chatt' }).click();
    await visitor.getByRole('textbox', { name: 'Message' }).fill('Någon slog mig i går kväll.');
    await visitor.getByRole('button', { name: 'Send' }).click();
    await expect(page.getByRole('log')).toContainText('Någon slog mig');
    await page.getByRole('textbox', { name: 'Meddelande' }).fill('Tack för att du berättar.');
    await page.getByRole('button', { name: 'Skicka' }).click();
    await expect(visitor.getByRole('log')).toContainText('Tack för att du berättar.');
    await checkScreen(page, 'chat');

    await page.getByRole('button', { name: 'Lämna över' }).click();
    const dialog = page.getByRole('dialog', { name: 'Lämna över' });
    await dialog.getByRole('button', { name: 'Bekräfta överlämning' }).click();
    await expect(dialog.getByText('Välj vem som ska ta över chatten.')).toBeVisible();
    await checkScreen(page, 'handover');
    await dialog.getByRole('button', { name: 'Avbryt' }).click();

    // The wrap-up, checked by the console itself, in Swedish: an empty Save gives a
    // summary, focused, whose links lead to the questions left open.
    await page.getByRole('button', { name: 'Avsluta chatten' }).click();
    const save = page.getByRole('button', { name: 'Spara avslutning' });
    await save.click();
    const summary = page.locator('jour-wrapup .error-summary');
    await expect(summary).toBeFocused();
    await expect(summary.getByRole('heading', { name: 'Det finns ett problem' })).toBeVisible();
    await expect(summary.getByRole('link')).toHaveText([
      'Välj vilket slags brott det gällde.',
      'Välj vem den som skrev var.',
    ]);
    await checkScreen(page, 'wrapup');
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.getByRole('heading', { name: 'Avslutning' }).scrollIntoViewIfNeeded();
      await expect(save, `Save at ${size.width} px`).toBeInViewport();
    }
    await summary.getByRole('link', { name: 'Välj vilket slags brott det gällde.' }).click();
    await expect(page.getByRole('radio', { name: 'våld', exact: true })).toBeFocused();
    await page.getByRole('radio', { name: 'våld', exact: true }).check();
    await page.getByRole('radio', { name: 'utsatt' }).check();
    await save.click();
    await expect(page.getByText('Avslutningen är sparad.')).toBeVisible();

    await page.getByRole('button', { name: 'Läget nu' }).click();
    await expect(page.getByRole('region', { name: 'Läget nu' })).toBeVisible();
    await checkScreen(page, 'board');
    await page
      .getByRole('navigation', { name: 'Huvudmeny' })
      .getByRole('button', { name: /^Brevlåda/ })
      .click();
    await expect(page.getByRole('heading', { name: 'Brevlåda', level: 2 })).toBeVisible();
    await expect(page.getByText('Inga brev.')).toBeVisible({ timeout: 30_000 });
    await checkScreen(page, 'mailbox');
    await page.getByRole('button', { name: 'Statistik' }).click();
    await expect(page.getByTestId('totals')).toBeVisible();
    await checkScreen(page, 'statistics');
    // Settings with an error: a summary at the top, its link to the field, the field
    // marked and described by what is wrong and the format it expects.
    await page.getByRole('button', { name: 'Inställningar' }).click();
    const monday = page.getByRole('textbox', { name: 'Öppettider, mån' }).first();
    await monday.fill('9-17');
    await page.getByRole('button', { name: 'Spara', exact: true }).click();
    const problems = page.locator('jour-settings .error-summary');
    await expect(problems).toBeFocused();
    await expect(problems.getByRole('heading', { name: 'Det finns ett problem' })).toBeVisible();
    const link = problems.getByRole('link');
    await expect(link).toHaveCount(1);
    await expect(link).toHaveText(
      /^Öppettider, mån, 20 år eller äldre: Skriv tiderna som 09:00–17:00/,
    );
    await checkScreen(page, 'settings');
    await link.click();
    await expect(monday).toBeFocused();
    await expect(monday).toHaveAttribute('aria-invalid', 'true');
    await expect(monday).toHaveAccessibleDescription(/Skriv tiderna som 09:00–17:00/);
    await monday.fill('09:00–17:00');
    await page.getByRole('button', { name: 'Spara', exact: true }).click();
    await expect(page.getByText('Sparat.')).toBeVisible();
    await expect(problems).toHaveCount(0);
    await expect(monday).not.toHaveAttribute('aria-invalid', 'true');
    await page.getByRole('button', { name: 'Konton' }).click();
    await page.getByRole('button', { name: 'Skapa inbjudningslänk' }).click();
    await expect(page.getByTestId('one-time-link')).toBeVisible();
    await expect(
      page.getByText(/Inbjudan för en ny volontär: en engångslänk, giltig till/),
    ).toBeVisible();
    await checkScreen(page, 'accounts');
    // Made in Swedish, the link opens the console in Swedish; its page can switch before
    // the form, keeping the link's token.
    const invitation = (await page.getByTestId('one-time-link').innerText()).trim();
    expect(invitation).toMatch(/\/console\/\?lang=sv#invite=[\w-]{43}$/);
    const invitee = await (await browser.newContext()).newPage();
    await invitee.goto(invitation);
    await expect(invitee.getByRole('heading', { name: 'Skapa ditt konto' })).toBeVisible();
    await checkScreen(invitee, 'invitation');
    await invitee.getByRole('link', { name: 'English' }).click();
    await expect(invitee.getByRole('heading', { name: 'Create your account' })).toBeVisible();
    await expect(invitee.getByRole('textbox', { name: 'Username' })).toBeVisible();
    await expect(invitee).toHaveURL(/\/console\/\?lang=en$/);
    await invitee.context().close();
    await page.getByRole('button', { name: 'Logg', exact: true }).click();
    const log = page.getByRole('table');
    await expect(log).toContainText('tvåstegsverifiering påslagen');
    await expect(log).toContainText('inställningar ändrade');
    await expect(log).not.toContainText(/totp|_/);
    await checkScreen(page, 'audit');
    await visitorPage.context().close();
    await context.close();
  });
});
