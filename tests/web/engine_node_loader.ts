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

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const defaultEngineDir = path.join(repoRoot, 'public', 'engine');

// docs/architecture.md, "The WASM engine API".
export interface Ranked {
  indices: Uint32Array;
  scores: Float32Array;
}

export interface MovieInfo {
  index: number;
  id: number;
  title: string;
  year: number;
  genres: string[];
  averageRating: number;
  ratingCount: number;
  imdbId: number;
  tmdbId: number;
  tags: string;
}

export interface Engine {
  movieCount(): number;
  userCount(): number;
  dimension(): number;
  movie(index: number): MovieInfo;
  findTitles(query: string, limit: number): Uint32Array;
  similarTo(movieIndex: number, k: number): Ranked;
  recommendForUser(userId: number, k: number): Ranked & { totalRatings: number; likedMovies: number };
  recommendForProfile(movieIndices: Uint32Array, ratings: Float32Array, k: number): Ranked;
  searchByVector(vector: Float32Array, k: number): Ranked;
  tokenize(text: string): Int32Array;
  delete(): void;
}

export interface EngineModule {
  Engine: new (
    catalog: Uint8Array,
    ratings: Uint8Array,
    index: Uint8Array,
    vocab: Uint8Array,
    maxSeqLength: number,
    /** JSON.stringify(manifest.hybrid ?? null); "null" reads the index as content-only. */
    hybridJson: string,
  ) => Engine;
}

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
