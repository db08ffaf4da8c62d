import { describe, expect, it } from 'vitest';
import { modelCacheName, precacheName, ratingsCacheName } from '../../../web/src/offline/offline_cache';
import { type CacheStorageLike, deleteStoredData, kindOf, measureStoredData } from '../../../web/src/offline/storage_usage';

const root = 'https://someone.github.io/movierec/';
const other = 'https://someone.github.io/movierec-fork/';

/** An in-memory CacheStorage holding bodies of the given sizes. */
function fakeStorage(contents: Record<string, Record<string, number>>): CacheStorageLike & { delete(name: string): Promise<boolean>; names(): string[] } {
  const caches = new Map(Object.entries(contents));
  return {
    keys: async () => [...caches.keys()],
    open: async (name) => {
      const entries = caches.get(name) ?? {};
      return {
        keys: async () => Object.keys(entries).map((url) => new Request(url)),
        match: async (request: Request) => {
          const size = entries[request.url];
          return size === undefined ? undefined : new Response(new Uint8Array(size));
        },
      };
    },
    delete: async (name) => caches.delete(name),
    names: () => [...caches.keys()],
  };
}

describe('kindOf', () => {
  it('sorts files by what they are', () => {
    expect(kindOf(`${root}artifacts/catalog.bin?__WB_REVISION__=ab`, root, false)).toBe('data');
    expect(kindOf(`${root}ort/ort-wasm-simd-threaded.wasm`, root, false)).toBe('runtime');
    expect(kindOf(`${root}engine/movierec_engine.wasm`, root, false)).toBe('app');
    expect(kindOf(`${root}index.html`, root, false)).toBe('app');
    expect(kindOf(`${root}artifacts/model.int8.onnx?sha256=ab`, root, true)).toBe('model');
    // ONNX Runtime stored next to the model still counts as the runtime.
    expect(kindOf(`${root}ort/ort-wasm-simd-threaded.wasm?sha256=cd`, root, true)).toBe('runtime');
  });
});

describe('measureStoredData', () => {
  it('adds up the bytes really stored, by kind, for this site only', async () => {
    const storage = fakeStorage({
      [precacheName(root)]: {
        [`${root}index.html?__WB_REVISION__=1`]: 10_000,
        [`${root}engine/movierec_engine.wasm?__WB_REVISION__=2`]: 2_000_000,
        [`${root}ort/ort-wasm-simd-threaded.wasm?__WB_REVISION__=3`]: 14_000_000,
        [`${root}artifacts/catalog.bin?__WB_REVISION__=4`]: 500_000,
        [`${root}artifacts/index.faiss?__WB_REVISION__=5`]: 3_000_000,
      },
      [modelCacheName(root)]: { [`${root}artifacts/model.int8.onnx?sha256=ab`]: 23_000_000 },
      [ratingsCacheName(root, 'f'.repeat(64))]: {
        [`${root}artifacts/ratings.bin?sha256=${'a'.repeat(64)}`]: 16_384,
        [`${root}artifacts/ratings.bin?sha256=${'b'.repeat(64)}`]: 16_384,
      },
      [ratingsCacheName(other, 'f'.repeat(64))]: { [`${other}artifacts/ratings.bin?sha256=${'a'.repeat(64)}`]: 16_384 },
      [precacheName(other)]: { [`${other}index.html`]: 99 },
      'someone-elses-cache': { 'https://example.org/x': 5 },
    });
    expect(await measureStoredData(storage, root)).toEqual([
      { kind: 'data', files: 2, bytes: 3_500_000 },
      { kind: 'ratings', files: 2, bytes: 32_768 },
      { kind: 'app', files: 2, bytes: 2_010_000 },
      { kind: 'runtime', files: 1, bytes: 14_000_000 },
      { kind: 'model', files: 1, bytes: 23_000_000 },
    ]);
  });

  it('reports nothing when nothing is stored', async () => {
    expect(await measureStoredData(fakeStorage({}), root)).toEqual([]);
  });
});

describe('deleteStoredData', () => {
  it('deletes every cache of this site and nothing else', async () => {
    const storage = fakeStorage({
      [precacheName(root)]: {},
      [modelCacheName(root)]: {},
      [ratingsCacheName(root, 'f'.repeat(64))]: {},
      [precacheName(other)]: {},
      'someone-elses-cache': {},
    });
    expect(await deleteStoredData(storage, root)).toBe(3);
    expect(storage.names()).toEqual([precacheName(other), 'someone-elses-cache']);
  });
});
