import type {
  AuditAction,
  LinkAccept,
  LinkInfo,
  OneTimeLink,
} from '../../shared/protocol/admin.js';
import { AppError } from '../../shared/protocol/errors.js';
import type { Account, OneTimeLinkRecord, Store } from '../storage/store.js';
import { hashToken, newSecret } from '../tokens.js';
import { hashPassword } from './passwords.js';

/*
 * One-time links: an invitation that creates an account, or a reset that sets an
 * account's new password. The token travels in the URL's fragment, which browsers
 * never send to a server or put in a Referer; only its hash is stored, and a link
 * works once.
 */

/** An invitation link lasts three days; a password reset one day. */
export const INVITE_TTL_MS = 3 * 24 * 3600_000;
export const RESET_TTL_MS = 24 * 3600_000;

/** What a new link grants, and who made it (null: the server at first start). */
export type NewLink = Omit<OneTimeLinkRecord, 'tokenHash' | 'expiresAt'>;

/** Makes a link under `base` (the console's URL) and stores its token's hash. */
export async function createLink(
  store: Store,
  base: string,
  link: NewLink,
  now = Date.now(),
): Promise<OneTimeLink> {
  const token = newSecret(32);
  const expiresAt = now + (link.kind === 'invite' ? INVITE_TTL_MS : RESET_TTL_MS);
  await store.createLink({ ...link, tokenHash: hashToken(token), expiresAt });
  return { url: `${base}#${link.kind}=${token}`, expiresAt };
}

/**
 * Takes away an account's password and second factor now, and makes the reset link
 * that sets new ones. The caller ends the account's sockets.
 */
export async function startReset(
  store: Store,
  base: string,
  target: Account,
  createdBy: number,
): Promise<OneTimeLink> {
  await store.setPassword(target.id, `!reset:${newSecret()}`);
  await store.setTotp(target.id, null, 0);
  return createLink(store, base, {
    kind: 'reset',
    accountId: target.id,
    role: target.role,
    youth: target.youth,
    languages: target.languages,
    createdBy,
  });
}

/** What a link is for, before it is used; `link_expired` if it is unknown, used or expired. */
export async function describeLink(store: Store, token: string): Promise<LinkInfo> {
  const link = await store.findLink(hashToken(token), Date.now());
  if (!link) throw new AppError('link_expired');
  return { kind: link.kind, role: link.role };
}

/**
 * Uses a link: an invitation creates the account (`username_taken` if the name is),
 * a reset sets the account's password. Either way the link is spent.
 */
export async function acceptLink(store: Store, token: string, body: LinkAccept): Promise<void> {
  const tokenHash = hashToken(token);
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
    await audit(store, link.createdBy, 'account_created', `${account.username} (${account.role})`);
  } else if (link.accountId !== null) {
    await store.setPassword(link.accountId, passwordHash);
    await audit(store, link.accountId, 'password_set_by_link');
  }
}

function audit(
  store: Store,
  actorId: number | null,
  action: AuditAction,
  detail = '',
): Promise<void> {
  return store.recordAudit({ at: Date.now(), actorId, action, detail });
}
