import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArtifactError, downloadArtifact, downloadBytes, sha256Hex, verifyArtifact } from '../../../web/src/artifacts/download';
import { parseManifest, STARTUP_FILES } from '../../../web/src/artifacts/manifest';

const movielensDir = process.env['MOVIELENS_DIR'] ?? join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'data', 'ml-latest-small');
const artifactsDir = join(import.meta.dirname, '..', '..', '..', 'public', 'artifacts');
const movies = new Uint8Array(readFileSync(join(movielensDir, 'movies.csv')));
const moviesSha = createHash('sha256').update(movies).digest('hex');

/** A fetch that serves `bytes` in chunks of `chunk` bytes, like a network stream. */
function servingFetch(bytes: Uint8Array, chunk: number, init: ResponseInit = {}) {
  const requests: string[] = [];
  const fetchFn = async (url: string) => {
    requests.push(url);
    let offset = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (offset >= bytes.length) {
          controller.close();
          return;
        }
        controller.enqueue(bytes.slice(offset, offset + chunk));
        offset += chunk;
      },
    });
    return new Response(body, { headers: { 'content-length': String(bytes.length) }, ...init });
  };
  return { fetchFn, requests };
}

describe('sha256Hex', () => {
  it('agrees with OpenSSL on a real file', async () => {
    expect(await sha256Hex(movies)).toBe(moviesSha);
  });

  it('agrees with the SHA256SUMS shipped with the dataset', async () => {
    const sums = readFileSync(join(movielensDir, 'SHA256SUMS'), 'utf8');
    const line = sums.split('\n').find((l) => l.trim().endsWith('movies.csv'));
    expect(line).toBeDefined();
    expect(line!.split(/\s+/)[0]).toBe(await sha256Hex(movies));
  });
});

describe('downloadArtifact', () => {
  it('streams the file with growing progress and verifies it', async () => {
    const { fetchFn, requests } = servingFetch(movies, 65536);
    const progress: number[] = [];
    const bytes = await downloadArtifact(
      'http://127.0.0.1/movierec/artifacts/',
      'movies.csv',
      { bytes: movies.length, sha256: moviesSha },
      (loaded, total) => {
        expect(total).toBe(movies.length);
        progress.push(loaded);
      },
      fetchFn,
    );
    expect(requests).toEqual(['http://127.0.0.1/movierec/artifacts/movies.csv']);
    expect(bytes).toEqual(movies);
    expect(progress.length).toBe(Math.ceil(movies.length / 65536));
    expect(progress.at(-1)).toBe(movies.length);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
  });

  it('rejects a file whose hash differs from the manifest', async () => {
    const changed = movies.slice();
    changed[100] = changed[100]! ^ 1;
    const { fetchFn } = servingFetch(changed, 4096);
    await expect(
      downloadArtifact('http://x/', 'catalog.bin', { bytes: movies.length, sha256: moviesSha }, () => undefined, fetchFn),
    ).rejects.toThrow(/catalog.bin does not match manifest.json/);
  });

  it('rejects a truncated file and a longer one', async () => {
    const short = servingFetch(movies.subarray(0, 1000), 300);
    await expect(
      downloadArtifact('http://x/', 'ratings.bin', { bytes: movies.length, sha256: moviesSha }, () => undefined, short.fetchFn),
    ).rejects.toThrow(/ratings.bin is truncated.*got 1000 bytes/);
    const long = servingFetch(movies, 4096);
    await expect(
      downloadArtifact('http://x/', 'vocab.txt', { bytes: 5000, sha256: moviesSha }, () => undefined, long.fetchFn),
    ).rejects.toThrow(/vocab.txt is larger than manifest.json says/);
  });

  it('says which file is missing on the server', async () => {
    const fetchFn = async () => new Response('not here', { status: 404 });
    const error = await downloadArtifact('http://x/a/', 'index.faiss', { bytes: 1, sha256: moviesSha }, () => undefined, fetchFn).catch((e) => e);
    expect(error).toBeInstanceOf(ArtifactError);
    expect(error.message).toBe('index.faiss is missing on the server (HTTP 404 for http://x/a/index.faiss).');
  });

  it('turns a network failure into a readable error', async () => {
    const fetchFn = async () => {
      throw new TypeError('Failed to fetch');
    };
    await expect(downloadBytes('http://x/m', 'manifest.json', null, () => undefined, fetchFn)).rejects.toThrow(
      'Could not download manifest.json: Failed to fetch. Check the connection and reload.',
    );
  });

  it('reads a file of unknown size, taking the total from Content-Length', async () => {
    const { fetchFn } = servingFetch(movies, 100_000);
    let lastTotal = 0;
    const bytes = await downloadBytes('http://x/m', 'movies.csv', null, (_, total) => (lastTotal = total), fetchFn);
    expect(bytes).toEqual(movies);
    expect(lastTotal).toBe(movies.length);
  });
});

describe.skipIf(!existsSync(join(artifactsDir, 'manifest.json')))('the built artifacts', () => {
  it('match their manifest', async () => {
    const manifest = parseManifest(JSON.parse(readFileSync(join(artifactsDir, 'manifest.json'), 'utf8')));
    for (const name of [...STARTUP_FILES, 'ratings.bin', 'model.int8.onnx']) {
      const entry = manifest.files[name];
      if (entry === undefined) continue;
      await verifyArtifact(name, new Uint8Array(readFileSync(join(artifactsDir, name))), entry);
    }
  });
});
