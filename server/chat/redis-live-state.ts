import { z } from 'zod';
import { parseJson } from '../../shared/protocol/parse.js';
import { ROUTES, Route } from '../../shared/protocol/schemas.js';
import { createLogger, type Logger } from '../logger.js';
import type { RedisClient } from '../redis.js';
import {
  LiveChat,
  type ClaimPreference,
  type CounsellorRef,
  type LiveState,
  type QueueEntry,
} from './live-state.js';

// Named here before server/redis.ts existed; the tests still import it from here.
export type { RedisClient } from '../redis.js';

/** A live chat lasts at most this long in Redis, even if every process dies mid-chat. */
const CHAT_TTL_S = 12 * 3600;
/** An availability entry lives this long unless its process renews it (heartbeat). */
export const AVAILABILITY_TTL_S = 60;
const CAPACITY_TTL_S = 12 * 3600;

/** One available counsellor socket, as `setAvailable` writes it. */
const Availability = z.object({
  accountId: z.number().int(),
  routes: z.array(Route).max(ROUTES.length),
  alias: z.string().max(1000).optional(),
  noteKey: z.string().max(100).optional(),
});

/**
 * Takes the oldest claimable chat across the given queues, the preferred one first
 * (the rule of `preferred()` in live-state.ts), and assigns it, in one step on the
 * Redis server, so two processes never hand one visitor to two counsellors.
 * KEYS: the queues; ARGV: chat key prefix, account id, socket id, TTL, the languages
 * spoken as ",sv,ar," ("" for any), queued-by time for anyone.
 */
const CLAIM_NEXT = `
local oldest, oldestScore, oldestQueue
local best, bestScore, bestQueue
local spoken, anyoneBy = ARGV[5], tonumber(ARGV[6])
for i, queue in ipairs(KEYS) do
  local entries = redis.call('ZRANGE', queue, 0, -1, 'WITHSCORES')
  local seenClaimable = false
  for j = 1, #entries, 2 do
    local raw = redis.call('GET', ARGV[1] .. entries[j])
    if raw then
      local chat = cjson.decode(raw)
      if not chat.visitorAway and not chat.awaitingCommitment then
        local score = tonumber(entries[j + 1])
        if not seenClaimable then
          seenClaimable = true
          if not oldest or score < oldestScore then
            oldest, oldestScore, oldestQueue = chat, score, queue
          end
        end
        local lang = chat.lang
        if spoken == '' or type(lang) ~= 'string'
          or string.find(spoken, ',' .. lang .. ',', 1, true) ~= nil
          or chat.queuedAt <= anyoneBy then
          if not best or score < bestScore then
            best, bestScore, bestQueue = chat, score, queue
          end
          break
        end
      end
    end
  end
end
-- Never idle while someone waits: the preference only orders the queue.
if not best then best, bestQueue = oldest, oldestQueue end
if not best then return false end
redis.call('ZREM', bestQueue, best.id)
best.status = 'keying'
best.counsellorAccountId = tonumber(ARGV[2])
best.counsellorSocketId = ARGV[3]
local encoded = cjson.encode(best)
redis.call('SET', ARGV[1] .. best.id, encoded, 'EX', tonumber(ARGV[4]))
return encoded
`;

/**
 * Live state in Redis, for several processes behind one address: chats as JSON with
 * an expiry, queues as sorted sets by first queue time, availability as keys each
 * process renews while its sockets are connected. Every key is deleted when its chat
 * ends; the expiries only catch what a crashed process left behind. Nothing here
 * identifies a visitor (see LiveChat).
 */
export class RedisLiveState implements LiveState {
  private readonly heartbeat: ReturnType<typeof setInterval>;
  /** The availability this process holds, renewed until its socket goes. */
  private readonly mine = new Map<string, string>();

  constructor(
    private readonly redis: RedisClient,
    private readonly prefix = 'jc:',
    private readonly logger: Logger = createLogger('info'),
  ) {
    this.heartbeat = setInterval(() => void this.renew(), (AVAILABILITY_TTL_S * 1000) / 3);
    this.heartbeat.unref();
  }

  private chatKey(id: string): string {
    return `${this.prefix}chat:${id}`;
  }
  private queueKey(route: Route): string {
    return `${this.prefix}queue:${route}`;
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

  /** Stops renewing; the caller closes the client. */
  dispose(): void {
    clearInterval(this.heartbeat);
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
      .zAdd(this.queueKey(chat.route), { score: chat.queuedAt, value: chat.id })
      .exec();
    return ((await this.redis.zRank(this.queueKey(chat.route), chat.id)) ?? 0) + 1;
  }

  async requeue(chat: LiveChat): Promise<number> {
    const { counsellorAccountId: _a, counsellorSocketId: _s, counsellorAlias: _n, ...rest } = chat;
    await this.redis
      .multi()
      .set(this.chatKey(chat.id), JSON.stringify({ ...rest, status: 'queued' }), {
        EX: CHAT_TTL_S,
      })
      .zAdd(this.queueKey(chat.route), { score: chat.queuedAt, value: chat.id })
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
        `${this.prefix}chat:`,
        String(counsellor.accountId),
        counsellor.socketId,
        String(CHAT_TTL_S),
        languages.length > 0 ? `,${languages.join(',')},` : '',
        String(preference?.anyoneQueuedBy ?? 0),
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
    return entries.map((entry, index) => {
      const chat = chats[index];
      return {
        id: entry.value,
        queuedAt: entry.score,
        away: chat?.visitorAway === true || chat?.awaitingCommitment === true,
      };
    });
  }

  private async many(ids: string[]): Promise<(LiveChat | undefined)[]> {
    if (ids.length === 0) return [];
    const raws = await this.redis.mGet(ids.map((id) => this.chatKey(id)));
    return raws.map((raw) => this.parse(raw));
  }

  async getChat(id: string): Promise<LiveChat | undefined> {
    return this.parse(await this.redis.get(this.chatKey(id)));
  }

  async saveChat(chat: LiveChat): Promise<void> {
    await this.redis
      .multi()
      .set(this.chatKey(chat.id), JSON.stringify(chat), { EX: CHAT_TTL_S })
      .sAdd(this.chatsKey, chat.id)
      .exec();
  }

  async deleteChat(id: string): Promise<void> {
    await this.redis.multi().del(this.chatKey(id)).sRem(this.chatsKey, id).exec();
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
      const value = JSON.stringify({ accountId, routes, alias, noteKey });
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
    return (await this.redis.exists(this.availableKey(socketId))) === 1;
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

  private async availability(): Promise<({ socketId: string } & z.infer<typeof Availability>)[]> {
    const socketIds = await this.redis.sMembers(this.availableIndex);
    if (socketIds.length === 0) return [];
    const raws = await this.redis.mGet(socketIds.map((id) => this.availableKey(id)));
    const gone = socketIds.filter((_, index) => raws[index] === null);
    // A process that died stopped renewing: its sockets leave the index.
    if (gone.length > 0) await this.redis.sRem(this.availableIndex, gone);
    return socketIds.flatMap((socketId, index) => {
      const raw = raws[index];
      if (!raw) return [];
      const entry = parseJson(Availability, raw);
      if (!entry.ok) {
        this.logger.error('an availability entry in redis failed its schema');
        return [];
      }
      return [{ socketId, ...entry.data }];
    });
  }

  async availableSockets(route: Route): Promise<CounsellorRef[]> {
    return (await this.availability())
      .filter((entry) => entry.routes.includes(route))
      .map(({ accountId, socketId, alias, noteKey }) => ({
        accountId,
        socketId,
        ...(alias && { alias }),
        ...(noteKey && { noteKey }),
      }));
  }

  async availableOn(route: Route): Promise<number> {
    return new Set((await this.availableSockets(route)).map((entry) => entry.accountId)).size;
  }
}
