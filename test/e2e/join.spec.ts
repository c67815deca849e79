import {
  expect,
  expectAccessible,
  chatWithSupervisorOnline,
  test,
  useOwnServer,
  widest,
} from './fixtures.js';

/*
 * A supervisor joins a chat with the visitor's consent (docs/PROTOCOL.md §23), in
 * three real browsers: the counsellor's console asks for support, the supervisor's
 * console asks to join, the visitor's widget (phone-sized) asks the visitor. A no lets
 * nobody in; a yes puts the supervisor in the chat, named on every screen; the three
 * then write, and nobody reads what came before they joined; the visitor removes the
 * supervisor, and everyone is told. Its own server, as whisper.spec.ts.
 */

const SHOTS = 'test-results/screenshots';

const own = useOwnServer();

test('a supervisor joins a chat only on the visitor’s yes; every screen says who is in it, and who left', async ({
  browser,
}) => {
  const { server } = own;
  test.setTimeout(300_000);
  const {
    supervisor: berit,
    counsellor: anna,
    visitor,
    chat,
    close,
  } = await chatWithSupervisorOnline(
    browser,
    server,
    { counsellor: 'anna', supervisor: 'berit' },
    { width: 390, height: 844 },
  );
  const message = chat.getByRole('textbox', { name: 'Message' });
  await message.fill('BEFORE the join: only for the volunteer');
  await chat.getByRole('button', { name: 'Send', exact: true }).click();
  const annaLog = anna.getByRole('log', { name: 'Messages' });
  await expect(annaLog).toContainText('BEFORE the join');

  await anna.getByRole('button', { name: 'Ask for support' }).click();
  await berit.getByRole('button', { name: 'Accept', exact: true }).click();
  const annaPanel = anna.getByTestId('whisper');
  const beritPanel = berit.getByTestId('whisper');
  await expect(beritPanel.getByTestId('whisper-safety-words')).toBeVisible();

  // Berit asks; the visitor is asked, and says no: nobody joins, nothing reaches Berit.
  const members = chat.getByRole('list', { name: 'In this chat' });
  const question = chat.getByRole('group', {
    name: 'berit (supervisor) would like to join the chat to help. Is that OK?',
  });
  await beritPanel.getByRole('button', { name: 'Ask to join the chat' }).click();
  await expect(question).toBeVisible();
  await expect(
    chat.getByText('They will see what is written from now on, not what was written before.'),
  ).toBeVisible();
  await expect(beritPanel.getByText("Waiting for the visitor's answer…")).toBeVisible();
  await expect(
    annaPanel.getByText('berit asked to join the chat; the visitor is asked.'),
  ).toBeVisible();
  await expectAccessible(visitor, 'a join question');
  await visitor.screenshot({ path: `${SHOTS}/join-question-390.png` });
  await question.getByRole('button', { name: 'No', exact: true }).click();
  await expect(chat.getByRole('log')).toContainText('You said no. Nobody else joined.');
  await expect(beritPanel.getByText('The visitor said no.')).toBeVisible();
  await expect(annaPanel.getByText('The visitor said no.')).toBeVisible();
  await expect(members).not.toContainText('berit');

  // Asked again, yes: the keys are made now, and every screen names Berit.
  await beritPanel.getByRole('button', { name: 'Ask to join the chat' }).click();
  await question.getByRole('button', { name: 'Yes, they may join' }).click();
  await expect(beritPanel.getByText('You are in the chat.')).toBeVisible();
  await expect(chat.getByRole('log')).toContainText('berit joined the chat.');
  await expect(members).toContainText('anna (volunteer)');
  await expect(members).toContainText('berit (supervisor)');
  await expect(annaPanel.getByText('berit joined the chat.')).toBeVisible();
  await expect(anna.getByTestId('member')).toHaveText(
    'berit (supervisor) is in this chat and sees what is written from now on.',
  );

  // Three ways; what was written before stays between the visitor and Anna.
  const beritChat = beritPanel.getByRole('list', { name: 'The chat' });
  await message.fill('VISITOR after the join');
  await chat.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(beritChat).toContainText('Visitor: VISITOR after the join');
  await expect(annaLog).toContainText('VISITOR after the join');
  await anna.getByRole('textbox', { name: 'Message', exact: true }).fill('ANNA welcomes Berit');
  await anna.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(beritChat).toContainText('anna: ANNA welcomes Berit');
  await expect(chat.getByRole('log')).toContainText('ANNA welcomes Berit');
  await beritPanel.getByRole('textbox', { name: 'Write in the chat' }).fill('BERIT says hello');
  await beritPanel.getByRole('button', { name: 'Send to the chat' }).click();
  await expect(chat.getByRole('log')).toContainText('BERIT says hello');
  await expect(annaLog).toContainText(/berit \(supervisor\):\s*BERIT says hello/);
  expect(await beritPanel.innerText()).not.toContain('BEFORE');

  await expectAccessible(visitor, 'a chat with a supervisor in it (widget)');
  await expectAccessible(berit, 'a supervisor in a chat');
  await expectAccessible(anna, 'a chat with a supervisor in it (console)');
  await visitor.screenshot({ path: `${SHOTS}/join-joined-390.png` });
  await berit.screenshot({ path: `${SHOTS}/join-supervisor-desktop.png`, fullPage: true });
  await anna.screenshot({ path: `${SHOTS}/join-counsellor-desktop.png`, fullPage: true });
  const width = await visitor.evaluate(() => document.documentElement.scrollWidth);
  expect(width, `390 px wide, not ${width}: ${await widest(visitor)}`).toBeLessThanOrEqual(390);

  // The visitor removes Berit: everyone is told, and nothing reaches Berit after.
  await chat.getByRole('button', { name: 'Remove berit from the chat' }).click();
  await expect(chat.getByRole('log')).toContainText('berit left the chat.');
  await expect(members).not.toContainText('berit');
  await expect(beritPanel.getByText('You are no longer in the chat.')).toBeVisible();
  await expect(annaPanel.getByText('berit left the chat.')).toBeVisible();
  await expect(anna.getByTestId('member')).toHaveCount(0);
  await message.fill('AFTER the removal');
  await chat.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(annaLog).toContainText('AFTER the removal');
  expect(await beritPanel.innerText()).not.toContain('AFTER');

  await close();
});
