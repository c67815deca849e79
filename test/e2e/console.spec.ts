import type { BrowserContext, Page } from '@playwright/test';
import {
  chatFrame,
  expect,
  expectAccessible,
  loginToConsole,
  safetyWords,
  test,
} from './fixtures.js';

const SHOTS = 'test-results/screenshots';

/** A visitor who has opened the chat and waits in the adult queue: their chat frame. */
async function waitingVisitor(visitors: BrowserContext, url: string) {
  const page = await visitors.newPage();
  await page.goto(`${url}/?lang=en`);
  await page.getByRole('button', { name: 'Open chat' }).click();
  const chat = chatFrame(page);
  await chat.getByRole('button', { name: 'I am 20 or older' }).click();
  await expect(chat.getByText(/You are number \d in the queue/)).toBeVisible();
  return chat;
}

/**
 * Counts the console's tones: a stand-in for the Web Audio API records each one started
 * in `window.tones` (a browser under test has no speakers to listen to).
 */
async function countTones(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const counted = window as unknown as { tones: number; AudioContext: unknown };
    counted.tones = 0;
    const node = () => ({ connect: (next: unknown) => next });
    counted.AudioContext = class {
      state = 'running';
      currentTime = 0;
      destination = {};
      resume = () => Promise.resolve();
      createOscillator = () => ({
        ...node(),
        frequency: { value: 0 },
        start: () => (counted.tones += 1),
        stop: () => undefined,
      });
      createGain = () => ({
        ...node(),
        gain: { setValueAtTime: () => undefined, exponentialRampToValueAtTime: () => undefined },
      });
    };
  });
}

const tones = (page: Page) => page.evaluate(() => (window as unknown as { tones: number }).tones);

test.describe('the console', () => {
  test('shows who waits (wait, language, topic), counts them in the title, respects capacity', async ({
    browser,
    server,
  }) => {
    server.addUser('jonna');
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const counsellor = await context.newPage();
    await counsellor.goto(`${server.url}/console/?lang=en`);
    await expectAccessible(counsellor, 'login');
    await loginToConsole(counsellor, server.url, 'jonna');
    await counsellor.getByRole('switch', { name: 'Available' }).check();
    await counsellor.getByRole('combobox', { name: 'Chats at once' }).selectOption('1');
    await expect(counsellor.getByText('0 of 1 chat', { exact: true })).toBeVisible();

    const visitors = await browser.newContext();
    const first = await waitingVisitor(visitors, server.url);
    await first.getByRole('radio', { name: 'a witness' }).check();
    await first.getByRole('combobox', { name: 'Language I prefer to write in' }).selectOption('so');
    const second = await waitingVisitor(visitors, server.url);

    const waiting = counsellor.getByRole('list', { name: 'Waiting, 20 or older' });
    await expect(waiting.getByRole('listitem')).toHaveCount(2);
    await expect(waiting.getByRole('listitem').first()).toContainText('a witness');
    await expect(waiting.getByRole('listitem').first()).toContainText('Somali');
    await expect(counsellor).toHaveTitle(/^\(2\) /);
    await expectAccessible(counsellor, 'queue');
    await counsellor.screenshot({ path: `${SHOTS}/console-queue.png` });

    await counsellor.getByRole('button', { name: 'Accept next chat' }).click();
    await expect(first.getByRole('textbox', { name: 'Message' })).toBeVisible();
    await expect(counsellor.getByText('1 of 1 chat', { exact: true })).toBeVisible();
    // At capacity: the next visitor waits for someone else.
    await expect(counsellor.getByRole('button', { name: 'Accept next chat' })).toBeDisabled();
    await expect(counsellor).toHaveTitle(/^\(1\) /);
    await expectAccessible(counsellor, 'chat');
    await counsellor.getByRole('button', { name: 'End chat' }).click();
    await second.getByRole('button', { name: 'Leave queue', exact: true }).click();
    await expect(counsellor).not.toHaveTitle(/^\(/);
    await visitors.close();
    await context.close();
  });

  test('a message that comes while another screen is open: a badge on Chats, the title, a tone', async ({
    browser,
    server,
  }) => {
    server.addUser('vera');
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await countTones(context);
    const counsellor = await context.newPage();
    await loginToConsole(counsellor, server.url, 'vera');
    await counsellor.getByRole('switch', { name: 'Available' }).check();
    const visitors = await browser.newContext();
    const visitor = await waitingVisitor(visitors, server.url);
    await counsellor.getByRole('button', { name: 'Accept next chat' }).click();
    await visitor.getByRole('textbox', { name: 'Message' }).fill('Hello');
    await visitor.getByRole('button', { name: 'Send' }).click();
    // On screen, a message is read as it comes: no count anywhere.
    await expect(counsellor.getByRole('log')).toContainText('Hello');
    await expect(counsellor).not.toHaveTitle(/^\(/);
    const chats = counsellor.getByRole('button', { name: /^Chats/ });
    await expect(chats).toHaveAccessibleName('Chats');

    await counsellor.getByRole('button', { name: 'My account' }).click();
    const before = await tones(counsellor);
    await visitor.getByRole('textbox', { name: 'Message' }).fill('Are you still there?');
    await visitor.getByRole('button', { name: 'Send' }).click();
    await expect(chats).toHaveAccessibleName('Chats 1 unread');
    await expect(counsellor).toHaveTitle(/^\(1\) /);
    expect(await tones(counsellor)).toBeGreaterThan(before);

    // Back on Chats, the message is there and read.
    await chats.click();
    await expect(counsellor.getByRole('log')).toContainText('Are you still there?');
    await expect(chats).toHaveAccessibleName('Chats');
    await expect(counsellor).not.toHaveTitle(/^\(/);
    await visitors.close();
    await context.close();
  });

  test('a hand-over says when the free colleague is not trained for under-20s', async ({
    browser,
    server,
  }) => {
    server.addUser('yrsa', { youth: true });
    server.addUser('ulf');
    const open = async (username: string) => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await loginToConsole(page, server.url, username);
      await page.getByRole('switch', { name: 'Available' }).check();
      return page;
    };
    const yrsa = await open('yrsa');
    const ulf = await open('ulf');
    const visitors = await browser.newContext();
    const page = await visitors.newPage();
    await page.goto(`${server.url}/?lang=en`);
    await page.getByRole('button', { name: 'Open chat' }).click();
    const visitor = chatFrame(page);
    await visitor.getByRole('button', { name: 'I am under 20' }).click();
    await expect(visitor.getByText(/You are number \d in the queue/)).toBeVisible();
    await yrsa.getByRole('button', { name: 'Accept next chat' }).click();
    await expect(visitor.getByRole('textbox', { name: 'Message' })).toBeVisible();

    await yrsa.getByRole('button', { name: 'Hand over' }).click();
    const dialog = yrsa.getByRole('dialog', { name: 'Hand over' });
    await expect(dialog.getByTestId('no-colleagues')).toHaveText(
      'No colleague trained for under-20s is free. 1 free colleague is not trained for under-20s and cannot take this chat.',
    );
    await expect(dialog.getByRole('radio')).toHaveCount(1);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    await visitors.close();
    await yrsa.context().close();
    await ulf.context().close();
  });

  test('two chats at once, and one handed to a colleague while the visitor goes on', async ({
    browser,
    server,
  }) => {
    server.addUser('maja');
    server.addUser('sam');
    const open = async (username: string) => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await loginToConsole(page, server.url, username);
      await page.getByRole('switch', { name: 'Available' }).check();
      return page;
    };
    const maja = await open('maja');
    // A shift starts at one chat at a time: she raises it.
    await maja.getByRole('combobox', { name: 'Chats at once' }).selectOption('2');
    await expect(maja.getByText('0 of 2 chats', { exact: true })).toBeVisible();
    const visitors = await browser.newContext();
    const first = await waitingVisitor(visitors, server.url);
    const second = await waitingVisitor(visitors, server.url);
    await maja.getByRole('button', { name: 'Accept next chat' }).click();
    await maja.getByRole('button', { name: 'Accept next chat' }).click();
    await expect(maja.getByRole('tab')).toHaveCount(2);
    await expect(maja.getByText('2 of 2 chats')).toBeVisible();

    // The second visitor writes while Maja looks at the first chat: an unread count.
    await maja.getByRole('tab').first().click();
    await second.getByRole('textbox', { name: 'Message' }).fill('Is anyone there?');
    await second.getByRole('button', { name: 'Send' }).click();
    await expect(maja.getByRole('tab').nth(1)).toContainText('1');
    await maja.getByRole('tab').nth(1).click();
    await expect(maja.getByRole('log')).toContainText('Is anyone there?');

    await first.getByRole('textbox', { name: 'Message' }).fill('I saw a robbery');
    await first.getByRole('button', { name: 'Send' }).click();
    await maja.getByRole('tab').first().click();
    await expect(maja.getByRole('log')).toContainText('I saw a robbery');
    await maja.getByRole('textbox', { name: 'Message' }).fill('I am listening.');
    await maja.getByRole('button', { name: 'Send' }).click();
    await expect(first.getByRole('log')).toContainText('I am listening.');
    // On a phone the queue stacks above the chat, and the chat stays usable.
    await maja.setViewportSize({ width: 390, height: 844 });
    await maja.getByRole('textbox', { name: 'Message' }).scrollIntoViewIfNeeded();
    await expect(maja.getByRole('button', { name: 'Send' })).toBeInViewport();
    await maja.screenshot({ path: `${SHOTS}/console-chats-mobile.png`, fullPage: true });
    await maja.setViewportSize({ width: 1280, height: 800 });
    const before = await safetyWords(first);

    const sam = await open('sam');
    await maja.getByRole('button', { name: 'Hand over' }).click();
    const dialog = maja.getByRole('dialog', { name: 'Hand over' });
    // Nothing is chosen for her: Confirm asks first, and nothing is handed over.
    const choices = dialog.getByRole('group', { name: /Hand over to/ });
    await expect(choices.getByRole('radio', { name: 'sam (1 free)' })).not.toBeChecked();
    await expect(choices.getByRole('radio', { name: /Back to the queue/ })).not.toBeChecked();
    await dialog.getByRole('button', { name: 'Confirm hand-over' }).click();
    await expect(choices).toHaveAccessibleDescription('Choose who takes over the chat.');
    await expect(choices.getByRole('radio').first()).toBeFocused();
    await expect(first.getByText('You are now talking with sam')).toHaveCount(0);
    await choices.getByRole('radio', { name: 'sam (1 free)' }).check();
    await maja
      .getByRole('textbox', { name: 'Note for your colleague' })
      .fill('Witness, wants to talk about reporting.');
    await expectAccessible(maja, 'hand-over');
    await maja.screenshot({ path: `${SHOTS}/console-handover.png` });
    await maja.getByRole('button', { name: 'Confirm hand-over' }).click();
    await expect(maja.getByText('You handed the chat over.', { exact: true })).toBeVisible();

    await expect(first.getByText('You are now talking with sam')).toBeVisible();
    await expect(sam.getByTestId('handover')).toContainText('Handed over by maja.');
    await expect(sam.getByTestId('handover')).toContainText('wants to talk about reporting');
    // Sam gets the conversation so far from the visitor's screen, in new keys, once
    // the visitor says yes.
    const share = first.getByRole('group', { name: /May sam read what you have written/ });
    await expect(share).toBeVisible();
    await expect(sam.getByRole('log')).not.toContainText('I saw a robbery');
    await share.getByRole('button', { name: 'Yes, share the conversation' }).click();
    await expect(sam.getByRole('log')).toContainText('I saw a robbery');
    // Maja's line stays Maja's on Sam's screen: never "You", never "Delivered".
    const majas = sam.getByRole('log').getByRole('listitem').filter({ hasText: 'I am listening.' });
    await expect(majas).toContainText('maja (before the hand-over):');
    await expect(majas).not.toContainText('You');
    await expect(majas).not.toContainText('Delivered');
    const after = await safetyWords(first);
    expect(after).not.toBe(before);
    expect(await safetyWords(sam)).toBe(after);

    await first.getByRole('textbox', { name: 'Message' }).fill('Thank you, sam');
    await first.getByRole('button', { name: 'Send' }).click();
    await expect(sam.getByRole('log')).toContainText('Thank you, sam');
    await sam.getByRole('textbox', { name: 'Message' }).fill('I am here.');
    await sam.getByRole('button', { name: 'Send' }).click();
    await expect(first.getByRole('log')).toContainText('I am here.');
    await expect(maja.getByRole('log')).not.toContainText('Thank you, sam');
    await sam.screenshot({ path: `${SHOTS}/console-handed-over.png` });

    await visitors.close();
    await maja.context().close();
    await sam.context().close();
  });
});
