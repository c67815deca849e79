import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { localClock } from '../../server/chat/opening-hours.js';
import { CATALOGUES, WIDGET_LANGUAGES } from '../../client/widget/i18n/index.js';
import { DEFAULT_SETTINGS } from '../../shared/protocol/settings.js';
import {
  expect,
  expectAccessible,
  loginToConsole,
  safetyWords,
  test,
  type RunningServer,
} from './fixtures.js';

const SHOTS = 'test-results/screenshots';
const RESUME_KEY = 'jour-chat:resume';
const PHONE = { width: 320, height: 640 };

async function availableCounsellor(browser: Browser, server: RunningServer, name: string) {
  server.addUser(name);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await loginToConsole(page, server.url, name);
  await page.getByRole('switch', { name: 'Available' }).check();
  return page;
}

async function visitorPage(
  browser: Browser,
  url: string,
  viewport = { width: 1280, height: 800 },
): Promise<{ context: BrowserContext; page: Page; requests: string[] }> {
  const context = await browser.newContext({ viewport });
  const requests: string[] = [];
  context.on('request', (request) => requests.push(request.url()));
  await context.route(/google\.com/, (route) =>
    route.fulfill({ contentType: 'text/html', body: '<title>Väder</title><p>neutral</p>' }),
  );
  const page = await context.newPage();
  await page.goto(url);
  return { context, page, requests };
}

test.describe('the visitor', () => {
  test('a reload mid-chat takes the same chat back, keeps the conversation, loses nothing', async ({
    browser,
    server,
  }) => {
    const counsellor = await availableCounsellor(browser, server, 'cilla');
    const { context, page, requests } = await visitorPage(browser, `${server.url}/?lang=en`);
    await page.getByRole('button', { name: 'Open chat' }).click();
    await page.getByRole('button', { name: 'I am 20 or older' }).click();
    await expect(page.getByText(/You are number \d+ in the queue\./)).toBeVisible();
    await counsellor.getByRole('button', { name: 'Accept next chat' }).click();
    await page.getByRole('textbox', { name: 'Message' }).fill('CANARY before the reload');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(counsellor.getByRole('log')).toContainText('CANARY before the reload');
    await counsellor.getByRole('textbox', { name: 'Message' }).fill('I am here.');
    await counsellor.getByRole('button', { name: 'Send' }).click();
    await expect(page.getByRole('log')).toContainText('I am here.');
    expect(await page.evaluate((key) => sessionStorage.getItem(key), RESUME_KEY)).toMatch(/chatId/);

    await page.reload();
    await expect(page.getByText('You are back in your chat.')).toBeVisible();
    const log = page.getByRole('log');
    await expect(log).toContainText('CANARY before the reload');
    await expect(log).toContainText('I am here.');
    await expect(counsellor.getByText(/reloaded the page/)).toBeVisible();
    expect(await safetyWords(page)).toBe(await safetyWords(counsellor));

    await counsellor.getByRole('textbox', { name: 'Message' }).fill('Welcome back.');
    await counsellor.getByRole('button', { name: 'Send' }).click();
    await expect(log).toContainText('Welcome back.');
    await page.getByRole('textbox', { name: 'Message' }).fill('Thank you.');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(counsellor.getByRole('log')).toContainText('Thank you.');
    await page.screenshot({ path: `${SHOTS}/widget-resumed-desktop.png` });

    // Nothing on the device but the resume token, and only while the chat lasts.
    expect(await context.cookies()).toEqual([]);
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(1);
    await page.getByRole('button', { name: 'End chat' }).click();
    await expect(page.getByText('You ended the chat.')).toBeVisible();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    // No request ever left our own origin (no CDN, no analytics, no fonts).
    const foreign = requests.filter((url) => !url.startsWith(server.url));
    expect(foreign).toEqual([]);
    // Where WebAssembly is allowed, only libsodium's WebAssembly build is loaded.
    const sodiumBuilds = new Set(requests.filter((url) => url.includes('/libsodium-wrappers-')));
    expect(sodiumBuilds.size).toBe(1);

    await page.getByRole('button', { name: 'Yes' }).click();
    await expect(page.getByText('Thank you for your answer.')).toBeVisible();
    await context.close();
    await counsellor.context().close();
  });

  test('quick exit by keyboard leaves no page, storage or chat behind', async ({
    browser,
    server,
  }) => {
    const counsellor = await availableCounsellor(browser, server, 'dan');
    const { context, page } = await visitorPage(browser, 'about:blank');
    await page.goto(`${server.url}/?lang=en`);
    await page.getByRole('button', { name: 'Open chat' }).click();
    await expect(page.getByText('Press Esc twice to leave this page quickly.')).toBeVisible();
    await page.getByRole('button', { name: 'I am 20 or older' }).click();
    await expect(page.getByText(/You are number \d+ in the queue\./)).toBeVisible();
    await counsellor.getByRole('button', { name: 'Accept next chat' }).click();
    await page.getByRole('textbox', { name: 'Message' }).fill('someone is coming');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(counsellor.getByRole('log')).toContainText('someone is coming');

    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.waitForURL(/google\.com/);
    // The counsellor learns at once that the visitor has gone.
    await expect(counsellor.getByText(/visitor ended the chat/i)).toBeVisible();
    await page.goBack();
    expect(page.url()).not.toContain(server.url);

    // Coming back to the page in the same tab: no chat, no token, just the launcher.
    await page.goto(`${server.url}/?lang=en`);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await expect(page.getByRole('button', { name: 'Open chat' })).toBeVisible();
    await expect(page.getByRole('log')).toHaveCount(0);
    await context.close();
    await counsellor.context().close();
  });

  test('outside opening hours shows when the chat opens and the phone number', async ({
    browser,
    server,
  }) => {
    const { weekday } = localClock(Date.now(), DEFAULT_SETTINGS.timeZone);
    const opensOn = (weekday + 2) % 7;
    const hours = Array.from({ length: 7 }, (_, day) =>
      day === opensOn ? [{ open: '09:00', close: '17:00' }] : [],
    );
    server.setSettings({
      ...DEFAULT_SETTINGS,
      routes: { ...DEFAULT_SETTINGS.routes, youth: { phone: '010-567 63 25', hours } },
      notice: { en: 'The youth chat is closed over Christmas.', sv: 'Stängt i jul.' },
    });
    try {
      const { context, page } = await visitorPage(browser, `${server.url}/?lang=en`, PHONE);
      await page.getByRole('button', { name: 'Open chat' }).click();
      const day = CATALOGUES.en.weekdays[opensOn]!;
      await expect(
        page.getByText(`The chat is closed now. It opens on ${day} at 09:00.`),
      ).toBeVisible();
      await expect(page.getByText('You can also call 010-567 63 25.').first()).toBeVisible();
      // The coordinator's notice, in the visitor's language only.
      await expect(page.getByTestId('service-notice')).toHaveText(
        'The youth chat is closed over Christmas.',
      );
      await expect(page.getByRole('button', { name: 'I am under 20' })).toHaveCount(0);
      await expect(page.getByRole('button', { name: 'I am 20 or older' })).toBeVisible();
      // Open, but nobody signed in: say so and still let them wait.
      await expect(page.getByText(/No volunteer is free right now/)).toBeVisible();
      await expectAccessible(page, 'closed', 'jour-chat');
      await page.screenshot({ path: `${SHOTS}/widget-closed-phone.png` });
      await context.close();
    } finally {
      server.setSettings('reset');
    }
  });

  test('every language translates the launcher; Arabic mirrors the whole widget', async ({
    browser,
    server,
  }) => {
    const names = new Set<string>();
    const { context, page } = await visitorPage(browser, 'about:blank');
    for (const lang of WIDGET_LANGUAGES) {
      await page.goto(`${server.url}/?lang=${lang}`);
      const launcher = page.getByRole('button', { name: CATALOGUES[lang].openChat });
      await expect(launcher).toBeVisible();
      names.add(CATALOGUES[lang].openChat);
    }
    expect(names.size).toBe(WIDGET_LANGUAGES.length);

    // Without a lang attribute the widget follows the page (Swedish).
    await page.goto(server.url);
    await expect(page.getByRole('button', { name: CATALOGUES.sv.openChat })).toBeVisible();

    await page.goto(`${server.url}/?lang=ar`);
    await page.getByRole('button', { name: CATALOGUES.ar.openChat }).click();
    const panel = page.locator('jour-chat-panel');
    await expect(panel).toHaveAttribute('dir', 'rtl');
    await expect(panel).toHaveAttribute('lang', 'ar');
    const title = await page.getByRole('heading', { name: CATALOGUES.ar.title }).boundingBox();
    const exit = await page.getByRole('button', { name: CATALOGUES.ar.quickExit }).boundingBox();
    expect(exit!.x, 'quick exit sits on the left in a right-to-left layout').toBeLessThan(title!.x);
    await expectAccessible(page, 'Arabic intro', 'jour-chat');
    await page.screenshot({ path: `${SHOTS}/widget-intro-arabic.png` });

    // The switch inside the widget changes the language at once.
    await page.getByRole('combobox', { name: CATALOGUES.ar.languageLabel }).selectOption('so');
    await expect(panel).toHaveAttribute('dir', 'ltr');
    await expect(page.getByRole('button', { name: CATALOGUES.so.routeAdult })).toBeVisible();
    await context.close();
  });

  test('has no axe violations on any screen, and works by keyboard alone', async ({
    browser,
    server,
  }) => {
    const counsellor = await availableCounsellor(browser, server, 'eva');
    const { context, page } = await visitorPage(browser, `${server.url}/?lang=en`, PHONE);
    await expectAccessible(page, 'launcher', 'jour-chat');

    // Keyboard only: Tab to the launcher, Enter, and focus moves into the panel.
    const launcher = page.getByRole('button', { name: 'Open chat' });
    for (let i = 0; i < 60 && !(await launcher.evaluate((el) => el.matches(':focus'))); i++) {
      await page.keyboard.press('Tab');
    }
    await expect(launcher).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: CATALOGUES.en.title })).toBeFocused();
    await expectAccessible(page, 'intro', 'jour-chat');
    await page.screenshot({ path: `${SHOTS}/widget-intro-320.png` });

    const adult = page.getByRole('button', { name: 'I am 20 or older' });
    for (let i = 0; i < 10 && !(await adult.evaluate((el) => el.matches(':focus'))); i++) {
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('Enter');
    // Focus moves to the news: the place in the queue.
    await expect(page.getByText(/You are number \d+ in the queue\./)).toBeFocused();
    await page.getByRole('radio', { name: 'a witness' }).check();
    await expect(page.getByText(/the volunteer will see this/)).toBeVisible();
    await expectAccessible(page, 'queue', 'jour-chat');
    await page.screenshot({ path: `${SHOTS}/widget-waiting-320.png`, fullPage: true });

    await counsellor.getByRole('button', { name: 'Accept next chat' }).click();
    await expect(counsellor.getByText('a witness')).toBeVisible();
    const message = page.getByRole('textbox', { name: 'Message' });
    await expect(message).toBeFocused();
    await page.keyboard.type('Typed with the keyboard only');
    await page.keyboard.press('Enter');
    await expect(counsellor.getByRole('log')).toContainText('Typed with the keyboard only');
    await counsellor.getByRole('textbox', { name: 'Message' }).fill('Received.');
    await counsellor.getByRole('button', { name: 'Send' }).click();
    await expect(page.getByRole('log')).toContainText('Received.');
    await expectAccessible(page, 'chat', 'jour-chat');
    await page.screenshot({ path: `${SHOTS}/widget-chat-320.png` });

    // The panel fills a phone's screen.
    const box = await page.locator('jour-chat-panel').boundingBox();
    expect(box).toMatchObject({ x: 0, y: 0, width: PHONE.width, height: PHONE.height });

    await counsellor.getByRole('button', { name: 'End chat' }).click();
    await expect(page.getByText(/The chat has ended/)).toBeFocused();
    await expect(page.getByText('Did the chat help you?')).toBeVisible();
    await expectAccessible(page, 'ended', 'jour-chat');
    await page.screenshot({ path: `${SHOTS}/widget-ended-320.png` });
    await context.close();
    await counsellor.context().close();
  });

  test('at 200% zoom on a desktop the whole chat stays usable', async ({ browser, server }) => {
    // 200% zoom of a 1280 × 800 window is a 640 × 400 CSS viewport at device scale 2.
    const context = await browser.newContext({
      viewport: { width: 640, height: 400 },
      deviceScaleFactor: 2,
    });
    const page = await context.newPage();
    await page.goto(`${server.url}/?lang=en`);
    await page.getByRole('button', { name: 'Open chat' }).click();
    const adult = page.getByRole('button', { name: 'I am 20 or older' });
    await adult.scrollIntoViewIfNeeded();
    await expect(adult).toBeInViewport();
    await expect(page.getByRole('button', { name: 'Quick exit' })).toBeInViewport();
    await page.screenshot({ path: `${SHOTS}/widget-intro-zoom200.png` });
    await context.close();
  });

  test('on a hostile host page of another, allowed origin, the widget looks and works the same', async ({
    browser,
    server,
  }) => {
    server.hostPages.set(
      '/hostile.html',
      `<!doctype html><html lang="en"><head>
        <script type="module" src="${server.url}/widget/jour-chat.js"></script>
        <style>
          html { font-size: 6px; }
          * { color: #ff00ff !important; letter-spacing: 6px !important;
              text-transform: uppercase !important; font-family: serif !important; }
          body * { display: none; }
          button { background: lime !important; border-radius: 0 !important; }
          h2, p, div, ol, li { position: absolute !important; font-size: 3px !important; }
          #own { display: block; }
          /* The theming the city is offered: */
          jour-chat { --jour-chat-accent: rgb(120, 0, 60); }
          jour-chat::part(header) { border-block-end: 5px solid rgb(0, 128, 0); }
        </style></head>
        <body><button id="own">Host button</button><jour-chat></jour-chat></body></html>`,
    );
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.hostUrl}/hostile.html`);
    const launcher = page.getByRole('button', { name: 'Open chat' });
    await expect(launcher).toBeVisible();
    const looks = await launcher.evaluate((el) => {
      const style = getComputedStyle(el);
      return { fontSize: style.fontSize, letterSpacing: style.letterSpacing };
    });
    expect(looks).toEqual({ fontSize: '16px', letterSpacing: 'normal' });

    await launcher.click();
    const heading = page.getByRole('heading', { name: CATALOGUES.en.title });
    await expect(heading).toBeVisible();
    expect(await heading.evaluate((el) => getComputedStyle(el).fontSize)).toBe('16px');
    const header = await heading.evaluate((el) => {
      const style = getComputedStyle(el.parentElement!);
      return { background: style.backgroundColor, border: style.borderBottom };
    });
    expect(header).toEqual({
      background: 'rgb(120, 0, 60)',
      border: '5px solid rgb(0, 128, 0)',
    });
    expect((await page.locator('jour-chat-panel').boundingBox())!.width).toBeGreaterThan(300);
    await page.getByRole('button', { name: 'I am 20 or older' }).click();
    await expect(page.getByText(/You are number \d+ in the queue\./)).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/widget-hostile-host.png` });

    // And the widget's own button styles did not leak onto the host's buttons.
    const own = await page.locator('#own').evaluate((el) => {
      const style = getComputedStyle(el);
      return { minHeight: style.minHeight, cursor: style.cursor };
    });
    expect(own).toEqual({ minHeight: '0px', cursor: 'default' });
    await page.getByRole('button', { name: 'Leave queue' }).click();
    await context.close();
  });

  test('a site that is not in ALLOWED_ORIGINS gets no socket', async ({ browser, server }) => {
    server.hostPages.set(
      '/elsewhere.html',
      `<!doctype html><html lang="en"><head>
        <script type="module" src="${server.url}/widget/jour-chat.js"></script>
        </head><body><jour-chat></jour-chat></body></html>`,
    );
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.hostUrl.replace('127.0.0.1', 'localhost')}/elsewhere.html`);
    await page.getByRole('button', { name: 'Open chat' }).click();
    await page.getByRole('button', { name: 'I am 20 or older' }).click();
    await expect(page.getByRole('alert')).toHaveText(CATALOGUES.en.error('network'));
    await context.close();
  });

  test('the script that loads before the chat is opened stays under 15 kB gzip', async ({
    server,
  }) => {
    const seen = new Set<string>();
    let total = 0;
    const load = async (url: string): Promise<void> => {
      if (seen.has(url)) return;
      seen.add(url);
      const body = await (await fetch(url)).text();
      total += gzipSync(body).length;
      // Static imports only: the panel, the crypto and the socket client are dynamic.
      for (const match of body.matchAll(
        /(?:^|[;}\n])\s*import\s*(?:[^'"();]*?from\s*)?["']([^"']+)["']/g,
      )) {
        await load(new URL(match[1]!, url).href);
      }
    };
    await load(`${server.url}/widget/jour-chat.js`);
    expect(seen.size).toBeGreaterThan(1);
    expect(total).toBeLessThan(15 * 1024);
    console.log(`widget before opening: ${seen.size} files, ${(total / 1024).toFixed(1)} kB gzip`);
  });
});

test.describe('the counsellor side comes back', () => {
  test('a console reloaded mid-chat gets the chat and the conversation back', async ({
    browser,
    server,
  }) => {
    const counsellor = await availableCounsellor(browser, server, 'frida');
    const { context, page } = await visitorPage(browser, `${server.url}/?lang=en`);
    await page.getByRole('button', { name: 'Open chat' }).click();
    await page.getByRole('button', { name: 'I am 20 or older' }).click();
    await expect(page.getByText(/You are number \d+ in the queue\./)).toBeVisible();
    await counsellor.getByRole('button', { name: 'Accept next chat' }).click();
    await page.getByRole('textbox', { name: 'Message' }).fill('Something happened on the bus');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(counsellor.getByRole('log')).toContainText('Something happened on the bus');
    await counsellor.getByRole('textbox', { name: 'Message' }).fill('Tell me more.');
    await counsellor.getByRole('button', { name: 'Send' }).click();
    await expect(page.getByRole('log')).toContainText('Tell me more.');

    await counsellor.reload();
    const log = counsellor.getByRole('log');
    await expect(log).toContainText('Something happened on the bus');
    await expect(log).toContainText('Tell me more.');
    await expect(page.getByText('The volunteer is back.')).toBeVisible();
    await expect(counsellor.getByText(/This console was reloaded/)).toBeVisible();
    expect(await safetyWords(page)).toBe(await safetyWords(counsellor));

    await counsellor.getByRole('textbox', { name: 'Message' }).fill('I am back, sorry.');
    await counsellor.getByRole('button', { name: 'Send' }).click();
    await expect(page.getByRole('log')).toContainText('I am back, sorry.');
    await page.getByRole('textbox', { name: 'Message' }).fill('No problem.');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(log).toContainText('No problem.');
    await counsellor.screenshot({ path: `${SHOTS}/console-after-reload.png` });
    await page.getByRole('button', { name: 'End chat' }).click();
    await context.close();
    await counsellor.context().close();
  });
});

test.describe('embedding under a strict Content-Security-Policy', () => {
  test('works on a page whose CSP allows only our script and socket origin', async ({
    browser,
    server,
  }) => {
    const ws = server.url.replace(/^http/, 'ws');
    server.hostPages.set(
      '/strict.html',
      `<!doctype html><html lang="en"><head>
        <meta http-equiv="Content-Security-Policy"
          content="default-src 'none'; script-src ${server.url}; connect-src ${server.url} ${ws}">
        <script type="module" src="${server.url}/widget/jour-chat.js"></script>
        </head><body><jour-chat></jour-chat></body></html>`,
    );
    const counsellor = await availableCounsellor(browser, server, 'gun');
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused/i.test(message.text())) violations.push(message.text());
    });
    const loaded: string[] = [];
    page.on('request', (request) => loaded.push(request.url()));
    await page.goto(`${server.hostUrl}/strict.html`);
    await page.getByRole('button', { name: 'Open chat' }).click();
    await page.getByRole('button', { name: 'I am 20 or older' }).click();
    await expect(page.getByText(/You are number \d+ in the queue\./)).toBeVisible();
    await counsellor.getByRole('button', { name: 'Accept next chat' }).click();
    await page.getByRole('textbox', { name: 'Message' }).fill('Under a strict policy');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(counsellor.getByRole('log')).toContainText('Under a strict policy');
    await page.getByRole('button', { name: 'End chat' }).click();
    expect(violations).toEqual([]);
    // WebAssembly was refused, so libsodium's pure-JavaScript build came too.
    expect(loaded.filter((url) => url.includes('/assets/libsodium-wrappers-'))).toHaveLength(2);
    await context.close();
    await counsellor.context().close();
  });
});

test.describe('a dropped connection', () => {
  test('the visitor goes offline mid-chat; nothing sent either way is lost', async ({
    browser,
    server,
  }) => {
    const counsellor = await availableCounsellor(browser, server, 'ida');
    const { context, page } = await visitorPage(browser, `${server.url}/?lang=en`);
    await page.getByRole('button', { name: 'Open chat' }).click();
    await page.getByRole('button', { name: 'I am 20 or older' }).click();
    await expect(page.getByText(/You are number \d+ in the queue\./)).toBeVisible();
    await counsellor.getByRole('button', { name: 'Accept next chat' }).click();
    await expect(page.getByRole('textbox', { name: 'Message' })).toBeVisible();

    await context.setOffline(true);
    await expect(page.getByText('Reconnecting…').first()).toBeVisible();
    await expect(counsellor.getByText(/connection dropped/)).toBeVisible();
    await counsellor.getByRole('textbox', { name: 'Message' }).fill('Sent while you were away');
    await counsellor.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('textbox', { name: 'Message' }).fill('Typed in the tunnel');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(page.getByText('Sending…')).toBeVisible();

    await context.setOffline(false);
    await expect(page.getByRole('log')).toContainText('Sent while you were away', {
      timeout: 15_000,
    });
    await expect(counsellor.getByRole('log')).toContainText('Typed in the tunnel');
    await expect(page.getByText('Delivered')).toHaveCount(1);
    await expect(counsellor.getByText('Delivered')).toHaveCount(1);
    await context.close();
    await counsellor.context().close();
  });
});

test.describe('a restart of the server process', () => {
  test('mid-chat: both sides reconnect and go on within 10 seconds, nothing lost', async ({
    browser,
    server,
  }) => {
    const counsellor = await availableCounsellor(browser, server, 'hans');
    const { context, page } = await visitorPage(browser, `${server.url}/?lang=en`);
    await page.getByRole('button', { name: 'Open chat' }).click();
    await page.getByRole('button', { name: 'I am 20 or older' }).click();
    await expect(page.getByText(/You are number \d+ in the queue\./)).toBeVisible();
    await counsellor.getByRole('button', { name: 'Accept next chat' }).click();
    await page.getByRole('textbox', { name: 'Message' }).fill('Before the restart');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(counsellor.getByRole('log')).toContainText('Before the restart');
    const wordsBefore = await safetyWords(page);

    await server.restart();
    const restartedAt = Date.now();
    // Typed while the server was away: sent once the chat is whole again.
    await page.getByRole('textbox', { name: 'Message' }).fill('During the restart');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(counsellor.getByRole('log')).toContainText('During the restart', {
      timeout: 10_000,
    });
    expect(Date.now() - restartedAt).toBeLessThan(10_000);
    await counsellor.getByRole('textbox', { name: 'Message' }).fill('After the restart');
    await counsellor.getByRole('button', { name: 'Send' }).click();
    await expect(page.getByRole('log')).toContainText('After the restart');
    // The same keys on both sides: no new handshake was needed.
    expect(await safetyWords(counsellor)).toBe(wordsBefore);
    await expect(page.getByText('Delivered')).toHaveCount(2);
    await page.getByRole('button', { name: 'End chat' }).click();
    await context.close();
    await counsellor.context().close();
  });
});
