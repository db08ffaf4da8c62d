// Export and import of a visitor's ratings: the versioned file, its validation and merge/replace.
import { describe, expect, it } from 'vitest';
import { NOT_INTERESTED, type TasteRating } from '../../../web/src/taste/rating';
import {
  combineRatings,
  exportFileName,
  exportTaste,
  MAX_IMPORT_BYTES,
  parseTasteFile,
  TASTE_FILE_FORMAT,
  TasteImportError,
} from '../../../web/src/taste/taste_io';

const NOW = Date.UTC(2026, 10, 26, 5, 0, 0);
const ratings: TasteRating[] = [
  { movieId: 296, title: 'Pulp Fiction (1994)', rating: 4.5, updated: Date.UTC(2026, 10, 25, 20, 14, 3) },
  { movieId: 1, title: 'Toy Story (1995)', rating: NOT_INTERESTED, updated: Date.UTC(2026, 10, 25, 20, 15, 40) },
  { movieId: 2571, title: 'Matrix, The (1999)', rating: 0.5, updated: Date.UTC(2026, 10, 24, 8, 0, 0) },
  { movieId: 6016, title: 'City of God (Cidade de Deus) (2002) — “été” 🎬', rating: 5, updated: Date.UTC(2026, 0, 1) },
];

/** A file with `entries` as its ratings, or any other top-level fields. */
function file(entries: unknown, head: Record<string, unknown> = {}): string {
  return JSON.stringify({ format: TASTE_FILE_FORMAT, version: 1, exportedAt: '2026-11-26T05:00:00Z', ratings: entries, ...head });
}

function importError(text: string): string {
  try {
    parseTasteFile(text, NOW);
  } catch (error) {
    expect(error).toBeInstanceOf(TasteImportError);
    return (error as Error).message;
  }
  throw new Error('the file was accepted');
}

describe('exportTaste / parseTasteFile', () => {
  it('round-trips every rating, "not interested" included, with unicode titles and millisecond dates', () => {
    const text = exportTaste(ratings, new Date(NOW));
    const back = parseTasteFile(text, NOW);
    const byId = (a: TasteRating, b: TasteRating) => a.movieId - b.movieId;
    expect([...back].sort(byId)).toEqual([...ratings].sort(byId));
  });

  it('writes a versioned, readable file: one entry per line, ordered by movie id', () => {
    const text = exportTaste(ratings, new Date(NOW));
    const data = JSON.parse(text);
    expect(data.format).toBe('movierec-ratings');
    expect(data.version).toBe(1);
    expect(data.exportedAt).toBe('2026-11-26T05:00:00.000Z');
    expect(data.ratings.map((r: { movieId: number }) => r.movieId)).toEqual([1, 296, 2571, 6016]);
    expect(data.ratings[0]).toEqual({ movieId: 1, title: 'Toy Story (1995)', notInterested: true, ratedAt: '2026-11-25T20:15:40.000Z' });
    expect(data.ratings[1]).toEqual({ movieId: 296, title: 'Pulp Fiction (1994)', rating: 4.5, ratedAt: '2026-11-25T20:14:03.000Z' });
    expect(text.split('\n').filter((line) => line.includes('"movieId"'))).toHaveLength(4);
    expect(JSON.parse(exportTaste([], new Date(NOW))).ratings).toEqual([]);
    expect(exportFileName(new Date(NOW))).toBe('movierec-ratings-2026-11-26.json');
  });

  it('accepts hand-written files: no title, no date (dated now), a byte-order mark, notInterested false', () => {
    const text = '\ufeff' + file([{ movieId: 50, rating: 3 }, { movieId: 51, rating: 2.5, notInterested: false }]);
    expect(parseTasteFile(text, NOW)).toEqual([
      { movieId: 50, title: '', rating: 3, updated: NOW },
      { movieId: 51, title: '', rating: 2.5, updated: NOW },
    ]);
  });

  it('names what is wrong with a file that is not a ratings export', () => {
    expect(importError('')).toBe('The file is empty: a ratings export holds a list of ratings.');
    expect(importError('{"format": "movierec-ratings", ')).toMatch(/ends too early \(was the download cut off\?\)/);
    expect(importError('{\n  "format": "movierec-ratings",\n  "ratings": [} \n}')).toMatch(
      /^The file is not a ratings export: its text is not valid JSON( at line 3, column 15)?\. A ratings export starts with/,
    );
    expect(importError('my favourite films: Heat, Alien')).toMatch(/^The file is not a ratings export: its text is not valid JSON/);
    expect(importError('[1, 2]')).toMatch(/expected a JSON object/);
    expect(importError('null')).toMatch(/expected a JSON object/);
    expect(importError(JSON.stringify({ ratings: [] }))).toBe(
      'This is not a movierec ratings file: "format" should be "movierec-ratings", got nothing.',
    );
    expect(importError(file([], { format: 'letterboxd' }))).toMatch(/got "letterboxd"/);
    expect(importError(file([], { version: '1' }))).toMatch(/"version" must be a whole number from 1, got "1"/);
    expect(importError(file([], { version: 0 }))).toMatch(/"version"/);
    expect(importError(file([], { version: 2 }))).toMatch(/newer movierec \(format version 2\); this site reads version 1/);
    expect(importError(file({}))).toMatch(/"ratings" must be a list/);
    expect(importError(' '.repeat(MAX_IMPORT_BYTES + 1))).toMatch(/larger than 5 MB/);
  });

  it('cuts absurdly long titles instead of refusing them, so every export imports again', () => {
    const long = 'A'.repeat(5000);
    const exported = exportTaste([{ movieId: 7, title: long, rating: 4, updated: NOW }], new Date(NOW));
    const [back] = parseTasteFile(exported, NOW);
    expect(back!.movieId).toBe(7);
    expect(Array.from(back!.title).length).toBe(500);
    expect(back!.title.endsWith('…')).toBe(true);
    // An older export that kept the whole title imports too.
    expect(parseTasteFile(file([{ movieId: 7, title: long, rating: 4 }]), NOW)[0]!.title).toHaveLength(500);
  });

  it('names the entry and field of a bad rating', () => {
    const ok = { movieId: 1, title: 'Toy Story (1995)', rating: 4 };
    expect(importError(file([ok, 'x']))).toBe('ratings[1] must be an object, got "x".');
    expect(importError(file([ok, { ...ok, movieId: 0 }]))).toMatch(/^ratings\[1\]\.movieId must be a MovieLens movie id/);
    expect(importError(file([{ ...ok, movieId: 1.5 }]))).toMatch(/^ratings\[0\]\.movieId/);
    expect(importError(file([{ ...ok, movieId: '1' }]))).toMatch(/^ratings\[0\]\.movieId .* got "1"/);
    expect(importError(file([ok, { ...ok, rating: 3 }]))).toBe('ratings[1]: movie 1 is listed twice (also ratings[0]).');
    expect(importError(file([{ ...ok, rating: 7 }]))).toBe('ratings[0].rating must be stars from 0.5 to 5 in half steps, got 7.');
    expect(importError(file([{ ...ok, rating: 3.3 }]))).toMatch(/half steps, got 3.3/);
    expect(importError(file([{ ...ok, rating: 0 }]))).toMatch(/half steps, got 0/);
    expect(importError(file([{ movieId: 1 }]))).toMatch(/ratings\[0\]\.rating .* got nothing/);
    expect(importError(file([{ ...ok, notInterested: true }]))).toBe('ratings[0] has both "rating" and "notInterested"; keep one.');
    expect(importError(file([{ movieId: 1, notInterested: 'yes' }]))).toMatch(/notInterested must be true or false/);
    expect(importError(file([{ ...ok, title: 42 }]))).toMatch(/^ratings\[0\]\.title must be text/);
    expect(importError(file([{ ...ok, ratedAt: 'yesterday' }]))).toMatch(/^ratings\[0\]\.ratedAt must be a date/);
    expect(importError(file([{ ...ok, ratedAt: '2026-13-45T00:00:00Z' }]))).toMatch(/ratedAt must be a date/);
  });
});

describe('combineRatings', () => {
  const mine: TasteRating[] = [
    { movieId: 1, title: 'A', rating: 4, updated: 100 },
    { movieId: 2, title: 'B', rating: 2, updated: 300 },
    { movieId: 3, title: 'C', rating: 5, updated: 100 },
  ];
  const file: TasteRating[] = [
    { movieId: 1, title: 'A', rating: 1, updated: 200 }, // newer than mine: wins on merge
    { movieId: 2, title: 'B', rating: 5, updated: 200 }, // older than mine: mine stays on merge
    { movieId: 4, title: 'D', rating: NOT_INTERESTED, updated: 50 },
  ];
  const byId = (ratings: TasteRating[]) => Object.fromEntries(ratings.map((r) => [r.movieId, r.rating]));

  it('merge adds new movies and keeps the newer rating of a movie rated in both', () => {
    const outcome = combineRatings(mine, file, 'merge');
    expect(byId(outcome.ratings)).toEqual({ 1: 1, 2: 2, 3: 5, 4: NOT_INTERESTED });
    expect(outcome).toMatchObject({ added: 1, changed: 1, kept: 1, removed: 0 });
  });

  it('replace takes the file as it is', () => {
    const outcome = combineRatings(mine, file, 'replace');
    expect(byId(outcome.ratings)).toEqual({ 1: 1, 2: 5, 4: NOT_INTERESTED });
    expect(outcome).toMatchObject({ added: 1, changed: 2, kept: 0, removed: 1 });
  });

  it('importing an export of the same ratings changes nothing', () => {
    const outcome = combineRatings(mine, parseTasteFile(exportTaste(mine, new Date(NOW)), NOW), 'merge');
    expect(outcome.ratings).toEqual(mine);
    expect(outcome).toMatchObject({ added: 0, changed: 0, kept: 0, removed: 0 });
  });
});
