// The filters and sort order a visitor sets for every result list, and how they travel: to the
// engine as an EngineFilter (engine/engine_filter.ts: applied inside the search before the top k is
// cut, so k results still come back), and to localStorage so they survive a reload. Sorting only
// reorders the k results.
import { type EngineFilter, MAX_GENRES } from '../engine/engine_filter';
import type { MovieInfo, RankedMovie } from '../engine/protocol';

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
  return activeFilterCount(filters) > 0;
}

/** How many kinds of filter are in force (genres, year range, rating count, hide rated): "Filters (n)". */
export function activeFilterCount(filters: ResultFilters): number {
  return (
    Number(filters.genres.length > 0) +
    Number(filters.minYear !== null || filters.maxYear !== null) +
    Number(filters.minRatingCount > 0) +
    Number(filters.hideRated)
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
