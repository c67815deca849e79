import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/*
 * The server as `npm start` runs it is vite.server.config.ts's bundle, built here into
 * a directory of its own (the browser tests run the one `npm run build` made). What
 * the bundle is for is memory: the process keeps its source text and every module it
 * loaded, and every full collection marks them (README, issue 14).
 */
const outDir = mkdtempSync(join(tmpdir(), 'jourchatt-server-build-'));
let main = '';

beforeAll(async () => {
  await build({
    configFile: 'vite.server.config.ts',
    logLevel: 'error',
    build: { outDir, sourcemap: false },
  });
  main = readFileSync(join(outDir, 'main.js'), 'utf8');
}, 60_000);
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('the server bundle', () => {
  it('holds only Latin-1 characters, so V8 keeps its source at one byte a character', () => {
    // Our own code has a curly apostrophe in a log message and zod a dash in a comment.
    expect(main).toContain('owners\\u2019 processes');
    expect(main.match(/[\u0100-\uffff]/g) ?? []).toEqual([]);
  });

  it('leaves out what zod and kysely load but the server never uses', () => {
    // zod's German messages (one of its 64 locales) and kysely's MySQL and MSSQL dialects.
    expect(main).not.toContain('Ungültige Eingabe');
    expect(main).not.toMatch(/class (MysqlDialect|MssqlDialect)\b/);
    expect(main).toMatch(/class SqliteDialect\b/);
    expect(main).toMatch(/class PostgresDialect\b/);
  });

  it('keeps the Redis code out of the main module, loaded only when REDIS_URL is set', () => {
    expect(main).toMatch(/import\("\.\/chunks\/live\.redis-[\w-]+\.js"\)/);
    expect(main).not.toContain('@socket.io/redis-adapter');
  });
});
