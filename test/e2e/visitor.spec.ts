import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { localClock } from '../../server/clock.js';
import { CATALOGUES, WIDGET_LANGUAGES } from '../../client/widget/i18n/index.js';
import { LAUNCHER } from '../../client/widget/i18n/launcher.js';
import { DEFAULT_SETTINGS } from '../../shared/protocol/settings.js';
import {
  FRAME,
  availableCounsellor,
  chatFrame,
  chooseFirstColleague,
  cityPage,
  closedUntil,
  endChatAsVisitor,
  expect,
  expectAccessible,
  frameStorage,
  hostStorage,
  safetyWords,
  test,
  useOwnServer,
} from './fixtures.js';

const SHOTS = 'test-results/screenshots';
const RESUME_KEY = 'jour-chat:resume';
/** All the city's page keeps while a chat goes on: "reopen the frame after a reload". */
const ACTIVE_KEY = 'jour-chat:active';
const PHONE = { width: 320, height: 640 };
const NOTHING_STORED = { session: {}, local: {} };

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

/**
 * Back on the city's page in the same tab after quick exit: no chat, no token, nothing
 * stored on either origin, just the launcher; opened again, the chat starts afresh.
 */
async function expectNothingLeft(page: Page, url: string): Promise<void> {
  await page.goto(url);
  expect(await hostStorage(page)).toEqual(NOTHING_STORED);
  await expect(page.getByRole('button', { name: 'Open chat' })).toBeVisible();
  await expect(page.locator(FRAME)).toHaveCount(0);
  await page.getByRole('button', { name: 'Open chat' }).click();
  const chat = chatFrame(page);
  await expect(chat.getByRole('button', { name: 'I am 20 or older' })).toBeVisible();
  await expect(chat.getByRole('log')).toHaveCount(0);
  expect(await frameStorage(page)).toEqual(NOTHING_STORED);
}

test.describe('the visitor', () => {
  test('a reload mid-chat takes the same chat back, keeps the conversation, loses nothing', async ({
    browser,
    server,
  }) => {
    const counsellor = await availableCounsellor(browser, server, 'cilla');
    const { context, page, requests } = await visitorPage(
      browser,
      cityPage(server, '/reload.html'),
    );
    const chat = chatFrame(page);
    await page.getByRole('button', { name: 'Open chat' }).click();
    await chat.getByRole('button', { name: 'I am 20 or older' }).click();
    await expect(chat.getByText(/You are number \d+ in the queue\./)).toBeVisible();
    await counsellor.getByRole('button', { name: 'Accept next chat' }).click();
    await chat.getByRole('textbox', { name: 'Message' }).fill('CANARY before the reload');
    await chat.getByRole('button', { name: 'Send' }).click();
    await expect(counsellor.getByRole('log')).toContainText('CANARY before the reload');
    await counsellor.getByRole('textbox', { name: 'Message' }).fill('I am here.');
    await counsellor.getByRole('button', { name: 'Send' }).click();
    await expect(chat.getByRole('log')).toContainText('I am here.');
    // The resume record lives in the chat server's origin, inside the frame; the city's
    // page holds only "a chat is open in this tab".
    expect((await frameStorage(page)).session[RESUME_KEY]).toMatch(/chatId/);
    expect(await hostStorage(page)).toEqual({ session: { [ACTIVE_KEY]: '1' }, local: {} });

    await page.reload();
    await expect(chat.getByText('You are back in your chat.')).toBeVisible();
    const log = chat.getByRole('log');
    await expect(log).toContainText('CANARY before the reload');
    await expect(log).toContainText('I am here.');
    await expect(counsellor.getByText(/reloaded the page/)).toBeVisible();
    expect(await safetyWords(chat)).toBe(await safetyWords(counsellor));

    await counsellor.getByRole('textbox', { name: 'Message' }).fill('Welcome back.');
    await counsellor.getByRole('button', { name: 'Send' }).click();
    await expect(log).toContainText('Welcome back.');
    await chat.getByRole('textbox', { name: 'Message' }).fill('Thank you.');
    await chat.getByRole('button', { name: 'Send' }).click();
    await expect(counsellor.getByRole('log')).toContainText('Thank you.');
    await page.screenshot({ path: `${SHOTS}/widget-resumed-desktop.png` });

    // Nothing on the device but the resume token (in the frame's origin), and only
    // while the chat lasts.
    expect(await context.cookies()).toEqual([]);
    const during = await frameStorage(page);
    expect(Object.keys(during.session)).toEqual([RESUME_KEY]);
    expect(during.local).toEqual({});
    expect(await hostStorage(page)).toEqual({ session: { [ACTIVE_KEY]: '1' }, local: {} });
    await endChatAsVisitor(chat);
    await expect(chat.getByText('You ended the chat.')).toBeVisible();
    await expect.poll(() => frameStorage(page)).toEqual(NOTHING_STORED);
    await expect.poll(() => hostStorage(page)).toEqual(NOTHING_STORED);
    // No request ever left the city's page and the chat server (no CDN, no analytics,
    // no fonts).
    const foreign = requests.filter(
      (url) => !url.startsWith(server.url) && !url.startsWith(server.hostUrl),
    );
    expect(foreign).toEqual([]);
    // Only libsodium's WebAssembly build is loaded (the frame's own CSP allows it).
    const sodiumBuilds = new Set(requests.filter((url) => url.includes('/libsodium-wrappers-')));
    expect(sodiumBuilds.size).toBe(1);

    await chat.getByRole('button', { name: 'Yes' }).click();
    await expect(chat.getByText('Thank you for your answer.')).toBeVisible();
    await context.close();
    await counsellor.context().close();
  });

  test('quick exit by Escape twice inside the chat leaves no page, storage or chat behind', async ({
    browser,
    server,
  }) => {
    const counsellor = await availableCounsellor(browser, server, 'dan');
    const url = cityPage(server, '/escape.html');
    const { context, page } = await visitorPage(browser, 'about:blank');
    await page.goto(url);
    const chat = chatFrame(page);
    await page.getByRole('button', { name: 'Open chat' }).click();
    await expect(chat.getByText('Press Esc twice to leave this page quickly.')).toBeVisible();
    await chat.getByRole('button', { name: 'I am 20 or older' }).click();
    await expect(chat.getByText(/You are number \d+ in the queue\./)).toBeVisible();
    await counsellor.getByRole('button', { name: 'Accept next chat' }).click();
    await chat.getByRole('textbox', { name: 'Message' }).fill('someone is coming');
    await chat.getByRole('button', { name: 'Send' }).click();
    await expect(counsellor.getByRole('log')).toContainText('someone is coming');
    expect(Object.keys((await frameStorage(page)).session)).toEqual([RESUME_KEY]);

    // The keys go to the chat frame, not to the city's page.
    await chat.getByRole('textbox', { name: 'Message' }).focus();
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.waitForURL(/google\.com/);
    // The counsellor learns at once that the visitor has gone.
    await expect(
      counsellor.getByText('The visitor ended the chat.', { exact: true }),
    ).toBeVisible();
    await page.goBack();
    expect(page.url()).not.toContain(server.hostUrl);

    await expectNothingLeft(page, url);
    await context.close();
    await counsellor.context().close();
  });

  test('quick exit by Shift three times on the page covers it at once and leaves nothing behind', async ({
    browser,
    server,
  }) => {
    const counsellor = await availableCounsellor(browser, server, 'stina');
    const url = cityPage(server, '/shift.html');
    const { context, page } = await visitorPage(browser, 'about:blank');
    await page.goto(url);
    const chat = chatFrame(page);
    await page.getByRole('button', { name: 'Open chat' }).click();
    await chat.getByRole('button', { name: 'I am 20 or older' }).click();
    await expect(chat.getByText(/You are number \d+ in the queue\./)).toBeVisible();
    await counsellor.getByRole('button', { name: 'Accept next chat' }).click();
    await chat.getByRole('textbox', { name: 'Message' }).fill('he is at the door');
    await chat.getByRole('button', { name: 'Send' }).click();
    await expect(counsellor.getByRole('log')).toContainText('he is at the door');

    // What covers the page, and when, told from the page as it happens: it is gone by
    // the time the test could look.
    const covers: string[] = [];
    await page.exposeFunction('reportCover', (cover: string) => covers.push(cover));
    await page.evaluate(() => {
      const report = (window as unknown as { reportCover: (cover: string) => void }).reportCover;
      const root = document.querySelector('jour-chat')!.shadowRoot!;
      const observer = new MutationObserver(() => {
        const cover = root.querySelector('.cover');
        if (!cover) return;
        observer.disconnect();
        const box = cover.getBoundingClientRect();
        const style = getComputedStyle(cover);
        report(
          `${style.backgroundColor} ${box.x},${box.y} ${box.width}x${box.height} z${style.zIndex}`,
        );
      });
      observer.observe(root, { childList: true, subtree: true });
    });

    // Focus on the city's page itself, outside the frame.
    await page.getByRole('heading', { name: 'Crime prevention' }).click();
    await expect(page.locator(FRAME)).not.toBeFocused();
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift');
    await page.waitForURL(/google\.com/);
    await expect(
      counsellor.getByText('The visitor ended the chat.', { exact: true }),
    ).toBeVisible();
    await page.goBack();
    expect(page.url()).not.toContain(server.hostUrl);

    // A plain white cover over the whole page, on top of everything, while it was left.
    expect(covers).toEqual(['rgb(255, 255, 255) 0,0 1280x800 z2147483647']);

    await expectNothingLeft(page, url);
    await context.close();
    await counsellor.context().close();
  });

  test('hidden, the chat goes on: the launcher counts the volunteer’s new messages', async ({
    browser,
    server,
  }) => {
    const counsellor = await availableCounsellor(browser, server, 'ulla');
    const { context, page } = await visitorPage(browser, `${server.url}/?lang=en`);
    const chat = chatFrame(page);
    await page.getByRole('button', { name: 'Open chat' }).click();
    await chat.getByRole('button', { name: 'I am 20 or older' }).click();
    await expect(chat.getByText(/You are number \d+ in the queue\./)).toBeVisible();
    await counsellor.getByRole('button', { name: 'Accept next chat' }).click();
    await expect(chat.getByRole('textbox', { name: 'Message' })).toBeVisible();

    await chat.getByRole('button', { name: 'Hide chat' }).click();
    const launcher = page.getByRole('button', { name: /^Open chat/ });
    await expect(launcher).toHaveAccessibleName('Open chat');
    await expect(page.locator(FRAME)).toBeHidden();

    await counsellor.getByRole('textbox', { name: 'Message' }).fill('Are you still there?');
    await counsellor.getByRole('button', { name: 'Send' }).click();
    await expect(launcher).toHaveAccessibleName(/^Open chat, 1 new message$/);
    await expect(launcher).toContainText('1');
    await page.screenshot({ path: `${SHOTS}/widget-unread-desktop.png` });
    await counsellor.getByRole('textbox', { name: 'Message' }).fill('Take your time.');
    await counsellor.getByRole('button', { name: 'Send' }).click();
    await expect(launcher).toHaveAccessibleName(/^Open chat, 2 new messages$/);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${SHOTS}/widget-unread-phone.png` });
    await page.setViewportSize({ width: 1280, height: 800 });

    await launcher.click();
    await expect(chat.getByRole('log')).toContainText('Are you still there?');
    await expect(chat.getByRole('log')).toContainText('Take your time.');
    await chat.getByRole('button', { name: 'Hide chat' }).click();
    await expect(launcher).toHaveAccessibleName('Open chat');
    await launcher.click();
    await endChatAsVisitor(chat);
    await expect(
      counsellor.getByText('The visitor ended the chat.', { exact: true }),
    ).toBeVisible();
    await context.close();
    await counsellor.context().close();
  });

  for (const [device, viewport] of [
    ['desktop', { width: 1280, height: 800 }],
    ['phone', { width: 390, height: 844 }],
  ] as const) {
    test(`on a ${device}, focus goes into the chat frame when opened and back to the launcher when hidden`, async ({
      browser,
      server,
    }) => {
      const { context, page } = await visitorPage(
        browser,
        cityPage(server, '/focus.html'),
        viewport,
      );
      const chat = chatFrame(page);
      const launcher = page.getByRole('button', { name: 'Open chat' });
      await launcher.focus();
      await page.keyboard.press('Enter');
      await expect(chat.getByRole('heading', { name: CATALOGUES.en.title })).toBeFocused();
      // On the city's page, the frame is what has focus (its document.activeElement).
      await expect(page.locator(FRAME)).toBeFocused();
      await expect(page.locator(FRAME)).toHaveAttribute('title', LAUNCHER.en.chatFrame);
      await page.screenshot({ path: `${SHOTS}/widget-open-${device}.png` });

      await chat.getByRole('button', { name: 'Hide chat' }).click();
      await expect(launcher).toBeFocused();
      await expect(page.locator(FRAME)).toBeHidden();
      await page.keyboard.press('Enter');
      await expect(page.locator(FRAME)).toBeFocused();
      await expect(chat.getByRole('heading', { name: CATALOGUES.en.title })).toBeFocused();
      await context.close();
    });
  }

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
      const chat = chatFrame(page);
      await page.getByRole('button', { name: 'Open chat' }).click();
      const day = CATALOGUES.en.weekdays[opensOn]!;
      await expect(
        chat.getByText(`The chat is closed now. It opens on ${day} at 09:00.`),
      ).toBeVisible();
      // Calling is the only way to the closed route: no "also".
      await expect(chat.getByText('Call 010-567 63 25.')).toBeVisible();
      await expect(chat.getByText('You can also call 010-567 63 25.')).toHaveCount(0);
      // One route to take: nothing to choose between.
      await expect(chat.getByText('Choose what fits you:')).toHaveCount(0);
      // A phone can call the number with a tap, and it stays on one line.
      const call = chat.getByRole('link', { name: '010-567 63 25' }).first();
      await expect(call).toHaveAttribute('href', 'tel:0105676325');
      expect(await call.evaluate((el) => getComputedStyle(el).whiteSpace)).toBe('nowrap');
      // The coordinator's notice, in the visitor's language only.
      await expect(chat.getByTestId('service-notice')).toHaveText(
        'The youth chat is closed over Christmas.',
      );
      await expect(chat.getByRole('button', { name: 'I am under 20' })).toHaveCount(0);
      await expect(chat.getByRole('button', { name: 'I am 20 or older' })).toBeVisible();
      // Open, but nobody signed in: say so, once, and still let them wait.
      await expect(chat.getByText(/No volunteer is free right now/)).toHaveCount(1);
      await expect(chat.getByText(/No volunteer is free right now/)).toBeVisible();
      // The under 20s' lines open around the clock, each once, a tap away.
      const lines = chat.getByRole('list', { name: 'Open around the clock:' });
      await expect(lines.getByRole('listitem')).toHaveText([
        'BRIS 116 111',
        'Kvinnofridslinjen 020-50 50 50',
      ]);
      await expect(lines.getByRole('link', { name: '116 111' })).toHaveAttribute(
        'href',
        'tel:116111',
      );
      await expectAccessible(page, 'closed', 'jour-chat', 'every');
      await page.screenshot({ path: `${SHOTS}/widget-closed-phone.png` });
      await context.close();
    } finally {
      server.setSettings('reset');
    }
  });

  test('with every route closed it says so once, whom to call and when, and who answers around the clock', async ({
    browser,
    server,
  }) => {
    server.setSettings(closedUntil(2));
    const later = (localClock(Date.now(), DEFAULT_SETTINGS.timeZone).weekday + 2) % 7;
    try {
      const { context, page } = await visitorPage(browser, `${server.url}/?lang=en`, PHONE);
      const chat = chatFrame(page);
      await page.getByRole('button', { name: 'Open chat' }).click();
      const day = CATALOGUES.en.weekdays[later]!;
      await expect(chat.getByText('The chat is closed now.', { exact: true })).toBeVisible();
      await expect(chat.getByText(`It opens on ${day} at 09:00.`)).toHaveCount(2);
      // No chat to start, so nothing to choose, no "also", no word on who is free.
      await expect(chat.getByRole('button', { name: /^I am/ })).toHaveCount(0);
      await expect(
        chat.getByText(/Choose what fits you|also call|No volunteer is free|You will chat/),
      ).toHaveCount(0);
      // The adults' phone line has hours in the settings: closed too, it says when it answers.
      await expect(
        chat.getByText(`The phone line, 021-41 32 60, opens on ${day} at 09:00.`),
      ).toBeVisible();
      // The youth line's are not set: just the number.
      await expect(chat.getByText('Call 010-567 63 25.')).toBeVisible();
      // The settings' lines open around the clock, each once; BRIS says whom it is for.
      const lines = chat.getByRole('list', { name: 'Open around the clock:' });
      await expect(lines.getByRole('listitem')).toHaveText([
        'Kvinnofridslinjen 020-50 50 50',
        'BRIS (Under 20) 116 111',
      ]);
      await expect(lines.getByRole('link', { name: '020-50 50 50' })).toHaveAttribute(
        'href',
        'tel:020505050',
      );
      await expect(lines.getByRole('link', { name: '116 111' })).toHaveAttribute(
        'href',
        'tel:116111',
      );
      await expectAccessible(page, 'all closed', 'jour-chat', 'every');
      await page.screenshot({ path: `${SHOTS}/widget-all-closed-phone.png` });
      await context.close();
    } finally {
      server.setSettings('reset');
    }
  });

  test('ending asks first: “Keep chatting” and one Escape keep the chat, “End chat” in the question ends it', async ({
    browser,
    server,
  }) => {
    const counsellor = await availableCounsellor(browser, server, 'vera2');
    const { context, page } = await visitorPage(browser, `${server.url}/?lang=en`);
    const chat = chatFrame(page);
    await page.getByRole('button', { name: 'Open chat' }).click();
    await chat.getByRole('button', { name: 'I am 20 or older' }).click();
    await expect(chat.getByText(/You are number \d+ in the queue\./)).toBeVisible();
    await counsellor.getByRole('button', { name: 'Accept next chat' }).click();
    const message = chat.getByRole('textbox', { name: 'Message' });
    await expect(message).toBeVisible();
    const endChat = chat.getByRole('button', { name: 'End chat', exact: true });
    const question = chat.getByRole('dialog', { name: 'End the chat?' });
    const keep = question.getByRole('button', { name: 'Keep chatting' });

    await endChat.click();
    await expect(question).toBeVisible();
    await expect(question).toHaveAccessibleDescription(/will not be able to write/);
    // Focus goes into the question, on the answer that loses nothing.
    await expect(keep).toBeFocused();
    await expectAccessible(page, 'confirm end', 'jour-chat', 'every');
    await keep.click();
    await expect(question).toHaveCount(0);
    await expect(endChat).toBeFocused();
    await message.fill('Still here');
    await chat.getByRole('button', { name: 'Send' }).click();
    await expect(counsellor.getByRole('log')).toContainText('Still here');

    // One Escape is "keep chatting" too, not half of a quick exit that leaves.
    await endChat.click();
    await expect(keep).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(question).toHaveCount(0);
    await expect(endChat).toBeFocused();
    await message.fill('After one Escape');
    await chat.getByRole('button', { name: 'Send' }).click();
    await expect(counsellor.getByRole('log')).toContainText('After one Escape');
    expect(page.url()).toContain(server.url);
    await expect(counsellor.getByText('The visitor ended the chat.', { exact: true })).toHaveCount(
      0,
    );

    // Confirmed, the chat ends for both.
    await endChat.click();
    await question.getByRole('button', { name: 'End chat', exact: true }).click();
    await expect(chat.getByText(/You ended the chat\./)).toBeFocused();
    await expect(
      counsellor.getByText('The visitor ended the chat.', { exact: true }),
    ).toBeVisible();
    await context.close();
    await counsellor.context().close();
  });

  for (const [what, viewport] of [
    ['a phone with its keyboard open', { width: 390, height: 460 }],
    ['a phone on its side', { width: 844, height: 390 }],
  ] as const) {
    test(`on ${what} (${viewport.width}×${viewport.height}) the message box and Send stay in view and work`, async ({
      browser,
      server,
    }) => {
      const counsellor = await availableCounsellor(browser, server, `kim${viewport.width}`);
      const context = await browser.newContext({ viewport, isMobile: true, hasTouch: true });
      const page = await context.newPage();
      await page.goto(`${server.url}/?lang=en`);
      const chat = chatFrame(page);
      await page.getByRole('button', { name: 'Open chat' }).click();
      await chat.getByRole('button', { name: 'I am 20 or older' }).click();
      await expect(chat.getByText(/You are number \d+ in the queue\./)).toBeVisible();
      await counsellor.getByRole('button', { name: 'Accept next chat' }).click();
      const message = chat.getByRole('textbox', { name: 'Message' });
      const send = chat.getByRole('button', { name: 'Send' });
      await expect(message).toBeVisible();
      // A conversation longer than the screen: it scrolls, the message box stays.
      for (let i = 1; i <= 8; i++) {
        await counsellor
          .getByRole('textbox', { name: 'Message' })
          .fill(`Line ${i} of a long answer`);
        await counsellor.getByRole('button', { name: 'Send' }).click();
      }
      await expect(chat.getByRole('log')).toContainText('Line 8 of a long answer');
      for (const [name, control] of [
        ['message box', message],
        ['Send', send],
        ['quick exit', chat.getByRole('button', { name: 'Quick exit' })],
      ] as const) {
        const box = await control.boundingBox();
        expect(box, name).not.toBeNull();
        expect(box!.x, name).toBeGreaterThanOrEqual(0);
        expect(box!.y, name).toBeGreaterThanOrEqual(0);
        expect(box!.x + box!.width, name).toBeLessThanOrEqual(viewport.width);
        expect(box!.y + box!.height, name).toBeLessThanOrEqual(viewport.height);
      }
      // The conversation has the room, not the header and bars around it.
      const log = (await chat.getByRole('log').boundingBox())!;
      expect(log.height).toBeGreaterThan(viewport.height * 0.35);
      // A touch screen has no Escape key: no hint about one, the button is enough.
      await expect(chat.getByText(CATALOGUES.en.quickExitHint)).toBeHidden();

      await message.tap();
      await message.fill('Typed with the keyboard open');
      await send.tap();
      await expect(counsellor.getByRole('log')).toContainText('Typed with the keyboard open');
      await page.screenshot({
        path: `${SHOTS}/widget-chat-${viewport.width}x${viewport.height}.png`,
      });
      await endChatAsVisitor(chat);
      await context.close();
      await counsellor.context().close();
    });
  }

  // The waiting places this reads are absolute: visitors that earlier tests left
  // waiting (their place kept for the two minutes' grace) would move them.
  test.describe('with a queue of its own', () => {
    const own = useOwnServer();

    test('new messages, a new place in the queue, the start, a hand-over and the end are each said once, in the widget’s language', async ({
      browser,
    }) => {
      const { server } = own;
      const sv = CATALOGUES.sv;
      // Two wait with nobody on duty; the first leaves and the second hears its new place.
      const first = await visitorPage(browser, `${server.url}/?lang=en`);
      await first.page.getByRole('button', { name: 'Open chat' }).click();
      await chatFrame(first.page).getByRole('button', { name: 'I am 20 or older' }).click();
      await expect(chatFrame(first.page).getByText('You are number 1 in the queue.')).toBeVisible();
      const { context, page } = await visitorPage(browser, `${server.url}/?lang=sv`);
      const chat = chatFrame(page);
      await page.getByRole('button', { name: sv.openChat }).click();
      await chat.getByRole('button', { name: sv.routeAdult }).click();
      const place = chat.getByText(sv.queuePosition(2));
      await expect(place).toBeFocused();
      // Nobody is on duty: the waiting screen says so, and that the place is kept.
      await expect(chat.getByText(sv.nobodyOnDuty)).toBeVisible();
      // The place is live where it is shown: the new one is read when it changes.
      await expect(place).toHaveAttribute('aria-live', 'polite');
      await expect(chat.getByText(sv.nobodyOnDuty)).toHaveAttribute('aria-live', 'polite');
      await chatFrame(first.page).getByRole('button', { name: 'Leave queue', exact: true }).click();
      await expect(chat.locator('[data-focus]')).toHaveText(sv.queuePosition(1));
      await first.context.close();

      const maja = await availableCounsellor(browser, server, 'maja3');
      await maja.getByRole('button', { name: 'Accept next chat' }).click();
      // Focus goes to the message box, which says whom the visitor talks with.
      const message = chat.getByRole('textbox', { name: sv.message });
      await expect(message).toBeFocused();
      await expect(message).toHaveAccessibleDescription(sv.talkingWith('maja3'));
      // The log is not read again as a whole: the volunteer's messages have a live
      // region of their own, each said there once; the visitor's own are not read back.
      await expect(chat.getByRole('log')).toHaveAttribute('aria-live', 'off');
      const announcer = chat.getByTestId('announcer');
      await expect(announcer).toHaveAttribute('aria-live', 'polite');
      for (const text of ['Hur mår du?', 'Jag finns här.']) {
        await maja.getByRole('textbox', { name: 'Message' }).fill(text);
        await maja.getByRole('button', { name: 'Send' }).click();
        await expect(chat.getByRole('log')).toContainText(text);
      }
      await message.fill('Inte så bra.');
      await chat.getByRole('button', { name: sv.send }).click();
      await expect(maja.getByRole('log')).toContainText('Inte så bra.');
      await expect(announcer.locator('p')).toHaveText([
        sv.announceMessage('maja3', 'Hur mår du?'),
        sv.announceMessage('maja3', 'Jag finns här.'),
      ]);

      // A hand-over and its question come in the notices, live where they are shown.
      const sam = await availableCounsellor(browser, server, 'sam3');
      await chooseFirstColleague(maja);
      await maja.getByRole('button', { name: 'Confirm hand-over' }).click();
      const notices = chat.getByTestId('notices');
      await expect(notices).toHaveAttribute('aria-live', 'polite');
      await expect(notices).toContainText(sv.handedOver('sam3'));
      await notices.getByRole('button', { name: sv.shareNo }).click();
      await expect(notices).toContainText(sv.kept);
      await sam.getByRole('textbox', { name: 'Message' }).fill('Hej, jag heter Sam.');
      await sam.getByRole('button', { name: 'Send' }).click();
      await expect(announcer.locator('p')).toHaveText([
        sv.announceMessage('maja3', 'Hur mår du?'),
        sv.announceMessage('maja3', 'Jag finns här.'),
        sv.announceMessage('sam3', 'Hej, jag heter Sam.'),
      ]);
      // Each of these is on the screen once, so read once.
      for (const text of [sv.handedOver('sam3'), sv.kept, sv.talkingWith('sam3')]) {
        await expect(chat.getByText(text)).toHaveCount(1);
      }

      // The end is read where focus goes.
      await sam.getByRole('button', { name: 'End chat' }).click();
      await expect(chat.getByText(sv.endReason('ended_by_counsellor'))).toBeFocused();
      await context.close();
      await maja.context().close();
      await sam.context().close();
    });
  });

  test('every language translates the launcher; Arabic mirrors the whole widget', async ({
    browser,
    server,
  }) => {
    const { context, page } = await visitorPage(browser, 'about:blank');
    for (const lang of WIDGET_LANGUAGES) {
      await page.goto(`${server.url}/?lang=${lang}`);
      const launcher = page.getByRole('button', { name: CATALOGUES[lang].openChat });
      await expect(launcher).toBeVisible();
    }
    // Lättläst says "open the chat" in the Swedish words; every other language in its own.
    const own = WIDGET_LANGUAGES.filter((lang) => lang !== 'sv-x-easy');
    expect(new Set(own.map((lang) => CATALOGUES[lang].openChat)).size).toBe(own.length);

    // Without a lang attribute the widget follows the page (Swedish).
    await page.goto(server.url);
    await expect(page.getByRole('button', { name: CATALOGUES.sv.openChat })).toBeVisible();

    await page.goto(`${server.url}/?lang=ar`);
    await page.getByRole('button', { name: CATALOGUES.ar.openChat }).click();
    const chat = chatFrame(page);
    const panel = chat.locator('jour-chat-panel');
    await expect(panel).toHaveAttribute('dir', 'rtl');
    await expect(panel).toHaveAttribute('lang', 'ar');
    // The frame itself is named in the visitor's language on the city's page.
    await expect(page.locator(FRAME)).toHaveAttribute('title', LAUNCHER.ar.chatFrame);
    const title = await chat.getByRole('heading', { name: CATALOGUES.ar.title }).boundingBox();
    const exit = await chat.getByRole('button', { name: CATALOGUES.ar.quickExit }).boundingBox();
    expect(exit!.x, 'quick exit sits on the left in a right-to-left layout').toBeLessThan(title!.x);
    await expectAccessible(page, 'Arabic intro', 'jour-chat');
    await page.screenshot({ path: `${SHOTS}/widget-intro-arabic.png` });

    // The switch inside the widget changes the language at once.
    await chat.getByRole('combobox', { name: CATALOGUES.ar.languageLabel }).selectOption('so');
    await expect(panel).toHaveAttribute('dir', 'ltr');
    await expect(chat.getByRole('button', { name: CATALOGUES.so.routeAdult })).toBeVisible();
    await expect(page.locator(FRAME)).toHaveAttribute('title', LAUNCHER.so.chatFrame);
    await context.close();
  });

  test('has no axe violations on any screen, and works by keyboard alone', async ({
    browser,
    server,
  }) => {
    const counsellor = await availableCounsellor(browser, server, 'eva');
    const { context, page } = await visitorPage(browser, `${server.url}/?lang=en`, PHONE);
    const chat = chatFrame(page);
    await expectAccessible(page, 'launcher', 'jour-chat');

    // Keyboard only: Tab to the launcher, Enter, and focus moves into the panel.
    const launcher = page.getByRole('button', { name: 'Open chat' });
    for (let i = 0; i < 60 && !(await launcher.evaluate((el) => el.matches(':focus'))); i++) {
      await page.keyboard.press('Tab');
    }
    await expect(launcher).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(chat.getByRole('heading', { name: CATALOGUES.en.title })).toBeFocused();
    await expectAccessible(page, 'intro', 'jour-chat');
    await page.screenshot({ path: `${SHOTS}/widget-intro-320.png` });

    const adult = chat.getByRole('button', { name: 'I am 20 or older' });
    for (let i = 0; i < 10 && !(await adult.evaluate((el) => el.matches(':focus'))); i++) {
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('Enter');
    // Focus moves to the news: the place in the queue.
    await expect(chat.getByText(/You are number \d+ in the queue\./)).toBeFocused();
    await chat.getByRole('radio', { name: 'a witness' }).check();
    await expect(chat.getByText(/the volunteer will see this/)).toBeVisible();
    await expectAccessible(page, 'queue', 'jour-chat');
    // Not fullPage: the panel scrolls inside its frame, and the page behind is the city's.
    await page.screenshot({ path: `${SHOTS}/widget-waiting-320.png` });

    await counsellor.getByRole('button', { name: 'Accept next chat' }).click();
    // Exact: the waiting list may hold another test's witness (":01 · English · a witness").
    await expect(counsellor.getByText('a witness', { exact: true })).toBeVisible();
    const message = chat.getByRole('textbox', { name: 'Message' });
    await expect(message).toBeFocused();
    await page.keyboard.type('Typed with the keyboard only');
    await page.keyboard.press('Enter');
    await expect(counsellor.getByRole('log')).toContainText('Typed with the keyboard only');
    await counsellor.getByRole('textbox', { name: 'Message' }).fill('Received.');
    await counsellor.getByRole('button', { name: 'Send' }).click();
    await expect(chat.getByRole('log')).toContainText('Received.');
    await expectAccessible(page, 'chat', 'jour-chat');
    await page.screenshot({ path: `${SHOTS}/widget-chat-320.png` });

    // The chat fills a phone's screen: the frame, and the panel inside it.
    const screen = { x: 0, y: 0, width: PHONE.width, height: PHONE.height };
    expect(await page.locator(FRAME).boundingBox()).toMatchObject(screen);
    expect(await chat.locator('jour-chat-panel').boundingBox()).toMatchObject(screen);

    await counsellor.getByRole('button', { name: 'End chat' }).click();
    await expect(chat.getByText(/The chat has ended/)).toBeFocused();
    await expect(chat.getByText('Did the chat help you?')).toBeVisible();
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
    const chat = chatFrame(page);
    const adult = chat.getByRole('button', { name: 'I am 20 or older' });
    await adult.scrollIntoViewIfNeeded();
    await expect(adult).toBeInViewport();
    await expect(chat.getByRole('button', { name: 'Quick exit' })).toBeInViewport();
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
          iframe { display: none !important; width: 10px !important; }
          #own { display: block; }
          /* Parts inside the chat's frame are out of reach: */
          jour-chat::part(header) { border-block-end: 5px solid rgb(0, 128, 0); }
          /* The theming the city is offered: the launcher's colour here, the panel's
             colour and corners as attributes. */
          jour-chat { --jour-chat-accent: rgb(120, 0, 60); }
        </style></head>
        <body><button id="own">Host button</button>
        <jour-chat lang="en" accent="#00602A" radius="4"></jour-chat></body></html>`,
    );
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.hostUrl}/hostile.html`);
    const launcher = page.getByRole('button', { name: 'Open chat' });
    await expect(launcher).toBeVisible();
    const looks = await launcher.evaluate((el) => {
      const style = getComputedStyle(el);
      return {
        fontSize: style.fontSize,
        letterSpacing: style.letterSpacing,
        background: style.backgroundColor,
      };
    });
    expect(looks).toEqual({
      fontSize: '16px',
      letterSpacing: 'normal',
      background: 'rgb(120, 0, 60)',
    });

    await launcher.click();
    const chat = chatFrame(page);
    const heading = chat.getByRole('heading', { name: CATALOGUES.en.title });
    await expect(heading).toBeVisible();
    const text = await heading.evaluate((el) => {
      const style = getComputedStyle(el);
      return { fontSize: style.fontSize, letterSpacing: style.letterSpacing };
    });
    expect(text).toEqual({ fontSize: '16px', letterSpacing: 'normal' });
    const header = await heading.evaluate((el) => {
      const style = getComputedStyle(el.parentElement!);
      return { background: style.backgroundColor, border: style.borderBottom };
    });
    expect(header.background, 'the accent attribute').toBe('rgb(0, 96, 42)');
    expect(header.border, 'the host’s ::part(header)').not.toContain('rgb(0, 128, 0)');
    const frame = page.locator(FRAME);
    expect(await frame.evaluate((el) => getComputedStyle(el).borderRadius)).toBe('4px');
    expect((await frame.boundingBox())!.width).toBeGreaterThan(300);
    expect((await chat.locator('jour-chat-panel').boundingBox())!.width).toBeGreaterThan(300);
    await chat.getByRole('button', { name: 'I am 20 or older' }).click();
    await expect(chat.getByText(/You are number \d+ in the queue\./)).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/widget-hostile-host.png` });

    // And the widget's own button styles did not leak onto the host's buttons.
    const own = await page.locator('#own').evaluate((el) => {
      const style = getComputedStyle(el);
      return { minHeight: style.minHeight, cursor: style.cursor };
    });
    expect(own).toEqual({ minHeight: '0px', cursor: 'default' });
    await chat.getByRole('button', { name: 'Leave queue', exact: true }).click();
    await context.close();
  });

  test('a site that is not in ALLOWED_ORIGINS cannot show the chat: its frame is refused', async ({
    browser,
    server,
  }) => {
    const allowed = cityPage(server, '/elsewhere.html');
    const context = await browser.newContext();
    const requests: string[] = [];
    context.on('request', (request) => requests.push(request.url()));
    const page = await context.newPage();
    const sockets: string[] = [];
    page.on('websocket', (socket) => sockets.push(socket.url()));
    const refusals: string[] = [];
    page.on('console', (message) => {
      if (/frame-ancestors/.test(message.text())) refusals.push(message.text());
    });
    const chat = chatFrame(page);

    // The same page on the allowed origin shows the chat.
    await page.goto(allowed);
    await page.getByRole('button', { name: 'Open chat' }).click();
    await expect(chat.getByRole('button', { name: 'I am 20 or older' })).toBeVisible();
    expect(refusals).toEqual([]);
    await expect.poll(() => sockets.length).toBe(1);

    requests.length = 0;
    sockets.length = 0;
    await page.goto(allowed.replace('127.0.0.1', 'localhost'));
    await page.getByRole('button', { name: 'Open chat' }).click();
    await expect(page.locator(FRAME)).toBeAttached();
    // The browser refuses to put the chat server's page in this site's frame...
    await expect
      .poll(() => refusals)
      .toEqual([expect.stringContaining(`frame-ancestors 'self' ${server.hostUrl}"`)]);
    expect(page.frames().filter((frame) => /\/widget\/frame/.test(frame.url()))).toEqual([]);
    // ...so there is no chat in it to use, and no connection to the chat server.
    await expect(chat.locator('jour-chat-panel')).toHaveCount(0);
    await expect(chat.getByRole('button', { name: 'I am 20 or older' })).toHaveCount(0);
    expect(sockets).toEqual([]);
    expect(requests.filter((url) => url.includes('/socket.io'))).toEqual([]);
    expect(requests.filter((url) => url.includes('/assets/'))).toEqual([]);
    // The visitor can still leave at once.
    await expect(page.getByRole('button', { name: 'Quick exit' })).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/widget-refused-elsewhere.png` });
    await context.close();
  });

  test('the launcher loads as one file under 10 kB gzip, imports nothing, and opens no socket and no crypto until opened', async ({
    browser,
    server,
  }) => {
    const launcherUrl = `${server.url}/widget/jour-chat.js`;
    const body = await (await fetch(launcherUrl)).text();
    const size = gzipSync(body).length;
    expect(size).toBeLessThan(10 * 1024);
    // Neither static nor dynamic imports: nothing else of ours reaches the city's page.
    expect(body).not.toMatch(/(?:^|[;}\n])\s*import\s*(?:[^'"();]*?from\s*)?["']/);
    expect(body).not.toMatch(/\bimport\s*\(/);
    console.log(`launcher: ${(size / 1024).toFixed(1)} kB gzip`);

    const context = await browser.newContext();
    const requests: string[] = [];
    context.on('request', (request) => requests.push(request.url()));
    const page = await context.newPage();
    const sockets: string[] = [];
    page.on('websocket', (socket) => sockets.push(socket.url()));
    await page.goto(cityPage(server, '/budget.html'));
    await expect(page.getByRole('button', { name: 'Open chat' })).toBeVisible();
    await page.waitForLoadState('networkidle');
    expect(requests.filter((url) => url.startsWith(server.url))).toEqual([launcherUrl]);
    expect(requests.filter((url) => /\/socket\.io|libsodium/.test(url))).toEqual([]);
    expect(sockets).toEqual([]);

    // Opened, the chat brings its own code and connection, inside the frame.
    await page.getByRole('button', { name: 'Open chat' }).click();
    await expect(chatFrame(page).getByRole('button', { name: 'I am 20 or older' })).toBeVisible();
    await chatFrame(page).getByRole('button', { name: 'I am 20 or older' }).click();
    await expect(chatFrame(page).getByText(/You are number \d+ in the queue\./)).toBeVisible();
    expect(requests.some((url) => url.includes('/libsodium-wrappers-'))).toBe(true);
    expect(sockets.some((url) => url.includes('/socket.io/'))).toBe(true);
    await chatFrame(page).getByRole('button', { name: 'Leave queue', exact: true }).click();
    await context.close();
  });

  test('the chat frame, opened and in the queue, has loaded at most 180 kB gzip of code, libsodium once and no classic zod', async ({
    browser,
    server,
  }) => {
    const context = await browser.newContext();
    const pending: Promise<{ path: string; body: Buffer }>[] = [];
    context.on('response', (response) => {
      const url = new URL(response.url());
      const inFrame = /\/widget\/frame/.test(response.request().frame().url());
      if (url.origin !== server.url || !inFrame || !/\.(js|wasm)$/.test(url.pathname)) return;
      pending.push(response.body().then((body) => ({ path: url.pathname, body })));
    });
    const page = await context.newPage();
    await page.goto(cityPage(server, '/budget.html'));
    await page.getByRole('button', { name: 'Open chat' }).click();
    const chat = chatFrame(page);
    await chat.getByRole('button', { name: 'I am 20 or older' }).click();
    await expect(chat.getByText(/You are number \d+ in the queue\./)).toBeVisible();
    await page.waitForLoadState('networkidle');
    const loaded = await Promise.all(pending);

    const sizes = loaded.map(({ path, body }) => ({ path, gzip: gzipSync(body).length }));
    const total = sizes.reduce((sum, { gzip }) => sum + gzip, 0);
    const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
    console.log(
      `frame after opening: ${kB(total)} gzip (${sizes
        .map(({ path, gzip }) => `${path.replace(/^.*\//, '')} ${kB(gzip)}`)
        .join(', ')})`,
    );
    expect(total).toBeLessThanOrEqual(180 * 1024);

    // Nothing twice: each file once, one libsodium, and its WebAssembly only as the
    // binary file (not also as base64 inside a script).
    const paths = loaded.map(({ path }) => path);
    expect(new Set(paths).size).toBe(paths.length);
    expect(paths.filter((path) => path.endsWith('.wasm'))).toEqual([
      expect.stringMatching(/\/assets\/libsodium-[\w-]+\.wasm$/),
    ]);
    expect(paths.filter((path) => /libsodium-wrappers-/.test(path))).toHaveLength(1);
    for (const { path, body } of loaded) {
      if (path.endsWith('.js')) expect(body.toString(), path).not.toMatch(/[A-Za-z0-9+/]{10000}/);
    }
    // No classic zod: by their source maps, the frame's scripts hold zod's mini build only.
    const sources: string[] = [];
    for (const path of paths.filter((path) => path.endsWith('.js'))) {
      const map = (await (await fetch(`${server.url}${path}.map`)).json()) as { sources: string[] };
      sources.push(...map.sources);
    }
    expect(sources).toContainEqual(expect.stringMatching(/client\/widget\/jour-chat-panel\.ts$/));
    expect(sources.filter((source) => /zod\/v4\/classic\//.test(source))).toEqual([]);
    await chat.getByRole('button', { name: 'Leave queue', exact: true }).click();
    await context.close();
  });

  test("libsodium's WebAssembly changed on the way, by one harmless byte, is refused: no crypto and no connection", async ({
    browser,
    server,
  }) => {
    const context = await browser.newContext();
    const changed: string[] = [];
    await context.route(/\/assets\/libsodium-[\w-]+\.wasm$/, async (route) => {
      const response = await route.fetch();
      const body = await response.body();
      // A byte of an assertion's message in the data section: the module still compiles
      // and runs the same, so only the integrity check can tell.
      const at = body.indexOf('b64_pos <= b64_len');
      expect(at).toBeGreaterThan(0);
      body[at] = 'B'.charCodeAt(0);
      changed.push(route.request().url());
      await route.fulfill({ response, body });
    });
    const page = await context.newPage();
    const refusals: string[] = [];
    page.on('console', (message) => {
      if (/integrity/.test(message.text())) refusals.push(message.text());
    });
    const sockets: string[] = [];
    page.on('websocket', (socket) => sockets.push(socket.url()));
    await page.goto(cityPage(server, '/changed.html'));
    await page.getByRole('button', { name: 'Open chat' }).click();
    await expect(chatFrame(page).getByRole('button', { name: 'I am 20 or older' })).toBeVisible();
    await expect
      .poll(() => refusals)
      .toContainEqual(expect.stringMatching(/\/assets\/libsodium-[\w-]+\.wasm/));
    expect(changed).toHaveLength(1);
    // The chat connects only once libsodium runs, so it never does.
    expect(sockets).toEqual([]);
    await context.close();
  });
});

test.describe('the counsellor side comes back', () => {
  test('a console reloaded mid-chat gets the chat and the conversation back', async ({
    browser,
    server,
  }) => {
    const counsellor = await availableCounsellor(browser, server, 'frida');
    const { context, page } = await visitorPage(browser, `${server.url}/?lang=en`);
    const chat = chatFrame(page);
    await page.getByRole('button', { name: 'Open chat' }).click();
    await chat.getByRole('button', { name: 'I am 20 or older' }).click();
    await expect(chat.getByText(/You are number \d+ in the queue\./)).toBeVisible();
    await counsellor.getByRole('button', { name: 'Accept next chat' }).click();
    await chat.getByRole('textbox', { name: 'Message' }).fill('Something happened on the bus');
    await chat.getByRole('button', { name: 'Send' }).click();
    await expect(counsellor.getByRole('log')).toContainText('Something happened on the bus');
    await counsellor.getByRole('textbox', { name: 'Message' }).fill('Tell me more.');
    await counsellor.getByRole('button', { name: 'Send' }).click();
    await expect(chat.getByRole('log')).toContainText('Tell me more.');

    await counsellor.reload();
    const log = counsellor.getByRole('log');
    await expect(log).toContainText('Something happened on the bus');
    await expect(log).toContainText('Tell me more.');
    await expect(chat.getByText('The volunteer is back.')).toBeVisible();
    await expect(counsellor.getByText(/This console was reloaded/)).toBeVisible();
    expect(await safetyWords(chat)).toBe(await safetyWords(counsellor));

    await counsellor.getByRole('textbox', { name: 'Message' }).fill('I am back, sorry.');
    await counsellor.getByRole('button', { name: 'Send' }).click();
    await expect(chat.getByRole('log')).toContainText('I am back, sorry.');
    await chat.getByRole('textbox', { name: 'Message' }).fill('No problem.');
    await chat.getByRole('button', { name: 'Send' }).click();
    await expect(log).toContainText('No problem.');
    await counsellor.screenshot({ path: `${SHOTS}/console-after-reload.png` });
    await endChatAsVisitor(chat);
    await context.close();
    await counsellor.context().close();
  });
});

test.describe('embedding under a strict Content-Security-Policy', () => {
  test('works on a page whose CSP allows only our script and our frame', async ({
    browser,
    server,
  }) => {
    server.hostPages.set(
      '/strict.html',
      `<!doctype html><html lang="en"><head>
        <meta http-equiv="Content-Security-Policy"
          content="default-src 'none'; script-src ${server.url}; frame-src ${server.url}">
        <script type="module" src="${server.url}/widget/jour-chat.js"></script>
        </head><body><jour-chat lang="en"></jour-chat></body></html>`,
    );
    const counsellor = await availableCounsellor(browser, server, 'gun');
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused/i.test(message.text())) violations.push(message.text());
    });
    const loaded: { url: string; frame: string }[] = [];
    page.on('request', (request) =>
      loaded.push({ url: request.url(), frame: request.frame().url() }),
    );
    await page.goto(`${server.hostUrl}/strict.html`);
    await page.getByRole('button', { name: 'Open chat' }).click();
    const chat = chatFrame(page);
    await chat.getByRole('button', { name: 'I am 20 or older' }).click();
    await expect(chat.getByText(/You are number \d+ in the queue\./)).toBeVisible();
    await counsellor.getByRole('button', { name: 'Accept next chat' }).click();
    await chat.getByRole('textbox', { name: 'Message' }).fill('Under a strict policy');
    await chat.getByRole('button', { name: 'Send' }).click();
    await expect(counsellor.getByRole('log')).toContainText('Under a strict policy');
    await endChatAsVisitor(chat);
    expect(violations).toEqual([]);
    // One libsodium build, the WebAssembly one, loaded by the frame: the city's page
    // needs neither connect-src nor 'wasm-unsafe-eval'.
    const sodium = loaded.filter(({ url }) => url.includes('/assets/libsodium-wrappers-'));
    expect(sodium).toHaveLength(1);
    expect(sodium[0]!.frame).toMatch(/\/widget\/frame#/);
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
    const chat = chatFrame(page);
    await page.getByRole('button', { name: 'Open chat' }).click();
    await chat.getByRole('button', { name: 'I am 20 or older' }).click();
    await expect(chat.getByText(/You are number \d+ in the queue\./)).toBeVisible();
    await counsellor.getByRole('button', { name: 'Accept next chat' }).click();
    await expect(chat.getByRole('textbox', { name: 'Message' })).toBeVisible();

    await context.setOffline(true);
    await expect(chat.getByText('Reconnecting…').first()).toBeVisible();
    await expect(counsellor.getByText(/connection dropped/)).toBeVisible();
    await counsellor.getByRole('textbox', { name: 'Message' }).fill('Sent while you were away');
    await counsellor.getByRole('button', { name: 'Send' }).click();
    await chat.getByRole('textbox', { name: 'Message' }).fill('Typed in the tunnel');
    await chat.getByRole('button', { name: 'Send' }).click();
    await expect(chat.getByText('Sending…')).toBeVisible();

    await context.setOffline(false);
    await expect(chat.getByRole('log')).toContainText('Sent while you were away', {
      timeout: 15_000,
    });
    await expect(counsellor.getByRole('log')).toContainText('Typed in the tunnel');
    await expect(chat.getByText('Delivered')).toHaveCount(1);
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
    const chat = chatFrame(page);
    await page.getByRole('button', { name: 'Open chat' }).click();
    await chat.getByRole('button', { name: 'I am 20 or older' }).click();
    await expect(chat.getByText(/You are number \d+ in the queue\./)).toBeVisible();
    await counsellor.getByRole('button', { name: 'Accept next chat' }).click();
    await chat.getByRole('textbox', { name: 'Message' }).fill('Before the restart');
    await chat.getByRole('button', { name: 'Send' }).click();
    await expect(counsellor.getByRole('log')).toContainText('Before the restart');
    const wordsBefore = await safetyWords(chat);

    await server.restart();
    const restartedAt = Date.now();
    // Typed while the server was away: sent once the chat is whole again.
    await chat.getByRole('textbox', { name: 'Message' }).fill('During the restart');
    await chat.getByRole('button', { name: 'Send' }).click();
    await expect(counsellor.getByRole('log')).toContainText('During the restart', {
      timeout: 10_000,
    });
    expect(Date.now() - restartedAt).toBeLessThan(10_000);
    await counsellor.getByRole('textbox', { name: 'Message' }).fill('After the restart');
    await counsellor.getByRole('button', { name: 'Send' }).click();
    await expect(chat.getByRole('log')).toContainText('After the restart');
    // The same keys on both sides: no new handshake was needed.
    expect(await safetyWords(counsellor)).toBe(wordsBefore);
    await expect(chat.getByText('Delivered')).toHaveCount(2);
    await endChatAsVisitor(chat);
    await context.close();
    await counsellor.context().close();
  });
});
