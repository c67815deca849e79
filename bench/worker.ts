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
 */

export type WorkerCommand =
  | { kind: 'idle'; url: string; count: number }
  | {
      kind: 'setup';
      mode: 'ours' | 'baseline';
      visitorUrl: string;
      counsellorUrl: string;
      cookies: string[];
    }
  | { kind: 'load'; rate: number; durationMs: number; size: number; activePairs?: number }
  | { kind: 'close' };

export type WorkerReply =
  | { kind: 'done' }
  | { kind: 'error'; message: string }
  | { kind: 'load'; sent: number; received: number; failed: number; latencies: number[] };

interface End {
  socket: Socket;
  session?: Session;
  /** How this end sends a frame: our `chat:send` with a receipt, or the baseline's `msg`. */
  send(frame: WireFrame): void;
}

const ACK_MS = 10_000;
const sockets: Socket[] = [];
const ends: End[] = [];
let failed = 0;
let latencies: number[] = [];
let received = 0;
let measuring = false;

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
  const sentAt = Number(text.slice(0, text.indexOf(' ')));
  if (!measuring) return;
  received += 1;
  latencies.push(Date.now() - sentAt);
}

function receiveOurs(end: End): void {
  end.socket.on('chat:message', (frame: WireFrame, receipt?: (r: { ok: boolean }) => void) => {
    const content = openAndConfirm(end.session, frame, receipt);
    if (content?.kind === 'text') onText(content.text);
  });
}

async function setupOurs(visitorUrl: string, counsellorUrl: string, cookies: string[]) {
  for (const cookie of cookies) {
    const visitorSocket = await connect(`${visitorUrl}/visitor`);
    const counsellorSocket = await connect(`${counsellorUrl}/counsellor`, cookie);
    const visitor: End = {
      socket: visitorSocket,
      send: (frame) =>
        visitorSocket.emit('chat:send', frame, (r: { ok: boolean }) => !r.ok && failed++),
    };
    const counsellor: End = {
      socket: counsellorSocket,
      send: (frame) =>
        counsellorSocket.emit('chat:send', frame, (r: { ok: boolean }) => !r.ok && failed++),
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
        send: (frame) => socket.emit('msg', frame, (r: { ok: boolean }) => !r.ok && failed++),
      };
      socket.on('msg', (frame: WireFrame, receipt?: (r: { ok: boolean }) => void) => {
        const content = openAndConfirm(end.session, frame, receipt);
        if (content?.kind === 'text') onText(content.text);
      });
      socket.emit('pair', pairId);
      ends.push(end);
    }
  }
}

/** Every end sends `rate` frames a second for `durationMs`, spread out. */
async function load(rate: number, durationMs: number, size: number, activePairs?: number) {
  latencies = [];
  received = 0;
  failed = 0;
  let sent = 0;
  measuring = true;
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
  // Let the last frames arrive.
  await new Promise((resolve) => setTimeout(resolve, 500));
  measuring = false;
  return { sent, received, failed, latencies };
}

process.on('message', (command: WorkerCommand) => {
  const run = async (): Promise<WorkerReply> => {
    await readyCrypto();
    switch (command.kind) {
      case 'idle':
        for (let i = 0; i < command.count; i++) await connect(`${command.url}/visitor`);
        return { kind: 'done' };
      case 'setup':
        if (command.mode === 'ours') {
          await setupOurs(command.visitorUrl, command.counsellorUrl, command.cookies);
        } else {
          await setupBaseline(command.visitorUrl, command.cookies.length);
        }
        return { kind: 'done' };
      case 'load':
        return {
          kind: 'load',
          ...(await load(command.rate, command.durationMs, command.size, command.activePairs)),
        };
      case 'close':
        for (const socket of sockets.splice(0)) socket.disconnect();
        ends.length = 0;
        return { kind: 'done' };
    }
  };
  run().then(reply, (error: unknown) =>
    reply({ kind: 'error', message: error instanceof Error ? error.message : String(error) }),
  );
});
