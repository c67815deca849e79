import { Router } from 'express';
import { AppError } from '../../shared/protocol/errors.js';
import { expectUnknown } from '../../shared/protocol/parse.js';
import { LoginRequest, type SessionInfo } from '../../shared/protocol/schemas.js';
import { json } from '../http/handle.js';
import type { AddressKeyer } from '../limits/address-key.js';
import type { Logger } from '../logger.js';
import { routesOf, type Account, type Store } from '../storage/store.js';
import { isKnownDevice, rememberDevice } from './device-cookie.js';
import type { LoginLimiter } from './login-limiter.js';
import { verifyPassword } from './passwords.js';
import { effectiveRole } from './roles.js';
import { checkTotp } from './totp.js';
import type { Sessions } from './sessions.js';
import type { WorkPool } from './work-pool.js';

export interface SessionRouteDeps {
  store: Store;
  sessions: Sessions;
  limiter: LoginLimiter;
  addressKeyer: AddressKeyer;
  logger: Logger;
  /** Disconnects every console socket that was opened with this session. */
  endSessionSockets: (idHash: string) => void;
  /** The clock the second factor's codes are checked against. */
  now: () => number;
  /** Where argon2 runs: a few at a time, a short queue, `rate_limited` past it. */
  passwordWork: WorkPool;
}

/** Failed logins of one account leave at most one audit row per this long. */
const FAILURE_AUDIT_MS = 10 * 60_000;

export function sessionInfo(account: Account): SessionInfo {
  return {
    alias: account.alias,
    role: effectiveRole(account),
    assignedRole: account.role,
    totpEnabled: account.totpEnabled,
    routes: routesOf(account),
  };
}

/** POST / GET / DELETE /api/session: log in, who am I, log out. */
export function sessionRoutes(deps: SessionRouteDeps): Router {
  const { store, sessions, limiter, addressKeyer, logger, endSessionSockets, now, passwordWork } =
    deps;
  const router = Router();

  // One audit row per account (or per unknown username) and ten minutes for failed
  // logins: a flood of guesses must not become a flood of rows.
  const lastFailureAudit = new Map<number | null, number>();
  const auditFailure = async (actorId: number | null, detail: string) => {
    const at = Date.now();
    const last = lastFailureAudit.get(actorId);
    if (last !== undefined && at - last < FAILURE_AUDIT_MS) return;
    lastFailureAudit.set(actorId, at);
    if (lastFailureAudit.size > 10_000) lastFailureAudit.clear();
    await store.recordAudit({ at, actorId, action: 'login_failed', detail });
  };

  router.post(
    '/',
    json(async (req, res): Promise<SessionInfo> => {
      const { username, password, code } = expectUnknown(LoginRequest, req.body);
      const account = await store.findAccountByUsername(username);
      const attempt = {
        username,
        addressKey: await addressKeyer.key(req.ip),
        knownDevice: isKnownDevice(req.headers.cookie, account),
      };
      // Counted before argon2 runs, so concurrent guesses see one another.
      const reservation = await limiter.reserve(attempt);
      try {
        if (reservation.waitMs > 0) {
          res.setHeader('Retry-After', String(Math.ceil(reservation.waitMs / 1000)));
          throw new AppError('rate_limited');
        }
        const valid = await passwordWork.run(() => verifyPassword(account?.passwordHash, password));
        if (!account || !valid || account.disabled) {
          await limiter.recordFailure(attempt);
          await auditFailure(account?.id ?? null, '');
          throw new AppError('bad_credentials');
        }
      } finally {
        reservation.release();
      }
      if (account.totpSecret) {
        // The password was right: say a code is needed, without counting a failure.
        if (!code) throw new AppError('code_required');
        const step = await checkTotp(account.totpSecret, code, account.totpLastStep, now());
        // Each code once: the step is recorded atomically, so a replay loses the race.
        if (step === undefined || !(await store.useTotpStep(account.id, step))) {
          await limiter.recordFailure(attempt);
          await auditFailure(account.id, 'authentication code');
          throw new AppError('bad_code');
        }
      }
      await limiter.recordSuccess(attempt);
      const token = await sessions.create(account.id);
      await store.recordAudit({ at: Date.now(), actorId: account.id, action: 'login', detail: '' });
      logger.info({ accountId: account.id }, 'staff login');
      res.setHeader('Set-Cookie', [
        sessions.cookie(token, req.secure),
        rememberDevice(req.headers.cookie, account, sessions.secureFor(req.secure)),
      ]);
      return sessionInfo(account);
    }),
  );

  router.get(
    '/',
    json(async (req): Promise<SessionInfo> => {
      const session = await sessions.fromCookieHeader(req.headers.cookie);
      if (!session) throw new AppError('unauthenticated');
      return sessionInfo(session.account);
    }),
  );

  router.delete(
    '/',
    json(async (req, res) => {
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
      return null;
    }),
  );

  return router;
}
