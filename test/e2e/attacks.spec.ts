import type { Browser, BrowserContext, Frame, Page, WebSocketRoute } from '@playwright/test';
import {
  completeCounsellorHandshake,
  completeVisitorHandshake,
  openFrame,
  readyCrypto,
  startCounsellorHandshake,
  startVisitorHandshake,
  type Session,
} from '../../shared/crypto/chat.js';
import { startMemberJoin } from '../../shared/crypto/member.js';
import type { ChatContent, WireFrame } from '../../shared/protocol/schemas.js';
import { TestVisitor, eventually } from '../support/clients.js';
import {
  chooseFirstColleague,
  expect,
  loginToConsole,
  test,
  type RunningServer,
} from './fixtures.js';

/*
 * Protocol v2's promises, as an attacker tries them in a real browser against the real
 * widget and console: a stolen resume token, and a server (played here by the test,
 * sitting on the WebSocket) that invents a re-key, get nothing of the conversation.
 * Each test ends by opening, with the attacker's own keys, everything the client sent
 * to them, and finding no earlier word.
 */

const RESUME_KEY = 'jour-chat:resume';
const CANARY_VISITOR = 'CANARY-VISITOR-7b1f';
const CANARY_COUNSELLOR = 'CANARY-COUNSELLOR-91ac';

async function counsellorPage(browser: Browser, server: RunningServer, name: string) {
  server.addUser(name);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await loginToConsole(page, server.url, name);
  await page.getByRole('switch', { name: 'Available' }).check();
  return page;
}

function chatFrameOf(page: Page): Frame {
  const frame = page.frames().find((f) => f.url().includes('/widget/frame'));
  if (!frame) throw new Error('no chat frame');
  return frame;
}

async function resumeRecord(page: Page) {
  const raw = await chatFrameOf(page).evaluate((key) => sessionStorage.getItem(key), RESUME_KEY);
  return JSON.parse(raw ?? 'null') as {
    chatId: string;
    token: string;
    secret?: { epoch: number };
  };
}

/** A visitor in the browser chatting with the counsellor, canaries both ways. */
async function chatWithCanaries(context: BrowserContext, server: RunningServer, counsellor: Page) {
  const page = await context.newPage();
  await page.goto(`${server.url}/?lang=en`);
  await page.getByRole('button', { name: 'Open chat' }).click();
  const chat = page.frameLocator('iframe[part="frame"]');
  await chat.getByRole('button', { name: 'I am 20 or older' }).click();
  await expect(chat.getByText(/You are number \d+ in the queue\./)).toBeVisible();
  await counsellor.getByRole('button', { name: 'Accept next chat' }).click();
  await chat.getByRole('textbox', { name: 'Message' }).fill(`${CANARY_VISITOR} what happened`);
  await chat.getByRole('button', { name: 'Send' }).click();
  await expect(counsellor.getByRole('log')).toContainText(CANARY_VISITOR);
  await counsellor
    .getByRole('textbox', { name: 'Message' })
    .fill(`${CANARY_COUNSELLOR} I hear you`);
  await counsellor.getByRole('button', { name: 'Send' }).click();
  await expect(chat.getByRole('log')).toContainText(CANARY_COUNSELLOR);
  return { page, chat };
}

/**
 * Sits on every Socket.IO WebSocket of a context, passing packets both ways, until
 * `attack` is set: then it answers the named client events itself (as a server that
 * lies would), records what the client sent, and can inject packets to the client.
 */
class SocketInterceptor {
  attack = false;
  readonly sent: { event: string; payload: unknown }[] = [];
  private route?: WebSocketRoute;

  constructor(
    private readonly namespace: string,
    private readonly answered: readonly string[],
  ) {}

  async install(context: BrowserContext): Promise<void> {
    await context.routeWebSocket(/\/socket\.io\//, (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((message) => {
        const text = typeof message === 'string' ? message : '';
        const packet = new RegExp(`^42${this.namespace},(\\d+)(\\[.*\\])$`).exec(text);
        if (this.attack && packet) {
          const [event, payload] = JSON.parse(packet[2]!) as [string, unknown];
          if (this.answered.includes(event)) {
            this.route = ws;
            this.sent.push({ event, payload });
            ws.send(`43${this.namespace},${packet[1]}[{"ok":true,"data":null}]`);
            return;
          }
        }
        if (text.startsWith(`40${this.namespace}`) || text.startsWith(`42${this.namespace}`)) {
          this.route = ws;
        }
        server.send(message);
      });
      server.onMessage((message) => ws.send(message));
    });
  }

  /** Sends the client an event as if the server had. */
  inject(event: string, payload: unknown): void {
    if (!this.route) throw new Error('no socket seen yet');
    this.route.send(`42${this.namespace},${JSON.stringify([event, payload])}`);
  }

  async next(event: string): Promise<unknown> {
    let found: unknown;
    await eventually(() => {
      const hit = this.sent.find((s) => s.event === event);
      if (!hit) throw new Error(`no ${event} yet`);
      found = hit.payload;
    }, 10_000);
    return found;
  }

  private readonly contents: ChatContent[] = [];
  private read = 0;

  /** Everything of `chat:send` the attacker's session can open (each frame opened once). */
  opened(session: Session): ChatContent[] {
    for (const s of this.sent.slice(this.read)) {
      this.read += 1;
      if (s.event !== 'chat:send') continue;
      try {
        this.contents.push(openFrame(session, s.payload as WireFrame));
      } catch {
        // Not for this key (an earlier epoch's): the attacker cannot open it either.
      }
    }
    return [...this.contents];
  }
}

function mentions(contents: ChatContent[], canary: string): boolean {
  return JSON.stringify(contents).includes(canary);
}

test.describe('protocol v2 under attack', () => {
  test.beforeAll(async () => {
    await readyCrypto();
  });

  test('a stolen resume token gets no history; the console warns; the token then is dead', async ({
    browser,
    server,
  }) => {
    const counsellor = await counsellorPage(browser, server, 'astrid');
    const context = await browser.newContext();
    const { page } = await chatWithCanaries(context, server, counsellor);
    const { chatId, token } = await resumeRecord(page);

    // The thief replays the token from elsewhere, with a fresh key and no resume key.
    const { visitor: thief, result } = await TestVisitor.reload(server.url, chatId, token);
    expect(result.ok).toBe(true);
    await thief.started();
    await expect(counsellor.getByRole('alert')).toContainText('could not prove');
    await counsellor.waitForTimeout(1500);
    expect(thief.received).toEqual([]);
    expect(mentions(thief.received, CANARY_VISITOR)).toBe(false);
    // A second re-key proven with the key the thief got from the first: an unproven
    // key cannot vouch for itself, so still nothing earlier comes.
    const { visitor: again2 } = await TestVisitor.reload(
      server.url,
      chatId,
      thief.resumeToken!,
      {},
      thief.secret,
    );
    await again2.started();
    await expect(counsellor.getByRole('alert')).toContainText('could not prove');
    await counsellor.waitForTimeout(1500);
    expect(again2.received).toEqual([]);
    again2.close();
    // Used once, the token is dead: a second replay is refused.
    const { result: again } = await TestVisitor.reload(server.url, chatId, token);
    expect(again).toEqual({ ok: false, error: 'forbidden' });
    thief.close();
    await context.close();
    await counsellor.context().close();
  });

  test('a supervisor the server invents gets no key and no word, though the visitor said yes', async ({
    browser,
    server,
  }) => {
    const counsellor = await counsellorPage(browser, server, 'gunhild');
    const context = await browser.newContext();
    const relay = new SocketInterceptor('/visitor', [
      'chat:join-answer',
      'chat:join-key',
      'chat:member-send',
      'chat:join-end',
    ]);
    await relay.install(context);
    const { page, chat } = await chatWithCanaries(context, server, counsellor);
    const { chatId } = await resumeRecord(page);

    // The server says a supervisor asks to join, and answers for the join itself with a
    // key of its own; no console vouches for it in the chat's session (§23.3).
    relay.attack = true;
    relay.inject('chat:join-asked', { chatId, joinNumber: 1, alias: 'sigrid', role: 'supervisor' });
    await chat.getByRole('button', { name: 'Yes, they may join' }).click();
    await relay.next('chat:join-answer');
    const attacker = startMemberJoin();
    relay.inject('chat:join-key', { chatId, joinNumber: 1, publicKey: attacker.publicKey });

    // The visitor writes on: the volunteer reads it; the invented member gets nothing.
    await chat.getByRole('textbox', { name: 'Message' }).fill('typed after the yes');
    await chat.getByRole('button', { name: 'Send' }).click();
    await expect(counsellor.getByRole('log')).toContainText('typed after the yes');
    const events = relay.sent.map((sent) => sent.event);
    expect(events).toEqual(['chat:join-answer']);
    await context.close();
    await counsellor.context().close();
  });

  test("a re-key the server invents gets nothing from the visitor's screen", async ({
    browser,
    server,
  }) => {
    const counsellor = await counsellorPage(browser, server, 'bodil');
    const context = await browser.newContext();
    const relay = new SocketInterceptor('/visitor', ['chat:commit', 'chat:key', 'chat:send']);
    await relay.install(context);
    const { page, chat } = await chatWithCanaries(context, server, counsellor);
    const { chatId, secret } = await resumeRecord(page);
    expect(secret).toBeDefined();

    // The server claims the console reloaded, and answers with a key of its own.
    relay.attack = true;
    relay.inject('chat:recommit', { chatId, reason: 'reload' });
    const { commitment } = (await relay.next('chat:commit')) as { commitment: string };
    const attacker = startCounsellorHandshake();
    const epoch = secret!.epoch + 1;
    relay.inject('chat:started', {
      chatId,
      epoch,
      counsellorKey: attacker.publicKey,
      counsellorAlias: 'bodil',
    });
    const reveal = (await relay.next('chat:key')) as Parameters<
      typeof completeCounsellorHandshake
    >[2];
    const session = completeCounsellorHandshake(
      attacker.keyPair,
      { chatId, epoch, commitment },
      reveal,
    );

    await expect(chat.getByText(/could not confirm that this is the same volunteer/)).toBeVisible();
    await chat.getByRole('textbox', { name: 'Message' }).fill('typed after the re-key');
    await chat.getByRole('button', { name: 'Send' }).click();
    await eventually(() => {
      expect(relay.opened(session).length).toBeGreaterThan(0);
    }, 10_000);
    const opened = relay.opened(session);
    // The attacker's key gets what was typed after (the visitor was warned), never before.
    expect(JSON.stringify(opened)).toContain('typed after the re-key');
    expect(opened.some((content) => content.kind === 'history')).toBe(false);
    expect(mentions(opened, CANARY_VISITOR)).toBe(false);
    expect(mentions(opened, CANARY_COUNSELLOR)).toBe(false);
    await context.close();
    await counsellor.context().close();
  });

  test('a re-key the server invents gets nothing from the console', async ({ browser, server }) => {
    server.addUser('cecilia');
    const consoleContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const relay = new SocketInterceptor('/counsellor', ['chat:rekey', 'chat:send']);
    await relay.install(consoleContext);
    const counsellor = await consoleContext.newPage();
    await loginToConsole(counsellor, server.url, 'cecilia');
    await counsellor.getByRole('switch', { name: 'Available' }).check();
    const context = await browser.newContext();
    const { page } = await chatWithCanaries(context, server, counsellor);
    const { chatId, secret } = await resumeRecord(page);

    // The server claims the visitor reloaded, with a commitment of its own and no proof.
    relay.attack = true;
    const fake = startVisitorHandshake();
    const epoch = secret!.epoch + 1;
    relay.inject('chat:rekey', { chatId, epoch, commitment: fake.commitment });
    const offer = (await relay.next('chat:rekey')) as { publicKey: string; proof?: string };
    const { session, reveal } = completeVisitorHandshake(fake, {
      chatId,
      epoch,
      counsellorKey: offer.publicKey,
      counsellorAlias: 'cecilia',
    });
    relay.inject('chat:key', reveal);

    await expect(counsellor.getByRole('alert')).toContainText('could not prove');
    await counsellor.getByRole('textbox', { name: 'Message' }).fill('written after the warning');
    await counsellor.getByRole('button', { name: 'Send' }).click();
    await eventually(() => {
      expect(relay.opened(session).length).toBeGreaterThan(0);
    }, 10_000);
    const opened = relay.opened(session);
    expect(JSON.stringify(opened)).toContain('written after the warning');
    expect(opened.some((content) => content.kind === 'history')).toBe(false);
    expect(mentions(opened, CANARY_VISITOR)).toBe(false);
    expect(mentions(opened, CANARY_COUNSELLOR)).toBe(false);
    await context.close();
    await consoleContext.close();
  });

  test('what the visitor kept from a new volunteer stays kept when that console reloads', async ({
    browser,
    server,
  }) => {
    const maja = await counsellorPage(browser, server, 'maja2');
    const context = await browser.newContext();
    const { chat } = await chatWithCanaries(context, server, maja);
    const sam = await counsellorPage(browser, server, 'sam2');
    await chooseFirstColleague(maja);
    await maja
      .getByRole('textbox', { name: 'Note for your colleague' })
      .fill('NOTE-CANARY wants to report');
    await maja.getByRole('button', { name: 'Confirm hand-over' }).click();
    // The note, sealed in Maja's console to Sam's, opens in Sam's.
    await expect(sam.getByTestId('handover')).toContainText('NOTE-CANARY wants to report');
    const share = chat.getByRole('group', { name: /May sam2 read what you have written/ });
    await share.getByRole('button', { name: 'No, start afresh' }).click();
    await expect(
      chat.getByText('The new volunteer sees only what is written from now on.'),
    ).toBeVisible();
    await chat.getByRole('textbox', { name: 'Message' }).fill('said to sam only');
    await chat.getByRole('button', { name: 'Send' }).click();
    await expect(sam.getByRole('log')).toContainText('said to sam only');

    // Sam's console reloads: it gets back what Sam had seen, and not a word more.
    await sam.reload();
    await expect(sam.getByRole('log')).toContainText('said to sam only');
    await expect(sam.getByRole('log')).not.toContainText(CANARY_VISITOR);
    await expect(sam.getByRole('log')).not.toContainText(CANARY_COUNSELLOR);
    await context.close();
    await maja.context().close();
    await sam.context().close();
  });
});
