import { z } from 'zod';
import { Language, Route, Topic } from '../../shared/protocol/schemas.js';
import { perRoute } from '../routing.js';

/*
 * Live chat state: who waits, who talks with whom. It lives only as long as the
 * chat and holds nothing that identifies a visitor: a random chat id, the route,
 * the visitor's optional language and topic, and the socket ids (which die with the
 * connection). In memory by default; Redis when several processes share a queue.
 */

/** Text the server wrote itself (ids, hashes, commitments, names, a note), read back. */
const Text = z.string().max(1000);

/**
 * `queued` → (accepted) `rekeying`: waiting for the counsellor's key offer for the
 * epoch → `keying`: waiting for the visitor's key → `active`. A fresh commitment
 * (a reload on either side) goes back to `rekeying` in a new epoch.
 */
export const ChatStatus = z.enum(['queued', 'rekeying', 'keying', 'active']);
export type ChatStatus = z.infer<typeof ChatStatus>;

/** One live chat; the schema checks it whenever it is read back from Redis. */
export const LiveChat = z.object({
  id: Text,
  route: Route,
  lang: z.optional(Language),
  topic: z.optional(Topic),
  queuedAt: z.number(),
  /** The visitor's commitment to its public key for the current epoch. */
  commitment: Text,
  /** The visitor's re-key proof for that commitment, relayed as it came (opaque here). */
  commitProof: Text.optional(),
  epoch: z.number().int().min(0),
  status: ChatStatus,
  /** SHA-256 of the visitor's resume token (base64url); the token itself is never kept. */
  resumeHash: Text,
  /** The visitor's socket dropped; the chat waits a grace period for it to come back. */
  visitorAway: z.boolean().optional(),
  /** The counsellor's socket dropped; the chat waits a grace period for them. */
  counsellorAway: z.boolean().optional(),
  /**
   * Back in the queue after its counsellor did not come back: the visitor must send
   * a fresh commitment before anyone can take it.
   */
  awaitingCommitment: z.boolean().optional(),
  /**
   * From the colleague who handed it over, until the next counsellor has it: the note
   * sealed to each console that may take it (ciphertext only; the server cannot open it).
   */
  handover: z.object({ fromAlias: Text, notes: z.record(z.string(), Text).optional() }).optional(),
  /** A counsellor has talked in this chat (for the rating offered at its end). */
  answered: z.boolean().optional(),
  /** When a counsellor first took it (for the statistics' wait and length). */
  answeredAt: z.number().optional(),
  visitorSocketId: Text,
  counsellorAccountId: z.number().int().optional(),
  /** The name the visitor sees for their counsellor (not identifying the visitor). */
  counsellorAlias: Text.optional(),
  counsellorSocketId: Text.optional(),
});
export type LiveChat = z.infer<typeof LiveChat>;

export interface CounsellorRef {
  accountId: number;
  socketId: string;
  /** The name colleagues see (for a hand-over). */
  alias?: string;
  /** The console's public key for sealed hand-over notes. */
  noteKey?: string;
}

/**
 * Whom a counsellor takes first: the longest-waiting visitor whose language they
 * speak (or who named none), or anyone queued at or before `anyoneQueuedBy` (waited
 * long enough that the language no longer decides). When no such visitor waits,
 * whoever has waited longest: the preference orders the queue, it never leaves a
 * counsellor idle while someone waits. No languages: oldest first.
 */
export interface ClaimPreference {
  languages: readonly Language[];
  anyoneQueuedBy: number;
}

/** Whether this chat is among those the counsellor takes first. */
export function preferred(chat: LiveChat, preference: ClaimPreference | undefined): boolean {
  return (
    !preference ||
    preference.languages.length === 0 ||
    chat.lang === undefined ||
    preference.languages.includes(chat.lang) ||
    chat.queuedAt <= preference.anyoneQueuedBy
  );
}

export interface QueueEntry {
  id: string;
  queuedAt: number;
  /** The visitor's connection dropped: keeps its place, but nobody can take it now. */
  away: boolean;
}

export interface LiveState {
  /** Adds a queued chat; returns its place in its route's queue (1 = first). */
  enqueue(chat: LiveChat): Promise<number>;
  /**
   * Atomically takes the longest-waiting chat across `routes` whose visitor is
   * connected, the preferred one first (see ClaimPreference), out of the queue and
   * assigns it to a counsellor socket (status `keying`); returns the updated chat.
   */
  claimNext(
    routes: readonly Route[],
    counsellor: CounsellorRef,
    preference?: ClaimPreference,
  ): Promise<LiveChat | undefined>;
  /**
   * Puts a started chat back in its route's queue at the place its first wait gave
   * it, unassigned; returns its place.
   */
  requeue(chat: LiveChat): Promise<number>;
  /** Takes a chat out of its queue; false if it was not queued. */
  dequeue(chat: LiveChat): Promise<boolean>;
  queue(route: Route): Promise<QueueEntry[]>;
  getChat(id: string): Promise<LiveChat | undefined>;
  saveChat(chat: LiveChat): Promise<void>;
  deleteChat(id: string): Promise<void>;
  chatsOfCounsellorSocket(socketId: string): Promise<LiveChat[]>;
  chatsOfAccount(accountId: number): Promise<LiveChat[]>;
  /** Every live chat, queued or talking (for the supervisors' board). */
  allChats(): Promise<LiveChat[]>;
  countChatsOfAccount(accountId: number): Promise<number>;

  /** Marks one counsellor socket available for its routes, or not. */
  setAvailable(
    socketId: string,
    accountId: number,
    routes: readonly Route[],
    on: boolean,
    alias?: string,
    noteKey?: string,
  ): Promise<void>;
  isAvailable(socketId: string): Promise<boolean>;
  /** Chats at once an account has chosen; undefined until it chooses. */
  capacityOf(accountId: number): Promise<number | undefined>;
  setCapacity(accountId: number, capacity: number): Promise<void>;
  /** Distinct accounts available on a route. */
  availableOn(route: Route): Promise<number>;
  /** Available sockets on a route: the account and socket of each. */
  availableSockets(route: Route): Promise<CounsellorRef[]>;
}

interface Availability {
  accountId: number;
  routes: readonly Route[];
  alias?: string;
  noteKey?: string;
}

/** Single-process live state. Every method runs synchronously inside, so each is atomic. */
export class MemoryLiveState implements LiveState {
  private readonly chats = new Map<string, LiveChat>();
  private readonly queues = perRoute((): Omit<QueueEntry, 'away'>[] => []);
  private readonly available = new Map<string, Availability>();
  private readonly capacities = new Map<number, number>();

  enqueue(chat: LiveChat): Promise<number> {
    this.chats.set(chat.id, { ...chat });
    const queue = this.queues[chat.route];
    queue.push({ id: chat.id, queuedAt: chat.queuedAt });
    return Promise.resolve(queue.length);
  }

  requeue(chat: LiveChat): Promise<number> {
    const { counsellorAccountId: _a, counsellorSocketId: _s, counsellorAlias: _n, ...rest } = chat;
    this.chats.set(chat.id, { ...rest, status: 'queued' });
    const queue = this.queues[chat.route];
    const at = queue.findIndex((entry) => entry.queuedAt > chat.queuedAt);
    const index = at === -1 ? queue.length : at;
    queue.splice(index, 0, { id: chat.id, queuedAt: chat.queuedAt });
    return Promise.resolve(index + 1);
  }

  claimNext(
    routes: readonly Route[],
    counsellor: CounsellorRef,
    preference?: ClaimPreference,
  ): Promise<LiveChat | undefined> {
    type Found = { route: Route; index: number; queuedAt: number };
    const older = (a: Found | undefined, b: Found | undefined) =>
      !a || (b && b.queuedAt < a.queuedAt) ? b : a;
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
        const found = head && { route, index, queuedAt: head.queuedAt };
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
    chat.status = 'keying';
    chat.counsellorAccountId = counsellor.accountId;
    chat.counsellorSocketId = counsellor.socketId;
    return Promise.resolve({ ...chat });
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

  private isAway(chatId: string): boolean {
    const chat = this.chats.get(chatId);
    return chat?.visitorAway === true || chat?.awaitingCommitment === true;
  }

  getChat(id: string): Promise<LiveChat | undefined> {
    const chat = this.chats.get(id);
    return Promise.resolve(chat && { ...chat });
  }

  saveChat(chat: LiveChat): Promise<void> {
    this.chats.set(chat.id, { ...chat });
    return Promise.resolve();
  }

  deleteChat(id: string): Promise<void> {
    this.chats.delete(id);
    return Promise.resolve();
  }

  chatsOfCounsellorSocket(socketId: string): Promise<LiveChat[]> {
    const mine = [...this.chats.values()].filter((chat) => chat.counsellorSocketId === socketId);
    return Promise.resolve(mine.map((chat) => ({ ...chat })));
  }

  chatsOfAccount(accountId: number): Promise<LiveChat[]> {
    const mine = [...this.chats.values()].filter((chat) => chat.counsellorAccountId === accountId);
    return Promise.resolve(mine.map((chat) => ({ ...chat })));
  }

  allChats(): Promise<LiveChat[]> {
    return Promise.resolve([...this.chats.values()].map((chat) => ({ ...chat })));
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

  availableSockets(route: Route): Promise<CounsellorRef[]> {
    const found: CounsellorRef[] = [];
    for (const [socketId, entry] of this.available) {
      if (entry.routes.includes(route)) {
        found.push({
          accountId: entry.accountId,
          socketId,
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
