import { z } from 'zod';
import { parseJson } from '../../shared/protocol/parse.js';
import { ROUTES, Route, type Sender } from '../../shared/protocol/schemas.js';
import { createLogger, type Logger } from '../logger.js';
import type { RedisClient } from '../redis.js';
import { HEARTBEAT_MS, Heartbeat } from './heartbeat.js';
import {
  LiveChat,
  type LiveChatDraft,
  queueScore,
  unassigned,
  URGENT_SHIFT,
  type ClaimPreference,
  type CounsellorRef,
  type LiveState,
  type QueueEntry,
  type Shift,
} from './live-state.js';
import {
  CLAIM_NEXT,
  DROP_IF_AWAY,
  MARK_AWAY,
  PRUNE_QUEUE,
  REQUEUE_IF_AWAY,
  UPDATE_CHAT,
} from './redis-live-scripts.js';

// Named here before server/redis.ts existed; the tests still import it from here.
export type { RedisClient } from '../redis.js';

/** A live chat lasts at most this long in Redis, even if every process dies mid-chat. */
const CHAT_TTL_S = 12 * 3600;
/**
 * How often `updateChat` reads again after another writer got in first: a handful of
 * processes on one chat settle in a few rounds; more means something keeps rewriting it.
 */
const UPDATE_ATTEMPTS = 50;
/** An availability entry lives this long unless its process renews it (heartbeat). */
export const AVAILABILITY_TTL_S = 60;
/** A capacity, a break and the chats in a row last at most this long without a change. */
const CAPACITY_TTL_S = 12 * 3600;

/** One available counsellor socket, as `setAvailable` writes it. */
const Availability = z.object({
  accountId: z.number().int(),
  routes: z.array(Route).max(ROUTES.length),
  alias: z.string().max(1000).optional(),
  noteKey: z.string().max(100).optional(),
  processId: z.string().max(100).optional(),
});

/**
 * Live state in Redis, for several processes behind one address: chats as JSON with
 * an expiry, queues as sorted sets by `queueScore` (first queue time, those in danger
 * ahead), availability as keys each
 * process renews while its sockets are connected. Every key is deleted when its chat
 * ends; the expiries only catch what a crashed process left behind. Nothing here
 * identifies a visitor (see LiveChat).
 *
 * Whether the process holding a side of a chat, or an available console, still lives
 * is the heartbeat's word (heartbeat.ts).
 */
export class RedisLiveState implements LiveState {
  private readonly heartbeat: Heartbeat;
  private readonly renewal: ReturnType<typeof setInterval>;
  /** The availability this process holds, renewed until its socket goes. */
  private readonly mine = new Map<string, string>();

  constructor(
    private readonly redis: RedisClient,
    private readonly prefix = 'jc:',
    private readonly logger: Logger = createLogger('info'),
    heartbeatMs = HEARTBEAT_MS,
  ) {
    this.heartbeat = new Heartbeat(redis, `${prefix}process:`, logger, heartbeatMs);
    this.renewal = setInterval(() => void this.renew(), (AVAILABILITY_TTL_S * 1000) / 3);
    this.renewal.unref();
  }

  /** Keys the scripts build from a chat's id or route, with these prefixes. */
  private get chatPrefix(): string {
    return `${this.prefix}chat:`;
  }
  private get queuePrefix(): string {
    return `${this.prefix}queue:`;
  }
  private chatKey(id: string): string {
    return this.chatPrefix + id;
  }
  private queueKey(route: Route): string {
    return this.queuePrefix + route;
  }
  private get chatsKey(): string {
    return `${this.prefix}chats`;
  }
  private availableKey(socketId: string): string {
    return `${this.prefix}available:${socketId}`;
  }
  private get availableIndex(): string {
    return `${this.prefix}available`;
  }
  get processId(): string {
    return this.heartbeat.processId;
  }

  liveProcesses(ids: readonly string[]): Promise<Set<string>> {
    return this.heartbeat.alive(ids);
  }

  private async renew(): Promise<void> {
    for (const [socketId, value] of this.mine) {
      // One failed renewal must not stop the others; the next beat tries again.
      await this.redis
        .set(this.availableKey(socketId), value, { EX: AVAILABILITY_TTL_S })
        .catch((error: unknown) => {
          this.logger.error({ err: error }, 'renewing availability in redis failed');
        });
    }
  }

  /** Stops beating and renewing (see Heartbeat.stop); the caller closes the client. */
  dispose(): void {
    this.heartbeat.stop();
    clearInterval(this.renewal);
    this.mine.clear();
  }

  /** A chat read back; one that fails its schema is logged and treated as gone. */
  private parse(raw: string | null): LiveChat | undefined {
    if (!raw) return undefined;
    const parsed = parseJson(LiveChat, raw);
    if (parsed.ok) return parsed.data;
    this.logger.error('a live chat in redis failed its schema');
    return undefined;
  }

  async enqueue(chat: LiveChat): Promise<number> {
    await this.redis
      .multi()
      .set(this.chatKey(chat.id), JSON.stringify(chat), { EX: CHAT_TTL_S })
      .sAdd(this.chatsKey, chat.id)
      .zAdd(this.queueKey(chat.route), { score: queueScore(chat), value: chat.id })
      .exec();
    return ((await this.redis.zRank(this.queueKey(chat.route), chat.id)) ?? 0) + 1;
  }

  async requeue(chat: LiveChat): Promise<number> {
    await this.redis
      .multi()
      .set(this.chatKey(chat.id), JSON.stringify(unassigned(nextRevision(chat))), {
        EX: CHAT_TTL_S,
      })
      .zAdd(this.queueKey(chat.route), { score: queueScore(chat), value: chat.id })
      .exec();
    return ((await this.redis.zRank(this.queueKey(chat.route), chat.id)) ?? 0) + 1;
  }

  async claimNext(
    routes: readonly Route[],
    counsellor: CounsellorRef,
    preference?: ClaimPreference,
  ): Promise<LiveChat | undefined> {
    const languages = preference?.languages ?? [];
    const result = await this.redis.eval(CLAIM_NEXT, {
      keys: routes.map((route) => this.queueKey(route)),
      arguments: [
        this.chatPrefix,
        String(counsellor.accountId),
        counsellor.socketId,
        String(CHAT_TTL_S),
        languages.length > 0 ? `,${languages.join(',')},` : '',
        String(preference?.anyoneQueuedBy ?? 0),
        this.heartbeat.keyPrefix,
        this.processId,
      ],
    });
    return typeof result === 'string' ? this.parse(result) : undefined;
  }

  async dequeue(chat: LiveChat): Promise<boolean> {
    return (await this.redis.zRem(this.queueKey(chat.route), chat.id)) === 1;
  }

  async queue(route: Route): Promise<QueueEntry[]> {
    const entries = await this.redis.zRangeWithScores(this.queueKey(route), 0, -1);
    const chats = await this.many(entries.map((entry) => entry.value));
    const alive = await this.liveProcesses(chats.flatMap((chat) => chat?.visitorProcess ?? []));
    return entries.map((entry, index) => {
      const chat = chats[index];
      const gone = chat?.visitorProcess !== undefined && !alive.has(chat.visitorProcess);
      return {
        id: entry.value,
        // The score of a visitor in danger is moved ahead (queueScore): the time is the chat's.
        queuedAt: chat?.queuedAt ?? entry.score,
        urgent: chat?.urgent === true,
        away: !chat || chat.visitorAway === true || chat.awaitingCommitment === true || gone,
      };
    });
  }

  async pruneQueues(): Promise<Route[]> {
    const changed: Route[] = [];
    for (const route of ROUTES) {
      const removed = await this.redis.eval(PRUNE_QUEUE, {
        keys: [this.queueKey(route)],
        arguments: [this.chatPrefix],
      });
      if (typeof removed === 'number' && removed > 0) changed.push(route);
    }
    return changed;
  }

  async markAway(
    chatId: string,
    side: Sender,
    socketId: string,
    at: number,
  ): Promise<LiveChat | undefined> {
    const result = await this.redis.eval(MARK_AWAY, {
      keys: [this.chatKey(chatId)],
      arguments: [side, socketId, String(at), String(CHAT_TTL_S)],
    });
    return typeof result === 'string' ? this.parse(result) : undefined;
  }

  async dropIfAway(
    chatId: string,
    socketId: string,
    since: number,
  ): Promise<{ chat: LiveChat; wasQueued: boolean } | undefined> {
    const result = await this.redis.eval(DROP_IF_AWAY, {
      keys: [this.chatKey(chatId), this.chatsKey],
      arguments: [socketId, String(since), this.queuePrefix],
    });
    if (!Array.isArray(result) || typeof result[0] !== 'string') return undefined;
    const chat = this.parse(result[0]);
    return chat && { chat, wasQueued: result[1] === 1 };
  }

  async requeueIfAway(
    chatId: string,
    socketId: string,
    since: number,
  ): Promise<{ chat: LiveChat; position: number } | undefined> {
    const result = await this.redis.eval(REQUEUE_IF_AWAY, {
      keys: [this.chatKey(chatId)],
      arguments: [
        socketId,
        String(since),
        this.queuePrefix,
        String(CHAT_TTL_S),
        String(URGENT_SHIFT),
      ],
    });
    if (!Array.isArray(result) || typeof result[0] !== 'string') return undefined;
    const chat = this.parse(result[0]);
    return chat && { chat, position: Number(result[1]) };
  }

  private async many(ids: string[]): Promise<(LiveChat | undefined)[]> {
    if (ids.length === 0) return [];
    const raws = await this.redis.mGet(ids.map((id) => this.chatKey(id)));
    return raws.map((raw) => this.parse(raw));
  }

  async getChat(id: string): Promise<LiveChat | undefined> {
    return this.parse(await this.redis.get(this.chatKey(id)));
  }

  async updateChat(
    id: string,
    change: (chat: LiveChatDraft) => LiveChat | undefined,
  ): Promise<LiveChat | undefined> {
    for (let attempt = 0; attempt < UPDATE_ATTEMPTS; attempt += 1) {
      const current = await this.getChat(id);
      if (!current) return undefined;
      const revision = current.revision ?? 0;
      const next = change(structuredClone(current));
      if (!next) return undefined;
      const written: LiveChat = { ...next, id, revision: revision + 1 };
      const result = await this.redis.eval(UPDATE_CHAT, {
        keys: [this.chatKey(id)],
        arguments: [String(revision), JSON.stringify(written), String(CHAT_TTL_S)],
      });
      if (result === 1) return written;
      if (result === 0) return undefined;
    }
    throw new Error(`live chat kept changing: ${UPDATE_ATTEMPTS} attempts to update it failed`);
  }

  async saveChat(chat: LiveChat): Promise<void> {
    const written = nextRevision(chat);
    await this.redis
      .multi()
      .set(this.chatKey(chat.id), JSON.stringify(written), { EX: CHAT_TTL_S })
      .sAdd(this.chatsKey, chat.id)
      .exec();
  }

  async deleteChat(id: string): Promise<boolean> {
    const [deleted] = await this.redis.multi().del(this.chatKey(id)).sRem(this.chatsKey, id).exec();
    return Number(deleted) === 1;
  }

  async allChats(): Promise<LiveChat[]> {
    const ids = await this.redis.sMembers(this.chatsKey);
    const chats = await this.many(ids);
    const gone = ids.filter((_, index) => !chats[index]);
    // Expired after a crash: drop them from the index too.
    if (gone.length > 0) await this.redis.sRem(this.chatsKey, gone);
    return chats.filter((chat): chat is LiveChat => chat !== undefined);
  }

  async chatsOfCounsellorSocket(socketId: string): Promise<LiveChat[]> {
    return (await this.allChats()).filter((chat) => chat.counsellorSocketId === socketId);
  }

  async chatsOfAccount(accountId: number): Promise<LiveChat[]> {
    return (await this.allChats()).filter((chat) => chat.counsellorAccountId === accountId);
  }

  async countChatsOfAccount(accountId: number): Promise<number> {
    return (await this.chatsOfAccount(accountId)).length;
  }

  async setAvailable(
    socketId: string,
    accountId: number,
    routes: readonly Route[],
    on: boolean,
    alias?: string,
    noteKey?: string,
  ): Promise<void> {
    if (on) {
      const value = JSON.stringify({
        accountId,
        routes,
        alias,
        noteKey,
        processId: this.processId,
      });
      this.mine.set(socketId, value);
      await this.redis
        .multi()
        .set(this.availableKey(socketId), value, { EX: AVAILABILITY_TTL_S })
        .sAdd(this.availableIndex, socketId)
        .exec();
    } else {
      this.mine.delete(socketId);
      await this.redis
        .multi()
        .del(this.availableKey(socketId))
        .sRem(this.availableIndex, socketId)
        .exec();
    }
  }

  async isAvailable(socketId: string): Promise<boolean> {
    const raw = await this.redis.get(this.availableKey(socketId));
    const entry = raw === null ? undefined : parseJson(Availability, raw);
    if (!entry?.ok) return false;
    const { processId } = entry.data;
    return processId === undefined || (await this.liveProcesses([processId])).has(processId);
  }

  async capacityOf(accountId: number): Promise<number | undefined> {
    const value = await this.redis.get(`${this.prefix}capacity:${accountId}`);
    return value === null ? undefined : Number(value);
  }

  async setCapacity(accountId: number, capacity: number): Promise<void> {
    await this.redis.set(`${this.prefix}capacity:${accountId}`, String(capacity), {
      EX: CAPACITY_TTL_S,
    });
  }

  private shiftKey(accountId: number): string {
    return `${this.prefix}shift:${accountId}`;
  }

  async startShift(accountId: number): Promise<void> {
    await this.redis
      .multi()
      .set(`${this.prefix}capacity:${accountId}`, '1', { EX: CAPACITY_TTL_S })
      .del(this.shiftKey(accountId))
      .exec();
  }

  async consoleLeft(accountId: number, at: number, keepMs: number): Promise<void> {
    await this.redis.set(`${this.prefix}console-left:${accountId}`, String(at), {
      PX: Math.max(1, Math.ceil(keepMs)),
    });
  }

  async consoleLeftAt(accountId: number): Promise<number | undefined> {
    const value = await this.redis.get(`${this.prefix}console-left:${accountId}`);
    const at = value === null ? NaN : Number(value);
    return Number.isFinite(at) ? at : undefined;
  }

  async shiftOf(accountId: number): Promise<Shift> {
    const [onBreak, inARow, acute] = await this.redis.hmGet(this.shiftKey(accountId), [
      'onBreak',
      'inARow',
      'acute',
    ]);
    return {
      onBreak: onBreak === '1',
      inARow: Number(inARow ?? 0) || 0,
      acute: Number(acute ?? 0) || 0,
    };
  }

  async setBreak(accountId: number, onBreak: boolean): Promise<void> {
    const key = this.shiftKey(accountId);
    const write = this.redis.multi().hSet(key, 'onBreak', onBreak ? '1' : '0');
    if (onBreak) write.hSet(key, 'inARow', '0');
    await write.expire(key, CAPACITY_TTL_S).exec();
  }

  async countAccepted(accountId: number): Promise<void> {
    const key = this.shiftKey(accountId);
    await this.redis.multi().hIncrBy(key, 'inARow', 1).expire(key, CAPACITY_TTL_S).exec();
  }

  async countAcute(accountId: number): Promise<void> {
    const key = this.shiftKey(accountId);
    await this.redis.multi().hIncrBy(key, 'acute', 1).expire(key, CAPACITY_TTL_S).exec();
  }

  private async availability(): Promise<({ socketId: string } & z.infer<typeof Availability>)[]> {
    const socketIds = await this.redis.sMembers(this.availableIndex);
    if (socketIds.length === 0) return [];
    const raws = await this.redis.mGet(socketIds.map((id) => this.availableKey(id)));
    const entries = socketIds.flatMap((socketId, index) => {
      const raw = raws[index];
      if (!raw) return [];
      const entry = parseJson(Availability, raw);
      if (!entry.ok) {
        this.logger.error('an availability entry in redis failed its schema');
        return [];
      }
      return [{ socketId, ...entry.data }];
    });
    const alive = await this.liveProcesses(entries.flatMap((entry) => entry.processId ?? []));
    const dead = entries.filter((e) => e.processId !== undefined && !alive.has(e.processId));
    // A process that died stopped renewing: its sockets leave the index, and those of
    // one killed outright go as soon as its heartbeat has, not a minute later.
    const gone = [
      ...socketIds.filter((_, index) => raws[index] === null),
      ...dead.map((entry) => entry.socketId),
    ];
    if (gone.length > 0) {
      await this.redis
        .multi()
        .sRem(this.availableIndex, gone)
        .del(gone.map((id) => this.availableKey(id)))
        .exec();
    }
    return entries.filter((entry) => !dead.includes(entry));
  }

  async availableSockets(route: Route): Promise<CounsellorRef[]> {
    return (await this.availability())
      .filter((entry) => entry.routes.includes(route))
      .map(({ accountId, socketId, alias, noteKey, processId }) => ({
        accountId,
        socketId,
        ...(processId && { processId }),
        ...(alias && { alias }),
        ...(noteKey && { noteKey }),
      }));
  }

  async availableOn(route: Route): Promise<number> {
    return new Set((await this.availableSockets(route)).map((entry) => entry.accountId)).size;
  }
}

/**
 * A whole write (save, re-queue) counts as a change: an update that read the chat
 * before it finds the revision moved and reads again.
 */
function nextRevision(chat: LiveChat): LiveChat {
  return { ...chat, revision: (chat.revision ?? 0) + 1 };
}
