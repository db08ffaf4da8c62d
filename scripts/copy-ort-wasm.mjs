#!/usr/bin/env node
// Copies ONNX Runtime Web's WASM runtime (the .wasm and its .mjs loader) from node_modules
// into public/ort/, so the site serves it from its own origin and never from a CDN.
// public/ort/ is git-ignored; vite.config.ts runs this before every build and dev server.
import { copyFileSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'node_modules', 'onnxruntime-web', 'dist');
const target = join(root, 'public', 'ort');
// The plain SIMD build: it also runs single-threaded, which is what pages that are not
// cross-origin isolated get.
const FILES = ['ort-wasm-simd-threaded.wasm', 'ort-wasm-simd-threaded.mjs'];

mkdirSync(target, { recursive: true });
for (const name of FILES) {
  const from = join(source, name);
  const to = join(target, name);
  let fromStat;
  try {
    fromStat = statSync(from);
  } catch {
    console.error(`copy-ort-wasm: ${from} is missing; run npm ci first.`);
    process.exit(1);
  }
  let toStat = null;
  try {
    toStat = statSync(to);
  } catch {
    // not copied yet
  }
  if (toStat !== null && toStat.size === fromStat.size && toStat.mtimeMs >= fromStat.mtimeMs) continue;
  copyFileSync(from, to);
  console.log(`copy-ort-wasm: ${name} (${(fromStat.size / 1048576).toFixed(1)} MB) → public/ort/`);
}
