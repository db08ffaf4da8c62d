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
 * The engine's MovieFilter for a query's EngineFilter. `defaultShare` (the build's tuned audience share)
 * applies when the query carries none, e.g. one sent before the page knew the build.
 */
export function engineMovieFilter(
  engine: Pick<Engine, 'indexOfMovie' | 'genres'>,
  filter: EngineFilter | undefined,
  defaultShare?: number,
): MovieFilter {
  const share = filter?.audienceShare ?? defaultShare;
  const audience = share === undefined ? {} : { audienceShare: share };
  if (filter === undefined) return audience;
  return {
    ...audience,
    genreMask: filter.genres.length === 0 ? 0 : genreMask(filter.genres, engine.genres()),
    allGenres: filter.allGenres,
    minYear: filter.minYear,
    maxYear: filter.maxYear,
    minRatingCount: filter.minRatingCount,
    hiddenMovies: Uint32Array.from(rowsOf(engine, filter.hiddenMovieIds)),
  };
}

/** The same filter with more rows hidden. */
export function hidingAlso(filter: MovieFilter, rows: readonly number[]): MovieFilter {
  if (rows.length === 0) return filter;
  const hidden = new Uint32Array((filter.hiddenMovies?.length ?? 0) + rows.length);
  hidden.set(filter.hiddenMovies ?? []);
  hidden.set(rows, filter.hiddenMovies?.length ?? 0);
  return { ...filter, hiddenMovies: hidden };
}
