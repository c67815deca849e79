import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { embeddedEnv } from '../support/env.js';

const dataDir = mkdtempSync(join(tmpdir(), 'jourchatt-process-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('the server process', () => {
  it('prints a one-time link for the first admin on its first start, and exits cleanly, with code 0, on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: { ...embeddedEnv(), PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    createInterface({ input: child.stderr }).on('line', (line) => lines.push(line));
    const link = await new Promise<string>((resolve, reject) => {
      child.once('exit', (code) =>
        reject(new Error(`exited early (${code}): ${lines.join('\n')}`)),
      );
      createInterface({ input: child.stdout }).on('line', (line) => {
        lines.push(line);
        const found = /(http\S+\/console\/#invite=[\w-]{43})/.exec(line);
        if (found?.[1]) resolve(found[1]);
      });
    });
    // Nothing secret goes to the log: the link is on the terminal only, and works once.
    expect(lines.filter((line) => line.startsWith('{')).join('\n')).not.toContain('#invite=');
    const url = new URL(link);
    const token = url.hash.slice('#invite='.length);
    const create = (username: string) =>
      fetch(`${url.origin}/api/links/accept`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          token,
          username,
          alias: 'Admin',
          password: 'the first admin password',
        }),
      });
    expect((await create('first')).status).toBe(200);
    expect((await create('second')).status).toBe(410);
    const login = await fetch(`${url.origin}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'first', password: 'the first admin password' }),
    });
    // An admin without a second factor yet: signed in, working as a counsellor until it is set up.
    expect(await login.json()).toMatchObject({
      ok: true,
      data: { role: 'counsellor', assignedRole: 'admin' },
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(lines.some((line) => line.includes('"msg":"shutting down"'))).toBe(true);
  }, 20_000);
});
