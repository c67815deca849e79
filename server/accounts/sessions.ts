import { parse as parseCookie, serialize as serializeCookie } from 'cookie';
import type { Account, Store } from '../storage/store.js';
import { hashToken, newSecret } from '../tokens.js';

export const SESSION_COOKIE = 'jc_session';
/** lastSeenAt is written at most this often, not on every request. */
const TOUCH_EVERY_MS = 60_000;

export interface SessionTimes {
  idleMs: number;
  maxMs: number;
  /**
   * Every cookie `Secure`, whatever the request looks like: the console is served over
   * https (PUBLIC_URL), perhaps by a TLS proxy this process cannot see. @default false
   */
  secure?: boolean;
}

export interface ResolvedSession {
  account: Account;
  idHash: string;
}

/**
 * Console sessions: a random token in an HttpOnly, SameSite=Strict cookie; only its
 * SHA-256 is stored, so a copy of the database does not hold live sessions.
 */
export class Sessions {
  constructor(
    private readonly store: Store,
    private readonly times: SessionTimes,
    private readonly now: () => number = Date.now,
  ) {}

  async create(accountId: number): Promise<string> {
    const token = newSecret(32);
    const now = this.now();
    await this.store.createSession({
      idHash: hashToken(token),
      accountId,
      createdAt: now,
      lastSeenAt: now,
    });
    return token;
  }

  /** The live session behind a Cookie header, or undefined. */
  async fromCookieHeader(header: string | undefined): Promise<ResolvedSession | undefined> {
    const token = header ? parseCookie(header)[SESSION_COOKIE] : undefined;
    if (!token || token.length > 100) return undefined;
    const idHash = hashToken(token);
    const session = await this.store.findSession(idHash);
    if (!session) return undefined;
    const now = this.now();
    if (
      now - session.lastSeenAt > this.times.idleMs ||
      now - session.createdAt > this.times.maxMs
    ) {
      await this.store.deleteSession(idHash);
      return undefined;
    }
    const account = await this.store.findAccountById(session.accountId);
    if (!account || account.disabled) {
      await this.store.deleteSession(idHash);
      return undefined;
    }
    if (now - session.lastSeenAt > TOUCH_EVERY_MS) await this.store.touchSession(idHash, now);
    return { account, idHash };
  }

  /**
   * Activity on a console socket: keeps the session from idling out while a counsellor
   * chats without loading pages. False once it has ended (idle, too old, logged out).
   */
  async touch(idHash: string): Promise<boolean> {
    const session = await this.store.findSession(idHash);
    const now = this.now();
    if (
      !session ||
      now - session.lastSeenAt > this.times.idleMs ||
      now - session.createdAt > this.times.maxMs
    ) {
      return false;
    }
    if (now - session.lastSeenAt > TOUCH_EVERY_MS) await this.store.touchSession(idHash, now);
    return true;
  }

  /** Milliseconds until a session reaches its absolute lifetime. */
  async remainingMs(idHash: string): Promise<number> {
    const session = await this.store.findSession(idHash);
    return session ? session.createdAt + this.times.maxMs - this.now() : 0;
  }

  async destroy(idHash: string): Promise<void> {
    await this.store.deleteSession(idHash);
  }

  /** Whether a cookie set on this request is `Secure`. */
  secureFor(requestSecure: boolean): boolean {
    return requestSecure || this.times.secure === true;
  }

  cookie(token: string, secure: boolean): string {
    return serializeCookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.secureFor(secure),
      path: '/',
      maxAge: Math.floor(this.times.maxMs / 1000),
    });
  }

  clearCookie(secure: boolean): string {
    return serializeCookie(SESSION_COOKIE, '', {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.secureFor(secure),
      path: '/',
      maxAge: 0,
    });
  }
}
