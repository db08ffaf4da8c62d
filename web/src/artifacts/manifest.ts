// artifacts/manifest.json: what the pipeline built, and the size and SHA-256 of every file,
// so the page can refuse bytes that do not belong together (docs/architecture.md).

export const SUPPORTED_FORMAT_VERSION = 1;

/** Files the engine needs before the first query, in the order the Engine constructor takes them. */
export const STARTUP_FILES = ['catalog.bin', 'ratings.bin', 'index.faiss', 'vocab.txt'] as const;
export type StartupFile = (typeof STARTUP_FILES)[number];

/** The sentence encoder, fetched only when someone describes a movie in their own words. */
export const MODEL_FILE = 'model.int8.onnx';

export interface FileEntry {
  bytes: number;
  sha256: string;
}

export interface Manifest {
  format_version: number;
  dataset: { name: string; movies: number; users: number; ratings: number };
  model: {
    name: string;
    dimension: number;
    max_seq_length: number;
    do_lower_case: boolean;
    quantization: string;
  };
  /** `recall_at_10` and `faiss_factory` are written by pipelines that measure their index choice. */
  index: { type: string; metric: string; faiss_factory?: string; recall_at_10?: number };
  embedding_text: string;
  files: Record<string, FileEntry>;
  build_time: string;
  /** Absent in a content-only build: the index then holds MiniLM vectors alone. */
  hybrid?: HybridSpace;
  /** The offline evaluation the pipeline ran on a held-out split, when it ran one. */
  evaluation?: Evaluation;
}

/**
 * How the index's vectors are made: [content block (MiniLM x content_weight) | collaborative block
 * (implicit-ALS item factors)]. The engine reads this object itself (the page passes it on as JSON), so
 * fields this page does not know are kept as they are.
 */
export interface HybridSpace {
  content_dimension: number;
  /** 0: content-only, the audience share has no effect. */
  collaborative_dimension: number;
  content_weight: number;
  collaborative_weight?: number;
  factor_scale?: number;
  shrinkage_beta?: number;
  /** How a visitor's ratings become the collaborative half of their query, e.g. "least_squares". */
  profile?: string;
  fold_in?: { lambda?: number; alpha?: number; rating_confidence?: boolean; feedback?: string };
  als?: {
    factors?: number;
    regularization?: number;
    alpha?: number;
    confidence?: string;
    feedback?: string;
    iterations?: number;
    seed?: number;
  };
  /** "validation": the blend was tuned on a validation split; "defaults": it was not. */
  tuning?: string;
  /** The share of the collaborative block a query uses unless the visitor moves the blend. */
  default_audience_share: number;
  [field: string]: unknown;
}

/** Top-10 quality of one recommender on the held-out ratings. */
export interface EvaluatedMethod {
  /** "popularity", "content", "collaborative", "hybrid" (what this site serves) or "ease". */
  name: string;
  recall_at_10: number;
  ndcg_at_10: number;
  /** Share of the catalog that appears in someone's top 10. */
  coverage_at_10: number;
  mean_popularity_rank?: number;
}

export interface AudienceSharePoint {
  audience_share: number;
  recall_at_10: number;
  ndcg_at_10: number;
}

export interface Evaluation {
  protocol: string;
  users: number;
  heldout: number;
  catalog: number;
  methods: EvaluatedMethod[];
  /** The served hybrid's quality as the audience share goes from 0 (content only) to 1 (audience only). */
  audience_share: AudienceSharePoint[];
  /** The served hybrid's NDCG@10 divided by EASE's. */
  hybrid_vs_ease_ndcg?: number;
  seconds?: number;
}

export class ManifestError extends Error {
  override name = 'ManifestError';
}

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objectAt(parent: Json, field: string, path: string): Json {
  const value = parent[field];
  if (!isRecord(value)) throw new ManifestError(`manifest.json: "${path}${field}" must be an object`);
  return value;
}

function stringAt(parent: Json, field: string, path: string): string {
  const value = parent[field];
  if (typeof value !== 'string') throw new ManifestError(`manifest.json: "${path}${field}" must be a string`);
  return value;
}

function countAt(parent: Json, field: string, path: string): number {
  const value = parent[field];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new ManifestError(`manifest.json: "${path}${field}" must be a non-negative integer`);
  }
  return value;
}

function booleanAt(parent: Json, field: string, path: string): boolean {
  const value = parent[field];
  if (typeof value !== 'boolean') throw new ManifestError(`manifest.json: "${path}${field}" must be true or false`);
  return value;
}

/** A finite number from `min` to `max`. */
function numberAt(parent: Json, field: string, path: string, min = -Infinity, max = Infinity): number {
  const value = parent[field];
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    const range =
      min === -Infinity && max === Infinity ? 'a number' : max === Infinity ? `a number of at least ${min}` : `a number from ${min} to ${max}`;
    throw new ManifestError(`manifest.json: "${path}${field}" must be ${range}`);
  }
  return value;
}

/** `{ [field]: value }` when the optional field is present (checked by `read`), `{}` when it is absent. */
function optional<T>(parent: Json, field: string, read: (parent: Json, field: string) => T): Record<string, T> {
  return parent[field] === undefined ? {} : { [field]: read(parent, field) };
}

function arrayAt(parent: Json, field: string, path: string): unknown[] {
  const value = parent[field];
  if (!Array.isArray(value)) throw new ManifestError(`manifest.json: "${path}${field}" must be a list`);
  return value;
}

function recordIn(list: unknown[], i: number, path: string): Json {
  const value = list[i];
  if (!isRecord(value)) throw new ManifestError(`manifest.json: "${path}[${i}]" must be an object`);
  return value;
}

function parseHybrid(json: Json, modelDimension: number): HybridSpace {
  const p = 'hybrid.';
  const contentDimension = countAt(json, 'content_dimension', p);
  if (contentDimension !== modelDimension) {
    throw new ManifestError(
      `manifest.json: "hybrid.content_dimension" is ${contentDimension}, but the model makes ${modelDimension}-dimensional vectors`,
    );
  }
  const collaborativeDimension = countAt(json, 'collaborative_dimension', p);
  // The engine folds a visitor's ratings into the collaborative block with these settings.
  const foldIn = json['fold_in'] === undefined && collaborativeDimension === 0 ? undefined : objectAt(json, 'fold_in', p);
  const als = json['als'] === undefined ? undefined : objectAt(json, 'als', p);
  const nonNegative = (path: string) => (parent: Json, field: string) => numberAt(parent, field, path, 0);
  const text = (path: string) => (parent: Json, field: string) => stringAt(parent, field, path);
  const count = (path: string) => (parent: Json, field: string) => countAt(parent, field, path);
  return {
    ...json,
    content_dimension: contentDimension,
    collaborative_dimension: collaborativeDimension,
    content_weight: numberAt(json, 'content_weight', p, 0),
    ...optional(json, 'collaborative_weight', nonNegative(p)),
    ...optional(json, 'factor_scale', nonNegative(p)),
    ...optional(json, 'shrinkage_beta', nonNegative(p)),
    ...optional(json, 'profile', text(p)),
    ...optional(json, 'tuning', text(p)),
    ...(foldIn === undefined
      ? {}
      : {
          fold_in: {
            ...foldIn,
            ...optional(foldIn, 'lambda', nonNegative(`${p}fold_in.`)),
            ...optional(foldIn, 'alpha', nonNegative(`${p}fold_in.`)),
            ...optional(foldIn, 'rating_confidence', (parent, field) => booleanAt(parent, field, `${p}fold_in.`)),
            ...optional(foldIn, 'feedback', text(`${p}fold_in.`)),
          },
        }),
    ...(als === undefined
      ? {}
      : {
          als: {
            ...als,
            ...optional(als, 'factors', count(`${p}als.`)),
            ...optional(als, 'regularization', nonNegative(`${p}als.`)),
            ...optional(als, 'alpha', nonNegative(`${p}als.`)),
            ...optional(als, 'confidence', text(`${p}als.`)),
            ...optional(als, 'feedback', text(`${p}als.`)),
            ...optional(als, 'iterations', count(`${p}als.`)),
            ...optional(als, 'seed', count(`${p}als.`)),
          },
        }),
    default_audience_share: numberAt(json, 'default_audience_share', p, 0, 1),
  };
}

function parseEvaluation(json: Json): Evaluation {
  const p = 'evaluation.';
  const fraction = (parent: Json, field: string, path: string) => numberAt(parent, field, path, 0, 1);
  const methodList = arrayAt(json, 'methods', p);
  const methods = methodList.map((_, i): EvaluatedMethod => {
    const method = recordIn(methodList, i, `${p}methods`);
    const at = `${p}methods[${i}].`;
    return {
      name: stringAt(method, 'name', at),
      recall_at_10: fraction(method, 'recall_at_10', at),
      ndcg_at_10: fraction(method, 'ndcg_at_10', at),
      coverage_at_10: fraction(method, 'coverage_at_10', at),
      ...optional(method, 'mean_popularity_rank', (parent, field) => numberAt(parent, field, at, 0)),
    };
  });
  const sweepList = arrayAt(json, 'audience_share', p);
  const sweep = sweepList.map((_, i): AudienceSharePoint => {
    const point = recordIn(sweepList, i, `${p}audience_share`);
    const at = `${p}audience_share[${i}].`;
    return {
      audience_share: fraction(point, 'audience_share', at),
      recall_at_10: fraction(point, 'recall_at_10', at),
      ndcg_at_10: fraction(point, 'ndcg_at_10', at),
    };
  });
  return {
    protocol: stringAt(json, 'protocol', p),
    users: countAt(json, 'users', p),
    heldout: countAt(json, 'heldout', p),
    catalog: countAt(json, 'catalog', p),
    methods,
    audience_share: sweep,
    ...optional(json, 'hybrid_vs_ease_ndcg', (parent, field) => numberAt(parent, field, p, 0)),
    ...optional(json, 'seconds', (parent, field) => numberAt(parent, field, p, 0)),
  };
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * Validates parsed manifest JSON. The format version is checked first, so artifacts from a
 * newer pipeline get a message about the version rather than about some renamed field.
 */
export function parseManifest(json: unknown): Manifest {
  if (!isRecord(json)) throw new ManifestError('manifest.json: the top level must be an object');
  const version = json['format_version'];
  if (typeof version !== 'number' || !Number.isInteger(version)) {
    throw new ManifestError('manifest.json: "format_version" must be an integer');
  }
  if (version !== SUPPORTED_FORMAT_VERSION) {
    throw new ManifestError(
      `manifest.json: the artifacts have format version ${version}, but this page reads version ` +
        `${SUPPORTED_FORMAT_VERSION}. Rebuild the artifacts with the matching pipeline, or reload the page ` +
        'if the site was just updated.',
    );
  }

  const dataset = objectAt(json, 'dataset', '');
  const model = objectAt(json, 'model', '');
  const index = objectAt(json, 'index', '');
  const filesJson = objectAt(json, 'files', '');

  const files: Record<string, FileEntry> = {};
  for (const [name, entry] of Object.entries(filesJson)) {
    if (!isRecord(entry)) throw new ManifestError(`manifest.json: "files.${name}" must be an object`);
    const sha256 = stringAt(entry, 'sha256', `files.${name}.`).toLowerCase();
    if (!SHA256_HEX.test(sha256)) {
      throw new ManifestError(`manifest.json: "files.${name}.sha256" must be 64 hexadecimal digits`);
    }
    files[name] = { bytes: countAt(entry, 'bytes', `files.${name}.`), sha256 };
  }
  for (const name of STARTUP_FILES) {
    if (!(name in files)) throw new ManifestError(`manifest.json: "files" has no entry for ${name}`);
  }

  const maxSeqLength = countAt(model, 'max_seq_length', 'model.');
  if (maxSeqLength < 2) throw new ManifestError('manifest.json: "model.max_seq_length" must be at least 2');
  const dimension = countAt(model, 'dimension', 'model.');
  // Both objects are optional (a content-only build has neither); null counts as absent.
  const hybrid = json['hybrid'] == null ? undefined : parseHybrid(objectAt(json, 'hybrid', ''), dimension);
  const evaluation = json['evaluation'] == null ? undefined : parseEvaluation(objectAt(json, 'evaluation', ''));

  return {
    format_version: version,
    dataset: {
      name: stringAt(dataset, 'name', 'dataset.'),
      movies: countAt(dataset, 'movies', 'dataset.'),
      users: countAt(dataset, 'users', 'dataset.'),
      ratings: countAt(dataset, 'ratings', 'dataset.'),
    },
    model: {
      name: stringAt(model, 'name', 'model.'),
      dimension,
      max_seq_length: maxSeqLength,
      do_lower_case: booleanAt(model, 'do_lower_case', 'model.'),
      quantization: stringAt(model, 'quantization', 'model.'),
    },
    index: {
      type: stringAt(index, 'type', 'index.'),
      metric: stringAt(index, 'metric', 'index.'),
      ...(typeof index['faiss_factory'] === 'string' ? { faiss_factory: index['faiss_factory'] } : {}),
      ...(typeof index['recall_at_10'] === 'number' ? { recall_at_10: index['recall_at_10'] } : {}),
    },
    embedding_text: stringAt(json, 'embedding_text', ''),
    files,
    build_time: stringAt(json, 'build_time', ''),
    ...(hybrid === undefined ? {} : { hybrid }),
    ...(evaluation === undefined ? {} : { evaluation }),
  };
}

/** Whether the index has a collaborative block, i.e. whether the audience share changes anything. */
export function hasCollaborativeBlock(manifest: Pick<Manifest, 'hybrid'>): boolean {
  return (manifest.hybrid?.collaborative_dimension ?? 0) > 0;
}
