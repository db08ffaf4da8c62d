import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManifestError, parseManifest, STARTUP_FILES } from '../../web/src/manifest';

const artifactsDir = join(import.meta.dirname, '..', '..', 'public', 'artifacts');
const hash = 'ab'.repeat(32);

function validManifest(): Record<string, unknown> {
  return {
    format_version: 1,
    dataset: { name: 'ml-latest-small', movies: 9708, users: 610, ratings: 100789 },
    model: { name: 'all-MiniLM-L6-v2', dimension: 384, max_seq_length: 256, do_lower_case: true, quantization: 'dynamic int8' },
    index: { type: 'IndexFlatIP', metric: 'inner_product' },
    embedding_text: '{title}. Genres: {genres}. Tags: {tags}.',
    files: Object.fromEntries([...STARTUP_FILES, 'model.int8.onnx'].map((name) => [name, { bytes: 10, sha256: hash }])),
    build_time: '2026-11-26T05:00:00Z',
  };
}

describe('parseManifest', () => {
  it('accepts the documented shape', () => {
    const manifest = parseManifest(validManifest());
    expect(manifest.dataset.users).toBe(610);
    expect(manifest.model.max_seq_length).toBe(256);
    expect(manifest.files['catalog.bin']).toEqual({ bytes: 10, sha256: hash });
  });

  it('reports another format version before anything else', () => {
    expect(() => parseManifest({ format_version: 2, something: 'else' })).toThrow(/format version 2.*reads version 1/);
  });

  it('names the missing or malformed field', () => {
    const noIndex = validManifest();
    (noIndex['files'] as Record<string, unknown>)['index.faiss'] = undefined;
    delete (noIndex['files'] as Record<string, unknown>)['index.faiss'];
    expect(() => parseManifest(noIndex)).toThrow(/"files" has no entry for index.faiss/);

    const badHash = validManifest();
    (badHash['files'] as Record<string, { sha256: string }>)['vocab.txt']!.sha256 = 'xyz';
    expect(() => parseManifest(badHash)).toThrow(/files.vocab.txt.sha256/);

    const badModel = validManifest();
    (badModel['model'] as Record<string, unknown>)['dimension'] = '384';
    expect(() => parseManifest(badModel)).toThrow(/model.dimension/);

    expect(() => parseManifest([])).toThrow(ManifestError);
    expect(() => parseManifest({})).toThrow(/format_version/);
  });

  it.skipIf(!existsSync(join(artifactsDir, 'manifest.json')))('accepts the manifest the pipeline wrote', () => {
    const manifest = parseManifest(JSON.parse(readFileSync(join(artifactsDir, 'manifest.json'), 'utf8')));
    for (const name of STARTUP_FILES) expect(manifest.files[name]!.bytes).toBeGreaterThan(0);
  });
});

describe('optional index facts', () => {
  it('keeps the measured recall and the FAISS factory string when present', () => {
    const json = validManifest();
    json['index'] = { type: 'sq8', metric: 'inner_product', faiss_factory: 'SQ8', recall_at_10: 0.9934 };
    expect(parseManifest(json).index).toEqual({ type: 'sq8', metric: 'inner_product', faiss_factory: 'SQ8', recall_at_10: 0.9934 });
    json['index'] = { type: 'sq8', metric: 'inner_product', recall_at_10: 'high' };
    expect(parseManifest(json).index).toEqual({ type: 'sq8', metric: 'inner_product' });
  });
});
