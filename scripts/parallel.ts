import { spawn } from 'node:child_process';

/*
 * Runs npm scripts side by side and fails if any fails. `npm test` runs lint, the type
 * check and the build with the quick bench side by side, then the unit and integration
 * tests (which run from source) beside the browser tests (which use the build): the
 * browser tests mostly wait on one core, and CI must stay within its 20 minutes. Each
 * line is prefixed with its script's name, so interleaved output still reads.
 */

const scripts = process.argv.slice(2);
if (scripts.length === 0) {
  console.error('usage: parallel.ts <npm script> [<npm script> ...]');
  process.exit(2);
}

const results = await Promise.all(
  scripts.map(
    (script) =>
      new Promise<number>((resolve) => {
        const child = spawn('npm', ['run', '--silent', script], {
          stdio: ['ignore', 'pipe', 'pipe'],
          env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0' },
        });
        for (const [stream, out] of [
          [child.stdout, process.stdout],
          [child.stderr, process.stderr],
        ] as const) {
          let rest = '';
          stream.setEncoding('utf8');
          stream.on('data', (chunk: string) => {
            const lines = (rest + chunk).split('\n');
            rest = lines.pop() ?? '';
            for (const line of lines) out.write(`[${script}] ${line}\n`);
          });
          stream.on('end', () => {
            if (rest) out.write(`[${script}] ${rest}\n`);
          });
        }
        child.on('close', (code) => {
          console.log(`[${script}] exited with ${code}`);
          resolve(code ?? 1);
        });
      }),
  ),
);
process.exit(results.some((code) => code !== 0) ? 1 : 0);
