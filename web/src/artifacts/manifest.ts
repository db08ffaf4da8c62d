// artifacts/manifest.json: what the pipeline built, and the size and SHA-256 of every file,
// so the page can refuse bytes that do not belong together (docs/architecture.md).

export const SUPPORTED_FORMAT_VERSION = 6;

/** Files the engine needs before the first query, in the order the Engine constructor takes them. */
export const STARTUP_FILES = ['catalog.bin', 'users.bin', 'index.faiss', 'vocab.txt'] as const;
/** MovieLens users' ratings: read one user at a time (web/src/artifacts/rating_blocks.ts), never at start-up. */
export const RATINGS_FILE = 'ratings.bin';
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
    /** The model's own dimension cut to `to` principal directions of the catalog (both the index and the shipped model). */
    projection?: { from: number; to: number; retained_energy: number };
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
 * (implicit-ALS item factors) | linear block (a low-rank item-to-item model) | prior block (popularity
 * and rating)]. The engine reads this object itself (the page passes it on as JSON), so fields this page
 * does not know are kept as they are.
 */
export interface HybridSpace {
  content_dimension: number;
  /** 0: content-only, the audience share has no effect. */
  collaborative_dimension: number;
  linear_dimension: number;
  prior_dimension: number;
  content_weight: number;
  collaborative_weight?: number;
  factor_scale?: number;
  shrinkage_beta?: number;
  fold_in?: { alpha?: number; rating_confidence?: boolean };
  als?: {
    factors?: number;
    regularization?: number;
    alpha?: number;
    confidence?: string;
    feedback?: string;
    iterations?: number;
    seed?: number;
  };
  /** "validation": the blend was tuned on a validation split; "defaults": the validated defaults. */
  tuning?: string;
  queries: QuerySettings;
  [field: string]: unknown;
}

/** A profile question's settings; the engine reads the rest (docs/architecture.md, "hybrid.queries"). */
export interface ProfileQuerySettings {
  /** How the ratings become a query: "likeness" (visitors) or "fold_in" (MovieLens users). */
  profile: string;
  /** The share of the audience blocks unless the visitor moves the blend. */
  audience_share: number;
  [field: string]: unknown;
}

/** The tuned settings per kind of question. */
export interface QuerySettings {
  visitor: ProfileQuerySettings;
  user: ProfileQuerySettings;
  similar: { audience_share: number; [field: string]: unknown };
  describe: { [field: string]: unknown };
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
  /** Mean pairwise content distance within a top 10. */
  intra_list_diversity?: number;
  /** Films of the best-represented series in a top 10, on average. */
  max_per_series?: number;
  [field: string]: unknown;
}

export interface AudienceSharePoint {
  audience_share: number;
  recall_at_10: number;
  ndcg_at_10: number;
}

/** One protocol's rows: "visitor-3" (visitors with 3 liked movies), "visitor-3-dislikes", "cold-items", ... */
export interface EvaluatedProtocol {
  protocol: string;
  users: number;
  heldout: number;
  methods: EvaluatedMethod[];
  [field: string]: unknown;
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
  /** The visitor and cold-item protocols, when the build ran them. */
  protocols: EvaluatedProtocol[];
  /** What a large catalog's evaluation left out to fit the machine (docs/pipeline.md); absent when nothing. */
  restrictions?: string[];
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

function stringIn(list: unknown[], i: number, path: string): string {
  const value = list[i];
  if (typeof value !== 'string') throw new ManifestError(`manifest.json: "${path}[${i}]" must be a string`);
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
    linear_dimension: countAt(json, 'linear_dimension', p),
    prior_dimension: countAt(json, 'prior_dimension', p),
    ...optional(json, 'tuning', text(p)),
    ...(foldIn === undefined
      ? {}
      : {
          fold_in: {
            ...foldIn,
            ...optional(foldIn, 'alpha', nonNegative(`${p}fold_in.`)),
            ...optional(foldIn, 'rating_confidence', (parent, field) => booleanAt(parent, field, `${p}fold_in.`)),
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
    queries: parseQueries(objectAt(json, 'queries', p)),
  };
}

function parseQueries(json: Json): QuerySettings {
  const p = 'hybrid.queries.';
  const share = (question: Json, at: string) => numberAt(question, 'audience_share', at, 0, 1);
  const profile = (name: string): ProfileQuerySettings => {
    const question = objectAt(json, name, p);
    const at = `${p}${name}.`;
    return { ...question, profile: stringAt(question, 'profile', at), audience_share: share(question, at) };
  };
  const similar = objectAt(json, 'similar', p);
  return {
    visitor: profile('visitor'),
    user: profile('user'),
    similar: { ...similar, audience_share: share(similar, `${p}similar.`) },
    describe: objectAt(json, 'describe', p),
  };
}

function parseMethods(json: Json, p: string): EvaluatedMethod[] {
  const fraction = (parent: Json, field: string, path: string) => numberAt(parent, field, path, 0, 1);
  const methodList = arrayAt(json, 'methods', p);
  return methodList.map((_, i): EvaluatedMethod => {
    const method = recordIn(methodList, i, `${p}methods`);
    const at = `${p}methods[${i}].`;
    return {
      ...method,
      name: stringAt(method, 'name', at),
      recall_at_10: fraction(method, 'recall_at_10', at),
      ndcg_at_10: fraction(method, 'ndcg_at_10', at),
      coverage_at_10: fraction(method, 'coverage_at_10', at),
      ...optional(method, 'mean_popularity_rank', (parent, field) => numberAt(parent, field, at, 0)),
      ...optional(method, 'intra_list_diversity', (parent, field) => numberAt(parent, field, at, 0, 2)),
      ...optional(method, 'max_per_series', (parent, field) => numberAt(parent, field, at, 0)),
    };
  });
}

function parseEvaluation(json: Json): Evaluation {
  const p = 'evaluation.';
  const fraction = (parent: Json, field: string, path: string) => numberAt(parent, field, path, 0, 1);
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
  const protocolList = json['protocols'] === undefined ? [] : arrayAt(json, 'protocols', p);
  const protocols = protocolList.map((_, i): EvaluatedProtocol => {
    const protocol = recordIn(protocolList, i, `${p}protocols`);
    const at = `${p}protocols[${i}].`;
    return {
      ...protocol,
      protocol: stringAt(protocol, 'protocol', at),
      users: countAt(protocol, 'users', at),
      heldout: countAt(protocol, 'heldout', at),
      methods: parseMethods(protocol, at),
    };
  });
  return {
    protocol: stringAt(json, 'protocol', p),
    users: countAt(json, 'users', p),
    heldout: countAt(json, 'heldout', p),
    catalog: countAt(json, 'catalog', p),
    methods: parseMethods(json, p),
    audience_share: sweep,
    ...optional(json, 'hybrid_vs_ease_ndcg', (parent, field) => numberAt(parent, field, p, 0)),
    ...optional(json, 'seconds', (parent, field) => numberAt(parent, field, p, 0)),
    ...optional(json, 'restrictions', (parent, field) => arrayAt(parent, field, p).map((_, i, list) => stringIn(list, i, `${p}${field}`))),
    protocols,
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
  for (const name of [...STARTUP_FILES, RATINGS_FILE]) {
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
      ...projectionAt(model, dimension),
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

/** The index's vector length: the content block, plus the audience and prior blocks of a hybrid build. */
/** model.projection, when the build cut the content dimensions: `to` must be the model's dimension. */
function projectionAt(model: Json, dimension: number): { projection?: { from: number; to: number; retained_energy: number } } {
  if (model['projection'] === undefined || model['projection'] === null) return {};
  const projection = objectAt(model, 'projection', 'model.');
  const from = countAt(projection, 'from', 'model.projection.');
  const to = countAt(projection, 'to', 'model.projection.');
  const energy = projection['retained_energy'];
  if (to !== dimension || to > from) {
    throw new ManifestError(`manifest.json: "model.projection" keeps ${to} of ${from} dimensions, but the model makes ${dimension}`);
  }
  if (typeof energy !== 'number' || !(energy >= 0 && energy <= 1)) {
    throw new ManifestError('manifest.json: "model.projection.retained_energy" must be a number from 0 to 1');
  }
  return { projection: { from, to, retained_energy: energy } };
}

export function indexDimension(manifest: Pick<Manifest, 'model' | 'hybrid'>): number {
  const hybrid = manifest.hybrid;
  if (hybrid === undefined) return manifest.model.dimension;
  return hybrid.content_dimension + hybrid.collaborative_dimension + hybrid.linear_dimension + hybrid.prior_dimension;
}
