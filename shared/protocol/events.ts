import type { WrapUp } from './admin.js';
import type { Ack } from './errors.js';
import type { ServiceStatus } from './settings.js';
import type {
  ChatAccepted,
  ChatEnded,
  ChatRef,
  ChatCommit,
  ChatRekey,
  ChatRequeued,
  ChatRestored,
  ChatResume,
  ChatsResume,
  ChatTransfer,
  Colleague,
  ChatResumed,
  Empty,
  PeerPresence,
  QueueDetails,
  RatingSubmit,
  RekeyOffer,
  ChatStarted,
  KeyReveal,
  Language,
  PresenceSet,
  PresenceState,
  QueueAccept,
  QueueJoin,
  QueueJoined,
  QueuePosition,
  QueueStats,
  Route,
  Typing,
  WireFrame,
} from './schemas.js';

/*
 * The one contract between the server and its two kinds of client. The server uses
 * `Server<VisitorClientEvents, VisitorServerEvents, …>` per namespace; clients use
 * `Socket<VisitorServerEvents, VisitorClientEvents>` (the generic order flips).
 *
 * Every client → server event takes an ack callback answered with
 * `{ok: true, data} | {ok: false, error}`; the server never throws at a client.
 */

/** Namespace `/visitor`: events a visitor's widget sends. */
export interface VisitorClientEvents {
  /** Opening hours, availability, waits and phone numbers per route, and the exit page. */
  'status:get': (payload: Empty, ack: Ack<ServiceStatus>) => void;
  /**
   * Join the queue of a route, committing to the visitor's first public key.
   * Ack: the chat id and the place in the queue. Errors: `already_queued`,
   * `queue_full`, `closed`.
   */
  'queue:join': (payload: QueueJoin, ack: Ack<QueueJoined>) => void;
  /** Optional topic and language, told while waiting. Errors: `wrong_state` once accepted. */
  'queue:details': (payload: QueueDetails, ack: Ack<null>) => void;
  /**
   * Take one's chat back on a new socket. Errors: `not_found` (the chat is over),
   * `forbidden` (wrong token).
   */
  'chat:resume': (payload: ChatResume, ack: Ack<ChatResumed>) => void;
  /**
   * A fresh commitment, answering `chat:recommit` (the counsellor lost their keys)
   * or `chat:requeued` (back in the queue). Errors: `wrong_state`.
   */
  'chat:commit': (payload: ChatCommit, ack: Ack<null>) => void;
  /** One rating after a chat, with the ticket from `chat:ended`. Errors: `not_found`. */
  'chat:rate': (payload: RatingSubmit, ack: Ack<null>) => void;
  /** Leave the queue (or end a chat that has not started). Ack: null. */
  'queue:leave': (payload: ChatRef, ack: Ack<null>) => void;
  /**
   * Reveal the public key committed to, after `chat:started`. Relayed to the
   * counsellor, who checks it against the commitment. Errors: `wrong_state`,
   * `wrong_epoch`.
   */
  'chat:key': (payload: KeyReveal, ack: Ack<null>) => void;
  /** An encrypted frame for the counsellor. Ack once relayed. */
  'chat:send': (payload: WireFrame, ack: Ack<null>) => void;
  /** The visitor started or stopped typing. Ack: null. */
  'chat:typing': (payload: Typing, ack: Ack<null>) => void;
  /** End the chat. Ack: null. */
  'chat:end': (payload: ChatRef, ack: Ack<null>) => void;
}

/** Namespace `/visitor`: events the server sends to a visitor. */
export interface VisitorServerEvents {
  /** The visitor's place in the queue changed. */
  'queue:position': (payload: QueuePosition) => void;
  /** A counsellor accepted: here is their key for this epoch. */
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
  /** The counsellor came back without keys: answer with `chat:commit` and fresh keys. */
  'chat:recommit': (payload: ChatRef) => void;
  /** The counsellor did not come back: waiting again, at the old place; `chat:commit`. */
  'chat:requeued': (payload: ChatRequeued) => void;
}

/** Namespace `/counsellor`: events the console sends. The socket is signed in. */
export interface CounsellorClientEvents {
  /**
   * Sent on every (re)connect: takes back the account's live chats on this socket.
   * Ack: each chat, and whether it will be re-keyed.
   */
  'chats:resume': (payload: ChatsResume, ack: Ack<ChatRestored[]>) => void;
  /** Mark oneself available (or not). Ack: the presence state. */
  'presence:set': (payload: PresenceSet, ack: Ack<PresenceState>) => void;
  /**
   * Take the visitor who has waited longest on the routes one serves, offering a
   * fresh public key. Errors: `not_available`, `at_capacity`, `queue_empty`.
   */
  'queue:accept': (payload: QueueAccept, ack: Ack<ChatAccepted>) => void;
  /** Colleagues available now who serve this chat's route and have room. */
  'colleagues:list': (payload: ChatRef, ack: Ack<Colleague[]>) => void;
  /**
   * Hand one's chat over. Errors: `not_available` (the colleague is not free),
   * `forbidden` (not one's chat, or the colleague does not serve its route).
   */
  'chat:transfer': (payload: ChatTransfer, ack: Ack<null>) => void;
  /**
   * The anonymous wrap-up of a chat that has ended, once, by its last counsellor,
   * within the hour. Errors: `not_found`.
   */
  'chat:wrapup': (payload: WrapUp, ack: Ack<null>) => void;
  /** The fresh public key for the epoch a `chat:rekey` announced. */
  'chat:rekey': (payload: RekeyOffer, ack: Ack<null>) => void;
  /**
   * An encrypted frame for the visitor of one's own chat. Ack once relayed.
   * Errors: `peer_away` while the visitor reconnects (keep it and send again).
   */
  'chat:send': (payload: WireFrame, ack: Ack<null>) => void;
  /** Started or stopped typing. Ack: null. */
  'chat:typing': (payload: Typing, ack: Ack<null>) => void;
  /** End one's own chat. Ack: null. */
  'chat:end': (payload: ChatRef, ack: Ack<null>) => void;
}

/** Namespace `/counsellor`: events the server sends to the console. */
export interface CounsellorServerEvents {
  /** Sent on connect and when it changes. */
  'presence:state': (payload: PresenceState) => void;
  /** Waiting counts per route one serves; sent on connect and on every change. */
  'queue:stats': (payload: QueueStats) => void;
  /** A colleague handed this console a chat: it is keyed once the visitor commits. */
  'chat:transferred': (payload: ChatRestored) => void;
  /** The visitor dropped off or came back; while away, frames are refused `peer_away`. */
  'chat:peer': (payload: PeerPresence) => void;
  /** The visitor came back without its keys: answer with `chat:rekey` and a fresh key. */
  'chat:rekey': (payload: ChatRekey) => void;
  /** The visitor revealed its public key for an epoch. */
  'chat:key': (payload: KeyReveal) => void;
  /** An encrypted frame from the visitor; answer with a receipt as the visitor does. */
  'chat:message': (payload: WireFrame, receipt: (receipt: Receipt) => void) => void;
  /** The visitor started or stopped typing. */
  'chat:typing': (payload: Typing) => void;
  /** The chat is over. */
  'chat:ended': (payload: ChatEnded) => void;
  /** The server is restarting: keep everything, the socket reconnects and resumes. */
  'service:restarting': () => void;
}

/** A client's answer to a relayed frame. */
export interface Receipt {
  ok: boolean;
}

/** Between server processes (through the adapter, once there is more than one). */
export type InterServerEvents = Record<string, never>;

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
}
