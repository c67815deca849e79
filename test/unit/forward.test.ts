import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod/mini';
import { AppError } from '../../shared/protocol/errors.js';
import { StaffCaller } from '../../shared/protocol/forward.js';
import { Forwarder, NotHere } from '../../server/chat/forward.js';
import type { CounsellorNamespace } from '../../server/chat/parties.js';
import { createLogger } from '../../server/logger.js';
import { eventually } from '../support/clients.js';

/*
 * forward.ts between processes joined by a stand-in for the adapter: every
 * `serverSideEmit` reaches the other processes' listeners as JSON, and an ack collects
 * one answer from each, as the Redis adapter does.
 */

type Listener = (...args: unknown[]) => void;

class Bus {
  readonly processes: StandIn[] = [];
  /** Processes alive, as their heartbeats say. */
  readonly alive = new Set<string>();
  emitted = 0;
}

/** One process's namespace, as far as forward.ts uses it. */
class StandIn {
  private readonly listeners = new Map<string, Listener>();
  /** Calls this process holds without answering, as a process that hangs. */
  hang = false;

  constructor(
    private readonly bus: Bus,
    readonly processId: string,
  ) {
    bus.processes.push(this);
    bus.alive.add(processId);
  }

  on(event: string, listener: Listener): void {
    this.listeners.set(event, listener);
  }

  serverSideEmit(event: string, payload: unknown, ack?: (e: Error | null, r: unknown[]) => void) {
    this.bus.emitted += 1;
    const others = this.bus.processes.filter((p) => p !== this);
    const answers = others.map(
      (other) =>
        new Promise<unknown>((resolve) => {
          if (other.hang && ack) return;
          other.listeners.get(event)?.(JSON.parse(JSON.stringify(payload)), resolve);
          if (!ack) resolve(undefined);
        }),
    );
    if (ack) void Promise.all(answers).then((all) => ack(null, all));
  }

  liveProcesses(ids: readonly string[]): Promise<Set<string>> {
    return Promise.resolve(new Set(ids.filter((id) => this.bus.alive.has(id))));
  }
}

const logger = createLogger('silent');
const Payload = z.strictObject({ id: z.string() });
const forwarders: Forwarder[] = [];

/** A process keeping `kept` ids: its `ask` answers with the id and the caller's alias. */
function startProcess(bus: Bus, name: string, kept: Set<string>, timeoutMs = 200) {
  const nsp = new StandIn(bus, name);
  const forwarder = new Forwarder(logger, {
    nsp: nsp as unknown as CounsellorNamespace,
    processes: nsp,
    checkMs: 20,
    timeoutMs,
  });
  forwarders.push(forwarder);
  const runs: unknown[] = [];
  const told: string[] = [];
  const gone: string[] = [];
  forwarder.notice('console-gone', (socketId) => gone.push(socketId));
  const ask = forwarder.ownedCall(
    'whisper:key',
    StaffCaller,
    Payload,
    (caller, { id }: { id: string }) => {
      runs.push(caller);
      if (id === 'refused') throw new AppError('forbidden');
      if (!kept.has(id)) throw new NotHere();
      return Promise.resolve({ id, alias: caller.data.alias, by: name });
    },
    {
      gone: 'console-gone',
      watch: (caller, { id }) => ({ key: id, tell: () => told.push(`${caller.socketId}:${id}`) }),
    },
  );
  const end = forwarder.ownedCall(
    'whisper:end',
    StaffCaller,
    Payload,
    (_caller, { id }: { id: string }) => {
      if (!kept.has(id)) throw new NotHere();
      kept.delete(id);
      forwarder.ended(id);
      return Promise.resolve(null);
    },
    { gone: 'console-gone', nobodyIsDone: true },
  );
  return { nsp, forwarder, ask, end, runs, told, gone };
}

const caller = (socketId = 's1') => ({
  socketId,
  // More than the owner needs: only the caller's schema crosses.
  data: { accountId: 7, alias: 'sigrid', sessionId: 'secret session' },
});

afterEach(() => {
  for (const forwarder of forwarders.splice(0)) forwarder.dispose();
});

describe('Forwarder', () => {
  it('runs a call where it is kept, and brings back its answer or error code', async () => {
    const bus = new Bus();
    const a = startProcess(bus, 'A', new Set(['w1']));
    const b = startProcess(bus, 'B', new Set());
    expect(await b.ask(caller(), { id: 'w1' })).toEqual({ id: 'w1', alias: 'sigrid', by: 'A' });
    expect(a.runs).toEqual([{ socketId: 's1', data: { accountId: 7, alias: 'sigrid' } }]);
    await expect(b.ask(caller(), { id: 'refused' })).rejects.toEqual(new AppError('forbidden'));
  });

  it('answers not_found when no process keeps it, and an end of it is done', async () => {
    const bus = new Bus();
    startProcess(bus, 'A', new Set());
    const b = startProcess(bus, 'B', new Set());
    await expect(b.ask(caller(), { id: 'gone' })).rejects.toBeInstanceOf(NotHere);
    expect(await b.end(caller(), { id: 'gone' })).toBeNull();
  });

  it('never forwards a forwarded call again', async () => {
    const bus = new Bus();
    startProcess(bus, 'A', new Set());
    startProcess(bus, 'B', new Set());
    const c = startProcess(bus, 'C', new Set());
    await expect(c.ask(caller(), { id: 'nowhere' })).rejects.toBeInstanceOf(NotHere);
    expect(bus.emitted).toBe(1);
  });

  it('gives up on an owner that does not answer in time', async () => {
    const bus = new Bus();
    const a = startProcess(bus, 'A', new Set(['w1']));
    const b = startProcess(bus, 'B', new Set(), 50);
    a.nsp.hang = true;
    await expect(b.ask(caller(), { id: 'w1' })).rejects.toBeInstanceOf(NotHere);
  });

  it('parses what arrives from another process', async () => {
    const bus = new Bus();
    const a = startProcess(bus, 'A', new Set(['w1']));
    const b = startProcess(bus, 'B', new Set());
    const answers: unknown[] = [];
    b.nsp.serverSideEmit(
      'owner:call',
      { event: 'whisper:key', caller: { socketId: '' }, payload: { id: 'w1' }, from: 'B' },
      (_error, all) => answers.push(...all),
    );
    b.nsp.serverSideEmit('owner:call', { event: 'whisper:key', nonsense: true }, (_e, all) =>
      answers.push(...all),
    );
    await eventually(() => expect(answers).toHaveLength(2));
    expect(answers).toEqual([
      { owner: true, process: 'A', result: { ok: false, error: 'invalid_payload' } },
      { owner: false },
    ]);
    expect(a.runs).toEqual([]);
  });

  it('ends what a dead process took part in, and tells what a dead owner kept', async () => {
    const bus = new Bus();
    const a = startProcess(bus, 'A', new Set(['w1', 'w2']));
    const b = startProcess(bus, 'B', new Set());
    await b.ask(caller('s1'), { id: 'w1' });
    await b.ask(caller('s2'), { id: 'w2' });
    // The owner ended w2: B forgets it.
    await b.end(caller('s2'), { id: 'w2' });
    bus.alive.delete('A');
    await eventually(() => expect(b.told).toEqual(['s1:w1']));

    bus.alive.add('A');
    bus.alive.delete('B');
    await eventually(() => expect(a.gone).toEqual(['s1', 's2']));
  });
});
