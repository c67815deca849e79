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
  /** Whether a counsellor blocked the network behind a socket (`chat:block`), for now. */
  blocked(request: IncomingMessage): Promise<boolean>;
}

/** The visitor's mailbox events; `requestOf` gives the asking socket's first request. */
export function visitorMailboxHandlers<S>(
  mailbox: MailboxService,
  limits: MailboxLimits,
  requestOf: (state: S) => IncomingMessage,
): Handlers<typeof visitorMailboxEvents, S> {
  const within = async (limiter: StartLimiter, state: S) => {
    if (!(await limiter.take(await limits.addressKey(requestOf(state))))) {
      throw new AppError('rate_limited');
    }
  };
  // A blocked network writes nothing new, as it starts no chat; what it has it may
  // still read with its code, and delete.
  const notBlocked = async (state: S) => {
    if (await limits.blocked(requestOf(state))) throw new AppError('unavailable');
  };
  return {
    'mailbox:readers': ({ route }) => mailbox.readers(route),
    'mailbox:create': async (data, state) => {
      await notBlocked(state);
      await within(limits.starts, state);
      return mailbox.create(data);
    },
    // Counted before the lookup id is even hashed: found or not, the same.
    'mailbox:open': async ({ lookup }, state) => {
      await within(limits.lookups, state);
      return mailbox.open(lookup);
    },
    'mailbox:write': async (data, state) => {
      await notBlocked(state);
      await within(limits.lookups, state);
      return mailbox.write(data);
    },
    'mailbox:delete': async ({ lookup }, state) => {
      await within(limits.lookups, state);
      return mailbox.remove(lookup);
    },
  };
}

/** The console's mailbox events; `staffOf` gives the asking socket's account. */
export function counsellorMailboxHandlers<S>(
  mailbox: MailboxService,
  staffOf: (state: S) => StaffRef,
): Handlers<typeof counsellorMailboxEvents, S> {
  return {
    'mailbox:list': (_data, state) => mailbox.list(staffOf(state)),
    'mailbox:read': ({ id }, state) => mailbox.read(staffOf(state), id),
    'mailbox:claim': ({ id }, state) => mailbox.claim(staffOf(state), id),
    'mailbox:answer': (data, state) => mailbox.answer(staffOf(state), data),
    'mailbox:done': ({ id }, state) => mailbox.done(staffOf(state), id),
    'mailbox:share': (data, state) => mailbox.share(staffOf(state), data),
    'staffkey:get': (_data, state) => mailbox.staffKey(staffOf(state)),
    'staffkey:set': (record, state) => mailbox.setStaffKey(staffOf(state), record),
  };
}
