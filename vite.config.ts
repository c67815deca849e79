import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * Builds the browser code into dist/client:
 * - widget/jour-chat.js: the one script the city embeds. Its name is stable; all it
 *   pulls in later (the chat view, libsodium, socket.io-client) has a hashed name and
 *   is resolved relative to the script, so it loads from our origin on any page.
 * - console/index.html and its assets.
 */
export default defineConfig({
  root: here('./client'),
  resolve: {
    alias: {
      // libsodium's CommonJS build, which has the pure-JavaScript fallback for pages
      // that forbid WebAssembly (shared/crypto/sodium.ts); its exports map hides it.
      'libsodium-wrappers-js': here(
        './node_modules/libsodium-wrappers/dist/modules/libsodium-wrappers.js',
      ),
    },
  },
  base: './',
  publicDir: false,
  build: {
    outDir: here('./dist/client'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // libsodium is most of what a chat loads, only when it opens; its pure-JavaScript
    // build (1 MB, 320 kB gzip) loads only on pages that forbid WebAssembly.
    chunkSizeWarningLimit: 1100,
    rollupOptions: {
      input: {
        'jour-chat': here('./client/widget/jour-chat.ts'),
        console: here('./client/console/index.html'),
      },
      output: {
        entryFileNames: (chunk) =>
          chunk.name === 'jour-chat' ? 'widget/jour-chat.js' : 'assets/[name]-[hash].js',
        chunkFileNames: 'assets/[name]-[hash].js',
        assetFileNames: 'assets/[name]-[hash][extname]',
      },
    },
  },
});
