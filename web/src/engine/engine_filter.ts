// The filter every result-list query carries from the page to the worker, and its check on arrival.
// The page builds it from the visitor's filter bar (ui/filters.ts); the worker turns it into the
// engine's MovieFilter (movie_filter.ts).

/**
 * What a query carries to the worker (protocol.ts) as its `filter`. The worker turns the genre names into the
 * catalog's genre mask and the MovieLens ids into catalog rows, and hands it to the engine's
 * MovieFilter. Names rather than a mask, so a query sent before the catalog is loaded (a deep link)
 * means the same as one sent after.
 */
export interface EngineFilter {
  /** Genre names as the catalog spells them; empty = any genre. */
  genres: string[];
  allGenres: boolean;
  /** 0 = no bound. */
  minYear: number;
  maxYear: number;
  minRatingCount: number;
  /** MovieLens ids never to return. */
  hiddenMovieIds: number[];
  /**
   * Not a filter but travels with one: how much the query leans on the audience (collaborative) half
   * of a hybrid index, 0–1 (ui/audience_share.ts). Missing: the build's default. Free-text search and
   * content-only builds ignore it.
   */
  audienceShare?: number;
}

export const NO_FILTER: Readonly<EngineFilter> = {
  genres: [],
  allGenres: false,
  minYear: 0,
  maxYear: 0,
  minRatingCount: 0,
  hiddenMovieIds: [],
};

export const MAX_GENRES = 32;
/** The most hidden movies one query may carry; far more than anyone rates by hand. */
export const MAX_HIDDEN_MOVIES = 100_000;

/** The genre mask of `genres` over the catalog's genre list; names the catalog lacks are ignored. */
export function genreMask(genres: readonly string[], genreNames: readonly string[]): number {
  let mask = 0;
  for (const genre of genres) {
    const bit = genreNames.indexOf(genre);
    if (bit >= 0 && bit < MAX_GENRES) mask = (mask | (1 << bit)) >>> 0;
  }
  return mask;
}

/** Checks an EngineFilter received by the worker; returns an error message naming the field, or the filter. */
export function parseEngineFilter(value: unknown, where: string): EngineFilter | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${where}: field "filter" must be an object`;
  const f = value as Record<string, unknown>;
  const whole = (field: string, max: number): number | string => {
    const x = f[field];
    return typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= max
      ? x
      : `${where}: filter.${field} must be a whole number from 0 to ${max}`;
  };
  const minYear = whole('minYear', 0xffff);
  const maxYear = whole('maxYear', 0xffff);
  const minRatingCount = whole('minRatingCount', 0xffffffff);
  for (const x of [minYear, maxYear, minRatingCount]) if (typeof x === 'string') return x;
  const genres = f['genres'];
  if (!Array.isArray(genres) || genres.length > MAX_GENRES || !genres.every((g) => typeof g === 'string' && g.length <= 100)) {
    return `${where}: filter.genres must be a list of at most ${MAX_GENRES} genre names`;
  }
  if (typeof f['allGenres'] !== 'boolean') return `${where}: filter.allGenres must be true or false`;
  const hidden = f['hiddenMovieIds'];
  if (
    !Array.isArray(hidden) ||
    hidden.length > MAX_HIDDEN_MOVIES ||
    !hidden.every((id) => typeof id === 'number' && Number.isInteger(id) && id >= 1 && id <= 0xffffffff)
  ) {
    return `${where}: filter.hiddenMovieIds must be a list of at most ${MAX_HIDDEN_MOVIES} MovieLens ids`;
  }
  const share = f['audienceShare'];
  if (share !== undefined && !(typeof share === 'number' && Number.isFinite(share) && share >= 0 && share <= 1)) {
    return `${where}: filter.audienceShare must be a number from 0 to 1`;
  }
  return {
    genres: genres as string[],
    allGenres: f['allGenres'] as boolean,
    minYear: minYear as number,
    maxYear: maxYear as number,
    minRatingCount: minRatingCount as number,
    hiddenMovieIds: hidden as number[],
    ...(share === undefined ? {} : { audienceShare: share }),
  };
}
