import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasCollaborativeBlock, indexDimension, ManifestError, parseManifest, STARTUP_FILES } from '../../../web/src/artifacts/manifest';
import { hybridFields } from '../hybrid_manifest';

const artifactsDir = join(import.meta.dirname, '..', '..', '..', 'public', 'artifacts');
const hash = 'ab'.repeat(32);

function validManifest(): Record<string, unknown> {
  return {
    format_version: 6,
    dataset: { name: 'ml-latest-small', movies: 9708, users: 610, ratings: 100789 },
    model: { name: 'all-MiniLM-L6-v2', dimension: 384, max_seq_length: 256, do_lower_case: true, quantization: 'dynamic int8' },
    index: { type: 'IndexFlatIP', metric: 'inner_product' },
    embedding_text: '{title}. Genres: {genres}. Tags: {tags}.',
    files: Object.fromEntries([...STARTUP_FILES, 'ratings.bin', 'model.int8.onnx'].map((name) => [name, { bytes: 10, sha256: hash }])),
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
    expect(() => parseManifest({ format_version: 1, something: 'else' })).toThrow(/format version 1.*reads version 6/);
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

  it('reads a content projection that matches the model, and refuses one that does not', () => {
    const json = validManifest();
    const model = json['model'] as Record<string, unknown>;
    model['dimension'] = 128;
    model['projection'] = { from: 384, to: 128, retained_energy: 0.91, method: 'words' };
    expect(parseManifest(json).model.projection).toEqual({ from: 384, to: 128, retained_energy: 0.91 });
    model['projection'] = { from: 384, to: 192, retained_energy: 0.91 };
    expect(() => parseManifest(json)).toThrow(/keeps 192 of 384 dimensions, but the model makes 128/);
    model['projection'] = { from: 384, to: 128, retained_energy: 1.5 };
    expect(() => parseManifest(json)).toThrow(/model.projection.retained_energy/);
    expect(parseManifest(validManifest()).model.projection).toBeUndefined();
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

describe('the hybrid and evaluation objects', () => {
  it('are absent from a content-only build (missing or null)', () => {
    const manifest = parseManifest(validManifest());
    expect(manifest.hybrid).toBeUndefined();
    expect(manifest.evaluation).toBeUndefined();
    expect(hasCollaborativeBlock(manifest)).toBe(false);
    expect(parseManifest({ ...validManifest(), hybrid: null, evaluation: null }).hybrid).toBeUndefined();
  });

  it('are read with every documented field, and fields this page does not know are kept for the engine', () => {
    const json = { ...validManifest(), ...hybridFields() };
    (json['hybrid'] as Record<string, unknown>)['future_knob'] = [1, 2];
    const manifest = parseManifest(json);
    expect(hasCollaborativeBlock(manifest)).toBe(true);
    expect(manifest.hybrid).toMatchObject({
      content_dimension: 384,
      collaborative_dimension: 64,
      linear_dimension: 128,
      prior_dimension: 2,
      content_weight: 0.56,
      fold_in: { alpha: 0.75, rating_confidence: true },
      als: { factors: 64, regularization: 30, iterations: 12, seed: 42 },
      tuning: 'validation',
    });
    expect(manifest.hybrid?.queries.visitor).toMatchObject({ profile: 'likeness', audience_share: 0.7, max_per_series: 2 });
    expect(manifest.hybrid?.queries.user.audience_share).toBe(0.75);
    expect(manifest.hybrid?.queries.similar.audience_share).toBe(0.5);
    expect(indexDimension(manifest)).toBe(384 + 64 + 128 + 2);
    expect(manifest.evaluation?.protocols.map((p) => p.protocol)).toEqual(['visitor-3', 'visitor-10']);
    expect(manifest.evaluation?.protocols[0]!.methods[1]).toMatchObject({ name: 'hybrid', ndcg_at_10: 0.1, max_per_series: 1.3 });
    // The worker hands JSON.stringify(manifest.hybrid) to the engine, which reads the same object.
    expect(JSON.parse(JSON.stringify(manifest.hybrid))).toEqual(json['hybrid']);
    expect(manifest.evaluation?.methods.map((m) => m.name)).toEqual(['popularity', 'content', 'collaborative', 'hybrid', 'ease']);
    expect(manifest.evaluation?.methods[3]).toEqual({
      name: 'hybrid',
      recall_at_10: 0.161,
      ndcg_at_10: 0.1812,
      coverage_at_10: 0.12,
      mean_popularity_rank: 420,
    });
    expect(manifest.evaluation?.audience_share).toHaveLength(5);
    expect(manifest.evaluation?.hybrid_vs_ease_ndcg).toBe(0.95);
    expect(manifest.evaluation?.seconds).toBe(4.2);
  });

  it('keep working without the optional descriptive fields', () => {
    const json = validManifest();
    const queries = (hybridFields()['hybrid'] as Record<string, unknown>)['queries'];
    json['hybrid'] = { content_dimension: 384, collaborative_dimension: 0, linear_dimension: 0, prior_dimension: 2, content_weight: 1, queries };
    const manifest = parseManifest(json);
    expect(manifest.hybrid?.als).toBeUndefined();
    expect(hasCollaborativeBlock(manifest)).toBe(false);
    expect(indexDimension(manifest)).toBe(386);
    expect(manifest.evaluation).toBeUndefined();
  });

  const malformed: Array<[string, (json: Record<string, any>) => void, RegExp]> = [
    ['hybrid is not an object', (j) => (j['hybrid'] = 'yes'), /"hybrid" must be an object/],
    ['content block of another size than the model', (j) => (j['hybrid'].content_dimension = 768), /"hybrid.content_dimension" is 768.*384/],
    ['no collaborative dimension', (j) => delete j['hybrid'].collaborative_dimension, /"hybrid.collaborative_dimension" must be a non-negative integer/],
    ['no fold-in settings for a collaborative block', (j) => delete j['hybrid'].fold_in, /"hybrid.fold_in" must be an object/],
    ['negative content weight', (j) => (j['hybrid'].content_weight = -1), /"hybrid.content_weight" must be a number of at least 0/],
    ['a visitor share above 1', (j) => (j['hybrid'].queries.visitor.audience_share = 1.5), /"hybrid.queries.visitor.audience_share" must be a number from 0 to 1/],
    ['no similar settings', (j) => delete j['hybrid'].queries.similar, /"hybrid.queries.similar" must be an object/],
    ['no linear dimension', (j) => delete j['hybrid'].linear_dimension, /"hybrid.linear_dimension" must be a non-negative integer/],
    ['a protocol without a name', (j) => delete j['evaluation'].protocols[1].protocol, /"evaluation.protocols\[1\].protocol" must be a string/],
    ['fold-in alpha as text', (j) => (j['hybrid'].fold_in.alpha = 'big'), /"hybrid.fold_in.alpha" must be a number/],
    ['ALS factors fractional', (j) => (j['hybrid'].als.factors = 6.5), /"hybrid.als.factors" must be a non-negative integer/],
    ['evaluation is a list', (j) => (j['evaluation'] = []), /"evaluation" must be an object/],
    ['methods missing', (j) => delete j['evaluation'].methods, /"evaluation.methods" must be a list/],
    ['a method is not an object', (j) => (j['evaluation'].methods[2] = 7), /"evaluation.methods\[2\]" must be an object/],
    ['NDCG as text', (j) => (j['evaluation'].methods[1].ndcg_at_10 = '0.2'), /"evaluation.methods\[1\].ndcg_at_10" must be a number from 0 to 1/],
    ['a method without a name', (j) => delete j['evaluation'].methods[0].name, /"evaluation.methods\[0\].name" must be a string/],
    ['sweep share above 1', (j) => (j['evaluation'].audience_share[4].audience_share = 2), /"evaluation.audience_share\[4\].audience_share"/],
    ['held-out count negative', (j) => (j['evaluation'].heldout = -3), /"evaluation.heldout" must be a non-negative integer/],
    ['ratio not a number', (j) => (j['evaluation'].hybrid_vs_ease_ndcg = NaN), /"evaluation.hybrid_vs_ease_ndcg"/],
  ];
  it.each(malformed)('name the field when %s', (_, spoil, message) => {
    const json: Record<string, any> = { ...validManifest(), ...hybridFields() };
    spoil(json);
    expect(() => parseManifest(json)).toThrow(ManifestError);
    expect(() => parseManifest(json)).toThrow(message);
  });
});
