// How numbers, titles and links read on a result card.

/** Similarity in [0, 1] as a percentage with one decimal, e.g. 0.8734 → "87.3%". */
export function formatSimilarity(score: number): string {
  const clamped = Number.isFinite(score) ? Math.min(1, Math.max(0, score)) : 0;
  return `${(clamped * 100).toFixed(1)}%`;
}

export function formatRating(averageRating: number, ratingCount: number): string {
  if (ratingCount <= 0) return 'No ratings yet';
  const noun = ratingCount === 1 ? 'rating' : 'ratings';
  return `${averageRating.toFixed(1)} / 5 · ${ratingCount.toLocaleString('en-US')} ${noun}`;
}

/** IMDb ids are stored without the "tt" prefix and zero-padding; 0 means no link. */
export function imdbUrl(imdbId: number): string | null {
  if (!Number.isInteger(imdbId) || imdbId <= 0) return null;
  return `https://www.imdb.com/title/tt${String(imdbId).padStart(7, '0')}/`;
}

export function tmdbUrl(tmdbId: number): string | null {
  if (!Number.isInteger(tmdbId) || tmdbId <= 0) return null;
  return `https://www.themoviedb.org/movie/${tmdbId}`;
}

/** Catalog text longer than this is cut on screen (the whole text stays in a tooltip or the link). */
export const MAX_SHOWN_CHARACTERS = 200;

/** Text cut to `max` characters (whole code points) with an ellipsis, so a hostile title cannot fill the page. */
export function clipped(text: string, max = MAX_SHOWN_CHARACTERS): string {
  const points = Array.from(text);
  return points.length <= max ? text : `${points.slice(0, max - 1).join('')}…`;
}

/** A stored "Title (1998)" as title and year, so each can be isolated for bidi; year 0 when there is none. */
export function splitTitleYear(text: string): { displayTitle: string; year: number } {
  const match = /^(.*\S)\s+\((\d{4})\)$/su.exec(text);
  return match === null ? { displayTitle: text, year: 0 } : { displayTitle: match[1]!, year: Number(match[2]) };
}

/** A title as people read and type it, with its year: "A Bug's Life (1998)". */
export function titleWithYear(movie: { displayTitle: string; year: number }): string {
  return movie.year > 0 ? `${movie.displayTitle} (${movie.year})` : movie.displayTitle;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} kB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** "1 movie", "9,708 movies": a count with its noun (nouns that take a plain "s"). */
export function formatQuantity(n: number, noun: string): string {
  return `${formatCount(n)} ${n === 1 ? noun : `${noun}s`}`;
}

export function formatMovieCount(n: number): string {
  return formatQuantity(n, 'movie');
}
