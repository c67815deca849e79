/*
 * Types for what client/shared/libsodium-wasm.ts uses: libsodium's raw ESM factory (it
 * ships without types; the app calls it only through libsodium-wrappers) and the
 * module scripts/vite-libsodium-wasm.ts writes at build time.
 */

declare module 'libsodium' {
  /** The emscripten module options libsodium reads; libsodium-wrappers passes the rest. */
  export interface LibsodiumOptions {
    [option: string]: unknown;
    /** Emscripten's hook: instantiate the module's WebAssembly with these imports. */
    instantiateWasm?: (
      imports: WebAssembly.Imports,
      receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void,
    ) => object;
  }
  /** Resolves with the running module (its `_crypto_*` exports and heap). */
  export default function libsodium(options?: LibsodiumOptions): Promise<unknown>;
}

declare module 'virtual:libsodium-wasm' {
  /** Where the build put libsodium's WebAssembly, beside the script that loads it. */
  export const url: string;
  /** Its SHA-384, as a Subresource Integrity value. */
  export const integrity: string;
}
