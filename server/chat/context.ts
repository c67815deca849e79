import type { Logger } from '../logger.js';
import type { StatsRecorder } from '../stats/recorder.js';
import type { Store } from '../storage/store.js';
import type { ChatLocks } from './chat-locks.js';
import type { LiveState } from './live-state.js';
import type { CounsellorNamespace, VisitorNamespace } from './parties.js';

/*
 * What every part of the chat service works with, handed to each by ChatService: the
 * store, the live state, both namespaces, the options and the clock. The parts hold
 * no other shared state; whatever one part needs of another it is given explicitly.
 */

export interface ChatServiceOptions {
  maxQueuePerRoute: number;
  counsellorCapacity: number;
  /** How long a chat waits for a visitor whose socket dropped (a reload, a tunnel). */
  visitorGraceMs: number;
  /** How long a chat waits for a counsellor whose console dropped before re-queueing. */
  counsellorGraceMs: number;
  /**
   * How often this process sweeps the live state for sides gone past their grace or
   * whose process died (sweep.ts). @default 5 seconds
   */
  sweepMs?: number;
  /** How long a visitor is kept for a counsellor who speaks their language. */
  languagePreferenceMs: number;
  /**
   * Other processes share the adapter: calls about a whisper or join kept by another
   * process are forwarded to it (forward.ts). @default false (one process)
   */
  clustered?: boolean;
  /** How long a forwarded call waits for the owner's answer. @default 3 seconds */
  forwardMs?: number;
  /** Counts offered, answered and abandoned chats, waits and lengths, wrap-ups. */
  stats?: StatsRecorder;
  /** For failures that reach no client (a grace timer's expiry). @default a logger to stdout */
  logger?: Logger;
  now?: () => number;
}

export interface ChatContext {
  readonly store: Store;
  readonly live: LiveState;
  readonly visitors: VisitorNamespace;
  readonly counsellors: CounsellorNamespace;
  readonly options: ChatServiceOptions;
  readonly now: () => number;
  readonly logger: Logger;
  /** One change at a time per chat within this process (chat-locks.ts). */
  readonly locks: ChatLocks;
  /** Told of every chat this process ends (the support conversations about it end too). */
  readonly onEnded: ((chatId: string) => void)[];
}
