/**
 * libsodium-wrappers' CommonJS build, whose libsodium falls back to pure JavaScript
 * when WebAssembly is forbidden. Vite aliases this name to it (vite.config.ts).
 */
declare module 'libsodium-wrappers-js' {
  import sodium from 'libsodium-wrappers';
  export default sodium;
}
