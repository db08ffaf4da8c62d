// Facts about the real dataset that the browser tests check the page against.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const movielensDir =
  process.env['MOVIELENS_DIR'] ?? join(import.meta.dirname, '..', '..', '..', 'shared', 'data', 'ml-latest-small');

let catalogIds: Set<number> | null = null;

/** Ids of the movies the catalog keeps: the pipeline drops movies listed without any genre. */
export function catalogMovieIds(): Set<number> {
  if (catalogIds !== null) return catalogIds;
  catalogIds = new Set();
  for (const line of readFileSync(join(movielensDir, 'movies.csv'), 'utf8').split('\n').slice(1)) {
    const row = line.trim();
    if (row === '' || row.endsWith(',(no genres listed)')) continue;
    catalogIds.add(Number(row.slice(0, row.indexOf(','))));
  }
  return catalogIds;
}

/** movieId → stars for one user, from ratings.csv, limited to movies in the catalog. */
export function ratingsOf(userId: number): Map<number, number> {
  const kept = catalogMovieIds();
  const ratings = new Map<number, number>();
  for (const line of readFileSync(join(movielensDir, 'ratings.csv'), 'utf8').split('\n').slice(1)) {
    const [user, movie, stars] = line.trim().split(',');
    if (Number(user) === userId && kept.has(Number(movie))) ratings.set(Number(movie), Number(stars));
  }
  return ratings;
}
