import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * V8 keeps a module's source text in the heap, one byte a character if every character
 * is Latin-1 and two bytes a character otherwise: three characters in comments and
 * strings (a dash, an arrow, a curly apostrophe) made the whole 0.9 MB bundle take
 * 1.8 MB. Every character past Latin-1 is written as its `\u` escape, which means
 * the same character in a string, a template, a regular expression or an identifier,
 * and is only text in a comment. (Å, ä and ö are Latin-1 and stay as they are.) The
 * source map is left as it was: columns after such a character on its line are off
 * by five.
 */
function latin1Source(): Plugin {
  return {
    name: 'jourchatt-latin1-source',
    // After Vite's own pass, which writes escaped characters in strings back as they are.
    renderChunk: {
      order: 'post',
      handler(code) {
        const escaped = code.replace(
          /[\u0100-\uffff]/g,
          (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`,
        );
        return escaped === code ? null : { code: escaped, map: null };
      },
    },
  };
}

/**
 * The server, dist/server/main.js, as `npm start` runs it: our code, zod and kysely in
 * one module, every other package loaded from node_modules as usual.
 *
 * Why bundle at all: a process keeps every module it loaded, and zod and kysely load
 * far more than we use. Every zod entry point re-exports its 64 locale modules; kysely
 * loads 263 modules for one SQLite and one PostgreSQL dialect. Bundled, the unused
 * parts are left out: the server's live heap at rest after a full collection went from
 * 17.9 to 14.0 MB (13.1 MB with latin1Source), and every full collection under load
 * marks that much less (README, issue 14). The other packages gain little from it:
 * bundling them too made the heap larger (their CommonJS is wrapped whole, and the one
 * large source text is kept).
 *
 * Not minified, so a stack trace's line points at readable code in main.js; the source
 * map beside it maps that to the TypeScript (`node --enable-source-maps`, which costs
 * about 2 MB of heap, so it is not on by default). The Redis and PostgreSQL code stays
 * behind its dynamic import, in a chunk of its own, loaded only when configured.
 */
export default defineConfig({
  root: here('./'),
  publicDir: false,
  plugins: [latin1Source()],
  ssr: { noExternal: ['zod', 'kysely'] },
  build: {
    ssr: here('./server/main.ts'),
    outDir: here('./dist/server'),
    emptyOutDir: true,
    target: 'node20',
    sourcemap: true,
    minify: false,
    rollupOptions: {
      output: { entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
    },
  },
});
