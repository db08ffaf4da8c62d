// What the engine worker does: owns the engine (C++ compiled to WASM) and ONNX Runtime Web, so
// downloads, hashing, model inference and search never block the page, and answers the requests of
// protocol.ts. The worker's entry (web/src/worker.ts) connects it to the page and to the offline
// copy; UI modules only render and dispatch.
import { ArtifactError, downloadBytes } from '../artifacts/download';
import { type FileEntry, indexDimension, type Manifest, ManifestError, MODEL_FILE, parseManifest, RATINGS_FILE, STARTUP_FILES } from '../artifacts/manifest';
import type { BlockStore } from '../artifacts/rating_blocks';
import { type Engine, loadEngineModule } from './engine';
import { engineMovieFilter } from './movie_filter';
import { explainedResults, lookupMovies, popularMovies, recommendForProfile } from './profile_queries';
import {
  type ErrorKind,
  type MovieInfo,
  type Payload,
  parseRequest,
  type Progress,
  type RankedMovie,
  type Reply,
  type Request,
  type RequestType,
  type Result,
} from './protocol';
import { ratingsEntry, ratingsUrl, storeEveryUser, userRatingBytes } from './user_ratings';
import { ORT_RUNTIME_LOADER, ORT_RUNTIME_PATH, ORT_RUNTIME_WASM, SentenceEncoder } from './sentence_encoder';

/** The parts of DedicatedWorkerGlobalScope we use (tsconfig has the DOM library only). */
export interface WorkerScope {
  postMessage(message: Reply): void;
  onmessage: ((event: MessageEvent<unknown>) => void) | null;
}

/**
 * A request type a build adds to the visitors' protocol (the benchmark build's timed batches):
 * returns the answer, or undefined when the message is not one of its own.
 */
export type ExtraRequests = (id: number, type: unknown, payload: unknown) => Promise<unknown> | undefined;

/**
 * Where verified artifacts come from and where the text model is kept: the worker's entry plugs in
 * the offline copy's versions (a damaged stored file is fetched again; the model is stored on first use).
 */
export interface ArtifactStore {
  download(baseUrl: string, name: string, entry: FileEntry, onProgress: (loaded: number, total: number) => void): Promise<Uint8Array>;
  /** Called with bytes already checked against `entry`; never throws. */
  keepModel(siteRoot: string, modelUrl: string, entry: FileEntry, bytes: Uint8Array): Promise<void>;
  /** ONNX Runtime's files, once they started the model (bytes where the worker holds them); never throws. */
  keepRuntime(siteRoot: string, modelUrl: string, model: FileEntry, urls: readonly string[]): Promise<void>;
  /** Where the verified blocks of ratings.bin are kept (web/src/artifacts/rating_blocks.ts). */
  ratingBlocks(siteRoot: string, ratingsUrl: string, entry: FileEntry): BlockStore;
}

let scope: WorkerScope | null = null;
let store: ArtifactStore | null = null;

/** Answers every message that reaches `workerScope`. */
export function serveRequests(workerScope: WorkerScope, artifactStore: ArtifactStore, extra?: ExtraRequests): void {
  scope = workerScope;
  store = artifactStore;
  workerScope.onmessage = (event) => {
    void handle(event.data, extra);
  };
}

function artifactStore(): ArtifactStore {
  if (store === null) throw new Error('serveRequests was not called');
  return store;
}

function post(reply: Reply): void {
  scope?.postMessage(reply);
}

/** A request the engine or the worker cannot answer as asked; the page shows it inline. */
export class InputProblem extends Error {
  override name = 'InputProblem';
}

export interface Loaded {
  siteRoot: string;
  manifest: Manifest;
  engine: Engine;
}

let loading: Promise<Loaded> | null = null;
let encoding: Promise<SentenceEncoder> | null = null;

async function handle(data: unknown, extra: ExtraRequests | undefined): Promise<void> {
  const id = typeof data === 'object' && data !== null && Number.isInteger((data as { id?: unknown }).id)
    ? (data as { id: number }).id
    : -1;
  let answer: Promise<unknown>;
  try {
    const message = data as { type?: unknown; payload?: unknown } | null;
    const own = extra?.(id, message?.type, message?.payload);
    answer = own ?? dispatch(parseRequest(data));
  } catch (error) {
    post({ id, type: 'error', payload: { message: messageOf(error), kind: 'internal' } });
    return;
  }
  try {
    post({ id, type: 'result', payload: await answer });
  } catch (error) {
    post({ id, type: 'error', payload: { message: messageOf(error), kind: kindOf(error) } });
  }
}

function dispatch(request: Request): Promise<Result<RequestType>> {
  switch (request.type) {
    case 'init':
      return init(request.id, request.payload);
    case 'findTitles':
      return findTitles(request.payload);
    case 'similar':
      return similar(request.payload);
    case 'user':
      return user(request.payload);
    case 'loadModel':
      return loadModel(request.id);
    case 'storeRatings':
      return storeRatings(request.id);
    case 'describe':
      return describe(request.id, request.payload);
    case 'profile':
      return ready().then(({ engine }) =>
        ask(() => recommendForProfile(engine, request.payload, (row) => movieAt(engine, row))),
      );
    case 'popular':
      return ready().then(({ engine }) => ask(() => popularMovies(engine, request.payload, (row) => movieAt(engine, row))));
    case 'lookup':
      return ready().then(({ engine }) => lookupMovies(engine, request.payload, (row) => movieAt(engine, row)));
  }
}

export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') {
    return (error as { message: string }).message;
  }
  return String(error);
}

function kindOf(error: unknown): ErrorKind {
  if (error instanceof InputProblem) return 'input';
  if (error instanceof ArtifactError || error instanceof ManifestError) return 'artifact';
  return 'internal';
}

/** Engine calls on user input: whatever the engine rejects is the user's to fix. */
export function ask<T>(call: () => T): T {
  try {
    return call();
  } catch (error) {
    throw new InputProblem(messageOf(error));
  }
}

/**
 * Posts byte progress at most every 50 ms so big files do not flood the page; a skipped update
 * is sent when the 50 ms are over, so the bar never stalls on a stale value while a slow file
 * is still on its way.
 */
function progressReporter(id: number, phase: Progress['phase']): (step: Progress['step'], file: string, loaded: number, total: number) => void {
  const interval = 50;
  let last = -Infinity;
  let pending: Progress | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const send = (payload: Progress): void => {
    last = performance.now();
    pending = null;
    post({ id, type: 'progress', payload });
  };
  return (step, file, loaded, total) => {
    const payload: Progress = { phase, step, file, loaded, total };
    if (step !== 'download' || (total > 0 && loaded >= total) || performance.now() - last >= interval) {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      send(payload);
      return;
    }
    pending = payload;
    timer ??= setTimeout(() => {
      timer = null;
      if (pending !== null) send(pending);
    }, Math.max(0, interval - (performance.now() - last)));
  };
}

// ---- start-up ---------------------------------------------------------------------------

function init(id: number, payload: Payload<'init'>): Promise<Result<'init'>> {
  // A failed start stays failed: every later request reports the same cause, and the page's
  // "Try again" reloads the page.
  loading ??= load(id, payload.siteRoot);
  return loading.then(({ manifest, engine }) => ({
    manifest,
    movieCount: engine.movieCount(),
    userCount: engine.userCount(),
    genres: Array.from(engine.genres(), String),
    hasCollaborative: engine.hasCollaborative(),
  }));
}

async function load(id: number, siteRoot: string): Promise<Loaded> {
  const report = progressReporter(id, 'artifacts');
  const artifacts = new URL('artifacts/', siteRoot).href;
  // The engine module compiles while the artifacts download.
  const engineModule = loadEngineModule(siteRoot);
  engineModule.catch(() => undefined);

  report('download', 'manifest.json', 0, 0);
  const manifestBytes = await downloadBytes(new URL('manifest.json', artifacts).href, 'manifest.json', null, () => undefined);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(manifestBytes));
  } catch (error) {
    throw new ManifestError(`manifest.json is not valid JSON: ${messageOf(error)}`);
  }
  const manifest = parseManifest(json);

  const total = STARTUP_FILES.reduce((sum, name) => sum + manifest.files[name]!.bytes, 0);
  const received = new Map<string, number>();
  const files = await Promise.all(
    STARTUP_FILES.map((name) =>
      artifactStore().download(artifacts, name, manifest.files[name]!, (loaded) => {
        received.set(name, loaded);
        let sum = 0;
        for (const value of received.values()) sum += value;
        report('download', name, sum, total);
      }),
    ),
  );
  report('start', 'engine', total, total);
  const module = await engineModule;
  const [catalog, users, index, vocab] = files as [Uint8Array, Uint8Array, Uint8Array, Uint8Array];
  let engine: Engine;
  try {
    engine = new module.Engine(
      catalog,
      users,
      index,
      vocab,
      manifest.model.max_seq_length,
      manifest.model.do_lower_case,
      JSON.stringify(manifest.hybrid ?? null),
    );
  } catch (error) {
    throw new ArtifactError(`The engine could not read the artifacts: ${messageOf(error)}`);
  }
  // A hybrid index appends the audience and prior blocks to the model's vectors.
  if (engine.dimension() !== indexDimension(manifest)) {
    const hybrid = manifest.hybrid;
    throw new ArtifactError(
      `index.faiss holds ${engine.dimension()}-dimensional vectors, but manifest.json describes ` +
        (hybrid === undefined
          ? `${manifest.model.dimension}-dimensional ones.`
          : `${hybrid.content_dimension} content + ${hybrid.collaborative_dimension} collaborative + ` +
            `${hybrid.linear_dimension} linear + ${hybrid.prior_dimension} prior dimensions.`),
    );
  }
  // The rest of the engine's start-up (the likeness scan, for Similar and My taste) runs in the worker's
  // first idle moment after the page is told it is ready; a query that comes first builds it itself.
  setTimeout(() => engine.prepare(), 0);
  return { siteRoot, manifest, engine };
}

export function ready(): Promise<Loaded> {
  if (loading === null) return Promise.reject(new Error('The engine is not started yet (no init request).'));
  return loading;
}

// ---- queries ----------------------------------------------------------------------------

/** Copies an engine MovieInfo into a plain object that can cross postMessage. */
// A catalog row's entry never changes while its engine lives: each is read out of WASM once (a
// star press asks for twenty recommendations and their reasons, mostly the same films as before).
let describedEngine: Engine | null = null;
const described = new Map<number, MovieInfo>();

function movieAt(engine: Engine, index: number): MovieInfo {
  if (engine !== describedEngine) {
    describedEngine = engine;
    described.clear();
  }
  let movie = described.get(index);
  if (movie === undefined) described.set(index, (movie = readMovie(engine, index)));
  return movie;
}

function readMovie(engine: Engine, index: number): MovieInfo {
  const info = engine.movie(index);
  const genres = info.genres as unknown;
  let genreList: string[];
  if (Array.isArray(genres)) {
    genreList = genres.map(String);
  } else {
    // An embind-registered std::vector arrives as an object with size() and get().
    const vector = genres as { size(): number; get(i: number): string; delete?: () => void };
    genreList = [];
    for (let i = 0; i < vector.size(); ++i) genreList.push(String(vector.get(i)));
    vector.delete?.();
  }
  return {
    index,
    id: info.id,
    title: info.title,
    displayTitle: info.displayTitle,
    year: info.year,
    genres: genreList,
    averageRating: info.averageRating,
    ratingCount: info.ratingCount,
    imdbId: info.imdbId,
    tmdbId: info.tmdbId,
    tags: info.tags,
    overview: info.overview,
  };
}

function rankedMovies(engine: Engine, indices: Uint32Array, scores: Float32Array): RankedMovie[] {
  // Copy first: the arrays may be views of WASM memory, which the movie() calls can grow.
  const rows = Array.from(indices);
  const similarity = Array.from(scores);
  return rows.map((index, i) => ({ movie: movieAt(engine, index), score: similarity[i] ?? 0 }));
}

async function findTitles(payload: Payload<'findTitles'>): Promise<Result<'findTitles'>> {
  const { engine } = await ready();
  const query = payload.query.trim();
  if (query === '') return { movies: [] };
  const indices = Array.from(ask(() => engine.findTitles(query, payload.limit)));
  return { movies: indices.map((index) => movieAt(engine, index)) };
}

function resolveTitle(engine: Engine, title: string): number {
  const query = title.trim();
  if (query === '') throw new InputProblem('Type a movie title first.');
  const best = ask(() => engine.findTitles(query, 1));
  if (best.length === 0) throw new InputProblem(`No movie in the catalog matches “${query}”.`);
  return best[0]!;
}

async function similar(payload: Payload<'similar'>): Promise<Result<'similar'>> {
  const { engine } = await ready();
  const movieIndex = payload.movieIndex ?? resolveTitle(engine, payload.title ?? '');
  if (movieIndex >= engine.movieCount()) throw new InputProblem(`There is no movie number ${movieIndex}.`);
  const ranked = ask(() => engine.similarTo(movieIndex, payload.k, engineMovieFilter(engine, payload.filter)));
  return { query: movieAt(engine, movieIndex), results: rankedMovies(engine, ranked.indices, ranked.scores) };
}

let blockStore: BlockStore | null = null;

/** The store of ratings.bin's blocks for this site's version (one per worker). */
function ratingBlocks({ siteRoot, manifest }: Loaded): BlockStore {
  blockStore ??= artifactStore().ratingBlocks(siteRoot, ratingsUrl(siteRoot), ratingsEntry(manifest));
  return blockStore;
}

async function user(payload: Payload<'user'>): Promise<Result<'user'>> {
  const loaded = await ready();
  const { engine, siteRoot } = loaded;
  // An unknown id is answered before anything is downloaded.
  ask(() => engine.userRatingBlocks(payload.userId));
  const blocks = await userRatingBytes(engine, payload.userId, ratingsUrl(siteRoot), ratingBlocks(loaded));
  const ranked = ask(() => engine.recommendForUser(payload.userId, blocks, payload.k, engineMovieFilter(engine, payload.filter)));
  return {
    userId: payload.userId,
    totalRatings: ranked.totalRatings,
    ...explainedResults(engine, ranked, (row) => movieAt(engine, row)),
  };
}

// ---- free text --------------------------------------------------------------------------

export function encoder(id: number): Promise<SentenceEncoder> {
  encoding ??= ready().then(({ siteRoot, manifest }) => startEncoder(id, siteRoot, manifest));
  encoding.catch(() => {
    encoding = null; // let the next attempt download again
  });
  return encoding;
}

async function startEncoder(id: number, siteRoot: string, manifest: Manifest): Promise<SentenceEncoder> {
  const entry = manifest.files[MODEL_FILE];
  if (entry === undefined) throw new ManifestError(`manifest.json: "files" has no entry for ${MODEL_FILE}`);
  const report = progressReporter(id, 'model');
  const loaded = new Map<string, number>();
  const totals = new Map<string, number>([[MODEL_FILE, entry.bytes]]);
  const onProgress = (file: string) => (bytes: number, total: number) => {
    loaded.set(file, bytes);
    if (total > 0) totals.set(file, total);
    let sum = 0;
    let sumTotal = 0;
    for (const value of loaded.values()) sum += value;
    for (const value of totals.values()) sumTotal += value;
    report('download', file, sum, Math.max(sum, sumTotal));
  };
  const runtimeUrl = new URL(ORT_RUNTIME_PATH + ORT_RUNTIME_WASM, siteRoot).href;
  const artifacts = new URL('artifacts/', siteRoot).href;
  const [model, runtime] = await Promise.all([
    artifactStore().download(artifacts, MODEL_FILE, entry, onProgress(MODEL_FILE)),
    downloadBytes(runtimeUrl, ORT_RUNTIME_WASM, null, onProgress(ORT_RUNTIME_WASM)),
  ]);
  // Verified bytes: keep them for offline use (first use of "Describe a movie"; web/src/offline/offline_model.ts).
  const modelUrl = new URL(MODEL_FILE, artifacts).href;
  const keepingModel = artifactStore().keepModel(siteRoot, modelUrl, entry, model);
  report('start', 'model', 1, 1);
  let encoder: SentenceEncoder;
  try {
    encoder = await SentenceEncoder.create(siteRoot, model, runtime, manifest.model.dimension);
  } catch (error) {
    throw new ArtifactError(`The text model could not start: ${messageOf(error)}`);
  }
  // The runtime that started it is kept for offline use next to the model, once the model is stored.
  const loaderUrl = new URL(ORT_RUNTIME_PATH + ORT_RUNTIME_LOADER, siteRoot).href;
  void keepingModel.then(() => artifactStore().keepRuntime(siteRoot, modelUrl, entry, [runtimeUrl, loaderUrl]));
  return encoder;
}

async function storeRatings(id: number): Promise<Result<'storeRatings'>> {
  const loaded = await ready();
  const report = progressReporter(id, 'ratings');
  await storeEveryUser(loaded.engine, ratingsUrl(loaded.siteRoot), ratingBlocks(loaded), (stored, total) =>
    report('download', RATINGS_FILE, stored, total),
  );
  return { bytes: ratingsEntry(loaded.manifest).bytes };
}

async function loadModel(id: number): Promise<Result<'loadModel'>> {
  const { manifest } = await ready();
  await encoder(id);
  return { modelBytes: manifest.files[MODEL_FILE]?.bytes ?? 0 };
}

async function describe(id: number, payload: Payload<'describe'>): Promise<Result<'describe'>> {
  const text = payload.text.trim();
  if (text === '') throw new InputProblem('Describe the movie you have in mind first.');
  const { engine } = await ready();
  const model = await encoder(id);
  const tokens = ask(() => engine.tokenize(text));
  const vector = await model.encode(tokens);
  // Text is matched by content, plus the build's prior for films people rate well and often.
  const ranked = ask(() => engine.searchByVector(vector, payload.k, engineMovieFilter(engine, payload.filter)));
  return { tokenCount: tokens.length, results: rankedMovies(engine, ranked.indices, ranked.scores) };
}
