import { describe, expect, it } from 'vitest';
import {
  clipped,
  formatBytes,
  formatMovieCount,
  formatRating,
  formatSimilarity,
  imdbUrl,
  splitTitleYear,
  titleWithYear,
  tmdbUrl,
} from '../../../web/src/ui/format';

describe('formatSimilarity', () => {
  it('shows score × 100 with one decimal, clamped to 0–100 %', () => {
    expect(formatSimilarity(0.8734)).toBe('87.3%');
    expect(formatSimilarity(1)).toBe('100.0%');
    expect(formatSimilarity(0)).toBe('0.0%');
    expect(formatSimilarity(1.0000001)).toBe('100.0%');
    expect(formatSimilarity(-0.2)).toBe('0.0%');
    expect(formatSimilarity(Number.NaN)).toBe('0.0%');
  });
});

describe('links', () => {
  it('pads IMDb ids to seven digits and drops missing ids', () => {
    expect(imdbUrl(114709)).toBe('https://www.imdb.com/title/tt0114709/');
    expect(imdbUrl(12345678)).toBe('https://www.imdb.com/title/tt12345678/');
    expect(imdbUrl(0)).toBeNull();
    expect(tmdbUrl(862)).toBe('https://www.themoviedb.org/movie/862');
    expect(tmdbUrl(0)).toBeNull();
  });
});

describe('formatRating', () => {
  it('shows the average with one decimal and the count', () => {
    expect(formatRating(3.92093, 215)).toBe('3.9 / 5 · 215 ratings');
    expect(formatRating(4, 1)).toBe('4.0 / 5 · 1 rating');
    expect(formatRating(0, 0)).toBe('No ratings yet');
    expect(formatRating(4.5, 1234)).toBe('4.5 / 5 · 1,234 ratings');
  });
});

describe('titleWithYear', () => {
  it('adds the year to the title the engine gives, when there is one', () => {
    expect(titleWithYear({ displayTitle: "A Bug's Life", year: 1998 })).toBe("A Bug's Life (1998)");
    expect(titleWithYear({ displayTitle: 'Babylon 5', year: 0 })).toBe('Babylon 5');
  });
});

describe('sizes and counts', () => {
  it('reads like people write them', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(2048)).toBe('2 kB');
    expect(formatBytes(23_456_789)).toBe('22.4 MB');
    expect(formatMovieCount(1)).toBe('1 movie');
    expect(formatMovieCount(9708)).toBe('9,708 movies');
  });
});

describe('clipped and splitTitleYear', () => {
  it('cuts text longer than the limit at a whole code point, with an ellipsis', () => {
    expect(clipped('Heat')).toBe('Heat');
    expect(clipped('x'.repeat(10_000))).toHaveLength(200);
    expect(clipped('🎬'.repeat(300), 10)).toBe(`${'🎬'.repeat(9)}…`);
  });

  it('splits a stored "Title (1998)" so title and year can be isolated apart', () => {
    expect(splitTitleYear("A Bug's Life (1998)")).toEqual({ displayTitle: "A Bug's Life", year: 1998 });
    expect(splitTitleYear('breaker\u202e (2018)')).toEqual({ displayTitle: 'breaker\u202e', year: 2018 });
    expect(splitTitleYear('Babylon 5')).toEqual({ displayTitle: 'Babylon 5', year: 0 });
    expect(splitTitleYear('')).toEqual({ displayTitle: '', year: 0 });
  });
});
