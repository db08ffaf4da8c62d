// A tiny artifact set written byte by byte from the layouts in docs/architecture.md, so the
// browser tests can serve catalogs the real dataset does not contain (hostile titles) without
// a pipeline run. Vectors are hand-made unit vectors; vocab.txt is the real MiniLM vocabulary.
import type { Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface FixtureMovie {
  id: number;
  title: string;
  year: number;
  genres: string[];
  tags: string;
  averageRating: number;
  ratingCount: number;
  imdbId: number;
  tmdbId: number;
  overview?: string;
}

export const DIMENSION = 384;

const tokenizerDir =
  process.env['MOVIEREC_TOKENIZER_DIR'] ?? join(import.meta.dirname, '..', '..', '..', 'shared', 'models', 'all-MiniLM-L6-v2');

class LittleEndianWriter {
  private bytes: number[] = [];
  u8(value: number): this {
    this.bytes.push(value & 0xff);
    return this;
  }
  u16(value: number): this {
    return this.u8(value).u8(value >> 8);
  }
  u32(value: number): this {
    return this.u16(value & 0xffff).u16(value >>> 16);
  }
  i32(value: number): this {
    return this.u32(value >>> 0);
  }
  u64(value: number): this {
    return this.u32(value % 2 ** 32).u32(Math.floor(value / 2 ** 32));
  }
  f32(value: number): this {
    const buffer = new DataView(new ArrayBuffer(4));
    buffer.setFloat32(0, value, true);
    for (let i = 0; i < 4; ++i) this.u8(buffer.getUint8(i));
    return this;
  }
  raw(bytes: Uint8Array | string): this {
    const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
    for (const b of data) this.u8(b);
    return this;
  }
  shortString(text: string): this {
    const data = new TextEncoder().encode(text);
    return this.u16(data.length).raw(data);
  }
  take(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

function catalogBytes(movies: FixtureMovie[]): Uint8Array {
  const genres = [...new Set(movies.flatMap((m) => m.genres))];
  const out = new LittleEndianWriter().raw('MRCATLG\0').u32(3).u32(genres.length);
  for (const genre of genres) out.shortString(genre);
  out.u32(movies.length);
  for (const m of movies) {
    const mask = m.genres.reduce((bits, g) => bits | (1 << genres.indexOf(g)), 0);
    out.u32(m.id).u16(m.year).u32(mask >>> 0).f32(m.averageRating).u32(m.ratingCount).u32(m.imdbId).u32(m.tmdbId);
    out.shortString(m.title).shortString(m.tags).shortString(m.overview ?? '');
  }
  // No series shipped: the engine derives them, as it does for any catalog without them.
  out.u8(0);
  return out.take();
}

/** users: user id → [(movie row, stars)] */
/** users.bin and ratings.bin (docs/architecture.md): the directory with one SHA-256 per 16 KiB block, and the ratings. */
function ratingsFiles(movieCount: number, users: Map<number, Array<[number, number]>>): { users: Uint8Array; ratings: Uint8Array } {
  const ids = [...users.keys()].sort((a, b) => a - b);
  const total = ids.reduce((sum, id) => sum + users.get(id)!.length, 0);
  const records = new LittleEndianWriter();
  for (const id of ids) for (const [row, stars] of users.get(id)!) records.u32(row).u8(Math.round(stars * 2));
  const ratings = records.take();
  const out = new LittleEndianWriter().raw('MRUSERS\0').u32(2).u32(movieCount).u32(ids.length).u32(total).u32(BLOCK_BYTES);
  for (const id of ids) out.u32(id).u32(users.get(id)!.length);
  const blockCount = Math.ceil(ratings.length / BLOCK_BYTES);
  out.u32(blockCount);
  for (let block = 0; block < blockCount; ++block) {
    out.raw(createHash('sha256').update(ratings.subarray(block * BLOCK_BYTES, (block + 1) * BLOCK_BYTES)).digest());
  }
  return { users: out.take(), ratings };
}

const BLOCK_BYTES = 16384;

/** An IndexFlatIP as faiss::write_index lays it out. */
function flatIndexBytes(vectors: Float32Array[]): Uint8Array {
  const dimension = vectors[0]?.length ?? DIMENSION;
  const out = new LittleEndianWriter().raw('IxFI').i32(dimension).u64(vectors.length).u64(2 ** 20).u64(2 ** 20).u8(1).i32(0);
  out.u64(vectors.length * dimension);
  for (const v of vectors) for (const x of v) out.f32(x);
  return out.take();
}

/** Unit vectors that all share one direction, so every movie is somewhat similar to every other. */
function vectorFor(row: number): Float32Array {
  const v = new Float32Array(DIMENSION);
  v[0] = 1;
  v[1 + row] = 0.8 + 0.05 * row;
  let norm = 0;
  for (const x of v) norm += x * x;
  return v.map((x) => x / Math.sqrt(norm));
}

export interface FixtureOptions {
  /** One index row per movie (any dimension, e.g. a hybrid build's content + collaborative blocks). */
  vectors?: Float32Array[];
  /** More manifest.json fields, e.g. "hybrid" and "evaluation". */
  manifest?: Record<string, unknown>;
}

/** Builds every start-up artifact plus manifest.json for `movies`; user 1 rated the first movie. */
export function buildFixtureArtifacts(movies: FixtureMovie[], options: FixtureOptions = {}): Map<string, Uint8Array> {
  const ratings = ratingsFiles(movies.length, new Map([[1, [[0, 4.5]]]]));
  const files = new Map<string, Uint8Array>([
    ['catalog.bin', catalogBytes(movies)],
    ['users.bin', ratings.users],
    ['ratings.bin', ratings.ratings],
    ['index.faiss', flatIndexBytes(options.vectors ?? movies.map((_, row) => vectorFor(row)))],
    ['vocab.txt', new Uint8Array(readFileSync(join(tokenizerDir, 'vocab.txt')))],
  ]);
  const manifest = {
    format_version: 6,
    dataset: { name: 'fixture', movies: movies.length, users: 1, ratings: 1 },
    model: { name: 'all-MiniLM-L6-v2', dimension: DIMENSION, max_seq_length: 256, do_lower_case: true, quantization: 'none' },
    index: { type: 'IndexFlatIP', metric: 'inner_product' },
    embedding_text: '{title}. A {genres in words} film from the {decade}. {overview} About: {every tag, most applied first}.',
    files: Object.fromEntries(
      [...files].map(([name, bytes]) => [name, { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') }]),
    ),
    build_time: '2026-01-01T00:00:00Z',
    ...options.manifest,
  };
  files.set('manifest.json', new TextEncoder().encode(JSON.stringify(manifest)));
  return files;
}

/** Answers the page's artifact requests with `files` (from buildFixtureArtifacts) instead of the built ones. */
export async function serveFixtureFiles(page: Page, files: Map<string, Uint8Array>): Promise<void> {
  await page.route('**/artifacts/*', (route) => {
    const body = files.get(new URL(route.request().url()).pathname.split('/').pop()!);
    return body === undefined ? route.fulfill({ status: 404, body: 'not found' }) : route.fulfill({ status: 200, body: Buffer.from(body) });
  });
}
