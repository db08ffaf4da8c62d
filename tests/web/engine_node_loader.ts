// Loads the browser engine (public/engine/movierec_engine.{mjs,wasm}) in Node, for tests and benchmarks.
//
// The Emscripten 3.1.6 glue is an ES module, but its Node branch still reaches for the CommonJS
// `require` (fs, path) and `__dirname` while it starts up; ES modules have neither, so they are
// provided on globalThis before the factory runs. The .wasm bytes are handed over as `wasmBinary`,
// so the glue never locates the file itself: left alone it would fetch() a file-system path, which
// Node's fetch rejects.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { EngineModule } from '../../web/src/engine/engine';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const defaultEngineDir = path.join(repoRoot, 'public', 'engine');

// The engine's types are the page's own (docs/architecture.md, "The WASM engine API").
export type { Engine, EngineModule, Ranked } from '../../web/src/engine/engine';

type EngineFactory = (moduleArgs: { wasmBinary: Uint8Array }) => Promise<EngineModule>;

export async function loadEngineModule(engineDir: string = defaultEngineDir): Promise<EngineModule> {
  const gluePath = path.join(engineDir, 'movierec_engine.mjs');
  const globals = globalThis as Record<string, unknown>;
  globals.require ??= createRequire(gluePath);
  globals.__dirname ??= engineDir;
  const glue = (await import(/* @vite-ignore */ pathToFileURL(gluePath).href)) as { default: EngineFactory };
  const wasmBinary = new Uint8Array(await readFile(path.join(engineDir, 'movierec_engine.wasm')));
  return glue.default({ wasmBinary });
}

/**
 * A fetch over `file` that answers a single-range Range request with 206 and those bytes, as a static
 * host does (GitHub Pages does); `requests` records each Range header asked for.
 */
export function rangeFetch(file: Uint8Array, requests: string[] = []): (url: string, init?: RequestInit) => Promise<Response> {
  return async (_url, init) => {
    const range = new Headers(init?.headers).get('range');
    requests.push(range ?? '');
    const match = /^bytes=(\d+)-(\d+)$/.exec(range ?? '');
    if (match === null) return new Response(file.slice() as Uint8Array<ArrayBuffer>, { status: 200 });
    const start = Number(match[1]);
    const end = Math.min(file.length - 1, Number(match[2]));
    return new Response(file.slice(start, end + 1) as Uint8Array<ArrayBuffer>, {
      status: 206,
      headers: { 'content-range': `bytes ${start}-${end}/${file.length}` },
    });
  };
}
