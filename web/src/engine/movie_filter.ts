// The worker's side of engine_filter.ts: an EngineFilter from the page becomes the engine's MovieFilter,
// with genre names turned into the catalog's genre mask and MovieLens ids into catalog rows (ids the
// catalog lacks cannot come back anyway; genres it lacks restrict nothing).
import type { Engine, MovieFilter } from './engine';
import { type EngineFilter, genreMask } from './engine_filter';

/** Catalog rows of the given MovieLens ids; unknown ids are dropped. */
export function rowsOf(engine: Pick<Engine, 'indexOfMovie'>, movieIds: readonly number[]): number[] {
  const rows: number[] = [];
  for (const id of movieIds) {
    const row = engine.indexOfMovie(id);
    if (row >= 0) rows.push(row);
  }
  return rows;
}

/**
 * The engine's MovieFilter for a query's EngineFilter. A query without an audience share gets the build's
 * tuned share for its kind of question from the engine.
 */
export function engineMovieFilter(engine: Pick<Engine, 'indexOfMovie' | 'genres'>, filter: EngineFilter | undefined): MovieFilter {
  if (filter === undefined) return {};
  return {
    ...(filter.audienceShare === undefined ? {} : { audienceShare: filter.audienceShare }),
    genreMask: filter.genres.length === 0 ? 0 : genreMask(filter.genres, engine.genres()),
    allGenres: filter.allGenres,
    minYear: filter.minYear,
    maxYear: filter.maxYear,
    minRatingCount: filter.minRatingCount,
    hiddenMovies: Uint32Array.from(rowsOf(engine, filter.hiddenMovieIds)),
  };
}
