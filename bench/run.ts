import { fork, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { hashPassword } from '../server/accounts/passwords.js';
import { SESSION_COOKIE, Sessions } from '../server/accounts/sessions.js';
import { openSqliteStore } from '../server/storage/open-store.js';
import { forgetUnder } from '../test/support/redis.js';
import type { WorkerCommand, WorkerReply } from './worker.js';

/*
 * `npm run bench`: the real server on loopback, real socket.io clients in separate
 * processes with the real crypto, N visitor/counsellor pairs exchanging messages at a
 * set rate; then a ramp until latency breaks; the same against a bare Socket.IO relay
 * (the baseline); and, with REDIS_URL, two processes sharing Redis. The last line is
 * one JSON object.
 */

const PAIRS = Number(process.env.PAIRS ?? 500);
const RATE = Number(process.env.RATE ?? 2);
const DURATION_MS = Number(process.env.DURATION_MS ?? 10_000);
const RAMP_MS = Number(process.env.RAMP_MS ?? 5_000);
const WORKERS = Number(process.env.WORKERS ?? 4);
const SIZE = Number(process.env.SIZE ?? 120);
const P99_LIMIT_MS = 50;
const LIGHT_PAIRS = Number(process.env.LIGHT_PAIRS ?? Math.ceil(PAIRS / 5));
const REDIS_URL = process.env.REDIS_URL;

const dataDir = mkdtempSync(join(tmpdir(), 'jourchatt-bench-'));
const children: ChildProcess[] = [];

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Resident memory of a process in kB, from /proc. */
function rssKb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

/** CPU seconds (user + system) a process has used, from /proc. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

async function startServer(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string }> {
  // The one-process run uses the embedded defaults even where REDIS_URL is set.
  const { REDIS_URL: _redis, DATABASE_URL: _db, ...inherited } = process.env;
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/bench-prof'] : [];
  const child = spawn(process.execPath, [...profile, 'dist/server/server/main.js'], {
    env: {
      ...inherited,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      MAX_QUEUE_PER_ROUTE: String(PAIRS + 10),
      CHAT_STARTS_PER_ADDRESS: '1000000',
      SOCKET_EVENTS_PER_SECOND: '1000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const found = /"port":(\d+).*"msg":"listening"/.exec(line);
      if (found) resolve(Number(found[1]));
    });
  });
  return { child, url: `http://127.0.0.1:${port}` };
}

async function startBaseline(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/baseline-server.ts'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const port = await new Promise<number>((resolve) => {
    createInterface({ input: child.stdout }).once('line', (line) =>
      resolve((JSON.parse(line) as { port: number }).port),
    );
  });
  return { child, url: `http://127.0.0.1:${port}` };
}

class Worker {
  readonly child = fork('bench/worker.ts', [], {
    execArgv: [
      '--import',
      'tsx',
      ...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/bench-prof'] : []),
    ],
  });
  constructor() {
    children.push(this.child);
  }
  run(command: WorkerCommand): Promise<WorkerReply> {
    return new Promise((resolve, reject) => {
      this.child.once('message', (reply: WorkerReply) =>
        reply.kind === 'error' ? reject(new Error(reply.message)) : resolve(reply),
      );
      this.child.send(command);
    });
  }
}

interface LoadResult {
  rate: number;
  offered: number;
  msgsPerS: number;
  p50: number;
  p95: number;
  p99: number;
  failed: number;
  cpu: number;
}

async function loadAll(
  workers: Worker[],
  pid: number[],
  rate: number,
  durationMs: number,
  activePairs?: number,
): Promise<LoadResult> {
  const cpu0 = pid.reduce((sum, p) => sum + cpuSeconds(p), 0);
  const perWorker = activePairs === undefined ? undefined : Math.ceil(activePairs / workers.length);
  const replies = await Promise.all(
    workers.map((w) =>
      w.run({
        kind: 'load',
        rate,
        durationMs,
        size: SIZE,
        ...(perWorker !== undefined && { activePairs: perWorker }),
      }),
    ),
  );
  const cpu1 = pid.reduce((sum, p) => sum + cpuSeconds(p), 0);
  const latencies: number[] = [];
  let received = 0;
  let failed = 0;
  let sent = 0;
  for (const reply of replies) {
    if (reply.kind !== 'load') continue;
    latencies.push(...reply.latencies);
    received += reply.received;
    failed += reply.failed;
    sent += reply.sent;
  }
  latencies.sort((a, b) => a - b);
  return {
    rate,
    offered: sent / (durationMs / 1000),
    msgsPerS: received / (durationMs / 1000),
    p50: percentile(latencies, 0.5),
    p95: percentile(latencies, 0.95),
    p99: percentile(latencies, 0.99),
    failed,
    cpu: (cpu1 - cpu0) / ((durationMs + 500) / 1000),
  };
}

function describe(label: string, r: LoadResult): void {
  log(
    `${label}: ${r.rate} msg/s per socket, offered ${r.offered.toFixed(0)}/s, delivered ${r.msgsPerS.toFixed(0)}/s, ` +
      `p50 ${r.p50} ms, p95 ${r.p95} ms, p99 ${r.p99} ms, failed ${r.failed}, server CPU ${r.cpu.toFixed(2)} cores`,
  );
}

/**
 * More pairs talking (a fifth more each step), then a higher rate for all of them,
 * until p99 passes the limit or delivery falls behind: the last step that held.
 */
async function ramp(
  label: string,
  workers: Worker[],
  pid: number[],
): Promise<{ msgsPerS: number; pairs: number; rate: number }> {
  const steps = [
    ...[2, 3, 4, 5].map((fifths) => ({ pairs: Math.ceil((PAIRS * fifths) / 5), rate: RATE })),
    ...[2, 4, 8].map((times) => ({ pairs: PAIRS, rate: RATE * times })),
  ];
  let best = { msgsPerS: 0, pairs: 0, rate: RATE };
  for (const step of steps) {
    const r = await loadAll(workers, pid, step.rate, RAMP_MS, step.pairs);
    describe(`${label} ramp, ${step.pairs} pairs talking`, r);
    const held = r.p99 <= P99_LIMIT_MS && r.msgsPerS >= 0.9 * r.offered && r.failed === 0;
    if (!held) break;
    best = { msgsPerS: r.msgsPerS, pairs: step.pairs, rate: step.rate };
  }
  return best;
}

function split<T>(items: T[], parts: number): T[][] {
  return Array.from({ length: parts }, (_, i) => items.filter((_, j) => j % parts === i));
}

async function main(): Promise<void> {
  log(
    `Jourchatt benchmark: ${PAIRS} pairs (${PAIRS * 2} sockets), ${RATE} msg/s per socket, ${SIZE}-byte texts, ${WORKERS} client processes`,
  );

  // Staff accounts and sessions, made directly (no argon2 per login in the measurement).
  const store = await openSqliteStore(dataDir);
  const sessions = new Sessions(store, { idleMs: 3600_000, maxMs: 12 * 3600_000 });
  const hash = await hashPassword('bench password, not used');
  const cookies: string[] = [];
  for (let i = 0; i < PAIRS; i++) {
    const account = await store.createAccount(
      {
        username: `bench${i}`,
        alias: `b${i}`,
        role: 'counsellor',
        youth: false,
        passwordHash: hash,
      },
      Date.now(),
    );
    cookies.push(`${SESSION_COOKIE}=${await sessions.create(account.id)}`);
  }
  await store.close();

  const workers = Array.from({ length: WORKERS }, () => new Worker());
  const cookieSlices = split(cookies, WORKERS);
  /** Each worker sets its pairs up: visitors on one server, counsellors on another or the same. */
  const setUp = async (
    mode: 'ours' | 'baseline',
    visitorUrl: string,
    counsellorUrl = visitorUrl,
  ): Promise<void> => {
    for (const [i, w] of workers.entries()) {
      await w.run({ kind: 'setup', mode, visitorUrl, counsellorUrl, cookies: cookieSlices[i]! });
    }
  };

  // ---- ours, one process
  const server = await startServer({});
  const pid = server.child.pid!;
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const rss0 = rssKb(pid);
  await Promise.all(
    workers.map((w, i) => w.run({ kind: 'idle', url: server.url, count: cookieSlices[i]!.length })),
  );
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const rssIdle = rssKb(pid);
  const idleKbPerSocket = (rssIdle - rss0) / PAIRS;
  log(
    `server RSS: ${rss0} kB at rest, ${rssIdle} kB with ${PAIRS} idle visitor sockets: ${idleKbPerSocket.toFixed(1)} kB per idle visitor`,
  );
  await Promise.all(workers.map((w) => w.run({ kind: 'close' })));

  const setupStart = Date.now();
  await setUp('ours', server.url);
  log(
    `${PAIRS} chats set up (queue, accept, key exchange) in ${((Date.now() - setupStart) / 1000).toFixed(1)} s`,
  );
  // All sockets connected, a fifth of the pairs talking: the server's own latency,
  // before the client processes saturate the two cores.
  const light = await loadAll(workers, [pid], RATE, DURATION_MS, LIGHT_PAIRS);
  describe(`ours, ${LIGHT_PAIRS} of ${PAIRS} pairs talking`, light);
  const ours = await loadAll(workers, [pid], RATE, DURATION_MS);
  const rssChatting = rssKb(pid);
  const chattingKbPerSocket = (rssChatting - rss0) / (PAIRS * 2);
  describe('ours', ours);
  log(
    `server RSS while chatting: ${rssChatting} kB: ${chattingKbPerSocket.toFixed(1)} kB per socket (${((rssChatting - rss0) / PAIRS).toFixed(1)} kB per chat, both sides)`,
  );
  const oursMax = await ramp('ours', workers, [pid]);
  await Promise.all(workers.map((w) => w.run({ kind: 'close' })));
  server.child.kill('SIGTERM');

  // ---- the baseline
  const baseline = await startBaseline();
  await setUp('baseline', baseline.url);
  const baseLight = await loadAll(workers, [baseline.child.pid!], RATE, DURATION_MS, LIGHT_PAIRS);
  describe(`baseline, ${LIGHT_PAIRS} of ${PAIRS} pairs talking`, baseLight);
  const base = await loadAll(workers, [baseline.child.pid!], RATE, DURATION_MS);
  describe('baseline', base);
  const baseMax = await ramp('baseline', workers, [baseline.child.pid!]);
  await Promise.all(workers.map((w) => w.run({ kind: 'close' })));
  baseline.child.kill('SIGTERM');

  // ---- two processes with Redis
  let redis: LoadResult | undefined;
  if (REDIS_URL) {
    const prefix = `jc-bench-${randomBytes(4).toString('hex')}:`;
    const a = await startServer({ REDIS_URL, REDIS_PREFIX: prefix });
    const b = await startServer({ REDIS_URL, REDIS_PREFIX: prefix });
    await setUp('ours', a.url, b.url);
    redis = await loadAll(workers, [a.child.pid!, b.child.pid!], RATE, DURATION_MS);
    describe('two processes + Redis (every frame crosses processes)', redis);
    await Promise.all(workers.map((w) => w.run({ kind: 'close' })));
    // A stopping server keeps its chats for a restart: the bench's go with it.
    await Promise.all([a, b].map((p) => stopped(p.child)));
    await forgetUnder(REDIS_URL, prefix);
  } else {
    log('two processes + Redis: skipped (REDIS_URL is not set)');
  }

  const ratio = base.msgsPerS > 0 ? ours.msgsPerS / base.msgsPerS : 0;
  log(
    `ratio at equal load (ours / baseline, delivered): ${ratio.toFixed(3)}; p99 under ${P99_LIMIT_MS} ms held up to: ` +
      `ours ${oursMax.pairs} pairs at ${oursMax.rate} msg/s (${oursMax.msgsPerS.toFixed(0)}/s), ` +
      `baseline ${baseMax.pairs} pairs at ${baseMax.rate} msg/s (${baseMax.msgsPerS.toFixed(0)}/s)`,
  );
  log(
    JSON.stringify({
      pairs: PAIRS,
      rate_per_socket: RATE,
      msgs_per_s: Math.round(ours.msgsPerS),
      p50_ms: ours.p50,
      p95_ms: ours.p95,
      p99_ms: ours.p99,
      baseline_msgs_per_s: Math.round(base.msgsPerS),
      baseline_p99_ms: base.p99,
      ratio: Number(ratio.toFixed(3)),
      max_msgs_per_s: Math.round(oursMax.msgsPerS),
      max_pairs_p99_under_50ms: oursMax.pairs,
      baseline_max_msgs_per_s: Math.round(baseMax.msgsPerS),
      max_ratio:
        baseMax.msgsPerS > 0 ? Number((oursMax.msgsPerS / baseMax.msgsPerS).toFixed(3)) : null,
      light_pairs: LIGHT_PAIRS,
      light_p50_ms: light.p50,
      light_p99_ms: light.p99,
      baseline_light_p99_ms: baseLight.p99,
      rss_kb_per_socket: Number(chattingKbPerSocket.toFixed(1)),
      rss_kb_per_idle_visitor: Number(idleKbPerSocket.toFixed(1)),
      server_cpu_cores: Number(ours.cpu.toFixed(2)),
      redis_two_processes: redis
        ? {
            msgs_per_s: Math.round(redis.msgsPerS),
            p50_ms: redis.p50,
            p99_ms: redis.p99,
            cpu_cores: Number(redis.cpu.toFixed(2)),
          }
        : null,
    }),
  );
}

main()
  .catch((error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  })
  .finally(() => {
    for (const child of children) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

/** Sends SIGTERM and resolves once the process has exited. */
function stopped(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  return exited;
}
