import { mkdirSync } from 'node:fs';
import { addDays, dayIn } from '../../server/clock.js';
import { DEFAULT_SETTINGS, type WeeklyHours } from '../../shared/protocol/settings.js';
import {
  chatFrame,
  cityPage,
  expect,
  expectAccessible,
  loginToConsole,
  test,
  useOwnServer,
  setUpSecondFactor,
} from './fixtures.js';

/*
 * Date exceptions from the coordinator's settings screen to the widget on the city's
 * page (issue 16): the settings CLI sets one for the under 20s, the coordinator closes
 * today for the adults on the screen (after an empty date is refused there), and the
 * widget says the chat is closed today and when it opens.
 *
 * This file runs its own server: closing today would close the chat for every later
 * test on the shared one.
 */

const SHOTS = 'test-results/calendar';
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const everyDay: WeeklyHours = Array.from({ length: 7 }, () => [{ open: '09:00', close: '17:00' }]);

const own = useOwnServer();

test.beforeAll(() => {
  mkdirSync(SHOTS, { recursive: true });
});

test('a coordinator closes today in the settings, and the widget says so with the next opening', async ({
  browser,
}) => {
  const { server } = own;
  test.setTimeout(90_000);
  const today = dayIn(Date.now(), DEFAULT_SETTINGS.timeZone);
  // The CLI takes exceptions too: the under 20s are closed today already.
  server.setSettings({
    ...DEFAULT_SETTINGS,
    routes: {
      adult: { phone: '021-41 32 60', hours: everyDay },
      youth: { phone: '010-567 63 25', hours: everyDay, exceptions: [{ date: today, spans: [] }] },
    },
  });
  server.addUser('sigrid', { role: 'supervisor' });
  const context = await browser.newContext({ viewport: DESKTOP });
  const page = await context.newPage();
  await loginToConsole(page, server.url, 'sigrid');
  await setUpSecondFactor(page);
  await page.getByRole('button', { name: 'Settings' }).click();

  const youth = page.getByRole('group', { name: 'Under 20' });
  await expect(youth.getByLabel('Date', { exact: true })).toHaveValue(today);
  await expect(youth.getByRole('checkbox', { name: 'Closed all day' })).toBeChecked();

  const adult = page
    .getByRole('group', { name: '20 or older' })
    .getByRole('group', { name: 'Special dates' });
  await expect(adult.getByText('No special dates.')).toBeVisible();
  await adult.getByRole('button', { name: 'Add a date' }).click();
  const first = adult.getByLabel('Date', { exact: true }).first();
  await expect(first).toBeFocused();
  await first.fill(today);
  // A second row left without its date is refused, and says what to do.
  await adult.getByRole('button', { name: 'Add a date' }).click();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const problems = page.locator('jour-settings .error-summary');
  await expect(problems).toBeFocused();
  await expect(problems.getByRole('link')).toHaveText([
    /^Special dates, Date, 20 or older, 2: Choose a date/,
  ]);
  const empty = adult.getByLabel('Date', { exact: true }).nth(1);
  await expect(empty).toHaveAttribute('aria-invalid', 'true');
  await expect(empty).toHaveAccessibleDescription(/Choose a date/);
  await expectAccessible(page, 'settings with a date exception in error');
  await page.setViewportSize(PHONE);
  await adult.screenshot({ path: `${SHOTS}/settings-exceptions-error-390.png` });
  await page.setViewportSize(DESKTOP);

  await adult.getByRole('button', { name: 'Remove the date' }).click();
  await expect(adult.getByRole('button', { name: 'Add a date' })).toBeFocused();
  // Times instead of closed all day: a long day tomorrow, saved with the rest.
  await adult.getByRole('button', { name: 'Add a date' }).click();
  const tomorrowRow = adult.getByTestId('exception').nth(1);
  await tomorrowRow.getByLabel('Date', { exact: true }).fill(addDays(today, 1));
  await tomorrowRow.getByRole('checkbox', { name: 'Closed all day' }).uncheck();
  await tomorrowRow.getByRole('textbox', { name: 'Opening hours' }).fill('08:00-22:00');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('Saved.')).toBeVisible();
  await expect(problems).toHaveCount(0);
  await expect(adult.getByTestId('exception')).toHaveCount(2);
  await expect(adult.getByRole('button', { name: `Remove ${today}` })).toBeVisible();
  await adult.screenshot({ path: `${SHOTS}/settings-exceptions-desktop.png` });
  await page.setViewportSize(PHONE);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(PHONE.width);
  await adult.screenshot({ path: `${SHOTS}/settings-exceptions-390.png` });
  await context.close();

  // The visitor on the city's page, on a phone.
  const visitorPage = await (await browser.newContext({ viewport: PHONE })).newPage();
  await visitorPage.goto(cityPage(server, '/calendar'));
  await visitorPage.getByRole('button', { name: /^Open chat/ }).click();
  const chat = chatFrame(visitorPage);
  await expect(chat.getByText('The chat is closed today.')).toBeVisible();
  // The adults open early tomorrow (the long day); the under 20s at the usual time.
  await expect(chat.getByText('It opens tomorrow at 08:00.')).toBeVisible();
  await expect(chat.getByText('It opens tomorrow at 09:00.')).toBeVisible();
  await visitorPage.screenshot({ path: `${SHOTS}/widget-closed-today-390.png` });
  await visitorPage.context().close();
});
