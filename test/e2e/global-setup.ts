import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CHROMIUM } from './browser.js';

/** Makes sure Debian's Chromium is there: installs it when we may, else says how. */
export default function globalSetup(): void {
  if (existsSync(CHROMIUM)) return;
  if (process.getuid?.() === 0) {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit' });
    if (existsSync(CHROMIUM)) return;
  }
  throw new Error(
    `Chromium is missing: run "sudo apt-get install -y chromium" (needs ${CHROMIUM}).`,
  );
}
