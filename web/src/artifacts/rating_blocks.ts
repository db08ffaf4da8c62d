// MovieLens users' ratings, read one user at a time: ratings.bin is never downloaded whole at start-up.
// users.bin (a start-up file, checked against manifest.json) lists a SHA-256 per 16 KiB block of
// ratings.bin; a user's ratings are the few blocks they span, fetched with one HTTP Range request,
// each block checked against its hash before the engine sees a byte, and kept in a store (the offline
// copy) so a user opened once also opens offline.
import { ArtifactError, type FetchLike, sha256Hex } from './download';

/** One block of ratings.bin: its byte range [start, end) and its SHA-256 in hex, from users.bin. */
export interface RatingBlock {
  start: number;
  end: number;
  sha256: string;
}

/** Where verified blocks are kept, by SHA-256 (the offline copy; a no-op store keeps nothing). */
export interface BlockStore {
  get(sha256: string): Promise<Uint8Array | null>;
  /** Never throws: a block that cannot be stored is only downloaded again next time. */
  put(sha256: string, bytes: Uint8Array): Promise<void>;
}

export const NO_BLOCK_STORE: BlockStore = { get: async () => null, put: async () => undefined };

const NAME = 'ratings.bin';

/**
 * Bytes [start, end) of `url`, or the whole file when the server ignores the Range header. `what` names
 * the ratings in the message shown when there is no connection ("The ratings of MovieLens user 7").
 */
async function fetchRange(url: string, start: number, end: number, fetchFn: FetchLike, what: string): Promise<{ bytes: Uint8Array; offset: number }> {
  let response: Response;
  try {
    response = await fetchFn(url, { headers: { Range: `bytes=${start}-${end - 1}` } });
  } catch (error) {
    throw new ArtifactError(
      `${what} are not stored on this device, and ${NAME} could not be downloaded ` +
        `(${error instanceof Error ? error.message : String(error)}). MovieLens users opened before also open ` +
        'offline; this one needs a connection.',
    );
  }
  if (response.status !== 206 && response.status !== 200) {
    throw new ArtifactError(`${NAME} could not be read (HTTP ${response.status} for ${url}).`);
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (response.status === 200) return { bytes, offset: 0 };
  const range = /^bytes (\d+)-(\d+)\//.exec(response.headers.get('content-range') ?? '');
  const offset = range === null ? start : Number(range[1]);
  return { bytes, offset };
}

/**
 * Checks every block of `blocks` that `bytes` (starting at file offset `offset`) fully covers, and
 * stores it. Returns the verified blocks by SHA-256.
 */
async function acceptBlocks(blocks: readonly RatingBlock[], bytes: Uint8Array, offset: number, store: BlockStore): Promise<Map<string, Uint8Array>> {
  const accepted = new Map<string, Uint8Array>();
  for (const block of blocks) {
    if (block.start < offset || block.end > offset + bytes.length) continue;
    const slice = bytes.slice(block.start - offset, block.end - offset);
    if ((await sha256Hex(slice)) !== block.sha256) {
      throw new ArtifactError(
        `${NAME} bytes ${block.start}–${block.end} do not match users.bin: the two files come from different builds; rebuild them.`,
      );
    }
    accepted.set(block.sha256, slice);
    await store.put(block.sha256, slice);
  }
  return accepted;
}

function join(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * The bytes of `blocks` (consecutive blocks of ratings.bin, in order), verified: stored blocks come
 * from `store`, the rest from one Range request, then stored.
 */
export async function readRatingBlocks(
  url: string,
  blocks: readonly RatingBlock[],
  store: BlockStore,
  fetchFn: FetchLike = fetch,
  what = 'These ratings',
): Promise<Uint8Array> {
  const found = new Map<string, Uint8Array>();
  for (const block of blocks) {
    const stored = await store.get(block.sha256);
    if (stored !== null && stored.length === block.end - block.start) found.set(block.sha256, stored);
  }
  const missing = blocks.filter((block) => !found.has(block.sha256));
  if (missing.length > 0) {
    const { bytes, offset } = await fetchRange(url, missing[0]!.start, missing[missing.length - 1]!.end, fetchFn, what);
    for (const [sha256, slice] of await acceptBlocks(missing, bytes, offset, store)) found.set(sha256, slice);
    const short = missing.find((block) => !found.has(block.sha256));
    if (short !== undefined) {
      throw new ArtifactError(`${NAME} ended before byte ${short.end}: the server sent a different file than users.bin describes.`);
    }
  }
  return join(blocks.map((block) => found.get(block.sha256)!));
}

/** How many blocks one request of "store everything" asks for (4 MiB). */
const BLOCKS_PER_REQUEST = 256;

/**
 * Stores every block of ratings.bin that `store` lacks ("Make every MovieLens user available
 * offline"), a few MiB per request so memory stays small and an interrupted run resumes where it
 * stopped; `onProgress` gets the bytes stored so far (stored before included) and the file's size.
 */
export async function storeAllRatingBlocks(
  url: string,
  blocks: readonly RatingBlock[],
  store: BlockStore,
  onProgress: (stored: number, total: number) => void,
  fetchFn: FetchLike = fetch,
): Promise<void> {
  const total = blocks.reduce((sum, block) => sum + (block.end - block.start), 0);
  let stored = 0;
  const missing: RatingBlock[] = [];
  for (const block of blocks) {
    if ((await store.get(block.sha256)) === null) missing.push(block);
    else stored += block.end - block.start;
  }
  onProgress(stored, total);
  const pending = new Set(missing);
  for (let i = 0; i < missing.length; i += BLOCKS_PER_REQUEST) {
    const chunk = missing.slice(i, i + BLOCKS_PER_REQUEST).filter((block) => pending.has(block));
    if (chunk.length === 0) continue;
    const { bytes, offset } = await fetchRange(url, chunk[0]!.start, chunk[chunk.length - 1]!.end, fetchFn, 'The MovieLens users’ ratings');
    // A server without Range support sends the whole file: every pending block is in it.
    const accepted = await acceptBlocks([...pending], bytes, offset, store);
    for (const block of [...pending]) {
      if (!accepted.has(block.sha256)) continue;
      pending.delete(block);
      stored += block.end - block.start;
    }
    if (chunk.some((block) => pending.has(block))) {
      throw new ArtifactError(`${NAME} ended early: the server sent a different file than users.bin describes.`);
    }
    onProgress(stored, total);
  }
}
