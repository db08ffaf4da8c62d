import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { displayTitle, formatBytes, formatMovieCount, formatRating, formatSimilarity, imdbUrl, tmdbUrl } from '../../../web/src/ui/format';

const movielensDir = process.env['MOVIELENS_DIR'] ?? join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'data', 'ml-latest-small');

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

describe('displayTitle', () => {
  it('drops the year and moves a trailing article to the front', () => {
    expect(displayTitle('Toy Story (1995)', 1995)).toBe('Toy Story');
    expect(displayTitle('American President, The (1995)', 1995)).toBe('The American President');
    expect(displayTitle('Christmas Story, A (1983)', 1983)).toBe('A Christmas Story');
    expect(displayTitle("Armée des ombres, L' (1969)", 1969)).toBe("L'Armée des ombres");
    expect(displayTitle('City of Lost Children, The (Cité des enfants perdus, La) (1995)', 1995)).toBe(
      'The City of Lost Children (Cité des enfants perdus, La)',
    );
  });

  it('keeps titles without a year or with a different one', () => {
    expect(displayTitle('Babylon 5', 0)).toBe('Babylon 5');
    expect(displayTitle('2001: A Space Odyssey (1968)', 1968)).toBe('2001: A Space Odyssey');
    expect(displayTitle('Blade Runner (1982)', 1990)).toBe('Blade Runner (1982)');
  });

  it('gives every MovieLens title a clean display form', () => {
    const lines = readFileSync(join(movielensDir, 'movies.csv'), 'utf8').trim().split('\n').slice(1);
    let moved = 0;
    for (const line of lines) {
      // movieId,title,genres with the title quoted when it holds a comma.
      const match = /^\d+,(?:"((?:[^"]|"")*)"|([^,]*)),/.exec(line);
      expect(match, line).not.toBeNull();
      const title = (match![1] ?? match![2]!).replace(/""/g, '"');
      const year = Number(/\((\d{4})\)\s*$/.exec(title)?.[1] ?? 0);
      const shown = displayTitle(title, year);
      expect(shown.length).toBeGreaterThan(0);
      expect(shown).not.toMatch(/, The$/);
      if (year > 0) expect(shown.endsWith(`(${year})`)).toBe(false);
      if (/, The \(\d{4}\)\s*$/.test(title)) {
        expect(shown.startsWith('The ')).toBe(true);
        ++moved;
      }
    }
    expect(lines.length).toBeGreaterThan(9000);
    expect(moved).toBeGreaterThan(1000);
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
