import type { Socket } from 'socket.io';
import { AppError } from '../../shared/protocol/errors.js';
import {
  visitorEvents,
  type InterServerEvents,
  type VisitorClientEvents,
  type VisitorServerEvents,
  type VisitorSocketData,
} from '../../shared/protocol/events.js';
import type { IncomingMessage } from 'node:http';
import type { Logger } from '../logger.js';
import { visitorMailboxHandlers, type MailboxLimits } from '../mailbox/mailbox.handlers.js';
import type { MailboxService } from '../mailbox/mailbox.service.js';
import { EventTable, SocketRateLimit } from '../socket/handle.js';
import type { ChatService, VisitorNamespace } from './chat.service.js';
import type { VisitorRef } from './parties.js';
import type { StartLimiter } from './start-limiter.js';

export interface VisitorLimits {
  /** Chats started per address in a window. */
  starts: StartLimiter;
  /** The key (never the address) of the network (address prefix) behind a socket. */
  addressKey(request: IncomingMessage): Promise<string>;
  /** Whether the socket's network is blocked for now ("End and block", block-list.ts). */
  blocked(request: IncomingMessage): Promise<boolean>;
  /** Events a socket may send per second, sustained (config.socketEventsPerSecond). */
  eventsPerSecond: number;
  /** Mailboxes started and lookups, per network. */
  mailbox: Omit<MailboxLimits, 'addressKey' | 'blocked'>;
}

type VisitorServerSocket = Socket<
  VisitorClientEvents,
  VisitorServerEvents,
  InterServerEvents,
  VisitorSocketData
>;

/** What a visitor's handlers know of the socket that asked. */
interface VisitorSocket {
  socket: VisitorServerSocket;
  party: { sender: 'visitor'; ref: VisitorRef };
}

/** Wires the `/visitor` namespace's events to the chat service and the mailbox. */
export function registerVisitorHandlers(
  nsp: VisitorNamespace,
  service: ChatService,
  mailbox: MailboxService,
  limits: VisitorLimits,
  logger: Logger,
): void {
  const startAllowed = async (socket: VisitorServerSocket) =>
    limits.starts.take(await limits.addressKey(socket.request));
  // One table for every socket of the namespace: per socket, only its own state.
  const events = new EventTable<typeof visitorEvents, VisitorSocket>(
    visitorEvents,
    {
      'status:get': () => service.status(),
      'queue:join': async (data, { socket, party }) => {
        if (await limits.blocked(socket.request)) throw new AppError('unavailable');
        if (!(await startAllowed(socket))) throw new AppError('rate_limited');
        return service.join(party.ref, data);
      },
      'queue:details': (data, { party }) => service.details(party.ref, data),
      'chat:resume': (data, { socket, party }) =>
        service.resume(party.ref, data, () => startAllowed(socket)),
      'chat:commit': (data, { party }) => service.commit(party.ref, data),
      'chat:rate': (data) => service.rate(data),
      'queue:leave': ({ chatId }, { party }) => service.leave(party.ref, chatId),
      'chat:key': (data, { party }) => service.revealKey(party.ref, data),
      'chat:send': (frame, { party }) => service.relay(party, frame),
      'chat:typing': (data, { party }) => service.typing(party, data),
      'chat:end': ({ chatId }, { party }) => service.endBy(party, chatId),
      'chat:join-answer': (data, { party }) => service.support.joinAnswer(party.ref, data),
      'chat:join-key': (data, { party }) => service.support.joinReveal(party.ref, data),
      'chat:member-send': (data, { party }) => service.support.memberSend(party.ref, data),
      'chat:join-end': (data, { party }) => service.support.joinEnd(party.ref, data),
      ...visitorMailboxHandlers<VisitorSocket>(
        mailbox,
        {
          ...limits.mailbox,
          addressKey: (request) => limits.addressKey(request),
          blocked: (request) => limits.blocked(request),
        },
        ({ socket }) => socket.request,
      ),
    },
    logger,
  );

  nsp.on('connection', (socket) => {
    const rate = limits.eventsPerSecond;
    const visitor: VisitorRef = { socketId: socket.id, data: socket.data };
    events.attach(
      socket,
      { socket, party: { sender: 'visitor', ref: visitor } },
      new SocketRateLimit(rate, rate * 4),
    );

    socket.on('disconnect', () => {
      // The widget's member keys live only in its memory: a join ends with the socket,
      // whichever process keeps it.
      service.support.visitorGone(socket.id);
      service.onVisitorGone(visitor).catch((error: unknown) => {
        logger.error({ err: error }, 'visitor disconnect handling failed');
      });
    });
  });
}
