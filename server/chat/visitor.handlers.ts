import { AppError } from '../../shared/protocol/errors.js';
import { visitorEvents } from '../../shared/protocol/events.js';
import type { IncomingMessage } from 'node:http';
import type { Logger } from '../logger.js';
import { visitorMailboxHandlers, type MailboxLimits } from '../mailbox/mailbox.handlers.js';
import type { MailboxService } from '../mailbox/mailbox.service.js';
import { handleEvents, SocketRateLimit } from '../socket/handle.js';
import type { ChatService, VisitorNamespace } from './chat.service.js';
import type { StartLimiter } from './start-limiter.js';

export interface VisitorLimits {
  /** Chats started per address in a window. */
  starts: StartLimiter;
  /** The key (never the address) of the network (address prefix) behind a socket. */
  addressKey(request: IncomingMessage): Promise<string>;
  /** Events a socket may send per second, sustained (config.socketEventsPerSecond). */
  eventsPerSecond: number;
  /** Mailboxes started and lookups, per network. */
  mailbox: Omit<MailboxLimits, 'addressKey'>;
}

/** Wires the `/visitor` namespace's events to the chat service and the mailbox. */
export function registerVisitorHandlers(
  nsp: VisitorNamespace,
  service: ChatService,
  mailbox: MailboxService,
  limits: VisitorLimits,
  logger: Logger,
): void {
  nsp.on('connection', (socket) => {
    const rate = limits.eventsPerSecond;
    const context = { limit: new SocketRateLimit(rate, rate * 4), logger };
    const visitor = { socketId: socket.id, data: socket.data };
    const party = { sender: 'visitor', ref: visitor } as const;

    handleEvents(
      socket,
      visitorEvents,
      {
        'status:get': () => service.status(),
        'queue:join': async (data) => {
          if (!(await limits.starts.take(await limits.addressKey(socket.request)))) {
            throw new AppError('rate_limited');
          }
          return service.join(visitor, data);
        },
        'queue:details': (data) => service.details(visitor, data),
        'chat:resume': (data) =>
          service.resume(visitor, data, async () =>
            limits.starts.take(await limits.addressKey(socket.request)),
          ),
        'chat:commit': (data) => service.commit(visitor, data),
        'chat:rate': (data) => service.rate(data),
        'queue:leave': ({ chatId }) => service.leave(visitor, chatId),
        'chat:key': (data) => service.revealKey(visitor, data),
        'chat:send': (frame) => service.relay(party, frame),
        'chat:typing': (data) => service.typing(party, data),
        'chat:end': ({ chatId }) => service.endBy(party, chatId),
        ...visitorMailboxHandlers(socket.request, mailbox, {
          ...limits.mailbox,
          addressKey: (request) => limits.addressKey(request),
        }),
      },
      context,
    );

    if (socket.recovered) {
      service.onVisitorBack(visitor).catch((error: unknown) => {
        logger.error({ err: error }, 'visitor recovery failed');
      });
    }

    socket.on('disconnect', () => {
      service.onVisitorGone(visitor).catch((error: unknown) => {
        logger.error({ err: error }, 'visitor disconnect handling failed');
      });
    });
  });
}
