import { Router } from 'express';
import { NumericId, PhraseCreate, type Phrases } from '../../../shared/protocol/admin.js';
import { AppError } from '../../../shared/protocol/errors.js';
import { expectUnknown } from '../../../shared/protocol/parse.js';
import { sessionOf } from '../../accounts/roles.js';
import { json } from '../handle.js';
import type { AdminContext } from './context.js';

/** Most ready phrases one account keeps. */
const MAX_OWN_PHRASES = 100;

/** Ready phrases: the shared ones from the settings, and each counsellor's own. */
export function phraseRoutes({ store, signedIn }: AdminContext): Router {
  const router = Router();

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
      const { text } = expectUnknown(PhraseCreate, req.body);
      if ((await store.listPhrases(account.id)).length >= MAX_OWN_PHRASES) {
        throw new AppError('rate_limited');
      }
      return { id: await store.addPhrase(account.id, text), text };
    }),
  );

  router.delete(
    '/phrases/:id',
    signedIn,
    json(async (req, res) => {
      const { account } = sessionOf(res);
      if (!(await store.removePhrase(account.id, expectUnknown(NumericId, req.params.id)))) {
        throw new AppError('not_found');
      }
      return null;
    }),
  );

  return router;
}
