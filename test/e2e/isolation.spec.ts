import { randomBytes } from 'node:crypto';
import type { Browser } from '@playwright/test';
import {
  FRAME,
  availableCounsellor,
  chatFrame,
  expect,
  frameStorage,
  safetyWords,
  test,
  type RunningServer,
} from './fixtures.js';

const SHOTS = 'test-results/screenshots';
const RESUME_KEY = 'jour-chat:resume';
/** Where the hostile page keeps what it saw, on its own origin, across reloads and the exit. */
const LOOT = '__captured';
/** Every field a message of client/widget/bridge.ts may have: none carries content. */
const BRIDGE_FIELDS = ['channel', 'type', 'active', 'count', 'language', 'url'];

/* eslint-disable @typescript-eslint/unbound-method -- it keeps the page's own methods to
   call them, with .call(), from its wrappers */
/**
 * Everything a script of the host page could see, started before the widget loads: an
 * analytics tag, a tag manager or an XSS at its most curious. It forces every shadow
 * root open, wraps the network and every event listener, listens to every keystroke
 * and message, watches every text and attribute, and copies the storage. It keeps it
 * all on `window.__captured` and in the page's localStorage, so it survives a reload
 * and the quick exit.
 *
 * Serialised into the page as it is: it must not use anything of this module.
 */
function hostileScript(lootKey: string): void {
  const seen = new Set<string>(JSON.parse(localStorage.getItem(lootKey) ?? '[]') as string[]);
  Object.assign(window, { __captured: seen });
  let keys = '';
  const asText = (value: unknown): string => {
    if (typeof value === 'string') return value;
    try {
      return JSON.stringify(value) ?? String(value);
    } catch {
      return String(value);
    }
  };
  const record = (kind: string, value: unknown): void => {
    if (value === undefined || value === null || value === '') return;
    seen.add(`${kind}:${asText(value)}`);
  };
  const setItem = Storage.prototype.setItem;
  const flush = (): void => {
    try {
      setItem.call(localStorage, lootKey, JSON.stringify([...seen, `keys:${keys}`]));
    } catch {
      // Full: what is on window.__captured still counts.
    }
  };
  const nativeAdd = EventTarget.prototype.addEventListener;
  const nativeRemove = EventTarget.prototype.removeEventListener;

  const storage = (store: Storage): Record<string, string> => {
    const contents: Record<string, string> = {};
    for (let i = 0; i < store.length; i++) {
      const key = store.key(i)!;
      if (key !== lootKey) contents[key] = store.getItem(key) ?? '';
    }
    return contents;
  };
  const snapshotStorage = (): void => {
    record('session-storage', storage(sessionStorage));
    record('local-storage', storage(localStorage));
  };

  const peek = (frame: HTMLIFrameElement): void => {
    try {
      const document = frame.contentDocument;
      if (document) {
        record('frame-read', document.documentElement.outerHTML);
        walk(document);
      } else record('frame-access', 'blocked');
    } catch {
      record('frame-access', 'blocked');
    }
    try {
      record('frame-read', storage(frame.contentWindow!.sessionStorage));
    } catch {
      record('frame-access', 'blocked');
    }
  };

  const roots: ShadowRoot[] = [];
  // By node type, not instanceof: nodes of a frame it can reach belong to another realm.
  const walk = (node: Node): void => {
    if (node.nodeType === Node.TEXT_NODE) record('text', node.nodeValue);
    if (node.nodeType === Node.ELEMENT_NODE) {
      const element = node as Element;
      for (const attribute of Array.from(element.attributes)) {
        record('attribute', `${attribute.name}=${attribute.value}`);
      }
      if (/^(input|textarea)$/i.test(element.localName)) {
        record('value', (element as HTMLInputElement).value);
      }
      if (element.localName === 'iframe') peek(element as HTMLIFrameElement);
      if (element.shadowRoot) walk(element.shadowRoot);
    }
    for (const child of Array.from(node.childNodes)) walk(child);
  };
  const observe = (target: Node): void => {
    new MutationObserver((mutations) => {
      for (const mutation of mutations) {
        if (mutation.type === 'characterData') record('text', mutation.target.nodeValue);
        else if (mutation.type === 'attributes' && mutation.target instanceof Element) {
          const name = mutation.attributeName!;
          record('attribute', `${name}=${mutation.target.getAttribute(name)}`);
        } else mutation.addedNodes.forEach(walk);
      }
    }).observe(target, { subtree: true, characterData: true, attributes: true, childList: true });
  };
  observe(document);

  const attachShadow = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (this: Element, init: ShadowRootInit): ShadowRoot {
    const root = attachShadow.call(this, { ...init, mode: 'open' });
    roots.push(root);
    record('shadow-root', this.localName);
    observe(root);
    return root;
  };

  const describe = (event: Event): void => {
    const origin = event.composedPath()[0] ?? event.target;
    const seenOf: Record<string, unknown> = { type: event.type };
    if ('key' in event) seenOf.key = event.key;
    if ('data' in event) seenOf.data = event.data;
    if (event instanceof MessageEvent) seenOf.origin = event.origin;
    if (event instanceof ClipboardEvent) seenOf.clipboard = event.clipboardData?.getData('text');
    if (origin instanceof HTMLInputElement || origin instanceof HTMLTextAreaElement) {
      seenOf.value = origin.value;
    } else if (origin instanceof Node) seenOf.text = origin.textContent;
    record('event', seenOf);
  };

  // Every listener anybody on this page adds (the widget's own too) reports first.
  const wrappers = new WeakMap<object, Map<string, EventListener>>();
  EventTarget.prototype.addEventListener = function (
    this: EventTarget,
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions,
  ): void {
    record('listener', type);
    if (!listener) return nativeAdd.call(this, type, listener, options);
    let byType = wrappers.get(listener);
    if (!byType) wrappers.set(listener, (byType = new Map<string, EventListener>()));
    let wrapped = byType.get(type);
    if (!wrapped) {
      wrapped = function (this: unknown, event: Event): void {
        describe(event);
        if (typeof listener === 'function') listener.call(this, event);
        else listener.handleEvent(event);
      };
      byType.set(type, wrapped);
    }
    nativeAdd.call(this, type, wrapped, options);
  };
  EventTarget.prototype.removeEventListener = function (
    this: EventTarget,
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | EventListenerOptions,
  ): void {
    const wrapped = listener ? wrappers.get(listener)?.get(type) : undefined;
    nativeRemove.call(this, type, wrapped ?? listener, options);
  };
  const everything = ['message', 'keydown', 'keyup', 'keypress', 'input', 'beforeinput'];
  for (const type of [...everything, 'paste', 'copy']) {
    for (const target of [window, document]) nativeAdd.call(target, type, describe, true);
  }
  nativeAdd.call(
    window,
    'keydown',
    (event: Event) => {
      const key = (event as KeyboardEvent).key;
      if (key.length === 1) keys += key;
    },
    true,
  );

  // The network, as the page's own scripts (and the widget's, were it here) use it.
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      record('websocket', String(url));
      nativeAdd.call(this, 'message', (event: Event) => {
        const data = (event as MessageEvent).data as unknown;
        record('websocket-in', typeof data === 'string' ? data : '[binary]');
      });
    }
    override send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
      record('websocket-out', typeof data === 'string' ? data : '[binary]');
      super.send(data);
    }
  };
  const nativeFetch = window.fetch;
  window.fetch = function (input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    record('fetch', input instanceof Request ? input.url : String(input));
    if (typeof init?.body === 'string') record('fetch-body', init.body);
    return nativeFetch.call(window, input, init);
  };
  const open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (this: XMLHttpRequest, ...args: unknown[]): void {
    record('xhr', `${String(args[0])} ${String(args[1])}`);
    Reflect.apply(open, this, args);
  };
  const send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function (this: XMLHttpRequest, body?: unknown): void {
    record('xhr-body', typeof body === 'string' ? body : '[binary]');
    Reflect.apply(send, this, [body]);
  };
  const beacon = navigator.sendBeacon;
  navigator.sendBeacon = (url: string | URL, data?: BodyInit | null): boolean => {
    record('beacon', `${String(url)} ${typeof data === 'string' ? data : ''}`);
    return beacon.call(navigator, url, data);
  };

  const scan = (): void => {
    walk(document);
    for (const root of roots) walk(root);
    for (let i = 0; i < window.frames.length; i++) {
      try {
        record('frame-read', window.frames[i]!.document.documentElement.outerHTML);
      } catch {
        record('frame-access', 'blocked');
      }
    }
    for (const entry of performance.getEntriesByType('resource')) record('resource', entry.name);
    snapshotStorage();
  };
  setInterval(scan, 200);
  setInterval(flush, 100);
  nativeAdd.call(window, 'pagehide', () => {
    scan();
    flush();
  });

  // The page's own content, in a closed shadow root of its own: the control that
  // closed roots are opened and watched. (No private fields: the test runner's
  // transform would turn them into helpers this page does not have.)
  const cardRoots = new WeakMap<HTMLElement, ShadowRoot>();
  customElements.define(
    'city-card',
    class extends HTMLElement {
      constructor() {
        super();
        cardRoots.set(this, this.attachShadow({ mode: 'closed' }));
      }
      show(text: string): void {
        const paragraph = document.createElement('p');
        paragraph.textContent = text;
        cardRoots.get(this)!.append(paragraph);
      }
    },
  );
}

/* eslint-enable @typescript-eslint/unbound-method */

/** The hostile page's HTML: its script first, then the widget as the city embeds it. */
function hostilePage(server: RunningServer): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>The city</title>
    <script>(${hostileScript.toString()})(${JSON.stringify(LOOT)});</script>
    <script type="module" src="${server.url}/widget/jour-chat.js"></script></head>
    <body><h1>Crime prevention</h1>
    <label>Search the city site <input type="search" name="q"></label>
    <city-card></city-card>
    <jour-chat lang="en"></jour-chat></body></html>`;
}

const unique = () => randomBytes(6).toString('hex').toUpperCase();

interface Spied {
  /** Everything the page's script recorded, over both page loads and the exit. */
  captured: string[];
  /** What it must not have: the words of the chat, the resume records' ids, tokens, keys. */
  secrets: string[];
  /** What it must have: what the page itself showed, typed and posted. */
  controls: { typed: string; shadow: string; message: string };
}

/**
 * A whole chat on the hostile page, served from the city's origin or the chat server's:
 * canaries both ways, a reload mid-chat, then quick exit. Returns what the page's script
 * recorded (read back after the exit from a plain page of the same origin).
 */
async function chatUnderSpy(
  browser: Browser,
  server: RunningServer,
  options: { origin: 'host' | 'chat'; viewport: { width: number; height: number } },
  shots: string,
): Promise<Spied> {
  const canaries = {
    visitor: [`CANARY-VISITOR-${unique()}`, `CANARY-VISITOR-${unique()}`],
    counsellor: [`CANARY-COUNSELLOR-${unique()}`, `CANARY-COUNSELLOR-${unique()}`],
  };
  const controls = {
    typed: `CONTROL-TYPED-${unique()}`,
    shadow: `CONTROL-SHADOW-${unique()}`,
    message: `CONTROL-MESSAGE-${unique()}`,
  };
  const counsellor = await availableCounsellor(browser, server, `ines-${unique().toLowerCase()}`);
  const context = await browser.newContext({ viewport: options.viewport });
  await context.route(/google\.com/, (route) =>
    route.fulfill({ contentType: 'text/html', body: '<title>Väder</title><p>neutral</p>' }),
  );
  const origin = options.origin === 'host' ? server.hostUrl : server.url;
  const url = `${origin}/${shots}.html`;
  const plainUrl = `${origin}/plain.html`;
  for (const [address, body] of [
    [url, hostilePage(server)],
    [plainUrl, '<!doctype html><title>plain</title>'],
  ] as const) {
    // The city's origin is a real server: Chromium lets no page made up by the test
    // reach the loopback address the chat server is on.
    if (options.origin === 'host') server.hostPages.set(new URL(address).pathname, body);
    else await context.route(address, (route) => route.fulfill({ contentType: 'text/html', body }));
  }
  const page = await context.newPage();
  await page.goto(url);

  // What the page itself has and does, its script does see.
  await page.getByRole('searchbox', { name: 'Search the city site' }).click();
  await page.keyboard.type(controls.typed);
  await page.locator('city-card').evaluate((card, text) => {
    (card as HTMLElement & { show(text: string): void }).show(text);
  }, controls.shadow);
  await page.evaluate((text) => postMessage({ control: text }, '*'), controls.message);

  const chat = chatFrame(page);
  await page.getByRole('button', { name: 'Open chat' }).click();
  await chat.getByRole('button', { name: 'I am 20 or older' }).click();
  await expect(chat.getByText(/You are number \d+ in the queue\./)).toBeVisible();
  await counsellor.getByRole('button', { name: 'Accept next chat' }).click();
  const message = chat.getByRole('textbox', { name: 'Message' });
  // Typed key by key, as a person does.
  await message.pressSequentially(canaries.visitor[0]!);
  await page.keyboard.press('Enter');
  await expect(counsellor.getByRole('log')).toContainText(canaries.visitor[0]!);
  await counsellor.getByRole('textbox', { name: 'Message' }).fill(canaries.counsellor[0]!);
  await counsellor.getByRole('button', { name: 'Send' }).click();
  await expect(chat.getByRole('log')).toContainText(canaries.counsellor[0]!);
  const before = (await frameStorage(page)).session[RESUME_KEY]!;
  await page.screenshot({ path: `${SHOTS}/${shots}-chat.png` });

  // A reload mid-chat: the chat comes back inside the frame.
  await page.reload();
  await expect(chat.getByText('You are back in your chat.')).toBeVisible();
  await expect(chat.getByRole('log')).toContainText(canaries.visitor[0]!);
  await expect(chat.getByRole('log')).toContainText(canaries.counsellor[0]!);
  await message.pressSequentially(canaries.visitor[1]!);
  await page.keyboard.press('Enter');
  await expect(counsellor.getByRole('log')).toContainText(canaries.visitor[1]!);
  await counsellor.getByRole('textbox', { name: 'Message' }).fill(canaries.counsellor[1]!);
  await counsellor.getByRole('button', { name: 'Send' }).click();
  await expect(chat.getByRole('log')).toContainText(canaries.counsellor[1]!);
  const words = await safetyWords(chat);
  expect(words).toBe(await safetyWords(counsellor));
  const after = (await frameStorage(page)).session[RESUME_KEY]!;
  await page.screenshot({ path: `${SHOTS}/${shots}-resumed.png` });

  // Let the page's script scan once more with everything on screen, then leave.
  await page.waitForTimeout(500);
  const live = await page.evaluate(() => [
    ...(window as unknown as { __captured: Set<string> }).__captured,
  ]);
  await chat.getByRole('button', { name: 'Quick exit' }).click();
  await page.waitForURL(/google\.com/);
  await expect(counsellor.getByText('The visitor ended the chat.', { exact: true })).toBeVisible();
  await page.goto(plainUrl);
  const kept = await page.evaluate(
    (key) => JSON.parse(localStorage.getItem(key) ?? '[]') as string[],
    LOOT,
  );
  // Its frame went with the chat.
  await page.goto(url);
  await expect(page.locator(FRAME)).toHaveCount(0);
  await context.close();
  await counsellor.context().close();

  // Every value of the resume records that could be an id, a token or a key (not the
  // route's name), however the record is shaped.
  const values = (value: unknown): string[] =>
    typeof value === 'string'
      ? [value]
      : typeof value === 'object' && value !== null
        ? Object.values(value).flatMap(values)
        : [];
  const records = [before, after].map(
    (json) => JSON.parse(json) as { chatId: string; token: string },
  );
  const secrets = [
    ...canaries.visitor,
    ...canaries.counsellor,
    ...new Set(records.flatMap(values).filter((value) => value.length >= 16)),
    words,
  ];
  for (const { chatId, token } of records) {
    expect(secrets).toEqual(expect.arrayContaining([chatId, token]));
  }
  return { captured: [...new Set([...live, ...kept])], secrets, controls };
}

/** The script saw what is the page's own: keys typed, closed shadow roots, messages, storage. */
function expectControlsSeen({ captured, controls }: Spied): void {
  expect(captured).toContainEqual(expect.stringContaining(`keys:${controls.typed}`));
  expect(captured).toContainEqual(
    expect.stringMatching(new RegExp(`^event:.*"value":"${controls.typed}"`)),
  );
  expect(captured).toContain(`text:${controls.shadow}`);
  expect(captured).toContainEqual(
    expect.stringMatching(new RegExp(`^event:.*"data":\\{"control":"${controls.message}"\\}`)),
  );
  expect(captured).toContain('shadow-root:jour-chat');
  expect(captured).toContain('session-storage:{"jour-chat:active":"1"}');
}

test.describe('the chat on a hostile host page', () => {
  for (const [device, viewport] of [
    ['desktop', { width: 1280, height: 800 }],
    ['phone', { width: 390, height: 844 }],
  ] as const) {
    test(`on a ${device}, a script of the page learns nothing of the chat: no word, no token, no key`, async ({
      browser,
      server,
    }) => {
      const spied = await chatUnderSpy(
        browser,
        server,
        { origin: 'host', viewport },
        `widget-hostile-${device}`,
      );
      const { captured, secrets } = spied;
      // Were the chat in the page, it would be seen the same way as these.
      expectControlsSeen(spied);

      // And nothing of the chat: not a word either way, not the token or the chat's id
      // of either resume record, not the safety words.
      for (const secret of secrets) {
        expect(
          captured.filter((entry) => entry.includes(secret)),
          `what the page saw of ${secret}`,
        ).toEqual([]);
      }
      expect(captured.join('\n')).not.toContain('CANARY');
      // The page tried to look into the frame and could not; the widget used no network
      // of this page.
      expect(captured).toContain('frame-access:blocked');
      expect(captured.filter((entry) => /^frame-read:.*jour-chat-panel/s.test(entry))).toEqual([]);
      expect(captured.filter((entry) => /^(websocket|fetch|xhr|beacon)/.test(entry))).toEqual([]);
      // What the frame told the page, which the page's script reads too: state only.
      const told = captured
        .filter((entry) => entry.startsWith('event:') && entry.includes('"channel":"jour-chat/1"'))
        .map((entry) => (JSON.parse(entry.slice('event:'.length)) as { data: object }).data);
      expect(told).toContainEqual(expect.objectContaining({ type: 'ready' }));
      const fields = new Set(told.flatMap((message) => Object.keys(message)));
      expect([...fields].filter((field) => !BRIDGE_FIELDS.includes(field))).toEqual([]);
      // The page's storage never held more than "a chat is open".
      const stored = captured
        .filter((entry) => /^(session|local)-storage:/.test(entry))
        .flatMap((entry) => Object.keys(JSON.parse(entry.replace(/^[a-z-]+:/, '')) as object));
      expect([...new Set(stored)]).toEqual(['jour-chat:active']);
    });
  }

  test('the same script on a page of the chat server’s own origin does see the chat (the control)', async ({
    browser,
    server,
  }) => {
    // Same origin as the frame: nothing keeps the page's script out. This is what the
    // test above would find if the chat were not isolated from the city's page.
    const spied = await chatUnderSpy(
      browser,
      server,
      { origin: 'chat', viewport: { width: 1280, height: 800 } },
      'widget-same-origin',
    );
    expectControlsSeen(spied);
    for (const secret of spied.secrets) {
      expect(
        spied.captured.some((entry) => entry.includes(secret)),
        secret,
      ).toBe(true);
    }
  });
});
