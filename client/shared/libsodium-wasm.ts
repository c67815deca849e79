import libsodium, { type LibsodiumOptions } from 'libsodium';
import { integrity, url } from 'virtual:libsodium-wasm';

/*
 * libsodium for our browser pages, handed to libsodium-wrappers in place of the
 * package's own entry by scripts/vite-libsodium-wasm.ts (never imported by our code).
 * It runs libsodium with its WebAssembly fetched from our origin as a binary file
 * instead of the base64 copy the package carries, and only if the bytes match the
 * hash the build recorded. A failed fetch or compile rejects, as a failed libsodium
 * always did, rather than leaving the chat waiting on emscripten (which would).
 */

export default function loadLibsodium(options: LibsodiumOptions = {}): Promise<unknown> {
  return new Promise((resolve, reject) => {
    libsodium({
      ...options,
      instantiateWasm(imports, receive) {
        WebAssembly.instantiateStreaming(fetch(url, { integrity }), imports).then(
          ({ instance, module }) => receive(instance, module),
          reject,
        );
        // Emscripten's sign that the instance comes later, through `receive`.
        return {};
      },
    }).then(resolve, reject);
  });
}
