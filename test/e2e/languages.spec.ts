import { mkdirSync } from 'node:fs';
import { CATALOGUES } from '../../client/widget/i18n/index.js';
import { SAFETY_WORD_LISTS, safetyWordsIn } from '../../shared/crypto/safety-words.js';
import {
  availableCounsellor,
  chatFrame,
  endChatAsVisitor,
  expect,
  expectAccessible,
  FRAME,
  test,
  useOwnServer,
} from './fixtures.js';

/*
 * Finnish and easy-to-read Swedish (lättläst) in the widget, in one walk through a real
 * browser: chosen from the widget's own language menu, marked `lang="fi"` / `lang="sv"`
 * for screen readers, axe clean at a phone's 390 px, and seen by the console as the
 * visitor's language, with safety words that match on both sides.
 */

const SHOTS = 'test-results/screenshots';
const fi = CATALOGUES.fi;
const easy = CATALOGUES['sv-x-easy'];

// A server of its own: the queue holds only this walk's visitors.
const own = useOwnServer();

test.beforeAll(() => {
  mkdirSync(SHOTS, { recursive: true });
});

test('a Finnish and then a lättläst visitor, each in their language on both sides', async ({
  browser,
}) => {
  const { server } = own;
  test.setTimeout(120_000);
  const counsellor = await availableCounsellor(browser, server, 'aino');
  const visitor = await (
    await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true })
  ).newPage();
  await visitor.goto(`${server.url}/?lang=sv`);
  await visitor.getByRole('button', { name: CATALOGUES.sv.openChat }).click();
  const chat = chatFrame(visitor);
  const panel = chat.locator('jour-chat-panel');

  // Suomi from the widget's menu: Finnish texts, and lang="fi" for a screen reader.
  await chat
    .getByRole('combobox', { name: CATALOGUES.sv.languageLabel })
    .selectOption({ label: 'Suomi' });
  await expect(panel).toHaveAttribute('lang', 'fi');
  await expect(chat.locator('html')).toHaveAttribute('lang', 'fi');
  await expect(chat.getByText(fi.intro)).toBeVisible();
  await expect(chat.getByRole('button', { name: fi.routeAdult })).toBeVisible();
  // The launcher on the host page follows: the frame is named in Finnish.
  await expect(visitor.locator(FRAME)).toHaveAttribute('title', fi.chatFrame);
  await expectAccessible(visitor, 'Finnish intro at 390 px', 'jour-chat', 'every');
  await visitor.screenshot({ path: `${SHOTS}/languages-fi-intro-390.png` });

  // In the queue the console names the visitor's language; it says Finnish once accepted.
  await chat.getByRole('button', { name: fi.routeAdult }).click();
  await expect(chat.getByText(fi.queuePosition(1))).toBeVisible();
  await expect(counsellor.getByText(/Finnish/)).toBeVisible();
  await counsellor.getByRole('button', { name: 'Accept next chat' }).click();
  await expect(chat.getByRole('textbox', { name: fi.message })).toBeVisible();
  await expect(counsellor.getByText('Finnish', { exact: true })).toBeVisible();

  // The safety words: Finnish words in the widget, the same in the console, with their
  // Swedish twins, all at the same indices.
  await chat.getByRole('button', { name: fi.showSafetyWords }).click();
  const shown = chat.getByTestId('safety-words');
  await expect(shown).toHaveText(/\S+ \S+ \S+ \S+/);
  const words = (await shown.innerText()).trim().split(' ');
  const indices = words.map((word) => SAFETY_WORD_LISTS.fi.indexOf(word));
  for (const index of indices) expect(index, words.join(' ')).toBeGreaterThanOrEqual(0);
  const consoleWords = counsellor.getByTestId('safety-words');
  await expect(consoleWords).toHaveText(words.join(' '));
  await expect(consoleWords).toHaveAttribute('lang', 'fi');
  await expect(counsellor.getByTestId('safety-words-sv')).toHaveText(
    safetyWordsIn('sv', indices).join(' '),
  );
  await chat.getByRole('textbox', { name: fi.message }).fill('Hei, tarvitsen apua.');
  await chat.getByRole('button', { name: fi.send }).click();
  await expect(counsellor.getByRole('log')).toContainText('Hei, tarvitsen apua.');
  await expectAccessible(visitor, 'Finnish chat at 390 px', 'jour-chat', 'every');
  await visitor.screenshot({ path: `${SHOTS}/languages-fi-chat-390.png` });
  await counsellor.screenshot({ path: `${SHOTS}/languages-fi-console.png` });
  await endChatAsVisitor(chat, 'fi');
  await expect(chat.getByText(fi.endReason('ended_by_visitor'))).toBeVisible();

  // Lättläst from the same menu: a choice of its own, but Swedish to a screen reader.
  await chat.getByRole('combobox', { name: fi.languageLabel }).selectOption({
    label: 'Lättläst svenska',
  });
  await expect(panel).toHaveAttribute('lang', 'sv');
  await expect(chat.locator('html')).toHaveAttribute('lang', 'sv');
  await expect(chat.getByText(easy.endReason('ended_by_visitor'))).toBeVisible();
  // Close hides the panel; the launcher, in lättläst now, opens it at the start.
  await chat.getByRole('button', { name: easy.close, exact: true }).click();
  const launcher = visitor.getByRole('button', { name: easy.openChat });
  await expect(launcher).toHaveAttribute('lang', 'sv');
  await launcher.click();
  await expect(chat.getByText(easy.intro)).toBeVisible();
  await expect(chat.getByText(easy.chooseRoute)).toBeVisible();
  await expectAccessible(visitor, 'lättläst intro at 390 px', 'jour-chat', 'every');
  await visitor.screenshot({ path: `${SHOTS}/languages-easy-intro-390.png` });

  // The console sees "Easy-to-read Swedish", so the counsellor writes simply; the safety
  // words are the Swedish ones, with no twins to add.
  await chat.getByRole('button', { name: easy.routeAdult }).click();
  await expect(chat.getByText(easy.queuePosition(1))).toBeVisible();
  await expect(counsellor.getByText(/Easy-to-read Swedish/)).toBeVisible();
  await counsellor.getByRole('button', { name: 'Accept next chat' }).click();
  await expect(chat.getByRole('textbox', { name: easy.message })).toBeVisible();
  await expect(counsellor.getByText('Easy-to-read Swedish', { exact: true })).toBeVisible();
  await chat.getByRole('button', { name: easy.showSafetyWords }).click();
  const easyWords = (await chat.getByTestId('safety-words').innerText()).trim();
  for (const word of easyWords.split(' ')) expect(SAFETY_WORD_LISTS.sv).toContain(word);
  await expect(counsellor.getByTestId('safety-words')).toHaveText(easyWords);
  await expect(counsellor.getByTestId('safety-words')).toHaveAttribute('lang', 'sv');
  await expect(counsellor.getByTestId('safety-words-sv')).toHaveCount(0);
  await expectAccessible(visitor, 'lättläst chat at 390 px', 'jour-chat', 'every');
  await visitor.screenshot({ path: `${SHOTS}/languages-easy-chat-390.png` });
  await counsellor.screenshot({ path: `${SHOTS}/languages-easy-console.png` });
  await endChatAsVisitor(chat, 'sv-x-easy');
  await counsellor.context().close();
  await visitor.context().close();
});
