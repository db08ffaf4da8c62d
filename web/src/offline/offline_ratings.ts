// Engine worker side: the blocks of ratings.bin that were read (one MovieLens user at a time, or all of
// them on request) are kept in their own cache, so a user opened once also opens offline. Only while
// this site keeps an offline copy at all (its precache exists). The cache is named after ratings.bin's
// SHA-256: the service worker deletes it when a new version lists other ratings (web/src/offline/sw.ts).
import type { FileEntry } from '../artifacts/manifest';
import type { BlockStore } from '../artifacts/rating_blocks';
import { broadcastNotice, describeError, isQuotaError, modelCacheKey, precacheName, ratingsCacheName } from './offline_cache';

export function offlineRatingBlocks(siteRoot: string, ratingsUrl: string, entry: FileEntry): BlockStore {
  const name = ratingsCacheName(siteRoot, entry.sha256);
  let refused = false;
  return {
    async get(sha256) {
      if (typeof caches === 'undefined') return null;
      try {
        const stored = await caches.match(modelCacheKey(ratingsUrl, sha256), { cacheName: name });
        return stored === undefined ? null : new Uint8Array(await stored.arrayBuffer());
      } catch {
        return null;
      }
    },
    async put(sha256, bytes) {
      if (typeof caches === 'undefined' || refused) return;
      try {
        if (!(await caches.has(precacheName(siteRoot)))) return;
        const cache = await caches.open(name);
        await cache.put(
          modelCacheKey(ratingsUrl, sha256),
          new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { 'content-type': 'application/octet-stream' } }),
        );
      } catch (error) {
        refused = true; // one notice, not one per block
        broadcastNotice(siteRoot, { type: 'store-failed', copy: 'ratings', quota: isQuotaError(error), detail: describeError(error) });
      }
    },
  };
}
