// The worker's answers to the My taste requests (protocol.ts: profile, popular, lookup), over the
// engine: recommendations from the visitor's ratings, popular picks for a cold start, and catalog
// entries by MovieLens id.
import type { Engine } from './engine';
import { engineMovieFilter, hidingAlso } from './movie_filter';
import { isLiked, type MovieInfo, type Payload, type RankedMovie, type Result } from './protocol';

/**
 * How alike two cold-start picks may be (cosine of their embeddings). MiniLM puts sequels and
 * same-franchise films above 0.8 and unrelated popular films mostly below 0.6.
 */
export const DIVERSE_PICKS_MAX_SIMILARITY = 0.75;

type DescribeMovie = (index: number) => MovieInfo;

/** `defaultShare`: the build's audience share, for a payload whose filter carries none. */
export function recommendForProfile(
  engine: Engine,
  payload: Payload<'profile'>,
  movieAt: DescribeMovie,
  defaultShare?: number,
): Result<'profile'> {
  const rows: number[] = [];
  const stars: number[] = [];
  const unknownMovieIds: number[] = [];
  for (const { movieId, rating } of payload.ratings) {
    const row = engine.indexOfMovie(movieId);
    if (row < 0) {
      unknownMovieIds.push(movieId);
      continue;
    }
    rows.push(row);
    stars.push(rating);
  }
  const likedMovies = stars.filter(isLiked).length;
  const filter = engineMovieFilter(engine, payload.filter, defaultShare);
  if (likedMovies === 0) {
    // Nothing liked yet: no taste to average, so popular picks the visitor has not rated.
    const picks = Array.from(engine.popular(payload.k, hidingAlso(filter, rows), DIVERSE_PICKS_MAX_SIMILARITY));
    return { personal: false, likedMovies, unknownMovieIds, results: picks.map((row) => ({ movie: movieAt(row), score: 0 })) };
  }
  const ranked = engine.recommendForProfile(Uint32Array.from(rows), Float32Array.from(stars), payload.k, filter);
  // Copy first: the arrays may be views of WASM memory, which the movie() calls can grow.
  const indices = Array.from(ranked.indices);
  const scores = Array.from(ranked.scores);
  const because = Array.from(ranked.because);
  const reasons = new Map<number, MovieInfo>();
  const reason = (row: number | undefined): MovieInfo | undefined => {
    if (row === undefined || row >= engine.movieCount()) return undefined;
    let movie = reasons.get(row);
    if (movie === undefined) reasons.set(row, (movie = movieAt(row)));
    return movie;
  };
  const results = indices.map((row, i): RankedMovie => {
    const liked = reason(because[i]);
    const result: RankedMovie = { movie: movieAt(row), score: scores[i] ?? 0 };
    if (liked !== undefined) result.because = liked;
    return result;
  });
  return { personal: true, likedMovies, unknownMovieIds, results };
}

export function popularMovies(engine: Engine, payload: Payload<'popular'>, movieAt: DescribeMovie): Result<'popular'> {
  const filter = engineMovieFilter(engine, payload.filter);
  const picks = Array.from(engine.popular(payload.k, filter, payload.diverse ? DIVERSE_PICKS_MAX_SIMILARITY : 1));
  return { results: picks.map((row) => ({ movie: movieAt(row), score: 0 })) };
}

export function lookupMovies(engine: Engine, payload: Payload<'lookup'>, movieAt: DescribeMovie): Result<'lookup'> {
  return {
    movies: payload.movieIds.map((id) => {
      const row = engine.indexOfMovie(id);
      return row < 0 ? null : movieAt(row);
    }),
  };
}
