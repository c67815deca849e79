import type SodiumApi from 'libsodium-wrappers';

/*
 * libsodium, loaded once. The WebAssembly build is tried first (fast, smaller). A
 * host page whose Content-Security-Policy lacks 'wasm-unsafe-eval' forbids compiling
 * WebAssembly: the widget then loads libsodium's pure-JavaScript build (the same
 * library, compiled with wasm2js), only in that case, so every other visitor is
 * spared its size.
 */

type Sodium = typeof SodiumApi;

/** The loaded library; use only after `loadSodium()` has resolved. */
export let sodium: Sodium = undefined as unknown as Sodium;

let loading: Promise<void> | undefined;

export function loadSodium(): Promise<void> {
  loading ??= (async () => {
    const wasm = (await import('libsodium-wrappers')).default;
    try {
      await wasm.ready;
      sodium = wasm;
      return;
    } catch (error) {
      if (!String(error).includes('CompileError')) throw error;
    }
    const js = (await import('libsodium-wrappers-js')).default;
    await js.ready;
    sodium = js;
  })();
  return loading;
}
