import type { $ZodType, output } from 'zod/v4/core';
import { AppError } from '../../shared/protocol/errors.js';
import {
  ForwardedCall,
  Notice,
  OwnerAnswer,
  type NoticeName,
} from '../../shared/protocol/forward.js';
import { parseUnknown } from '../../shared/protocol/parse.js';
import type { Logger } from '../logger.js';
import type { LiveState } from './live-state.js';
import type { CounsellorNamespace } from './parties.js';

/*
 * Calls about what one process keeps in memory, across processes (docs/PROTOCOL.md
 * §22.5, §23.6). A whisper, and a join grown from it, is kept only by the process that
 * took the `whisper:ask`: its owner. A call about one runs here first; if this process
 * does not keep it (the keeper throws `NotHere`), it goes through the adapter to every
 * other process, each runs the same code on its own records, and the one that keeps it
 * answers with its result or error code as the acknowledgement. Nobody answering in
 * time is `not_found`, as in one process. A forwarded call is only ever run locally,
 * never forwarded again, so there are no loops. Notices (a socket gone, a chat over)
 * run here and everywhere else, because whatever they end may be kept anywhere.
 *
 * A process killed outright tells nobody, so each side remembers the other's process
 * and checks every `checkMs` that it still beats (heartbeat.ts): the owner takes a
 * caller's socket on a dead process for gone (as its notice would say); a caller's
 * process tells its socket what ended when the owner's process died (`Watch`), and
 * forgets it when the owner says it ended (`kept-ended`) or the socket goes. Nothing of
 * it is stored, and nothing outlives the sockets it is about.
 *
 * Without an adapter (one process) nothing is forwarded, watched or changed.
 */

/** Thrown by a keeper that does not hold what a call names: another process may. */
export class NotHere extends AppError {
  constructor() {
    super('not_found');
  }
}

/** How long a forwarded call waits for the owner's answer. */
export const FORWARD_TIMEOUT_MS = 3000;

/** The processes behind one address, through the adapter and the live state's heartbeat. */
export interface Cluster {
  nsp: CounsellorNamespace;
  processes: Pick<LiveState, 'processId' | 'liveProcesses'>;
  /** How often to look for processes that died (the heartbeat's beat). */
  checkMs: number;
  /** @default FORWARD_TIMEOUT_MS */
  timeoutMs?: number;
}

/** What a caller's process tells its socket if the owner's process dies, under the owner's key. */
export interface Watch {
  key: string;
  tell(): void;
}

export interface OwnedOptions<C, P, R> {
  /** The notice that ends what the caller's socket takes part in. */
  gone: NoticeName;
  /** Ends are idempotent: one about something no process keeps any more has nothing to do. */
  nobodyIsDone?: boolean;
  /** After a forwarded call succeeded: what to tell the caller should the owner die. */
  watch?: (caller: C, data: P, result: R) => Watch | undefined;
}

/** Whoever calls is a socket, wherever it is connected. */
type CallerSchema = $ZodType<{ socketId: string }>;

interface Owned {
  caller: CallerSchema;
  payload: $ZodType;
  gone: NoticeName;
  run(caller: unknown, data: unknown): Promise<unknown>;
}

/** A socket and the process holding it (one side remembered by the other's process). */
interface Remote {
  process: string;
  socketId: string;
}

export class Forwarder {
  private readonly owned = new Map<string, Owned>();
  private readonly notices = new Map<NoticeName, (id: string) => void>();
  /** Owner side: sockets on other processes that called, and what their going ends. */
  private readonly callers = new Map<string, Remote & { gone: NoticeName }>();
  /** Caller side: what to tell a socket here if the owner's process dies, by the owner's key. */
  private readonly watches = new Map<string, Remote & { tell(): void }>();
  private readonly timer?: ReturnType<typeof setInterval>;

  constructor(
    private readonly logger: Logger,
    private readonly cluster?: Cluster,
  ) {
    if (!cluster) return;
    cluster.nsp.on('owner:call', (call, ack) => {
      void this.answer(call).then(ack);
    });
    cluster.nsp.on('owner:notice', (raw) => {
      const notice = parseUnknown(Notice, raw);
      if (notice.ok) this.heard(notice.data.name, notice.data.id);
    });
    this.timer = setInterval(() => {
      this.checkProcesses().catch((error: unknown) =>
        logger.error({ err: error }, 'checking the owners’ processes failed'),
      );
    }, cluster.checkMs);
    this.timer.unref();
  }

  /**
   * The handler of one client event about something a process keeps: `caller` and
   * `payload` are the schemas the owner parses what it is sent with (`payload` is the
   * event's own, that the edge parsed `P` with; the caller's schema also strips what
   * the owner need not see).
   */
  ownedCall<C extends CallerSchema, P, R>(
    event: string,
    caller: C,
    payload: $ZodType,
    run: (caller: output<C>, data: P) => Promise<R>,
    options: OwnedOptions<output<C>, P, R>,
  ): (caller: output<C>, data: P) => Promise<R> {
    // The owner parses what it runs `run` with: the types hold as the schemas do.
    this.owned.set(event, { caller, payload, gone: options.gone, run });
    return async (from, data) => {
      try {
        return await run(from, data);
      } catch (error) {
        if (!(error instanceof NotHere)) throw error;
      }
      const answer = await this.toOwner(event, stripped(caller, from), data);
      if (!answer) {
        if (options.nobodyIsDone) return null as R;
        throw new NotHere();
      }
      if (!answer.result.ok) throw new AppError(answer.result.error);
      // The owner ran this very `run`: its result is an R (as JSON, which R is).
      const result = answer.result.data as R;
      const watch = options.watch?.(from, data, result);
      if (watch) {
        this.watches.set(watch.key, { ...watch, process: answer.process, socketId: from.socketId });
      }
      return result;
    };
  }

  /** A notice: `run` here at once, and on every other process when it hears of it. */
  notice(name: NoticeName, run: (id: string) => void): (id: string) => void {
    this.notices.set(name, run);
    return (id) => {
      this.heard(name, id);
      this.cluster?.nsp.serverSideEmit('owner:notice', { name, id });
    };
  }

  /** The owner: something it kept has ended; the callers' processes stop watching it. */
  readonly ended = this.notice('kept-ended', (key) => this.watches.delete(key));

  dispose(): void {
    clearInterval(this.timer);
  }

  /** Asks every other process; the owner's answer, or undefined if none answered in time. */
  private async toOwner(event: string, caller: unknown, payload: unknown) {
    const cluster = this.cluster;
    if (!cluster) return undefined;
    const call: ForwardedCall = { event, caller, payload, from: cluster.processes.processId };
    const answers = await new Promise<unknown[]>((resolve) => {
      // The adapter's own timeout is longer; whatever came by ours is enough.
      const timer = setTimeout(() => resolve([]), cluster.timeoutMs ?? FORWARD_TIMEOUT_MS);
      cluster.nsp.serverSideEmit('owner:call', call, (error: Error | null, responses: unknown) => {
        clearTimeout(timer);
        const got = error ? (error as Error & { responses?: unknown }).responses : responses;
        resolve(Array.isArray(got) ? got : []);
      });
    });
    for (const answer of answers) {
      const parsed = parseUnknown(OwnerAnswer, answer);
      if (parsed.ok && parsed.data.owner) return parsed.data;
    }
    return undefined;
  }

  /** Another process's call: run here only, never forwarded again. */
  private async answer(raw: unknown): Promise<OwnerAnswer> {
    const call = parseUnknown(ForwardedCall, raw);
    const owned = call.ok ? this.owned.get(call.data.event) : undefined;
    if (!call.ok || !owned || !this.cluster) return { owner: false };
    const process = this.cluster.processes.processId;
    const caller = parseUnknown(owned.caller, call.data.caller);
    const payload = parseUnknown(owned.payload, call.data.payload);
    if (!caller.ok || !payload.ok) {
      return { owner: true, process, result: { ok: false, error: 'invalid_payload' } };
    }
    try {
      const data = await owned.run(caller.data, payload.data);
      const { socketId } = caller.data;
      this.callers.set(socketId, { socketId, process: call.data.from, gone: owned.gone });
      return { owner: true, process, result: { ok: true, data: data ?? null } };
    } catch (error) {
      if (error instanceof NotHere) return { owner: false };
      if (error instanceof AppError) {
        return { owner: true, process, result: { ok: false, error: error.code } };
      }
      this.logger.error({ err: error, event: call.data.event }, 'forwarded call failed');
      return { owner: true, process, result: { ok: false, error: 'internal' } };
    }
  }

  /** Runs a notice here; a socket gone is forgotten on either side. */
  private heard(name: NoticeName, id: string): void {
    this.notices.get(name)?.(id);
    if (name !== 'console-gone' && name !== 'visitor-gone') return;
    this.callers.delete(id);
    for (const [key, watch] of this.watches) if (watch.socketId === id) this.watches.delete(key);
  }

  /**
   * A process that stopped beating ran no disconnect handler: its callers' sockets are
   * gone (here, as their notice would say), and what it kept has ended (told to the
   * sockets here that took part, latest first, as the owner ends a join before its
   * whisper).
   */
  private async checkProcesses(): Promise<void> {
    const processes = new Set(
      [...this.callers.values(), ...this.watches.values()].map((r) => r.process),
    );
    if (processes.size === 0 || !this.cluster) return;
    const alive = await this.cluster.processes.liveProcesses([...processes]);
    for (const caller of [...this.callers.values()]) {
      if (!alive.has(caller.process)) this.heard(caller.gone, caller.socketId);
    }
    for (const [key, watch] of [...this.watches].reverse()) {
      if (alive.has(watch.process)) continue;
      this.watches.delete(key);
      watch.tell();
    }
  }
}

/** The caller as its schema sees it: only what the owner needs crosses to it. */
function stripped<C extends CallerSchema>(schema: C, caller: output<C>): output<C> {
  const parsed = parseUnknown(schema, caller);
  if (!parsed.ok) throw new AppError('internal');
  return parsed.data;
}
