import type { Page } from '@playwright/test';
import {
  chatFrame,
  endChatAsVisitor,
  expect,
  expectAccessible,
  loginToConsole,
  test,
  setUpSecondFactor,
} from './fixtures.js';

/*
 * Risk levels and care (issue 16), one walk: the counsellor marks a chat acute, the
 * supervisor's console (another browser) is alerted and its board shows the chat as
 * acute; the chat ends, the counsellor is offered a pause and asks for a debrief, and
 * the supervisor is told. Axe on each new screen, at desktop width and at 390 px.
 */

const SHOTS = 'test-results/screenshots';

/** A supervisor signed in with the second factor turned on (so acting as one). */
async function signedInSupervisor(page: Page, url: string, name: string): Promise<void> {
  await loginToConsole(page, url, name);
  await setUpSecondFactor(page);
}

/** Axe at desktop width and at 390 px, with a screenshot of each. */
async function checkScreen(page: Page, name: string): Promise<void> {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 860 });
    await page.screenshot({ path: `${SHOTS}/risk-${name}-${width}.png`, fullPage: true });
    await expectAccessible(page, `${name} at ${width} px`, undefined, 'every');
  }
  await page.setViewportSize({ width: 1280, height: 860 });
}

test('an acute chat alerts the supervisor; after it, a pause and a debrief', async ({
  browser,
  server,
}) => {
  test.setTimeout(300_000);
  server.addUser('rosa');
  server.addUser('sune', { role: 'supervisor' });

  // A supervisor in Sweden: the statistics' default range ends on her today (jour-stats).
  const supervisorContext = await browser.newContext({
    viewport: { width: 1280, height: 860 },
    timezoneId: 'Europe/Stockholm',
  });
  const supervisor = await supervisorContext.newPage();
  await signedInSupervisor(supervisor, server.url, 'sune');
  await supervisor.getByRole('button', { name: 'Live board' }).click();

  const counsellorContext = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const counsellor = await counsellorContext.newPage();
  await loginToConsole(counsellor, server.url, 'rosa');
  await counsellor.getByRole('switch', { name: 'Available' }).check();

  const visitorContext = await browser.newContext();
  const visitorPage = await visitorContext.newPage();
  await visitorPage.goto(`${server.url}/?lang=en`);
  await visitorPage.getByRole('button', { name: 'Open chat' }).click();
  const visitor = chatFrame(visitorPage);
  await visitor.getByRole('button', { name: 'I am 20 or older' }).click();
  await counsellor.getByRole('button', { name: 'Accept next chat' }).click();
  await expect(visitor.getByRole('textbox', { name: 'Message' })).toBeEditable();

  // The counsellor's control: a labelled radio group, none by default.
  const risk = counsellor.getByRole('group', { name: 'Risk level' });
  await expect(risk.getByRole('radio', { name: 'None' })).toBeChecked();
  await risk.getByRole('radio', { name: 'Acute' }).check();
  await expect(risk.getByText('The supervisors online have been alerted.')).toBeVisible();
  await checkScreen(counsellor, 'acute-chat');

  // The supervisor: an alert on every screen, and the board shows the chat and the count.
  const alerts = supervisor.getByTestId('alerts');
  await expect(alerts.getByRole('alert')).toHaveText(/Acute: rosa marked a chat \(20 or older\)/);
  await expect(supervisor.getByRole('cell', { name: 'Acute (rosa)' })).toBeVisible();
  const online = supervisor.getByRole('table', { name: 'Counsellors online' });
  const rosa = online.getByRole('row').filter({ hasText: 'rosa' });
  await expect(rosa.getByRole('cell').last()).toHaveText('1');
  await checkScreen(supervisor, 'board');
  await alerts.getByRole('button', { name: 'Dismiss alert' }).click();
  await expect(alerts).toHaveCount(0);

  // The chat ends: the counsellor is offered a pause and asks for a debrief.
  await endChatAsVisitor(visitor);
  const pause = counsellor.getByTestId('pause');
  await expect(pause).toContainText('That was an acute chat. Take a pause');
  await pause.getByRole('button', { name: 'Ask for a debrief' }).click();
  await expect(pause.getByRole('status')).toHaveText(
    '1 supervisor has been asked and will be in touch.',
  );
  await checkScreen(counsellor, 'pause');

  await expect(supervisor.getByTestId('alerts').getByRole('alert')).toHaveText(
    /rosa asks for a debrief\./,
  );

  // The statistics count the chat by its highest level, under the small-count rule.
  await supervisor.getByRole('button', { name: 'Statistics' }).click();
  const levels = supervisor.getByTestId('risk-levels');
  const today = levels.getByRole('row').filter({ hasText: '20 or older' }).last();
  await expect(today.getByRole('cell').last()).toHaveText('< 5');
  await levels.scrollIntoViewIfNeeded();
  await checkScreen(supervisor, 'stats');
  // The setting that makes a long chat end with a pause, at its default.
  await supervisor.getByRole('button', { name: 'Settings' }).click();
  await expect(
    supervisor.getByRole('spinbutton', { name: /Suggest a pause and a debrief after/ }),
  ).toHaveValue('45');

  await visitorContext.close();
  await counsellorContext.close();
  await supervisorContext.close();
});
