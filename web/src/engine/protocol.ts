// The one message protocol between the page and the worker that owns the engine.
// The page sends a Request {id, type, payload}; the worker answers with any number of
// progress replies and then exactly one result or error reply carrying the same id.
import type { Manifest } from '../artifacts/manifest';
import { type EngineFilter, parseEngineFilter } from './engine_filter';

/** A catalog movie as the engine describes it (docs/architecture.md, MovieInfo). */
export interface MovieInfo {
  index: number;
  id: number;
  /** As filed in MovieLens: "Bug's Life, A (1998)". Matching accepts it. */
  title: string;
  /** As people say it, without the year: "A Bug's Life", "Amélie" (the engine's spoken_title). */
  displayTitle: string;
  year: number;
  genres: string[];
  averageRating: number;
  ratingCount: number;
  imdbId: number;
  tmdbId: number;
  tags: string;
  /** A plot summary when the build had one, else empty. */
  overview: string;
}

export interface RankedMovie {
  movie: MovieInfo;
  /** The match in [0, 1] (docs/architecture.md, "The match"); 0 for popular picks, which are not matched. */
  score: number;
  /** Personal recommendations: the liked movie that added most to its score ("because you liked …"). */
  because?: MovieInfo;
}

/** A rating at or above this is "liked", as in the engine (Recommender::kLikedRating). */
export const LIKED_STARS = 3.5;

export function isLiked(rating: number): boolean {
  return rating >= LIKED_STARS;
}

/** One of the visitor's ratings as the engine takes it: stars 0.5–5, or 0 for "not interested". */
export interface ProfileEntry {
  movieId: number;
  rating: number;
}

/**
 * Recommendations from ratings. With a liked movie (3.5 stars or more) they are personal and explained;
 * with none, `personal` is false and the results are popular picks that keep away from the dislikes.
 * Every rated movie is left out either way.
 */
export interface ProfileAnswer {
  personal: boolean;
  likedMovies: number;
  /** Rated 0.5–2 stars. */
  dislikedMovies: number;
  results: RankedMovie[];
}

/** Every request type with the payload it carries and the result it resolves to. */
export interface RequestMap {
  init: {
    payload: { siteRoot: string };
    /**
     * genres: the catalog's genre names; bit i of a genre mask is genres[i]. hasCollaborative: the
     * index has an audience (collaborative) block, so the audience share changes results.
     */
    result: { manifest: Manifest; movieCount: number; userCount: number; genres: string[]; hasCollaborative: boolean };
  };
  findTitles: { payload: { query: string; limit: number }; result: { movies: MovieInfo[] } };
  similar: {
    payload: { title?: string; movieIndex?: number; k: number; filter?: EngineFilter };
    result: { query: MovieInfo; results: RankedMovie[] };
  };
  user: {
    payload: { userId: number; k: number; filter?: EngineFilter };
    result: ProfileAnswer & { userId: number; totalRatings: number };
  };
  loadModel: { payload: Record<string, never>; result: { modelBytes: number } };
  /** Stores every MovieLens user's ratings for offline use (progress phase "ratings"); bytes: ratings.bin's size. */
  storeRatings: { payload: Record<string, never>; result: { bytes: number } };
  describe: {
    payload: { text: string; k: number; filter?: EngineFilter };
    result: { tokenCount: number; results: RankedMovie[] };
  };
  /** The visitor's recommendations (ProfileAnswer); ids the catalog lacks are listed, not used. */
  profile: {
    payload: { ratings: ProfileEntry[]; k: number; filter?: EngineFilter };
    result: ProfileAnswer & { unknownMovieIds: number[] };
  };
  /** The most-rated movies passing the filter; `diverse` skips near-duplicates (cold start). Scores are 0. */
  popular: { payload: { k: number; diverse: boolean; filter?: EngineFilter }; result: { results: RankedMovie[] } };
  /** Catalog entries by MovieLens id; null for an id this catalog does not have. */
  lookup: { payload: { movieIds: number[] }; result: { movies: Array<MovieInfo | null> } };
}

export type RequestType = keyof RequestMap;
export type Payload<T extends RequestType> = RequestMap[T]['payload'];
export type Result<T extends RequestType> = RequestMap[T]['result'];

export type Request = { [T in RequestType]: { id: number; type: T; payload: Payload<T> } }[RequestType];

/** What went wrong, so the page can choose between an inline message and the error panel. */
export type ErrorKind = 'input' | 'artifact' | 'internal';

export interface Progress {
  /** Which download this is: the start-up artifacts, the lazily loaded text model, or every user's ratings. */
  phase: 'artifacts' | 'model' | 'ratings';
  /** What the worker is doing right now, in words for the progress bar. */
  step: 'download' | 'start';
  file: string;
  loaded: number;
  /** 0 when the size is not known in advance. */
  total: number;
}

export type Reply =
  | { id: number; type: 'result'; payload: unknown }
  | { id: number; type: 'error'; payload: { message: string; kind: ErrorKind } }
  | { id: number; type: 'progress'; payload: Progress };

export class ProtocolError extends Error {
  override name = 'ProtocolError';
}

export const MIN_K = 1;
export const MAX_K = 50;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function integerField(record: Record<string, unknown>, field: string, where: string): number {
  const value = record[field];
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new ProtocolError(`${where}: field "${field}" must be an integer`);
  }
  return value;
}

function stringField(record: Record<string, unknown>, field: string, where: string): string {
  const value = record[field];
  if (typeof value !== 'string') throw new ProtocolError(`${where}: field "${field}" must be a string`);
  return value;
}

function kField(record: Record<string, unknown>, where: string): number {
  const k = integerField(record, 'k', where);
  if (k < MIN_K || k > MAX_K) throw new ProtocolError(`${where}: k must be between ${MIN_K} and ${MAX_K}, got ${k}`);
  return k;
}

/** `{ filter }` when the payload carries one, `{}` otherwise, so it can be spread into a payload. */
function filterField(record: Record<string, unknown>, where: string): { filter?: EngineFilter } {
  if (record['filter'] === undefined) return {};
  const filter = parseEngineFilter(record['filter'], where);
  if (typeof filter === 'string') throw new ProtocolError(filter);
  return { filter };
}

/** The most ratings one profile request may carry. */
export const MAX_PROFILE_RATINGS = 100_000;

function movieIdList(record: Record<string, unknown>, field: string, where: string): number[] {
  const value = record[field];
  if (
    !Array.isArray(value) ||
    value.length > MAX_PROFILE_RATINGS ||
    !value.every((id) => typeof id === 'number' && Number.isInteger(id) && id >= 1 && id <= 0xffffffff)
  ) {
    throw new ProtocolError(`${where}: field "${field}" must be a list of at most ${MAX_PROFILE_RATINGS} MovieLens ids`);
  }
  return value as number[];
}

function profileEntries(record: Record<string, unknown>, where: string): ProfileEntry[] {
  const value = record['ratings'];
  if (!Array.isArray(value) || value.length > MAX_PROFILE_RATINGS) {
    throw new ProtocolError(`${where}: field "ratings" must be a list of at most ${MAX_PROFILE_RATINGS} ratings`);
  }
  return value.map((entry: unknown, i) => {
    if (!isRecord(entry)) throw new ProtocolError(`${where}: ratings[${i}] must be an object`);
    const movieId = integerField(entry, 'movieId', `${where}: ratings[${i}]`);
    const rating = entry['rating'];
    if (movieId < 1) throw new ProtocolError(`${where}: ratings[${i}].movieId must be positive`);
    if (typeof rating !== 'number' || !(rating >= 0 && rating <= 5)) {
      throw new ProtocolError(`${where}: ratings[${i}].rating must be a number from 0 to 5`);
    }
    return { movieId, rating };
  });
}

/** Checks a message received by the worker; throws ProtocolError naming the bad field. */
export function parseRequest(data: unknown): Request {
  if (!isRecord(data)) throw new ProtocolError('request: not an object');
  const id = integerField(data, 'id', 'request');
  const type = data['type'];
  const payload = data['payload'];
  if (typeof type !== 'string') throw new ProtocolError('request: field "type" must be a string');
  if (!isRecord(payload)) throw new ProtocolError(`${type}: field "payload" must be an object`);
  switch (type) {
    case 'init':
      return { id, type, payload: { siteRoot: stringField(payload, 'siteRoot', type) } };
    case 'findTitles': {
      const limit = integerField(payload, 'limit', type);
      if (limit < 1 || limit > 100) throw new ProtocolError(`findTitles: limit must be between 1 and 100, got ${limit}`);
      return { id, type, payload: { query: stringField(payload, 'query', type), limit } };
    }
    case 'similar': {
      const k = kField(payload, type);
      if (payload['movieIndex'] !== undefined) {
        const movieIndex = integerField(payload, 'movieIndex', type);
        if (movieIndex < 0) throw new ProtocolError('similar: movieIndex must not be negative');
        return { id, type, payload: { movieIndex, k, ...filterField(payload, type) } };
      }
      return { id, type, payload: { title: stringField(payload, 'title', type), k, ...filterField(payload, type) } };
    }
    case 'user':
      return {
        id,
        type,
        payload: { userId: integerField(payload, 'userId', type), k: kField(payload, type), ...filterField(payload, type) },
      };
    case 'loadModel':
    case 'storeRatings':
      return { id, type, payload: {} };
    case 'describe':
      return {
        id,
        type,
        payload: { text: stringField(payload, 'text', type), k: kField(payload, type), ...filterField(payload, type) },
      };
    case 'profile':
      return {
        id,
        type,
        payload: { ratings: profileEntries(payload, type), k: kField(payload, type), ...filterField(payload, type) },
      };
    case 'popular': {
      const diverse = payload['diverse'];
      if (typeof diverse !== 'boolean') throw new ProtocolError('popular: field "diverse" must be true or false');
      return { id, type, payload: { k: kField(payload, type), diverse, ...filterField(payload, type) } };
    }
    case 'lookup':
      return { id, type, payload: { movieIds: movieIdList(payload, 'movieIds', type) } };
    default:
      throw new ProtocolError(`request: unknown type "${type}"`);
  }
}

const ERROR_KINDS: readonly ErrorKind[] = ['input', 'artifact', 'internal'];

/** Checks a message received by the page; throws ProtocolError naming the bad field. */
export function parseReply(data: unknown): Reply {
  if (!isRecord(data)) throw new ProtocolError('reply: not an object');
  const id = integerField(data, 'id', 'reply');
  const type = data['type'];
  const payload = data['payload'];
  switch (type) {
    case 'result':
      return { id, type, payload };
    case 'error': {
      if (!isRecord(payload)) throw new ProtocolError('error reply: field "payload" must be an object');
      const kind = payload['kind'];
      if (!ERROR_KINDS.includes(kind as ErrorKind)) throw new ProtocolError('error reply: unknown kind');
      return { id, type, payload: { message: stringField(payload, 'message', 'error reply'), kind: kind as ErrorKind } };
    }
    case 'progress': {
      if (!isRecord(payload)) throw new ProtocolError('progress reply: field "payload" must be an object');
      const phase = payload['phase'];
      const step = payload['step'];
      if (phase !== 'artifacts' && phase !== 'model' && phase !== 'ratings') throw new ProtocolError('progress reply: unknown phase');
      if (step !== 'download' && step !== 'start') throw new ProtocolError('progress reply: unknown step');
      return {
        id,
        type,
        payload: {
          phase,
          step,
          file: stringField(payload, 'file', 'progress reply'),
          loaded: integerField(payload, 'loaded', 'progress reply'),
          total: integerField(payload, 'total', 'progress reply'),
        },
      };
    }
    default:
      throw new ProtocolError(`reply: unknown type "${String(type)}"`);
  }
}
