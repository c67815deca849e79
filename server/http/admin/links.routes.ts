import { Router } from 'express';
import { LinkAccept, LinkToken, type LinkInfo } from '../../../shared/protocol/admin.js';
import { expectUnknown } from '../../../shared/protocol/parse.js';
import { acceptLink, describeLink } from '../../accounts/links.service.js';
import { json } from '../handle.js';
import type { AdminContext } from './context.js';

/** Anyone holding a one-time link: what it is for, and using it (links.service.ts). */
export function linkRoutes({ store }: AdminContext): Router {
  const router = Router();

  router.get(
    '/links/:token',
    json(async (req): Promise<LinkInfo> => {
      return describeLink(store, expectUnknown(LinkToken, req.params.token));
    }),
  );

  router.post(
    '/links/:token',
    json(async (req) => {
      const token = expectUnknown(LinkToken, req.params.token);
      await acceptLink(store, token, expectUnknown(LinkAccept, req.body));
      return null;
    }),
  );

  return router;
}
