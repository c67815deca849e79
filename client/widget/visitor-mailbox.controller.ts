import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  MAX_LETTER_LENGTH,
  forgetMailbox,
  mailboxKeysFrom,
  newReturnCode,
  openLetter,
  parseReturnCode,
  sealLetter,
  type MailboxKeys,
} from '../../shared/crypto/mailbox.js';
import type { Language, Route } from '../../shared/protocol/schemas.js';
import type { MailboxError } from './i18n/mailbox.js';
import type { MailboxAsk } from './visitor-chat.controller.js';

/**
 * Where the visitor is in the mailbox (docs/PROTOCOL.md §21):
 * - `route`: which route the letter is for (more than one can be written to);
 * - `write`: the first letter; `code`: the return code, shown once;
 * - `enter`: "I have a code"; `read`: the conversation, to write again or delete;
 * - `deleted`: it is gone.
 */
export type MailboxScreen = 'route' | 'write' | 'code' | 'enter' | 'read' | 'deleted';

/** A letter as the visitor reads it: who, which day (never a time), what. */
export interface ShownLetter {
  author: 'visitor' | 'counsellor';
  /** YYYY-MM-DD in the service's time zone. */
  day: string;
  alias?: string;
  /** Undefined when the letter did not open. */
  text?: string;
}

/**
 * The visitor's side of the mailbox: the return code, the keys it gives, the letters.
 * Everything lives in memory only and goes with `wipe()` (the code's bytes and the
 * private key are zeroed): when the visitor leaves the mailbox's screens, quick-exits
 * or closes. Nothing is written to any storage; the code is shown once and kept only
 * as long as it is on screen.
 */
export class VisitorMailboxController implements ReactiveController {
  screen: MailboxScreen = 'write';
  route?: Route;
  /** The return code as shown once, six groups of four. */
  codeText?: string;
  letters: ShownLetter[] = [];
  error?: MailboxError;
  /** A request is under way: the buttons wait. */
  busy = false;
  /** A letter written from the conversation went. */
  wroteAgain = false;

  /** The keys of the open conversation (from the code typed), until wiped. */
  private keys?: MailboxKeys;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly ask: MailboxAsk,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.wipe();
  }

  /** A new letter: on the one route offered, or after choosing among them. */
  begin(routes: readonly Route[]): void {
    this.wipe();
    if (routes.length === 1) {
      this.route = routes[0];
      this.screen = 'write';
    } else {
      this.screen = 'route';
    }
    this.update();
  }

  chooseRoute(route: Route): void {
    this.route = route;
    this.error = undefined;
    this.screen = 'write';
    this.update();
  }

  /** "I have a code". */
  enterCode(): void {
    this.wipe();
    this.screen = 'enter';
    this.update();
  }

  /**
   * Seals the first letter to the route's readers and a fresh code's own key, and
   * starts the mailbox; on success the code is shown. The code's bytes and keys are
   * wiped at once: only its text stays, on screen.
   */
  async send(text: string, lang: Language): Promise<boolean> {
    const route = this.route;
    if (!route || this.busy || !this.checkLength(text)) return false;
    return this.request(async () => {
      const readers = await this.ask('mailbox:readers', { route });
      if (!readers.ok) return this.failed(readers.error);
      const { code, text: codeText } = newReturnCode();
      const keys = mailboxKeysFrom(code);
      try {
        const letter = sealLetter(text, 'visitor', keys.publicKey, [
          keys.publicKey,
          ...readers.data,
        ]);
        const created = await this.ask('mailbox:create', {
          route,
          lang,
          lookup: keys.lookup,
          visitorKey: keys.publicKey,
          letter,
        });
        if (!created.ok) return this.failed(created.error);
        this.codeText = codeText;
        this.screen = 'code';
        return true;
      } finally {
        forgetMailbox(code, keys);
      }
    });
  }

  /** Opens the conversation of a typed code (any case, with or without spaces and dashes). */
  async open(typed: string): Promise<boolean> {
    if (this.busy) return false;
    const code = parseReturnCode(typed);
    if (!code) return this.failed('bad_code');
    const keys = mailboxKeysFrom(code);
    forgetMailbox(code);
    return this.request(async () => {
      if (!(await this.load(keys))) {
        forgetMailbox(undefined, keys);
        return false;
      }
      forgetMailbox(undefined, this.keys);
      this.keys = keys;
      this.screen = 'read';
      return true;
    });
  }

  /** Another letter in the open conversation, then the conversation again. */
  async write(text: string): Promise<boolean> {
    const keys = this.keys;
    const route = this.route;
    if (!keys || !route || this.busy || !this.checkLength(text)) return false;
    this.wroteAgain = false;
    return this.request(async () => {
      const readers = await this.ask('mailbox:readers', { route });
      if (!readers.ok) return this.failed(readers.error);
      const letter = sealLetter(text, 'visitor', keys.publicKey, [keys.publicKey, ...readers.data]);
      const written = await this.ask('mailbox:write', { lookup: keys.lookup, letter });
      if (!written.ok) return this.failed(written.error);
      this.wroteAgain = true;
      await this.load(keys);
      return true;
    });
  }

  /** Deletes the whole conversation now; the code stops working. */
  async delete(): Promise<boolean> {
    const keys = this.keys;
    if (!keys || this.busy) return false;
    return this.request(async () => {
      const deleted = await this.ask('mailbox:delete', { lookup: keys.lookup });
      if (!deleted.ok) return this.failed(deleted.error);
      this.wipe();
      this.screen = 'deleted';
      return true;
    });
  }

  /** Forgets the code, the keys and every letter. */
  wipe(): void {
    forgetMailbox(undefined, this.keys);
    this.keys = undefined;
    this.codeText = undefined;
    this.letters = [];
    this.route = undefined;
    this.error = undefined;
    this.wroteAgain = false;
    this.update();
  }

  /** The letters of a mailbox, each opened with the code's key. */
  private async load(keys: MailboxKeys): Promise<boolean> {
    const opened = await this.ask('mailbox:open', { lookup: keys.lookup });
    if (!opened.ok) return this.failed(opened.error);
    this.route = opened.data.route;
    this.letters = opened.data.letters.map((letter) => {
      let text: string | undefined;
      try {
        text = openLetter(letter, letter.author, keys.publicKey, keys.keyPair);
      } catch {
        // Not ours or changed on the way: said so in its place, never shown as text.
      }
      return {
        author: letter.author,
        day: letter.day,
        ...(letter.alias !== undefined && { alias: letter.alias }),
        ...(text !== undefined && { text }),
      };
    });
    return true;
  }

  private checkLength(text: string): boolean {
    if (!text.trim()) return this.failed('empty');
    if (text.length > MAX_LETTER_LENGTH) return this.failed('too_long');
    return true;
  }

  private async request(work: () => Promise<boolean>): Promise<boolean> {
    this.busy = true;
    this.error = undefined;
    this.update();
    try {
      return await work();
    } catch {
      return this.failed('internal');
    } finally {
      this.busy = false;
      this.update();
    }
  }

  private failed(error: MailboxError): false {
    // A network a counsellor blocked reads what a closed mailbox says: neutral, call us.
    this.error = error === 'unavailable' ? 'closed' : error;
    this.update();
    return false;
  }

  private update(): void {
    this.host.requestUpdate();
  }
}
