import { counsellorEvents, visitorEvents, type PayloadOf } from '../../shared/protocol/events.js';
import { StaffCaller, VisitorCaller } from '../../shared/protocol/forward.js';
import type { ChatContext } from './context.js';
import type { Forwarder, OwnedOptions } from './forward.js';
import type { Joins } from './join.js';
import type { Whispers } from './whisper.js';

/*
 * Every call about a whisper (§22) or a join (§23) that may reach a process other than
 * the one keeping it, each run by its owner (forward.ts); the notices that end them
 * wherever they are kept; and what a caller's process tells its socket if the owner's
 * process dies: the supporter that its whisper and join ended, the visitor that the
 * member left, both `disconnected`. The handler tables call these, never Whispers or
 * Joins directly. (`whisper:ask` is not here: the process that takes it is the owner.)
 */

export type SupportCalls = ReturnType<typeof supportCalls>;

/** The keys under which an owner says a whisper or a join ended (`kept-ended`). */
const whisperKey = (whisperId: string) => `whisper:${whisperId}`;
const joinKey = (whisperId: string) => `join:${whisperId}`;
const memberKey = (chatId: string, joinNumber: number) => `member:${chatId}:${joinNumber}`;

export function supportCalls(
  ctx: Pick<ChatContext, 'visitors' | 'counsellors'>,
  forward: Forwarder,
  whispers: Whispers,
  joins: Joins,
) {
  type Staff = typeof counsellorEvents;
  type Visitor = typeof visitorEvents;
  type Options<C, P, R> = Omit<OwnedOptions<C, P, R>, 'gone'>;
  const byStaff = <E extends keyof Staff, R>(
    event: E,
    run: (caller: StaffCaller, data: PayloadOf<Staff[E]>) => Promise<R>,
    options?: Options<StaffCaller, PayloadOf<Staff[E]>, R>,
  ) =>
    forward.ownedCall(event, StaffCaller, counsellorEvents[event].payload, run, {
      ...options,
      gone: 'console-gone',
    });
  const byVisitor = <E extends keyof Visitor, R>(
    event: E,
    run: (caller: VisitorCaller, data: PayloadOf<Visitor[E]>) => Promise<R>,
    options?: Options<VisitorCaller, PayloadOf<Visitor[E]>, R>,
  ) =>
    forward.ownedCall(event, VisitorCaller, visitorEvents[event].payload, run, {
      ...options,
      gone: 'visitor-gone',
    });
  const ends = { nobodyIsDone: true };
  const reason = 'disconnected';

  whispers.onFinish.push((whisperId) => forward.ended(whisperKey(whisperId)));
  joins.onFinish.push(({ whisperId, chatId, joinNumber }) => {
    forward.ended(joinKey(whisperId));
    forward.ended(memberKey(chatId, joinNumber));
  });

  return {
    accept: byStaff('whisper:accept', (c, d) => whispers.accept(c, d), {
      watch: ({ socketId }, { whisperId }) => ({
        key: whisperKey(whisperId),
        tell: () => ctx.counsellors.to(socketId).emit('whisper:ended', { whisperId, reason }),
      }),
    }),
    key: byStaff('whisper:key', (c, d) => whispers.key(c, d)),
    message: byStaff('whisper:message', (c, d) => whispers.message(c, d)),
    end: byStaff('whisper:end', (c, d) => whispers.end(c, d), ends),
    joinAsk: byStaff('join:ask', (c, d) => joins.ask(c, d), {
      watch: ({ socketId }, { whisperId }, { joinNumber }) => ({
        key: joinKey(whisperId),
        tell: () =>
          ctx.counsellors
            .to(socketId)
            .emit('join:state', { whisperId, joinNumber, state: 'ended', reason }),
      }),
    }),
    joinKey: byStaff('join:key', (c, d) => joins.key(c, d)),
    joinMessage: byStaff('join:message', (c, d) => joins.message(c, d)),
    joinLeave: byStaff('join:leave', (c, d) => joins.leave(c, d), ends),
    joinAnswer: byVisitor('chat:join-answer', (c, d) => joins.answer(c, d), {
      // A no ended it already.
      watch: ({ socketId }, { chatId, joinNumber, yes }) =>
        yes
          ? {
              key: memberKey(chatId, joinNumber),
              tell: () =>
                ctx.visitors.to(socketId).emit('chat:member-left', { chatId, joinNumber, reason }),
            }
          : undefined,
    }),
    joinReveal: byVisitor('chat:join-key', (c, d) => joins.reveal(c, d)),
    memberSend: byVisitor('chat:member-send', (c, d) => joins.send(c, d)),
    joinEnd: byVisitor('chat:join-end', (c, d) => joins.remove(c, d), ends),
    /** A console socket went: the whispers it takes part in end (and their joins). */
    consoleGone: forward.notice('console-gone', (socketId) => whispers.socketGone(socketId)),
    /** A visitor's socket went: its joins end. */
    visitorGone: forward.notice('visitor-gone', (socketId) => joins.visitorSocketGone(socketId)),
    /** A chat ended, on whichever process: its whisper and joins end, its join numbers go. */
    chatEnded: forward.notice('chat-ended', (chatId) => {
      whispers.chatEnded(chatId);
      joins.chatEnded(chatId);
    }),
    /** A chat was handed over: the new counsellor did not ask for its member. */
    chatHandedOver: forward.notice('chat-handed-over', (chatId) => joins.chatHandedOver(chatId)),
  };
}
