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
      dimension: countAt(model, 'dimension', 'model.'),
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
  };
}
