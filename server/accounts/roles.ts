import type { NextFunction, Request, Response } from 'express';
import { roleAtLeast } from '../../shared/protocol/admin.js';
import type { Role } from '../../shared/protocol/schemas.js';
import type { Account } from '../storage/store.js';
import type { ResolvedSession, Sessions } from './sessions.js';

/**
 * The role an account acts with now: supervisors and admins need their second factor
 * set up first; until then they work as counsellors, so a missing authenticator
 * never locks anyone out of the chats.
 */
export function effectiveRole(account: Pick<Account, 'role' | 'totpEnabled'>): Role {
  return account.role === 'counsellor' || account.totpEnabled ? account.role : 'counsellor';
}

export function hasRole(account: Pick<Account, 'role' | 'totpEnabled'>, least: Role): boolean {
  return roleAtLeast(effectiveRole(account), least);
}

export interface Authed {
  session: ResolvedSession;
}

/**
 * Express middleware: a live session whose account acts with at least `least`.
 * 401 without a session, 403 with too little a role. The session goes to
 * `res.locals.session`.
 */
export function requireRole(sessions: Sessions, least: Role) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const session = await sessions.fromCookieHeader(req.headers.cookie);
    if (!session) {
      res.status(401).json({ ok: false, error: 'unauthenticated' });
      return;
    }
    if (!hasRole(session.account, least)) {
      res.status(403).json({ ok: false, error: 'forbidden' });
      return;
    }
    (res.locals as Authed).session = session;
    next();
  };
}

export function sessionOf(res: Response): ResolvedSession {
  return (res.locals as Authed).session;
}
