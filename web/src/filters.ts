// The filters and sort order a visitor sets for every result list, and how they travel: to the
// engine as an EngineFilter (applied inside the search before the top k is cut, so k results still
// come back), and to localStorage so they survive a reload. Sorting only reorders the k results.
import type { MovieInfo, RankedMovie } from './protocol';

export type SortOrder = 'match' | 'rating' | 'year';
export const SORT_ORDERS: ReadonlyArray<{ value: SortOrder; label: string }> = [
  { value: 'match', label: 'Best match' },
  { value: 'rating', label: 'Average rating' },
  { value: 'year', label: 'Newest first' },
];

/** The oldest and newest years the year boxes accept; MovieLens starts in 1874. */
export const FIRST_YEAR = 1870;
export const LAST_YEAR = 2100;

export interface ResultFilters {
  /** Genre names as the catalog spells them; empty = any genre. */
  genres: string[];
  /** true: a movie must have every chosen genre; false: at least one. */
  allGenres: boolean;
  /** null = no bound. */
  minYear: number | null;
  maxYear: number | null;
  /** Fewest MovieLens ratings a movie must have; 0 = no bound. */
  minRatingCount: number;
  /** Leave out the movies the visitor has rated (or marked "not interested"). */
  hideRated: boolean;
  sort: SortOrder;
}

export const DEFAULT_FILTERS: Readonly<ResultFilters> = {
  genres: [],
  allGenres: false,
  minYear: null,
  maxYear: null,
  minRatingCount: 0,
  hideRated: false,
  sort: 'match',
};

/**
 * What a query carries to the worker (protocol.ts). The worker turns the genre names into the
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
   * of a hybrid index, 0–1 (audience_share.ts). Missing: the build's default. Free-text search and
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

export function toEngineFilter(filters: ResultFilters, ratedMovieIds: readonly number[]): EngineFilter {
  return {
    genres: [...filters.genres],
    allGenres: filters.allGenres,
    minYear: filters.minYear ?? 0,
    maxYear: filters.maxYear ?? 0,
    minRatingCount: filters.minRatingCount,
    hiddenMovieIds: filters.hideRated ? [...ratedMovieIds] : [],
  };
}

/** Whether any filter (not the sort order) narrows the results. */
export function isFiltering(filters: ResultFilters): boolean {
  return (
    filters.genres.length > 0 || filters.minYear !== null || filters.maxYear !== null || filters.minRatingCount > 0 || filters.hideRated
  );
}

/** The same test the engine applies (MovieFilter::matches), for checking results and in tests. */
export function matchesFilter(movie: MovieInfo, filter: EngineFilter): boolean {
  if (filter.genres.length > 0) {
    const shared = filter.genres.filter((genre) => movie.genres.includes(genre)).length;
    if (filter.allGenres ? shared !== new Set(filter.genres).size : shared === 0) return false;
  }
  if (filter.minYear !== 0 && (movie.year === 0 || movie.year < filter.minYear)) return false;
  if (filter.maxYear !== 0 && (movie.year === 0 || movie.year > filter.maxYear)) return false;
  if (filter.hiddenMovieIds.includes(movie.id)) return false;
  return movie.ratingCount >= filter.minRatingCount;
}

/**
 * Results in the chosen order, as a new array. "match" keeps the engine's order; "rating" puts the
 * highest MovieLens average first (more ratings first on a tie); "year" the newest first, with
 * unknown years last. Ties keep the engine's order.
 */
export function sortResults<T extends { movie: MovieInfo }>(results: readonly T[], order: SortOrder): T[] {
  const ranked = results.map((result, position) => ({ result, position }));
  const compare = (a: MovieInfo, b: MovieInfo): number => {
    switch (order) {
      case 'match':
        return 0;
      case 'rating': {
        // A movie nobody rated has no average; it goes last, not level with a 0-star film.
        const x = a.ratingCount > 0 ? a.averageRating : -1;
        const y = b.ratingCount > 0 ? b.averageRating : -1;
        return y - x || b.ratingCount - a.ratingCount;
      }
      case 'year':
        // 0 means the year is unknown: such movies go last.
        return (b.year > 0 ? b.year : -1) - (a.year > 0 ? a.year : -1);
    }
  };
  ranked.sort((a, b) => compare(a.result.movie, b.result.movie) || a.position - b.position);
  return ranked.map(({ result }) => result);
}

/** Sorts the `results` list of a query's answer, leaving everything else as it is. */
export function sortAnswer<T extends { results: RankedMovie[] }>(answer: T, order: SortOrder): T {
  return order === 'match' ? answer : { ...answer, results: sortResults(answer.results, order) };
}

/** A problem with the year or rating-count boxes as typed, or null. */
export function filterProblem(filters: ResultFilters): string | null {
  for (const [name, year] of [['From', filters.minYear], ['To', filters.maxYear]] as const) {
    if (year !== null && (!Number.isInteger(year) || year < FIRST_YEAR || year > LAST_YEAR)) {
      return `${name} year: choose a year from ${FIRST_YEAR} to ${LAST_YEAR}.`;
    }
  }
  if (filters.minYear !== null && filters.maxYear !== null && filters.minYear > filters.maxYear) {
    return `The years run from ${filters.minYear} to ${filters.maxYear}: the first must not be after the second.`;
  }
  if (!Number.isInteger(filters.minRatingCount) || filters.minRatingCount < 0 || filters.minRatingCount > 0xffffffff) {
    return 'Minimum ratings: choose a whole number from 0.';
  }
  return null;
}

/** "Comedy or Drama · 1990–1999 · 50+ ratings · unrated only", for the filter summary line. */
export function describeFilters(filters: ResultFilters): string {
  const parts: string[] = [];
  if (filters.genres.length > 0) parts.push(filters.genres.join(filters.allGenres ? ' and ' : ' or '));
  if (filters.minYear !== null && filters.maxYear !== null) {
    parts.push(filters.minYear === filters.maxYear ? `${filters.minYear}` : `${filters.minYear}–${filters.maxYear}`);
  } else if (filters.minYear !== null) {
    parts.push(`${filters.minYear} or later`);
  } else if (filters.maxYear !== null) {
    parts.push(`${filters.maxYear} or earlier`);
  }
  if (filters.minRatingCount > 0) parts.push(`${filters.minRatingCount.toLocaleString('en-US')}+ ratings`);
  if (filters.hideRated) parts.push('not rated by me');
  return parts.length === 0 ? 'All movies' : parts.join(' · ');
}

// ---- persistence -------------------------------------------------------------------------

export const FILTERS_STORAGE_KEY = 'movierec-filters';
const FILTERS_STORAGE_VERSION = 1;

export function encodeFilters(filters: ResultFilters): string {
  return JSON.stringify({ v: FILTERS_STORAGE_VERSION, ...filters });
}

/**
 * Reads what encodeFilters wrote. Stored text can be stale or edited by hand: every field that is
 * missing or wrong falls back to its default rather than failing the page.
 */
export function decodeFilters(text: string | null): ResultFilters {
  let data: unknown;
  try {
    data = text === null ? null : JSON.parse(text);
  } catch {
    data = null;
  }
  const defaults = { ...DEFAULT_FILTERS, genres: [] };
  if (typeof data !== 'object' || data === null || (data as { v?: unknown }).v !== FILTERS_STORAGE_VERSION) return defaults;
  const d = data as Record<string, unknown>;
  const year = (value: unknown): number | null =>
    typeof value === 'number' && Number.isInteger(value) && value >= FIRST_YEAR && value <= LAST_YEAR ? value : null;
  const genres = Array.isArray(d['genres']) ? d['genres'].filter((g): g is string => typeof g === 'string').slice(0, MAX_GENRES) : [];
  const count = d['minRatingCount'];
  const sort = SORT_ORDERS.some((o) => o.value === d['sort']) ? (d['sort'] as SortOrder) : defaults.sort;
  const filters: ResultFilters = {
    genres: [...new Set(genres)],
    allGenres: d['allGenres'] === true,
    minYear: year(d['minYear']),
    maxYear: year(d['maxYear']),
    minRatingCount: typeof count === 'number' && Number.isInteger(count) && count >= 0 && count <= 0xffffffff ? count : 0,
    hideRated: d['hideRated'] === true,
    sort,
  };
  return filterProblem(filters) === null ? filters : { ...filters, minYear: null, maxYear: null };
}

// ---- protocol ----------------------------------------------------------------------------

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
