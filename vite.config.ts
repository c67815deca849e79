import { fileURLToPath } from 'node:url';
import { defineConfig, type UserConfig } from 'vite';
import { libsodiumWasm } from './scripts/vite-libsodium-wasm.js';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * One of our own pages (hashed asset names under dist/client/assets), with libsodium's
 * WebAssembly as a file of its own (scripts/vite-libsodium-wasm.ts).
 */
export function pageBuild(input: Record<string, string>, emptyOutDir: boolean): UserConfig {
  return {
    root: here('./client'),
    base: './',
    publicDir: false,
    plugins: [libsodiumWasm()],
    build: {
      outDir: here('./dist/client'),
      emptyOutDir,
      target: 'es2022',
      sourcemap: true,
      rollupOptions: {
        input,
        output: {
          entryFileNames: 'assets/[name]-[hash].js',
          chunkFileNames: 'assets/[name]-[hash].js',
          assetFileNames: 'assets/[name]-[hash][extname]',
        },
      },
    },
  };
}

/**
 * Builds the browser code into dist/client, in three builds (`npm run build`):
 * - this one, first (it empties dist/client): the console, console/index.html.
 * - vite.frame.config.ts: widget/frame.html, the chat frame the launcher opens, served
 *   from our origin with its own CSP; it loads the panel, socket.io-client and
 *   libsodium. Built apart from the console so that no chunk it loads carries code
 *   only the console needs (a module shared by both would hold both's exports).
 * - vite.launcher.config.ts: widget/jour-chat.js, the one script the city embeds,
 *   built whole so that it loads nothing else into the city's page and its
 *   Subresource Integrity hash covers all of it.
 */
export default defineConfig(pageBuild({ console: here('./client/console/index.html') }, true));
