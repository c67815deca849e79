import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * Builds the browser code into dist/client:
 * - widget/jour-chat.js: the one script the city embeds (the launcher), built whole by
 *   vite.launcher.config.ts so that it loads nothing else into the city's page and its
 *   Subresource Integrity hash covers all of it.
 * - widget/frame.html: the chat frame the launcher opens, served from our origin with
 *   its own CSP; it loads the panel, socket.io-client and libsodium (hashed names).
 * - console/index.html and its assets.
 */
export default defineConfig({
  root: here('./client'),
  base: './',
  publicDir: false,
  build: {
    outDir: here('./dist/client'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // libsodium is most of what a chat loads, only in the chat frame and the console.
    chunkSizeWarningLimit: 600,
    rollupOptions: {
      input: {
        frame: here('./client/widget/frame.html'),
        console: here('./client/console/index.html'),
      },
      output: {
        entryFileNames: 'assets/[name]-[hash].js',
        chunkFileNames: 'assets/[name]-[hash].js',
        assetFileNames: 'assets/[name]-[hash][extname]',
      },
    },
  },
});
