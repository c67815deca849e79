import { z } from 'zod';

/**
 * zod schemas are the source of truth for every payload that crosses the wire; the
 * TypeScript types below are inferred from them so checks and types cannot drift.
 * Every string has a maximum length and every object is strict (unknown keys are an
 * error, which also shuts out `__proto__` and friends).
 */

/** libsodium's default base64 variant: URL-safe alphabet, no padding. */
const base64url = (min: number, max: number) =>
  z
    .string()
    .min(min)
    .max(max)
    .regex(/^[A-Za-z0-9_-]*$/);

/** Base64url length of `bytes` bytes without padding. */
export const b64len = (bytes: number) => Math.ceil((bytes * 4) / 3);

export const ROUTES = ['adult', 'youth'] as const;
export const Route = z.enum(ROUTES);
export type Route = z.infer<typeof Route>;

export const LANGUAGES = ['sv', 'en', 'ar', 'so'] as const;
export const Language = z.enum(LANGUAGES);
export type Language = z.infer<typeof Language>;

export const TOPICS = ['victim', 'witness', 'relative', 'other'] as const;
export const Topic = z.enum(TOPICS);
export type Topic = z.infer<typeof Topic>;

/** 128 random bits, base64url: cannot be guessed. */
export const ChatId = base64url(22, 22);
export type ChatId = z.infer<typeof ChatId>;

/** An X25519 public key (32 bytes). */
export const PublicKey = base64url(b64len(32), b64len(32));
/** A BLAKE2b-256 commitment to the visitor's public key. */
export const Commitment = base64url(b64len(32), b64len(32));
/** A re-key proof: 32 bytes keyed with the previous epoch's resume key (docs/PROTOCOL.md). */
export const Proof = base64url(b64len(32), b64len(32));

export const Epoch = z.number().int().min(0).max(10_000);
export const Sender = z.enum(['visitor', 'counsellor']);
export type Sender = z.infer<typeof Sender>;

/** Longest message a person can type, in UTF-16 code units. */
export const MAX_MESSAGE_CHARS = 2000;
/**
 * Largest ciphertext, base64url: a message of MAX_MESSAGE_CHARS of four-byte UTF-8
 * characters, its JSON envelope, padding to the next block and the 16-byte tag.
 */
export const MAX_CIPHERTEXT_B64 = b64len(4 * MAX_MESSAGE_CHARS + 512 + 16);

/** The authenticated header of an encrypted frame (protocol v2, docs/PROTOCOL.md). */
export const FrameHeader = z
  .object({
    v: z.literal(2),
    chatId: ChatId,
    epoch: Epoch,
    sender: Sender,
    n: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1),
  })
  .strict();
export type FrameHeader = z.infer<typeof FrameHeader>;

/** An encrypted frame as it travels: header in clear (bound as associated data). */
export const WireFrame = FrameHeader.extend({
  nonce: base64url(b64len(24), b64len(24)),
  ct: base64url(b64len(16), MAX_CIPHERTEXT_B64),
}).strict();
export type WireFrame = z.infer<typeof WireFrame>;

/**
 * Who of the counsellors wrote a line: their alias (as long as an account's alias can
 * be). A chat handed over has lines of several; the visitor writes none.
 */
export const Author = z.string().min(1).max(64);

/**
 * What is inside a frame once decrypted. The peer is untrusted too, so the content
 * is validated after decryption.
 */
export const ChatContent = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('text'),
      /** Client-made message id, unique within the chat. */
      id: base64url(8, 32),
      text: z.string().min(1).max(MAX_MESSAGE_CHARS),
      /** The counsellor's alias on a counsellor's message; kept with the line. */
      by: Author.optional(),
    })
    .strict(),
  /**
   * The conversation so far, re-sent by the counsellor's console after the visitor
   * re-keyed (a reload), so the visitor's screen shows the whole chat again without
   * any device having stored it. Long chats come in several of these, in order.
   */
  z
    .object({
      kind: z.literal('history'),
      lines: z
        .array(
          z
            .object({
              id: base64url(8, 32),
              /** Who wrote the line. */
              from: Sender,
              text: z.string().min(1).max(MAX_MESSAGE_CHARS),
              /** Which counsellor wrote a counsellor's line, where known. */
              by: Author.optional(),
            })
            .strict(),
        )
        .min(1)
        .max(100),
    })
    .strict(),
]);
export type ChatContent = z.infer<typeof ChatContent>;

// ---------------------------------------------------------------- visitor → server

export const QueueJoin = z
  .object({
    route: Route,
    commitment: Commitment,
    lang: Language.optional(),
    topic: Topic.optional(),
  })
  .strict();
export type QueueJoin = z.infer<typeof QueueJoin>;

/** The visitor's optional answers while waiting, shown to the counsellor who accepts. */
export const QueueDetails = z
  .object({ chatId: ChatId, lang: Language.optional(), topic: Topic.optional() })
  .strict();
export type QueueDetails = z.infer<typeof QueueDetails>;

/** No payload. */
export const Empty = z.object({}).strict();
export type Empty = z.infer<typeof Empty>;

/** 128 random bits, base64url: a secret that lets a reloaded widget take its chat back. */
export const ResumeToken = base64url(22, 22);

/**
 * Take a chat back after a reload or a dropped connection. A widget that lost its
 * keys sends a fresh commitment and the chat is re-keyed in a new epoch; one that
 * kept them (a network drop) sends none.
 */
export const ChatResume = z
  .object({
    chatId: ChatId,
    token: ResumeToken,
    commitment: Commitment.optional(),
    /** The widget's re-key proof for `commitment`, made with its resume key. */
    proof: Proof.optional(),
    /**
     * The token to keep for the next resume, chosen by the widget (so a lost answer
     * does not lose it); the one in `token` is dead once this resume goes through.
     */
    next: ResumeToken.optional(),
    /**
     * What the widget knows of its chat, so a server that restarted (and kept
     * nothing) can take it back: the route, the epoch it is keyed in, and whether it
     * was still waiting.
     */
    claim: z.object({ route: Route, epoch: Epoch, queued: z.boolean() }).strict().optional(),
  })
  .strict();
export type ChatResume = z.infer<typeof ChatResume>;

/** Quick exit's last word, sent as a beacon while the page goes away (`POST /visitor/leave`). */
export const ChatLeave = z.object({ chatId: ChatId, token: ResumeToken }).strict();
export type ChatLeave = z.infer<typeof ChatLeave>;

/** A fresh commitment, when the server asks for one (`chat:recommit`, `chat:requeued`). */
export const ChatCommit = z
  .object({ chatId: ChatId, commitment: Commitment, proof: Proof.optional() })
  .strict();
export type ChatCommit = z.infer<typeof ChatCommit>;

export const RATING_SCORES = [1, 2, 3] as const;
/** One tap after the chat: 1 not helpful, 2 somewhat, 3 helpful. */
export const RatingSubmit = z
  .object({ ticket: ResumeToken, score: z.literal(RATING_SCORES) })
  .strict();
export type RatingSubmit = z.infer<typeof RatingSubmit>;

export const ChatRef = z.object({ chatId: ChatId }).strict();
export type ChatRef = z.infer<typeof ChatRef>;

export const KeyReveal = z.object({ chatId: ChatId, epoch: Epoch, publicKey: PublicKey }).strict();
export type KeyReveal = z.infer<typeof KeyReveal>;

export const Typing = z.object({ chatId: ChatId, typing: z.boolean() }).strict();
export type Typing = z.infer<typeof Typing>;

// ---------------------------------------------------------------- counsellor → server

/** Most chats a counsellor may take at once. */
export const MAX_CAPACITY = 5;

export const PresenceSet = z
  .object({
    available: z.boolean(),
    /** Chats at once, 1 to MAX_CAPACITY; kept for the account in live state. */
    capacity: z.number().int().min(1).max(MAX_CAPACITY).optional(),
    /** This console's public key for hand-over notes (X25519), made at connect. */
    noteKey: PublicKey.optional(),
  })
  .strict();
export type PresenceSet = z.infer<typeof PresenceSet>;

/** Take the next visitor: a claim only; the key is offered after (`chat:rekey`). */
export const QueueAccept = z.object({}).strict();
export type QueueAccept = z.infer<typeof QueueAccept>;

/**
 * The console (re)connected: the chats it still holds keys for, with their epoch.
 * Every other live chat of the account comes back too, to be re-keyed.
 */
export const ChatsResume = z
  .object({
    chats: z.array(z.object({ chatId: ChatId, epoch: Epoch, route: Route }).strict()).max(20),
  })
  .strict();
export type ChatsResume = z.infer<typeof ChatsResume>;

/**
 * A short note for the colleague who takes over: never names or identifying details.
 * Checked in the console before it is sealed; the server sees only `SealedNote`s.
 */
export const HandoverNote = z.string().trim().max(300);

/** A hand-over note sealed to one console's note key (`crypto_box_seal`: 48 bytes more). */
export const SealedNote = base64url(b64len(49), b64len(48 + 4 * 300));

/** How many consoles one hand-over note may be sealed to. */
export const MAX_NOTE_READERS = 20;

/** Sealed copies of one note, by the account id of the console that can open each. */
export const SealedNotes = z
  .record(z.string().regex(/^[1-9]\d{0,8}$/), SealedNote)
  .refine((notes) => Object.keys(notes).length <= MAX_NOTE_READERS, 'too many readers');

/**
 * Hand one's chat to an available colleague (by account id) or back to the queue.
 * The visitor is told and runs a fresh key exchange with whoever takes over.
 */
export const ChatTransfer = z
  .object({
    chatId: ChatId,
    to: z.union([z.literal('queue'), z.number().int().positive()]),
    /**
     * The note for whoever takes over, sealed in the console to each reader's note key
     * (the named colleague, or every console on the route for the queue); the server
     * relays ciphertext only.
     */
    notes: SealedNotes.optional(),
  })
  .strict();
export type ChatTransfer = z.infer<typeof ChatTransfer>;

/** The counsellor's fresh key for the epoch a `chat:rekey` announced. */
export const RekeyOffer = z
  .object({ chatId: ChatId, epoch: Epoch, publicKey: PublicKey, proof: Proof.optional() })
  .strict();
export type RekeyOffer = z.infer<typeof RekeyOffer>;

// ---------------------------------------------------------------- server → clients

export interface QueueJoined {
  chatId: ChatId;
  /** 1 for the first in line. */
  position: number;
  /** Kept by the widget in sessionStorage while the chat lasts; see `chat:resume`. */
  resumeToken: string;
  estimateSeconds?: number;
}

export interface QueuePosition {
  chatId: ChatId;
  position: number;
  /** Estimated seconds left, from recent real waits on the route; absent when unknown. */
  estimateSeconds?: number;
}

export interface ChatResumed {
  /** `rekeying`: wait for `chat:started` with the new epoch's counsellor key. */
  status: 'queued' | 'rekeying' | 'active';
  epoch: number;
  route: Route;
  position?: number;
  estimateSeconds?: number;
  counsellorAlias?: string;
  /** The token for the next resume: the one just used is dead from now on. */
  resumeToken: string;
}

/** A chat the console gets back after a reconnect or a reload. */
export interface ChatRestored extends ChatAccepted {
  /** The console must wait for `chat:rekey`: it lost its keys, or the epoch moved on. */
  rekey: boolean;
}

/** The counsellor did not come back in time: the visitor waits at their old place. */
export interface ChatRequeued {
  chatId: ChatId;
  position: number;
  /** `transferred`: handed back on purpose; `counsellor_gone`: they did not return. */
  reason: 'transferred' | 'counsellor_gone';
}

/** The other side of a chat dropped off (`present: false`) or came back. */
export interface PeerPresence {
  chatId: ChatId;
  present: boolean;
}

/** The visitor came back with new keys: offer a fresh key for this epoch (`chat:rekey`). */
export interface ChatRekey {
  chatId: ChatId;
  epoch: number;
  commitment: string;
  /** The visitor's re-key proof, as it sent it; the console checks it. */
  proof?: string;
}

/** The console lost its keys (`reload`) or a colleague takes over (`transferred`). */
export interface ChatRecommit {
  chatId: ChatId;
  reason: 'reload' | 'transferred';
}

export interface ChatStarted {
  chatId: ChatId;
  epoch: number;
  /** The counsellor's ephemeral public key for this epoch. */
  counsellorKey: string;
  /** The name the counsellor goes by in chats (never their username). */
  counsellorAlias: string;
  /** The counsellor's re-key proof, as the console sent it; the widget checks it. */
  proof?: string;
}

export interface ChatAccepted {
  /** From the colleague who handed the chat over, if any, with the note sealed to this console. */
  handover?: { fromAlias: string; sealedNote?: string };
  chatId: ChatId;
  epoch: number;
  route: Route;
  commitment: string;
  lang?: Language;
  topic?: Topic;
  /** Seconds the visitor waited. */
  waitedSeconds: number;
}

export const END_REASONS = [
  'ended_by_visitor',
  'ended_by_counsellor',
  'visitor_disconnected',
  'counsellor_disconnected',
  'server_shutdown',
  /** Only to the counsellor who handed the chat over. */
  'transferred',
] as const;
export type EndReason = (typeof END_REASONS)[number];

export interface ChatEnded {
  chatId: ChatId;
  reason: EndReason;
  /** For the visitor of a chat that took place: lets them send one rating. */
  ratingTicket?: string;
}

/** An available colleague a chat can be handed to. */
export interface Colleague {
  accountId: number;
  alias: string;
  /** Chats they can still take. */
  free: number;
  /** Their console's key for a sealed hand-over note. */
  noteKey?: string;
}

/** A console that could take a chat handed back to the queue, and its note key. */
export interface NoteReader {
  accountId: number;
  noteKey: string;
}

/** One visitor waiting, as a counsellor may see them: never anything identifying. */
export interface WaitingVisitor {
  waitedSeconds: number;
  lang?: Language;
  topic?: Topic;
}

/** How many waiting visitors the console lists per route. */
export const LISTED_WAITING = 10;

export interface RouteStats {
  waiting: number;
  longestWaitSeconds: number;
  /** The first LISTED_WAITING in line, longest wait first. */
  queue: WaitingVisitor[];
  /** Counsellors marked available who serve this route. */
  available: number;
}

export type QueueStats = Partial<Record<Route, RouteStats>>;

export interface PresenceState {
  available: boolean;
  capacity: number;
  activeChats: number;
}

// ---------------------------------------------------------------- HTTP

export const LoginRequest = z
  .object({
    username: z.string().min(1).max(64),
    password: z.string().min(1).max(256),
    code: z
      .string()
      .regex(/^\d{6}$/)
      .optional(),
  })
  .strict();
export type LoginRequest = z.infer<typeof LoginRequest>;

export const ROLES = ['counsellor', 'supervisor', 'admin'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** The signed-in account as the console sees it. */
export interface SessionInfo {
  alias: string;
  /** The role acted with now: a supervisor or admin without a second factor acts as a counsellor. */
  role: Role;
  /** The role given to the account. */
  assignedRole: Role;
  totpEnabled: boolean;
  routes: Route[];
}
