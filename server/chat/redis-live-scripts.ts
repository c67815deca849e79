/*
 * The Lua scripts behind the Redis live state's atomic steps: each runs whole on the
 * Redis server, so two processes never hand one visitor to two counsellors, nor end or
 * re-queue one chat twice. Each reads the chat as it is now, not as the caller last
 * saw it, and changes only the fields its step is about; memory-live-state.ts does the
 * same in TypeScript, and the live state's contract test holds both to it.
 */

/** The side's socket, '' for a counsellor side with none (a chat re-created by its visitor). */
const SOCKET_OF = `
local function socketOf(chat, side)
  local socket = chat[side .. 'SocketId']
  if type(socket) ~= 'string' then return '' end
  return socket
end
`;

/** Whether a side is still away as it was seen: the same socket, away since the same time. */
const STILL_AWAY = `${SOCKET_OF}
local function stillAway(chat, side, socketId, since)
  return chat[side .. 'Away'] == true and chat[side .. 'AwaySince'] == since
    and socketOf(chat, side) == socketId
end
`;

/**
 * Takes the first claimable chat across the given queues by score (`queueScore()`:
 * those in danger first, then the oldest), the preferred one first (the rule of
 * `preferred()` in live-state.ts: an urgent one always is), and assigns it.
 * Claimable: its visitor is not away, owes no fresh commitment, and its process still
 * beats.
 * KEYS: the queues; ARGV: chat key prefix, account id, socket id, TTL, the languages
 * spoken as ",sv,ar," ("" for any), queued-by time for anyone, the heartbeat key
 * prefix, this process's id.
 */
export const CLAIM_NEXT = `
local oldest, oldestScore, oldestQueue
local best, bestScore, bestQueue
local spoken, anyoneBy = ARGV[5], tonumber(ARGV[6])
local function alive(process)
  return type(process) ~= 'string' or process == ARGV[8]
    or redis.call('EXISTS', ARGV[7] .. process) == 1
end
for i, queue in ipairs(KEYS) do
  local entries = redis.call('ZRANGE', queue, 0, -1, 'WITHSCORES')
  local seenClaimable = false
  for j = 1, #entries, 2 do
    local raw = redis.call('GET', ARGV[1] .. entries[j])
    if raw then
      local chat = cjson.decode(raw)
      if not chat.visitorAway and not chat.awaitingCommitment and alive(chat.visitorProcess) then
        local score = tonumber(entries[j + 1])
        if not seenClaimable then
          seenClaimable = true
          if not oldest or score < oldestScore then
            oldest, oldestScore, oldestQueue = chat, score, queue
          end
        end
        local lang = chat.lang
        -- Lättläst is Swedish for who answers (spokenLanguage in schemas.ts).
        if lang == 'sv-x-easy' then lang = 'sv' end
        if chat.urgent == true or spoken == '' or type(lang) ~= 'string'
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
best.counsellorProcess = ARGV[8]
best.revision = (tonumber(best.revision) or 0) + 1
local encoded = cjson.encode(best)
redis.call('SET', ARGV[1] .. best.id, encoded, 'EX', tonumber(ARGV[4]))
return encoded
`;

/**
 * Writes a chat changed by the caller if it is still at the revision the caller read
 * (every step that writes a chat counts its revision up). KEYS: the chat; ARGV: the
 * revision read, the chat as changed (at the next revision), TTL. Returns 1 when
 * written, 0 when the chat is gone, -1 when someone wrote it meanwhile (read again).
 */
export const UPDATE_CHAT = `
local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
local revision = tonumber(cjson.decode(raw).revision) or 0
if revision ~= tonumber(ARGV[1]) then return -1 end
redis.call('SET', KEYS[1], ARGV[2], 'EX', tonumber(ARGV[3]))
return 1
`;

/**
 * Marks a side away since a time, if it is still on the given socket and not yet
 * marked. KEYS: the chat; ARGV: side, socket id, time, TTL. Returns the chat as marked.
 */
export const MARK_AWAY = `${SOCKET_OF}
local raw = redis.call('GET', KEYS[1])
if not raw then return false end
local chat = cjson.decode(raw)
local side = ARGV[1]
if socketOf(chat, side) ~= ARGV[2] or chat[side .. 'AwaySince'] ~= nil then return false end
chat[side .. 'Away'] = true
chat[side .. 'AwaySince'] = tonumber(ARGV[3])
chat.revision = (tonumber(chat.revision) or 0) + 1
local encoded = cjson.encode(chat)
redis.call('SET', KEYS[1], encoded, 'EX', tonumber(ARGV[4]))
return encoded
`;

/**
 * The visitor's grace ran out: deletes the chat and its queue entry if the visitor is
 * still away as seen. KEYS: the chat, the chats index; ARGV: socket id, away since,
 * queue key prefix. Returns the chat as it was and whether it was queued (1/0).
 */
export const DROP_IF_AWAY = `${STILL_AWAY}
local raw = redis.call('GET', KEYS[1])
if not raw then return false end
local chat = cjson.decode(raw)
if not stillAway(chat, 'visitor', ARGV[1], tonumber(ARGV[2])) then return false end
redis.call('DEL', KEYS[1])
redis.call('SREM', KEYS[2], chat.id)
local removed = redis.call('ZREM', ARGV[3] .. chat.route, chat.id)
return { raw, removed }
`;

/**
 * The counsellor's grace ran out: the chat goes back to the place its first wait gave
 * it (ahead of the others if its visitor is in danger: `queueScore()`), unassigned, in
 * a new epoch, waiting for a fresh commitment (`afterCounsellorLeft` in live-state.ts).
 * KEYS: the chat; ARGV: socket id, away since, queue key prefix, TTL, URGENT_SHIFT.
 * Returns the chat as re-queued and its place.
 */
export const REQUEUE_IF_AWAY = `${STILL_AWAY}
local raw = redis.call('GET', KEYS[1])
if not raw then return false end
local chat = cjson.decode(raw)
if not stillAway(chat, 'counsellor', ARGV[1], tonumber(ARGV[2])) then return false end
for _, field in ipairs({ 'counsellorAccountId', 'counsellorSocketId', 'counsellorAlias',
  'counsellorProcess', 'counsellorAway', 'counsellorAwaySince' }) do
  chat[field] = nil
end
chat.status = 'queued'
chat.awaitingCommitment = true
chat.epoch = chat.epoch + 1
chat.revision = (tonumber(chat.revision) or 0) + 1
local encoded = cjson.encode(chat)
redis.call('SET', KEYS[1], encoded, 'EX', tonumber(ARGV[4]))
local queue = ARGV[3] .. chat.route
local score = chat.queuedAt
if chat.urgent == true then score = score - tonumber(ARGV[5]) end
redis.call('ZADD', queue, score, chat.id)
return { encoded, redis.call('ZRANK', queue, chat.id) + 1 }
`;

/**
 * Takes out of a queue the entries whose chat is gone (its key expired): such an
 * entry can never be taken. KEYS: the queue; ARGV: chat key prefix. Returns how many went.
 */
export const PRUNE_QUEUE = `
local removed = 0
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  if redis.call('EXISTS', ARGV[1] .. id) == 0 then
    removed = removed + redis.call('ZREM', KEYS[1], id)
  end
end
return removed
`;
