import { Router } from 'express';
import { LinkLookup, LinkUse, type LinkInfo } from '../../../shared/protocol/admin.js';
import { expectUnknown } from '../../../shared/protocol/parse.js';
import { acceptLink, describeLink } from '../../accounts/links.service.js';
import { json } from '../handle.js';
import type { AdminContext } from './context.js';

/** Anyone holding a one-time link: what it is for, and using it (links.service.ts). */
export function linkRoutes({ store }: AdminContext): Router {
  const router = Router();

  // The token only ever in a POST body: a path or a query ends up in access logs.
  router.post(
    '/links/lookup',
    json(async (req): Promise<LinkInfo> => {
      return describeLink(store, expectUnknown(LinkLookup, req.body).token);
    }),
  );

  router.post(
    '/links/accept',
    json(async (req) => {
      const { token, ...accept } = expectUnknown(LinkUse, req.body);
      await acceptLink(store, token, accept);
      return null;
    }),
  );

  return router;
}
