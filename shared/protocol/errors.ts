/**
 * The only error codes a client ever receives. Internal messages never leave the
 * server; anything unexpected becomes `internal`.
 */
export const ERROR_CODES = [
  /** The payload did not match the event's schema. */
  'invalid_payload',
  /** Too many events or attempts; try again later. */
  'rate_limited',
  /** Not signed in, or the session has ended. */
  'unauthenticated',
  /** Signed in, but this role or this chat is not yours. */
  'forbidden',
  /** The chat does not exist (or no longer exists). */
  'not_found',
  /** The chat is not in a state that allows this (e.g. a key sent twice). */
  'wrong_state',
  /** The frame's epoch is not the chat's current one. */
  'wrong_epoch',
  /** This socket already waits in the queue or is in a chat. */
  'already_queued',
  /** The queue is full: the visitor should phone instead. */
  'queue_full',
  /** Nobody waits on the routes this counsellor serves. */
  'queue_empty',
  /** The counsellor is not marked available. */
  'not_available',
  /** The counsellor already has as many chats as they take at once. */
  'at_capacity',
  /** The counsellor is on a break: no new chats until they are back. */
  'on_break',
  /**
   * The chat is not offered to this visitor now (a counsellor blocked their network for
   * a while). Neutral on purpose: the widget says the chat is not available and gives
   * the phone line, nothing about a block.
   */
  'unavailable',
  /** The service is not taking new chats (shutting down, or closed). */
  'closed',
  /** The other side is reconnecting; the message was not delivered, retry later. */
  'peer_away',
  /** The other side did not confirm the message in time, or could not open it. */
  'not_delivered',
  /** Wrong username, password or code. */
  'bad_credentials',
  /** Password right; the account's authentication code is needed too. */
  'code_required',
  /** The authentication code is wrong, expired or already used. */
  'bad_code',
  /** The one-time link has expired or was used already. */
  'link_expired',
  /** That username is taken. */
  'username_taken',
  /** Someone else is answering this mailbox (their claim lasts 30 minutes), or took this support request. */
  'claimed',
  /** The mailbox holds as many letters as it may. */
  'mailbox_full',
  /** No supervisor is online to ask for support: phone one instead. */
  'no_supervisor',
  /** The server failed; nothing was changed. */
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export type AckResult<T> = { ok: true; data: T } | { ok: false; error: ErrorCode };

export type Ack<T> = (result: AckResult<T>) => void;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** Thrown inside handlers to answer with a known code; anything else becomes `internal`. */
export class AppError extends Error {
  constructor(readonly code: ErrorCode) {
    super(code);
    this.name = 'AppError';
  }
}
