// The benchmark build's extra request (scripts/bench-browser.mjs): a batch of queries of one kind run
// inside the worker and timed one by one, so postMessage and rendering do not dominate the numbers.
// Nothing is sent back but timings. Only a build made with --mode bench answers it (engine/worker.ts).
import { downloadBytes } from '../artifacts/download';
import { NO_BLOCK_STORE } from '../artifacts/rating_blocks';
import type { Engine } from '../engine/engine';
import { type EngineFilter, parseEngineFilter } from '../engine/engine_filter';
import { encoder, InputProblem, ready } from '../engine/engine_service';
import { engineMovieFilter } from '../engine/movie_filter';
import { ProtocolError } from '../engine/protocol';
import { ratingsUrl, userRatingBytes } from '../engine/user_ratings';
import { decodeIndexVectors, type FlatVectors, scanTopK } from './index_vectors';

export type BenchKind = 'findTitles' | 'similar' | 'user' | 'describe' | 'searchByVector' | 'jsScan' | 'profile';
export const BENCH_KINDS: readonly BenchKind[] = [
  'findTitles', 'similar', 'user', 'describe', 'searchByVector', 'jsScan', 'profile',
];

export interface BenchPayload {
  kind: BenchKind;
  /** Inputs of kind "profile": "row:stars,row:stars,…" over catalog rows; `filter` applies to it. */
  inputs: Array<string | number>;
  k: number;
  filter?: EngineFilter;
}

export interface BenchResult {
  kind: BenchKind;
  /** Wall time of each query inside the worker, in milliseconds. */
  timingsMs: number[];
  /** Wall time of the whole batch; with coarse timers this is the more precise number. */
  totalMs: number;
  /** Queries the engine rejected (e.g. a user without liked movies); they are timed too. */
  failures: number;
  /** Per-stage timings of free-text queries: tokenize, encode, search. */
  stagesMs?: Record<string, number[]>;
  /** The engine's WASM memory after the batch. */
  wasmMemoryBytes: number;
}

/** Each user's verified blocks of ratings.bin, read once (unknown users are left out and fail when timed). */
async function readUserBlocks(engine: Engine, siteRoot: string, inputs: ReadonlyArray<string | number>): Promise<Map<string | number, Uint8Array>> {
  const blocks = new Map<string | number, Uint8Array>();
  for (const input of inputs) {
    try {
      blocks.set(input, await userRatingBytes(engine, Number(input), ratingsUrl(siteRoot), NO_BLOCK_STORE));
    } catch {
      // timed as a failure below
    }
  }
  return blocks;
}

/** The "bench" request, or undefined for every other message (the visitors' protocol answers those). */
export function benchRequests(id: number, type: unknown, payload: unknown): Promise<BenchResult> | undefined {
  if (type !== 'bench') return undefined;
  return runBench(id, parseBenchPayload(payload));
}

/** Checks a bench payload; throws ProtocolError naming the bad field. */
export function parseBenchPayload(payload: unknown): BenchPayload {
  if (typeof payload !== 'object' || payload === null) throw new ProtocolError('bench: field "payload" must be an object');
  const p = payload as Record<string, unknown>;
  const kind = p['kind'];
  if (!BENCH_KINDS.includes(kind as BenchKind)) {
    throw new ProtocolError(`bench: field "kind" must be one of ${BENCH_KINDS.join(', ')}`);
  }
  const inputs = p['inputs'];
  if (!Array.isArray(inputs) || !inputs.every((x) => typeof x === 'string' || typeof x === 'number')) {
    throw new ProtocolError('bench: field "inputs" must be an array of strings or numbers');
  }
  const k = p['k'];
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 1 || k > 50) throw new ProtocolError('bench: k must be between 1 and 50');
  const filter = p['filter'] === undefined ? undefined : parseEngineFilter(p['filter'], 'bench');
  if (typeof filter === 'string') throw new ProtocolError(filter);
  return { kind: kind as BenchKind, inputs, k, ...(filter === undefined ? {} : { filter }) };
}

/** A benchmark profile, "row:stars,row:stars,…" over catalog rows. */
export function parseBenchProfile(input: string): { rows: Uint32Array; stars: Float32Array } {
  const pairs = input.split(',').filter((pair) => pair !== '');
  const rows = new Uint32Array(pairs.length);
  const stars = new Float32Array(pairs.length);
  pairs.forEach((pair, i) => {
    const [row, rating] = pair.split(':').map(Number);
    if (!Number.isInteger(row) || row! < 0 || !(rating! >= 0 && rating! <= 5)) throw new Error(`bench: bad profile entry "${pair}"`);
    rows[i] = row!;
    stars[i] = rating!;
  });
  return { rows, stars };
}

let flatVectors: Promise<FlatVectors> | null = null;

/** The index vectors for the JS scan, decoded from index.faiss (the file usually comes from the HTTP cache). */
function benchVectors(siteRoot: string): Promise<FlatVectors> {
  flatVectors ??= downloadBytes(new URL('artifacts/index.faiss', siteRoot).href, 'index.faiss', null, () => undefined).then(
    decodeIndexVectors,
  );
  return flatVectors;
}

function vectorOf(flat: FlatVectors, row: number): Float32Array {
  if (!Number.isInteger(row) || row < 0 || row >= flat.count) throw new InputProblem(`bench: no movie row ${row}`);
  return flat.vectors.subarray(row * flat.dimension, (row + 1) * flat.dimension);
}

async function runBench(id: number, payload: BenchPayload): Promise<BenchResult> {
  const { engine, siteRoot, manifest } = await ready();
  const { kind, inputs, k } = payload;
  const timingsMs: number[] = [];
  const stagesMs: Record<string, number[]> = {};
  const flat = kind === 'searchByVector' || kind === 'jsScan' ? await benchVectors(siteRoot) : null;
  const model = kind === 'describe' ? await encoder(id) : null;
  const filter = engineMovieFilter(engine, payload.filter);
  // A user's blocks of ratings.bin are read before the clock starts: the figure is the engine's.
  const userBlocks = kind === 'user' ? await readUserBlocks(engine, siteRoot, inputs) : null;
  const profiles = kind === 'profile' ? new Map(inputs.map((input) => [input, parseBenchProfile(String(input))])) : null;
  let sink = 0; // keeps results alive so no call can be skipped

  let failures = 0;
  const start = performance.now();
  for (const input of inputs) {
    const t0 = performance.now();
    try {
      switch (kind) {
        case 'findTitles':
          sink += engine.findTitles(String(input), 8).length;
          break;
        case 'similar':
          sink += engine.similarTo(Number(input), k).indices.length;
          break;
        case 'user':
          sink += engine.recommendForUser(Number(input), userBlocks!.get(input)!, k).indices.length;
          break;
        case 'searchByVector':
          // The engine takes a text embedding: a hybrid index row's content block alone.
          sink += engine.searchByVector(vectorOf(flat!, Number(input)).subarray(0, manifest.model.dimension), k).indices.length;
          break;
        case 'jsScan':
          sink += scanTopK(flat!, vectorOf(flat!, Number(input)), k).indices.length;
          break;
        case 'profile': {
          const { rows, stars } = profiles!.get(input)!;
          sink += engine.recommendForProfile(rows, stars, k, filter).indices.length;
          break;
        }
        case 'describe': {
          const tokens = engine.tokenize(String(input));
          const t1 = performance.now();
          const vector = await model!.encode(tokens);
          const t2 = performance.now();
          sink += engine.searchByVector(vector, k).indices.length;
          const t3 = performance.now();
          (stagesMs['tokenize'] ??= []).push(t1 - t0);
          (stagesMs['encode'] ??= []).push(t2 - t1);
          (stagesMs['search'] ??= []).push(t3 - t2);
          break;
        }
      }
    } catch {
      ++failures;
    }
    timingsMs.push(performance.now() - t0);
  }
  const totalMs = performance.now() - start;
  if (sink < 0) console.log(sink);
  const wasmMemoryBytes = engine.memoryBytes();
  return kind === 'describe'
    ? { kind, timingsMs, totalMs, failures, stagesMs, wasmMemoryBytes }
    : { kind, timingsMs, totalMs, failures, wasmMemoryBytes };
}
