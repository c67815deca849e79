import type { z } from 'zod';
import type { $ZodType } from 'zod/v4/core';
import { WrapUp } from './admin.js';
import {
  JoinAnswer,
  JoinKey,
  JoinMessage,
  JoinRef,
  JoinReveal,
  JoinTarget,
  MemberFrame,
  type JoinAsked,
  type JoinConsent,
  type JoinState,
  type MemberLeft,
} from './join.js';
import type { Ack } from './errors.js';
import type { ForwardedCall, Notice, OwnerAnswer } from './forward.js';
import type { ServiceStatus } from './settings.js';
import {
  ChatCommit,
  ChatRef,
  ChatResume,
  ChatsResume,
  ChatTransfer,
  Empty,
  KeyReveal,
  MailboxAnswer,
  MailboxCreate,
  MailboxLookupRequest,
  MailboxReadersRequest,
  MailboxRef,
  MailboxShare,
  MailboxWrite,
  PresenceSet,
  QueueAccept,
  QueueDetails,
  QueueJoin,
  RatingSubmit,
  RekeyOffer,
  RiskSet,
  StaffKeyRecord,
  Typing,
  WireFrame,
  type ChatAccepted,
  type ChatEnded,
  type ChatRecommit,
  type ChatRekey,
  type ChatRequeued,
  type ChatRestored,
  type ChatResumed,
  type ChatStarted,
  type Colleague,
  type CounsellorChatEnded,
  type DebriefAsked,
  type DebriefSent,
  type RiskAlert,
  type Language,
  type MailboxOpened,
  type MailboxSummary,
  type MailboxView,
  type NoteReader,
  type PeerPresence,
  type PresenceState,
  type QueueJoined,
  type QueuePosition,
  type QueueStats,
  type Route,
} from './schemas.js';
import {
  WhisperAsk,
  WhisperKey,
  WhisperMessage,
  WhisperRef,
  type WhisperAccepted,
  type WhisperAsked,
  type WhisperEnded,
  type WhisperRequest,
} from './whisper.js';

/*
 * The one contract between the server and its two kinds of client.
 *
 * Client → server events are a registry per namespace: event name → payload schema →
 * the type of the ack's data. The server registers one handler per entry (its payload
 * parsed with the entry's schema, its result typed by the entry's reply); the clients'
 * `ask()` takes its payload and reply types from the same entry. The `…ClientEvents`
 * maps below are derived from the registries for Socket.IO's generics:
 * `Server<VisitorClientEvents, VisitorServerEvents, …>` per namespace, and
 * `Socket<VisitorServerEvents, VisitorClientEvents>` on the clients (the order flips).
 * Clients import only the types, so no schema reaches a browser bundle through here.
 *
 * Every client → server event takes an ack callback answered with
 * `{ok: true, data} | {ok: false, error}`; the server never throws at a client.
 */

declare const replyData: unique symbol;

/** The type of an event's ack data, carried in the type only. */
export interface Reply<T> {
  readonly [replyData]?: T;
}

/** Marks an event's ack data type in a registry entry. */
const reply = <T>(): Reply<T> => ({});

export interface EventSpec {
  /** Classic or mini: parse.ts parses both. */
  payload: $ZodType;
  reply: Reply<unknown>;
}

export type EventRegistry = Record<string, EventSpec>;

/** The data an event's ack carries when it succeeds. */
export type ReplyOf<S extends EventSpec> = S['reply'] extends Reply<infer T> ? T : never;

/** The payload an event carries once parsed. */
export type PayloadOf<S extends EventSpec> = z.infer<S['payload']>;

/** Socket.IO's event map for a registry. */
export type ClientEvents<R extends EventRegistry> = {
  [E in keyof R]: (payload: PayloadOf<R[E]>, ack: Ack<ReplyOf<R[E]>>) => void;
};

/**
 * Namespace `/visitor`: the mailbox (docs/PROTOCOL.md §21.6). The lookup id stands in
 * for the return code and is the only thing that finds a mailbox again; a wrong one
 * answers exactly as an unknown one. Starts and lookups are limited per network.
 */
export const visitorMailboxEvents = {
  /**
   * The staff keys a new letter on this route is sealed to, besides the visitor's own.
   * Errors: `closed` (the mailbox is off, or nobody on the route has a key yet).
   */
  'mailbox:readers': { payload: MailboxReadersRequest, reply: reply<string[]>() },
  /**
   * Start a mailbox with its first letter (sealed to `visitorKey` and the readers).
   * Ack: null. Errors: `closed`, `rate_limited`, `invalid_payload` (the letter is not
   * sealed to `visitorKey`), `wrong_state` (that lookup id exists already).
   */
  'mailbox:create': { payload: MailboxCreate, reply: reply<null>() },
  /**
   * The mailbox's letters, each with only the visitor's own sealed key, and days,
   * never times. Errors: `not_found` (a wrong code or a deleted mailbox, alike), `rate_limited`.
   */
  'mailbox:open': { payload: MailboxLookupRequest, reply: reply<MailboxOpened>() },
  /** Another letter from the visitor. Errors: `not_found`, `rate_limited`, `mailbox_full`. */
  'mailbox:write': { payload: MailboxWrite, reply: reply<null>() },
  /** Deletes the mailbox and every letter now. Errors: `not_found`, `rate_limited`. */
  'mailbox:delete': { payload: MailboxLookupRequest, reply: reply<null>() },
} as const satisfies EventRegistry;

/** Namespace `/visitor`: events a visitor's widget sends. */
export const visitorEvents = {
  /** Opening hours, availability, waits and phone numbers per route, and the exit page. */
  'status:get': { payload: Empty, reply: reply<ServiceStatus>() },
  /**
   * Join the queue of a route, committing to the visitor's first public key.
   * Ack: the chat id and the place in the queue. Errors: `already_queued`,
   * `queue_full`, `closed`, `unavailable` (the visitor's network is blocked for a while).
   */
  'queue:join': { payload: QueueJoin, reply: reply<QueueJoined>() },
  /** Optional topic and language, told while waiting. Errors: `wrong_state` once accepted. */
  'queue:details': { payload: QueueDetails, reply: reply<null>() },
  /**
   * Take one's chat back on a new socket, with a fresh commitment and its re-key proof
   * when the widget lost its keys. Ack: the state and a new resume token (the one just
   * used is dead). Errors: `not_found` (the chat is over), `forbidden` (wrong token).
   */
  'chat:resume': { payload: ChatResume, reply: reply<ChatResumed>() },
  /**
   * A fresh commitment, answering `chat:recommit` (the counsellor lost their keys, or a
   * colleague takes over) or `chat:requeued` (back in the queue); with a re-key proof
   * for the same counsellor's console. Errors: `wrong_state`.
   */
  'chat:commit': { payload: ChatCommit, reply: reply<null>() },
  /** One rating after a chat, with the ticket from `chat:ended`. Errors: `not_found`. */
  'chat:rate': { payload: RatingSubmit, reply: reply<null>() },
  /** Leave the queue (or end a chat that has not started). Ack: null. */
  'queue:leave': { payload: ChatRef, reply: reply<null>() },
  /**
   * Reveal the public key committed to, after `chat:started`. Relayed to the
   * counsellor, who checks it against the commitment. Errors: `wrong_state`,
   * `wrong_epoch`.
   */
  'chat:key': { payload: KeyReveal, reply: reply<null>() },
  /** An encrypted frame for the counsellor. Ack once relayed. */
  'chat:send': { payload: WireFrame, reply: reply<null>() },
  /** The visitor started or stopped typing. Ack: null. */
  'chat:typing': { payload: Typing, reply: reply<null>() },
  /** End the chat. Ack: null. */
  'chat:end': { payload: ChatRef, reply: reply<null>() },
  /**
   * The visitor's answer to `chat:join-asked` (§23): yes with the commitment to the
   * widget's fresh member key, or no. Errors: `not_found`, `wrong_state` (no such ask).
   */
  'chat:join-answer': { payload: JoinAnswer, reply: reply<null>() },
  /** The widget reveals its member key, after the member's. Errors: `not_found`, `wrong_state`. */
  'chat:join-key': { payload: JoinReveal, reply: reply<null>() },
  /** A frame of the member session, for the member. Errors: `not_found`, `wrong_state`, `invalid_payload`. */
  'chat:member-send': { payload: MemberFrame, reply: reply<null>() },
  /** The visitor removes the member (or withdraws a yes before the keys). Ack: null. */
  'chat:join-end': { payload: JoinTarget, reply: reply<null>() },
  ...visitorMailboxEvents,
} as const satisfies EventRegistry;
export type VisitorClientEvents = ClientEvents<typeof visitorEvents>;

/** Namespace `/visitor`: events the server sends to a visitor. */
export interface VisitorServerEvents {
  /** The visitor's place in the queue changed. */
  'queue:position': (payload: QueuePosition) => void;
  /** A counsellor's key for this epoch (with their re-key proof at a re-key). */
  'chat:started': (payload: ChatStarted) => void;
  /**
   * An encrypted frame from the counsellor. Answer with a receipt: `ok` once it is
   * opened (or was already, a resend), not ok if it cannot be; the sender's ack
   * waits for it, so "delivered" means on the other screen.
   */
  'chat:message': (payload: WireFrame, receipt: (receipt: Receipt) => void) => void;
  /** The counsellor started or stopped typing. */
  'chat:typing': (payload: Typing) => void;
  /** The chat is over; live state for it is gone. */
  'chat:ended': (payload: ChatEnded) => void;
  /** The counsellor dropped off or came back; while away, frames are refused `peer_away`. */
  'chat:peer': (payload: PeerPresence) => void;
  /** The server is restarting: keep everything, the socket reconnects and resumes. */
  'service:restarting': () => void;
  /**
   * New keys are needed: the counsellor's console lost its own (`reload`), or a
   * colleague takes over (`transferred`). Answer with `chat:commit`.
   */
  'chat:recommit': (payload: ChatRecommit) => void;
  /** The counsellor did not come back: waiting again, at the old place; `chat:commit`. */
  'chat:requeued': (payload: ChatRequeued) => void;
  /** A supervisor asks to join the chat (§23): ask the visitor; answer with `chat:join-answer`. */
  'chat:join-asked': (payload: JoinAsked) => void;
  /** After the visitor's yes: the member's public key; derive, then reveal with `chat:join-key`. */
  'chat:join-key': (payload: JoinReveal) => void;
  /** A frame of the member session, from the member. */
  'chat:member-message': (payload: MemberFrame) => void;
  /** The member is gone (or the ask is over): wipe that session, say so. */
  'chat:member-left': (payload: MemberLeft) => void;
}

/**
 * Namespace `/counsellor`: the mailbox and the account's mailbox key (§21.6). Every
 * request reads the account as it is now: a disabled one is refused, and youth
 * mailboxes are only for youth-trained accounts (`forbidden`).
 */
export const counsellorMailboxEvents = {
  /** The mailboxes of the routes one serves, waiting ones first: never a preview. */
  'mailbox:list': { payload: Empty, reply: reply<MailboxSummary[]>() },
  /**
   * One mailbox's letters, each with this account's own sealed key only, the visitor's
   * key and the route's readers (to seal an answer to). Errors: `not_found`, `forbidden`.
   */
  'mailbox:read': { payload: MailboxRef, reply: reply<MailboxView>() },
  /**
   * Say one is answering it, for 30 minutes, so two do not answer at once.
   * Errors: `claimed` (a colleague's claim holds), `not_found`, `forbidden`.
   */
  'mailbox:claim': { payload: MailboxRef, reply: reply<null>() },
  /**
   * An answer, sealed to the visitor's key and the readers; the claim is released.
   * Errors: `claimed`, `mailbox_full`, `invalid_payload` (not sealed to the visitor).
   */
  'mailbox:answer': { payload: MailboxAnswer, reply: reply<null>() },
  /** Nothing more to answer: marks it done and releases the claim. */
  'mailbox:done': { payload: MailboxRef, reply: reply<null>() },
  /**
   * Adds content keys re-sealed by this reader for a colleague (`reader`, a current
   * reader of the route) to letters that lack one; existing keys are never replaced.
   * Errors: `forbidden` (`reader` may not read the route), `not_found`.
   */
  'mailbox:share': { payload: MailboxShare, reply: reply<null>() },
  /** The account's wrapped mailbox key, or null if it has none (new, or after a reset). */
  'staffkey:get': { payload: Empty, reply: reply<StaffKeyRecord | null>() },
  /**
   * Stores the account's mailbox key made (or re-wrapped) in the console. A different
   * key pair than the stored one is refused (`wrong_state`): only a reset makes room.
   */
  'staffkey:set': { payload: StaffKeyRecord, reply: reply<null>() },
} as const satisfies EventRegistry;

/**
 * Namespace `/counsellor`: support conversations between two consoles ("whispers",
 * docs/PROTOCOL.md §22). The server relays keys and opaque frames between the asker
 * and the one supervisor who took the request, and keeps nothing of them.
 */
export const counsellorWhisperEvents = {
  /**
   * Ask the supervisors online for support about one's own chat, committing to a key.
   * Errors: `forbidden` (not this socket's chat), `not_found`, `wrong_state` (a whisper
   * about this chat is open already), `no_supervisor` (nobody to ask: phone instead).
   */
  'whisper:ask': { payload: WhisperAsk, reply: reply<WhisperAsked>() },
  /**
   * A supervisor takes a request with a fresh public key. Errors: `forbidden` (not a
   * supervisor, or one's own request), `claimed` (a colleague took it first),
   * `not_found` (withdrawn or over).
   */
  'whisper:accept': { payload: WhisperKey, reply: reply<null>() },
  /** The asker reveals the key it committed to. Errors: `not_found`, `wrong_state`. */
  'whisper:key': { payload: WhisperKey, reply: reply<null>() },
  /** A sealed frame for the other console of the whisper. Errors: `not_found`, `wrong_state`. */
  'whisper:message': { payload: WhisperMessage, reply: reply<null>() },
  /** Either side ends the whisper (the asker also withdraws a request). Ack: null. */
  'whisper:end': { payload: WhisperRef, reply: reply<null>() },
  /**
   * The supporter of a whisper asks to join its chat (§23); the visitor is asked. Ack:
   * the join number. Errors: `forbidden` (not this whisper's supporter), `not_found`,
   * `wrong_state` (the whisper is not keyed yet, a join is asked or on already, or the
   * visitor is not connected).
   */
  'join:ask': { payload: JoinRef, reply: reply<{ joinNumber: number }>() },
  /** The member's public key, after `join:consent`. Errors: `forbidden`, `not_found`, `wrong_state`. */
  'join:key': { payload: JoinKey, reply: reply<null>() },
  /** A frame of the member session, for the visitor. Errors: `forbidden`, `not_found`, `wrong_state`, `invalid_payload`. */
  'join:message': { payload: JoinMessage, reply: reply<null>() },
  /** The member leaves, or the whisper's counsellor asks them to. Ack: null. */
  'join:leave': { payload: JoinRef, reply: reply<null>() },
} as const satisfies EventRegistry;

/** Namespace `/counsellor`: events the console sends. The socket is signed in. */
export const counsellorEvents = {
  /**
   * Sent on every (re)connect: takes back the account's live chats on this socket.
   * Ack: each chat, and whether it will be re-keyed.
   */
  'chats:resume': { payload: ChatsResume, reply: reply<ChatRestored[]>() },
  /** Mark oneself available (or not). Ack: the presence state. */
  'presence:set': { payload: PresenceSet, reply: reply<PresenceState>() },
  /**
   * Take the visitor who has waited longest on the routes one serves (by language
   * first). Ack: the chatId, epoch and the visitor's commitment; only then does the
   * console make its key and offer it with `chat:rekey`. Errors: `not_available`,
   * `on_break`, `at_capacity`, `queue_empty`.
   */
  'queue:accept': { payload: QueueAccept, reply: reply<ChatAccepted>() },
  /** Colleagues available now who serve this chat's route and have room, with their note keys. */
  'colleagues:list': { payload: ChatRef, reply: reply<Colleague[]>() },
  /**
   * How many colleagues are available with room now but do not serve this chat's route
   * (not trained for the under-20 line). Ack: the count (0 on the adult line, which
   * every counsellor serves); nothing about them or the visitor.
   */
  'colleagues:untrained': { payload: ChatRef, reply: reply<number>() },
  /**
   * Every other console available on this chat's route with its note key: the readers
   * a note is sealed to when the chat goes back to the queue.
   */
  'handover:readers': { payload: ChatRef, reply: reply<NoteReader[]>() },
  /**
   * Hand one's chat over. Errors: `not_available` (the colleague is not free),
   * `forbidden` (not one's chat, or the colleague does not serve its route).
   */
  'chat:transfer': { payload: ChatTransfer, reply: reply<null>() },
  /**
   * The anonymous wrap-up of a chat that has ended, once, by its last counsellor,
   * within the hour. Errors: `not_found`.
   */
  'chat:wrapup': { payload: WrapUp, reply: reply<null>() },
  /**
   * The console's fresh public key for the chat's current epoch, after `queue:accept`
   * or a `chat:rekey` from the server; with a re-key proof when the console held the
   * previous epoch. Errors: `wrong_epoch`, `wrong_state`, `peer_away`.
   */
  'chat:rekey': { payload: RekeyOffer, reply: reply<null>() },
  /**
   * An encrypted frame for the visitor of one's own chat. Ack once relayed.
   * Errors: `peer_away` while the visitor reconnects (keep it and send again).
   */
  'chat:send': { payload: WireFrame, reply: reply<null>() },
  /** Started or stopped typing. Ack: null. */
  'chat:typing': { payload: Typing, reply: reply<null>() },
  /** End one's own chat. Ack: null. */
  'chat:end': { payload: ChatRef, reply: reply<null>() },
  /**
   * End one's own chat and keep the visitor's network (address prefix) out of the chat
   * for the settings' `blockHours`. Ack: whether the block was made (false when the
   * visitor's connection was already gone: the chat ends all the same).
   */
  'chat:block': { payload: ChatRef, reply: reply<{ blocked: boolean }>() },
  /**
   * Set the risk level of one's own chat (kept in live state only). The first time a
   * chat becomes acute every supervisor online gets `risk:acute`. Ack: null.
   * Errors: `forbidden` (not one's chat), `not_found`.
   */
  'chat:risk': { payload: RiskSet, reply: reply<null>() },
  /**
   * Ask the supervisors online for a debrief after a chat whose `chat:ended` came with
   * `pause`; once per chat, within the hour. They get `debrief:asked` with one's display
   * name only. Ack: how many were told (0: nobody is online). Errors: `not_found`.
   */
  'chat:debrief': { payload: ChatRef, reply: reply<DebriefSent>() },
  ...counsellorMailboxEvents,
  ...counsellorWhisperEvents,
} as const satisfies EventRegistry;
export type CounsellorClientEvents = ClientEvents<typeof counsellorEvents>;

/** Namespace `/counsellor`: events the server sends to the console. */
export interface CounsellorServerEvents {
  /** Sent on connect and when it changes. */
  'presence:state': (payload: PresenceState) => void;
  /**
   * Waiting counts per route one serves (visitors in the queue, mailboxes waiting for
   * an answer); sent on connect and on every change.
   */
  'queue:stats': (payload: QueueStats) => void;
  /**
   * A mailbox of a route one serves changed (a letter, an answer, a claim, done,
   * deleted or expired): `mailbox:list` again. Nothing about which one.
   */
  'mailbox:changed': (payload: { route?: Route }) => void;
  /** A colleague handed this console a chat: it is keyed once the visitor commits. */
  'chat:transferred': (payload: ChatRestored) => void;
  /** The visitor dropped off or came back; while away, frames are refused `peer_away`. */
  'chat:peer': (payload: PeerPresence) => void;
  /**
   * An epoch waits for this console's key (after an accept, a reload, a hand-over):
   * check the visitor's proof if one is due, then answer with `chat:rekey`.
   */
  'chat:rekey': (payload: ChatRekey) => void;
  /** The visitor revealed its public key for an epoch. */
  'chat:key': (payload: KeyReveal) => void;
  /** An encrypted frame from the visitor; answer with a receipt as the visitor does. */
  'chat:message': (payload: WireFrame, receipt: (receipt: Receipt) => void) => void;
  /** The visitor started or stopped typing. */
  'chat:typing': (payload: Typing) => void;
  /** The chat is over; `pause` when the console should suggest one (see CounsellorChatEnded). */
  'chat:ended': (payload: CounsellorChatEnded) => void;
  /** The server is restarting: keep everything, the socket reconnects and resumes. */
  'service:restarting': () => void;
  /** To each supervisor online: a colleague asks for support (take it with `whisper:accept`). */
  'whisper:asked': (payload: WhisperRequest) => void;
  /** To the asker: a supervisor took the request; reveal the key with `whisper:key`. */
  'whisper:accepted': (payload: WhisperAccepted) => void;
  /** To the supporter: the asker's key, to check against the request's commitment. */
  'whisper:key': (payload: { whisperId: string; publicKey: string }) => void;
  /** A sealed frame from the other console of the whisper. */
  'whisper:message': (payload: WhisperMessage) => void;
  /** The whisper is over (or, to the other supervisors, taken by a colleague). */
  'whisper:ended': (payload: WhisperEnded) => void;
  /** To both consoles of a whisper: the join's state changed (asked, accepted, joined, ended). */
  'join:state': (payload: JoinState) => void;
  /** To the supporter: the visitor said yes; make the member key now, send it with `join:key`. */
  'join:consent': (payload: JoinConsent) => void;
  /** To the supporter: the widget's revealed member key, to check against the consent's commitment. */
  'join:key': (payload: JoinReveal) => void;
  /** To the supporter: a frame of the member session from the visitor. */
  'join:message': (payload: MemberFrame) => void;
  /** Supervisors only: a counsellor marked a chat acute. */
  'risk:acute': (payload: RiskAlert) => void;
  /** Supervisors only: a counsellor asks for a debrief. */
  'debrief:asked': (payload: DebriefAsked) => void;
}

/** A client's answer to a relayed frame. */
export interface Receipt {
  ok: boolean;
}

/** Between server processes (through the adapter, once there is more than one): forward.ts. */
export interface InterServerEvents {
  /** A whisper or join call that reached a process not keeping it; the owner acks its answer. */
  'owner:call': (call: ForwardedCall, ack: (answer: OwnerAnswer) => void) => void;
  /** A socket gone or a chat over: whatever any process keeps about it ends there too. */
  'owner:notice': (notice: Notice) => void;
}

export interface VisitorSocketData {
  /** The chat this socket waits for or takes part in; gone with the socket. */
  chatId?: string;
}

export interface CounsellorSocketData {
  accountId: number;
  alias: string;
  routes: Route[];
  /** The languages the account speaks; none set means no preference. */
  languages: Language[];
  sessionId: string;
  /** The account acts as a supervisor or admin now: it gets the alerts for supervisors. */
  supervisor?: boolean;
}
