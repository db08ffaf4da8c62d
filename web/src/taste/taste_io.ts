// Export and import of a visitor's ratings as a JSON file they keep, e.g. to move to another
// browser. The file is versioned; an import is validated whole before anything changes, and every
// error names the entry and field at fault.
//
// Version 1:
//   {
//     "format": "movierec-ratings",
//     "version": 1,
//     "exportedAt": "2026-11-26T05:00:00.000Z",
//     "ratings": [
//       {"movieId": 296, "title": "Pulp Fiction (1994)", "rating": 4.5, "ratedAt": "2026-11-25T20:14:03.000Z"},
//       {"movieId": 1, "title": "Toy Story (1995)", "notInterested": true, "ratedAt": "2026-11-25T20:15:40.000Z"}
//     ]
//   }
// movieId is the MovieLens id. Each entry has either "rating" (0.5–5 in half stars) or
// "notInterested": true. "title" and "ratedAt" are optional on import.
import { clipped } from '../ui/format';
import { isStars, NOT_INTERESTED, type TasteRating } from './rating';

export const TASTE_FILE_FORMAT = 'movierec-ratings';
export const TASTE_FILE_VERSION = 1;
/** Far more than anyone rates by hand; a bigger file is not a ratings export. */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
export const MAX_IMPORT_RATINGS = 50_000;
const MAX_TITLE_LENGTH = 500;

export class TasteImportError extends Error {
  override name = 'TasteImportError';
}

interface ExportedRating {
  movieId: number;
  title: string;
  rating?: number;
  notInterested?: true;
  ratedAt: string;
}

/** The file's text: stable key order and one entry per line, so two exports diff well. */
export function exportTaste(ratings: readonly TasteRating[], now: Date): string {
  const entries: ExportedRating[] = [...ratings]
    .sort((a, b) => a.movieId - b.movieId)
    .map((r) => ({
      movieId: r.movieId,
      title: clipped(r.title, MAX_TITLE_LENGTH),
      ...(r.rating === NOT_INTERESTED ? { notInterested: true as const } : { rating: r.rating }),
      ratedAt: new Date(r.updated).toISOString(),
    }));
  const head = {
    format: TASTE_FILE_FORMAT,
    version: TASTE_FILE_VERSION,
    exportedAt: now.toISOString(),
  };
  const lines = entries.map((entry) => `    ${JSON.stringify(entry)}`);
  const headText = JSON.stringify(head, null, 2).slice(0, -2); // without the closing "\n}"
  return `${headText},\n  "ratings": [${lines.length === 0 ? '' : `\n${lines.join(',\n')}\n  `}]\n}\n`;
}

/** "movierec-ratings-2026-11-26.json" */
export function exportFileName(now: Date): string {
  return `movierec-ratings-${now.toISOString().slice(0, 10)}.json`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function parseDate(value: unknown, where: string): number {
  if (typeof value !== 'string') throw new TasteImportError(`${where} must be a date such as "2026-11-26T05:00:00Z", got ${describe(value)}`);
  // Only ISO 8601 as JSON.stringify writes it; Date.parse alone accepts too much ("1", "May").
  const time = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(time)) throw new TasteImportError(`${where} must be a date such as "2026-11-26T05:00:00Z", got ${describe(value)}`);
  return time;
}

/**
 * Reads an exported file. Throws TasteImportError with a sentence for the visitor naming what is
 * wrong and where; nothing is returned unless every entry is valid.
 * `now` dates entries that carry no "ratedAt".
 */
/**
 * Why a file is not JSON, in words a person can act on (not the parser's jargon), with the line and
 * column where the browser's parser reports one.
 */
function brokenJsonMessage(text: string, error: unknown): string {
  if (text.trim() === '') return 'The file is empty: a ratings export holds a list of ratings.';
  const message = error instanceof Error ? error.message : String(error);
  const position = /position (\d+)/.exec(message);
  if (/unexpected end/i.test(message) || (position !== null && Number(position[1]) >= text.trimEnd().length)) {
    return 'The file is not a complete ratings export: it ends too early (was the download cut off?).';
  }
  let where = '';
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn !== null) {
    where = ` at line ${lineColumn[1]}, column ${lineColumn[2]}`;
  } else if (position !== null) {
    const before = text.slice(0, Number(position[1])).split('\n');
    where = ` at line ${before.length}, column ${before[before.length - 1]!.length + 1}`;
  }
  return `The file is not a ratings export: its text is not valid JSON${where}. A ratings export starts with “{” and lists your "ratings".`;
}

export function parseTasteFile(text: string, now: number): TasteRating[] {
  if (text.length > MAX_IMPORT_BYTES) {
    throw new TasteImportError(`The file is larger than ${MAX_IMPORT_BYTES / (1024 * 1024)} MB; a ratings export is much smaller.`);
  }
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (error) {
    throw new TasteImportError(brokenJsonMessage(body, error));
  }
  if (!isRecord(data)) throw new TasteImportError('The file holds no ratings export: expected a JSON object at the top.');
  if (data['format'] !== TASTE_FILE_FORMAT) {
    throw new TasteImportError(`This is not a movierec ratings file: "format" should be "${TASTE_FILE_FORMAT}", got ${describe(data['format'])}.`);
  }
  const version = data['version'];
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new TasteImportError(`"version" must be a whole number from 1, got ${describe(version)}.`);
  }
  if (version > TASTE_FILE_VERSION) {
    throw new TasteImportError(
      `The file was made by a newer movierec (format version ${version}); this site reads version ${TASTE_FILE_VERSION}. Reload to update the site, then import again.`,
    );
  }
  const list = data['ratings'];
  if (!Array.isArray(list)) throw new TasteImportError(`"ratings" must be a list of ratings, got ${describe(list)}.`);
  if (list.length > MAX_IMPORT_RATINGS) {
    throw new TasteImportError(`"ratings" has ${list.length} entries; at most ${MAX_IMPORT_RATINGS} can be imported.`);
  }

  const seen = new Map<number, number>();
  return list.map((entry: unknown, i): TasteRating => {
    const where = `ratings[${i}]`;
    if (!isRecord(entry)) throw new TasteImportError(`${where} must be an object, got ${describe(entry)}.`);
    const movieId = entry['movieId'];
    if (typeof movieId !== 'number' || !Number.isInteger(movieId) || movieId < 1 || movieId > 0xffffffff) {
      throw new TasteImportError(`${where}.movieId must be a MovieLens movie id (a whole number from 1), got ${describe(movieId)}.`);
    }
    const earlier = seen.get(movieId);
    if (earlier !== undefined) throw new TasteImportError(`${where}: movie ${movieId} is listed twice (also ratings[${earlier}]).`);
    seen.set(movieId, i);

    // The title only labels the rating (the movie id is what counts): a long one is cut, not refused,
    // so every export, also one from before titles were cut, imports again.
    const rawTitle = entry['title'] ?? '';
    if (typeof rawTitle !== 'string') throw new TasteImportError(`${where}.title must be text, got ${describe(rawTitle)}.`);
    const title = clipped(rawTitle, MAX_TITLE_LENGTH);

    const stars = entry['rating'];
    const notInterested = entry['notInterested'];
    if (notInterested !== undefined && notInterested !== true && notInterested !== false) {
      throw new TasteImportError(`${where}.notInterested must be true or false, got ${describe(notInterested)}.`);
    }
    let rating: number;
    if (notInterested === true) {
      if (stars !== undefined) throw new TasteImportError(`${where} has both "rating" and "notInterested"; keep one.`);
      rating = NOT_INTERESTED;
    } else {
      if (!isStars(stars)) {
        throw new TasteImportError(`${where}.rating must be stars from 0.5 to 5 in half steps, got ${describe(stars)}.`);
      }
      rating = stars;
    }
    const updated = entry['ratedAt'] === undefined ? now : parseDate(entry['ratedAt'], `${where}.ratedAt`);
    return { movieId, title, rating, updated };
  });
}

export type ImportMode = 'merge' | 'replace';

export interface ImportOutcome {
  ratings: TasteRating[];
  /** Movies the visitor had not rated before. */
  added: number;
  /** Movies whose rating the file changed. */
  changed: number;
  /** Merge only: movies the visitor rated more recently than the file did, so their rating stays. */
  kept: number;
  /** Replace only: movies the visitor had rated that the file leaves out. */
  removed: number;
}

/**
 * The ratings after an import. "replace" takes the file as it is; "merge" adds the file's movies
 * and, for a movie rated in both, keeps whichever rating is newer.
 */
export function combineRatings(current: readonly TasteRating[], incoming: readonly TasteRating[], mode: ImportMode): ImportOutcome {
  const before = new Map(current.map((r) => [r.movieId, r]));
  const after = new Map(mode === 'replace' ? [] : before);
  let added = 0;
  let changed = 0;
  let kept = 0;
  for (const rating of incoming) {
    const mine = before.get(rating.movieId);
    if (mine === undefined) {
      ++added;
      after.set(rating.movieId, rating);
    } else if (mode === 'merge' && mine.updated > rating.updated) {
      ++kept;
    } else {
      if (mine.rating !== rating.rating) ++changed;
      after.set(rating.movieId, rating);
    }
  }
  const removed = mode === 'replace' ? current.filter((r) => !after.has(r.movieId)).length : 0;
  return { ratings: [...after.values()], added, changed, kept, removed };
}
