import { parseArgs } from 'node:util';
import { z } from 'zod';
import { Role } from '../../shared/protocol/schemas.js';
import { readStdin, runCli } from '../cli.js';
import { loadConfig } from '../config.js';
import { openStore } from '../storage/open-store.js';
import { MIN_PASSWORD_LENGTH } from '../../shared/protocol/admin.js';
import { hashPassword } from './passwords.js';

const USAGE = `Usage:
  npm run user -- add --username NAME --role counsellor|supervisor|admin [--alias NAME]
                      [--youth] --password-stdin

  --username        the login name (letters, digits, . _ -; 2 to 64 characters)
  --role            counsellor, supervisor or admin
  --alias           the name shown to visitors and colleagues (default: the username)
  --youth           trained for the under-20 route
  --password-stdin  read the password from standard input (at least ${MIN_PASSWORD_LENGTH} characters)

The database is the one under DATA_DIR (default ./data).`;

const AddArgs = z.object({
  username: z
    .string()
    .regex(/^[A-Za-z0-9._-]{2,64}$/, 'use 2 to 64 letters, digits, dots, underscores or dashes'),
  role: Role,
  alias: z.string().trim().min(1).max(64).optional(),
  youth: z.boolean().default(false),
  'password-stdin': z.literal(true, { error: '--password-stdin is required' }),
});

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== 'add') {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      username: { type: 'string' },
      role: { type: 'string' },
      alias: { type: 'string' },
      youth: { type: 'boolean' },
      'password-stdin': { type: 'boolean' },
    },
    strict: true,
  });
  const args = AddArgs.safeParse(values);
  if (!args.success) {
    const problems = args.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`);
    process.stderr.write(`${problems.join('\n')}\n\n${USAGE}\n`);
    return 2;
  }
  // One trailing newline (from echo or a terminal) is not part of the password.
  const password = (await readStdin()).replace(/\r?\n$/, '');
  if (password.length < MIN_PASSWORD_LENGTH) {
    process.stderr.write(`The password must have at least ${MIN_PASSWORD_LENGTH} characters.\n`);
    return 2;
  }

  const config = loadConfig();
  const store = await openStore(config);
  try {
    if (await store.findAccountByUsername(args.data.username)) {
      process.stderr.write(`An account named ${args.data.username} already exists.\n`);
      return 1;
    }
    const account = await store.createAccount(
      {
        username: args.data.username,
        alias: args.data.alias ?? args.data.username,
        role: args.data.role,
        youth: args.data.youth,
        passwordHash: await hashPassword(password),
      },
      Date.now(),
    );
    await store.recordAudit({
      at: Date.now(),
      actorId: null,
      action: 'account_created_cli',
      detail: `${account.username} (${account.role}${account.youth ? ', youth' : ''})`,
    });
    process.stdout.write(
      `Created ${account.role} ${account.username}${account.youth ? ' (youth route)' : ''}.\n`,
    );
    return 0;
  } finally {
    await store.close();
  }
}

runCli(main);
