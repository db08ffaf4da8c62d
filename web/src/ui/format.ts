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

// MovieLens files a title under its noun: "Matrix, The (1999)". Only articles that end the
// title are moved; "City of Lost Children, The (Cité des enfants perdus, La)" keeps its inner
// ", La", because that part is an alternative title in parentheses.
const TRAILING_ARTICLE =
  /^(.*), (The|A|An|Les|La|Le|L'|Il|Die|Der|Das|El|Los|Las|I|Gli|Un|Une)$/;

/**
 * The title as people say it, without the year MovieLens appends: "Matrix, The (1999)" → "The Matrix".
 * The year is shown separately on the card.
 */
export function displayTitle(title: string, year: number): string {
  let text = title.trim();
  const yearSuffix = /\s*\((\d{4})(?:[–-]\d{0,4})?\)$/.exec(text);
  if (yearSuffix !== null && (year === 0 || Number(yearSuffix[1]) === year)) {
    text = text.slice(0, yearSuffix.index).trimEnd();
  }
  // An alternative title in parentheses follows the main title: "Shawshank Redemption, The (x)".
  const alternative = /^(.*?)(\s+\(.*\))$/.exec(text);
  const main = alternative === null ? text : alternative[1]!;
  const rest = alternative === null ? '' : alternative[2]!;
  const article = TRAILING_ARTICLE.exec(main);
  if (article === null) return text;
  const joiner = article[2]!.endsWith("'") ? '' : ' ';
  return `${article[2]}${joiner}${article[1]}${rest}`;
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
