import type SodiumApi from 'libsodium-wrappers';

/*
 * libsodium, loaded once (its WebAssembly build). In the browser it runs only in
 * pages of our own origin (the chat frame and the console), whose CSP allows
 * 'wasm-unsafe-eval'; a host page's policy no longer matters to it.
 */

type Sodium = typeof SodiumApi;

/** The loaded library; use only after `loadSodium()` has resolved. */
export let sodium: Sodium = undefined as unknown as Sodium;

let loading: Promise<void> | undefined;

export function loadSodium(): Promise<void> {
  loading ??= (async () => {
    const library = (await import('libsodium-wrappers')).default;
    await library.ready;
    sodium = library;
  })();
  return loading;
}
