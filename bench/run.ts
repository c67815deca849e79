import { fork, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { hashPassword } from '../server/accounts/passwords.js';
import { SESSION_COOKIE, Sessions } from '../server/accounts/sessions.js';
import { openSqliteStore } from '../server/storage/open-store.js';
import { forgetUnder } from '../test/support/redis.js';
import type { WorkerCommand, WorkerReply } from './worker.js';

/*
 * `npm run bench`: the real server on loopback, real socket.io clients in separate
 * processes with the real crypto, N visitor/counsellor pairs exchanging messages at a
 * set rate; then a ramp until latency breaks; the same against a bare Socket.IO relay
 * (the baseline); and, with REDIS_URL, two processes sharing Redis. That is the
 * end-to-end figure, and on two cores it measures the clients' crypto as much as the
 * server. Then the server-capacity run: each server alone on one core, clients that
 * replay frames sealed beforehand on the other, ramping until delivery falls behind or
 * p99 passes 50 ms. The last line is one JSON object.
 *
 * `--quick` (run by `npm test`): a few pairs for a few seconds, every phase, and a
 * non-zero exit unless each phase ran and delivered everything. It asserts no timing.
 * `--capacity-only`: the server-capacity run alone.
 */

const QUICK = process.argv.includes('--quick');
/** `--capacity-only`: skip the end-to-end run (its fields are then absent). */
const CAPACITY_ONLY = process.argv.includes('--capacity-only');
const knob = (name: string, normal: number, quick: number) =>
  Number(process.env[name] ?? (QUICK ? quick : normal));
const PAIRS = knob('PAIRS', 500, 4);
const RATE = knob('RATE', 2, 2);
const DURATION_MS = knob('DURATION_MS', 10_000, 500);
const RAMP_MS = knob('RAMP_MS', 5_000, 300);
const WORKERS = knob('WORKERS', 4, 2);
const SIZE = knob('SIZE', 120, 120);
const P99_LIMIT_MS = 50;
const LIGHT_PAIRS = knob('LIGHT_PAIRS', Math.ceil(PAIRS / 5), 1);
/** Client processes of the capacity run, all on the load core. */
const CAPACITY_WORKERS = knob('CAPACITY_WORKERS', 1, 1);
/** Each capacity step offers this many times the last one's load. */
const CAPACITY_STEP = knob('CAPACITY_STEP', 1.2, 2);
/** Runs in a row at the equal load in the capacity run: issue 14 asks for p99 in each. */
const EQUAL_RUNS = knob('EQUAL_RUNS', 3, 1);
/** The capacity ramp stops here whatever happens (quick: two steps, as a smoke test). */
const CAPACITY_MAX_STEPS = knob('CAPACITY_MAX_STEPS', 40, 2);
const REDIS_URL = process.env.REDIS_URL;
/**
 * How long a phase waits after its last send for frames still on their way; it ends
 * sooner once all have arrived. `--quick` waits for every one (it asserts delivery,
 * and a busy machine must not fail it by chance).
 */
const DRAIN_MS = QUICK ? 20_000 : 500;
/** Pauses for the server to settle (before an RSS reading, say); short in `--quick`. */
const SETTLE_MS = QUICK ? 200 : 1_000;

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

/**
 * Samples a process's RSS every 250 ms until stopped. One reading lands anywhere in
 * the garbage collector's cycle (the old generation grows by megabytes of garbage
 * between collections); the median over a phase does not.
 */
function rssSampler(pid: number): () => { medianKb: number; maxKb: number; samples: number[] } {
  const samples = [rssKb(pid)];
  const timer = setInterval(() => samples.push(rssKb(pid)), 250);
  return () => {
    clearInterval(timer);
    samples.push(rssKb(pid));
    samples.sort((a, b) => a - b);
    return { medianKb: percentile(samples, 0.5), maxKb: samples.at(-1) ?? 0, samples };
  };
}

/**
 * Every server under test runs a full garbage collection on SIGUSR2 (a bench-only
 * preload, given as a data: URL so nothing is added to the server), so that memory at
 * rest and with idle sockets is read in the same settled state: a single reading
 * otherwise swings by ±10 kB per socket with whether a collection has run yet.
 */
const GC_ON_SIGNAL = [
  '--expose-gc',
  '--import',
  `data:text/javascript,${encodeURIComponent("process.on('SIGUSR2', () => globalThis.gc())")}`,
];

/** RSS of a server under test in kB after a full garbage collection and a pause. */
async function settledRssKb(pid: number): Promise<number> {
  process.kill(pid, 'SIGUSR2');
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  return rssKb(pid);
}

/**
 * Milliseconds a process's main thread has spent runnable but waiting for a CPU
 * (/proc/<pid>/schedstat): time another process or the hypervisor had its core.
 */
function runQueueWaitMs(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]) / 1e6;
}

/** Milliseconds of CPU time the hypervisor took from this machine, all cores (/proc/stat). */
function stealMs(): number {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]?.split(/\s+/) ?? [];
  return Number(cpu[8] ?? 0) * 10;
}

/** CPU seconds (user + system) a process has used, from /proc. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * The capacity run's cores: the server alone on the first, the clients (and this
 * process) on the second. Without `taskset` or a second core it runs unpinned, and
 * says so.
 */
const PINNED =
  availableParallelism() >= 2 && spawnSync('taskset', ['-c', '0', 'true']).status === 0;
const SERVER_CPU = '0';
const LOAD_CPU = '1';

/** The command and leading arguments that run `node` on one core (or anywhere). */
function nodeOn(cpu: string | undefined): { command: string; prefix: string[] } {
  return cpu !== undefined && PINNED
    ? { command: 'taskset', prefix: ['-c', cpu, process.execPath] }
    : { command: process.execPath, prefix: [] };
}

/** Moves this process (every thread) to one core, or back to all of them. */
function pinSelf(cpu: string | undefined): void {
  if (!PINNED) return;
  const cpus = cpu ?? `0-${availableParallelism() - 1}`;
  spawnSync('taskset', ['-a', '-p', '-c', cpus, String(process.pid)], { stdio: 'ignore' });
}

/**
 * The Node flags `npm start` runs the server with (package.json's start script), so
 * the bench measures the server as it is deployed; SERVER_NODE_FLAGS overrides them.
 * The baseline gets the same: the same runtime, without our code.
 */
function serverNodeFlags(): string[] {
  const override = process.env.SERVER_NODE_FLAGS;
  if (override !== undefined) return override.split(/\s+/).filter(Boolean);
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } };
  const found = /\bnode((?:\s+--[\w-]+(?:=\S+)?)*)\s+dist\/server\/main\.js/.exec(
    pkg.scripts.start,
  );
  if (!found) throw new Error('the start script in package.json does not run dist/server/main.js');
  return (found[1] ?? '').split(/\s+/).filter(Boolean);
}
const SERVER_NODE_FLAGS = serverNodeFlags();

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

/**
 * Node arguments for a server under test besides its flags: the GC on a signal, tsx
 * where it is needed, and the diagnostics asked for (BENCH_PROFILE: CPU profiles to
 * /tmp/bench-prof; BENCH_STALLS: event-loop stalls and GC pauses, bench/stalls.ts).
 */
function benchArgs(built: boolean): string[] {
  return [
    ...GC_ON_SIGNAL,
    ...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/bench-prof'] : []),
    ...(built ? [] : ['--import', 'tsx']),
    ...(STALLS_MODULE ? ['--import', STALLS_MODULE] : []),
  ];
}

/**
 * bench/stalls.ts as plain JavaScript, when BENCH_STALLS asks for it: loading it
 * through tsx would load tsx into the built server too, and its memory figures
 * would be tsx's as much as ours.
 */
const STALLS_MODULE = process.env.BENCH_STALLS ? plainStallsModule() : undefined;
function plainStallsModule(): string {
  const source = readFileSync('bench/stalls.ts', 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  const file = join(dataDir, 'stalls.mjs');
  writeFileSync(file, outputText);
  return pathToFileURL(file).href;
}

interface Started {
  child: ChildProcess;
  url: string;
}

/**
 * BENCH_STDOUT=file: our servers' standard output (their log, and V8's traces where
 * SERVER_NODE_FLAGS asks for them: `--trace-incremental-marking`, say) is appended
 * there, each line after the wall-clock milliseconds it arrived at.
 */
const STDOUT_FILE = process.env.BENCH_STDOUT;

async function startServer(env: Record<string, string>, cpu?: string): Promise<Started> {
  // The one-process run uses the embedded defaults even where REDIS_URL is set.
  const { REDIS_URL: _redis, DATABASE_URL: _db, ...inherited } = process.env;
  const { command, prefix } = nodeOn(cpu);
  const child = spawn(
    command,
    [...prefix, ...SERVER_NODE_FLAGS, ...benchArgs(true), 'dist/server/main.js'],
    {
      env: {
        ...inherited,
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'info',
        MAX_QUEUE_PER_ROUTE: String(PAIRS + 10),
        CHAT_STARTS_PER_ADDRESS: '1000000',
        // Every client here comes from 127.0.0.1: the per-address socket cap would stop
        // the run at 50 sockets (the quick run's 8 never reach it).
        MAX_SOCKETS_PER_ADDRESS: '1000000',
        SOCKET_EVENTS_PER_SECOND: '1000',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  children.push(child);
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (STDOUT_FILE) appendFileSync(STDOUT_FILE, `${Date.now()} ${line}\n`);
      const found = /"port":(\d+).*"msg":"listening"/.exec(line);
      if (found) resolve(Number(found[1]));
    });
  });
  return { child, url: `http://127.0.0.1:${port}` };
}

async function startBaseline(cpu?: string): Promise<Started> {
  const { command, prefix } = nodeOn(cpu);
  const child = spawn(
    command,
    [...prefix, ...SERVER_NODE_FLAGS, ...benchArgs(false), 'bench/baseline-server.ts'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  children.push(child);
  const port = await new Promise<number>((resolve) => {
    createInterface({ input: child.stdout }).once('line', (line) =>
      resolve((JSON.parse(line) as { port: number }).port),
    );
  });
  return { child, url: `http://127.0.0.1:${port}` };
}

class Worker {
  readonly child: ChildProcess;
  /** A client process, on one core if `cpu` is given (fork runs `execPath ...execArgv`). */
  constructor(cpu?: string) {
    const { command, prefix } = nodeOn(cpu);
    this.child = fork('bench/worker.ts', [], {
      execPath: command,
      execArgv: [
        ...prefix,
        '--import',
        'tsx',
        ...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/bench-prof'] : []),
      ],
    });
    children.push(this.child);
  }
  run(command: WorkerCommand): Promise<WorkerReply> {
    return new Promise((resolve, reject) => {
      const exited = (code: number | null, signal: string | null) =>
        reject(new Error(`a client process exited (${signal ?? code}) during '${command.kind}'`));
      this.child.once('exit', exited);
      this.child.once('message', (reply: WorkerReply) => {
        this.child.off('exit', exited);
        if (reply.kind === 'error') reject(new Error(reply.message));
        else resolve(reply);
      });
      this.child.send(command);
    });
  }
}

interface LoadResult {
  rate: number;
  sent: number;
  received: number;
  offered: number;
  msgsPerS: number;
  p50: number;
  p95: number;
  p99: number;
  failed: number;
  /** Server cores used (CPU seconds over the run and its drain). */
  cpu: number;
  /** Server CPU microseconds per delivered message. */
  cpuUsPerMsg: number;
  /** Cores the client processes used. */
  loadCpu: number;
  /** Client sockets the server had dropped by the end (none, in a sound run). */
  dropped: number;
  /** Milliseconds the servers' main threads waited, runnable, for a CPU. */
  waitedMs: number;
  /** Milliseconds the hypervisor took from the machine meanwhile. */
  stolenMs: number;
}

async function loadAll(
  workers: Worker[],
  pid: number[],
  rate: number,
  durationMs: number,
  activePairs?: number,
): Promise<LoadResult> {
  const clientPids = workers.map((w) => w.child.pid!);
  const started = Date.now();
  if (process.env.BENCH_TRACE) log(`phase start ${started} rate ${rate}`);
  const cpu0 = pid.reduce((sum, p) => sum + cpuSeconds(p), 0);
  const wait0 = pid.reduce((sum, p) => sum + runQueueWaitMs(p), 0);
  const steal0 = stealMs();
  const load0 = clientPids.reduce((sum, p) => sum + cpuSeconds(p), 0);
  const perWorker = activePairs === undefined ? undefined : Math.ceil(activePairs / workers.length);
  const replies = await Promise.all(
    workers.map((w) =>
      w.run({
        kind: 'load',
        rate,
        durationMs,
        size: SIZE,
        drainMs: DRAIN_MS,
        ...(perWorker !== undefined && { activePairs: perWorker }),
      }),
    ),
  );
  const cpu1 = pid.reduce((sum, p) => sum + cpuSeconds(p), 0);
  const waitedMs = pid.reduce((sum, p) => sum + runQueueWaitMs(p), 0) - wait0;
  const stolenMs = stealMs() - steal0;
  if (process.env.BENCH_TRACE) log(`phase end ${Date.now()}`);
  const load1 = clientPids.reduce((sum, p) => sum + cpuSeconds(p), 0);
  const latencies: number[] = [];
  let received = 0;
  let failed = 0;
  let sent = 0;
  let dropped = 0;
  for (const reply of replies) {
    if (reply.kind !== 'load') continue;
    dropped += reply.dropped;
    latencies.push(...reply.latencies);
    received += reply.received;
    failed += reply.failed;
    sent += reply.sent;
  }
  latencies.sort((a, b) => a - b);
  const seconds = (Date.now() - started) / 1000;
  return {
    rate,
    sent,
    received,
    offered: sent / (durationMs / 1000),
    msgsPerS: received / (durationMs / 1000),
    p50: percentile(latencies, 0.5),
    p95: percentile(latencies, 0.95),
    p99: percentile(latencies, 0.99),
    failed,
    cpu: (cpu1 - cpu0) / seconds,
    cpuUsPerMsg: received > 0 ? ((cpu1 - cpu0) * 1e6) / received : NaN,
    loadCpu: (load1 - load0) / seconds,
    dropped,
    waitedMs,
    stolenMs,
  };
}

function describe(label: string, r: LoadResult): void {
  log(
    `${label}: ${Number(r.rate.toFixed(2))} msg/s per socket, offered ${r.offered.toFixed(0)}/s, delivered ${r.msgsPerS.toFixed(0)}/s, ` +
      `p50 ${r.p50} ms, p95 ${r.p95} ms, p99 ${r.p99} ms, failed ${r.failed}, server CPU ${r.cpu.toFixed(2)} cores` +
      ` (${r.cpuUsPerMsg.toFixed(0)} µs/msg), clients ${r.loadCpu.toFixed(2)} cores` +
      `, server waited ${r.waitedMs.toFixed(0)} ms for a CPU, ${r.stolenMs} ms stolen` +
      (r.dropped > 0 ? `, ${r.dropped} SOCKETS DROPPED by the server` : ''),
  );
}

/** Every message offered was delivered, none refused: what `--quick` insists on. */
const deliveredAll = (r: LoadResult) =>
  r.sent > 0 && r.received === r.sent && r.failed === 0 && r.dropped === 0;

/**
 * More pairs talking (a fifth more each step), then a higher rate for all of them,
 * until p99 passes the limit or delivery falls behind: the last step that held.
 */
async function ramp(
  label: string,
  workers: Worker[],
  pid: number[],
): Promise<{ msgsPerS: number; pairs: number; rate: number }> {
  const steps = QUICK
    ? [{ pairs: PAIRS, rate: RATE * 2 }]
    : [
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

interface Capacity {
  /** The load both servers carry: every socket at RATE, the server on its own core (the runs together). */
  equal: LoadResult;
  /** p99 of each run at that load, in order. */
  equalP99s: number[];
  /** RSS growth per socket over the server at rest, median over the runs at that load. */
  rssKbPerChattingSocket: number;
  /** The last ramp step that held: its delivered rate is the one-core capacity. */
  best?: LoadResult;
  /** The step that did not hold (absent if the ramp ran out of steps first). */
  broke?: LoadResult;
}

/** One server of the capacity run: its process, its own clients, and what it measured. */
interface Subject {
  label: string;
  server: Started;
  pid: number[];
  workers: Worker[];
  /** RSS at rest, settled, before its sockets connected. */
  rss0: number;
  /** RSS samples taken during its own runs at the equal load. */
  rss: number[];
  runs: LoadResult[];
  /** The ramp's next rate per socket. */
  rate: number;
  best?: LoadResult;
  broke?: LoadResult;
  /** Its ramp is over: a step broke twice in a row, or the steps ran out. */
  done: boolean;
}

/** A one-core step held: p99 within the limit, delivery kept up, nothing refused. */
const heldOnOneCore = (r: LoadResult) =>
  r.p99 <= P99_LIMIT_MS && r.received >= 0.95 * r.sent && r.failed === 0;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts a server on its core and sets up every pair for real, with its own clients. */
async function prepare(
  label: string,
  mode: 'ours' | 'baseline',
  start: () => Promise<Started>,
  workers: Worker[],
  cookies: string[],
): Promise<Subject> {
  const server = await start();
  const pid = [server.child.pid!];
  await pause(SETTLE_MS);
  const rss0 = await settledRssKb(server.child.pid!);
  const slices = split(cookies, workers.length);
  for (const [i, w] of workers.entries()) {
    await w.run({
      kind: 'setup',
      mode,
      visitorUrl: server.url,
      counsellorUrl: server.url,
      cookies: slices[i]!,
      replay: { size: SIZE },
    });
  }
  return { label, server, pid, workers, rss0, rss: [], runs: [], rate: RATE * 2, done: false };
}

/**
 * Waits until every server of the capacity run is idle (under 5 % of a core over half
 * a second, at most 20 s): one that has just been overloaded works off its backlog and
 * collects its garbage for seconds after its clients stop, on the core the next step
 * runs on.
 */
async function quiet(subjects: readonly Subject[]): Promise<void> {
  const servers = subjects.map((s) => s.server.child.pid!);
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const before = servers.map(cpuSeconds);
    await pause(500);
    const used = servers.reduce((sum, pid, i) => sum + cpuSeconds(pid) - before[i]!, 0);
    if (used < 0.025) return;
  }
  log('the servers were still busy after 20 s: the next step starts anyway');
}

/**
 * One ramp step. A step that breaks can be one unlucky window: a collection landing in
 * the middle of it, or core 0 taken by something outside both servers for a few
 * hundred ms (the "waited for a CPU" figure). So a step that breaks is run once more
 * after a pause for the backlog, and counts as broken only if it breaks again.
 */
async function rampStep(
  s: Subject,
  all: readonly Subject[],
  rate: number,
  what: string,
): Promise<LoadResult> {
  await quiet(all);
  const r = await loadAll(s.workers, s.pid, rate, RAMP_MS);
  describe(`${s.label} one-core ramp${what}`, r);
  if (heldOnOneCore(r) || QUICK) return r;
  await pause(3_000);
  await quiet(all);
  const again = await loadAll(s.workers, s.pid, rate, RAMP_MS);
  describe(`${s.label} one-core ramp${what}, the same step again`, again);
  return again;
}

/**
 * Both servers' capacity on one core, measured in alternation so that both see the
 * same machine: this VM's speed moves by a factor of two over minutes, more than the
 * servers differ. Both run at once on core 0, each with its own client process on
 * core 1 and every pair set up for real; at any time only one is under load (the
 * other's sockets sit idle). First the equal load, the runs alternating (CPU per
 * message, latency, memory); then the ramps, a step of one and then a step of the
 * other, each from twice the equal load and CAPACITY_STEP times the last, until
 * delivery falls behind (under 95 % of what was offered), a send is refused, or p99
 * passes 50 ms twice in a row (rampStep); then once more halfway between the last step
 * that held and the one that broke. If the first step breaks and no run at the equal
 * load gave a floor, the load halves instead (down to an eighth of the equal load)
 * until a step holds.
 */
async function capacities(subjects: Subject[]): Promise<Capacity[]> {
  // Frames are sealed on the first load; this one also lets the JIT settle.
  for (const s of subjects) await loadAll(s.workers, s.pid, RATE, Math.min(2_000, DURATION_MS));
  for (let run = 1; run <= EQUAL_RUNS; run++) {
    for (const s of subjects) {
      await quiet(subjects);
      const sampler = rssSampler(s.server.child.pid!);
      const r = await loadAll(s.workers, s.pid, RATE, DURATION_MS);
      s.rss.push(...sampler().samples);
      describe(`${s.label}, one core, all ${PAIRS * 2} sockets, run ${run} of ${EQUAL_RUNS}`, r);
      s.runs.push(r);
    }
  }
  for (const s of subjects) {
    // The equal load is the ramp's first step: if every run of it held, it is a floor.
    if (s.runs.every(heldOnOneCore)) s.best = s.runs.at(-1);
  }
  for (let step = 0; step < CAPACITY_MAX_STEPS; step++) {
    const going = subjects.filter((s) => !s.done);
    if (going.length === 0) break;
    for (const s of going) {
      const r = await rampStep(s, subjects, s.rate, '');
      if (heldOnOneCore(r)) {
        s.best = r;
        s.rate *= CAPACITY_STEP;
        // Coming down from a step that broke: the capacity lies between the two.
        if (s.broke) s.done = true;
      } else if (!s.best && s.rate / 2 >= RATE / 8) {
        // Nothing has held yet, not even the equal load in every run: a slow or busy
        // machine. Halve the load until a step holds, rather than report nothing.
        s.broke = r;
        s.rate /= 2;
      } else {
        s.broke = r;
        s.done = true;
      }
    }
  }
  for (const s of subjects) {
    if (!s.best || !s.broke || QUICK) continue;
    await pause(3_000);
    const between = Math.sqrt(s.best.rate * s.broke.rate);
    const r = await rampStep(s, subjects, between, ', between the two');
    if (heldOnOneCore(r)) s.best = r;
  }
  const results: Capacity[] = [];
  for (const s of subjects) {
    const { best, broke } = s;
    if (best && best.loadCpu > 0.9) {
      log(
        `${s.label}: the clients used ${best.loadCpu.toFixed(2)} cores at the highest step: the load core, not the server, may be the limit`,
      );
    }
    s.rss.sort((a, b) => a - b);
    const medianKb = percentile(s.rss, 0.5);
    const rssKbPerChattingSocket = (medianKb - s.rss0) / (PAIRS * 2);
    log(
      `${s.label} RSS: ${s.rss0} kB at rest, ${medianKb} kB while all chat (median over its runs; peak ${s.rss.at(-1) ?? 0} kB): ` +
        `${rssKbPerChattingSocket.toFixed(1)} kB per chatting socket`,
    );
    results.push({
      equal: together(s.runs),
      equalP99s: s.runs.map((r) => r.p99),
      rssKbPerChattingSocket,
      ...(best && { best }),
      ...(broke && { broke }),
    });
  }
  for (const s of subjects) {
    await Promise.all(s.workers.map((w) => w.run({ kind: 'close' })));
    await stopped(s.server.child);
  }
  return results;
}

/**
 * Runs at one load taken together: counts summed, CPU per message over all of them;
 * the percentiles are the worst run's (each run's are printed as it ends).
 */
function together(runs: LoadResult[]): LoadResult {
  const sum = (pick: (r: LoadResult) => number) => runs.reduce((total, r) => total + pick(r), 0);
  const received = sum((r) => r.received);
  const worst = (pick: (r: LoadResult) => number) => Math.max(...runs.map(pick));
  return {
    rate: runs[0]?.rate ?? 0,
    sent: sum((r) => r.sent),
    received,
    offered: sum((r) => r.offered) / runs.length,
    msgsPerS: sum((r) => r.msgsPerS) / runs.length,
    p50: worst((r) => r.p50),
    p95: worst((r) => r.p95),
    p99: worst((r) => r.p99),
    failed: sum((r) => r.failed),
    cpu: sum((r) => r.cpu) / runs.length,
    cpuUsPerMsg: received > 0 ? sum((r) => r.cpuUsPerMsg * r.received) / received : NaN,
    loadCpu: sum((r) => r.loadCpu) / runs.length,
    dropped: worst((r) => r.dropped),
    waitedMs: sum((r) => r.waitedMs),
    stolenMs: sum((r) => r.stolenMs),
  };
}

function split<T>(items: T[], parts: number): T[][] {
  return Array.from({ length: parts }, (_, i) => items.filter((_, j) => j % parts === i));
}

/** Makes the counsellor accounts and their sessions directly (no argon2 per login). */
async function makeCounsellors(): Promise<string[]> {
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
  return cookies;
}

/** Phases at a load every server carries: each must deliver everything in `--quick`. */
const mustDeliver: [string, LoadResult][] = [];

/** The end-to-end run: real crypto in every client, all processes on both cores. */
async function endToEnd(workers: Worker[], cookies: string[]) {
  const cookieSlices = split(cookies, workers.length);
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
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const rss0 = await settledRssKb(pid);
  await Promise.all(
    workers.map((w, i) => w.run({ kind: 'idle', url: server.url, count: cookieSlices[i]!.length })),
  );
  const rssIdle = await settledRssKb(pid);
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
  const chattingRss = rssSampler(pid);
  const ours = await loadAll(workers, [pid], RATE, DURATION_MS);
  const { medianKb: rssChatting, maxKb: rssPeak } = chattingRss();
  mustDeliver.push(['ours', ours]);
  const chattingKbPerSocket = (rssChatting - rss0) / (PAIRS * 2);
  describe('ours', ours);
  log(
    `server RSS while all chat (median over the phase): ${rssChatting} kB: ${chattingKbPerSocket.toFixed(1)} kB per socket ` +
      `(${((rssChatting - rss0) / PAIRS).toFixed(1)} kB per chat, both sides); peak ${rssPeak} kB, ${((rssPeak - rss0) / (PAIRS * 2)).toFixed(1)} kB per socket`,
  );
  const oursMax = await ramp('ours', workers, [pid]);
  await Promise.all(workers.map((w) => w.run({ kind: 'close' })));
  await stopped(server.child);

  // ---- the baseline
  const baseline = await startBaseline();
  await setUp('baseline', baseline.url);
  const baseLight = await loadAll(workers, [baseline.child.pid!], RATE, DURATION_MS, LIGHT_PAIRS);
  describe(`baseline, ${LIGHT_PAIRS} of ${PAIRS} pairs talking`, baseLight);
  const base = await loadAll(workers, [baseline.child.pid!], RATE, DURATION_MS);
  mustDeliver.push(['baseline', base]);
  describe('baseline', base);
  const baseMax = await ramp('baseline', workers, [baseline.child.pid!]);
  await Promise.all(workers.map((w) => w.run({ kind: 'close' })));
  await stopped(baseline.child);

  // ---- two processes with Redis
  let redis: LoadResult | undefined;
  if (REDIS_URL) {
    const prefix = `jc-bench-${randomBytes(4).toString('hex')}:`;
    const [a, b] = await Promise.all([
      startServer({ REDIS_URL, REDIS_PREFIX: prefix }),
      startServer({ REDIS_URL, REDIS_PREFIX: prefix }),
    ]);
    await setUp('ours', a.url, b.url);
    redis = await loadAll(workers, [a.child.pid!, b.child.pid!], RATE, DURATION_MS);
    mustDeliver.push(['two processes + Redis', redis]);
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
  return {
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
    e2e_rss_kb_per_chatting_socket: Number(chattingKbPerSocket.toFixed(1)),
    e2e_rss_kb_per_chatting_socket_peak: Number(((rssPeak - rss0) / (PAIRS * 2)).toFixed(1)),
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
  };
}

/** The server-capacity run: both servers on one core, under load in turn, their replaying clients on the other. */
async function serverCapacity(oursWorkers: Worker[], baseWorkers: Worker[], cookies: string[]) {
  log(
    PINNED
      ? `server capacity: both servers on core ${SERVER_CPU}, measured in turn (each run and each ramp step, ours then the relay), each with ${oursWorkers.length} replaying client process(es) on core ${LOAD_CPU}, as is this one`
      : 'server capacity: NOT pinned (no taskset or one core): servers and clients share the cores',
  );
  pinSelf(LOAD_CPU);
  try {
    const subjects = [
      await prepare('ours', 'ours', () => startServer({}, SERVER_CPU), oursWorkers, cookies),
      await prepare('baseline', 'baseline', () => startBaseline(SERVER_CPU), baseWorkers, cookies),
    ];
    const [ours, base] = (await capacities(subjects)) as [Capacity, Capacity];
    mustDeliver.push(['ours, one core', ours.equal], ['baseline, one core', base.equal]);
    const oursMax = ours.best?.msgsPerS ?? 0;
    const baseMax = base.best?.msgsPerS ?? 0;
    const capacityRatio = baseMax > 0 ? oursMax / baseMax : null;
    const cpuRatio = ours.equal.cpuUsPerMsg / base.equal.cpuUsPerMsg;
    log(
      `one core: ours ${oursMax.toFixed(0)} msg/s, baseline ${baseMax.toFixed(0)} msg/s (ratio ${capacityRatio?.toFixed(3) ?? '–'}); ` +
        `at ${PAIRS * 2} sockets × ${RATE} msg/s: ours ${ours.equal.cpuUsPerMsg.toFixed(0)} µs/msg, p99 ${ours.equalP99s.join(' / ')} ms, ` +
        `${ours.rssKbPerChattingSocket.toFixed(1)} kB RSS per chatting socket; ` +
        `baseline ${base.equal.cpuUsPerMsg.toFixed(0)} µs/msg, p99 ${base.equalP99s.join(' / ')} ms, ` +
        `${base.rssKbPerChattingSocket.toFixed(1)} kB (CPU ratio ${cpuRatio.toFixed(2)})`,
    );
    return {
      server_max_msgs_per_s: Math.round(oursMax),
      baseline_server_max_msgs_per_s: Math.round(baseMax),
      capacity_ratio: capacityRatio === null ? null : Number(capacityRatio.toFixed(3)),
      cpu_us_per_msg: Math.round(ours.equal.cpuUsPerMsg),
      baseline_cpu_us_per_msg: Math.round(base.equal.cpuUsPerMsg),
      cpu_ratio: Number(cpuRatio.toFixed(3)),
      server_p50_ms: ours.equal.p50,
      server_p99_ms: ours.equal.p99,
      server_p99_ms_runs: ours.equalP99s,
      baseline_server_p99_ms: base.equal.p99,
      baseline_server_p99_ms_runs: base.equalP99s,
      rss_kb_per_chatting_socket: Number(ours.rssKbPerChattingSocket.toFixed(1)),
      baseline_rss_kb_per_chatting_socket: Number(base.rssKbPerChattingSocket.toFixed(1)),
      capacity_pinned: PINNED,
    };
  } finally {
    pinSelf(undefined);
  }
}

async function main(): Promise<void> {
  log(
    `Jourchatt benchmark${QUICK ? ' (quick)' : ''}: ${PAIRS} pairs (${PAIRS * 2} sockets), ${RATE} msg/s per socket, ${SIZE}-byte texts, ${WORKERS} client processes`,
  );
  // Every client process starts now: they load while the accounts are made.
  const workers = CAPACITY_ONLY ? [] : Array.from({ length: WORKERS }, () => new Worker());
  const capacityWorkers = () =>
    Array.from({ length: CAPACITY_WORKERS }, () => new Worker(LOAD_CPU));
  const oursWorkers = capacityWorkers();
  const baseWorkers = capacityWorkers();
  const cookies = await makeCounsellors();

  const e2e = CAPACITY_ONLY ? undefined : await endToEnd(workers, cookies);
  for (const w of workers) w.child.kill('SIGKILL');
  const oneCore = await serverCapacity(oursWorkers, baseWorkers, cookies);

  log(
    JSON.stringify({
      pairs: PAIRS,
      rate_per_socket: RATE,
      ...e2e,
      ...oneCore,
      quick: QUICK,
    }),
  );
  if (QUICK) {
    const short = mustDeliver.filter(([, r]) => !deliveredAll(r));
    for (const [label, r] of short) {
      process.stderr.write(
        `bench --quick: ${label} delivered ${r.received} of ${r.sent} (${r.failed} refused, ${r.dropped} sockets dropped)\n`,
      );
    }
    if (short.length > 0) process.exitCode = 1;
  }
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
