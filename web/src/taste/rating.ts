// A visitor's rating of one movie, the values it may take and how it reads on the page.
// Ratings are kept by MovieLens movie id, not catalog row: ids survive a rebuild of the artifacts,
// rows do not.

/** "Not interested": the movie is left out of recommendations but says nothing about taste. */
export const NOT_INTERESTED = 0;
export const MIN_STARS = 0.5;
export const MAX_STARS = 5;
export const STAR_STEP = 0.5;

export interface TasteRating {
  movieId: number;
  /** The catalog title when it was rated, so the list and exported files read without the catalog. */
  title: string;
  /** NOT_INTERESTED (0) or stars from 0.5 to 5 in half steps. */
  rating: number;
  /** When it was last changed, in milliseconds since 1970. */
  updated: number;
}

/** True for 0.5, 1, … 5 (half steps only). */
export function isStars(value: unknown): value is number {
  return typeof value === 'number' && value >= MIN_STARS && value <= MAX_STARS && Number.isInteger(value / STAR_STEP);
}

export function isRatingValue(value: unknown): value is number {
  return value === NOT_INTERESTED || isStars(value);
}

/** "4.5 stars", "1 star", "Not interested". */
export function ratingLabel(rating: number): string {
  if (rating === NOT_INTERESTED) return 'Not interested';
  return `${String(rating)} ${rating === 1 ? 'star' : 'stars'}`;
}

/**
 * The value after a step of `delta` stars from `current` (null = not rated, 0 = not interested),
 * kept within 0.5–5: stepping up from nothing starts at the first half star.
 */
export function stepStars(current: number | null, delta: number): number {
  const from = current === null || current === NOT_INTERESTED ? (delta > 0 ? 0 : MIN_STARS) : current;
  const next = Math.round((from + delta) / STAR_STEP) * STAR_STEP;
  return Math.min(MAX_STARS, Math.max(MIN_STARS, next));
}

/** Stars for a pointer at `fraction` (0–1) of the width of five stars: the half star under it. */
export function starsAt(fraction: number): number {
  const halves = Math.ceil(Math.min(1, Math.max(0, fraction)) * (MAX_STARS / STAR_STEP));
  return Math.max(MIN_STARS, halves * STAR_STEP);
}

export type RatingOrder = 'recent' | 'title' | 'highest' | 'lowest';
export const RATING_ORDERS: ReadonlyArray<{ value: RatingOrder; label: string }> = [
  { value: 'recent', label: 'Most recent' },
  { value: 'title', label: 'Title' },
  { value: 'highest', label: 'Highest rated' },
  { value: 'lowest', label: 'Lowest rated' },
];

// MovieLens files titles under their noun ("Matrix, The (1999)"); sorting on that spelling is
// what a library catalogue does, and it keeps sequels together.
const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/**
 * A new array in the chosen order. "Not interested" counts as lower than half a star; ties fall
 * back to the most recent first, then the title, so the order never depends on storage order.
 */
export function sortRatings(ratings: readonly TasteRating[], order: RatingOrder): TasteRating[] {
  const byRecent = (a: TasteRating, b: TasteRating): number => b.updated - a.updated;
  const byTitle = (a: TasteRating, b: TasteRating): number => collator.compare(a.title, b.title) || a.movieId - b.movieId;
  const compare = (a: TasteRating, b: TasteRating): number => {
    switch (order) {
      case 'recent':
        return byRecent(a, b) || byTitle(a, b);
      case 'title':
        return byTitle(a, b);
      case 'highest':
        return b.rating - a.rating || byRecent(a, b) || byTitle(a, b);
      case 'lowest':
        return a.rating - b.rating || byRecent(a, b) || byTitle(a, b);
    }
  };
  return [...ratings].sort(compare);
}
