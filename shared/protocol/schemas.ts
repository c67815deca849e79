import { z } from 'zod/mini';

/**
 * zod schemas are the source of truth for every payload that crosses the wire; the
 * TypeScript types below are inferred from them so checks and types cannot drift.
 * Every string has a maximum length and every object is strict (unknown keys are an
 * error, which also shuts out `__proto__` and friends).
 *
 * Written with zod's mini build: the visitor's frame parses some of these (a decrypted
 * frame, its resume record) and loads zod with them, and the mini build is the part of
 * zod a bundler can shake down to the checks used. The server and the console parse
 * the same schemas, with the same `parse.ts`; their own schemas may use classic zod.
 */

/** libsodium's default base64 variant: URL-safe alphabet, no padding. */
const base64url = (min: number, max: number) =>
  z.string().check(z.minLength(min), z.maxLength(max), z.regex(/^[A-Za-z0-9_-]*$/));

/** Base64url length of `bytes` bytes without padding. */
export const b64len = (bytes: number) => Math.ceil((bytes * 4) / 3);

export const ROUTES = ['adult', 'youth'] as const;
export const Route = z.enum(ROUTES);
export type Route = z.infer<typeof Route>;

/**
 * The visitor's languages. `sv-x-easy` (BCP 47 private use) is easy-to-read Swedish,
 * "lättläst": Swedish written simply, a choice of its own so the counsellor sees that
 * the visitor asked for short sentences and common words. For everything that is about
 * which language it is (the page's `lang`, who speaks it, the safety words) it is
 * Swedish: see `spokenLanguage`.
 */
export const LANGUAGES = ['sv', 'en', 'ar', 'so', 'fi', 'sv-x-easy'] as const;
export const Language = z.enum(LANGUAGES);
export type Language = z.infer<typeof Language>;

/** The languages a counsellor can speak: a lättläst visitor is answered in Swedish. */
export const SPOKEN_LANGUAGES = ['sv', 'en', 'ar', 'so', 'fi'] as const;
export const SpokenLanguage = z.enum(SPOKEN_LANGUAGES);
export type SpokenLanguage = z.infer<typeof SpokenLanguage>;

/** The language itself, for matching, HTML `lang` and safety words: lättläst is Swedish. */
export function spokenLanguage(lang: Language): SpokenLanguage {
  return lang === 'sv-x-easy' ? 'sv' : lang;
}

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

export const Epoch = z.int().check(z.minimum(0), z.maximum(10_000));
/** Which join of the chat (§23): 1, 2, … (the epoch of the member session's transcript). */
export const JoinNumber = z.int().check(z.minimum(1), z.maximum(1000));
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
export const FrameHeader = z.strictObject({
  v: z.literal(2),
  chatId: ChatId,
  epoch: Epoch,
  sender: Sender,
  n: z.int().check(z.minimum(0), z.maximum(2 ** 31 - 1)),
});
export type FrameHeader = z.infer<typeof FrameHeader>;

/** An encrypted frame as it travels: header in clear (bound as associated data). */
export const WireFrame = z.extend(FrameHeader, {
  nonce: base64url(b64len(24), b64len(24)),
  ct: base64url(b64len(16), MAX_CIPHERTEXT_B64),
});
export type WireFrame = z.infer<typeof WireFrame>;

/**
 * Who of the counsellors wrote a line: their alias (as long as an account's alias can
 * be). A chat handed over has lines of several; the visitor writes none.
 */
export const Author = z.string().check(z.minLength(1), z.maxLength(64));

/**
 * What is inside a frame once decrypted. The peer is untrusted too, so the content
 * is validated after decryption.
 */
const MessageText = z.string().check(z.minLength(1), z.maxLength(MAX_MESSAGE_CHARS));

export const ChatContent = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('text'),
    /** Client-made message id, unique within the chat. */
    id: base64url(8, 32),
    text: MessageText,
    /** The counsellor's alias on a counsellor's message; kept with the line. */
    by: z.optional(Author),
  }),
  /**
   * The conversation so far, re-sent by the counsellor's console after the visitor
   * re-keyed (a reload), so the visitor's screen shows the whole chat again without
   * any device having stored it. Long chats come in several of these, in order.
   */
  z.strictObject({
    kind: z.literal('history'),
    lines: z
      .array(
        z.strictObject({
          id: base64url(8, 32),
          /** Who wrote the line. */
          from: Sender,
          text: MessageText,
          /** Which counsellor wrote a counsellor's line, where known. */
          by: z.optional(Author),
        }),
      )
      .check(z.minLength(1), z.maxLength(100)),
  }),
  /**
   * Only inside a support conversation (whisper, §22) whose supervisor joined the chat
   * (§23): a line one of the two consoles said in the chat, copied to the other so
   * both show the whole chat. `by` is its author's alias. Never sent to a visitor; a
   * widget refuses it.
   */
  z.strictObject({
    kind: z.literal('line'),
    id: base64url(8, 32),
    text: MessageText,
    by: Author,
  }),
  /**
   * A member's key for a join (§23.3): over the whisper, the supporter tells the asker
   * the key it made; in the chat, the counsellor's console vouches to the widget that
   * the member of that join, `by`, holds it. The widget takes no member key the chat's
   * own session has not vouched for, so a member the server made up gets nothing.
   */
  z.strictObject({
    kind: z.literal('member'),
    joinNumber: JoinNumber,
    publicKey: PublicKey,
    by: Author,
  }),
  /**
   * The visitor's yes to a join (§23.3): in the chat, the widget tells the counsellor's
   * console that it said yes to `by` for that join, with the commitment it answered
   * with; over the whisper, the asker passes it on to the member. Neither console takes
   * the server's word for a yes: the asker copies nothing and vouches for no key, and
   * the member derives no session, without it.
   */
  z.strictObject({
    kind: z.literal('consent'),
    joinNumber: JoinNumber,
    commitment: Commitment,
    by: Author,
  }),
]);
export type ChatContent = z.infer<typeof ChatContent>;
/** A member's key, vouched for (§23.3). */
export type MemberVouch = Extract<ChatContent, { kind: 'member' }>;
/** The visitor's yes to a join, end to end (§23.3). */
export type MemberConsent = Extract<ChatContent, { kind: 'consent' }>;
/** What of a join goes inside the chat's own session. */
export type JoinContent = MemberVouch | MemberConsent;

// ---------------------------------------------------------------- visitor → server

export const QueueJoin = z.strictObject({
  route: Route,
  commitment: Commitment,
  lang: z.optional(Language),
  topic: z.optional(Topic),
  /**
   * The visitor answered "yes" to "Are you in danger right now?": only an ordering hint
   * (first in the route's queue), kept in live state while the visitor waits or chats.
   */
  urgent: z.optional(z.boolean()),
});
export type QueueJoin = z.infer<typeof QueueJoin>;

/** The visitor's optional answers while waiting, shown to the counsellor who accepts. */
export const QueueDetails = z.strictObject({
  chatId: ChatId,
  lang: z.optional(Language),
  topic: z.optional(Topic),
});
export type QueueDetails = z.infer<typeof QueueDetails>;

/** No payload. */
export const Empty = z.strictObject({});
export type Empty = z.infer<typeof Empty>;

/** 128 random bits, base64url: a secret that lets a reloaded widget take its chat back. */
export const ResumeToken = base64url(22, 22);
/**
 * SHA-256 of a resume token's text, base64url (43 characters): what the server keeps of
 * the token, and what the console is told of it, to vouch after a restart for the
 * visitor who holds the token (docs/PROTOCOL.md §11). It reveals nothing of the token.
 */
export const TokenHash = base64url(b64len(32), b64len(32));

/**
 * Take a chat back after a reload or a dropped connection. A widget that lost its
 * keys sends a fresh commitment and the chat is re-keyed in a new epoch; one that
 * kept them (a network drop) sends none.
 */
export const ChatResume = z.strictObject({
  chatId: ChatId,
  token: ResumeToken,
  commitment: z.optional(Commitment),
  /** The widget's re-key proof for `commitment`, made with its resume key. */
  proof: z.optional(Proof),
  /**
   * The token to keep for the next resume, chosen by the widget (so a lost answer
   * does not lose it); the one in `token` is dead once this resume goes through.
   */
  next: z.optional(ResumeToken),
  /**
   * What the widget knows of its chat, so a server that restarted (and kept
   * nothing) can take it back: the route, the epoch it is keyed in, and whether it
   * was still waiting.
   */
  claim: z.optional(z.strictObject({ route: Route, epoch: Epoch, queued: z.boolean() })),
});
export type ChatResume = z.infer<typeof ChatResume>;

/** Quick exit's last word, sent as a beacon while the page goes away (`POST /visitor/leave`). */
export const ChatLeave = z.strictObject({ chatId: ChatId, token: ResumeToken });
export type ChatLeave = z.infer<typeof ChatLeave>;

/** A fresh commitment, when the server asks for one (`chat:recommit`, `chat:requeued`). */
export const ChatCommit = z.strictObject({
  chatId: ChatId,
  commitment: Commitment,
  proof: z.optional(Proof),
});
export type ChatCommit = z.infer<typeof ChatCommit>;

export const RATING_SCORES = [1, 2, 3] as const;
/** One tap after the chat: 1 not helpful, 2 somewhat, 3 helpful. */
export const RatingSubmit = z.strictObject({
  ticket: ResumeToken,
  score: z.literal(RATING_SCORES),
});
export type RatingSubmit = z.infer<typeof RatingSubmit>;

export const ChatRef = z.strictObject({ chatId: ChatId });
export type ChatRef = z.infer<typeof ChatRef>;

/**
 * How worried the counsellor is about a chat: none, a concern, or acute danger. Set in
 * the console and kept only in the chat's live state; the statistics count the highest
 * level each chat reached, per day and route, and nothing else.
 */
export const RISK_LEVELS = ['none', 'concern', 'acute'] as const;
export const RiskLevel = z.enum(RISK_LEVELS);
export type RiskLevel = z.infer<typeof RiskLevel>;

/** The counsellor sets the risk level of their own chat. */
export const RiskSet = z.strictObject({ chatId: ChatId, level: RiskLevel });
export type RiskSet = z.infer<typeof RiskSet>;

export const KeyReveal = z.strictObject({ chatId: ChatId, epoch: Epoch, publicKey: PublicKey });
export type KeyReveal = z.infer<typeof KeyReveal>;

export const Typing = z.strictObject({ chatId: ChatId, typing: z.boolean() });
export type Typing = z.infer<typeof Typing>;

// ---------------------------------------------------------------- counsellor → server

/** Most chats a counsellor may take at once. */
export const MAX_CAPACITY = 5;

export const PresenceSet = z.strictObject({
  available: z.boolean(),
  /** Chats at once, 1 to MAX_CAPACITY; kept for the account in live state. */
  capacity: z.optional(z.int().check(z.minimum(1), z.maximum(MAX_CAPACITY))),
  /** This console's public key for hand-over notes (X25519), made at connect. */
  noteKey: z.optional(PublicKey),
  /**
   * Take a break (true) or come back from one (false), for the account: on a break no
   * new chat is offered or accepted (`on_break`), one's own chats go on.
   */
  onBreak: z.optional(z.boolean()),
});
export type PresenceSet = z.infer<typeof PresenceSet>;

/** Take the next visitor: a claim only; the key is offered after (`chat:rekey`). */
export const QueueAccept = z.strictObject({});
export type QueueAccept = z.infer<typeof QueueAccept>;

/**
 * The console (re)connected: the chats it still holds keys for, with their epoch and
 * the hash of the visitor's current resume token as the console last heard it (so a
 * server that restarted and kept nothing takes back only the real visitor: §11).
 * Every other live chat of the account comes back too, to be re-keyed.
 */
export const ChatsResume = z.strictObject({
  chats: z
    .array(
      z.strictObject({
        chatId: ChatId,
        epoch: Epoch,
        route: Route,
        resumeHash: z.optional(TokenHash),
      }),
    )
    .check(z.maxLength(20)),
});
export type ChatsResume = z.infer<typeof ChatsResume>;

/**
 * A short note for the colleague who takes over: never names or identifying details.
 * Checked in the console before it is sealed; the server sees only `SealedNote`s.
 */
export const HandoverNote = z.string().check(z.trim(), z.maxLength(300));

/** A hand-over note sealed to one console's note key (`crypto_box_seal`: 48 bytes more). */
export const SealedNote = base64url(b64len(49), b64len(48 + 4 * 300));

/** How many consoles one hand-over note may be sealed to. */
export const MAX_NOTE_READERS = 20;

/** Sealed copies of one note, by the account id of the console that can open each. */
export const SealedNotes = z
  .record(z.string().check(z.regex(/^[1-9]\d{0,8}$/)), SealedNote)
  .check(z.refine((notes) => Object.keys(notes).length <= MAX_NOTE_READERS, 'too many readers'));

/**
 * Hand one's chat to an available colleague (by account id) or back to the queue.
 * The visitor is told and runs a fresh key exchange with whoever takes over.
 */
export const ChatTransfer = z.strictObject({
  chatId: ChatId,
  to: z.union([z.literal('queue'), z.int().check(z.positive())]),
  /**
   * The note for whoever takes over, sealed in the console to each reader's note key
   * (the named colleague, or every console on the route for the queue); the server
   * relays ciphertext only.
   */
  notes: z.optional(SealedNotes),
});
export type ChatTransfer = z.infer<typeof ChatTransfer>;

/** The counsellor's fresh key for the epoch a `chat:rekey` announced. */
export const RekeyOffer = z.strictObject({
  chatId: ChatId,
  epoch: Epoch,
  publicKey: PublicKey,
  proof: z.optional(Proof),
});
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
  /**
   * To the console, when the visitor came back with `chat:resume`: the hash of its new
   * resume token (the one it used is dead), for `chats:resume` after a restart.
   */
  resumeHash?: string;
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
  /** The visitor said they are in danger right now. */
  urgent?: true;
  /** Seconds the visitor waited. */
  waitedSeconds: number;
  /**
   * SHA-256 (base64url) of the visitor's current resume token: the console keeps it in
   * memory and lists it in `chats:resume`, so a server that restarted re-creates the
   * chat for whoever holds the token and nobody else (§11). Not the token.
   */
  resumeHash: string;
  /** The risk level the chat's counsellor set (absent: none), so a reload shows it again. */
  risk?: RiskLevel;
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

/**
 * `chat:ended` as the console gets it: with `pause` when the chat reached acute or
 * lasted longer than the settings' `debriefAfterMinutes`, so the console suggests a
 * pause and offers to ask for a debrief (`chat:debrief`). Never sent to the visitor.
 */
export interface CounsellorChatEnded extends ChatEnded {
  pause?: 'acute' | 'long';
}

/** To supervisors online: a counsellor marked a chat acute. No content, no visitor data. */
export interface RiskAlert {
  /** The counsellor's display name. */
  alias: string;
  route: Route;
}

/** To supervisors online: a counsellor asks for a debrief. Their display name only. */
export interface DebriefAsked {
  alias: string;
}

/** `chat:debrief`'s answer: how many supervisors (accounts) online were told. */
export interface DebriefSent {
  supervisors: number;
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
  /** Said they are in danger right now (first in line). */
  urgent?: true;
}

/** How many waiting visitors the console lists per route. */
export const LISTED_WAITING = 10;

export interface RouteStats {
  waiting: number;
  /** Of those waiting, how many said they are in danger right now. */
  urgent: number;
  /** Mailboxes waiting for an answer (status `new`). */
  mailboxes: number;
  longestWaitSeconds: number;
  /** The first LISTED_WAITING in line: those in danger first, then longest wait first. */
  queue: WaitingVisitor[];
  /** Counsellors marked available who serve this route. */
  available: number;
}

export type QueueStats = Partial<Record<Route, RouteStats>>;

export interface PresenceState {
  available: boolean;
  capacity: number;
  activeChats: number;
  /** The account is on a break (see PresenceSet.onBreak). */
  onBreak: boolean;
  /** How long "End and block" keeps a visitor's network out (the settings' `blockHours`). */
  blockHours: number;
}

// ---------------------------------------------------------------- the mailbox (docs/PROTOCOL.md §21)

/** A letter's text, in UTF-16 code units: `MAX_LETTER_LENGTH` of shared/crypto/mailbox.ts. */
export const MAX_LETTER_CHARS = 4000;
/**
 * Largest sealed letter body, base64url. `JSON.stringify({text})` writes a code unit as
 * at most 6 bytes (`\u001f` for a control character, `\udc00` for a lone surrogate),
 * plus the 11 of `{"text":""}`; that is padded to the next 256-byte block (§5.3) and
 * the 16-byte tag added. Any text the widget or the console may seal fits.
 */
export const MAX_LETTER_BODY_B64 = b64len(
  (Math.floor((6 * MAX_LETTER_CHARS + 11) / 256) + 1) * 256 + 16,
);
/** Readers one letter's content key may be sealed to: the visitor and the staff. */
export const MAX_LETTER_READERS = 200;
/** Letters one mailbox holds, both ways; a full one answers `mailbox_full`. */
export const MAX_LETTERS_PER_MAILBOX = 100;

/** The lookup id derived from a return code (32 bytes); the server keeps only its hash. */
export const MailboxLookup = base64url(b64len(32), b64len(32));
/** A mailbox's id (16 random bytes), only ever shown to staff. */
export const MailboxId = base64url(22, 22);
/** A letter's id (16 random bytes), only ever shown to staff. */
export const LetterId = base64url(22, 22);
/** A 32-byte content key sealed to one reader (`crypto_box_seal`: 48 bytes more). */
export const SealedKey = base64url(b64len(80), b64len(80));

/** Padded plaintext in whole 256-byte blocks and a 16-byte tag: nothing else is a body. */
const LetterBody = base64url(b64len(256 + 16), MAX_LETTER_BODY_B64).check(
  z.refine((body) => {
    const bytes = Math.floor((body.length * 3) / 4);
    return b64len(bytes) === body.length && (bytes - 16) % 256 === 0;
  }, 'not a sealed letter body'),
);

/** One letter as the client sealed it: the body once, its content key per reader. */
export const SealedLetter = z.strictObject({
  nonce: base64url(b64len(24), b64len(24)),
  body: LetterBody,
  /** Reader's public key → the content key sealed to it. */
  keys: z.record(PublicKey, SealedKey).check(
    z.refine((keys) => {
      const count = Object.keys(keys).length;
      return count >= 1 && count <= MAX_LETTER_READERS;
    }, 'from 1 to MAX_LETTER_READERS readers'),
  ),
});
export type SealedLetter = z.infer<typeof SealedLetter>;

/**
 * A staff account's mailbox key as the server keeps it (shared/crypto/staff-keys.ts):
 * the public key, and the private key wrapped under the password with Argon2id. The
 * costs are libsodium's bounds for `crypto_pwhash` (its 32-bit WebAssembly build).
 */
export const StaffKeyRecord = z.strictObject({
  publicKey: PublicKey,
  salt: base64url(b64len(16), b64len(16)),
  nonce: base64url(b64len(24), b64len(24)),
  /** The 32-byte private key and the 16-byte tag. */
  wrapped: base64url(b64len(48), 100),
  opsLimit: z.int().check(z.minimum(1), z.maximum(2 ** 32 - 1)),
  memLimit: z.int().check(z.minimum(8192), z.maximum(2 ** 31)),
});
export type StaffKeyRecord = z.infer<typeof StaffKeyRecord>;

/** The staff keys a new letter on `route` is sealed to (besides the visitor's own). */
export const MailboxReadersRequest = z.strictObject({ route: Route });
export type MailboxReadersRequest = z.infer<typeof MailboxReadersRequest>;

/**
 * A new mailbox, with its first letter. `visitorKey` is pkM, derived from the return
 * code like `lookup`; the letter's keys must include it.
 */
export const MailboxCreate = z.strictObject({
  route: Route,
  lang: z.optional(Language),
  lookup: MailboxLookup,
  visitorKey: PublicKey,
  letter: SealedLetter,
});
export type MailboxCreate = z.infer<typeof MailboxCreate>;

/** The visitor's way back to a mailbox: the lookup id from the return code. */
export const MailboxLookupRequest = z.strictObject({ lookup: MailboxLookup });
export type MailboxLookupRequest = z.infer<typeof MailboxLookupRequest>;

export const MailboxWrite = z.strictObject({ lookup: MailboxLookup, letter: SealedLetter });
export type MailboxWrite = z.infer<typeof MailboxWrite>;

export const MailboxRef = z.strictObject({ id: MailboxId });
export type MailboxRef = z.infer<typeof MailboxRef>;

export const MailboxAnswer = z.strictObject({ id: MailboxId, letter: SealedLetter });
export type MailboxAnswer = z.infer<typeof MailboxAnswer>;

/** Content keys a reader re-sealed for a colleague whose key is newer than the letters. */
export const MailboxShare = z.strictObject({
  id: MailboxId,
  reader: PublicKey,
  keys: z
    .array(z.strictObject({ letterId: LetterId, sealed: SealedKey }))
    .check(z.minLength(1), z.maxLength(MAX_LETTERS_PER_MAILBOX)),
});
export type MailboxShare = z.infer<typeof MailboxShare>;

export const MAILBOX_STATUSES = ['new', 'answered', 'done'] as const;
/** `new`: waits for an answer (the visitor wrote last); `answered`; `done`: closed by staff. */
export type MailboxStatus = (typeof MAILBOX_STATUSES)[number];

/** A letter as the visitor gets it back: a day, never a time; staff only by alias. */
export interface VisitorLetter {
  author: Sender;
  /** YYYY-MM-DD in the service's time zone. */
  day: string;
  /** The counsellor's alias, on their letters. */
  alias?: string;
  nonce: string;
  body: string;
  /** Only the visitor's own entry: pkM → the sealed content key. */
  keys: Record<string, string>;
}

export interface MailboxOpened {
  route: Route;
  letters: VisitorLetter[];
}

/** A mailbox in the console's list: never a preview of what it holds. */
export interface MailboxSummary {
  id: string;
  route: Route;
  lang?: Language;
  /** The day it was started. */
  day: string;
  /** The day of its last letter. */
  lastDay: string;
  status: MailboxStatus;
  /** Who is answering it (a live claim), by alias. */
  claimedBy?: string;
  /** Set with `claimedBy`: the claim is this account's own. */
  claimedByMe?: boolean;
  /** How many letters it holds, both ways. */
  letters: number;
}

/** A letter as a reader on the staff gets it. */
export interface StaffLetter {
  id: string;
  author: Sender;
  day: string;
  alias?: string;
  nonce: string;
  body: string;
  /** Only this account's own entry (none if its key is newer than the letter). */
  keys: Record<string, string>;
  /** Current readers of the route whose key this letter lacks: to `mailbox:share` with. */
  lacking: string[];
}

export interface MailboxView extends Omit<MailboxSummary, 'letters'> {
  /** pkM: an answer is sealed to it (and to `readers`). */
  visitorKey: string;
  /** The staff keys of the route now: an answer is sealed to these too. */
  readers: string[];
  letters: StaffLetter[];
}

// ---------------------------------------------------------------- HTTP

export const LoginRequest = z.strictObject({
  username: z.string().check(z.minLength(1), z.maxLength(64)),
  password: z.string().check(z.minLength(1), z.maxLength(256)),
  code: z.optional(z.string().check(z.regex(/^\d{6}$/))),
});
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
