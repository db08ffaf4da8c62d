// What this site keeps on the device, measured from Cache Storage itself (not from what the build
// says it should be), so the About tab shows the bytes that are really there.
import { isOwnCache, isRatingsCache, modelCacheName } from './offline_cache';

/** The parts of CacheStorage we read, so tests can pass a fake. */
export interface CacheStorageLike {
  keys(): Promise<string[]>;
  open(name: string): Promise<{ keys(): Promise<readonly Request[]>; match(request: Request): Promise<Response | undefined> }>;
}

export type StoredKind = 'data' | 'ratings' | 'app' | 'runtime' | 'model';

export interface StoredGroup {
  kind: StoredKind;
  files: number;
  bytes: number;
}

/** The kind of file at `url` in a site rooted at `siteRoot`. */
export function kindOf(url: string, siteRoot: string, inModelCache: boolean, inRatingsCache = false): StoredKind {
  if (inRatingsCache) return 'ratings';
  const path = url.startsWith(siteRoot) ? new URL(url).pathname.slice(new URL(siteRoot).pathname.length) : '';
  // ONNX Runtime is stored next to the model (on first use of "Describe a movie"), and counted as itself.
  if (path.startsWith('ort/')) return 'runtime';
  if (inModelCache) return 'model';
  if (path.startsWith('artifacts/')) return 'data';
  return 'app';
}

/** Sums every cache this site owns, by kind; kinds with nothing stored are left out. */
export async function measureStoredData(storage: CacheStorageLike, siteRoot: string): Promise<StoredGroup[]> {
  const groups = new Map<StoredKind, StoredGroup>();
  const modelCache = modelCacheName(siteRoot);
  for (const name of await storage.keys()) {
    if (!isOwnCache(name, siteRoot)) continue;
    const cache = await storage.open(name);
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      if (response === undefined) continue;
      const bytes = (await response.blob()).size;
      const kind = kindOf(request.url, siteRoot, name === modelCache, isRatingsCache(name, siteRoot));
      const group = groups.get(kind) ?? { kind, files: 0, bytes: 0 };
      group.files += 1;
      group.bytes += bytes;
      groups.set(kind, group);
    }
  }
  const order: StoredKind[] = ['data', 'ratings', 'app', 'runtime', 'model'];
  return order.flatMap((kind) => groups.get(kind) ?? []);
}

/** Deletes every cache this site owns; returns how many there were. */
export async function deleteStoredData(storage: { keys(): Promise<string[]>; delete(name: string): Promise<boolean> }, siteRoot: string): Promise<number> {
  let deleted = 0;
  for (const name of await storage.keys()) {
    if (isOwnCache(name, siteRoot) && (await storage.delete(name))) deleted += 1;
  }
  return deleted;
}
