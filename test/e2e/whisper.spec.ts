import {
  expect,
  expectAccessible,
  test,
  useOwnServer,
  widest,
  chatWithSupervisorOnline,
} from './fixtures.js';

/*
 * Asking a supervisor for support from a chat (docs/PROTOCOL.md §22), in three real
 * browsers: the counsellor's console asks, the supervisor's console accepts, both show
 * the same safety words, a message goes each way, and the visitor's widget shows none
 * of it. Its own server: the supervisor's second factor and presence would otherwise
 * reach every later test's consoles.
 */

const SHOTS = 'test-results/screenshots';

const own = useOwnServer();

test('a counsellor asks a supervisor for support; only the two consoles see it', async ({
  browser,
}) => {
  const { server } = own;
  test.setTimeout(300_000);
  const {
    supervisor: sigrid,
    counsellor: anna,
    chat,
    close,
  } = await chatWithSupervisorOnline(browser, server, { counsellor: 'anna', supervisor: 'sigrid' });
  await chat.getByRole('textbox', { name: 'Message' }).fill('Hej, jag vet inte vad jag ska göra');
  await chat.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(anna.getByRole('log', { name: 'Messages' })).toContainText('vad jag ska göra');

  // The counsellor asks; the supervisor is told who asks, and takes it.
  await anna.getByRole('button', { name: 'Ask for support' }).click();
  await expect(anna.getByText('Asking the supervisors online…')).toBeVisible();
  await expect(sigrid.getByText('anna asks for support (20 or older).')).toBeVisible();
  await expectAccessible(sigrid, 'a support request');
  await sigrid.getByRole('button', { name: 'Accept', exact: true }).click();

  const annaPanel = anna.getByTestId('whisper');
  const sigridPanel = sigrid.getByTestId('whisper');
  await expect(annaPanel.getByRole('heading', { name: 'Support from sigrid' })).toBeVisible();
  await expect(sigridPanel.getByRole('heading', { name: 'Supporting anna' })).toBeVisible();
  for (const panel of [annaPanel, sigridPanel]) {
    await expect(panel).toContainText('Staff only: the visitor does not see this.');
  }
  const words = annaPanel.getByTestId('whisper-safety-words');
  await expect(words).toHaveText(/^\S+ \S+ \S+ \S+$/);
  await expect(sigridPanel.getByTestId('whisper-safety-words')).toHaveText(await words.innerText());
  // Not the chat's safety words: another session.
  expect(await words.innerText()).not.toBe(await anna.getByTestId('safety-words').innerText());

  // One message each way; the keyboard alone sends (Enter in the box).
  const toSupervisor = 'WHISPER the visitor sounds frightened, how do I ask about safety?';
  await annaPanel.getByRole('textbox', { name: 'Write to sigrid' }).fill(toSupervisor);
  await annaPanel.getByRole('button', { name: 'Send to sigrid' }).click();
  await expect(sigridPanel.getByRole('log')).toContainText(toSupervisor);
  const toCounsellor = 'WHISPER ask whether they are somewhere safe right now';
  await sigridPanel.getByRole('textbox', { name: 'Write to anna' }).fill(toCounsellor);
  await sigridPanel.getByRole('textbox', { name: 'Write to anna' }).press('Enter');
  await expect(annaPanel.getByRole('log')).toContainText(toCounsellor);

  // The chat goes on beside it, and the visitor's widget has none of it.
  await anna
    .getByRole('textbox', { name: 'Message', exact: true })
    .fill('Är du på en trygg plats?');
  await anna.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(chat.getByRole('log')).toContainText('Är du på en trygg plats?');
  const widgetText = await chat.locator('body').innerText();
  expect(widgetText).not.toMatch(/WHISPER|support|sigrid|Staff only/i);

  await expectAccessible(anna, 'a support conversation (asker)');
  await expectAccessible(sigrid, 'a support conversation (supervisor)');
  await anna.screenshot({ path: `${SHOTS}/whisper-asker-desktop.png`, fullPage: true });
  await sigrid.screenshot({ path: `${SHOTS}/whisper-supervisor-desktop.png`, fullPage: true });
  for (const page of [anna, sigrid]) {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
  }
  await annaPanel.scrollIntoViewIfNeeded();
  await anna.screenshot({ path: `${SHOTS}/whisper-asker-390.png`, fullPage: true });
  await sigrid.screenshot({ path: `${SHOTS}/whisper-supervisor-390.png`, fullPage: true });
  for (const page of [anna, sigrid]) {
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, `390 px wide, not ${width}: ${await widest(page)}`).toBeLessThanOrEqual(390);
  }

  // Either side ends it; the other is told, and the counsellor may ask again.
  await annaPanel.getByRole('button', { name: 'End support conversation' }).click();
  await expect(sigridPanel).toContainText('Ended by the other side.');
  await expect(annaPanel).toContainText('You ended the support conversation.');
  await expect(anna.getByRole('button', { name: 'Ask for support' })).toBeVisible();
  await sigridPanel.getByRole('button', { name: 'Close' }).click();
  await expect(sigrid.getByTestId('whisper')).toHaveCount(0);
  expect(await chat.locator('body').innerText()).not.toMatch(/WHISPER|support|sigrid/i);

  await close();
});
