import type { Socket } from 'socket.io-client';
import type { KeyPair } from '../../shared/crypto/session.js';
import {
  mailboxKeysFrom,
  newReturnCode,
  openLetter,
  parseReturnCode,
  sealLetter,
  shareLetter,
  type MailboxKeys,
} from '../../shared/crypto/mailbox.js';
import { readyCrypto } from '../../shared/crypto/session.js';
import {
  loadStaffCrypto,
  newStaffKey,
  unwrapStaffKey,
  wrapStaffKey,
  type StretchCost,
  type WrappedStaffKey,
} from '../../shared/crypto/staff-keys.js';
import type { AckResult } from '../../shared/protocol/errors.js';
import type { MailboxOpened, MailboxView, Route } from '../../shared/protocol/schemas.js';
import { ask, connectVisitor, connected, type ConnectOptions } from './clients.js';

/*
 * The mailbox's two sides as the widget and the console will play them, with the real
 * cryptography (shared/crypto/mailbox.ts, staff-keys.ts): a visitor who has only the
 * return code, and a staff member whose key is wrapped under their password.
 */

/** A cost small enough for a test; the console uses libsodium's "moderate". */
export const CHEAP: StretchCost = { opsLimit: 1, memLimit: 8192 };

export async function readyMailboxCrypto(): Promise<void> {
  await readyCrypto();
  await loadStaffCrypto();
}

function unwrap<T>(result: AckResult<unknown>): T {
  if (!result.ok) throw new Error(`server answered ${result.error}`);
  return result.data as T;
}

/** A visitor's widget with a return code, on a socket of its own (a new browser each time). */
export class TestWriter {
  readonly keys: MailboxKeys;

  private constructor(
    readonly socket: Socket,
    /** The code as the widget shows it. */
    readonly code: string,
  ) {
    const parsed = parseReturnCode(code);
    if (!parsed) throw new Error('not a return code');
    this.keys = mailboxKeysFrom(parsed);
  }

  /** A new visitor with a new code, or one who comes back typing `code`. */
  static async connect(
    url: string,
    code: string = newReturnCode().text,
    headers: Record<string, string> = {},
    options: ConnectOptions = {},
  ): Promise<TestWriter> {
    await readyMailboxCrypto();
    const socket = connectVisitor(url, headers, false, options) as unknown as Socket;
    await connected(socket);
    return new TestWriter(socket, code);
  }

  /** The staff keys of the route, as the widget asks for them before sealing. */
  async readers(route: Route): Promise<string[]> {
    return unwrap<string[]>(await ask(this.socket, 'mailbox:readers', { route }));
  }

  seal(text: string, readers: readonly string[]) {
    return sealLetter(text, 'visitor', this.keys.publicKey, [this.keys.publicKey, ...readers]);
  }

  /** Starts the mailbox: the readers asked for, the letter sealed to them and to pkM. */
  async create(route: Route, text: string, lang?: 'sv' | 'en'): Promise<AckResult<unknown>> {
    const readers = await this.readers(route);
    return ask(this.socket, 'mailbox:create', {
      route,
      ...(lang && { lang }),
      lookup: this.keys.lookup,
      visitorKey: this.keys.publicKey,
      letter: this.seal(text, readers),
    });
  }

  open(): Promise<AckResult<unknown>> {
    return ask(this.socket, 'mailbox:open', { lookup: this.keys.lookup });
  }

  /** The conversation as the widget shows it: who, which day, the text. */
  async read(): Promise<{ author: string; day: string; alias?: string; text: string }[]> {
    const opened = unwrap<MailboxOpened>(await this.open());
    return opened.letters.map((letter) => ({
      author: letter.author,
      day: letter.day,
      ...(letter.alias !== undefined && { alias: letter.alias }),
      text: openLetter(letter, letter.author, this.keys.publicKey, this.keys.keyPair),
    }));
  }

  async write(route: Route, text: string): Promise<AckResult<unknown>> {
    const readers = await this.readers(route);
    return ask(this.socket, 'mailbox:write', {
      lookup: this.keys.lookup,
      letter: this.seal(text, readers),
    });
  }

  delete(): Promise<AckResult<unknown>> {
    return ask(this.socket, 'mailbox:delete', { lookup: this.keys.lookup });
  }

  close(): void {
    this.socket.disconnect();
  }
}

/** The mailbox side of a console: the account's key pair, unwrapped with its password. */
export class StaffKeys {
  private constructor(
    readonly socket: Socket,
    public keyPair: KeyPair,
    public stored: WrappedStaffKey,
  ) {}

  get publicKey(): string {
    return this.stored.publicKey;
  }

  /** Makes the account's key (or unwraps the one it has) and stores it, as the console will. */
  static async setUp(socket: Socket, password: string): Promise<StaffKeys> {
    await readyMailboxCrypto();
    const existing = unwrap<WrappedStaffKey | null>(await ask(socket, 'staffkey:get', {}));
    if (existing) return new StaffKeys(socket, unwrapStaffKey(existing, password), existing);
    const { keyPair, stored } = newStaffKey(password, CHEAP);
    unwrap(await ask(socket, 'staffkey:set', stored));
    return new StaffKeys(socket, keyPair, stored);
  }

  /** The record re-wrapped under a new password, to send with the password change. */
  rewrap(password: string): WrappedStaffKey {
    return wrapStaffKey(this.keyPair, password, CHEAP);
  }

  async read(id: string): Promise<MailboxView> {
    return unwrap<MailboxView>(await ask(this.socket, 'mailbox:read', { id }));
  }

  /** The texts of a mailbox this account can open. */
  async texts(id: string): Promise<string[]> {
    const view = await this.read(id);
    return view.letters.map((letter) =>
      openLetter(letter, letter.author, view.visitorKey, this.keyPair),
    );
  }

  /** An answer sealed to the visitor and every reader of the route. */
  async answer(id: string, text: string): Promise<AckResult<unknown>> {
    const view = await this.read(id);
    const letter = sealLetter(text, 'counsellor', view.visitorKey, [
      view.visitorKey,
      ...view.readers,
    ]);
    return ask(this.socket, 'mailbox:answer', { id, letter });
  }

  /** Re-seals every letter this account can open for the readers that lack one. */
  async shareAll(id: string): Promise<void> {
    const view = await this.read(id);
    const readers = new Set(view.letters.flatMap((letter) => letter.lacking));
    for (const reader of readers) {
      const keys = view.letters
        .filter((letter) => letter.lacking.includes(reader))
        .map((letter) => ({
          letterId: letter.id,
          sealed: shareLetter(letter, this.keyPair, reader),
        }));
      unwrap(await ask(this.socket, 'mailbox:share', { id, reader, keys }));
    }
  }
}
