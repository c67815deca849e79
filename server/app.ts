import { createServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import proxyaddr from 'proxy-addr';
import { Server, type ServerOptions } from 'socket.io';
import { LoginLimiter } from './accounts/login-limiter.js';
import { sessionRoutes } from './accounts/session.routes.js';
import { Sessions } from './accounts/sessions.js';
import { WorkPool } from './accounts/work-pool.js';
import { ChatService } from './chat/chat.service.js';
import {
  accountRoom,
  registerCounsellorHandlers,
  sessionRoom,
} from './chat/counsellor.handlers.js';
import type { LiveState } from './chat/live-state.js';
import { StartLimiter } from './chat/start-limiter.js';
import { registerVisitorHandlers } from './chat/visitor.handlers.js';
import type { Config } from './config.js';
import { adminRoutes } from './http/admin.routes.js';
import { pageRoutes } from './http/pages.js';
import { visitorRoutes } from './http/visitor.routes.js';
import { isSameOrigin, noStore, requireSameOrigin, securityHeaders } from './http/security.js';
import { AddressKeyer } from './limits/address-key.js';
import { addressPrefix } from './limits/address-prefix.js';
import { BlockList } from './limits/block-list.js';
import { ConnectionCap, EngineConnectionCap } from './limits/connection-cap.js';
import type { RateStore } from './limits/rate-store.js';
import { counsellorNamespace, visitorNamespace } from './socket/namespaces.js';
import type { Logger } from './logger.js';
import { MailboxService } from './mailbox/mailbox.service.js';
import { ROUTE_SETS, routesRoom } from './routing.js';
import { StatsRecorder } from './stats/recorder.js';
import type { Store } from './storage/store.js';

export interface AppDeps {
  store: Store;
  live: LiveState;
  /** Counters for the limits on chat starts and logins (see openLive). */
  rates: RateStore;
  logger: Logger;
  /** Socket.IO's adapter; in memory when absent (one process). */
  adapter?: ServerOptions['adapter'];
  /**
   * The clock for decisions that turn on the time at a fine grain (the second factor's
   * 30-second steps, the delays after failed logins), so a test can fix it; give
   * `rates` the same one. @default Date.now
   */
  now?: () => number;
  /**
   * The chat service's clock (waits, chat lengths, graces, the pause after a long chat),
   * so a test can move it on; it must keep running. @default Date.now
   */
  chatNow?: () => number;
}

export interface App {
  httpServer: HttpServer;
  io: Server;
  service: ChatService;
  /** Letters when the chat is closed (its expiry runs on its own timer). */
  mailboxes: MailboxService;
  /** Resolves once what the app reads from the store at start is loaded. */
  ready: Promise<void>;
  /** Stops taking new chats, closes every socket and the HTTP server. */
  close(): Promise<void>;
}

/** The window `chatStartsPerAddress` counts in. */
const CHAT_START_WINDOW_MS = 10 * 60_000;
/** The windows `mailboxStartsPerAddress` and `mailboxLookupsPerAddress` count in. */
const MAILBOX_START_WINDOW_MS = 60 * 60_000;
const MAILBOX_LOOKUP_WINDOW_MS = 10 * 60_000;

/**
 * Largest Socket.IO packet: one maximal mailbox letter (a 4000-character text sealed,
 * ≈ 31 KiB of base64, and its content key sealed to 200 readers, ≈ 30 KiB) with its
 * envelope; a chat frame is far smaller (its schema says how much). Checked by
 * test/unit/schemas.test.ts.
 */
export const MAX_PACKET_BYTES = 64 * 1024;

/**
 * Builds the whole server without listening and without module-level state, so a
 * test can start as many as it likes on port 0. The caller owns `deps` and closes
 * the store after `close()`.
 */
export function createApp(config: Config, deps: AppDeps): App {
  const { store, live, rates, logger } = deps;
  const now = deps.now ?? Date.now;
  const sessions = new Sessions(store, {
    idleMs: config.sessionIdleMs,
    maxMs: config.sessionMaxMs,
    // Behind a TLS proxy the request may look plain: the public address decides.
    secure: config.publicUrl?.startsWith('https://') === true,
  });
  const addressKeyer = new AddressKeyer(rates);
  // argon2 a few at a time for the whole app (logins and password changes).
  const passwordWork = new WorkPool(2, 16);
  // Embedding sites: the environment's, and the settings' (refreshed when they change).
  const allowed = new Set(config.allowedOrigins);
  const refreshOrigins = async () => {
    const { allowedOrigins } = await store.getSettings();
    allowed.clear();
    for (const origin of [...config.allowedOrigins, ...allowedOrigins]) allowed.add(origin);
  };
  const originsReady = refreshOrigins().catch((error: unknown) => {
    logger.error({ err: error }, 'embedding origins not loaded from the settings');
  });
  // The settings CLI writes to the store directly: pick its changes up too.
  const originTimer = setInterval(
    () =>
      void refreshOrigins().catch((error: unknown) => {
        logger.error({ err: error }, 'embedding origins not refreshed from the settings');
      }),
    30_000,
  );
  originTimer.unref();
  // Through the adapter: the account's (or session's) sockets in every process, not
  // only this one's, are closed (a disabled account, a changed password, a logout).
  const endAccountSockets = (accountId: number) => {
    counsellors.in(accountRoom(accountId)).disconnectSockets(true);
  };

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.use(securityHeaders());
  app.get('/healthz', noStore, (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.use('/api', noStore, requireSameOrigin, express.json({ limit: '4kb', strict: true }));
  app.use(
    '/api/session',
    sessionRoutes({
      store,
      sessions,
      limiter: new LoginLimiter(rates, now),
      addressKeyer,
      logger,
      now,
      passwordWork,
      endSessionSockets: (idHash) => {
        counsellors.in(sessionRoom(idHash)).disconnectSockets(true);
      },
    }),
  );
  app.use(
    '/api',
    adminRoutes({
      store,
      sessions,
      service: () => service,
      logger,
      endAccountSockets,
      settingsChanged: refreshOrigins,
      now,
      passwordWork,
    }),
  );
  app.use(pageRoutes({ staticDir: config.staticDir, demoDir: config.demoDir, embedders: allowed }));
  // The chat service needs the socket server, which needs this app: hand it over late.
  app.use(
    noStore,
    visitorRoutes(() => service, allowed),
  );
  app.use('/api', (_req, res) => {
    res.status(404).json({ ok: false, error: 'not_found' });
  });
  app.use((_req, res) => {
    res.status(404).type('text').send('Not found');
  });
  // Express 5 routes rejected promises here too. Never echo an internal message.
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const status =
      typeof error === 'object' && error !== null && 'status' in error ? Number(error.status) : 500;
    if (status >= 500) logger.error({ err: error }, 'http request failed');
    if (res.headersSent) return;
    const code = status === 413 || status === 400 ? 'invalid_payload' : 'internal';
    const httpStatus = status === 413 || status === 400 ? 400 : 500;
    if (req.path.startsWith('/api')) res.status(httpStatus).json({ ok: false, error: code });
    else res.status(httpStatus).type('text').send(code);
  });

  const httpServer = createServer(app);
  const trust = app.get('trust proxy fn') as Parameters<typeof proxyaddr>[1];
  const connections = new EngineConnectionCap(
    new ConnectionCap(config.maxSocketsPerAddress),
    (request) => addressKeyer.key(proxyaddr(request, trust)),
  );
  const io = new Server(httpServer, {
    ...(deps.adapter && { adapter: deps.adapter }),
    serveClient: false,
    maxHttpBufferSize: MAX_PACKET_BYTES,
    // No connection state recovery: every drop, short or long, in one process or many,
    // comes back through the project's own resume (chat:resume, chats:resume), which
    // keeps the keys where it can, and end-to-end receipts re-send what was not
    // delivered. Recovery would keep every broadcast for minutes in each process and
    // worked only without Redis (docs/PROTOCOL.md §9.2, README "Nothing lost").
    // Browsers always send Origin: only our own pages and the configured embedders
    // get a socket. Non-browser clients send none and carry no ambient credentials.
    allowRequest: (req, callback) => {
      const origin = req.headers.origin;
      if (!(
        origin === undefined ||
        allowed.has(origin) ||
        isSameOrigin(origin, req.headers.host)
      )) {
        callback('forbidden', false);
        return;
      }
      connections.admit(req).then(
        (admitted) => callback(admitted ? null : 'too_many_connections', admitted),
        (error: unknown) => {
          logger.error({ err: error }, 'connection not admitted');
          callback('internal', false);
        },
      );
    },
    cors: {
      origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
      credentials: false,
    },
  });

  // A visitor's network (as the chat start limit counts it) for "End and block": from
  // the request of a socket here, or the handshake of one in another process.
  const networkOf = (request: Pick<IncomingMessage, 'headers' | 'socket'>) =>
    addressPrefix(proxyaddr(request as IncomingMessage, trust), config.chatStartPrefix);
  const blocks = new BlockList(rates);

  connections.watch(io.engine);
  const visitors = visitorNamespace(io);
  const counsellors = counsellorNamespace(io);
  // The console's cookie must never ride on a socket opened by another site's page.
  counsellors.use((socket, next) => {
    const origin = socket.handshake.headers.origin;
    if (origin === undefined || isSameOrigin(origin, socket.handshake.headers.host)) next();
    else next(new Error('forbidden'));
  });

  const stats = new StatsRecorder(store, logger, now);
  const service = new ChatService(store, live, visitors, counsellors, {
    maxQueuePerRoute: config.maxQueuePerRoute,
    counsellorCapacity: config.counsellorCapacity,
    visitorGraceMs: config.visitorGraceMs,
    counsellorGraceMs: config.counsellorGraceMs,
    sweepMs: config.heartbeatMs,
    languagePreferenceMs: config.languagePreferenceMs,
    clustered: deps.adapter !== undefined,
    stats,
    logger,
    ...(deps.chatNow && { now: deps.chatNow }),
  });
  const mailboxes = new MailboxService({
    store,
    logger,
    now,
    stats,
    sweepMs: config.mailboxSweepMs,
    // The consoles of the routes concerned re-list; the counts go to every console.
    changed: async (route) => {
      for (const routes of ROUTE_SETS) {
        if (route === undefined || routes.includes(route)) {
          counsellors.to(routesRoom(routes)).emit('mailbox:changed', route ? { route } : {});
        }
      }
      await service.broadcastStats();
    },
  });
  registerVisitorHandlers(
    visitors,
    service,
    mailboxes,
    {
      starts: new StartLimiter(rates, config.chatStartsPerAddress, CHAT_START_WINDOW_MS),
      // Counted per network, not per address: one host may own a whole IPv6 /64.
      addressKey: (request) => addressKeyer.key(networkOf(request)),
      blocked: (request) => blocks.blocked(networkOf(request)),
      eventsPerSecond: config.socketEventsPerSecond.visitor,
      mailbox: {
        starts: new StartLimiter(
          rates,
          config.mailboxStartsPerAddress,
          MAILBOX_START_WINDOW_MS,
          'mailbox-start',
        ),
        lookups: new StartLimiter(
          rates,
          config.mailboxLookupsPerAddress,
          MAILBOX_LOOKUP_WINDOW_MS,
          'mailbox-lookup',
        ),
      },
    },
    logger,
  );
  registerCounsellorHandlers(
    counsellors,
    service,
    mailboxes,
    sessions,
    logger,
    config.socketEventsPerSecond.counsellor,
    {
      block: async (handshake, accountId) => {
        const { blockHours } = await store.getSettings();
        const network = networkOf({
          headers: handshake.headers,
          socket: { remoteAddress: handshake.address } as IncomingMessage['socket'],
        });
        await blocks.block(network, blockHours * 3_600_000);
        // Who blocked and when; never the network, its hash or the chat.
        await store.recordAudit({
          at: now(),
          actorId: accountId,
          action: 'visitor_blocked',
          detail: '',
        });
      },
    },
  );

  return {
    httpServer,
    io,
    service,
    mailboxes,
    ready: originsReady,
    async close() {
      clearInterval(originTimer);
      mailboxes.dispose();
      await service.shutdown();
      service.dispose();
      await io.close();
      if (httpServer.listening) {
        await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      }
    },
  };
}
