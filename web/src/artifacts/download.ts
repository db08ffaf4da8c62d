// Streaming downloads with byte progress, checked against manifest.json before any byte
// reaches the engine.
import type { FileEntry } from './manifest';

/** A file that is missing, truncated, too large or not the one the manifest describes. */
export class ArtifactError extends Error {
  override name = 'ArtifactError';
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/**
 * Reads `url` into one buffer, reporting the bytes received so far after every chunk.
 * With `expectedBytes` the buffer is allocated once and a longer body is an error;
 * without it the chunks are joined at the end.
 */
export async function downloadBytes(
  url: string,
  name: string,
  expectedBytes: number | null,
  onProgress: (loaded: number, total: number) => void,
  fetchFn: FetchLike = fetch,
): Promise<Uint8Array> {
  let response: Response;
  try {
    // Revalidate rather than trust a cached copy blindly: a re-deployed site must not mix old
    // and new files; an unchanged file costs one 304.
    response = await fetchFn(url, { cache: 'no-cache' });
  } catch (error) {
    throw new ArtifactError(`Could not download ${name}: ${describe(error)}. Check the connection and reload.`);
  }
  if (!response.ok) {
    const why = response.status === 404 ? 'is missing on the server' : `could not be downloaded`;
    throw new ArtifactError(`${name} ${why} (HTTP ${response.status} for ${url}).`);
  }

  const headerLength = Number(response.headers.get('content-length') ?? '');
  // A compressed response announces its compressed length, while the stream yields the
  // decoded bytes, so the header is only a usable total for identity-encoded bodies.
  const encoded = (response.headers.get('content-encoding') ?? 'identity') !== 'identity';
  const total = expectedBytes ?? (!encoded && Number.isSafeInteger(headerLength) ? headerLength : 0);

  if (response.body === null) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    checkLength(name, bytes.length, expectedBytes);
    onProgress(bytes.length, total || bytes.length);
    return bytes;
  }

  const reader = response.body.getReader();
  const target = expectedBytes === null ? null : new Uint8Array(expectedBytes);
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (target !== null) {
        if (loaded + value.length > target.length) {
          throw new ArtifactError(
            `${name} is larger than manifest.json says (${target.length} bytes); ` +
              'the file and the manifest come from different builds.',
          );
        }
        target.set(value, loaded);
      } else {
        chunks.push(value);
      }
      loaded += value.length;
      onProgress(loaded, Math.max(total, loaded));
    }
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    if (error instanceof ArtifactError) throw error;
    throw new ArtifactError(`The download of ${name} broke off after ${loaded} bytes: ${describe(error)}.`);
  }
  checkLength(name, loaded, expectedBytes);
  if (target !== null) return target;
  const joined = new Uint8Array(loaded);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.length;
  }
  return joined;
}

function checkLength(name: string, got: number, expected: number | null): void {
  if (expected !== null && got !== expected) {
    throw new ArtifactError(
      `${name} is truncated or the wrong file: got ${got} bytes, manifest.json says ${expected}.`,
    );
  }
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (subtle === undefined) {
    throw new ArtifactError(
      'This page needs a secure context (https:// or localhost) to verify its downloads with SHA-256.',
    );
  }
  const digest = new Uint8Array(await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  let hex = '';
  for (const byte of digest) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/** Throws ArtifactError unless `bytes` has exactly the size and SHA-256 the manifest lists. */
export async function verifyArtifact(name: string, bytes: Uint8Array, entry: FileEntry): Promise<void> {
  checkLength(name, bytes.length, entry.bytes);
  const actual = await sha256Hex(bytes);
  if (actual !== entry.sha256) {
    throw new ArtifactError(
      `${name} does not match manifest.json: its SHA-256 is ${actual.slice(0, 12)}…, the manifest expects ` +
        `${entry.sha256.slice(0, 12)}…. The artifacts were not built together; rebuild them.`,
    );
  }
}

/** Downloads one manifest file and verifies it. */
export async function downloadArtifact(
  baseUrl: string,
  name: string,
  entry: FileEntry,
  onProgress: (loaded: number, total: number) => void,
  fetchFn: FetchLike = fetch,
): Promise<Uint8Array> {
  const bytes = await downloadBytes(new URL(name, baseUrl).href, name, entry.bytes, onProgress, fetchFn);
  await verifyArtifact(name, bytes, entry);
  return bytes;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
