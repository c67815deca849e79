import { ROUTES, type Route, type Sender } from '../../shared/protocol/schemas.js';
import { perRoute } from '../routing.js';
import { newSecret } from '../tokens.js';
import {
  afterCounsellorLeft,
  preferred,
  queueScore,
  stillAway,
  unassigned,
  type ClaimPreference,
  type CounsellorRef,
  type LiveChat,
  type LiveChatDraft,
  type LiveState,
  type QueueEntry,
  type Shift,
} from './live-state.js';

/*
 * The live state of a single process, in its memory: the default without Redis. The
 * contract test holds it and the Redis one to the same behaviour.
 */

interface Availability {
  accountId: number;
  routes: readonly Route[];
  alias?: string;
  noteKey?: string;
}

/**
 * Single-process live state. Every method runs synchronously inside, so each is atomic.
 * Every side it holds is this process's, so only a chat written with another process's
 * id (a test standing in for one that died) has a side that is gone.
 */
/** An account with no shift recorded: not on a break, nothing counted. */
const NO_SHIFT: Shift = { onBreak: false, inARow: 0, acute: 0 };

/**
 * A chat as this state holds it: a copy of the caller's, frozen to its last nested
 * object. Frozen, it can be handed out as it is, with no copy per read: a relayed
 * message reads its chat, and a sweep reads all of them. A caller that tried to change
 * one would get a TypeError, never a change behind the state's back.
 */
function held(chat: LiveChat): LiveChat {
  const { handover } = chat;
  const copy = handover
    ? {
        ...chat,
        handover: Object.freeze({
          ...handover,
          ...(handover.notes && { notes: Object.freeze({ ...handover.notes }) }),
        }),
      }
    : { ...chat };
  return Object.freeze(copy);
}

export class MemoryLiveState implements LiveState {
  readonly processId = newSecret();
  private readonly chats = new Map<string, LiveChat>();
  private readonly queues = perRoute((): Omit<QueueEntry, 'away'>[] => []);
  private readonly available = new Map<string, Availability>();
  private readonly capacities = new Map<number, number>();
  private readonly shifts = new Map<number, Shift>();
  private readonly consolesLeft = new Map<number, number>();

  enqueue(chat: LiveChat): Promise<number> {
    this.hold(chat);
    return Promise.resolve(this.place(chat));
  }

  /** Only this process's sides live here: any other id is one standing in for the dead. */
  liveProcesses(_ids: readonly string[]): Promise<Set<string>> {
    return Promise.resolve(new Set([this.processId]));
  }

  requeue(chat: LiveChat): Promise<number> {
    return Promise.resolve(this.requeueNow(unassigned(chat)).position);
  }

  private requeueNow(chat: LiveChat): { chat: LiveChat; position: number } {
    const frozen = this.hold(chat);
    const queue = this.queues[chat.route];
    const position = queue.some((entry) => entry.id === chat.id)
      ? this.placeOf(frozen)
      : this.place(frozen);
    return { chat: frozen, position };
  }

  /** Puts a chat in its queue at the place its score gives it (as Redis's sorted set does). */
  private place(chat: LiveChat): number {
    const queue = this.queues[chat.route];
    const score = queueScore(chat);
    const at = queue.findIndex((entry) => queueScore(entry) > score);
    const index = at === -1 ? queue.length : at;
    queue.splice(index, 0, {
      id: chat.id,
      queuedAt: chat.queuedAt,
      urgent: chat.urgent === true,
    });
    return index + 1;
  }

  private placeOf(chat: LiveChat): number {
    return this.queues[chat.route].findIndex((entry) => entry.id === chat.id) + 1;
  }

  markAway(
    chatId: string,
    side: Sender,
    socketId: string,
    at: number,
  ): Promise<LiveChat | undefined> {
    const chat = this.chats.get(chatId);
    if (!chat) return Promise.resolve(undefined);
    if (side === 'visitor') {
      if (chat.visitorSocketId !== socketId || chat.visitorAwaySince !== undefined) {
        return Promise.resolve(undefined);
      }
      return Promise.resolve(this.hold({ ...chat, visitorAway: true, visitorAwaySince: at }));
    }
    if ((chat.counsellorSocketId ?? '') !== socketId || chat.counsellorAwaySince !== undefined) {
      return Promise.resolve(undefined);
    }
    return Promise.resolve(this.hold({ ...chat, counsellorAway: true, counsellorAwaySince: at }));
  }

  dropIfAway(
    chatId: string,
    socketId: string,
    since: number,
  ): Promise<{ chat: LiveChat; wasQueued: boolean } | undefined> {
    const chat = this.chats.get(chatId);
    if (!chat || !stillAway(chat, 'visitor', socketId, since)) return Promise.resolve(undefined);
    this.chats.delete(chatId);
    const queue = this.queues[chat.route];
    const index = queue.findIndex((entry) => entry.id === chatId);
    if (index >= 0) queue.splice(index, 1);
    return Promise.resolve({ chat, wasQueued: index >= 0 });
  }

  requeueIfAway(
    chatId: string,
    socketId: string,
    since: number,
  ): Promise<{ chat: LiveChat; position: number } | undefined> {
    const chat = this.chats.get(chatId);
    if (!chat || !stillAway(chat, 'counsellor', socketId, since)) {
      return Promise.resolve(undefined);
    }
    return Promise.resolve(this.requeueNow(afterCounsellorLeft(chat)));
  }

  claimNext(
    routes: readonly Route[],
    counsellor: CounsellorRef,
    preference?: ClaimPreference,
  ): Promise<LiveChat | undefined> {
    type Found = { route: Route; index: number; score: number };
    const older = (a: Found | undefined, b: Found | undefined) =>
      !a || (b && b.score < a.score) ? b : a;
    let oldest: Found | undefined;
    let oldestPreferred: Found | undefined;
    for (const route of routes) {
      const claimable = (wanted: boolean) =>
        this.queues[route].findIndex((entry) => {
          const chat = this.chats.get(entry.id);
          return chat && !this.isAway(entry.id) && (!wanted || preferred(chat, preference));
        });
      for (const wanted of [false, true]) {
        const index = claimable(wanted);
        const head = this.queues[route][index];
        const found = head && { route, index, score: queueScore(head) };
        if (wanted) oldestPreferred = older(oldestPreferred, found);
        else oldest = older(oldest, found);
      }
    }
    // Never idle while someone waits: the preference only orders the queue.
    const best = oldestPreferred ?? oldest;
    if (!best) return Promise.resolve(undefined);
    const [entry] = this.queues[best.route].splice(best.index, 1);
    const chat = entry && this.chats.get(entry.id);
    if (!chat) return Promise.resolve(undefined);
    return Promise.resolve(
      this.hold({
        ...chat,
        status: 'keying',
        counsellorAccountId: counsellor.accountId,
        counsellorSocketId: counsellor.socketId,
        counsellorProcess: this.processId,
      }),
    );
  }

  dequeue(chat: LiveChat): Promise<boolean> {
    const queue = this.queues[chat.route];
    const index = queue.findIndex((entry) => entry.id === chat.id);
    if (index >= 0) queue.splice(index, 1);
    return Promise.resolve(index >= 0);
  }

  queue(route: Route): Promise<QueueEntry[]> {
    return Promise.resolve(
      this.queues[route].map((entry) => ({ ...entry, away: this.isAway(entry.id) })),
    );
  }

  pruneQueues(): Promise<Route[]> {
    const changed = new Set<Route>();
    for (const route of ROUTES) {
      const queue = this.queues[route];
      for (let i = queue.length - 1; i >= 0; i -= 1) {
        if (this.chats.has(queue[i]?.id ?? '')) continue;
        queue.splice(i, 1);
        changed.add(route);
      }
    }
    return Promise.resolve([...changed]);
  }

  /** Nobody can take it now: its visitor is away or its process gone, or it is gone. */
  private isAway(chatId: string): boolean {
    const chat = this.chats.get(chatId);
    return (
      !chat ||
      chat.visitorAway === true ||
      chat.awaitingCommitment === true ||
      (chat.visitorProcess !== undefined && chat.visitorProcess !== this.processId)
    );
  }

  /** Holds `chat` (frozen) in place of the one with its id, and hands it back. */
  private hold(chat: LiveChat): LiveChat {
    const frozen = held(chat);
    this.chats.set(chat.id, frozen);
    return frozen;
  }

  getChat(id: string): Promise<LiveChat | undefined> {
    return Promise.resolve(this.chats.get(id));
  }

  saveChat(chat: LiveChat): Promise<void> {
    this.hold(chat);
    return Promise.resolve();
  }

  /** Read, change and write with no await between them: nothing else runs meanwhile. */
  updateChat(
    id: string,
    change: (chat: LiveChatDraft) => LiveChat | undefined,
  ): Promise<LiveChat | undefined> {
    const current = this.chats.get(id);
    if (!current) return Promise.resolve(undefined);
    try {
      // The change gets a draft of its own (a deep copy); what it returns is held frozen.
      const next = change(structuredClone(current));
      if (!next) return Promise.resolve(undefined);
      return Promise.resolve(this.hold({ ...next, id, revision: (current.revision ?? 0) + 1 }));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  deleteChat(id: string): Promise<boolean> {
    return Promise.resolve(this.chats.delete(id));
  }

  chatsOfCounsellorSocket(socketId: string): Promise<LiveChat[]> {
    return Promise.resolve(
      [...this.chats.values()].filter((chat) => chat.counsellorSocketId === socketId),
    );
  }

  chatsOfAccount(accountId: number): Promise<LiveChat[]> {
    return Promise.resolve(
      [...this.chats.values()].filter((chat) => chat.counsellorAccountId === accountId),
    );
  }

  allChats(): Promise<LiveChat[]> {
    return Promise.resolve([...this.chats.values()]);
  }

  countChatsOfAccount(accountId: number): Promise<number> {
    let count = 0;
    for (const chat of this.chats.values()) if (chat.counsellorAccountId === accountId) count += 1;
    return Promise.resolve(count);
  }

  setAvailable(
    socketId: string,
    accountId: number,
    routes: readonly Route[],
    on: boolean,
    alias?: string,
    noteKey?: string,
  ): Promise<void> {
    if (on) {
      this.available.set(socketId, {
        accountId,
        routes,
        ...(alias && { alias }),
        ...(noteKey && { noteKey }),
      });
    }
    if (!on) this.available.delete(socketId);
    return Promise.resolve();
  }

  isAvailable(socketId: string): Promise<boolean> {
    return Promise.resolve(this.available.has(socketId));
  }

  capacityOf(accountId: number): Promise<number | undefined> {
    return Promise.resolve(this.capacities.get(accountId));
  }

  setCapacity(accountId: number, capacity: number): Promise<void> {
    this.capacities.set(accountId, capacity);
    return Promise.resolve();
  }

  startShift(accountId: number): Promise<void> {
    this.capacities.set(accountId, 1);
    this.shifts.delete(accountId);
    return Promise.resolve();
  }

  consoleLeft(accountId: number, at: number, _keepMs: number): Promise<void> {
    this.consolesLeft.set(accountId, at);
    return Promise.resolve();
  }

  consoleLeftAt(accountId: number): Promise<number | undefined> {
    return Promise.resolve(this.consolesLeft.get(accountId));
  }

  shiftOf(accountId: number): Promise<Shift> {
    return Promise.resolve({ ...(this.shifts.get(accountId) ?? NO_SHIFT) });
  }

  setBreak(accountId: number, onBreak: boolean): Promise<void> {
    const shift = this.shifts.get(accountId) ?? NO_SHIFT;
    this.shifts.set(accountId, { ...shift, onBreak, inARow: onBreak ? 0 : shift.inARow });
    return Promise.resolve();
  }

  countAccepted(accountId: number): Promise<void> {
    const shift = this.shifts.get(accountId) ?? NO_SHIFT;
    this.shifts.set(accountId, { ...shift, inARow: shift.inARow + 1 });
    return Promise.resolve();
  }

  countAcute(accountId: number): Promise<void> {
    const shift = this.shifts.get(accountId) ?? NO_SHIFT;
    this.shifts.set(accountId, { ...shift, acute: shift.acute + 1 });
    return Promise.resolve();
  }

  availableSockets(route: Route): Promise<CounsellorRef[]> {
    const found: CounsellorRef[] = [];
    for (const [socketId, entry] of this.available) {
      if (entry.routes.includes(route)) {
        found.push({
          accountId: entry.accountId,
          socketId,
          processId: this.processId,
          ...(entry.alias && { alias: entry.alias }),
          ...(entry.noteKey && { noteKey: entry.noteKey }),
        });
      }
    }
    return Promise.resolve(found);
  }

  availableOn(route: Route): Promise<number> {
    const accounts = new Set<number>();
    for (const entry of this.available.values()) {
      if (entry.routes.includes(route)) accounts.add(entry.accountId);
    }
    return Promise.resolve(accounts.size);
  }
}
