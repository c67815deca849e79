import { randomBytes } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import {
  completeCounsellorHandshake,
  completeVisitorHandshake,
  openAndConfirm,
  readyCrypto,
  sealText,
  makeOffer,
  startCounsellorHandshake,
  startVisitorHandshake,
} from '../shared/crypto/chat.js';
import type { Session } from '../shared/crypto/session.js';
import type {
  ChatAccepted,
  ChatStarted,
  KeyReveal,
  WireFrame,
} from '../shared/protocol/schemas.js';

/*
 * One benchmark client process: some visitor/counsellor pairs, with the real crypto.
 * Driven by the orchestrator (bench/run.ts) over IPC, one phase at a time.
 *
 * In replay mode (the server-capacity run) each end still keys its chat for real, then
 * seals a handful of frames once and sends those over and over; the receiving end
 * answers the receipt without opening the frame. On the wire nothing differs (a valid
 * header, a sealed body, an ok receipt), so the server does all of its work while the
 * client does almost none: one core of clients can load one core of server.
 */

export type WorkerCommand =
  | { kind: 'idle'; url: string; count: number }
  | {
      kind: 'setup';
      mode: 'ours' | 'baseline';
      visitorUrl: string;
      counsellorUrl: string;
      cookies: string[];
      /** Seal frames of this many bytes once and replay them; answer receipts unopened. */
      replay?: { size: number };
    }
  | {
      kind: 'load';
      rate: number;
      durationMs: number;
      size: number;
      activePairs?: number;
      /** After sending, wait this long at most for the last frames and their receipts. */
      drainMs: number;
    }
  | { kind: 'close' };

export type WorkerReply =
  | { kind: 'done' }
  | { kind: 'error'; message: string }
  | {
      kind: 'load';
      sent: number;
      received: number;
      failed: number;
      latencies: number[];
      /** Sockets of this process that the server has dropped so far. */
      dropped: number;
    };

interface End {
  socket: Socket;
  session?: Session;
  /** How this end sends a frame: our `chat:send` with a receipt, or the baseline's `msg`. */
  send(frame: WireFrame): void;
  /** Replay mode: frames sealed once, sent in turn. */
  sealed?: WireFrame[];
  next?: number;
}

const ACK_MS = 10_000;
/** Frames sealed per end for replay: more than can be on their way at once. */
const SEALED_PER_END = 32;
const sockets: Socket[] = [];
const ends: End[] = [];
let failed = 0;
let latencies: number[] = [];
let received = 0;
/** Frames sent in this phase, and the senders' acks that have come back for them. */
let sent = 0;
let answered = 0;
let measuring = false;
let replay = false;
let dropped = 0;
/** Replay mode: when each frame on its way was sent, by its nonce (unique per frame). */
const sentAt = new Map<string, number>();

/** The sender's ack: the frame was delivered (the peer's receipt came back) or not. */
function onAnswer(answer: { ok: boolean }): void {
  if (!measuring) return;
  answered += 1;
  if (!answer.ok) failed += 1;
}

function startPhase(): void {
  latencies = [];
  received = 0;
  failed = 0;
  sent = 0;
  answered = 0;
  measuring = true;
}

/** Until every frame sent has arrived and been answered, or `drainMs` has passed. */
async function endPhase(drainMs: number) {
  const deadline = Date.now() + drainMs;
  while ((received < sent || answered < sent) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  measuring = false;
  return { sent, received, failed, latencies, dropped };
}

function reply(message: WorkerReply): void {
  process.send?.(message);
}

function connect(url: string, cookie?: string): Promise<Socket> {
  const socket = io(url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    ...(cookie && { extraHeaders: { cookie } }),
  });
  sockets.push(socket);
  socket.on('disconnect', (reason) => {
    if (reason !== 'io client disconnect') dropped += 1;
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

async function ask<T>(socket: Socket, event: string, payload: unknown): Promise<T> {
  const result = (await socket.timeout(ACK_MS).emitWithAck(event, payload)) as
    { ok: true; data: T } | { ok: false; error: string };
  if (!result.ok) throw new Error(`${event}: ${result.error}`);
  return result.data;
}

/** Counts a frame that arrived: its latency from the send time written in it. */
function onText(text: string): void {
  const at = Number(text.slice(0, text.indexOf(' ')));
  if (!measuring) return;
  received += 1;
  latencies.push(Date.now() - at);
}

/** Replay mode: a frame arrived; its receipt is sent unopened. */
function onReplayed(frame: WireFrame, receipt?: (r: { ok: boolean }) => void): void {
  if (typeof receipt === 'function') receipt({ ok: true });
  const at = sentAt.get(frame.nonce);
  if (at === undefined) return;
  sentAt.delete(frame.nonce);
  if (!measuring) return;
  received += 1;
  latencies.push(Date.now() - at);
}

/** How an end takes a frame in: opened and confirmed, or (replay) confirmed unopened. */
function receiver(end: End) {
  return (frame: WireFrame, receipt?: (r: { ok: boolean }) => void) => {
    if (replay) return onReplayed(frame, receipt);
    const content = openAndConfirm(end.session, frame, receipt);
    if (content?.kind === 'text') onText(content.text);
  };
}

function receiveOurs(end: End): void {
  end.socket.on('chat:message', receiver(end));
}

/**
 * Replay mode: the ends just set up seal their frames now, once and never again, a
 * pair at a time so the sockets keep answering the server's pings meanwhile.
 */
async function sealAhead(size: number): Promise<void> {
  const filler = 'x'.repeat(size);
  for (const end of ends) {
    const session = end.session;
    if (!session || end.sealed) continue;
    end.sealed = Array.from({ length: SEALED_PER_END }, (_, i) =>
      sealText(session, `${i} ${filler}`),
    );
    end.next = 0;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

async function setupOurs(visitorUrl: string, counsellorUrl: string, cookies: string[]) {
  for (const cookie of cookies) {
    const visitorSocket = await connect(`${visitorUrl}/visitor`);
    const counsellorSocket = await connect(`${counsellorUrl}/counsellor`, cookie);
    const visitor: End = {
      socket: visitorSocket,
      send: (frame) => visitorSocket.emit('chat:send', frame, onAnswer),
    };
    const counsellor: End = {
      socket: counsellorSocket,
      send: (frame) => counsellorSocket.emit('chat:send', frame, onAnswer),
    };
    receiveOurs(visitor);
    receiveOurs(counsellor);
    await ask(counsellorSocket, 'presence:set', { available: true, capacity: 1 });

    const pending = startVisitorHandshake();
    const started = new Promise<ChatStarted>((resolve) =>
      visitorSocket.once('chat:started', resolve),
    );
    const keyed = new Promise<KeyReveal>((resolve) => counsellorSocket.once('chat:key', resolve));
    await ask(visitorSocket, 'queue:join', { route: 'adult', commitment: pending.commitment });
    const accepted = await ask<ChatAccepted>(counsellorSocket, 'queue:accept', {});
    const { keyPair } = startCounsellorHandshake();
    await ask(counsellorSocket, 'chat:rekey', makeOffer(keyPair, accepted));
    const { session, reveal } = completeVisitorHandshake(pending, await started);
    visitor.session = session;
    await ask(visitorSocket, 'chat:key', reveal);
    counsellor.session = completeCounsellorHandshake(keyPair, accepted, await keyed);
    ends.push(visitor, counsellor);
  }
}

async function setupBaseline(url: string, pairs: number) {
  for (let i = 0; i < pairs; i++) {
    const pairId = randomBytes(8).toString('hex');
    const chatId = randomBytes(16).toString('base64url');
    const pending = startVisitorHandshake();
    const { keyPair, publicKey } = startCounsellorHandshake();
    const { session: visitorSession, reveal } = completeVisitorHandshake(pending, {
      chatId,
      epoch: 0,
      counsellorKey: publicKey,
      counsellorAlias: 'bench',
    });
    const counsellorSession = completeCounsellorHandshake(
      keyPair,
      { chatId, epoch: 0, commitment: pending.commitment },
      reveal,
    );
    for (const session of [visitorSession, counsellorSession]) {
      const socket = await connect(url);
      const end: End = {
        socket,
        session,
        send: (frame) => socket.emit('msg', frame, onAnswer),
      };
      socket.on('msg', receiver(end));
      socket.emit('pair', pairId);
      ends.push(end);
    }
  }
}

/** Every end sends `rate` frames a second for `durationMs`, spread out. */
async function load(rate: number, durationMs: number, size: number, activePairs?: number) {
  const filler = 'x'.repeat(size);
  const active = activePairs === undefined ? ends : ends.slice(0, activePairs * 2);
  const timers = active.map((end) => {
    const interval = 1000 / rate;
    const tick = () => {
      if (!end.session) return;
      end.send(sealText(end.session, `${Date.now()} ${filler}`));
      sent += 1;
    };
    const start = setTimeout(() => {
      tick();
      timers.push(setInterval(tick, interval));
    }, Math.random() * interval);
    return start;
  });
  await new Promise((resolve) => setTimeout(resolve, durationMs));
  for (const timer of timers) clearInterval(timer);
}

/**
 * Replay mode: the ends send `rate` frames a second each for `durationMs`, paced as one
 * stream (every millisecond, whatever is due, end after end), so the offered load
 * stays exact until this process itself runs out of CPU (then `sent` falls short).
 */
async function replayLoad(rate: number, durationMs: number, activePairs?: number) {
  sentAt.clear();
  const active = (activePairs === undefined ? ends : ends.slice(0, activePairs * 2)).filter(
    (end) => end.sealed && end.sealed.length > 0,
  );
  const perMs = (rate * active.length) / 1000;
  const start = performance.now();
  let turn = 0;
  await new Promise<void>((resolve) => {
    const pace = setInterval(() => {
      const elapsed = performance.now() - start;
      const due = Math.floor(Math.min(elapsed, durationMs) * perMs) - sent;
      for (let i = 0; i < due && active.length > 0; i++) {
        const end = active[turn]!;
        turn = (turn + 1) % active.length;
        const frame = end.sealed![end.next!]!;
        end.next = (end.next! + 1) % end.sealed!.length;
        sentAt.set(frame.nonce, Date.now());
        end.send(frame);
        sent += 1;
      }
      if (elapsed >= durationMs) {
        clearInterval(pace);
        resolve();
      }
    }, 1);
  });
}

process.on('message', (command: WorkerCommand) => {
  const run = async (): Promise<WorkerReply> => {
    await readyCrypto();
    switch (command.kind) {
      case 'idle':
        for (let i = 0; i < command.count; i++) await connect(`${command.url}/visitor`);
        return { kind: 'done' };
      case 'setup':
        replay = command.replay !== undefined;
        if (command.mode === 'ours') {
          await setupOurs(command.visitorUrl, command.counsellorUrl, command.cookies);
        } else {
          await setupBaseline(command.visitorUrl, command.cookies.length);
        }
        if (command.replay) await sealAhead(command.replay.size);
        return { kind: 'done' };
      case 'load':
        startPhase();
        if (replay) await replayLoad(command.rate, command.durationMs, command.activePairs);
        else await load(command.rate, command.durationMs, command.size, command.activePairs);
        return { kind: 'load', ...(await endPhase(command.drainMs)) };
      case 'close':
        for (const socket of sockets.splice(0)) socket.disconnect();
        ends.length = 0;
        dropped = 0;
        return { kind: 'done' };
    }
  };
  run().then(reply, (error: unknown) =>
    reply({ kind: 'error', message: error instanceof Error ? error.message : String(error) }),
  );
});
