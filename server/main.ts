import type { AddressInfo } from 'node:net';
import { createLink } from './accounts/links.service.js';
import { createApp } from './app.js';
import { openLive } from './live.js';
import { loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { openStore } from './storage/open-store.js';

/** The process entry: the only place that reads the environment and listens. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const store = await openStore(config);
  const live = await openLive(config, logger);
  const app = createApp(config, {
    store,
    live: live.state,
    rates: live.rates,
    logger,
    ...(live.adapter && { adapter: live.adapter }),
  });

  // Before listening: a signal right after start must still shut down cleanly.
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    app
      .close()
      // Disconnect handlers may still be finishing: give them a moment before the stores go.
      .then(() => new Promise((resolve) => setTimeout(resolve, 200)))
      .then(() => Promise.all([store.close(), live.close()]))
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  // A library that drops a promise (a Redis publish while shutting down, say) must not
  // take the process down with every chat in it: log it and go on.
  process.on('unhandledRejection', (error: unknown) => {
    logger.error({ err: error }, 'unhandled rejection');
  });
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  await app.ready;
  await new Promise<void>((resolve, reject) => {
    app.httpServer.once('error', reject);
    app.httpServer.listen(config.port, config.host, resolve);
  });
  const { port } = app.httpServer.address() as AddressInfo;
  logger.info({ port, host: config.host }, 'listening');
  if ((await store.countAccounts()) === 0) {
    // The first start: a one-time link that creates the first admin. It goes to the
    // terminal, not the log, and only its hash is stored.
    const shown = ['0.0.0.0', '::'].includes(config.host) ? 'localhost' : config.host;
    const base = config.publicUrl ?? `http://${shown}:${port}`;
    const link = await createLink(store, `${base}/console/`, {
      kind: 'invite',
      accountId: null,
      role: 'admin',
      youth: false,
      languages: [],
      createdBy: null,
    });
    // The console opens in Swedish; the same link opens it in English (its page can
    // also switch before the form).
    const english = link.url.replace('#', '?lang=en#');
    process.stdout.write(
      `\nNo staff accounts yet. Open this link within 3 days to create the first admin:\n  ${link.url}\n` +
        `In English:\n  ${english}\n` +
        `(or: npm run user -- add --username NAME --role admin --password-stdin)\n\n`,
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
