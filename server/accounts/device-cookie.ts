import { createHmac, timingSafeEqual } from 'node:crypto';
import { parse as parseCookie, serialize as serializeCookie } from 'cookie';
import type { AccountWithSecret } from '../storage/store.js';

export const DEVICE_COOKIE = 'jc_device';
/** A browser stays known this long after its last sign-in. */
const DEVICE_MAX_AGE_S = 90 * 24 * 3600;
/** Accounts one browser remembers (a shared office computer). */
const MAX_ACCOUNTS = 5;

/**
 * A browser that has signed in to an account before is a known device for it, and is
 * not slowed when many places guess that account's password (login-limiter.ts). The
 * cookie holds `accountId.mark` pairs, where the mark is an HMAC keyed with the
 * account's password hash: nothing new is stored, every process can check it, and a
 * new password makes every old mark worthless. It says nothing about a visitor: only
 * staff sign in.
 */
export function isKnownDevice(
  header: string | undefined,
  account: AccountWithSecret | undefined,
): boolean {
  if (!account) return false;
  const want = Buffer.from(mark(account));
  return entries(header).some(
    ([id, got]) =>
      id === String(account.id) &&
      got.length === want.length &&
      timingSafeEqual(Buffer.from(got), want),
  );
}

/** The Set-Cookie value that adds `account` to what this browser remembers. */
export function rememberDevice(
  header: string | undefined,
  account: AccountWithSecret,
  secure: boolean,
): string {
  const others = entries(header).filter(([id]) => id !== String(account.id));
  const kept = [[String(account.id), mark(account)], ...others].slice(0, MAX_ACCOUNTS);
  return serializeCookie(DEVICE_COOKIE, kept.map(([id, m]) => `${id}.${m}`).join('~'), {
    httpOnly: true,
    sameSite: 'strict',
    secure,
    path: '/api/session',
    maxAge: DEVICE_MAX_AGE_S,
  });
}

function mark(account: AccountWithSecret): string {
  return createHmac('sha256', account.passwordHash)
    .update(`jourchatt device ${account.id}`)
    .digest('base64url')
    .slice(0, 22);
}

function entries(header: string | undefined): [string, string][] {
  const value = header ? parseCookie(header)[DEVICE_COOKIE] : undefined;
  if (!value) return [];
  return value
    .split('~')
    .slice(0, MAX_ACCOUNTS)
    .map((entry) => entry.split('.'))
    .filter((parts): parts is [string, string] => parts.length === 2 && /^\d+$/.test(parts[0]!));
}
