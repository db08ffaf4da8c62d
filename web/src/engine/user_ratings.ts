// A MovieLens user's ratings for the engine: the blocks of ratings.bin that hold them (users.bin, in
// the engine, says which), read and verified by web/src/artifacts/rating_blocks.ts.
import type { FetchLike } from '../artifacts/download';
import { type FileEntry, type Manifest, RATINGS_FILE } from '../artifacts/manifest';
import { type BlockStore, type RatingBlock, readRatingBlocks, storeAllRatingBlocks } from '../artifacts/rating_blocks';
import type { Engine } from './engine';

export function ratingsUrl(siteRoot: string): string {
  return new URL(`artifacts/${RATINGS_FILE}`, siteRoot).href;
}

/** The listed ratings.bin (parseManifest requires it). */
export function ratingsEntry(manifest: Manifest): FileEntry {
  return manifest.files[RATINGS_FILE]!;
}

function blocksOf(engine: Engine, first: number, count: number): RatingBlock[] {
  return Array.from(engine.ratingBlocks(first, count), (block) => ({ start: block.start, end: block.end, sha256: block.sha256 }));
}

/** The verified bytes of `userId`'s blocks, for engine.recommendForUser. Throws for an unknown user. */
export async function userRatingBytes(engine: Engine, userId: number, url: string, store: BlockStore, fetchFn: FetchLike = fetch): Promise<Uint8Array> {
  const { first, count } = engine.userRatingBlocks(userId);
  return readRatingBlocks(url, blocksOf(engine, first, count), store, fetchFn, `The ratings of MovieLens user ${userId}`);
}

/** Stores every user's blocks ("Make every MovieLens user available offline"). */
export function storeEveryUser(engine: Engine, url: string, store: BlockStore, onProgress: (stored: number, total: number) => void): Promise<void> {
  return storeAllRatingBlocks(url, blocksOf(engine, 0, engine.ratingBlockCount()), store, onProgress);
}
