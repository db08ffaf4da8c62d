import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defaultClientConditions, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { defineConfig } from 'vitest/config';
import { MODEL_FILE, RATINGS_FILE } from './web/src/artifacts/manifest.js';
import { type ListedArtifact, reviseEntries } from './web/src/offline/sw_revisions.js';

/** Puts ONNX Runtime's WASM runtime into public/ort/ before Vite copies public/ to dist/. */
function copyOrtRuntime(): Plugin {
  return {
    name: 'movierec-copy-ort-runtime',
    buildStart() {
      execFileSync(process.execPath, ['scripts/copy-ort-wasm.mjs'], { stdio: 'inherit', cwd: import.meta.dirname });
    },
  };
}

// The output folder as resolved for this build (vite build --outDir may move it), so the service
// worker's precache list is made from the files that were really written.
let outDir = resolve(import.meta.dirname, 'dist');
function rememberOutDir(): Plugin {
  return {
    name: 'movierec-remember-out-dir',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
  };
}

function sha256Of(url: string): string {
  return createHash('sha256').update(readFileSync(join(outDir, url))).digest('hex');
}

// The site's static files: public/ unless MOVIEREC_PUBLIC_DIR builds the site around another set
// (the update test's second version, the full-size catalog of the scale test).
const publicDir = process.env['MOVIEREC_PUBLIC_DIR'] ? resolve(process.env['MOVIEREC_PUBLIC_DIR']) : resolve(import.meta.dirname, 'public');

// Workbox leaves out, with only a warning, every file above its size limit (2 MiB by default), and an
// offline copy without the index is no copy. The limit is the largest file stored up front: ONNX
// Runtime's .wasm (13.6 MiB) or, for a full-size catalog, the index (tens of MB). The 22.5 MiB text
// model and ratings.bin are left out by name (globIgnores), not by size: they are stored when used
// (web/src/offline/offline_model.ts, offline_ratings.ts).
function precacheFileLimit(): number {
  let largest = 0;
  try {
    const manifest = JSON.parse(readFileSync(join(publicDir, 'artifacts', 'manifest.json'), 'utf8')) as {
      files: Record<string, ListedArtifact>;
    };
    for (const [name, file] of Object.entries(manifest.files)) {
      if (name !== MODEL_FILE && name !== RATINGS_FILE) largest = Math.max(largest, file.bytes);
    }
  } catch {
    // no artifacts yet (a build of the page alone): the default below still holds ONNX Runtime
  }
  return Math.max(16 * 1024 * 1024, largest + 1);
}

// The Describe tab states the size of its first use before asking: the model (from manifest.json)
// plus ONNX Runtime's .wasm, whose size is known here.
process.env['VITE_ORT_RUNTIME_BYTES'] = String(
  statSync(join(import.meta.dirname, 'node_modules', 'onnxruntime-web', 'dist', 'ort-wasm-simd-threaded.wasm')).size,
);

// The site is plain static files: web/ holds the page, public/ the engine, artifacts and the
// ONNX Runtime files that scripts/copy-ort-wasm.mjs puts there. base './' keeps every asset URL
// relative, so the same dist/ runs from / or from any sub-path such as /movierec/.
export default defineConfig({
  root: 'web',
  publicDir,
  base: './',
  plugins: [
    copyOrtRuntime(),
    rememberOutDir(),
    // The service worker (web/src/offline/sw.ts), built to dist/sw.js with the list of files to keep offline.
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/offline',
      filename: 'sw.ts',
      injectRegister: false, // web/src/offline/offline_registration.ts registers it, after the app has started
      manifest: false, // public/manifest.webmanifest is written by hand
      injectManifest: {
        rollupFormat: 'iife', // a classic worker script: module service workers are not everywhere yet
        globPatterns: [
          'index.html',
          'assets/**/*',
          'manifest.webmanifest',
          'icons/*.{svg,png}',
          'engine/*.{mjs,wasm}',
          'ort/*.{mjs,wasm}',
          'artifacts/*',
        ],
        globIgnores: [`artifacts/${MODEL_FILE}`, `artifacts/${RATINGS_FILE}`, '**/*.map'],
        maximumFileSizeToCacheInBytes: precacheFileLimit(),
        manifestTransforms: [
          (entries) => {
            const manifest = JSON.parse(readFileSync(join(outDir, 'artifacts', 'manifest.json'), 'utf8')) as {
              files: Record<string, ListedArtifact>;
            };
            return reviseEntries(entries, sha256Of, manifest.files);
          },
        ],
      },
    }),
  ],
  resolve: {
    // Pick onnxruntime-web's build that loads its WASM runtime from env.wasm.wasmPaths at run
    // time; the default build references the 14 MB .wasm through import.meta.url, which would
    // make Vite copy it into assets/ a second time.
    conditions: ['onnxruntime-web-use-extern-wasm', ...defaultClientConditions],
  },
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    target: 'es2022',
    // The only large chunk is ONNX Runtime's JavaScript; the WASM files live in public/.
    chunkSizeWarningLimit: 1024,
  },
  worker: {
    format: 'es',
  },
  test: {
    root: '.',
    include: ['tests/web/**/*.test.ts'],
    environment: 'node',
  },
});
