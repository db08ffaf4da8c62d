// The worker's answers to the requests made of ratings and catalog rows (protocol.ts: profile, user's
// results, popular, lookup), over the engine: recommendations from ratings with the liked movie behind
// each one, popular picks for a cold start, and catalog entries by MovieLens id.
import type { Engine, ProfileRanked } from './engine';
import { engineMovieFilter } from './movie_filter';
import type { MovieInfo, Payload, ProfileAnswer, RankedMovie, Result } from './protocol';

type DescribeMovie = (index: number) => MovieInfo;

/** A ranking from ratings as the page shows it: each result with the liked movie behind it. */
export function explainedResults(engine: Pick<Engine, 'movieCount'>, ranked: ProfileRanked, movieAt: DescribeMovie): ProfileAnswer {
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
  return { personal: ranked.personal, likedMovies: ranked.likedMovies, dislikedMovies: ranked.dislikedMovies, results };
}

export function recommendForProfile(engine: Engine, payload: Payload<'profile'>, movieAt: DescribeMovie): Result<'profile'> {
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
  // Nothing liked yet: the engine answers with popular picks that keep away from the dislikes.
  const ranked = engine.recommendForProfile(Uint32Array.from(rows), Float32Array.from(stars), payload.k, engineMovieFilter(engine, payload.filter));
  return { ...explainedResults(engine, ranked, movieAt), unknownMovieIds };
}

export function popularMovies(engine: Engine, payload: Payload<'popular'>, movieAt: DescribeMovie): Result<'popular'> {
  const picks = Array.from(engine.popular(payload.k, engineMovieFilter(engine, payload.filter), payload.diverse));
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
