import { existsSync } from 'node:fs';

/** Debian's Chromium: the browser the tests need (global-setup.ts installs it). */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * Debian's Chromium headless shell: the same Blink and V8 without the full browser
 * around them. On a 2-core VM the console's browser tests took 1.65 times less time in
 * it (27.6 s against 45.5 s for the first three); `.ci/run` installs it.
 */
export const HEADLESS_SHELL = '/usr/bin/chromium-headless-shell';

/** The headless shell where it is installed, else Chromium; `PW_CHROMIUM` overrides. */
export function browserPath(): string {
  return process.env.PW_CHROMIUM ?? (existsSync(HEADLESS_SHELL) ? HEADLESS_SHELL : CHROMIUM);
}
