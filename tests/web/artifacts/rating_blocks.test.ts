// Reading MovieLens users' ratings a block at a time: only the blocks asked for travel, each is checked
// against its SHA-256 before use, stored blocks are not fetched again, and "store everything" resumes.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type BlockStore, type RatingBlock, readRatingBlocks, storeAllRatingBlocks } from '../../../web/src/artifacts/rating_blocks';
import { rangeFetch } from '../engine_node_loader';

const BLOCK = 16384;
const URL = 'http://127.0.0.1/artifacts/ratings.bin';

function makeFile(bytes: number): Uint8Array {
  const file = new Uint8Array(bytes);
  for (let i = 0; i < bytes; ++i) file[i] = (i * 2654435761) >>> 24;
  return file;
}

function blocksOf(file: Uint8Array): RatingBlock[] {
  const blocks: RatingBlock[] = [];
  for (let start = 0; start < file.length; start += BLOCK) {
    const end = Math.min(file.length, start + BLOCK);
    blocks.push({ start, end, sha256: createHash('sha256').update(file.subarray(start, end)).digest('hex') });
  }
  return blocks;
}

function memoryStore(): BlockStore & { map: Map<string, Uint8Array> } {
  const map = new Map<string, Uint8Array>();
  return { map, get: async (sha) => map.get(sha) ?? null, put: async (sha, bytes) => void map.set(sha, bytes) };
}

const file = makeFile(BLOCK * 5 + 1234);
const blocks = blocksOf(file);

describe('readRatingBlocks', () => {
  it('fetches just the asked blocks with one Range request, verified, and keeps them', async () => {
    const requests: string[] = [];
    const store = memoryStore();
    const bytes = await readRatingBlocks(URL, blocks.slice(2, 4), store, rangeFetch(file, requests));
    expect(requests).toEqual([`bytes=${2 * BLOCK}-${4 * BLOCK - 1}`]);
    expect(bytes).toEqual(file.subarray(2 * BLOCK, 4 * BLOCK));
    expect(store.map.size).toBe(2);
    // Asked again: from the store, nothing fetched.
    const again = await readRatingBlocks(URL, blocks.slice(2, 4), store, rangeFetch(file, requests));
    expect(requests).toHaveLength(1);
    expect(again).toEqual(bytes);
  });

  it('reads the short last block and works with a server that ignores Range', async () => {
    const whole = async () => new Response(file.slice() as Uint8Array<ArrayBuffer>, { status: 200 });
    const bytes = await readRatingBlocks(URL, blocks.slice(4), memoryStore(), whole);
    expect(bytes).toEqual(file.subarray(4 * BLOCK));
  });

  it('refuses bytes that do not match users.bin, and keeps none of them', async () => {
    const tampered = file.slice();
    tampered[3 * BLOCK + 7]! ^= 1;
    const store = memoryStore();
    await expect(readRatingBlocks(URL, blocks.slice(3, 4), store, rangeFetch(tampered))).rejects.toThrow(
      /ratings.bin bytes 49152–65536 do not match users.bin/,
    );
    expect(store.map.size).toBe(0);
  });

  it('says a user needs a connection when the network is gone, and names an HTTP error', async () => {
    const offline = async (): Promise<Response> => {
      throw new TypeError('Failed to fetch');
    };
    await expect(readRatingBlocks(URL, blocks.slice(0, 1), memoryStore(), offline)).rejects.toThrow(/needs a connection/);
    const missing = async () => new Response('not found', { status: 404 });
    await expect(readRatingBlocks(URL, blocks.slice(0, 1), memoryStore(), missing)).rejects.toThrow(/HTTP 404/);
  });

  it('refuses a file shorter than users.bin describes', async () => {
    await expect(readRatingBlocks(URL, blocks.slice(4), memoryStore(), rangeFetch(file.subarray(0, 4 * BLOCK + 10)))).rejects.toThrow(
      /different file than users.bin describes|do not match/,
    );
  });
});

describe('storeAllRatingBlocks', () => {
  it('stores every block with progress up to the file size, and resumes without fetching stored blocks', async () => {
    const store = memoryStore();
    await store.put(blocks[0]!.sha256, file.slice(0, BLOCK));
    await store.put(blocks[1]!.sha256, file.slice(BLOCK, 2 * BLOCK));
    const progress: number[] = [];
    const requests: string[] = [];
    await storeAllRatingBlocks(URL, blocks, store, (stored, total) => {
      expect(total).toBe(file.length);
      progress.push(stored);
    }, rangeFetch(file, requests));
    expect(progress[0]).toBe(2 * BLOCK);
    expect(progress.at(-1)).toBe(file.length);
    expect(requests).toEqual([`bytes=${2 * BLOCK}-${file.length - 1}`]);
    expect(store.map.size).toBe(blocks.length);
  });

  it('takes every block from one whole-file answer when the server ignores Range', async () => {
    const store = memoryStore();
    let calls = 0;
    const whole = async () => {
      calls += 1;
      return new Response(file.slice() as Uint8Array<ArrayBuffer>, { status: 200 });
    };
    await storeAllRatingBlocks(URL, blocks, store, () => undefined, whole);
    expect(calls).toBe(1);
    expect(store.map.size).toBe(blocks.length);
  });
});
