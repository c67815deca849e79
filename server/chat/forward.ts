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
 * Nothing of it is stored: a process that dies takes its whispers with it.
 *
 * Without an adapter (one process) nothing is forwarded and nothing changes.
 */

/** Thrown by a keeper that does not hold what a call names: another process may. */
export class NotHere extends AppError {
  constructor() {
    super('not_found');
  }
}

/** How long a forwarded call waits for the owner's answer. */
export const FORWARD_TIMEOUT_MS = 3000;

interface Owned {
  caller: $ZodType;
  payload: $ZodType;
  run(caller: unknown, data: unknown): Promise<unknown>;
}

/** Ends are idempotent: one about something no process keeps any more has nothing to do. */
export interface OwnedOptions {
  nobodyIsDone?: boolean;
}

export class Forwarder {
  private readonly owned = new Map<string, Owned>();
  private readonly notices = new Map<NoticeName, (id: string) => void>();

  /**
   * `cluster`: the namespace whose adapter reaches the other processes, absent with
   * one process.
   */
  constructor(
    private readonly logger: Logger,
    private readonly cluster?: CounsellorNamespace,
    private readonly timeoutMs = FORWARD_TIMEOUT_MS,
  ) {
    cluster?.on('owner:call', (call, ack) => {
      void this.answer(call).then(ack);
    });
    cluster?.on('owner:notice', (notice) => this.heard(notice));
  }

  /**
   * The handler of one client event about something a process keeps: `caller` and
   * `payload` are the schemas the owner parses what it is sent with (`payload` is the
   * event's own, that the edge parsed `P` with; the caller's schema also strips what
   * the owner need not see).
   */
  ownedCall<C extends $ZodType, P, R>(
    event: string,
    caller: C,
    payload: $ZodType,
    run: (caller: output<C>, data: P) => Promise<R>,
    options: OwnedOptions = {},
  ): (caller: output<C>, data: P) => Promise<R> {
    this.owned.set(event, {
      caller,
      payload,
      run: run as (caller: unknown, data: unknown) => Promise<unknown>,
    });
    return async (from, data) => {
      try {
        return await run(from, data);
      } catch (error) {
        if (!(error instanceof NotHere)) throw error;
      }
      const answer = await this.toOwner({ event, caller: stripped(caller, from), payload: data });
      if (answer?.owner) {
        if (!answer.ok) throw new AppError(answer.error);
        // The owner ran this very `run`: its result is an R (as JSON, which R is).
        return answer.data as R;
      }
      if (options.nobodyIsDone) return null as R;
      throw new NotHere();
    };
  }

  /** A notice: `run` here at once, and on every other process when it hears of it. */
  notice(name: NoticeName, run: (id: string) => void): (id: string) => void {
    this.notices.set(name, run);
    return (id) => {
      run(id);
      this.cluster?.serverSideEmit('owner:notice', { name, id });
    };
  }

  /** Asks every other process; the owner's answer, or undefined if none answered in time. */
  private async toOwner(call: ForwardedCall): Promise<OwnerAnswer | undefined> {
    const cluster = this.cluster;
    if (!cluster) return undefined;
    const answers = await new Promise<unknown[]>((resolve) => {
      // The adapter's own timeout is longer; whatever came by ours is enough.
      const timer = setTimeout(() => resolve([]), this.timeoutMs);
      cluster.serverSideEmit('owner:call', call, (error: Error | null, responses: unknown) => {
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
    if (!call.ok || !owned) return { owner: false };
    const caller = parseUnknown(owned.caller, call.data.caller);
    const payload = parseUnknown(owned.payload, call.data.payload);
    if (!caller.ok || !payload.ok) return { owner: true, ok: false, error: 'invalid_payload' };
    try {
      const data = await owned.run(caller.data, payload.data);
      return { owner: true, ok: true, data: data ?? null };
    } catch (error) {
      if (error instanceof NotHere) return { owner: false };
      if (error instanceof AppError) return { owner: true, ok: false, error: error.code };
      this.logger.error({ err: error, event: call.data.event }, 'forwarded call failed');
      return { owner: true, ok: false, error: 'internal' };
    }
  }

  private heard(raw: unknown): void {
    const notice = parseUnknown(Notice, raw);
    if (notice.ok) this.notices.get(notice.data.name)?.(notice.data.id);
  }
}

/** The caller as its schema sees it: only what the owner needs crosses to it. */
function stripped<C extends $ZodType>(schema: C, caller: output<C>): output<C> {
  const parsed = parseUnknown(schema, caller);
  if (!parsed.ok) throw new AppError('internal');
  return parsed.data;
}
