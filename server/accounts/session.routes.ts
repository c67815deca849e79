import { Router, type Request, type Response } from 'express';
import type { AckResult, ErrorCode } from '../../shared/protocol/errors.js';
import { LoginRequest, type SessionInfo } from '../../shared/protocol/schemas.js';
import type { AddressKeyer } from '../http/address-key.js';
import type { Logger } from '../logger.js';
import { routesOf, type Account, type Store } from '../storage/store.js';
import { isKnownDevice, rememberDevice } from './device-cookie.js';
import type { LoginLimiter } from './login-limiter.js';
import { verifyPassword } from './passwords.js';
import { effectiveRole } from './roles.js';
import { checkTotp } from './totp.js';
import type { Sessions } from './sessions.js';

export interface SessionRouteDeps {
  store: Store;
  sessions: Sessions;
  limiter: LoginLimiter;
  addressKeyer: AddressKeyer;
  logger: Logger;
  /** Disconnects every console socket that was opened with this session. */
  endSessionSockets: (idHash: string) => void;
}

export function sessionInfo(account: Account): SessionInfo {
  return {
    alias: account.alias,
    role: effectiveRole(account),
    assignedRole: account.role,
    totpEnabled: account.totpEnabled,
    routes: routesOf(account),
  };
}

function send<T>(res: Response, status: number, body: AckResult<T>): void {
  res.status(status).json(body);
}

function fail(res: Response, status: number, error: ErrorCode): void {
  send(res, status, { ok: false, error });
}

/** POST / GET / DELETE /api/session: log in, who am I, log out. */
export function sessionRoutes(deps: SessionRouteDeps): Router {
  const { store, sessions, limiter, addressKeyer, logger, endSessionSockets } = deps;
  const router = Router();

  router.post('/', async (req: Request, res: Response) => {
    const parsed = LoginRequest.safeParse(req.body);
    if (!parsed.success) return fail(res, 400, 'invalid_payload');
    const { username, password, code } = parsed.data;
    const account = await store.findAccountByUsername(username);
    const attempt = {
      username,
      addressKey: await addressKeyer.key(req.ip),
      knownDevice: isKnownDevice(req.headers.cookie, account),
    };
    const waitMs = await limiter.retryAfterMs(attempt);
    if (waitMs > 0) {
      res.setHeader('Retry-After', String(Math.ceil(waitMs / 1000)));
      return fail(res, 429, 'rate_limited');
    }

    const valid = await verifyPassword(account?.passwordHash, password);
    if (!account || !valid || account.disabled) {
      await limiter.recordFailure(attempt);
      await store.recordAudit({
        at: Date.now(),
        actorId: account?.id ?? null,
        action: 'login_failed',
        detail: '',
      });
      return fail(res, 401, 'bad_credentials');
    }
    if (account.totpSecret) {
      // The password was right: say a code is needed, without counting a failure.
      if (!code) return fail(res, 401, 'code_required');
      const step = await checkTotp(account.totpSecret, code, account.totpLastStep);
      // Each code once: the step is recorded atomically, so a replay loses the race.
      if (step === undefined || !(await store.useTotpStep(account.id, step))) {
        await limiter.recordFailure(attempt);
        await store.recordAudit({
          at: Date.now(),
          actorId: account.id,
          action: 'login_failed',
          detail: 'authentication code',
        });
        return fail(res, 401, 'bad_code');
      }
    }
    await limiter.recordSuccess(attempt);
    const token = await sessions.create(account.id);
    await store.recordAudit({ at: Date.now(), actorId: account.id, action: 'login', detail: '' });
    logger.info({ accountId: account.id }, 'staff login');
    res.setHeader('Set-Cookie', [
      sessions.cookie(token, req.secure),
      rememberDevice(req.headers.cookie, account, req.secure),
    ]);
    send(res, 200, { ok: true, data: sessionInfo(account) });
  });

  router.get('/', async (req: Request, res: Response) => {
    const session = await sessions.fromCookieHeader(req.headers.cookie);
    if (!session) return fail(res, 401, 'unauthenticated');
    send(res, 200, { ok: true, data: sessionInfo(session.account) });
  });

  router.delete('/', async (req: Request, res: Response) => {
    const session = await sessions.fromCookieHeader(req.headers.cookie);
    if (session) {
      await sessions.destroy(session.idHash);
      endSessionSockets(session.idHash);
      await store.recordAudit({
        at: Date.now(),
        actorId: session.account.id,
        action: 'logout',
        detail: '',
      });
    }
    res.setHeader('Set-Cookie', sessions.clearCookie(req.secure));
    send(res, 200, { ok: true, data: null });
  });

  return router;
}
