// Filters and sorting: how the visitor's choices become the engine's filter, how they are stored,
// how results are reordered, and how the worker checks a filter it receives.
import { describe, expect, it } from 'vitest';
import { type EngineFilter, genreMask, NO_FILTER, parseEngineFilter } from '../../../web/src/engine/engine_filter';
import { engineMovieFilter } from '../../../web/src/engine/movie_filter';
import { type MovieInfo, parseRequest, ProtocolError } from '../../../web/src/engine/protocol';
import {
  activeFilterCount,
  DEFAULT_FILTERS,
  decodeFilters,
  describeFilters,
  encodeFilters,
  filterProblem,
  isFiltering,
  matchesFilter,
  type ResultFilters,
  sortAnswer,
  sortResults,
  toEngineFilter,
} from '../../../web/src/ui/filters';

// The catalog's genre order (manifest.json of ml-latest-small).
const GENRES = ['Action', 'Adventure', 'Animation', 'Children', 'Comedy', 'Crime', 'Documentary', 'Drama', 'Fantasy',
  'Film-Noir', 'Horror', 'IMAX', 'Musical', 'Mystery', 'Romance', 'Sci-Fi', 'Thriller', 'War', 'Western'];

function movie(id: number, year: number, genres: string[], averageRating: number, ratingCount: number): MovieInfo {
  return { index: id - 1, id, title: `Movie ${id} (${year})`, displayTitle: `Movie ${id}`, overview: '', year, genres, averageRating, ratingCount, imdbId: 0, tmdbId: 0, tags: '' };
}

const filters = (changes: Partial<ResultFilters>): ResultFilters => ({ ...DEFAULT_FILTERS, genres: [], ...changes });

describe('the engine filter', () => {
  it('turns genre names into the catalog mask and leaves out unknown genres', () => {
    expect(genreMask(['Action'], GENRES)).toBe(1);
    expect(genreMask(['Comedy', 'Drama'], GENRES)).toBe((1 << 4) | (1 << 7));
    expect(genreMask(['Western'], GENRES)).toBe(1 << 18);
    expect(genreMask(['Cyberpunk'], GENRES)).toBe(0);
    // Bit 31 must stay an unsigned mask, not a negative number.
    const many = Array.from({ length: 32 }, (_, i) => `g${i}`);
    expect(genreMask(['g31'], many)).toBe(2 ** 31);
  });

  it('carries years, rating count and the rated movies only when asked to hide them', () => {
    const visitorFilters = filters({ genres: ['Comedy', 'Romance'], allGenres: true, minYear: 1990, maxYear: 1999, minRatingCount: 25 });
    expect(toEngineFilter(visitorFilters, [1, 2])).toEqual({
      genres: ['Comedy', 'Romance'],
      allGenres: true,
      minYear: 1990,
      maxYear: 1999,
      minRatingCount: 25,
      hiddenMovieIds: [],
    });
    expect(toEngineFilter(filters({ hideRated: true }), [1, 2]).hiddenMovieIds).toEqual([1, 2]);
    expect(toEngineFilter(DEFAULT_FILTERS, [1])).toEqual(NO_FILTER);
  });

  it('matches movies exactly as the engine does', () => {
    const comedyRomance = movie(1, 1995, ['Comedy', 'Romance'], 3.5, 40);
    const comedy = movie(2, 1985, ['Comedy'], 4, 10);
    const unknownYear = movie(3, 0, ['Drama'], 3, 100);
    const any: EngineFilter = { ...NO_FILTER, genres: ['Comedy', 'Romance'] };
    const all: EngineFilter = { ...any, allGenres: true };
    expect([comedyRomance, comedy, unknownYear].map((m) => matchesFilter(m, any))).toEqual([true, true, false]);
    expect([comedyRomance, comedy, unknownYear].map((m) => matchesFilter(m, all))).toEqual([true, false, false]);
    // A movie of unknown year fails any year bound.
    expect(matchesFilter(unknownYear, { ...NO_FILTER, minYear: 1900 })).toBe(false);
    expect(matchesFilter(unknownYear, { ...NO_FILTER, minRatingCount: 100 })).toBe(true);
    expect(matchesFilter(comedy, { ...NO_FILTER, minYear: 1986 })).toBe(false);
    expect(matchesFilter(comedy, { ...NO_FILTER, maxYear: 1985, minRatingCount: 11 })).toBe(false);
    expect(matchesFilter(comedy, { ...NO_FILTER, hiddenMovieIds: [2] })).toBe(false);
  });
});

describe('the filter in the worker', () => {
  // Catalog rows are the MovieLens id + 100, except id 999 which the catalog lacks.
  const engine = { indexOfMovie: (id: number) => (id === 999 ? -1 : id + 100), genres: () => GENRES };

  it('maps genre names to the catalog mask, hidden MovieLens ids to rows, and drops ids the catalog lacks', () => {
    const filter = engineMovieFilter(engine, { ...NO_FILTER, minYear: 2000, hiddenMovieIds: [1, 999, 5] });
    expect(filter).toMatchObject({ minYear: 2000, maxYear: 0, genreMask: 0, allGenres: false });
    const genres = engineMovieFilter(engine, { ...NO_FILTER, genres: ['Drama', 'Western', 'Cyberpunk'], allGenres: true });
    expect(genres).toMatchObject({ genreMask: (1 << 7) | (1 << 18), allGenres: true });
    expect(Array.from(filter.hiddenMovies!)).toEqual([101, 105]);
    expect(engineMovieFilter(engine, undefined)).toEqual({});
  });

  it('checks a filter that crosses postMessage, naming the field', () => {
    const ok = { ...NO_FILTER, genres: ['Drama'], minYear: 1990 };
    expect(parseEngineFilter(ok, 'similar')).toEqual(ok);
    expect(parseEngineFilter(null, 'similar')).toBe('similar: field "filter" must be an object');
    expect(parseEngineFilter({ ...ok, genres: 'Drama' }, 'user')).toBe('user: filter.genres must be a list of at most 32 genre names');
    expect(parseEngineFilter({ ...ok, genres: [7] }, 'user')).toMatch(/filter\.genres/);
    expect(parseEngineFilter({ ...ok, minRatingCount: -1 }, 'user')).toBe('user: filter.minRatingCount must be a whole number from 0 to 4294967295');
    expect(parseEngineFilter({ ...ok, minYear: 1990.5 }, 'user')).toMatch(/filter\.minYear/);
    expect(parseEngineFilter({ ...ok, maxYear: 70000 }, 'user')).toMatch(/filter\.maxYear .* 0 to 65535/);
    expect(parseEngineFilter({ ...ok, allGenres: 'yes' }, 'user')).toMatch(/filter\.allGenres must be true or false/);
    expect(parseEngineFilter({ ...ok, hiddenMovieIds: [1, 0] }, 'user')).toMatch(/filter\.hiddenMovieIds/);
    expect(parseEngineFilter({ ...ok, hiddenMovieIds: 'all' }, 'user')).toMatch(/filter\.hiddenMovieIds/);
  });

  it('goes with every query that returns a result list', () => {
    const filter = { ...NO_FILTER, minRatingCount: 50 };
    expect(parseRequest({ id: 1, type: 'similar', payload: { movieIndex: 3, k: 5, filter } }).payload).toEqual({ movieIndex: 3, k: 5, filter });
    expect(parseRequest({ id: 1, type: 'user', payload: { userId: 1, k: 5, filter } }).payload).toEqual({ userId: 1, k: 5, filter });
    expect(parseRequest({ id: 1, type: 'describe', payload: { text: 'x', k: 5, filter } }).payload).toEqual({ text: 'x', k: 5, filter });
    expect(parseRequest({ id: 1, type: 'popular', payload: { k: 24, diverse: true, filter } }).payload).toEqual({ k: 24, diverse: true, filter });
    expect(parseRequest({ id: 1, type: 'similar', payload: { title: 'Heat', k: 5 } }).payload).toEqual({ title: 'Heat', k: 5 });
    expect(() => parseRequest({ id: 1, type: 'similar', payload: { title: 'Heat', k: 5, filter: { ...filter, minYear: -1 } } })).toThrow(
      new ProtocolError('similar: filter.minYear must be a whole number from 0 to 65535'),
    );
  });

  it('checks the visitor profile and lookups the worker receives', () => {
    const ratings = [{ movieId: 1, rating: 4.5 }, { movieId: 2, rating: 0 }];
    expect(parseRequest({ id: 1, type: 'profile', payload: { ratings, k: 20 } }).payload).toEqual({ ratings, k: 20 });
    expect(() => parseRequest({ id: 1, type: 'profile', payload: { ratings: [{ movieId: 1, rating: 6 }], k: 20 } })).toThrow(
      /ratings\[0\]\.rating must be a number from 0 to 5/,
    );
    expect(() => parseRequest({ id: 1, type: 'profile', payload: { ratings: [{ movieId: 0, rating: 1 }], k: 20 } })).toThrow(/movieId/);
    expect(() => parseRequest({ id: 1, type: 'profile', payload: { ratings: {}, k: 20 } })).toThrow(/"ratings" must be a list/);
    expect(() => parseRequest({ id: 1, type: 'popular', payload: { k: 20 } })).toThrow(/"diverse"/);
    expect(parseRequest({ id: 1, type: 'lookup', payload: { movieIds: [1, 2] } }).payload).toEqual({ movieIds: [1, 2] });
    expect(() => parseRequest({ id: 1, type: 'lookup', payload: { movieIds: [1, -2] } })).toThrow(/"movieIds"/);
  });
});

describe('sortResults', () => {
  const results = [
    { movie: movie(1, 1995, [], 3.5, 40), score: 0.9 },
    { movie: movie(2, 0, [], 4.5, 2), score: 0.8 },
    { movie: movie(3, 2010, [], 4.5, 90), score: 0.7 },
    { movie: movie(4, 1995, [], 0, 0), score: 0.6 },
    { movie: movie(5, 2010, [], 2, 5), score: 0.5 },
  ];
  const order = (o: ResultFilters['sort']) => sortResults(results, o).map((r) => r.movie.id);

  it('keeps the engine order for "match"', () => {
    expect(order('match')).toEqual([1, 2, 3, 4, 5]);
  });

  it('puts the best average first, more ratings first on a tie, unrated movies last', () => {
    expect(order('rating')).toEqual([3, 2, 1, 5, 4]);
  });

  it('puts the newest first, unknown years last, and keeps the match order among equals', () => {
    expect(order('year')).toEqual([3, 5, 1, 4, 2]);
  });

  it('sorts the results of an answer and nothing else', () => {
    const answer = { userId: 7, results };
    expect(sortAnswer(answer, 'match')).toBe(answer);
    const sorted = sortAnswer(answer, 'year');
    expect(sorted.userId).toBe(7);
    expect(sorted.results.map((r) => r.movie.id)).toEqual([3, 5, 1, 4, 2]);
    expect(answer.results.map((r) => r.movie.id)).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('filters as typed and as stored', () => {
  it('reports impossible year ranges and counts', () => {
    expect(filterProblem(DEFAULT_FILTERS)).toBeNull();
    expect(filterProblem(filters({ minYear: 2000, maxYear: 1990 }))).toMatch(/must not be after/);
    expect(filterProblem(filters({ minYear: 1200 }))).toMatch(/From year: choose a year from 1870 to 2100/);
    expect(filterProblem(filters({ maxYear: Number.NaN }))).toMatch(/To year/);
    expect(filterProblem(filters({ minRatingCount: -3 }))).toMatch(/Minimum ratings/);
    expect(filterProblem(filters({ minRatingCount: 2.5 }))).toMatch(/Minimum ratings/);
  });

  it('describes what is shown', () => {
    expect(describeFilters(DEFAULT_FILTERS)).toBe('All movies');
    expect(isFiltering(filters({ sort: 'year' }))).toBe(false);
    const all = filters({ genres: ['Comedy', 'Romance'], allGenres: true, minYear: 1990, maxYear: 1999, minRatingCount: 1000, hideRated: true });
    expect(isFiltering(all)).toBe(true);
    expect(describeFilters(all)).toBe('Comedy and Romance · 1990–1999 · 1,000+ ratings · not rated by me');
    expect(describeFilters(filters({ genres: ['Comedy', 'Drama'], minYear: 2000 }))).toBe('Comedy or Drama · 2000 or later');
    expect(describeFilters(filters({ maxYear: 1950 }))).toBe('1950 or earlier');
  });

  it('round-trip through storage', () => {
    const chosen = filters({ genres: ['Horror'], allGenres: true, minYear: 1970, maxYear: 1989, minRatingCount: 10, hideRated: true, sort: 'rating' });
    expect(decodeFilters(encodeFilters(chosen))).toEqual(chosen);
  });

  it('fall back field by field when what is stored is stale, damaged or from another version', () => {
    expect(decodeFilters(null)).toEqual(DEFAULT_FILTERS);
    expect(decodeFilters('{not json')).toEqual(DEFAULT_FILTERS);
    expect(decodeFilters(JSON.stringify({ v: 99, hideRated: true }))).toEqual(DEFAULT_FILTERS);
    const damaged = JSON.stringify({ v: 1, genres: ['Drama', 3, 'Drama'], allGenres: 'yes', minYear: 'x', maxYear: 1999, minRatingCount: -1, hideRated: true, sort: 'random' });
    expect(decodeFilters(damaged)).toEqual(filters({ genres: ['Drama'], maxYear: 1999, hideRated: true }));
    // A stored range that runs backwards is dropped rather than filtering everything out.
    expect(decodeFilters(JSON.stringify({ v: 1, minYear: 2000, maxYear: 1990 }))).toMatchObject({ minYear: null, maxYear: null });
  });
});

describe('activeFilterCount', () => {
  it('counts the kinds of filter in force for "Filters (n)"; the sort order is not a filter', () => {
    expect(activeFilterCount(filters({}))).toBe(0);
    expect(activeFilterCount(filters({ sort: 'year' }))).toBe(0);
    expect(activeFilterCount(filters({ genres: ['Comedy', 'Drama'] }))).toBe(1);
    expect(activeFilterCount(filters({ minYear: 1990 }))).toBe(1);
    expect(activeFilterCount(filters({ minYear: 1990, maxYear: 2000 }))).toBe(1);
    expect(activeFilterCount(filters({ genres: ['Comedy'], minYear: 1990, minRatingCount: 10, hideRated: true }))).toBe(4);
  });
});
