import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeIndexVectors, scanTopK } from '../../../web/src/bench/index_vectors';
import { loadEngineModule } from '../engine_node_loader';

const root = join(import.meta.dirname, '..', '..', '..');
const artifactsDir = join(root, 'public', 'artifacts');
const haveBuild = ['index.faiss', 'catalog.bin', 'users.bin', 'vocab.txt'].every((f) => existsSync(join(artifactsDir, f))) &&
  existsSync(join(root, 'public', 'engine', 'movierec_engine.wasm'));

/** Bytes laid out the way faiss::write_index writes an IndexFlatIP. */
function flatIndexBytes(dimension: number, rows: number[][]): Uint8Array {
  const floats = rows.flat();
  const bytes = new Uint8Array(4 + 4 + 8 + 8 + 8 + 1 + 4 + 8 + floats.length * 4);
  const view = new DataView(bytes.buffer);
  bytes.set([...'IxFI'].map((c) => c.charCodeAt(0)));
  let o = 4;
  view.setInt32(o, dimension, true);
  view.setBigInt64((o += 4), BigInt(rows.length), true);
  view.setBigInt64((o += 8), 1n << 20n, true);
  view.setBigInt64((o += 8), 1n << 20n, true);
  view.setUint8((o += 8), 1);
  view.setInt32((o += 1), 0, true); // METRIC_INNER_PRODUCT
  view.setBigUint64((o += 4), BigInt(floats.length), true);
  o += 8;
  floats.forEach((f, i) => view.setFloat32(o + i * 4, f, true));
  return bytes;
}

describe('decodeIndexVectors', () => {
  it('reads the vectors of a flat inner-product index', () => {
    const flat = decodeIndexVectors(flatIndexBytes(3, [[1, 0, 0], [0, 1, 0], [0.6, 0.8, 0]]));
    expect(flat.dimension).toBe(3);
    expect(flat.count).toBe(3);
    expect(Array.from(flat.vectors)).toEqual([1, 0, 0, 0, 1, 0, 0.6000000238418579, 0.800000011920929, 0]);
    const top = scanTopK(flat, new Float32Array([1, 0, 0]), 2);
    expect(Array.from(top.indices)).toEqual([0, 2]);
    expect(Array.from(top.scores)).toEqual([1, 0.6000000238418579]);
  });

  it('rejects other index types, truncated files and trailing bytes', () => {
    const bytes = flatIndexBytes(2, [[1, 0]]);
    expect(() => decodeIndexVectors(bytes.subarray(0, 20))).toThrow(/file ends inside/);
    const hnsw = bytes.slice();
    hnsw.set([...'IHNf'].map((c) => c.charCodeAt(0)));
    expect(() => decodeIndexVectors(hnsw)).toThrow(/"IHNf" is neither flat nor a scalar quantizer/);
    const longer = new Uint8Array(bytes.length + 1);
    longer.set(bytes);
    expect(() => decodeIndexVectors(longer)).toThrow(/1 unexpected trailing bytes/);
  });
});

describe.skipIf(!haveBuild)('the built index', () => {
  it('decodes to the vectors FAISS searches: a JS scan finds what the engine finds', async () => {
    const read = (name: string) => new Uint8Array(readFileSync(join(artifactsDir, name)));
    const manifest = JSON.parse(readFileSync(join(artifactsDir, 'manifest.json'), 'utf8')) as {
      model: { dimension: number };
      hybrid?: { content_dimension: number; content_weight: number };
    };
    const contentDimension = manifest.hybrid?.content_dimension ?? manifest.model.dimension;
    const contentWeight = manifest.hybrid?.content_weight ?? 1;
    const index = read('index.faiss');
    const decoded = decodeIndexVectors(index);
    const module = await loadEngineModule();
    const engine = new module.Engine(read('catalog.bin'), read('users.bin'), index, read('vocab.txt'), 256, true, 'null');
    try {
      expect(decoded.count).toBe(engine.movieCount());
      let longest = 0;
      for (let row = 0; row < decoded.count; ++row) {
        longest = Math.max(longest, Math.hypot(...decoded.vectors.subarray(row * decoded.dimension, (row + 1) * decoded.dimension)));
      }
      expect(decoded.dimension).toBe(engine.dimension());
      for (let i = 0; i < 25; ++i) {
        const row = Math.floor((i * decoded.count) / 25);
        const query = decoded.vectors.slice(row * decoded.dimension, (row + 1) * decoded.dimension);
        // The text block is a unit MiniLM vector, scaled by the content weight in a hybrid index.
        let norm = 0;
        for (const x of query.subarray(0, contentDimension)) norm += x * x;
        expect(Math.sqrt(norm)).toBeCloseTo(contentWeight, 1); // up to quantization error

        const scan = scanTopK(decoded, query, 10);
        const faiss = engine.searchByVector(query, 10);
        // Unit rows find themselves first; a hybrid index's rows differ in length, so a longer one may win.
        if (manifest.hybrid === undefined) expect(scan.indices[0]).toBe(row);
        expect(faiss.indices[0]).toBe(scan.indices[0]);
        const overlap = Array.from(faiss.indices).filter((x) => Array.from(scan.indices).includes(x)).length;
        expect(overlap).toBeGreaterThanOrEqual(9);
        // The engine's score is the match (a blend of cosines), not the raw inner product: a row is a
        // full match for itself, and every match is a fraction.
        if (faiss.indices[0] === row) expect(faiss.scores[0]).toBeCloseTo(1, 2);
        for (const score of faiss.scores) expect(score).toBeGreaterThanOrEqual(0);
        for (const score of faiss.scores) expect(score).toBeLessThanOrEqual(1);
        expect(longest).toBeGreaterThan(0);
      }
    } finally {
      engine.delete();
    }
  });
});
