import { Router } from 'express';
import { Settings } from '../../../shared/protocol/settings.js';
import { sessionOf } from '../../accounts/roles.js';
import { expectFields, json } from '../handle.js';
import type { AdminContext } from './context.js';

/** Supervisors: the service's settings (hours, phrases, embedding sites, …). */
export function settingsRoutes({
  store,
  supervisor,
  audit,
  logger,
  settingsChanged,
}: AdminContext): Router {
  const router = Router();

  router.get(
    '/settings',
    supervisor,
    json(() => store.getSettings()),
  );

  router.put(
    '/settings',
    supervisor,
    json(async (req, res) => {
      // The form marks each field in error: the answer names them.
      const settings = expectFields(Settings, req.body);
      await store.saveSettings(settings, Date.now());
      await settingsChanged();
      await audit(sessionOf(res).account.id, 'settings_changed');
      logger.info('settings changed');
      return settings;
    }),
  );

  return router;
}
