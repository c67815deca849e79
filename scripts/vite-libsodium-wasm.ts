import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

/*
 * Build-time plugin: libsodium's WebAssembly as a binary asset of our own origin. The
 * library ships it as base64 inside its JavaScript, which costs a browser about 30 kB
 * of gzip more than the binary itself (and is parsed as a string first). This plugin
 * takes the bytes out into `assets/libsodium-[hash].wasm`, puts an empty string where
 * they were, and hands libsodium-wrappers our loader (client/shared/libsodium-wasm.ts)
 * in place of `libsodium`: the loader gives libsodium emscripten's `instantiateWasm`
 * hook, fetching the asset with its SHA-384 in `integrity`, so the page runs exactly
 * the bytes this build took out or nothing. The emptied base64 path is dead code once
 * the hook is there, and would fail to compile rather than run anything else.
 *
 * Browser builds only: Node (the server, the tests) loads libsodium as it ships.
 */

const LOADER = fileURLToPath(new URL('../client/shared/libsodium-wasm.ts', import.meta.url));
const VIRTUAL = 'virtual:libsodium-wasm';
const RESOLVED_VIRTUAL = `\0${VIRTUAL}`;
const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];
/** The one long base64 string literal in libsodium's ESM build: its WebAssembly. */
const EMBEDDED_WASM = /"([A-Za-z0-9+/]{10000,}={0,2})"/g;

interface Embedded {
  /** libsodium's ESM file, as resolved for the browser. */
  id: string;
  literal: string;
  bytes: Buffer;
}

function findEmbedded(id: string, code: string): Embedded | string {
  const found = [...code.matchAll(EMBEDDED_WASM)];
  if (found.length !== 1 || !found[0]?.[1]) {
    return `expected one embedded WebAssembly module in ${id}, found ${found.length}`;
  }
  const bytes = Buffer.from(found[0][1], 'base64');
  if (!WASM_MAGIC.every((byte, i) => bytes[i] === byte)) {
    return `the long base64 string in ${id} is not WebAssembly`;
  }
  // Without the hook, emptying the string would leave libsodium nothing to run.
  if (!code.includes('instantiateWasm')) {
    return `${id} has no instantiateWasm hook: cannot load its WebAssembly from a file`;
  }
  return { id, literal: found[0][0], bytes };
}

export function libsodiumWasm(): Plugin {
  let embedded: Embedded | undefined;
  return {
    name: 'jourchatt:libsodium-wasm',
    apply: 'build',
    enforce: 'pre',

    async buildStart() {
      // Resolved from the loader, which is not redirected, as the browser build would.
      const resolved = await this.resolve('libsodium', LOADER);
      if (!resolved) this.error('libsodium is not installed');
      const found = findEmbedded(resolved.id, readFileSync(resolved.id, 'utf8'));
      if (typeof found === 'string') this.error(found);
      embedded = found;
    },

    resolveId(source, importer) {
      if (source === VIRTUAL) return RESOLVED_VIRTUAL;
      if (source === 'libsodium' && importer && /[\\/]libsodium-wrappers[\\/]/.test(importer)) {
        return LOADER;
      }
      return null;
    },

    load(id) {
      if (id !== RESOLVED_VIRTUAL || !embedded) return null;
      const reference = this.emitFile({
        type: 'asset',
        name: 'libsodium.wasm',
        source: embedded.bytes,
      });
      const integrity = `sha384-${createHash('sha384').update(embedded.bytes).digest('base64')}`;
      return [
        `export const url = import.meta.ROLLUP_FILE_URL_${reference};`,
        `export const integrity = ${JSON.stringify(integrity)};`,
      ].join('\n');
    },

    transform(code, id) {
      if (!embedded || id !== embedded.id) return null;
      const found = findEmbedded(id, code);
      if (typeof found === 'string') this.error(found);
      if (!found.bytes.equals(embedded.bytes)) this.error(`${id} changed during the build`);
      // The file is minified, with no map of its own: left unmapped, not mapped wrong.
      return { code: code.replace(found.literal, '""'), map: { mappings: '' } };
    },
  };
}
