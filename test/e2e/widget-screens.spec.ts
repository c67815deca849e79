import { mkdirSync } from 'node:fs';
import type { CDPSession, FrameLocator, Page } from '@playwright/test';
import { CATALOGUES, type WidgetLanguage } from '../../client/widget/i18n/index.js';
import {
  availableCounsellor,
  chatFrame,
  closedUntil,
  expect,
  expectAccessible,
  test,
} from './fixtures.js';

/*
 * Every screen of the visitor's widget as people see it: intro, closed, the queue
 * (with and without a volunteer on duty), the chat, the question before ending, the
 * end. Each is checked with axe (every rule, best practices included) and for room at
 * five sizes in Arabic, right to left, where layouts break first, and photographed for
 * a person to look at (under screenshots/, kept out of the repository). The other
 * languages' screens are checked elsewhere, to keep the browser tests within CI's
 * time: English in visitor.spec.ts (axe on every screen, by keyboard, and the message
 * box in view at phone sizes with the keyboard open), Finnish and lättläst in
 * languages.spec.ts (axe at 390 px on the intro and the chat); Swedish and Somali
 * texts only by the unit tests' completeness checks (run this walk with another
 * language in CHECKED to look at one).
 */

const SHOTS = 'screenshots';
/** Swedish, the default, and Arabic, right to left: the two a person looks at. */
const PHOTOGRAPHED: readonly WidgetLanguage[] = ['sv', 'ar'];

const SIZES = [
  { name: '1280x800', width: 1280, height: 800, touch: false },
  { name: '390x844', width: 390, height: 844, touch: true },
  // A phone with its keyboard open.
  { name: '390x460', width: 390, height: 460, touch: true },
  // A phone on its side.
  { name: '844x390', width: 844, height: 390, touch: true },
  { name: '320x568', width: 320, height: 568, touch: true },
] as const;
type Size = (typeof SIZES)[number];

const DESKTOP = SIZES[0];

/** What a short conversation says, in each language. */
/** The languages this file walks (see the header for the others). */
const CHECKED = ['ar'] as const satisfies readonly WidgetLanguage[];

const CONVERSATION: Record<(typeof CHECKED)[number], [string, string, string]> = {
  ar: [
    'مرحبًا. لا أعرف من أين أبدأ.',
    'Hej! Ta den tid du behöver. Vill du berätta vad som har hänt?',
    'شخص أعرفه هددني الليلة الماضية، والآن أخاف أن أعود إلى البيت.',
  ],
};

/** Resizes the window and, for a phone, makes it a touch screen (no hover, coarse pointer). */
async function resize(page: Page, cdp: CDPSession, size: Size): Promise<void> {
  await page.setViewportSize({ width: size.width, height: size.height });
  await cdp.send('Emulation.setTouchEmulationEnabled', {
    enabled: size.touch,
    ...(size.touch && { maxTouchPoints: 5 }),
  });
  await cdp.send('Emulation.setEmitTouchEventsForMouse', { enabled: size.touch });
  // Two frames: the launcher's new size, then the panel's layout inside it.
  await page.evaluate(
    () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
  );
}

/** One screen: axe, and for the photographed languages a picture at every size. */
async function screen(
  page: Page,
  cdp: CDPSession,
  language: WidgetLanguage,
  name: string,
  check?: (size: Size) => Promise<void>,
): Promise<void> {
  await expectAccessible(page, `${language} ${name}`, 'jour-chat', 'every');
  if (!PHOTOGRAPHED.includes(language) && !check) return;
  for (const size of SIZES) {
    await resize(page, cdp, size);
    await check?.(size);
    if (PHOTOGRAPHED.includes(language)) {
      await page.screenshot({ path: `${SHOTS}/widget-${language}-${name}-${size.name}.png` });
    }
  }
  await resize(page, cdp, DESKTOP);
}

/** The control lies wholly inside the window. */
async function expectInView(
  chat: FrameLocator,
  role: 'textbox' | 'button',
  name: string,
  size: Size,
) {
  const box = await chat.getByRole(role, { name, exact: true }).boundingBox();
  const where = `${name} at ${size.name}`;
  expect(box, where).not.toBeNull();
  expect(box!.x, where).toBeGreaterThanOrEqual(0);
  expect(box!.y, where).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width, where).toBeLessThanOrEqual(size.width);
  expect(box!.y + box!.height, where).toBeLessThanOrEqual(size.height);
}

test.beforeAll(() => {
  mkdirSync(SHOTS, { recursive: true });
});

for (const language of CHECKED) {
  test(`every widget screen in ${language}: accessible, and the conversation has the room`, async ({
    browser,
    server,
  }) => {
    test.setTimeout(240_000);
    const t = CATALOGUES[language];
    const context = await browser.newContext({ viewport: DESKTOP });
    await context.route(/google\.com/, (route) =>
      route.fulfill({ contentType: 'text/html', body: '<title>Väder</title>' }),
    );
    const url = `${server.url}/?lang=${language}`;
    // Each part in a tab of its own: a tab that had the chat open opens it again.
    const openChat = async () => {
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await page.goto(url);
      await page.getByRole('button', { name: t.openChat }).click();
      return { page, cdp, chat: chatFrame(page) };
    };

    // Closed: both routes, the adults' phone line with hours of its own.
    server.setSettings(closedUntil(1));
    try {
      const { page, cdp, chat } = await openChat();
      await expect(chat.getByText(t.allClosed, { exact: true })).toBeVisible();
      await expect(chat.getByRole('link', { name: '116 111' })).toBeVisible();
      await screen(page, cdp, language, 'closed');
    } finally {
      server.setSettings('reset');
    }

    // Open, nobody on duty: said once on the intro, and honestly while waiting.
    {
      const { page, cdp, chat } = await openChat();
      await expect(chat.getByText(t.nobodyAvailable)).toHaveCount(1);
      await screen(page, cdp, language, 'intro-nobody-free');
      await chat.getByRole('button', { name: t.routeAdult }).click();
      await expect(chat.getByText(t.nobodyOnDuty)).toBeVisible();
      await screen(page, cdp, language, 'queue-nobody-free');
      await chat.getByRole('button', { name: t.leaveQueue, exact: true }).click();
      await chat.getByRole('button', { name: t.close }).click();
    }

    // A volunteer on duty.
    const counsellor = await availableCounsellor(browser, server, `screens-${language}`);
    const { page, cdp, chat } = await openChat();
    await expect(chat.getByRole('button', { name: t.routeYouth })).toBeVisible();
    await expect(chat.getByText(t.nobodyAvailable)).toHaveCount(1); // the youth route's
    await screen(page, cdp, language, 'intro');
    await chat.getByRole('button', { name: t.routeAdult }).click();
    await expect(chat.getByText(t.queuePosition(1))).toBeVisible();
    await expect(chat.getByText(t.nobodyOnDuty)).toHaveCount(0);
    await screen(page, cdp, language, 'queue');

    await counsellor.getByRole('button', { name: 'Accept next chat' }).click();
    const message = chat.getByRole('textbox', { name: t.message });
    const [first, answer, second] = CONVERSATION[language];
    await message.fill(first);
    await chat.getByRole('button', { name: t.send }).click();
    await expect(counsellor.getByRole('log')).toContainText(first);
    await counsellor.getByRole('textbox', { name: 'Message' }).fill(answer);
    await counsellor.getByRole('button', { name: 'Send' }).click();
    await expect(chat.getByRole('log')).toContainText(answer);
    await message.fill(second);
    await chat.getByRole('button', { name: t.send }).click();
    await expect(counsellor.getByRole('log')).toContainText(second);
    await screen(page, cdp, language, 'chat', async (size) => {
      // At every size the message box and Send are there to use.
      await expectInView(chat, 'textbox', t.message, size);
      await expectInView(chat, 'button', t.send, size);
      // The Escape hint only where there is a keyboard.
      const hint = chat.getByText(t.quickExitHint);
      if (size.touch) await expect(hint).toBeHidden();
      else await expect(hint).toBeVisible();
      // The conversation takes the room the header and bars leave (about 160 px of a
      // 680 px frame at 1280×800 before, in every language now more than twice that).
      const log = (await chat.getByRole('log').boundingBox())!;
      expect(log.height, `the log at ${size.name}`).toBeGreaterThan(
        size.name === '1280x800' ? 340 : size.height * 0.35,
      );
    });

    await chat.getByRole('button', { name: t.endChat, exact: true }).click();
    const question = chat.getByRole('dialog', { name: t.confirmEndTitle });
    await expect(question.getByRole('button', { name: t.keepChatting })).toBeFocused();
    await screen(page, cdp, language, 'confirm-end');
    await question.getByRole('button', { name: t.endChat, exact: true }).click();
    await expect(chat.getByText(t.endReason('ended_by_visitor'))).toBeFocused();
    await screen(page, cdp, language, 'ended');

    await context.close();
    await counsellor.context().close();
  });
}
