// Where the offline copy lives in Cache Storage, and the notices about it that the service
// worker, the engine worker and the page send each other. Shared by all three, so a name can
// never drift between the one that writes a cache and the one that reads or deletes it.
//
// Every name ends with the site root (the service worker's scope): two copies of the site on one
// origin (say /movierec/ and /movierec-fork/) keep separate caches and never delete each other's.

/** The app shell, the engine, ONNX Runtime and the start-up artifacts, as Workbox precaches them. */
export function precacheName(siteRoot: string): string {
  return `movierec-precache-${siteRoot}`;
}

/** The 23 MB text model, stored the first time someone describes a movie. */
export function modelCacheName(siteRoot: string): string {
  return `movierec-model-${siteRoot}`;
}

/**
 * The blocks of ratings.bin read so far (one MovieLens user at a time), named after that file's SHA-256
 * so the blocks of one build are never mixed with another's.
 */
export function ratingsCacheName(siteRoot: string, ratingsSha256: string): string {
  return `movierec-ratings-${ratingsSha256.slice(0, 16)}-${siteRoot}`;
}

export function isRatingsCache(name: string, siteRoot: string): boolean {
  return name.startsWith('movierec-ratings-') && name.endsWith(`-${siteRoot}`);
}

/** The names of every cache this copy of the site may own, current or left over from older versions. */
export function isOwnCache(name: string, siteRoot: string): boolean {
  return name.startsWith('movierec-') && name.endsWith(`-${siteRoot}`);
}

/**
 * The model is stored under its SHA-256, so the model of one deployment is never taken for the
 * model of another, and an update knows which stored model is no longer listed.
 */
export function modelCacheKey(modelUrl: string, sha256: string): string {
  const url = new URL(modelUrl);
  url.search = `?sha256=${sha256}`;
  return url.href;
}

/** The SHA-256 a model cache key was stored under, or null for a key that is not ours. */
export function sha256OfModelKey(key: string): string | null {
  const value = new URL(key).searchParams.get('sha256');
  return value !== null && /^[0-9a-f]{64}$/.test(value) ? value : null;
}

export function noticeChannelName(siteRoot: string): string {
  return `movierec-storage-${siteRoot}`;
}

/** Which stored copy a notice is about: the first copy of the site, an update of it, the text model, or users' ratings. */
export type StoredCopy = 'site' | 'update' | 'model' | 'ratings';
const STORED_COPIES: readonly StoredCopy[] = ['site', 'update', 'model', 'ratings'];

/** What the service worker and the engine worker tell every open page about stored data. */
export type StorageNotice =
  /** The offline copy (app, engine, runtime, data) is complete. */
  | { type: 'offline-ready' }
  /** The text model was stored for offline use. */
  | { type: 'model-stored'; bytes: number }
  /** Storing `copy` was refused or failed; `quota` says whether the browser refused the space. */
  | { type: 'store-failed'; copy: StoredCopy; quota: boolean; detail: string };

export function parseStorageNotice(data: unknown): StorageNotice | null {
  if (typeof data !== 'object' || data === null) return null;
  const notice = data as Record<string, unknown>;
  switch (notice['type']) {
    case 'offline-ready':
      return { type: 'offline-ready' };
    case 'model-stored':
      return typeof notice['bytes'] === 'number' ? { type: 'model-stored', bytes: notice['bytes'] } : null;
    case 'store-failed':
      if (
        !STORED_COPIES.includes(notice['copy'] as StoredCopy) ||
        typeof notice['quota'] !== 'boolean' ||
        typeof notice['detail'] !== 'string'
      ) {
        return null;
      }
      return { type: 'store-failed', copy: notice['copy'] as StoredCopy, quota: notice['quota'], detail: notice['detail'] };
    default:
      return null;
  }
}

/** Cache.put rejects with a DOMException named QuotaExceededError when the browser says no. */
export function isQuotaError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'QuotaExceededError';
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') {
    return (error as { message: string }).message;
  }
  return String(error);
}

/** Posts one notice to every page of this site; a browser without BroadcastChannel just stays quiet. */
export function broadcastNotice(siteRoot: string, notice: StorageNotice): void {
  if (typeof BroadcastChannel !== 'function') return;
  const channel = new BroadcastChannel(noticeChannelName(siteRoot));
  channel.postMessage(notice);
  channel.close();
}
