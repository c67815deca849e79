import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { pageBuild } from './vite.config.js';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The chat frame, dist/client/widget/frame.html and what it loads: built after
 * vite.config.ts (the console) and on its own, so that the frame's chunks hold only
 * what the frame uses (zod's mini build, not the classic one the console also has).
 * The budget test in test/e2e/visitor.spec.ts holds it to its size.
 */
export default defineConfig(pageBuild({ frame: here('./client/widget/frame.html') }, false));
