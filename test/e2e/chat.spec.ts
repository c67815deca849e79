import type { Browser } from '@playwright/test';
import { CATALOGUES } from '../../client/widget/i18n/index.js';
import { SAFETY_WORD_LISTS, safetyWordsIn } from '../../shared/crypto/safety-words.js';
import {
  chatFrame,
  endChatAsVisitor,
  expect,
  loginToConsole,
  safetyWords,
  test,
  widest,
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

  test('an Arabic visitor and the counsellor compare the same safety words, each in their language', async ({
    browser,
    server,
  }) => {
    server.addUser('noor');
    const counsellor = await (
      await browser.newContext({ viewport: { width: 1280, height: 800 } })
    ).newPage();
    await loginToConsole(counsellor, server.url, 'noor');
    await counsellor.getByRole('switch', { name: 'Available' }).check();

    const ar = CATALOGUES.ar;
    const visitor = await (
      await browser.newContext({ viewport: { width: 390, height: 844 } })
    ).newPage();
    await visitor.goto(`${server.url}/?lang=ar`);
    await visitor.getByRole('button', { name: ar.openChat }).click();
    const chat = chatFrame(visitor);
    await chat.getByRole('button', { name: ar.routeAdult }).click();
    await counsellor.getByRole('button', { name: 'Accept next chat' }).click();
    await expect(chat.getByRole('textbox', { name: ar.message })).toBeVisible();
    await expect(counsellor.getByText('Arabic', { exact: true })).toBeVisible();

    await chat.getByRole('button', { name: ar.showSafetyWords }).click();
    const shown = chat.getByTestId('safety-words');
    await expect(shown).toHaveText(/\S+ \S+ \S+ \S+/);
    const words = (await shown.innerText()).trim().split(' ');
    // Arabic words from the Arabic list; their places in it are the safety bytes.
    const indices = words.map((word) => SAFETY_WORD_LISTS.ar.indexOf(word));
    for (const index of indices) expect(index).toBeGreaterThanOrEqual(0);

    const consoleWords = counsellor.getByTestId('safety-words');
    await expect(consoleWords).toHaveText(words.join(' '));
    await expect(consoleWords).toHaveAttribute('lang', 'ar');
    expect(await consoleWords.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
    const twins = counsellor.getByTestId('safety-words-sv');
    await expect(twins).toHaveText(safetyWordsIn('sv', indices).join(' '));
    await expect(twins).toHaveAttribute('lang', 'sv');
    await expect(counsellor.getByText(/in Swedish:/)).toBeVisible();
    await visitor.screenshot({ path: `${SHOTS}/widget-safety-words-arabic-phone.png` });
    await counsellor.screenshot({ path: `${SHOTS}/console-safety-words-arabic.png` });

    // The widget in English shows the same indices in English; the console's Arabic
    // and Swedish words stay as they were.
    await chat.getByRole('combobox', { name: ar.languageLabel }).selectOption('en');
    await expect(chat.getByTestId('safety-words')).toHaveText(
      safetyWordsIn('en', indices).join(' '),
    );

    // The words are drawn from the keys, so any four can come up: the longest four of
    // each language, with their Swedish twins, still fit a phone's console.
    await counsellor.setViewportSize({ width: 390, height: 844 });
    const view = counsellor.locator('jour-chat-view');
    for (const lang of ['en', 'ar', 'so', 'fi'] as const) {
      const longest = SAFETY_WORD_LISTS[lang]
        .map((word, index) => ({
          index,
          length: word.length + SAFETY_WORD_LISTS.sv[index]!.length,
        }))
        .sort((a, b) => b.length - a.length)
        .slice(0, indices.length)
        .map(({ index }) => index);
      // The console hands the view its chat again whenever it renders (a queue count
      // arriving, say), which puts the real words back: the words are set, shown and
      // measured in one go, and again if the console got in between.
      let width = Infinity;
      await expect(async () => {
        const shown = await view.evaluate(
          async (element, drawn) => {
            const target = element as HTMLElement & {
              chat: { accepted: object };
              updateComplete: Promise<boolean>;
            };
            target.chat = {
              ...target.chat,
              safetyIndices: drawn.longest,
              accepted: { ...target.chat.accepted, lang: drawn.lang },
            } as typeof target.chat;
            await target.updateComplete;
            const words = target.shadowRoot?.querySelector('[data-testid="safety-words-sv"]');
            return {
              words: words?.textContent?.replace(/\s+/g, ' ').trim(),
              width: document.documentElement.scrollWidth,
            };
          },
          { longest, lang },
        );
        expect(shown.words).toBe(safetyWordsIn('sv', longest).join(' '));
        width = shown.width;
      }).toPass({ timeout: 10_000 });
      expect(
        width,
        `the longest ${lang} words at 390 px: ${await widest(counsellor)}`,
      ).toBeLessThanOrEqual(390);
      await view.screenshot({
        path: `${SHOTS}/console-longest-safety-words-${lang}-phone.png`,
      });
    }
    await endChatAsVisitor(chat);
    await counsellor.context().close();
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
