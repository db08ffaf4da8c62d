// The WASM engine's embind API (docs/architecture.md, "The WASM engine API") and how the
// worker loads it. The module is fetched at run time from public/engine/, so Vite never
// bundles it and the same page works with whichever engine build sits next to the artifacts.
import type { MovieInfo } from './protocol';

export interface Ranked {
  indices: Uint32Array;
  /** Similarity in [0, 1]. */
  scores: Float32Array;
}

/** Recommendations from ratings (a visitor's or a MovieLens user's). */
export interface ProfileRanked extends Ranked {
  /** Per result, the catalog row of the liked movie that added most to its score (4294967295: none). */
  because: Uint32Array;
  /** false: nothing liked, so the results are popular picks that keep away from the dislikes (scores 0). */
  personal: boolean;
  likedMovies: number;
  /** Rated 0.5–2 stars. */
  dislikedMovies: number;
}

export interface UserRanked extends ProfileRanked {
  totalRatings: number;
}

/**
 * The engine's MovieFilter, applied inside the search before the top k is cut. Every field is
 * optional; a missing one does not restrict.
 */
export interface MovieFilter {
  genreMask?: number;
  allGenres?: boolean;
  minYear?: number;
  maxYear?: number;
  minRatingCount?: number;
  /** Catalog rows never to return, e.g. the movies the visitor rated. */
  hiddenMovies?: Uint32Array;
  /**
   * Hybrid index only: the audience blocks' share of the query, 0–1 (0 = content only, 1 = audience
   * only); missing = the build's tuned share for that kind of question (manifest hybrid.queries).
   * searchByVector and popular ignore it.
   */
  audienceShare?: number;
}

export interface Engine {
  movieCount(): number;
  userCount(): number;
  /** The index's dimension: the content block plus the audience and prior blocks, if any. */
  dimension(): number;
  /** The engine's WASM memory in bytes (it only grows). */
  memoryBytes(): number;
  /** Whether the index has a collaborative block (manifest hybrid.collaborative_dimension > 0). */
  hasCollaborative(): boolean;
  /** Builds what start-up leaves to the first query that needs it; the worker calls it once ready. */
  prepare(): void;
  /** The catalog's genre names; bit i of a genre mask is genres()[i]. */
  genres(): string[];
  movie(index: number): MovieInfo;
  /** The catalog row of a MovieLens id, or -1 when the catalog does not have it. */
  indexOfMovie(movieId: number): number;
  findTitles(query: string, limit: number): Uint32Array;
  similarTo(movieIndex: number, k: number, filter?: MovieFilter): Ranked;
  /** Which blocks of ratings.bin hold the user's ratings; throws for an unknown user, naming the valid ids. */
  userRatingBlocks(userId: number): { first: number; count: number };
  /** Blocks first … first + count − 1 of ratings.bin: byte range [start, end) and SHA-256 (hex), from users.bin. */
  ratingBlocks(first: number, count: number): Array<{ start: number; end: number; sha256: string }>;
  ratingBlockCount(): number;
  /** blocks: the bytes of userRatingBlocks(userId), verified. */
  recommendForUser(userId: number, blocks: Uint8Array, k: number, filter?: MovieFilter): UserRanked;
  recommendForProfile(movieIndices: Uint32Array, ratings: Float32Array, k: number, filter?: MovieFilter): ProfileRanked;
  /** A text embedding (model.dimension floats), ranked by content plus the build's describe prior. */
  searchByVector(vector: Float32Array, k: number, filter?: MovieFilter): Ranked;
  /** The k most-rated movies passing the filter; `diverse` skips near-duplicates of earlier picks. */
  popular(k: number, filter: MovieFilter, diverse: boolean): Uint32Array;
  tokenize(text: string): Int32Array;
  delete(): void;
}

export interface EngineModule {
  Engine: new (
    catalog: Uint8Array,
    /** users.bin: the MovieLens users; their ratings come with each recommendForUser call. */
    users: Uint8Array,
    index: Uint8Array,
    vocab: Uint8Array,
    maxSeqLength: number,
    /** manifest.model.do_lower_case: an uncased model's tokenizer lower-cases and strips accents. */
    doLowerCase: boolean,
    /** JSON.stringify(manifest.hybrid ?? null): how the index's blocks are laid out. */
    hybridJson: string,
  ) => Engine;
}

type EngineFactory = (options?: Record<string, unknown>) => Promise<EngineModule>;

export const ENGINE_MODULE_PATH = 'engine/movierec_engine.mjs';

/** Imports the Emscripten ES module factory from `siteRoot` and instantiates the WASM. */
export async function loadEngineModule(siteRoot: string): Promise<EngineModule> {
  const url = new URL(ENGINE_MODULE_PATH, siteRoot).href;
  let factory: EngineFactory | undefined;
  try {
    const module = (await import(/* @vite-ignore */ url)) as { default?: EngineFactory; createMovierecEngine?: EngineFactory };
    factory = module.default ?? module.createMovierecEngine;
  } catch (error) {
    throw new Error(`Could not load the engine from ${url}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof factory !== 'function') throw new Error(`${url} does not export createMovierecEngine`);
  return factory();
}
