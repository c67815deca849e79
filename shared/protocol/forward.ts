import { z } from 'zod/mini';
import { ERROR_CODES } from './errors.js';
import { Author, ChatId } from './schemas.js';

/*
 * Between server processes only (server/chat/forward.ts): a whisper and its join are
 * kept in the memory of one process, their owner; a call about one that reaches another
 * process is passed to all the others through the Socket.IO adapter, and the owner's
 * answer comes back as the acknowledgement. Another process is trusted, but what it
 * sends is parsed like any input.
 */

const SocketId = z.string().check(z.minLength(1), z.maxLength(64));
/** A process's random id (its heartbeat's). */
const ProcessId = z.string().check(z.minLength(1), z.maxLength(64));

/** A console socket as a whisper's owner needs it: the socket, its account, its alias. */
export const StaffCaller = z.object({
  socketId: SocketId,
  data: z.object({ accountId: z.int().check(z.positive()), alias: Author }),
});
export type StaffCaller = z.infer<typeof StaffCaller>;

/** A visitor's socket and the chat it is bound to. */
export const VisitorCaller = z.object({
  socketId: SocketId,
  data: z.object({ chatId: z.optional(ChatId) }),
});
export type VisitorCaller = z.infer<typeof VisitorCaller>;

/**
 * One call to run where what it names is kept: the client's event, who sent it, its
 * payload, and the process holding the caller's socket (if it dies, so did the socket).
 */
export const ForwardedCall = z.strictObject({
  event: z.string().check(z.maxLength(64)),
  caller: z.unknown(),
  payload: z.unknown(),
  from: ProcessId,
});
export type ForwardedCall = z.infer<typeof ForwardedCall>;

/** The owner's ack: its handler's data, or a known error code. */
const OwnerResult = z.union([
  z.strictObject({ ok: z.literal(true), data: z.unknown() }),
  z.strictObject({ ok: z.literal(false), error: z.enum(ERROR_CODES) }),
]);

/** A process's answer: not kept here, or the owner's result and which process it is. */
export const OwnerAnswer = z.union([
  z.strictObject({ owner: z.literal(false) }),
  z.strictObject({ owner: z.literal(true), process: ProcessId, result: OwnerResult }),
]);
export type OwnerAnswer = z.infer<typeof OwnerAnswer>;

/**
 * What every process hears of: a socket gone or a chat over (whoever keeps what it
 * ends), or something an owner kept has ended (`kept-ended`: others stop watching it).
 */
export const NOTICES = [
  'console-gone',
  'visitor-gone',
  'chat-ended',
  'chat-handed-over',
  'kept-ended',
] as const;
export const Notice = z.strictObject({
  name: z.enum(NOTICES),
  id: z.string().check(z.minLength(1), z.maxLength(128)),
});
export type Notice = z.infer<typeof Notice>;
export type NoticeName = (typeof NOTICES)[number];
