// @vitest-environment node
// The browser engine (C++ → WASM, FAISS included) must answer exactly as the native CLI does, on the
// real artifacts: same movies in the same order, similarity within 1e-5.
//
// Inputs: MOVIEREC_ARTIFACTS (default public/artifacts), MOVIEREC_CLI (default
// build/native/pipeline/movierec), the engine in public/engine/. Build them first:
//   movierec build; bash wasm/build_deps.sh; emcmake cmake -S . -B build/wasm && cmake --build build/wasm
// A missing input fails the test with that instruction: sameness is not optional.
//
// The second part proves the FAISS wire-format fix for wasm32: indexes of several types are written
// by native FAISS (a small program compiled here against the system libfaiss), then loaded by the
// WASM engine and searched with the same queries.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_BLOCK_STORE } from '../../../web/src/artifacts/rating_blocks';
import { userRatingBytes } from '../../../web/src/engine/user_ratings';
import { type Engine, type EngineModule, type Ranked, loadEngineModule, rangeFetch, repoRoot } from '../engine_node_loader';

const artifactsDir = path.resolve(process.env.MOVIEREC_ARTIFACTS ?? path.join(repoRoot, 'public', 'artifacts'));
const cliPath = path.resolve(process.env.MOVIEREC_CLI ?? path.join(repoRoot, 'build', 'native', 'pipeline', 'movierec'));
const engineDir = path.join(repoRoot, 'public', 'engine');

const K = 10;
const SCORE_TOLERANCE = 1e-5;
// The engine reports a match, the cosine to the row as stored; FAISS's score is the inner product with the
// quantized row, whose length is 1 only up to the quantization error (largest for 4-bit codes).
const MATCH_TOLERANCE = 0.05;
const SIMILAR_QUERIES = 200;
const USER_STRIDE = 5; // every 5th MovieLens user (ml-latest-small ids are 1..610)
const SLOW = 600_000; // ms; these tests run hundreds of queries, nothing here measures time

const SEARCH_TEXTS = [
  'a heist inside dreams',
  'space adventure with robots and a rebellion',
  'romantic comedy in Paris',
  'toys that come alive when nobody is watching',
  'a detective hunts a serial killer in a rainy city',
  'animated film about a fish looking for his son',
  'war drama about soldiers on the beach in Normandy',
  'high school musical with singing and dancing',
  'zombie apocalypse survival horror',
  'superhero team saves the world from aliens',
  'dinosaurs escape from a theme park',
  'a boxer from Philadelphia gets a title shot',
  'mafia family crime saga',
  'time travel with a DeLorean',
  'vampires and werewolves in a love triangle',
  'Pixar',
  'Christopher Nolan',
  'based on a true story',
  'dark comedy, quirky, Wes Anderson',
  'Studio Ghibli: spirits, a bathhouse and a girl',
  'Café Society — Woody Allen’s jazz-age Hollywood',
  'Amélie à Montmartre',
  'Crouching Tiger, Hidden Dragon 卧虎藏龙',
  'Godzilla ゴジラ destroys Tokyo',
  'ÉCOLE DES FEMMES NAÏVE',
  'a movie about a shark 🦈 attacking swimmers',
  'sci-fi!!! (robots) [AI] {dystopia} #future',
  'heist    with    extra    spaces',
  'documentary about climate change and polar bears',
  'western with cowboys, a duel at noon and a sheriff',
  'kung fu panda',
  'the lord of the rings',
  'a family road trip in a yellow van to a beauty pageant',
  'Tom Hanks stranded on an island with a volleyball',
  'psychological thriller with an unreliable narrator and a twist ending',
  'musical about a circus showman',
  'coming of age story in the 1980s with a group of friends on bikes',
  'noir',
  'a lonely man falls in love with his computer operating system',
  'teenage wizard school magic friendship',
];

// ---- the native CLI, in its --stdin batch mode: one process per query type ----

interface CliMovie {
  movie_id: number;
  title: string;
  genres: string[];
}
interface CliRecommendation extends CliMovie {
  similarity_score: number;
  /** Recommendations from ratings: the liked movie that added most. */
  because_movie_id?: number;
}
interface CliAnswer {
  error?: string;
  query_movie?: CliMovie;
  user_stats?: { total_ratings: number; liked_movies: number };
  recommendations?: CliRecommendation[];
  count?: number;
}

function runCliBatch(command: 'similar' | 'recommend' | 'search', queries: string[], k = K): Promise<CliAnswer[]> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      cliPath,
      [command, '--artifacts', artifactsDir, '-k', String(k), '--json', '--stdin'],
      { maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`movierec ${command} failed: ${error.message}\n${stderr}`));
          return;
        }
        const lines = stdout.split('\n').filter((line) => line.length > 0);
        if (lines.length !== queries.length) {
          reject(new Error(`movierec ${command} answered ${lines.length} of ${queries.length} queries\n${stderr}`));
          return;
        }
        resolve(lines.map((line) => JSON.parse(line) as CliAnswer));
      },
    );
    child.stdin!.end(queries.map((q) => `${q}\n`).join(''));
  });
}

// ---- comparisons ----

function engineError(call: () => unknown): string | undefined {
  try {
    call();
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(Error);
    return (error as Error).message;
  }
}

function expectSameRanking(engine: Engine, wasm: Ranked, cli: CliAnswer, context: string): void {
  expect(cli.error, context).toBeUndefined();
  const expected = cli.recommendations!;
  expect(cli.count, context).toBe(expected.length);
  const ids = Array.from(wasm.indices, (index) => engine.movie(index).id);
  expect(ids, context).toEqual(expected.map((r) => r.movie_id));
  expect(
    Array.from(wasm.indices, (index) => engine.movie(index).title),
    context,
  ).toEqual(expected.map((r) => r.title));
  expected.forEach((r, i) => {
    expect(Math.abs(wasm.scores[i]! - r.similarity_score), `${context}, rank ${i + 1}`).toBeLessThanOrEqual(
      SCORE_TOLERANCE,
    );
  });
}

function readBinary(file: string): ArrayBuffer {
  const bytes = readFileSync(file);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

function readArtifact(name: string): Uint8Array {
  return new Uint8Array(readFileSync(path.join(artifactsDir, name)));
}

function requireInputs(): void {
  const missing = [
    ...['manifest.json', 'catalog.bin', 'users.bin', 'ratings.bin', 'index.faiss', 'vocab.txt', 'model.int8.onnx'].map((name) =>
      path.join(artifactsDir, name),
    ),
    cliPath,
    path.join(engineDir, 'movierec_engine.mjs'),
    path.join(engineDir, 'movierec_engine.wasm'),
  ].filter((file) => !existsSync(file));
  if (missing.length > 0) {
    throw new Error(
      `engine sameness needs the artifacts, the native CLI and the WASM engine; missing:\n  ${missing.join('\n  ')}\n` +
        'build them with `movierec build`, `bash wasm/build_deps.sh` and the build/wasm CMake build',
    );
  }
}

let engineModule: EngineModule;
let engine: Engine;
let maxSeqLength: number;
let doLowerCase: boolean;
let hybridJson: string;
let modelDimension: number;

beforeAll(async () => {
  requireInputs();
  const manifest = JSON.parse(readFileSync(path.join(artifactsDir, 'manifest.json'), 'utf8')) as {
    model: { max_seq_length: number; do_lower_case: boolean; dimension: number };
    hybrid?: unknown;
  };
  maxSeqLength = manifest.model.max_seq_length;
  doLowerCase = manifest.model.do_lower_case;
  modelDimension = manifest.model.dimension;
  // The same blend the native CLI reads from the manifest.
  hybridJson = JSON.stringify(manifest.hybrid ?? null);
  engineModule = await loadEngineModule(engineDir);
  engine = new engineModule.Engine(
    readArtifact('catalog.bin'),
    readArtifact('users.bin'),
    readArtifact('index.faiss'),
    readArtifact('vocab.txt'),
    maxSeqLength,
    doLowerCase,
    hybridJson,
  );
}, SLOW);

afterAll(() => {
  engine?.delete();
});

describe('WASM engine vs native CLI on the real artifacts', () => {
  it(
    `similar: ${SIMILAR_QUERIES} titles`,
    async () => {
      const count = engine.movieCount();
      const rows = Array.from({ length: SIMILAR_QUERIES }, (_, i) => Math.floor((i * count) / SIMILAR_QUERIES));
      const titles = rows.map((row) => engine.movie(row).title);
      const answers = await runCliBatch('similar', titles);
      titles.forEach((title, i) => {
        const context = `similar "${title}"`;
        const matches = engine.findTitles(title, 1);
        expect(matches.length, context).toBe(1);
        const query = matches[0]!;
        expect(answers[i]!.query_movie?.movie_id, context).toBe(engine.movie(query).id);
        const wasm = engine.similarTo(query, K);
        expect(Array.from(wasm.indices), context).not.toContain(query);
        expectSameRanking(engine, wasm, answers[i]!, context);
      });
    },
    SLOW,
  );

  it(
    'recommend: every 5th MovieLens user, and an unknown one',
    async () => {
      const userIds = [];
      for (let id = 1; id <= engine.userCount(); id += USER_STRIDE) userIds.push(id);
      userIds.push(999_999);
      const answers = await runCliBatch(
        'recommend',
        userIds.map((id) => String(id)),
      );
      // Each user's blocks of ratings.bin, read as the browser reads them: a Range request, each block verified.
      const ratingsFile = readArtifact('ratings.bin');
      const blocksOf = new Map<number, Uint8Array>();
      for (const userId of userIds) {
        if (engineError(() => engine.userRatingBlocks(userId)) !== undefined) continue;
        blocksOf.set(userId, await userRatingBytes(engine, userId, 'http://127.0.0.1/artifacts/ratings.bin', NO_BLOCK_STORE, rangeFetch(ratingsFile)));
      }
      const recommend = (userId: number) => engine.recommendForUser(userId, blocksOf.get(userId) ?? new Uint8Array(), K);
      let compared = 0;
      userIds.forEach((userId, i) => {
        const context = `recommend user ${userId}`;
        const cli = answers[i]!;
        const message = engineError(() => recommend(userId));
        if (cli.error !== undefined || message !== undefined) {
          // Users without liked movies, and unknown users: the same refusal on both sides.
          expect(message, context).toBe(cli.error);
          return;
        }
        const wasm = recommend(userId);
        expect(
          { total_ratings: wasm.totalRatings, liked_movies: wasm.likedMovies, disliked_movies: wasm.dislikedMovies },
          context,
        ).toEqual(cli.user_stats);
        expectSameRanking(engine, wasm, cli, context);
        compared += 1;
      });
      expect(compared).toBeGreaterThan(userIds.length / 2);
    },
    SLOW,
  );

  it(
    'recommend --profile: visitor profiles of 1 to 10 ratings (likes, dislikes, not interested), as My taste asks',
    () => {
      const popular = Array.from(engine.popular(50, {}, false));
      const stars = [5, 4.5, 1, 4, 0, 3.5, 2, 5, 0.5, 4];
      const dir = mkdtempSync(path.join(os.tmpdir(), 'movierec-profiles-'));
      try {
        for (let p = 0; p < 20; ++p) {
          const size = 1 + (p % 10);
          const rows = Array.from({ length: size }, (_, j) => popular[(p * 7 + j * 3) % popular.length]!);
          // Profile 9 holds only dislikes: popular picks that keep away from them.
          const ratings = rows.map((_, j) => (p === 9 ? 1 : stars[(p + j) % stars.length]!));
          const file = path.join(dir, `profile-${p}.json`);
          const exported = rows.map((row, j) =>
            ratings[j] === 0 ? { movieId: engine.movie(row).id, notInterested: true } : { movieId: engine.movie(row).id, rating: ratings[j] },
          );
          writeFileSync(file, JSON.stringify({ format: 'movierec-ratings', version: 1, ratings: exported }));
          const cli = JSON.parse(
            execFileSync(cliPath, ['recommend', '--artifacts', artifactsDir, '--profile', file, '-k', String(K), '--json'], { encoding: 'utf8' }),
          ) as CliAnswer & { personal: boolean; recommendations: CliRecommendation[] };
          const wasm = engine.recommendForProfile(Uint32Array.from(rows), Float32Array.from(ratings), K);
          const context = `profile ${p}: ${JSON.stringify(exported)}`;
          expect(wasm.personal, context).toBe(cli.personal);
          expect(p === 9 ? wasm.personal : true, context).toBe(p !== 9);
          expectSameRanking(engine, wasm, cli, context);
          const because = Array.from(wasm.because, (row) => (row < engine.movieCount() ? engine.movie(row).id : undefined));
          expect(because, context).toEqual(cli.recommendations.map((r) => r.because_movie_id));
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    SLOW,
  );

  it(
    `search: ${SEARCH_TEXTS.length} free-text queries, embedded with the shipped int8 model from the engine's token ids`,
    async () => {
      const session = await ort.InferenceSession.create(path.join(artifactsDir, 'model.int8.onnx'));
      try {
        const answers = await runCliBatch('search', SEARCH_TEXTS);
        for (const [i, text] of SEARCH_TEXTS.entries()) {
          const context = `search "${text}"`;
          const ids = engine.tokenize(text);
          expect(ids.length, context).toBeLessThanOrEqual(maxSeqLength);
          const shape = [1, ids.length];
          const output = await session.run({
            input_ids: new ort.Tensor('int64', BigInt64Array.from(ids, (id) => BigInt(id)), shape),
            attention_mask: new ort.Tensor('int64', new BigInt64Array(ids.length).fill(1n), shape),
          });
          const embedding = output.sentence_embedding!.data as Float32Array;
          // A text query is a content vector; the engine pads a hybrid index's audience block with zeros.
          expect(embedding.length, context).toBe(modelDimension);
          expectSameRanking(engine, engine.searchByVector(embedding, K), answers[i]!, context);
        }
      } finally {
        await session.release();
      }
    },
    SLOW,
  );

  it('refuses the same requests with the same messages', async () => {
    const title = engine.movie(0).title;
    for (const k of [0, 51]) {
      const [cli] = await runCliBatch('similar', [title], k);
      expect(cli!.error).toBeDefined();
      expect(engineError(() => engine.similarTo(engine.findTitles(title, 1)[0]!, k))).toBe(cli!.error);
    }
    expect(engineError(() => engine.similarTo(engine.movieCount(), K))).toMatch(/outside the catalog/);
    expect(engineError(() => engine.searchByVector(new Float32Array(3), K))).toMatch(/dimensions/);
    expect(engineError(() => engine.movie(-1))).toMatch(/movie index/);
  });
});

// ---- FAISS indexes written natively, read by the WASM engine ----

const INDEX_WRITER_SOURCE = String.raw`
// Re-stores the vectors of an index as the FAISS index types the engine loads (flat and scalar-quantized)
// and records native FAISS's search results for a sample of rows.
// Usage: writer SOURCE_INDEX OUT_DIR QUERY_STRIDE K
#include <faiss/IndexFlat.h>
#include <faiss/IndexScalarQuantizer.h>
#include <faiss/index_io.h>
#include <faiss/utils/distances.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

static void write_floats(const std::string& path, const std::vector<float>& v) {
  FILE* f = std::fopen(path.c_str(), "wb");
  std::fwrite(v.data(), sizeof(float), v.size(), f);
  std::fclose(f);
}

static void write_rows(const std::string& path, const std::vector<faiss::Index::idx_t>& v) {
  FILE* f = std::fopen(path.c_str(), "wb");
  std::fwrite(v.data(), sizeof(faiss::Index::idx_t), v.size(), f);
  std::fclose(f);
}

int main(int argc, char** argv) {
  if (argc != 5) return 2;
  std::unique_ptr<faiss::Index> source(faiss::read_index(argv[1]));
  const std::string out = argv[2];
  const long stride = std::stol(argv[3]);
  const faiss::Index::idx_t k = std::stol(argv[4]);
  const int d = source->d;
  const faiss::Index::idx_t n = source->ntotal;
  std::vector<float> vectors(size_t(n) * d);
  source->reconstruct_n(0, n, vectors.data());
  // Unit rows (a hybrid index's rows are not), so native inner products are the cosines the engine reports.
  faiss::fvec_renorm_L2(size_t(d), size_t(n), vectors.data());
  std::vector<float> queries;
  for (faiss::Index::idx_t row = 0; row < n; row += stride) {
    queries.insert(queries.end(), vectors.begin() + row * d, vectors.begin() + (row + 1) * d);
  }
  write_floats(out + "/queries.f32", queries);
  const size_t nq = queries.size() / d;

  const auto ip = faiss::METRIC_INNER_PRODUCT;
  std::vector<std::pair<std::string, std::unique_ptr<faiss::Index>>> indexes;
  using SQ = faiss::ScalarQuantizer;
  indexes.emplace_back("flat", std::make_unique<faiss::IndexFlatIP>(d));
  indexes.emplace_back("sq8", std::make_unique<faiss::IndexScalarQuantizer>(d, SQ::QT_8bit, ip));
  indexes.emplace_back("sq6", std::make_unique<faiss::IndexScalarQuantizer>(d, SQ::QT_6bit, ip));
  indexes.emplace_back("sq4", std::make_unique<faiss::IndexScalarQuantizer>(d, SQ::QT_4bit, ip));
  indexes.emplace_back("fp16", std::make_unique<faiss::IndexScalarQuantizer>(d, SQ::QT_fp16, ip));
  for (auto& [name, index] : indexes) {
    index->train(n, vectors.data());
    index->add(n, vectors.data());
    faiss::write_index(index.get(), (out + "/" + name + ".faiss").c_str());
    // One query per call, as the engine searches: the same code path on both sides.
    std::vector<float> scores(nq * k);
    std::vector<faiss::Index::idx_t> rows(nq * k);
    for (size_t q = 0; q < nq; ++q) {
      index->search(1, queries.data() + q * d, k, scores.data() + q * k, rows.data() + q * k);
    }
    // The engine's match is the inner product over |query| x the longest stored row (the queries are
    // unit vectors); quantization moves the decoded rows' lengths slightly away from 1.
    std::vector<float> decoded(size_t(n) * d);
    index->reconstruct_n(0, n, decoded.data());
    float longest = 0;
    for (faiss::Index::idx_t row = 0; row < n; ++row) {
      longest = std::max(longest, std::sqrt(faiss::fvec_norm_L2sqr(decoded.data() + size_t(row) * d, size_t(d))));
    }
    if (longest > 0) for (float& score : scores) score /= longest;
    write_floats(out + "/" + name + ".scores.f32", scores);
    write_rows(out + "/" + name + ".rows.i64", rows);
  }
  return 0;
}
`;

describe('indexes written by native FAISS load in the WASM engine (64-bit size_t on the wire)', () => {
  const QUERIES = 200;
  const CANDIDATES = 3 * K; // the engine searches 3k candidates and keeps the best k
  let workDir: string;
  let queryStride: number;

  beforeAll(() => {
    queryStride = Math.max(1, Math.floor(engine.movieCount() / QUERIES));
    workDir = mkdtempSync(path.join(os.tmpdir(), 'movierec-faiss-'));
    const source = path.join(workDir, 'index_writer.cpp');
    const writer = path.join(workDir, 'index_writer');
    writeFileSync(source, INDEX_WRITER_SOURCE);
    execFileSync(process.env.CXX ?? 'c++', ['-std=c++17', '-O2', source, '-o', writer, '-lfaiss', '-fopenmp', '-lblas', '-llapack'], {
      stdio: 'inherit',
    });
    execFileSync(writer, [path.join(artifactsDir, 'index.faiss'), workDir, String(queryStride), String(CANDIDATES)], {
      stdio: 'inherit',
    });
  }, SLOW);

  afterAll(() => {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  for (const [name, fourcc] of [
    ['flat', 'IxFI'],
    ['sq8', 'IxSQ'],
    ['sq6', 'IxSQ'],
    ['sq4', 'IxSQ'],
    ['fp16', 'IxSQ'],
  ] as const) {
    it(
      `${name} (${fourcc}): the same neighbours as native FAISS`,
      () => {
        const indexBytes = new Uint8Array(readFileSync(path.join(workDir, `${name}.faiss`)));
        expect(new TextDecoder().decode(indexBytes.subarray(0, 4))).toBe(fourcc);
        const queries = new Float32Array(readBinary(path.join(workDir, 'queries.f32')));
        const scores = new Float32Array(readBinary(path.join(workDir, `${name}.scores.f32`)));
        const rows = new BigInt64Array(readBinary(path.join(workDir, `${name}.rows.i64`)));
        const loaded = new engineModule.Engine(
          readArtifact('catalog.bin'),
          readArtifact('users.bin'),
          indexBytes,
          readArtifact('vocab.txt'),
          maxSeqLength,
          doLowerCase,
          // Plain FAISS search over whatever the rows hold: no blocks to weigh.
          'null',
        );
        try {
          const d = loaded.dimension();
          const nq = queries.length / d;
          expect(nq).toBe(Math.ceil(loaded.movieCount() / queryStride));
          for (let q = 0; q < nq; ++q) {
            const context = `${name} query ${q}`;
            const wasm = loaded.searchByVector(queries.subarray(q * d, (q + 1) * d), K);
            const nativeRows = Array.from(rows.subarray(q * CANDIDATES, q * CANDIDATES + K), Number);
            expect(Array.from(wasm.indices), context).toEqual(nativeRows);
            nativeRows.forEach((_, i) => {
              // The engine reports the match clamped to [0, 1].
              const native = Math.min(1, Math.max(0, scores[q * CANDIDATES + i]!));
              expect(Math.abs(wasm.scores[i]! - native), `${context}, rank ${i + 1}`).toBeLessThanOrEqual(MATCH_TOLERANCE);
            });
          }
        } finally {
          loaded.delete();
        }
      },
      SLOW,
    );
  }
});
