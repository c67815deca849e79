import type { Request } from 'express';
import type { AuditAction, ConsoleLanguage } from '../../../shared/protocol/admin.js';
import { requireRole } from '../../accounts/roles.js';
import type { Sessions } from '../../accounts/sessions.js';
import type { ChatService } from '../../chat/chat.service.js';
import type { Logger } from '../../logger.js';
import type { WorkPool } from '../../accounts/work-pool.js';
import type { Store } from '../../storage/store.js';

export interface AdminRouteDeps {
  store: Store;
  sessions: Sessions;
  service: () => ChatService;
  logger: Logger;
  /** Disconnects every console socket of an account (disabled, password changed). */
  endAccountSockets: (accountId: number) => void;
  /** The settings changed: reload what is cached from them (embedding origins). */
  settingsChanged: () => Promise<void>;
  /** The clock the second factor's codes are checked against, and the statistics' default period. */
  now: () => number;
  /** Where argon2 runs (shared with the logins). */
  passwordWork: WorkPool;
}

type Guard = ReturnType<typeof requireRole>;

/** What every admin feature's routes get: the deps, the role guards and the audit log. */
export interface AdminContext extends AdminRouteDeps {
  /** Any live session (a counsellor at least). */
  signedIn: Guard;
  supervisor: Guard;
  admin: Guard;
  audit: (actorId: number | null, action: AuditAction, detail?: string) => Promise<void>;
}

export function adminContext(deps: AdminRouteDeps): AdminContext {
  const { store, sessions } = deps;
  return {
    ...deps,
    signedIn: requireRole(sessions, 'counsellor'),
    supervisor: requireRole(sessions, 'supervisor'),
    admin: requireRole(sessions, 'admin'),
    audit: (actorId, action, detail = '') =>
      store.recordAudit({ at: Date.now(), actorId, action, detail }),
  };
}

/**
 * Where the console lives, as the browser that asked sees it; with a language, the
 * console opens in it (a one-time link in the language of whoever made it).
 */
export function consoleBase(req: Request, lang?: ConsoleLanguage): string {
  const base = `${req.protocol}://${req.get('host') ?? 'localhost'}/console/`;
  return lang ? `${base}?lang=${lang}` : base;
}
