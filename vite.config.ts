import { execFileSync } from 'node:child_process';
import { defaultClientConditions, type Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/** Puts ONNX Runtime's WASM runtime into public/ort/ before Vite copies public/ to dist/. */
function copyOrtRuntime(): Plugin {
  return {
    name: 'movierec-copy-ort-runtime',
    buildStart() {
      execFileSync(process.execPath, ['scripts/copy-ort-wasm.mjs'], { stdio: 'inherit', cwd: import.meta.dirname });
    },
  };
}

// The site is plain static files: web/ holds the page, public/ the engine, artifacts and the
// ONNX Runtime files that scripts/copy-ort-wasm.mjs puts there. base './' keeps every asset URL
// relative, so the same dist/ runs from / or from any sub-path such as /movierec/.
export default defineConfig({
  root: 'web',
  publicDir: '../public',
  base: './',
  plugins: [copyOrtRuntime()],
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
