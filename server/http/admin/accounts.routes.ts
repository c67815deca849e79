import { Router } from 'express';
import {
  AccountPatch,
  InviteCreate,
  NumericId,
  ResetCreate,
  type AccountView,
} from '../../../shared/protocol/admin.js';
import { AppError } from '../../../shared/protocol/errors.js';
import { expectUnknown } from '../../../shared/protocol/parse.js';
import { createLink, startReset } from '../../accounts/links.service.js';
import { sessionOf } from '../../accounts/roles.js';
import { json } from '../handle.js';
import { consoleBase, type AdminContext } from './context.js';

/** Exactly the listed fields: a store row may carry more (a hash) and none of it leaves. */
function view(account: AccountView): AccountView {
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

/** Admins: the staff accounts, their changes, password resets and invitations. */
export function accountRoutes({ store, admin, audit, endAccountSockets }: AdminContext): Router {
  const router = Router();

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
      const id = expectUnknown(NumericId, req.params.id);
      const changes = expectUnknown(AccountPatch, req.body);
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
        endAccountSockets(id);
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
      const target = await store.findAccountById(expectUnknown(NumericId, req.params.id));
      const { lang } = expectUnknown(ResetCreate, req.body ?? {});
      if (!target) throw new AppError('not_found');
      // One's own password is changed with the current one, not reset.
      if (target.id === me.id) throw new AppError('forbidden');
      // The old password and second factor stop working now; the link sets new ones.
      const link = await startReset(store, consoleBase(req, lang), target, me.id);
      endAccountSockets(target.id);
      await audit(me.id, 'password_reset_link', target.username);
      return link;
    }),
  );

  router.post(
    '/invites',
    admin,
    json(async (req, res) => {
      const me = sessionOf(res).account;
      const { lang, ...invite } = expectUnknown(InviteCreate, req.body);
      await audit(me.id, 'invite_created', `role ${invite.role}${invite.youth ? ', youth' : ''}`);
      return createLink(store, consoleBase(req, lang), {
        kind: 'invite',
        accountId: null,
        ...invite,
        createdBy: me.id,
      });
    }),
  );

  return router;
}
