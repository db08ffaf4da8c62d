#!/usr/bin/env node
// Measures the built site in headless Chromium: cold and warm load, bytes transferred per file,
// each file's size raw, gzipped and brotli-compressed (what a static host that compresses would send),
// the engine's WASM memory, a typed-array read rate as a floor for the memory bandwidth, and per-query
// latency of every kind of query, timed inside the worker (scripts do not measure postMessage or
// rendering). A plain-JS brute-force scan over the same vectors is the baseline.
// "profile + filters" times the engine's recommend-for-profile with a genre/year/popularity filter
// (the My taste tab's query); "rating → list" times the tab itself, from a star key press to the
// recommendations being in the page.
//
//   node scripts/bench-browser.mjs [--n 200] [--k 10] [--port 4174] [--isolated] [--dir DIR]
//
// The queries are timed by the worker of a benchmark build (vite build --mode bench), which the script
// makes into build/bench-site/ first; the shipped site carries no benchmark code. --dir measures a
// benchmark build made elsewhere instead.
//
// Prints numbers; it is not a test and asserts nothing.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { chromium } from 'playwright';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '200' },
    k: { type: 'string', default: '10' },
    port: { type: 'string', default: '4174' },
    dir: { type: 'string' },
    isolated: { type: 'boolean', default: false },
  },
});
const N = Number(values.n);
const K = Number(values.k);
const WARMUP = 10;
const base = `http://127.0.0.1:${values.port}/movierec/`;
const movielensDir = process.env.MOVIELENS_DIR ?? join(root, '..', 'shared', 'data', 'ml-latest-small');

// ---- inputs -------------------------------------------------------------------------------

/** A small deterministic generator, so every run asks the same queries. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function titlePrefixes(count) {
  const titles = readFileSync(join(movielensDir, 'movies.csv'), 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => /^\d+,(?:"((?:[^"]|"")*)"|([^,]*)),/.exec(line.trim()))
    .filter(Boolean)
    .map((m) => (m[1] ?? m[2]).replace(/""/g, '"'));
  const next = random(7);
  // What people type into the box: the first 2–10 characters of a title, lower-cased.
  return Array.from({ length: count }, () => {
    const title = titles[Math.floor(next() * titles.length)];
    return title.slice(0, 2 + Math.floor(next() * 9)).toLowerCase();
  });
}

function descriptions(count) {
  const moods = ['funny', 'dark', 'heartwarming', 'tense', 'slow', 'violent', 'romantic', 'weird', 'sad', 'uplifting'];
  const kinds = ['space adventure', 'courtroom drama', 'heist movie', 'animated film', 'war story', 'horror movie',
    'detective story', 'musical', 'western', 'coming-of-age story'];
  const subjects = ['a lonely robot', 'two brothers', 'a haunted house', 'a talking dog', 'a corrupt cop',
    'first love', 'time travel', 'a small town', 'a chess prodigy', 'the end of the world'];
  const next = random(11);
  const pick = (list) => list[Math.floor(next() * list.length)];
  return Array.from({ length: count }, () => `a ${pick(moods)} ${pick(kinds)} about ${pick(subjects)}`);
}

/**
 * Visitor profiles as the bench message takes them: "row:stars,…" over catalog rows, 5–40 ratings
 * each, at least one liked (3.5 stars or more) and some marked "not interested" (0).
 */
function profiles(count, movieCount) {
  const next = random(23);
  return Array.from({ length: count }, () => {
    const size = 5 + Math.floor(next() * 36);
    const entries = new Map();
    while (entries.size < size) {
      const row = Math.floor(next() * movieCount);
      const roll = next();
      entries.set(row, roll < 0.1 ? 0 : 0.5 + Math.floor(next() * 10) / 2);
    }
    entries.set(Math.floor(next() * movieCount), 4.5);
    return [...entries].map(([row, stars]) => `${row}:${stars}`).join(',');
  });
}

/** Comedy or Drama, 1980–2010, at least 10 MovieLens ratings: a filter that keeps 14% of the catalog. */
const BENCH_FILTER = { genres: ['Comedy', 'Drama'], allGenres: false, minYear: 1980, maxYear: 2010, minRatingCount: 10, hiddenMovieIds: [] };

/**
 * Rates movies on the My taste tab, first from the quick-start grid and then always the top
 * recommendation (never rated yet), and reads how long each update of the list took.
 */
async function ratingToList(page, count) {
  await page.evaluate(() => { location.hash = '#taste'; });
  const first = page.locator('#taste-onboarding-grid [role="slider"]').first();
  await first.waitFor({ timeout: 60_000 });
  await page.evaluate(() => performance.clearMeasures('movierec-taste-update'));
  for (let i = 0; i < count; ++i) {
    const before = await page.evaluate(() => performance.getEntriesByName('movierec-taste-update').length);
    await (i === 0 ? first : page.locator('#taste-results .card [role="slider"]').first()).focus();
    // Mostly likes, so the taste keeps changing; every fifth a dislike.
    await page.keyboard.press(i % 5 === 4 ? '2' : String(4 + (i % 2)));
    await page.waitForFunction((n) => performance.getEntriesByName('movierec-taste-update').length > n, before);
  }
  return page.evaluate(() => performance.getEntriesByName('movierec-taste-update').map((entry) => entry.duration));
}

function spread(count, size) {
  return Array.from({ length: count }, (_, i) => Math.floor((i * size) / count));
}

// ---- numbers ------------------------------------------------------------------------------

function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

function summary(timings) {
  const sorted = [...timings].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), p95: quantile(sorted, 0.95) };
}

const ms = (x) => (Number.isFinite(x) ? x.toFixed(x < 1 ? 3 : x < 10 ? 2 : 1).padStart(9) : '      n/a');
const mb = (bytes) => (bytes < 1048576 ? `${(bytes / 1024).toFixed(1)} kB` : `${(bytes / 1048576).toFixed(2)} MB`);

// ---- browser ------------------------------------------------------------------------------

let siteDir = null;

/** The site to measure: a benchmark build of the current sources unless --dir names one. */
function benchSite() {
  if (values.dir !== undefined) return (siteDir = values.dir);
  const dir = (siteDir = join(root, 'build', 'bench-site'));
  execFileSync('npx', ['vite', 'build', '--mode', 'bench', '--outDir', dir, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  return dir;
}

async function startServer() {
  const args = [join(root, 'tests', 'e2e', 'serve.mjs'), '--dir', benchSite(), '--port', values.port, '--base', '/movierec/'];
  if (values.isolated) args.push('--isolated');
  const server = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    server.stdout.once('data', resolve);
    server.once('exit', (code) => reject(new Error(`the static server exited with ${code}`)));
  });
  return server;
}

/** Records the bytes each response put on the wire (0 for a 304 body). */
function trackTransfers(context) {
  const files = new Map();
  context.on('requestfinished', async (request) => {
    const url = new URL(request.url());
    if (url.hostname !== '127.0.0.1') return;
    const sizes = await request.sizes().catch(() => null);
    const response = await request.response().catch(() => null);
    if (sizes === null) return;
    const name = url.pathname.replace('/movierec/', '') || 'index.html';
    const entry = files.get(name) ?? { bytes: 0, status: 0 };
    entry.bytes += sizes.responseBodySize + sizes.responseHeadersSize;
    entry.status = response?.status() ?? 0;
    files.set(name, entry);
  });
  return files;
}

async function readyTime(page) {
  await page.waitForSelector('html[data-state="ready"]', { timeout: 180_000 });
  return page.evaluate(() => performance.getEntriesByName('movierec-ready')[0]?.startTime ?? NaN);
}

/** A served file's size raw, gzip -6 (what most static hosts send) and brotli 9; null when not on disk. */
const compressedSizes = new Map();
function sizesOnDisk(name) {
  const path = join(siteDir, name === 'index.html' ? 'index.html' : name);
  if (!existsSync(path)) return null;
  if (!compressedSizes.has(path)) {
    const bytes = readFileSync(path);
    compressedSizes.set(path, {
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 6 }).length,
      brotli: brotliCompressSync(bytes, { params: { [zlib.BROTLI_PARAM_QUALITY]: 9 } }).length,
    });
  }
  return compressedSizes.get(path);
}

function printTransfers(title, files, { compressed = false } = {}) {
  console.log(`\n${title}`);
  if (compressed) console.log(`  ${''.padEnd(42)} ${'sent'.padStart(10)}        ${'raw'.padStart(10)} ${'gzip'.padStart(10)} ${'brotli'.padStart(10)}`);
  let total = 0;
  const sums = { raw: 0, gzip: 0, brotli: 0 };
  for (const [name, { bytes, status }] of [...files].sort((a, b) => b[1].bytes - a[1].bytes)) {
    total += bytes;
    const disk = compressed ? sizesOnDisk(name) : null;
    const columns = disk === null ? '' : ` ${mb(disk.raw).padStart(10)} ${mb(disk.gzip).padStart(10)} ${mb(disk.brotli).padStart(10)}`;
    if (disk !== null) for (const key of Object.keys(sums)) sums[key] += disk[key];
    console.log(`  ${name.padEnd(42)} ${mb(bytes).padStart(10)}  HTTP ${status}${columns}`);
  }
  const sumColumns = compressed ? ` ${mb(sums.raw).padStart(10)} ${mb(sums.gzip).padStart(10)} ${mb(sums.brotli).padStart(10)}` : '';
  console.log(`  ${'total'.padEnd(42)} ${mb(total).padStart(10)}          ${sumColumns}`);
  if (!compressed) console.log('  (0 B: answered from the HTTP cache)');
}

/** GB/s of summing a 128 MB typed array in the page, best of five: a floor for the memory bandwidth. */
function readRate(page) {
  return page.evaluate(() => {
    const values = new Float64Array(16 * 1024 * 1024).fill(1);
    let best = Infinity;
    let sink = 0;
    for (let run = 0; run < 5; ++run) {
      const t0 = performance.now();
      let a = 0, b = 0, c = 0, d = 0;
      for (let i = 0; i < values.length; i += 4) {
        a += values[i]; b += values[i + 1]; c += values[i + 2]; d += values[i + 3];
      }
      sink += a + b + c + d;
      best = Math.min(best, performance.now() - t0);
    }
    return sink > 0 ? values.byteLength / (best / 1000) / 1e9 : NaN;
  });
}

async function main() {
  const server = await startServer();
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      // Only the local server resolves. Playwright's request routing would do the same, but it
      // switches the HTTP cache off, and the warm-load numbers need the cache.
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
  });
  try {
    const context = await browser.newContext();
    const files = trackTransfers(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error('page error:', error.message));

    // Cold: empty cache, everything downloaded, hashed and decoded.
    await page.goto(base);
    const cold = await readyTime(page);
    printTransfers('Cold load: bytes transferred (body + headers), and each file compressed', files, { compressed: true });
    const environment = await page.evaluate(() => ({
      userAgent: navigator.userAgent,
      isolated: globalThis.crossOriginIsolated,
      cores: navigator.hardwareConcurrency,
    }));

    // Warm: same context, HTTP cache filled; files revalidate with 304.
    files.clear();
    await page.reload();
    const warm = await readyTime(page);
    printTransfers('Warm reload: bytes transferred', files);

    const request = (type, payload) => page.evaluate(([t, p]) => window.movierec.request(t, p), [type, payload]);
    const { movieCount, userCount } = await request('init', { siteRoot: new URL('./', base).href });

    files.clear();
    const modelStart = Date.now();
    const { modelBytes } = await request('loadModel', {});
    const modelLoad = Date.now() - modelStart;
    printTransfers('Text model, first use: bytes transferred, and each file compressed', files, { compressed: true });

    const inputs = {
      findTitles: titlePrefixes(N + WARMUP),
      similar: spread(N + WARMUP, movieCount),
      user: spread(N + WARMUP, userCount).map((i) => i + 1),
      describe: descriptions(N + WARMUP),
      searchByVector: spread(N + WARMUP, movieCount),
      jsScan: spread(N + WARMUP, movieCount),
    };
    const results = {};
    for (const [kind, list] of Object.entries(inputs)) {
      try {
        await request('bench', { kind, inputs: list.slice(0, WARMUP), k: K });
        results[kind] = await request('bench', { kind, inputs: list.slice(WARMUP), k: K });
      } catch (error) {
        results[kind] = { error: error.message };
      }
    }
    const visitorProfiles = profiles(N + WARMUP, movieCount);
    for (const [label, filter] of [['profile', undefined], ['profile + filters', BENCH_FILTER]]) {
      try {
        await request('bench', { kind: 'profile', inputs: visitorProfiles.slice(0, WARMUP), k: K, filter });
        results[label] = await request('bench', { kind: 'profile', inputs: visitorProfiles.slice(WARMUP), k: K, filter });
      } catch (error) {
        results[label] = { error: error.message };
      }
    }
    const bandwidth = await readRate(page);
    let ratingUpdates = null;
    try {
      ratingUpdates = await ratingToList(page, 40);
    } catch (error) {
      console.error('rating → list not measured:', error.message);
    }

    console.log(`\n${environment.userAgent}`);
    console.log(`cross-origin isolated: ${environment.isolated}, cores: ${environment.cores}, ` +
      `catalog: ${movieCount} movies, ${userCount} users, k = ${K}, ${N} queries per kind after ${WARMUP} warm-up`);
    console.log(`\nLoad until the first query can run: cold ${cold.toFixed(0)} ms, warm ${warm.toFixed(0)} ms`);
    console.log(`Text model (${mb(modelBytes)} + ONNX Runtime WASM) download + session start: ${modelLoad} ms`);

    const memory = Math.max(0, ...Object.values(results).map((r) => r.wasmMemoryBytes ?? 0));
    console.log(`Engine WASM memory after the queries: ${mb(memory)}; typed-array read rate in the page: ` +
      `${bandwidth.toFixed(1)} GB/s (a floor for the memory bandwidth)`);

    const scan = results.jsScan?.timingsMs ? summary(results.jsScan.timingsMs) : null;
    console.log('\nPer query, inside the worker (ms)');
    console.log(`  ${'kind'.padEnd(16)}${'median'.padStart(9)}${'p95'.padStart(9)}${'mean'.padStart(9)}  vs JS scan (median)  failures`);
    for (const [kind, result] of Object.entries(results)) {
      if (result.error) {
        console.log(`  ${kind.padEnd(16)} not measured: ${result.error}`);
        continue;
      }
      const { median, p95 } = summary(result.timingsMs);
      const ratio = scan && kind !== 'jsScan' ? `${(median / scan.median).toFixed(3)}×` : '';
      console.log(`  ${kind.padEnd(16)}${ms(median)}${ms(p95)}${ms(result.totalMs / result.timingsMs.length)}  ${ratio.padStart(19)}  ${result.failures}`);
      for (const [stage, timings] of Object.entries(result.stagesMs ?? {})) {
        const s = summary(timings);
        console.log(`    ${stage.padEnd(14)}${ms(s.median)}${ms(s.p95)}`);
      }
    }
    console.log(`  (profile: ${N} visitor profiles of 5–40 ratings; filter: Comedy or Drama, 1980–2010, ≥ 10 ratings; target ≤ 1 ms)`);
    if (ratingUpdates !== null && ratingUpdates.length > 0) {
      const { median, p95 } = summary(ratingUpdates);
      console.log('\nMy taste, star key press → recommendations in the page (worker + postMessage + DOM), ' +
        `${ratingUpdates.length} ratings: median ${ms(median).trim()} ms, p95 ${ms(p95).trim()} ms, max ${ms(Math.max(...ratingUpdates)).trim()} ms`);
    }
    console.log('\n(Timers in pages that are not cross-origin isolated are coarsened to 0.1 ms; the mean is total/N.)');
    await context.close();
  } finally {
    await browser.close();
    server.kill('SIGTERM');
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
