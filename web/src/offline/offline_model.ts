// Engine worker side: keeps the text model for offline use once it has been downloaded and
// verified, so the 23 MB are stored on first use of "Describe a movie" rather than on every
// first visit. The service worker serves it back (web/src/offline/sw.ts).
import type { FileEntry } from '../artifacts/manifest';
import { broadcastNotice, describeError, isQuotaError, modelCacheKey, modelCacheName, precacheName } from './offline_cache';

/**
 * Stores `bytes` (already checked against `entry`) under the model's SHA-256. Only when this
 * site keeps an offline copy at all: the precache exists once the service worker started
 * installing, and is gone after "Delete stored data". Failures are reported, never thrown: the
 * model works from memory either way.
 */
export async function storeModelOffline(siteRoot: string, modelUrl: string, entry: FileEntry, bytes: Uint8Array): Promise<void> {
  if (typeof caches === 'undefined') return;
  try {
    if (!(await caches.has(precacheName(siteRoot)))) return;
    const key = modelCacheKey(modelUrl, entry.sha256);
    const cache = await caches.open(modelCacheName(siteRoot));
    if ((await cache.match(key)) !== undefined) return;
    await cache.put(
      key,
      new Response(bytes as Uint8Array<ArrayBuffer>, {
        headers: { 'content-type': 'application/octet-stream', 'content-length': String(bytes.length) },
      }),
    );
    broadcastNotice(siteRoot, { type: 'model-stored', bytes: bytes.length });
  } catch (error) {
    broadcastNotice(siteRoot, {
      type: 'store-failed',
      copy: 'model',
      quota: isQuotaError(error),
      detail: describeError(error),
    });
  }
}

function hex(digest: ArrayBuffer): string {
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Stores ONNX Runtime's files next to the model, each under the SHA-256 of its bytes: the service
 * worker lists them with that hash as their revision and serves them from here (web/src/offline/sw.ts).
 * Only once this version's model is stored (a runtime without its model is no use offline). The
 * responses are stored as the server sent them: a cross-origin-isolated page only starts ONNX
 * Runtime's thread workers from responses that carry the server's isolation headers. The files come
 * from the HTTP cache, just used to start the model. Failures are reported, never thrown.
 */
export async function storeRuntimeOffline(siteRoot: string, modelUrl: string, model: FileEntry, urls: readonly string[]): Promise<void> {
  if (typeof caches === 'undefined' || typeof crypto === 'undefined' || crypto.subtle === undefined) return;
  try {
    const cache = await caches.open(modelCacheName(siteRoot));
    if ((await cache.match(modelCacheKey(modelUrl, model.sha256))) === undefined) return;
    for (const url of urls) {
      const response = await fetch(url);
      if (response.status !== 200) continue;
      const digest = await crypto.subtle.digest('SHA-256', await response.clone().arrayBuffer());
      const key = modelCacheKey(url, hex(digest));
      if ((await cache.match(key)) === undefined) await cache.put(key, response);
    }
  } catch (error) {
    broadcastNotice(siteRoot, { type: 'store-failed', copy: 'model', quota: isQuotaError(error), detail: describeError(error) });
  }
}

/** Whether this version's model is kept on this device (so using it downloads nothing). */
export async function isModelStored(siteRoot: string, modelUrl: string, entry: FileEntry): Promise<boolean> {
  if (typeof caches === 'undefined') return false;
  try {
    const cache = await caches.open(modelCacheName(siteRoot));
    return (await cache.match(modelCacheKey(modelUrl, entry.sha256))) !== undefined;
  } catch {
    return false;
  }
}
