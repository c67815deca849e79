import {
  ChatCommit,
  ChatRef,
  ChatResume,
  Empty,
  KeyReveal,
  QueueDetails,
  QueueJoin,
  RatingSubmit,
  Typing,
  WireFrame,
} from '../../shared/protocol/schemas.js';
import { AppError } from '../../shared/protocol/errors.js';
import type { VisitorClientEvents } from '../../shared/protocol/events.js';
import type { IncomingMessage } from 'node:http';
import type { Logger } from '../logger.js';
import { socketEvents, SocketRateLimit } from '../socket/handle.js';
import type { ChatService, VisitorNamespace } from './chat.service.js';
import type { StartLimiter } from './start-limiter.js';

export interface VisitorLimits {
  /** Chats started per address in a window. */
  starts: StartLimiter;
  /** The key (never the address) of the client behind a socket's first request. */
  addressKey(request: IncomingMessage): Promise<string>;
  /** Events a socket may send per second, sustained. @default 5 */
  eventsPerSecond?: number;
}

/** Wires the `/visitor` namespace's events to the chat service. */
export function registerVisitorHandlers(
  nsp: VisitorNamespace,
  service: ChatService,
  limits: VisitorLimits,
  logger: Logger,
): void {
  nsp.on('connection', (socket) => {
    const rate = limits.eventsPerSecond ?? 5;
    const context = { limit: new SocketRateLimit(rate, rate * 4), logger };
    const visitor = { socketId: socket.id, data: socket.data };
    const party = { sender: 'visitor', ref: visitor } as const;

    const events = socketEvents<VisitorClientEvents>(socket, context);
    events.on('status:get', Empty, () => service.status());
    events.on('queue:join', QueueJoin, async (data) => {
      if (!(await limits.starts.take(await limits.addressKey(socket.request)))) {
        throw new AppError('rate_limited');
      }
      return service.join(visitor, data);
    });
    events.on('queue:details', QueueDetails, (data) => service.details(visitor, data));
    events.on('chat:resume', ChatResume, (data) =>
      service.resume(visitor, data, async () =>
        limits.starts.take(await limits.addressKey(socket.request)),
      ),
    );
    events.on('chat:commit', ChatCommit, (data) => service.commit(visitor, data));
    events.on('chat:rate', RatingSubmit, (data) => service.rate(data));
    events.on('queue:leave', ChatRef, ({ chatId }) => service.leave(visitor, chatId));
    events.on('chat:key', KeyReveal, (data) => service.revealKey(visitor, data));
    events.on('chat:send', WireFrame, (frame) => service.relay(party, frame));
    events.on('chat:typing', Typing, (data) => service.typing(party, data));
    events.on('chat:end', ChatRef, ({ chatId }) => service.endBy(party, chatId));

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
