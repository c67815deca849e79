import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The server, dist/server/main.js, as `npm start` runs it: our code, zod and kysely in
 * one module, every other package loaded from node_modules as usual.
 *
 * Why bundle at all: a process keeps every module it loaded, and zod and kysely load
 * far more than we use. Every zod entry point re-exports its 64 locale modules; kysely
 * loads 263 modules for one SQLite and one PostgreSQL dialect. Bundled, the unused
 * parts are left out: the server's live heap at rest after a full collection went from
 * 17.9 to 14.0 MB, and every full collection under load marks that much less (README,
 * issue 14). The other packages gain little from it: bundling them too made the heap
 * larger (their CommonJS is wrapped whole, and the one large source text is kept).
 *
 * Not minified, so a stack trace's line points at readable code in main.js; the source
 * map beside it maps that to the TypeScript (`node --enable-source-maps`, which costs
 * about 2 MB of heap, so it is not on by default). The Redis and PostgreSQL code stays
 * behind its dynamic import, in a chunk of its own, loaded only when configured.
 */
export default defineConfig({
  root: here('./'),
  publicDir: false,
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
