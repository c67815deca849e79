import { fork, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { SESSION_COOKIE, Sessions } from '../server/accounts/sessions.js';
import { openPostgresStore } from '../server/storage/open-store.js';
import { forgetUnder } from '../test/support/redis.js';
import { addAccount } from '../test/support/server.js';
import { between, prng } from './prng.js';
import type { SoakCommand, SoakReply } from './soak-worker.js';

/*
 * `npm run soak`: N real server processes on one Redis and one PostgreSQL behind a
 * round-robin TCP balancer run here, M chats between the real widget and console
 * controllers (bench/soak-worker.ts, a child process) writing both ways at random
 * intervals, and every 20–40 s (at random) one process killed with SIGKILL and a new
 * one started. The servers are the built ones (`npm run soak` builds first), as `npm start`
 * runs them: a start from source under tsx took up to a minute on a busy machine.
 * At the end: one JSON line (sent, delivered, lost, duplicated, broken chats, latency
 * percentiles, the seed), and a non-zero exit if anything was lost, came twice, or a
 * chat did not survive. Not part of `npm test`: it runs for minutes.
 *
 * Options: --minutes (10), --processes (2), --chats (50), --seed (random; every random
 * choice comes from it, so a failing run can be repeated). Needs REDIS_URL and
 * DATABASE_URL; runs under its own Redis key prefix and PostgreSQL schema, removed after.
 */

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    processes: { type: 'string', default: '2' },
    chats: { type: 'string', default: '50' },
    seed: { type: 'string' },
  },
});
const MINUTES = Number(values.minutes);
const PROCESSES = Number(values.processes);
const CHATS = Number(values.chats);
const SEED = values.seed === undefined ? randomBytes(4).readUInt32BE() : Number(values.seed);
/** After the last write, how long the texts still on their way may take. */
const DRAIN_MS = 90_000;
/** A process is killed every 20–40 s, at random. */
const KILL_EVERY_MS = { min: 20_000, max: 40_000 };

const REDIS_URL = process.env.REDIS_URL;
const DATABASE_URL = process.env.DATABASE_URL;
if (!REDIS_URL || !DATABASE_URL || ![MINUTES, PROCESSES, CHATS, SEED].every(Number.isFinite)) {
  process.stderr.write(
    'usage: REDIS_URL=… DATABASE_URL=… npm run soak -- [--minutes 10] [--processes 2] [--chats 50] [--seed N]\n',
  );
  process.exit(2);
}

const random = prng(SEED);
const tag = randomBytes(5).toString('hex');
const schema = `jc_soak_${tag}`;
const prefix = `jc-soak-${tag}:`;
const dataDir = mkdtempSync(join(tmpdir(), 'jourchatt-soak-'));
const log = (line: string) => process.stderr.write(`[soak ${new Date().toISOString()}] ${line}\n`);

interface Proc {
  child: ChildProcess;
  port: number;
  /** The last lines it logged, for a post-mortem. */
  lines: string[];
}

const procs: Proc[] = [];
const everyChild: ChildProcess[] = [];

async function startProcess(): Promise<Proc> {
  const child = spawn(process.execPath, ['dist/server/main.js'], {
    env: {
      ...process.env,
      PORT: '0',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      REDIS_PREFIX: prefix,
      DATABASE_SCHEMA: schema,
      // Behind the balancer here (a TCP pipe): addresses come from X-Forwarded-For.
      TRUST_PROXY: 'loopback',
      CHAT_STARTS_PER_ADDRESS: '1000000',
      MAX_SOCKETS_PER_ADDRESS: '1000000',
      HEARTBEAT_MS: '1000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  everyChild.push(child);
  const lines: string[] = [];
  const keep = (line: string) => {
    lines.push(line);
    if (lines.length > 300) lines.shift();
  };
  createInterface({ input: child.stderr }).on('line', keep);
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`exited (${code}): ${lines.join('\n')}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      keep(line);
      const found = /"port":(\d+).*"msg":"listening"/.exec(line);
      if (found) resolve(Number(found[1]));
    });
  });
  const proc = { child, port, lines };
  procs.push(proc);
  return proc;
}

function alive(): Proc[] {
  return procs.filter((p) => p.child.exitCode === null && p.child.signalCode === null);
}

/**
 * The balancer: each new connection goes to the next live process in turn, or, if that
 * one refuses it (killed just now), to the one after. A reconnecting client can land
 * anywhere.
 */
function balancer(): Promise<{ server: Server; url: string }> {
  let turn = 0;
  const server = createServer((client: Socket) => {
    const ports = alive().map((p) => p.port);
    const start = turn++;
    const attempt = (tried: number) => {
      if (tried >= ports.length) return client.destroy();
      const upstream = connect(ports[(start + tried) % ports.length]!, '127.0.0.1');
      upstream.once('connect', () => client.pipe(upstream).pipe(client));
      upstream.once('error', () => {
        if (upstream.bytesWritten === 0) attempt(tried + 1);
        else client.destroy();
      });
      client.once('close', () => upstream.destroy());
      upstream.once('close', () => client.destroy());
    };
    client.on('error', () => undefined);
    attempt(0);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({ server, url: `http://127.0.0.1:${port}` });
    }),
  );
}

/** Consoles signed in as the login would sign them in, one account per chat. */
async function accounts(): Promise<string[]> {
  const store = await openPostgresStore(DATABASE_URL!, schema);
  const sessions = new Sessions(store, { idleMs: 60 * 60_000, maxMs: 12 * 3600_000 });
  const cookies: string[] = [];
  for (let i = 0; i < CHATS; i += 1) {
    const account = await addAccount(store, `soak${i}`);
    cookies.push(`${SESSION_COOKIE}=${await sessions.create(account.id)}`);
  }
  await store.close();
  return cookies;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!);
}

async function cleanUp(front?: Server): Promise<void> {
  for (const child of everyChild) if (child.exitCode === null) child.kill('SIGKILL');
  await new Promise((resolve) => (front ? front.close(resolve) : resolve(undefined)));
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin.end();
  await forgetUnder(REDIS_URL!, prefix);
  rmSync(dataDir, { recursive: true, force: true });
}

async function main(): Promise<number> {
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  let front: { server: Server; url: string } | undefined;
  let worker: ChildProcess | undefined;
  try {
    // One after the other: the first runs the migrations.
    for (let i = 0; i < PROCESSES; i += 1) await startProcess();
    const cookies = await accounts();
    front = await balancer();
    log(`seed ${SEED}: ${PROCESSES} processes, ${CHATS} chats, ${MINUTES} min, via ${front.url}`);

    const child = fork('bench/soak-worker.ts', [], { execArgv: ['--import', 'tsx'] });
    worker = child;
    everyChild.push(child);
    const replies: SoakReply[] = [];
    const waiters: ((reply: SoakReply) => void)[] = [];
    child.on('message', (reply: SoakReply) => {
      if (reply.kind === 'progress') {
        log(`sent ${reply.sent}, delivered ${reply.delivered}, ${reply.keyed} widgets in a chat`);
        return;
      }
      const waiter = waiters.shift();
      if (waiter) waiter(reply);
      else replies.push(reply);
    });
    const ask = (command: SoakCommand) =>
      new Promise<SoakReply>((resolve, reject) => {
        child.once('exit', (code) => reject(new Error(`the worker exited (${code})`)));
        waiters.push(resolve);
        child.send(command);
      });
    const ready = await ask({
      kind: 'start',
      url: front.url,
      cookies,
      seed: Math.floor(random() * 2 ** 32),
    });
    if (ready.kind === 'error') throw new Error(ready.message);
    log(`${CHATS} chats keyed; writing and killing`);

    const startedAt = Date.now();
    const endAt = startedAt + MINUTES * 60_000;
    let kills = 0;
    for (;;) {
      const wait = between(random, KILL_EVERY_MS.min, KILL_EVERY_MS.max);
      if (Date.now() + wait >= endAt) break;
      await new Promise((resolve) => setTimeout(resolve, wait));
      const candidates = alive();
      // Never the last one up: a replacement may still be starting (on a busy machine
      // that takes a minute), and with none up there is nothing to fail over to.
      if (candidates.length < 2) {
        log('no kill this time: only one process is up');
        continue;
      }
      const victim = candidates[between(random, 0, candidates.length - 1)]!;
      victim.child.kill('SIGKILL');
      kills += 1;
      log(`killed process on :${victim.port} (kill ${kills})`);
      // Started meanwhile, so that kills keep their pace however long a start takes.
      void startProcess().then(
        (fresh) => log(`started process on :${fresh.port}`),
        (error: unknown) => log(`a new process did not start: ${String(error)}`),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, endAt - Date.now())));
    log('stopping the writers; waiting for what is on its way');
    const result = await ask({ kind: 'stop', drainMs: DRAIN_MS });
    if (result.kind !== 'result') throw new Error(result.kind === 'error' ? result.message : '?');
    for (const example of result.examples) log(example);
    const sorted = [...result.latencies].sort((a, b) => a - b);
    const line = {
      minutes: MINUTES,
      kills,
      processes: PROCESSES,
      chats: result.chats,
      sent: result.sent,
      delivered: result.delivered,
      lost: result.lost,
      duplicated: result.duplicated,
      chats_broken: result.chatsBroken,
      p50_ms: percentile(sorted, 50),
      p99_ms: percentile(sorted, 99),
      seed: SEED,
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
    return result.lost > 0 || result.duplicated > 0 || result.chatsBroken > 0 ? 1 : 0;
  } finally {
    worker?.kill('SIGKILL');
    await cleanUp(front?.server);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(error instanceof Error ? (error.stack ?? error.message) : String(error));
    for (const proc of procs.slice(-3)) log(proc.lines.slice(-20).join('\n'));
    process.exit(1);
  },
);
