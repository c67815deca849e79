import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../server/accounts/passwords.js';
import { openSqliteStore } from '../../server/storage/open-store.js';
import { embeddedEnv } from '../support/env.js';

const dataDir = mkdtempSync(join(tmpdir(), 'jourchatt-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function user(args: string[], password = 'a long enough passphrase') {
  return spawnSync(process.execPath, ['--import', 'tsx', 'server/accounts/user.cli.ts', ...args], {
    input: `${password}\n`,
    env: { ...embeddedEnv(), DATA_DIR: dataDir },
    encoding: 'utf8',
  });
}

/*
 * Each step starts a Node process with tsx, which takes seconds on a loaded machine:
 * the limit is generous, and nothing here asserts a time.
 */
const SPAWNS = { timeout: 120_000 };

describe('npm run user -- add', SPAWNS, () => {
  it('creates a youth-trained counsellor whose password verifies', async () => {
    const result = user([
      'add',
      '--username',
      'anna',
      '--role',
      'counsellor',
      '--youth',
      '--alias',
      'Anna',
      '--password-stdin',
    ]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const store = await openSqliteStore(dataDir);
    const account = await store.findAccountByUsername('anna');
    await store.close();
    expect(account).toMatchObject({ alias: 'Anna', role: 'counsellor', youth: true });
    expect(account?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(await verifyPassword(account?.passwordHash, 'a long enough passphrase')).toBe(true);
  });

  it('refuses a duplicate username, a short password, an unknown role and a missing --password-stdin', () => {
    const duplicate = user(['add', '--username', 'ANNA', '--role', 'admin', '--password-stdin']);
    expect(duplicate.status).toBe(1);
    expect(duplicate.stderr).toContain('already exists');

    const short = user(
      ['add', '--username', 'bo', '--role', 'counsellor', '--password-stdin'],
      'short',
    );
    expect(short.status).toBe(2);
    expect(short.stderr).toContain('at least 12');

    const role = user(['add', '--username', 'bo', '--role', 'boss', '--password-stdin']);
    expect(role.status).toBe(2);
    expect(role.stderr).toContain('--role');

    const noStdin = user(['add', '--username', 'bo', '--role', 'counsellor']);
    expect(noStdin.status).toBe(2);
    expect(noStdin.stderr).toContain('--password-stdin');
  });
});

function settings(args: string[], input = '') {
  return spawnSync(process.execPath, ['--import', 'tsx', 'server/settings.cli.ts', ...args], {
    input,
    env: { ...embeddedEnv(), DATA_DIR: dataDir },
    encoding: 'utf8',
  });
}

describe('npm run settings', SPAWNS, () => {
  it('saves valid settings, refuses invalid ones unchanged, and resets', async () => {
    const shown = settings(['show']);
    expect(shown.status).toBe(0);
    const current = JSON.parse(shown.stdout) as { exitUrl: string };
    expect(current.exitUrl).toMatch(/^https:/);

    const changed = { ...current, exitUrl: 'https://www.smhi.se/' };
    const set = settings(['set'], JSON.stringify(changed));
    expect(set.status).toBe(0);

    for (const bad of ['not json', JSON.stringify({ ...changed, exitUrl: 'javascript:x' })]) {
      const refused = settings(['set'], bad);
      expect(refused.status).toBe(2);
      expect(refused.stderr).not.toBe('');
    }
    const store = await openSqliteStore(dataDir);
    expect((await store.getSettings()).exitUrl).toBe('https://www.smhi.se/');
    await store.close();

    expect(settings(['reset']).status).toBe(0);
    expect((JSON.parse(settings(['show']).stdout) as { exitUrl: string }).exitUrl).toBe(
      current.exitUrl,
    );
    expect(settings(['bogus']).status).toBe(2);
  });
});
