import argon2 from 'argon2';

/**
 * argon2id at OWASP's first recommendation (m = 19 MiB, t = 2, p = 1). It runs on
 * libuv's thread pool, so it does not block the relay, but it does take a core while
 * it runs: `npm run bench` prints what a login costs.
 */
export const ARGON2_OPTIONS = {
  type: argon2.argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, ARGON2_OPTIONS);
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies a password. Without an account it still runs one verification against a
 * dummy hash, so the time taken does not reveal which usernames exist.
 */
export async function verifyPassword(hash: string | undefined, password: string): Promise<boolean> {
  if (hash === undefined) {
    dummyHash ??= hashPassword('jourchatt-dummy-password');
    await argon2.verify(await dummyHash, password).catch(() => false);
    return false;
  }
  try {
    return await argon2.verify(hash, password);
  } catch {
    // Not an argon2 hash (a reset pending): answer in the time a wrong password takes,
    // so such an account cannot be told apart by its speed.
    dummyHash ??= hashPassword('jourchatt-dummy-password');
    await argon2.verify(await dummyHash, password).catch(() => false);
    return false;
  }
}
