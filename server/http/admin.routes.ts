import { createHash, randomBytes } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import {
  AccountPatch,
  InviteCreate,
  LinkAccept,
  LinkToken,
  PasswordChange,
  PhraseCreate,
  StatsQuery,
  TotpConfirm,
  type AccountView,
  type LinkInfo,
  type OneTimeLink,
  type Phrases,
  type TotpSetup,
} from '../../shared/protocol/admin.js';
import { AppError, type ErrorCode } from '../../shared/protocol/errors.js';
import type { Role } from '../../shared/protocol/schemas.js';
import { Settings } from '../../shared/protocol/settings.js';
import { hashPassword, verifyPassword } from '../accounts/passwords.js';
import { requireRole, sessionOf } from '../accounts/roles.js';
import { sessionInfo } from '../accounts/session.routes.js';
import type { Sessions } from '../accounts/sessions.js';
import { checkTotp, newTotpSecret, totpUri } from '../accounts/totp.js';
import type { ChatService } from '../chat/chat.service.js';
import type { Logger } from '../logger.js';
import { buildReport, reportCsv } from '../stats/report.js';
import type { Account, Store } from '../storage/store.js';

/** An invitation link lasts three days; a password reset one day. */
export const INVITE_TTL_MS = 3 * 24 * 3600_000;
export const RESET_TTL_MS = 24 * 3600_000;
/** Longest period the statistics page asks for at once. */
const MAX_STATS_DAYS = 400;

export interface AdminRouteDeps {
  store: Store;
  sessions: Sessions;
  service: () => ChatService;
  logger: Logger;
  /** Disconnects every console socket of an account (disabled, password changed). */
  endAccountSockets: (accountId: number) => void;
  /** The settings changed: reload what is cached from them (embedding origins). */
  settingsChanged: () => Promise<void>;
}

const STATUS: Partial<Record<ErrorCode, number>> = {
  invalid_payload: 400,
  bad_credentials: 401,
  bad_code: 401,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  link_expired: 410,
  username_taken: 409,
  rate_limited: 429,
};

function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new AppError('invalid_payload');
  return parsed.data;
}

/** Wraps a handler: its value is sent as `{ok, data}`, an AppError as `{ok: false, error}`. */
function json<T>(handler: (req: Request, res: Response) => Promise<T>) {
  return async (req: Request, res: Response): Promise<void> => {
    try {
      const data = await handler(req, res);
      if (!res.headersSent) res.json({ ok: true, data: data ?? null });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      res.status(STATUS[error.code] ?? 400).json({ ok: false, error: error.code });
    }
  };
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

function view(account: Account): AccountView {
  return {
    id: account.id,
    username: account.username,
    alias: account.alias,
    role: account.role,
    youth: account.youth,
    languages: account.languages,
    disabled: account.disabled,
    totpEnabled: account.totpEnabled,
    createdAt: account.createdAt,
  };
}

/** Where the console lives, as the browser that asked sees it. */
function consoleBase(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}/console/`;
}

/**
 * Creates a one-time link. The token travels in the URL's fragment, which browsers
 * never send to a server or put in a Referer; only its hash is stored.
 */
export async function createLink(
  store: Store,
  base: string,
  link: {
    kind: 'invite' | 'reset';
    accountId: number | null;
    role: Role;
    youth: boolean;
    languages: Account['languages'];
    createdBy: number | null;
  },
  now = Date.now(),
): Promise<OneTimeLink> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = now + (link.kind === 'invite' ? INVITE_TTL_MS : RESET_TTL_MS);
  await store.createLink({ ...link, tokenHash: hashToken(token), expiresAt });
  return { url: `${base}#${link.kind}=${token}`, expiresAt };
}

/**
 * The console's API beyond signing in. Every route states the least role it needs
 * (`requireRole`), checked on every request against the live session; every body
 * is parsed with its schema. `requireSameOrigin` (mounted on /api) guards against
 * cross-site requests.
 */
export function adminRoutes(deps: AdminRouteDeps): Router {
  const { store, sessions, logger } = deps;
  const router = Router();
  const signedIn = requireRole(sessions, 'counsellor');
  const supervisor = requireRole(sessions, 'supervisor');
  const admin = requireRole(sessions, 'admin');
  const audit = (actorId: number | null, action: string, detail = '') =>
    store.recordAudit({ at: Date.now(), actorId, action, detail });

  // ---------------------------------------------------------------- accounts (admin)

  router.get(
    '/accounts',
    admin,
    json(async () => (await store.listAccounts()).map(view)),
  );

  router.patch(
    '/accounts/:id',
    admin,
    json(async (req, res) => {
      const me = sessionOf(res).account;
      const id = parse(LinkId, req.params.id);
      const changes = parse(AccountPatch, req.body);
      const target = await store.findAccountById(id);
      if (!target) throw new AppError('not_found');
      // Nobody takes away their own admin role or account: an installation keeps an admin.
      if (
        id === me.id &&
        (changes.disabled === true || (changes.role && changes.role !== 'admin'))
      ) {
        throw new AppError('forbidden');
      }
      await store.updateAccount(id, changes);
      if (changes.disabled || changes.role !== undefined || changes.youth !== undefined) {
        // Their sockets carry the old role and routes: they sign in again.
        if (changes.disabled) await store.deleteSessionsOf(id);
        deps.endAccountSockets(id);
      }
      await audit(
        me.id,
        'account_changed',
        `${target.username}: ${Object.keys(changes).join(', ')}`,
      );
      const updated = await store.findAccountById(id);
      return updated && view(updated);
    }),
  );

  router.post(
    '/accounts/:id/reset',
    admin,
    json(async (req, res) => {
      const me = sessionOf(res).account;
      const target = await store.findAccountById(parse(LinkId, req.params.id));
      if (!target) throw new AppError('not_found');
      // One's own password is changed with the current one, not reset.
      if (target.id === me.id) throw new AppError('forbidden');
      // The old password and second factor stop working now; the link sets new ones.
      await store.setPassword(target.id, `!reset:${randomBytes(16).toString('base64url')}`);
      await store.setTotp(target.id, null, 0);
      deps.endAccountSockets(target.id);
      await audit(me.id, 'password_reset_link', target.username);
      return createLink(store, consoleBase(req), {
        kind: 'reset',
        accountId: target.id,
        role: target.role,
        youth: target.youth,
        languages: target.languages,
        createdBy: me.id,
      });
    }),
  );

  router.post(
    '/invites',
    admin,
    json(async (req, res) => {
      const me = sessionOf(res).account;
      const invite = parse(InviteCreate, req.body);
      await audit(me.id, 'invite_created', `role ${invite.role}${invite.youth ? ', youth' : ''}`);
      return createLink(store, consoleBase(req), {
        kind: 'invite',
        accountId: null,
        ...invite,
        createdBy: me.id,
      });
    }),
  );

  // ---------------------------------------------------------------- one-time links (public)

  router.get(
    '/links/:token',
    json(async (req): Promise<LinkInfo> => {
      const link = await store.findLink(hashToken(parse(LinkToken, req.params.token)), Date.now());
      if (!link) throw new AppError('link_expired');
      return { kind: link.kind, role: link.role };
    }),
  );

  router.post(
    '/links/:token',
    json(async (req) => {
      const tokenHash = hashToken(parse(LinkToken, req.params.token));
      const body = parse(LinkAccept, req.body);
      const now = Date.now();
      const link = await store.findLink(tokenHash, now);
      if (!link) throw new AppError('link_expired');
      if (link.kind === 'invite') {
        if (!body.username || !body.alias) throw new AppError('invalid_payload');
        if (await store.findAccountByUsername(body.username)) throw new AppError('username_taken');
      }
      const passwordHash = await hashPassword(body.password);
      // Used once: of two requests racing with the same link, one wins here.
      if (!(await store.consumeLink(tokenHash, Date.now()))) throw new AppError('link_expired');
      if (link.kind === 'invite' && body.username && body.alias) {
        const account = await store
          .createAccount(
            {
              username: body.username,
              alias: body.alias,
              role: link.role,
              youth: link.youth,
              passwordHash,
            },
            now,
          )
          .catch(() => {
            // Taken between the check and now (two invitations, one name).
            throw new AppError('username_taken');
          });
        await store.updateAccount(account.id, { languages: link.languages });
        await audit(link.createdBy, 'account_created', `${account.username} (${account.role})`);
      } else if (link.accountId !== null) {
        await store.setPassword(link.accountId, passwordHash);
        await audit(link.accountId, 'password_set_by_link');
      }
      return null;
    }),
  );

  // ---------------------------------------------------------------- own account

  router.post(
    '/password',
    signedIn,
    json(async (req, res) => {
      const { account } = sessionOf(res);
      const { current, password } = parse(PasswordChange, req.body);
      const full = await store.findAccountByUsername(account.username);
      if (!full || !(await verifyPassword(full.passwordHash, current))) {
        throw new AppError('bad_credentials');
      }
      // Every session of the account ends, this one included; this browser gets a new one.
      await store.setPassword(account.id, await hashPassword(password));
      deps.endAccountSockets(account.id);
      const token = await sessions.create(account.id);
      res.setHeader('Set-Cookie', sessions.cookie(token, req.secure));
      await audit(account.id, 'password_changed');
      return null;
    }),
  );

  router.post(
    '/totp/setup',
    signedIn,
    json(async (_req, res): Promise<TotpSetup> => {
      const { account } = sessionOf(res);
      if (account.totpEnabled) throw new AppError('wrong_state');
      const secret = newTotpSecret();
      await store.setTotpPending(account.id, secret);
      return { secret, uri: totpUri(account.username, secret) };
    }),
  );

  router.post(
    '/totp/confirm',
    signedIn,
    json(async (req, res) => {
      const { account } = sessionOf(res);
      const { code } = parse(TotpConfirm, req.body);
      const full = await store.findAccountByUsername(account.username);
      if (!full?.totpPending || full.totpSecret) throw new AppError('wrong_state');
      const step = await checkTotp(full.totpPending, code, 0);
      if (step === undefined) throw new AppError('bad_code');
      await store.setTotp(account.id, full.totpPending, step);
      await audit(account.id, 'totp_enabled');
      // The role may now count in full: reconnect the console with it.
      deps.endAccountSockets(account.id);
      const updated = await store.findAccountById(account.id);
      return updated && sessionInfo(updated);
    }),
  );

  // ---------------------------------------------------------------- ready phrases

  router.get(
    '/phrases',
    signedIn,
    json(async (_req, res): Promise<Phrases> => {
      const { account } = sessionOf(res);
      const settings = await store.getSettings();
      return { shared: settings.phrases, own: await store.listPhrases(account.id) };
    }),
  );

  router.post(
    '/phrases',
    signedIn,
    json(async (req, res) => {
      const { account } = sessionOf(res);
      const { text } = parse(PhraseCreate, req.body);
      if ((await store.listPhrases(account.id)).length >= 100) throw new AppError('rate_limited');
      return { id: await store.addPhrase(account.id, text), text };
    }),
  );

  router.delete(
    '/phrases/:id',
    signedIn,
    json(async (req, res) => {
      const { account } = sessionOf(res);
      if (!(await store.removePhrase(account.id, parse(LinkId, req.params.id)))) {
        throw new AppError('not_found');
      }
      return null;
    }),
  );

  // ---------------------------------------------------------------- supervisors

  router.get(
    '/settings',
    supervisor,
    json(() => store.getSettings()),
  );

  router.put(
    '/settings',
    supervisor,
    json(async (req, res) => {
      const settings = parse(Settings, req.body);
      await store.saveSettings(settings, Date.now());
      await deps.settingsChanged();
      await audit(sessionOf(res).account.id, 'settings_changed');
      logger.info('settings changed');
      return settings;
    }),
  );

  router.get(
    '/board',
    supervisor,
    json(() => deps.service().board()),
  );

  const statsQuery = (req: Request) => {
    const query = parse(StatsQuery, req.query);
    const days = (Date.parse(query.to) - Date.parse(query.from)) / 86_400_000;
    if (!(days <= MAX_STATS_DAYS)) throw new AppError('invalid_payload');
    return query;
  };

  router.get(
    '/stats',
    supervisor,
    json(async (req) => {
      const { from, to } = statsQuery(req);
      return buildReport(await store.readStats(from, to), from, to);
    }),
  );

  router.get(
    '/stats.csv',
    supervisor,
    json(async (req, res) => {
      const { from, to, table = 'days' } = statsQuery(req);
      const csv = reportCsv(buildReport(await store.readStats(from, to), from, to), table);
      res
        .type('text/csv')
        .setHeader(
          'Content-Disposition',
          `attachment; filename="jourchatt-${table}-${from}-${to}.csv"`,
        );
      res.send(csv);
    }),
  );

  // ---------------------------------------------------------------- admins

  router.get(
    '/audit',
    admin,
    json(async () => {
      const entries = await store.listAudit(500);
      const names = new Map((await store.listAccounts()).map((a) => [a.id, a.username]));
      return entries.map((entry) => ({
        ...entry,
        actor: entry.actorId === null ? null : (names.get(entry.actorId) ?? null),
      }));
    }),
  );

  return router;
}

/** A numeric id in a path. */
const LinkId = z
  .string()
  .regex(/^[1-9]\d{0,8}$/)
  .transform(Number);
