// The service worker: keeps a complete, verified copy of this version of the site so it starts
// without a network. vite-plugin-pwa builds it to dist/sw.js and injects the precache list
// (every file with its SHA-256; web/src/offline/sw_revisions.ts).
//
// - Install downloads every listed file but ONNX Runtime (app shell, engine .wasm, the start-up
//   artifacts) with Subresource Integrity; one bad or refused file fails the whole install, and
//   the version that was running keeps running.
// - Entries are keyed by URL + revision, so while a new version installs, the running one keeps
//   reading its own files. A new version waits until the page asks for it ("Reload to update").
// - Activation deletes entries and caches no longer listed, including a stored text model that
//   the new manifest does not list.
// - The text model is not precached: the engine worker stores it the first time someone
//   describes a movie (web/src/offline/offline_model.ts); this worker only serves it back.
// - Nor is ONNX Runtime (13.6 MB), which only describing a movie needs: it is listed with its
//   SHA-256 like every file; the engine worker stores it next to the model, under the same kind of
//   key, the first time it runs the model, so visitors who never describe a movie never store it.
// - Nor is ratings.bin: the engine worker reads one MovieLens user's blocks of it at a time and keeps
//   them in a cache of their own (web/src/offline/offline_ratings.ts); they are fetched with Range
//   requests, which go straight to the network.
// - A request with cache mode "reload" means the caller found the stored bytes damaged: the file
//   is fetched again, verified, and replaces the stored one.
import { type PrecacheEntry, PrecacheController, PrecacheRoute } from 'workbox-precaching';
import { registerRoute } from 'workbox-routing';
import { parseManifest, type Manifest, MODEL_FILE, RATINGS_FILE } from '../artifacts/manifest';
import {
  broadcastNotice,
  describeError,
  isOwnCache,
  isQuotaError,
  modelCacheKey,
  modelCacheName,
  precacheName,
  ratingsCacheName,
  sha256OfModelKey,
} from './offline_cache';

/** The parts of ServiceWorkerGlobalScope we use (tsconfig has the DOM library only). */
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface ExtendableMessageEvent extends ExtendableEvent {
  readonly data: unknown;
}
interface ServiceWorkerScope {
  readonly registration: ServiceWorkerRegistration;
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'message', listener: (event: ExtendableMessageEvent) => void): void;
  /** Replaced at build time by the precache list. */
  readonly __WB_MANIFEST: PrecacheEntry[];
}
declare const self: ServiceWorkerScope;

const siteRoot = self.registration.scope;
const modelUrl = new URL(`artifacts/${MODEL_FILE}`, siteRoot).href;
const precache = precacheName(siteRoot);
const modelCache = modelCacheName(siteRoot);

/** Set when the page deleted the stored copy: until this worker is gone, nothing is stored again. */
let forgotten = false;

/** ONNX Runtime's files by URL: listed (revision = SHA-256, integrity) but not precached. */
const RUNTIME_FOLDER = 'ort/';
const listedFiles = self.__WB_MANIFEST;
const isRuntime = (entry: PrecacheEntry | string): boolean => typeof entry !== 'string' && entry.url.startsWith(RUNTIME_FOLDER);
const runtimeFiles = new Map(
  listedFiles.filter(isRuntime).map((entry) => {
    const listed = entry as PrecacheEntry;
    return [new URL(listed.url, siteRoot).href, listed] as const;
  }),
);

const controller = new PrecacheController({
  cacheName: precache,
  plugins: [
    {
      // Workbox downloads revisioned files with cache mode "reload". "no-cache" still asks the
      // server, but lets it answer 304 for the files the page has just downloaded; integrity
      // checks the bytes either way.
      requestWillFetch: async ({ request }) => (request.cache === 'reload' ? new Request(request, { cache: 'no-cache' }) : request),
      // Only complete answers are stored (this replaces Workbox's default check, status < 400).
      cacheWillUpdate: async ({ response }) => (forgotten || response.status !== 200 ? null : response),
    },
  ],
});
controller.addToCacheList(listedFiles.filter((entry) => !isRuntime(entry)));

self.addEventListener('install', (event) => {
  event.waitUntil(
    controller.install(event).catch((error: unknown) => {
      broadcastNotice(siteRoot, {
        type: 'store-failed',
        // With an active worker this was an update; the running version stays as it is.
        copy: self.registration.active === null ? 'site' : 'update',
        quota: isQuotaError(error),
        detail: describeError(error),
      });
      throw error;
    }),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      await controller.activate(event);
      await deleteOutdatedCaches();
      broadcastNotice(siteRoot, { type: 'offline-ready' });
    })(),
  );
});

self.addEventListener('message', (event) => {
  const type = (event.data as { type?: unknown } | null)?.type;
  if (type === 'SKIP_WAITING') void self.skipWaiting(); // the page's "Reload to update"
  if (type === 'FORGET') forgotten = true; // the page's "Delete stored data"
});

let manifestLoad: Promise<Manifest> | null = null;

/** This version's manifest.json, from the precache (so it always matches the other stored files). */
function storedManifest(): Promise<Manifest | null> {
  manifestLoad ??= controller.matchPrecache('artifacts/manifest.json').then(async (response) => {
    if (response === undefined) throw new Error('manifest.json is not stored');
    return parseManifest(await response.json());
  });
  return manifestLoad.catch(() => {
    manifestLoad = null;
    return null;
  });
}

async function deleteOutdatedCaches(): Promise<void> {
  // The MovieLens users' blocks stay while this version lists the same ratings.bin.
  const ratings = (await storedManifest())?.files[RATINGS_FILE]?.sha256;
  const kept = new Set([precache, modelCache, ...(ratings === undefined ? [] : [ratingsCacheName(siteRoot, ratings)])]);
  for (const name of await caches.keys()) {
    if (isOwnCache(name, siteRoot) && !kept.has(name)) await caches.delete(name);
  }
  if (!(await caches.has(modelCache))) return;
  // The model and runtime this version lists; anything else stored next to them is outdated.
  const listed = new Set([(await storedManifest())?.files[MODEL_FILE]?.sha256, ...[...runtimeFiles.values()].map((entry) => entry.revision)]);
  const cache = await caches.open(modelCache);
  for (const request of await cache.keys()) {
    if (!listed.has(sha256OfModelKey(request.url) ?? undefined)) await cache.delete(request);
  }
}

// A stored file the caller found damaged: fetch it again with its integrity and store the new copy.
registerRoute(
  ({ request, url }) =>
    request.cache === 'reload' && request.mode !== 'navigate' && url.href !== modelUrl &&
    controller.getCacheKeyForURL(url.href) !== undefined,
  async ({ request, url }) => {
    const cacheKey = controller.getCacheKeyForURL(url.href)!;
    const integrity = controller.getIntegrityForCacheKey(cacheKey);
    const response = await fetch(new Request(request.url, { cache: 'reload', credentials: 'same-origin', ...(integrity ? { integrity } : {}) }));
    if (response.status === 200 && !forgotten) await (await caches.open(precache)).put(cacheKey, response.clone());
    return response;
  },
);

// The text model: served from the store when this version's model is there, else from the network.
registerRoute(
  ({ url }) => url.href === modelUrl,
  async ({ request }) => {
    const sha256 = (await storedManifest())?.files[MODEL_FILE]?.sha256;
    if (sha256 === undefined || !(await caches.has(modelCache))) return fetch(request);
    const key = modelCacheKey(modelUrl, sha256);
    if (request.cache === 'reload') {
      // The caller found the stored model damaged; it stores the fresh copy once verified.
      await (await caches.open(modelCache)).delete(key);
      return fetch(request);
    }
    return (await caches.match(key, { cacheName: modelCache })) ?? fetch(request);
  },
);

// ONNX Runtime: from the store when this version's file is there (the engine worker stores it with the
// model, web/src/offline/offline_model.ts), else from the network with its integrity.
registerRoute(
  ({ url }) => runtimeFiles.has(url.href),
  async ({ request, url }) => {
    const entry = runtimeFiles.get(url.href)!;
    if (request.cache !== 'reload') {
      const stored = await caches.match(modelCacheKey(url.href, entry.revision ?? ''), { cacheName: modelCache });
      if (stored !== undefined) return stored;
    }
    return fetch(new Request(url.href, { credentials: 'same-origin', ...(entry.integrity ? { integrity: entry.integrity } : {}) }));
  },
);

// Everything else that is listed: from the precache (with the network as fallback).
registerRoute(new PrecacheRoute(controller, { ignoreURLParametersMatching: [/.*/] }));
