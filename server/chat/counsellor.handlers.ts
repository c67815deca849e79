import { counsellorEvents } from '../../shared/protocol/events.js';
import { hasRole } from '../accounts/roles.js';
import type { Sessions } from '../accounts/sessions.js';
import type { Logger } from '../logger.js';
import { counsellorMailboxHandlers } from '../mailbox/mailbox.handlers.js';
import type { MailboxService } from '../mailbox/mailbox.service.js';
import { accountRoom } from '../routing.js';
import { routesOf } from '../storage/store.js';
import { EventTable, SocketRateLimit } from '../socket/handle.js';
import { routesRoom, type ChatService, type CounsellorNamespace } from './chat.service.js';
import type { CounsellorRef, VisitorHandshake } from './parties.js';
import { SUPERVISORS_ROOM } from './risk.js';

/** One console socket as its handlers see it: the side of a chat it speaks for. */
type CounsellorParty = { sender: 'counsellor'; ref: CounsellorRef };

export { accountRoom };
/** The room of every console socket opened with one session. */
export const sessionRoom = (idHash: string) => `session:${idHash}`;

/** "End and block": keeps the network of a visitor's socket out of the chat for a while. */
export interface Blocking {
  block(visitor: VisitorHandshake, accountId: number): Promise<void>;
}

/** Socket activity refreshes the session at most this often. */
const SESSION_TOUCH_MS = 60_000;

/**
 * The `/counsellor` namespace: only signed-in staff get a socket. The session comes
 * from the HttpOnly cookie sent with the handshake (same origin only).
 */
export function registerCounsellorHandlers(
  nsp: CounsellorNamespace,
  service: ChatService,
  mailbox: MailboxService,
  sessions: Sessions,
  logger: Logger,
  eventsPerSecond: number,
  blocking: Blocking,
): void {
  nsp.use((socket, next) => {
    sessions
      .fromCookieHeader(socket.handshake.headers.cookie)
      .then((session) => {
        if (!session) return next(new Error('unauthenticated'));
        socket.data = {
          accountId: session.account.id,
          alias: session.account.alias,
          routes: routesOf(session.account),
          languages: session.account.languages,
          sessionId: session.idHash,
          supervisor: hasRole(session.account, 'supervisor'),
        };
        // Here, before the socket is in its account's room and before any of its
        // events: a capacity set at once is not undone by the shift's start.
        // A failure here costs only the reset of capacity: the console still connects.
        return service.startShiftIfFirst({ socketId: socket.id, data: socket.data }).then(
          () => next(),
          (error: unknown) => {
            logger.error({ err: error }, 'shift start failed');
            next();
          },
        );
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'counsellor socket auth failed');
        next(new Error('internal'));
      });
  });

  // One table for every socket of the namespace: per socket, only its own state.
  const events = new EventTable<typeof counsellorEvents, CounsellorParty>(
    counsellorEvents,
    {
      'chat:wrapup': (data, { ref }) => service.wrapUp(ref, data),
      'chats:resume': (data, { ref }) => service.resumeChats(ref, data),
      'presence:set': (data, { ref }) => service.setPresence(ref, data),
      'queue:accept': (_data, { ref }) => service.accept(ref),
      'chat:rekey': (offer, { ref }) => service.rekey(ref, offer),
      'colleagues:list': ({ chatId }, { ref }) => service.colleagues(ref, chatId),
      'colleagues:untrained': ({ chatId }, { ref }) => service.untrainedColleagues(ref, chatId),
      'handover:readers': ({ chatId }, { ref }) => service.readers(ref, chatId),
      'chat:transfer': (data, { ref }) => service.transfer(ref, data),
      'chat:send': (frame, party) => service.relay(party, frame),
      'chat:typing': (data, party) => service.typing(party, data),
      'chat:end': ({ chatId }, party) => service.endBy(party, chatId),
      'chat:block': ({ chatId }, { ref }) =>
        service.endAndBlock(ref, chatId, (handshake) =>
          blocking.block(handshake, ref.data.accountId),
        ),
      'whisper:ask': (data, { ref }) => service.whispers.ask(ref, data),
      'whisper:accept': (data, { ref }) => service.support.accept(ref, data),
      'whisper:key': (data, { ref }) => service.support.key(ref, data),
      'whisper:message': (data, { ref }) => service.support.message(ref, data),
      'whisper:end': (data, { ref }) => service.support.end(ref, data),
      'join:ask': (data, { ref }) => service.support.joinAsk(ref, data),
      'join:key': (data, { ref }) => service.support.joinKey(ref, data),
      'join:message': (data, { ref }) => service.support.joinMessage(ref, data),
      'join:leave': (data, { ref }) => service.support.joinLeave(ref, data),
      'chat:risk': (data, { ref }) => service.setRisk(ref, data),
      'chat:debrief': ({ chatId }, { ref }) => service.debrief(ref, chatId),
      ...counsellorMailboxHandlers<CounsellorParty>(mailbox, ({ ref }) => ({
        accountId: ref.data.accountId,
      })),
    },
    logger,
  );

  nsp.on('connection', (socket) => {
    const counsellor: CounsellorRef = { socketId: socket.id, data: socket.data };
    const party: CounsellorParty = { sender: 'counsellor', ref: counsellor };
    void socket.join([
      routesRoom(socket.data.routes),
      accountRoom(socket.data.accountId),
      sessionRoom(socket.data.sessionId),
      ...(socket.data.supervisor ? [SUPERVISORS_ROOM] : []),
    ]);

    // Chatting is activity: it keeps the session from idling out. A session that has
    // ended (logged out, password changed, idle, 12 hours old) closes the socket.
    let lastTouch = Date.now();
    socket.onAny(() => {
      if (Date.now() - lastTouch < SESSION_TOUCH_MS) return;
      lastTouch = Date.now();
      sessions
        .touch(socket.data.sessionId)
        .then((live) => {
          if (!live) socket.disconnect(true);
        })
        .catch((error: unknown) => logger.error({ err: error }, 'session touch failed'));
    });
    void sessions.remainingMs(socket.data.sessionId).then((ms) => {
      const timer = setTimeout(() => socket.disconnect(true), Math.max(0, ms));
      timer.unref();
      socket.on('disconnect', () => clearTimeout(timer));
    });

    events.attach(socket, party, new SocketRateLimit(eventsPerSecond, eventsPerSecond * 4));

    socket.on('disconnect', () => {
      // A whisper's keys live only in this console's memory: it ends with the socket,
      // and so does a join that grew from it, whichever process keeps them.
      service.support.consoleGone(socket.id);
      service.onCounsellorGone(counsellor).catch((error: unknown) => {
        logger.error({ err: error }, 'counsellor disconnect handling failed');
      });
    });

    Promise.all([service.presence(counsellor), service.stats()])
      .then(([presence, stats]) => {
        socket.emit('presence:state', presence);
        socket.emit('queue:stats', service.statsFor(stats, socket.data.routes));
      })
      .catch((error: unknown) => logger.error({ err: error }, 'counsellor welcome failed'));
  });
}
