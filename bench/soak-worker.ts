import { performance } from 'node:perf_hooks';
import { io } from 'socket.io-client';
import {
  CounsellorController,
  type CounsellorSocket,
} from '../client/console/counsellor.controller.js';
import {
  VisitorChatController,
  type VisitorSocket,
} from '../client/widget/visitor-chat.controller.js';
import { readyCrypto } from '../shared/crypto/chat.js';
import { between, prng } from './prng.js';

/*
 * The soak's load generator (bench/soak.ts starts it as a child process, so that the
 * orchestrator's balancer and kills never wait for it, nor it for them). It runs the
 * real widget and console controllers in Node, one visitor and one console per chat,
 * each with its own connection through the balancer, and has both sides write at
 * random intervals. Every text carries its side, chat and sequence number; each side
 * records when a text first reached the other's screen, and whether it came twice.
 */

export type SoakCommand =
  | { kind: 'start'; url: string; cookies: string[]; seed: number }
  | { kind: 'stop'; drainMs: number };

export type SoakReply =
  | { kind: 'ready'; chats: number }
  | { kind: 'progress'; sent: number; delivered: number; keyed: number }
  | {
      kind: 'result';
      chats: number;
      sent: number;
      delivered: number;
      lost: number;
      duplicated: number;
      chatsBroken: number;
      latencies: number[];
      /** A few lost texts and broken chats, to start looking from. */
      examples: string[];
    }
  | { kind: 'error'; message: string };

const host = () => {
  const listeners = new Set<() => void>();
  return {
    addController: () => undefined,
    removeController: () => undefined,
    requestUpdate: () => listeners.forEach((listener) => listener()),
    updateComplete: Promise.resolve(true),
    onUpdate: (listener: () => void) => listeners.add(listener),
  };
};

/** What one side wrote: when, by text. */
const sentAt = new Map<string, number>();
/** When each text first reached the other side's screen. */
const arrivedAt = new Map<string, number>();
let duplicated = 0;

interface Pair {
  index: number;
  visitor: VisitorChatController;
  console: CounsellorController;
  chatId?: string;
  /** Sequence numbers used so far, per side. */
  seq: { v: number; c: number };
  timers: ReturnType<typeof setTimeout>[];
}

function send(message: SoakReply): void {
  process.send?.(message);
}

/** Watches one screen: each new line from the other side is recorded once. */
function watch(
  onUpdate: (listener: () => void) => void,
  lines: () => readonly { id: string; from: string; text: string }[],
): void {
  const seenIds = new Set<string>();
  const seenTexts = new Set<string>();
  let last: unknown;
  onUpdate(() => {
    const now = lines();
    if (now === last) return;
    last = now;
    for (const line of now) {
      if (line.from === 'me' || seenIds.has(line.id)) continue;
      seenIds.add(line.id);
      const text = line.text.split(' ')[0] ?? '';
      if (seenTexts.has(text)) duplicated += 1;
      seenTexts.add(text);
      if (!arrivedAt.has(text)) arrivedAt.set(text, performance.now());
    }
  });
}

async function openPair(index: number, url: string, cookie: string): Promise<Pair> {
  const visitorHost = host();
  const visitor = new VisitorChatController(visitorHost, url, {
    openSocket: (): VisitorSocket =>
      io(`${url}/visitor`, {
        forceNew: true,
        transports: ['websocket'],
        reconnectionDelayMax: 4000,
        // Each visitor from its own (documentation) address, as the balancer would say.
        extraHeaders: { 'x-forwarded-for': `198.18.${index >> 8}.${index & 255}` },
      }),
  });
  const consoleHost = host();
  const console = new CounsellorController(
    consoleHost,
    () => process.stderr.write(`console ${index}: signed out\n`),
    (): CounsellorSocket =>
      io(`${url}/counsellor`, {
        forceNew: true,
        transports: ['websocket'],
        extraHeaders: { cookie },
      }),
  );
  const pair: Pair = { index, visitor, console, seq: { v: 0, c: 0 }, timers: [] };
  watch(visitorHost.onUpdate, () => visitor.lines);
  watch(consoleHost.onUpdate, () => (pair.chatId && console.chats.get(pair.chatId)?.lines) || []);
  await console.connect();
  await until(() => console.connected, 30_000, `console ${index} connected`);
  const refused = await console.setAvailable(true, 1);
  if (refused) throw new Error(`console ${index}: presence refused (${refused})`);
  return pair;
}

async function until(ok: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The chat id the widget holds (private to it: the soak only reads it). */
function visitorChatId(visitor: VisitorChatController): string | undefined {
  return (visitor as unknown as { chatId?: string }).chatId;
}

/** Writes one text from one side, if that side can write now; counts it once on screen. */
function write(pair: Pair, side: 'v' | 'c'): void {
  const seq = pair.seq[side] + 1;
  const text = `${side}${pair.index}#${seq}`;
  const body = `${text} ${'lorem ipsum '.repeat(seq % 5)}`.trim();
  const { visitor, console, chatId } = pair;
  if (side === 'v') {
    if (visitor.phase !== 'chat') return;
    visitor.send(body);
    if (!visitor.lines.some((line) => line.from === 'me' && line.text === body)) return;
  } else {
    if (!chatId || console.chats.get(chatId)?.status !== 'active') return;
    console.send(chatId, body);
    const lines = console.chats.get(chatId)?.lines ?? [];
    if (!lines.some((line) => line.from === 'me' && line.text === body)) return;
  }
  pair.seq[side] = seq;
  sentAt.set(text, performance.now());
}

let stopped = false;

function schedule(pair: Pair, side: 'v' | 'c', random: () => number): void {
  const timer = setTimeout(
    () => {
      if (stopped) return;
      write(pair, side);
      schedule(pair, side, random);
    },
    between(random, 1000, 6000),
  );
  pair.timers.push(timer);
}

const pairs: Pair[] = [];

async function start(url: string, cookies: string[], seed: number): Promise<void> {
  await readyCrypto();
  const random = prng(seed);
  // Consoles first (all available), then the visitors, a few at a time.
  for (const [index, cookie] of cookies.entries()) pairs.push(await openPair(index, url, cookie));
  for (const pair of pairs) {
    await pair.visitor.open();
    await pair.visitor.start('adult', 'sv');
    if (pair.visitor.phase === 'idle') {
      throw new Error(`visitor ${pair.index}: could not join (${pair.visitor.error})`);
    }
  }
  // Each console takes one visitor (capacity 1): whichever is next in the queue.
  for (const pair of pairs) {
    const deadline = Date.now() + 60_000;
    while (!pair.chatId) {
      const result = await pair.console.acceptNext();
      if ('chatId' in result) pair.chatId = result.chatId;
      else if (Date.now() > deadline) throw new Error(`console ${pair.index}: ${result.error}`);
      else await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  // The widget whose chat each console took: the pair's visitor is that one.
  const byChat = new Map(pairs.map((pair) => [visitorChatId(pair.visitor), pair.visitor]));
  for (const pair of pairs) {
    const visitor = byChat.get(pair.chatId);
    if (!visitor) throw new Error(`no widget holds chat ${pair.chatId}`);
    pair.visitor = visitor;
  }
  await until(
    () =>
      pairs.every(
        (pair) =>
          pair.visitor.phase === 'chat' &&
          pair.console.chats.get(pair.chatId ?? '')?.status === 'active',
      ),
    60_000,
    'every chat keyed',
  );
  for (const pair of pairs) {
    schedule(pair, 'v', prng(Math.floor(random() * 2 ** 32)));
    schedule(pair, 'c', prng(Math.floor(random() * 2 ** 32)));
  }
  setInterval(() => {
    send({
      kind: 'progress',
      sent: sentAt.size,
      delivered: [...sentAt.keys()].filter((text) => arrivedAt.has(text)).length,
      keyed: pairs.filter((pair) => pair.visitor.phase === 'chat').length,
    });
  }, 30_000).unref();
  send({ kind: 'ready', chats: pairs.length });
}

function broken(pair: Pair): string | undefined {
  const chat = pair.console.chats.get(pair.chatId ?? '');
  if (pair.visitor.phase !== 'chat' || chat?.status !== 'active') {
    return `chat ${pair.index}: widget ${pair.visitor.phase}${pair.visitor.endReason ? ` (${pair.visitor.endReason})` : ''}${pair.visitor.error ? ` error ${pair.visitor.error}` : ''}, console ${chat?.status ?? 'gone'}${chat?.endReason ? ` (${chat.endReason})` : ''}`;
  }
  return undefined;
}

/** A lost text, with the state its line has on the sender's screen. */
function describeLost(text: string): string {
  const [, side, index] = /^([vc])(\d+)#/.exec(text) ?? [];
  const pair = pairs[Number(index)];
  const lines =
    side === 'v' ? pair?.visitor.lines : pair?.console.chats.get(pair.chatId ?? '')?.lines;
  const line = lines?.find((l) => l.from === 'me' && l.text.split(' ')[0] === text);
  return `lost ${text} (${line?.state ?? 'not on screen'}; ${pair ? (broken(pair) ?? 'chat live') : '?'})`;
}

async function stop(drainMs: number): Promise<void> {
  stopped = true;
  for (const pair of pairs) pair.timers.forEach(clearTimeout);
  const undelivered = () => [...sentAt.keys()].filter((text) => !arrivedAt.has(text));
  const deadline = Date.now() + drainMs;
  while (undelivered().length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const lost = undelivered();
  const latencies = [...sentAt].flatMap(([text, at]) => {
    const arrived = arrivedAt.get(text);
    return arrived === undefined ? [] : [arrived - at];
  });
  const brokenChats = pairs.flatMap((pair) => broken(pair) ?? []);
  send({
    kind: 'result',
    chats: pairs.length,
    sent: sentAt.size,
    delivered: latencies.length,
    lost: lost.length,
    duplicated,
    chatsBroken: brokenChats.length,
    latencies,
    examples: [...lost.slice(0, 10).map(describeLost), ...brokenChats.slice(0, 10)],
  });
}

process.on('message', (command: SoakCommand) => {
  const run =
    command.kind === 'start'
      ? start(command.url, command.cookies, command.seed)
      : stop(command.drainMs);
  run.catch((error: unknown) =>
    send({ kind: 'error', message: error instanceof Error ? error.message : String(error) }),
  );
});
