import { defineConfig } from '@playwright/test';
import { browserPath } from './test/e2e/browser.js';

/**
 * Browser tests drive Debian's Chromium, or its headless shell where installed
 * (test/e2e/browser.ts; Playwright cannot download its own browsers here).
 * Each worker starts the built server as a real process on port 0: `npm test`
 * builds before it runs these.
 */
export default defineConfig({
  testDir: 'test/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: 'test-results/e2e',
  globalSetup: './test/e2e/global-setup.ts',
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: browserPath(),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    },
    // A trace records every action's DOM and screenshots: in CI that costs minutes over
    // the run, so CI keeps the error context and a screenshot of a failure instead.
    trace: process.env.CI ? 'off' : 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
