import { DEFAULT_SETTINGS, Settings } from '../shared/protocol/settings.js';
import { readStdin, runCli } from './cli.js';
import { loadConfig } from './config.js';
import { openStore } from './storage/open-store.js';

const USAGE = `Usage:
  npm run settings -- show     print the current settings as JSON
  npm run settings -- set      replace them with the JSON read from standard input
  npm run settings -- reset    go back to the defaults

Settings: timeZone (IANA, e.g. Europe/Stockholm); exitUrl (the neutral https page
quick exit goes to); routes.adult and routes.youth, each with phone (the line
shown in the widget), hours (seven days, Monday first, each a list of
{"open": "HH:MM", "close": "HH:MM"}; [] is closed all day, "24:00" is midnight)
optionally phoneHours (the phone line's own, in the same form) and optionally
exceptions (at most 60 dates whose spans replace their weekday's, in the time
zone: [{"date": "2026-06-19", "spans": []}] closes Midsummer Eve all day);
helplines.adult and helplines.youth (lines open around the clock, shown when the
chat is closed: [{"name": "BRIS", "phone": "116 111"}]); notice, phrases and
allowedOrigins.

The database is the one under DATA_DIR (default ./data). A running server picks
the change up at once.`;

async function main([command]: string[]): Promise<number> {
  if (command !== 'show' && command !== 'set' && command !== 'reset') {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  let next: Settings | undefined;
  if (command === 'set') {
    let input: unknown;
    try {
      input = JSON.parse(await readStdin());
    } catch {
      process.stderr.write('Standard input is not JSON.\n');
      return 2;
    }
    const parsed = Settings.safeParse(input);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
      process.stderr.write(`Not saved:\n${problems.join('\n')}\n`);
      return 2;
    }
    next = parsed.data;
  } else if (command === 'reset') {
    next = DEFAULT_SETTINGS;
  }

  const store = await openStore(loadConfig());
  try {
    if (next) {
      await store.saveSettings(next, Date.now());
      await store.recordAudit({
        at: Date.now(),
        actorId: null,
        action: command === 'reset' ? 'settings_reset_cli' : 'settings_changed_cli',
        detail: 'settings',
      });
    }
    process.stdout.write(`${JSON.stringify(await store.getSettings(), null, 2)}\n`);
    return 0;
  } finally {
    await store.close();
  }
}

runCli(main);
