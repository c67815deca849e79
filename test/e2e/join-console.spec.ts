import type { Page } from '@playwright/test';
import { generate } from 'otplib';
import { openFrame, readyCrypto, sealText, type Session } from '../../shared/crypto/chat.js';
import { completeVisitorMember, startMemberConsent } from '../../shared/crypto/member.js';
import type { JoinAsked, JoinReveal, MemberFrame } from '../../shared/protocol/join.js';
import { TestVisitor, ask, next } from '../support/clients.js';
import {
  expect,
  expectAccessible,
  loginToConsole,
  startServer,
  test,
  type RunningServer,
} from './fixtures.js';

/*
 * A supervisor joins a chat from a support conversation with the visitor's consent
 * (docs/PROTOCOL.md §23), as the two consoles show it, in two real browsers: the
 * supervisor asks from the whisper's panel, the visitor says yes, and the chat then
 * runs three ways; the supervisor leaves, or is asked to, and both consoles say so.
 * The visitor is played by test/support's TestVisitor with shared/crypto/member.ts (the
 * widget's side has its own tests). Its own server, as whisper.spec.ts.
 */

const SHOTS = 'test-results/screenshots';

let server: RunningServer;
let running: Awaited<ReturnType<typeof startServer>>;

test.beforeAll(async () => {
  running = await startServer();
  server = running.server;
});

test.afterAll(async () => {
  await running.stop();
});

async function setUpSecondFactor(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'My account' }).click();
  await page.getByRole('button', { name: 'Turn on the second factor' }).click();
  const secret = (await page.getByTestId('totp-secret').innerText()).trim();
  await page.getByRole('textbox', { name: 'Authentication code' }).fill(await generate({ secret }));
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByText('The second factor is on.').first()).toBeVisible();
  await page.getByRole('button', { name: 'Chats' }).click();
}

test('a supervisor joins a chat with the visitor’s yes, and leaves', async ({ browser }) => {
  test.setTimeout(180_000);
  await readyCrypto();
  server.addUser('anna');
  server.addUser('berit', { role: 'supervisor' });

  const supervisorContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const berit = await supervisorContext.newPage();
  await loginToConsole(berit, server.url, 'berit');
  await setUpSecondFactor(berit);

  const counsellorContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const anna = await counsellorContext.newPage();
  await loginToConsole(anna, server.url, 'anna');
  await anna.getByRole('switch', { name: 'Available' }).check();

  const visitor = await TestVisitor.create(server.url);
  await visitor.join('adult');
  await anna.getByRole('button', { name: 'Accept next chat' }).click();
  await visitor.started();
  const chatId = visitor.chatId!;
  await visitor.send('BEFORE the join');
  await expect(anna.getByRole('log', { name: 'Messages' })).toContainText('BEFORE the join');

  await anna.getByRole('button', { name: 'Ask for support' }).click();
  await berit.getByRole('button', { name: 'Accept', exact: true }).click();
  const annaPanel = anna.getByTestId('whisper');
  const beritPanel = berit.getByTestId('whisper');
  await expect(beritPanel.getByTestId('whisper-safety-words')).toBeVisible();

  /** The visitor's widget: asked, it answers; on a yes it keys the member session. */
  const answer = async (yes: boolean): Promise<{ session: Session; joinNumber: number }> => {
    const asked = await next<JoinAsked>(visitor.socket, 'chat:join-asked');
    expect(asked).toMatchObject({ chatId, alias: 'berit', role: 'supervisor' });
    const { joinNumber } = asked;
    if (!yes) {
      await ask(visitor.socket, 'chat:join-answer', { chatId, joinNumber, yes: false });
      return { session: undefined as never, joinNumber };
    }
    const consent = startMemberConsent();
    const memberKey = next<JoinReveal>(visitor.socket, 'chat:join-key');
    await ask(visitor.socket, 'chat:join-answer', {
      chatId,
      joinNumber,
      yes: true,
      commitment: consent.commitment,
    });
    const keyed = completeVisitorMember(consent, chatId, joinNumber, (await memberKey).publicKey);
    await ask(visitor.socket, 'chat:join-key', { chatId, joinNumber, publicKey: keyed.publicKey });
    return { session: keyed.session, joinNumber };
  };

  // Berit asks; the visitor is asked, and says yes.
  const asking = answer(true);
  await beritPanel.getByRole('button', { name: 'Ask to join the chat' }).click();
  const member = await asking;
  await expect(beritPanel.getByText('You are in the chat.')).toBeVisible();
  await expect(annaPanel.getByText('berit joined the chat.')).toBeVisible();
  await expect(anna.getByTestId('member')).toHaveText(
    'berit (supervisor) is in this chat and sees what is written from now on.',
  );

  // Three ways: the visitor, Anna and Berit each write; nobody sees what came before.
  const beritChat = beritPanel.getByRole('list', { name: 'The chat' });
  const said = 'VISITOR after the join';
  await visitor.send(said);
  await ask(visitor.socket, 'chat:member-send', {
    chatId,
    joinNumber: member.joinNumber,
    frame: sealText(member.session, said),
  });
  await expect(beritChat).toContainText(`Visitor: ${said}`);
  await anna.getByRole('textbox', { name: 'Message', exact: true }).fill('ANNA welcomes Berit');
  await anna.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(beritChat).toContainText('anna: ANNA welcomes Berit');
  const toVisitor = next<MemberFrame>(visitor.socket, 'chat:member-message');
  await beritPanel.getByRole('textbox', { name: 'Write in the chat' }).fill('BERIT says hello');
  await beritPanel.getByRole('button', { name: 'Send to the chat' }).click();
  await expect(beritChat).toContainText('You: BERIT says hello');
  expect(openFrame(member.session, (await toVisitor).frame)).toMatchObject({
    kind: 'text',
    text: 'BERIT says hello',
    by: 'berit',
  });
  await expect(anna.getByRole('log', { name: 'Messages' })).toContainText(
    /berit \(supervisor\):\s*BERIT says hello/,
  );
  expect(await beritChat.innerText()).not.toContain('BEFORE');

  await expectAccessible(berit, 'a supervisor in a chat');
  await expectAccessible(anna, 'a chat with a supervisor in it');
  await beritPanel.screenshot({ path: `${SHOTS}/join-supervisor-panel.png` });
  await anna.screenshot({ path: `${SHOTS}/join-counsellor-chat.png`, fullPage: true });

  // Berit leaves: both consoles say so, and the counsellor's chat no longer names her.
  const left = next(visitor.socket, 'chat:member-left');
  await beritPanel.getByRole('button', { name: 'Leave the chat' }).click();
  expect(await left).toMatchObject({ chatId, reason: 'left' });
  await expect(beritPanel.getByText('You left the chat.')).toBeVisible();
  await expect(annaPanel.getByText('berit left the chat.')).toBeVisible();
  await expect(anna.getByTestId('member')).toHaveCount(0);

  // Asked again, the visitor says no.
  const declining = answer(false);
  await beritPanel.getByRole('button', { name: 'Ask to join the chat' }).click();
  await declining;
  await expect(beritPanel.getByText('The visitor said no.')).toBeVisible();
  await expect(annaPanel.getByText('The visitor said no.')).toBeVisible();

  // And once more, yes; then Anna asks Berit to leave.
  const again = answer(true);
  await beritPanel.getByRole('button', { name: 'Ask to join the chat' }).click();
  await again;
  await expect(annaPanel.getByText('berit joined the chat.')).toBeVisible();
  await annaPanel.getByRole('button', { name: 'Ask berit to leave' }).click();
  await expect(beritPanel.getByText('You are no longer in the chat.')).toBeVisible();
  await expect(annaPanel.getByText('berit left the chat.')).toBeVisible();
  await berit.screenshot({ path: `${SHOTS}/join-supervisor-asked-to-leave.png`, fullPage: true });

  visitor.close();
  await supervisorContext.close();
  await counsellorContext.close();
});
