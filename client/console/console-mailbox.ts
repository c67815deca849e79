import { openLetter, sealLetter, shareLetter } from '../../shared/crypto/mailbox.js';
import type { AckResult, ErrorCode } from '../../shared/protocol/errors.js';
import type {
  MailboxShare,
  MailboxSummary,
  MailboxView,
  SealedLetter,
  Sender,
  StaffKeyRecord,
} from '../../shared/protocol/schemas.js';
import { StaffKeyring, type UnlockError } from './staff-keyring.js';

/*
 * The console's side of the mailbox (docs/PROTOCOL.md §21.6): the list of the routes
 * this account serves (never a preview), and the one mailbox open, its letters opened
 * here with the account's key and kept in memory only while it is open.
 */

/** The `/counsellor` events this needs, as the controller sends them. */
export interface MailboxServer {
  list(): Promise<AckResult<MailboxSummary[]>>;
  read(id: string): Promise<AckResult<MailboxView>>;
  claim(id: string): Promise<AckResult<null>>;
  answer(id: string, letter: SealedLetter): Promise<AckResult<null>>;
  done(id: string): Promise<AckResult<null>>;
  share(request: MailboxShare): Promise<AckResult<null>>;
  getKey(): Promise<AckResult<StaffKeyRecord | null>>;
  setKey(record: StaffKeyRecord): Promise<AckResult<null>>;
}

/** A letter as the console shows it: its text, or undefined if this key cannot open it. */
export interface ShownLetter {
  id: string;
  author: Sender;
  day: string;
  alias?: string;
  text?: string;
}

export interface OpenMailbox extends Omit<MailboxView, 'letters' | 'readers' | 'visitorKey'> {
  letters: ShownLetter[];
  /** Colleagues (their keys) who lack a letter that this account can open: to share with. */
  shareable: number;
  /** Why claiming it failed, if it did (`claimed`: a colleague is answering). */
  claimError?: ErrorCode;
}

export class ConsoleMailbox {
  readonly keyring = new StaffKeyring();
  mailboxes: MailboxSummary[] = [];
  opened?: OpenMailbox;
  /** The letters as the server sent them, for sealing an answer and for sharing. */
  private view?: MailboxView;
  private listing = 0;

  constructor(
    private readonly server: MailboxServer,
    /** Renders the console again. */
    private readonly changed: () => void,
  ) {}

  private get keys() {
    return { get: () => this.server.getKey(), set: (r: StaffKeyRecord) => this.server.setKey(r) };
  }

  /**
   * Opens the account's key with the password: at sign-in, where the server has just
   * checked it and a missing key is made (`signingIn`), or in the unlock form.
   */
  async unlock(password: string, signingIn = false): Promise<UnlockError | undefined> {
    const pending = this.keyring.unlock(this.keys, password, signingIn);
    this.changed();
    const error = await pending;
    this.changed();
    if (!error && this.view) await this.reopen();
    return error;
  }

  /** The key wrapped under a new password, to send with the change (§21.6). */
  rewrap(current: string, next: string) {
    return this.keyring.rewrap(this.keys, current, next);
  }

  /** Fetches the list again (at connect, and on every `mailbox:changed`). */
  async refresh(): Promise<void> {
    const call = ++this.listing;
    const result = await this.server.list();
    // An older answer that arrives after a newer one is dropped.
    if (!result.ok || call !== this.listing) return;
    this.mailboxes = result.data;
    // The open one is read again: an answer, a claim, or gone (deleted, expired).
    if (this.opened) await this.reopen();
    this.changed();
  }

  /**
   * Opens its letters and claims it, so two do not answer at once: not one marked
   * done, one a colleague is answering, or one this account cannot read a letter of
   * (its key is newer than the letters).
   */
  async open(id: string): Promise<ErrorCode | undefined> {
    const error = await this.load(id);
    const opened = this.opened;
    if (error || !opened) return error;
    const readable = opened.letters.some((letter) => letter.text !== undefined);
    const byOther = opened.claimedBy !== undefined && !opened.claimedByMe;
    if (opened.status !== 'done' && readable && !byOther) {
      const claim = await this.server.claim(id);
      await this.load(id);
      if (this.opened && !claim.ok) this.opened = { ...this.opened, claimError: claim.error };
    }
    this.changed();
    return undefined;
  }

  /** Shows the list again and forgets the open mailbox's texts. */
  close(): void {
    this.opened = undefined;
    this.view = undefined;
    this.changed();
  }

  /** Sealed to the visitor and to every reader of the route now. */
  async answer(text: string): Promise<ErrorCode | undefined> {
    const view = this.view;
    if (!view) return 'not_found';
    let letter: SealedLetter;
    try {
      letter = sealLetter(text, 'counsellor', view.visitorKey, [view.visitorKey, ...view.readers]);
    } catch {
      return 'invalid_payload';
    }
    const result = await this.server.answer(view.id, letter);
    if (!result.ok) return result.error;
    await this.reopen();
    return undefined;
  }

  async done(): Promise<ErrorCode | undefined> {
    const id = this.view?.id;
    if (!id) return 'not_found';
    const result = await this.server.done(id);
    if (!result.ok) return result.error;
    await this.reopen();
    return undefined;
  }

  /** Seals each letter's content key that this account holds to every colleague who lacks it. */
  async share(): Promise<ErrorCode | undefined> {
    const view = this.view;
    const pair = this.keyring.pair;
    if (!view || !pair) return 'forbidden';
    const readers = new Set(view.letters.flatMap((letter) => letter.lacking));
    for (const reader of readers) {
      const keys = view.letters
        .filter((letter) => letter.lacking.includes(reader) && this.canOpen(letter))
        .map((letter) => ({ letterId: letter.id, sealed: shareLetter(letter, pair, reader) }));
      if (keys.length === 0) continue;
      const result = await this.server.share({ id: view.id, reader, keys });
      if (!result.ok) return result.error;
    }
    await this.reopen();
    return undefined;
  }

  /** Everything forgotten: sign-out, or the session ended. */
  clear(): void {
    this.keyring.lock();
    this.mailboxes = [];
    this.opened = undefined;
    this.view = undefined;
  }

  private canOpen(letter: MailboxView['letters'][number]): boolean {
    const own = this.keyring.publicKey;
    return own !== undefined && Object.hasOwn(letter.keys, own);
  }

  private async reopen(): Promise<void> {
    if (this.view) await this.load(this.view.id);
    this.changed();
  }

  private async load(id: string): Promise<ErrorCode | undefined> {
    const result = await this.server.read(id);
    if (!result.ok) {
      if (this.view?.id === id) this.close();
      return result.error;
    }
    const view = result.data;
    const pair = this.keyring.pair;
    const letters = view.letters.map((letter): ShownLetter => {
      let text: string | undefined;
      if (pair && this.canOpen(letter)) {
        try {
          text = openLetter(letter, letter.author, view.visitorKey, pair);
        } catch {
          text = undefined;
        }
      }
      return {
        id: letter.id,
        author: letter.author,
        day: letter.day,
        ...(letter.alias !== undefined && { alias: letter.alias }),
        ...(text !== undefined && { text }),
      };
    });
    const shareable = new Set(
      view.letters.filter((l) => this.canOpen(l)).flatMap((letter) => letter.lacking),
    );
    const { letters: _l, readers: _r, visitorKey: _v, ...summary } = view;
    const claimError = this.opened?.id === id ? this.opened.claimError : undefined;
    this.view = view;
    this.opened = {
      ...summary,
      letters,
      shareable: shareable.size,
      ...(claimError && !view.claimedByMe && view.claimedBy !== undefined && { claimError }),
    };
    return undefined;
  }
}
