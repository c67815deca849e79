import type { IncomingMessage } from 'node:http';
import { AppError } from '../../shared/protocol/errors.js';
import type {
  counsellorMailboxEvents,
  visitorMailboxEvents,
} from '../../shared/protocol/events.js';
import type { StartLimiter } from '../chat/start-limiter.js';
import type { Handlers } from '../socket/handle.js';
import type { MailboxService, StaffRef } from './mailbox.service.js';

/*
 * The mailbox's events, one line each, for the two namespaces' handler tables
 * (server/chat/visitor.handlers.ts and counsellor.handlers.ts spread these in).
 */

export interface MailboxLimits {
  /** Mailboxes started per network in a window. */
  starts: StartLimiter;
  /** Lookups (open, write, delete) per network in a window, found or not. */
  lookups: StartLimiter;
  /** The key (never the address) of the network (address prefix) behind a socket. */
  addressKey(request: IncomingMessage): Promise<string>;
}

export function visitorMailboxHandlers(
  request: IncomingMessage,
  mailbox: MailboxService,
  limits: MailboxLimits,
): Handlers<typeof visitorMailboxEvents> {
  const within = async (limiter: StartLimiter) => {
    if (!(await limiter.take(await limits.addressKey(request)))) {
      throw new AppError('rate_limited');
    }
  };
  return {
    'mailbox:readers': ({ route }) => mailbox.readers(route),
    'mailbox:create': async (data) => {
      await within(limits.starts);
      return mailbox.create(data);
    },
    // Counted before the lookup id is even hashed: found or not, the same.
    'mailbox:open': async ({ lookup }) => {
      await within(limits.lookups);
      return mailbox.open(lookup);
    },
    'mailbox:write': async (data) => {
      await within(limits.lookups);
      return mailbox.write(data);
    },
    'mailbox:delete': async ({ lookup }) => {
      await within(limits.lookups);
      return mailbox.remove(lookup);
    },
  };
}

export function counsellorMailboxHandlers(
  staff: StaffRef,
  mailbox: MailboxService,
): Handlers<typeof counsellorMailboxEvents> {
  return {
    'mailbox:list': () => mailbox.list(staff),
    'mailbox:read': ({ id }) => mailbox.read(staff, id),
    'mailbox:claim': ({ id }) => mailbox.claim(staff, id),
    'mailbox:answer': (data) => mailbox.answer(staff, data),
    'mailbox:done': ({ id }) => mailbox.done(staff, id),
    'mailbox:share': (data) => mailbox.share(staff, data),
    'staffkey:get': () => mailbox.staffKey(staff),
    'staffkey:set': (record) => mailbox.setStaffKey(staff, record),
  };
}
