import { Router } from 'express';
import { PasswordChange, TotpConfirm, type TotpSetup } from '../../../shared/protocol/admin.js';
import { AppError } from '../../../shared/protocol/errors.js';
import { expectUnknown } from '../../../shared/protocol/parse.js';
import { hashPassword, verifyPassword } from '../../accounts/passwords.js';
import { sessionOf } from '../../accounts/roles.js';
import { sessionInfo } from '../../accounts/session.routes.js';
import { checkTotp, newTotpSecret, totpUri } from '../../accounts/totp.js';
import { json } from '../handle.js';
import type { AdminContext } from './context.js';

/** Everyone signed in, on their own account: the password and the second factor. */
export function meRoutes({
  store,
  sessions,
  signedIn,
  audit,
  endAccountSockets,
  now,
  passwordWork,
}: AdminContext): Router {
  const router = Router();

  router.post(
    '/password',
    signedIn,
    json(async (req, res) => {
      const { account } = sessionOf(res);
      const { current, password, staffKey } = expectUnknown(PasswordChange, req.body);
      const full = await store.findAccountByUsername(account.username);
      const valid =
        full && (await passwordWork.run(() => verifyPassword(full.passwordHash, current)));
      if (!full || !valid) {
        throw new AppError('bad_credentials');
      }
      // The mailbox key is wrapped under the password: it comes re-wrapped with the
      // change (the same key pair), or the account would lose it with the old password.
      const stored = await store.getStaffKey(account.id);
      if ((stored || staffKey) && stored?.publicKey !== staffKey?.publicKey) {
        throw new AppError('wrong_state');
      }
      // Every session of the account ends, this one included; this browser gets a new one.
      await store.setPassword(
        account.id,
        await passwordWork.run(() => hashPassword(password)),
        staffKey,
      );
      endAccountSockets(account.id);
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
      const { code } = expectUnknown(TotpConfirm, req.body);
      const full = await store.findAccountByUsername(account.username);
      if (!full?.totpPending || full.totpSecret) throw new AppError('wrong_state');
      const step = await checkTotp(full.totpPending, code, 0, now());
      if (step === undefined) throw new AppError('bad_code');
      await store.setTotp(account.id, full.totpPending, step);
      await audit(account.id, 'totp_enabled');
      // The role may now count in full: reconnect the console with it.
      endAccountSockets(account.id);
      const updated = await store.findAccountById(account.id);
      return updated && sessionInfo(updated);
    }),
  );

  return router;
}
