import { z } from 'zod';
import {
  Language,
  RiskLevel,
  Route,
  spokenLanguage,
  Topic,
  type Sender,
} from '../../shared/protocol/schemas.js';

/*
 * Live chat state: who waits, who talks with whom. It lives only as long as the
 * chat and holds nothing that identifies a visitor: a random chat id, the route,
 * the visitor's optional language and topic, whether they said they are in danger, and
 * the socket ids (which die with the connection). In memory by default (memory-live-state.ts); Redis when several
 * processes share a queue (redis-live-state.ts).
 *
 * Each side of a chat records the process that holds its socket and, once it is gone,
 * since when (`…AwaySince`): whichever process sweeps next (sweep.ts) can then finish
 * a grace that the process which saw the drop did not live to finish. The changes a
 * grace's end makes (`markAway`, `dropIfAway`, `requeueIfAway`) are atomic and happen
 * only if the side is still away as it was seen, so two processes sweeping at once,
 * or a sweep and a grace timer, never end or re-queue a chat twice.
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
  /**
   * The visitor said they are in danger right now: first in the route's queue. Only
   * here, for as long as the chat lives; nothing durable keeps it.
   */
  urgent: z.optional(z.boolean()),
  queuedAt: z.number(),
  /** The visitor's commitment to its public key for the current epoch. */
  commitment: Text,
  /** The visitor's re-key proof for that commitment, relayed as it came (opaque here). */
  commitProof: Text.optional(),
  epoch: z.number().int().min(0),
  status: ChatStatus,
  /** SHA-256 of the visitor's resume token (base64url); the token itself is never kept. */
  resumeHash: Text,
  /**
   * Re-created after a restart from a visitor's claim, which nothing could check: the
   * hash of the token it claimed with, until its console vouches for it (recovery.ts).
   */
  claimedWith: Text.optional(),
  /** The visitor's socket dropped; the chat waits a grace period for it to come back. */
  visitorAway: z.boolean().optional(),
  /** When the visitor was found gone (its grace counts from here); absent while present. */
  visitorAwaySince: z.number().optional(),
  /** The process holding the visitor's socket (its heartbeat says whether it lives). */
  visitorProcess: Text.optional(),
  /** The counsellor's socket dropped; the chat waits a grace period for them. */
  counsellorAway: z.boolean().optional(),
  /** When the counsellor was found gone; absent while present. */
  counsellorAwaySince: z.number().optional(),
  /** The process holding the counsellor's socket. */
  counsellorProcess: Text.optional(),
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
  /** The risk level its counsellor set now (risk.ts); absent: none. */
  risk: z.optional(RiskLevel),
  /** The highest level it has reached: what the statistics count when it ends. */
  riskPeak: z.optional(RiskLevel),
  /** A counsellor has talked in this chat (for the rating offered at its end). */
  answered: z.boolean().optional(),
  /** When a counsellor first took it (for the statistics' wait and length). */
  answeredAt: z.number().optional(),
  visitorSocketId: Text,
  counsellorAccountId: z.number().int().optional(),
  /** The name the visitor sees for their counsellor (not identifying the visitor). */
  counsellorAlias: Text.optional(),
  counsellorSocketId: Text.optional(),
  /**
   * Counts the writes of this chat (Redis): `updateChat` writes only over the revision
   * it read, so two processes changing one chat at once never undo each other.
   */
  revision: z.number().int().min(0).optional(),
});
/**
 * A live chat as the live state hands it out: read-only, so the memory live state can
 * hand out the object it holds without copying it (it is frozen there). Changes go
 * through `updateChat`, which gives its change a draft of its own.
 */
export type LiveChat = Readonly<LiveChatDraft>;
/** A copy of a live chat that `updateChat`'s change may write to. */
export type LiveChatDraft = z.infer<typeof LiveChat>;

export interface CounsellorRef {
  accountId: number;
  socketId: string;
  /** The process holding the socket (as its availability says). */
  processId?: string;
  /** The name colleagues see (for a hand-over). */
  alias?: string;
  /** The console's public key for sealed hand-over notes. */
  noteKey?: string;
}

/**
 * Whom a counsellor takes first: a visitor in danger (urgent: before any language and
 * any longer wait; among them the longest-waiting); then the longest-waiting visitor
 * whose language they speak (or who named none), or anyone queued at or before
 * `anyoneQueuedBy` (waited long enough that the language no longer decides). When no
 * such visitor waits, whoever has waited longest: the preference orders the queue, it
 * never leaves a counsellor idle while someone waits. No languages: oldest first.
 */
export interface ClaimPreference {
  languages: readonly Language[];
  anyoneQueuedBy: number;
}

/** Whether this chat is among those the counsellor takes first. */
export function preferred(chat: LiveChat, preference: ClaimPreference | undefined): boolean {
  return (
    chat.urgent === true ||
    !preference ||
    preference.languages.length === 0 ||
    chat.lang === undefined ||
    preference.languages.includes(spokenLanguage(chat.lang)) ||
    chat.queuedAt <= preference.anyoneQueuedBy
  );
}

/**
 * How far back an urgent visitor's place is moved: more than any time since 1970 (in
 * ms), so every urgent place sorts before every other, urgent ones oldest first. Small
 * enough that a score keeps 14 significant digits (Lua hands numbers to Redis so).
 */
export const URGENT_SHIFT = 1e13;

/**
 * A chat's place in its route's queue, lower first: the time it first queued, moved
 * ahead of everyone for a visitor in danger. Both live states sort their queues by it.
 */
export function queueScore(chat: Pick<LiveChat, 'queuedAt' | 'urgent'>): number {
  return chat.urgent === true ? chat.queuedAt - URGENT_SHIFT : chat.queuedAt;
}

/** A queue's entries in order: in danger first, then by first queue time. */
export interface QueueEntry {
  id: string;
  queuedAt: number;
  /** The visitor said they are in danger right now. */
  urgent: boolean;
  /**
   * The visitor's connection dropped (or its process died): keeps its place, but
   * nobody can take it now, and it is not counted as waiting.
   */
  away: boolean;
}

/**
 * Whether a side is still away as it was seen: on the same socket, away since the same
 * moment (not moved to another socket, nor back and gone again since).
 */
export function stillAway(chat: LiveChat, side: Sender, socketId: string, since: number): boolean {
  const [away, awaySince, socket] =
    side === 'visitor'
      ? [chat.visitorAway, chat.visitorAwaySince, chat.visitorSocketId]
      : [chat.counsellorAway, chat.counsellorAwaySince, chat.counsellorSocketId ?? ''];
  return away === true && awaySince === since && socket === socketId;
}

/** A chat back in its queue without its counsellor, as `requeue` stores it. */
export function unassigned(chat: LiveChat): LiveChat {
  const {
    counsellorAccountId: _a,
    counsellorSocketId: _s,
    counsellorAlias: _n,
    counsellorProcess: _p,
    counsellorAway: _w,
    counsellorAwaySince: _t,
    ...rest
  } = chat;
  return { ...rest, status: 'queued' };
}

/**
 * The counsellor's grace ran out: the visitor goes back to the queue and must re-key
 * for whoever is next (the old counsellor's keys must not open anything from here on).
 */
export function afterCounsellorLeft(chat: LiveChat): LiveChat {
  return { ...unassigned(chat), awaitingCommitment: true, epoch: chat.epoch + 1 };
}

/** Where an account is in its shift: counts and a flag only, gone with the shift. */
export interface Shift {
  onBreak: boolean;
  /** Chats accepted since the last break or the shift's start. */
  inARow: number;
  /** Chats this account marked acute in the shift (a break does not reset it). */
  acute: number;
}

export interface LiveState {
  /**
   * This process's random id: each side of a chat records the process that holds its
   * socket, and a process whose heartbeat has stopped is taken for dead (sweep.ts).
   */
  readonly processId: string;
  /** Which of these processes are alive (this one always is). */
  liveProcesses(ids: readonly string[]): Promise<Set<string>>;
  /** Adds a queued chat; returns its place in its route's queue (1 = first). */
  enqueue(chat: LiveChat): Promise<number>;
  /**
   * Atomically takes the longest-waiting chat across `routes` whose visitor is
   * connected (not away, its process alive), the preferred one first (see
   * ClaimPreference), out of the queue and assigns it to a counsellor socket of this
   * process (status `keying`); returns the updated chat.
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
  /** Takes out of the queues entries whose chat is gone; returns the routes changed. */
  pruneQueues(): Promise<Route[]>;
  getChat(id: string): Promise<LiveChat | undefined>;
  /** Writes a chat whole, whatever is there: for a new chat (an update goes through updateChat). */
  saveChat(chat: LiveChat): Promise<void>;
  /**
   * Changes one chat atomically across processes: `change` gets a copy of the chat as it
   * is now and returns it changed, or undefined to leave it alone (a throw leaves it
   * alone too, and is passed on). If another process (or an atomic step here) wrote the
   * chat in between, `change` runs again on the newer one, so it must do nothing but
   * compute. Returns the chat as written; undefined if it is gone or was left alone.
   */
  updateChat(
    id: string,
    change: (chat: LiveChatDraft) => LiveChat | undefined,
  ): Promise<LiveChat | undefined>;
  /** False if it was already gone (another process ended it first). */
  deleteChat(id: string): Promise<boolean>;
  /**
   * Marks one side away since `at`, if that side is still on `socketId` ('' for a
   * counsellor side with none) and not yet marked; returns the chat as marked.
   */
  markAway(
    chatId: string,
    side: Sender,
    socketId: string,
    at: number,
  ): Promise<LiveChat | undefined>;
  /**
   * The visitor's grace ran out: deletes the chat, and its place in the queue, if the
   * visitor is still away as it was since `since` on `socketId`; returns it as it was.
   */
  dropIfAway(
    chatId: string,
    socketId: string,
    since: number,
  ): Promise<{ chat: LiveChat; wasQueued: boolean } | undefined>;
  /**
   * The counsellor's grace ran out: if they are still away as since `since` on
   * `socketId`, the chat goes back to its place in the queue (`afterCounsellorLeft`);
   * returns it as re-queued, and its place.
   */
  requeueIfAway(
    chatId: string,
    socketId: string,
    since: number,
  ): Promise<{ chat: LiveChat; position: number } | undefined>;
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
  /**
   * A new shift for the account (see Queue.startShift for what a shift is): capacity 1,
   * not on a break, no chats in a row, none acute.
   */
  startShift(accountId: number): Promise<void>;
  /** The account's break and its chats in a row; not on a break and 0 when unknown. */
  shiftOf(accountId: number): Promise<Shift>;
  /**
   * A console of the account closed at `at` (ms): a console back soon after is the same
   * shift. Needed for `keepMs` at most (Redis forgets it then; memory keeps one number
   * per account).
   */
  consoleLeft(accountId: number, at: number, keepMs: number): Promise<void>;
  /** When a console of the account last closed; undefined if not known (any more). */
  consoleLeftAt(accountId: number): Promise<number | undefined>;
  /** On a break (the chats in a row start again from 0) or back from one. */
  setBreak(accountId: number, onBreak: boolean): Promise<void>;
  /** One more chat accepted in a row. */
  countAccepted(accountId: number): Promise<void>;
  /** One more chat marked acute in the shift (read back in `shiftOf`). */
  countAcute(accountId: number): Promise<void>;
  /** Distinct accounts available on a route. */
  availableOn(route: Route): Promise<number>;
  /** Available sockets on a route: the account and socket of each. */
  availableSockets(route: Route): Promise<CounsellorRef[]>;
}
