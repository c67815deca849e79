import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The launcher, dist/client/widget/jour-chat.js: the one script the city's pages load.
 * Built on its own, after vite.config.ts, as one file with nothing imported at run
 * time: no chunk shared with the frame or the console can reach the city's page, and
 * the page's integrity hash covers every byte of it.
 */
export default defineConfig({
  root: here('./client'),
  publicDir: false,
  build: {
    outDir: here('./dist/client/widget'),
    emptyOutDir: false,
    target: 'es2022',
    sourcemap: true,
    rollupOptions: {
      input: { 'jour-chat': here('./client/widget/jour-chat.ts') },
      output: { entryFileNames: '[name].js', inlineDynamicImports: true },
    },
  },
});
