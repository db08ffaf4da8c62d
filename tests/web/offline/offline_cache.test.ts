import { describe, expect, it } from 'vitest';
import {
  isOwnCache,
  isQuotaError,
  modelCacheKey,
  modelCacheName,
  parseStorageNotice,
  precacheName,
  sha256OfModelKey,
} from '../../../web/src/offline/offline_cache';

const root = 'https://someone.github.io/movierec/';
const fork = 'https://someone.github.io/movierec-fork/';
const sha = '4f552028a916ee53fbcfebaaf57cdd04a779fb4afe681a1d1323d6b32a3cf49a';

describe('cache names', () => {
  it('belong to one copy of the site only', () => {
    expect(isOwnCache(precacheName(root), root)).toBe(true);
    expect(isOwnCache(modelCacheName(root), root)).toBe(true);
    expect(isOwnCache(precacheName(fork), root)).toBe(false);
    expect(isOwnCache(precacheName(root), fork)).toBe(false);
    // A cache of a page deeper on the same origin is not ours either.
    expect(isOwnCache(precacheName(`${root}sub/`), root)).toBe(false);
    expect(isOwnCache('workbox-precache-v2-https://someone.github.io/movierec/', root)).toBe(false);
    // Older names of this site (another kind, same root) are ours to delete.
    expect(isOwnCache(`movierec-runtime-${root}`, root)).toBe(true);
  });

  it('store the model under its SHA-256', () => {
    const key = modelCacheKey(`${root}artifacts/model.int8.onnx`, sha);
    expect(key).toBe(`${root}artifacts/model.int8.onnx?sha256=${sha}`);
    expect(sha256OfModelKey(key)).toBe(sha);
    expect(sha256OfModelKey(`${root}artifacts/model.int8.onnx`)).toBeNull();
    expect(sha256OfModelKey(`${root}artifacts/model.int8.onnx?sha256=xyz`)).toBeNull();
  });
});

describe('parseStorageNotice', () => {
  it('accepts the three notices', () => {
    expect(parseStorageNotice({ type: 'offline-ready' })).toEqual({ type: 'offline-ready' });
    expect(parseStorageNotice({ type: 'model-stored', bytes: 5 })).toEqual({ type: 'model-stored', bytes: 5 });
    const failed = { type: 'store-failed', copy: 'model', quota: true, detail: 'QuotaExceededError' };
    expect(parseStorageNotice(failed)).toEqual(failed);
  });

  it('ignores anything else', () => {
    for (const data of [null, 'offline-ready', { type: 'SKIP_WAITING' }, { type: 'model-stored' }, { type: 'store-failed', copy: 'model', quota: 'yes', detail: '' }, { type: 'store-failed', copy: 'x', quota: true, detail: '' }]) {
      expect(parseStorageNotice(data)).toBeNull();
    }
  });
});

describe('isQuotaError', () => {
  it('recognises the DOMException Cache.put rejects with', () => {
    expect(isQuotaError(new DOMException('Quota exceeded.', 'QuotaExceededError'))).toBe(true);
    expect(isQuotaError(new TypeError('Failed to fetch'))).toBe(false);
    expect(isQuotaError(undefined)).toBe(false);
  });
});
