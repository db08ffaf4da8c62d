import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArtifactError } from '../../../web/src/artifacts/download';
import { downloadArtifactWithRepair } from '../../../web/src/offline/offline_repair';

const tokenizerDir =
  process.env['MOVIEREC_TOKENIZER_DIR'] ?? join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'models', 'all-MiniLM-L6-v2');
const vocab = new Uint8Array(readFileSync(join(tokenizerDir, 'vocab.txt')));
const entry = { bytes: vocab.length, sha256: createHash('sha256').update(vocab).digest('hex') };
const damaged = vocab.slice();
damaged[damaged.length - 1]! ^= 0xff;

/** Answers each call with the next body of `bodies` (or a status), recording the cache mode asked for. */
function scriptedFetch(bodies: Array<Uint8Array | number | Error>) {
  const modes: Array<RequestCache | undefined> = [];
  const fetchFn = async (_url: string, init?: RequestInit) => {
    modes.push(init?.cache);
    const next = bodies[Math.min(modes.length - 1, bodies.length - 1)]!;
    if (next instanceof Error) throw next;
    if (typeof next === 'number') return new Response('gone', { status: next });
    return new Response(next as Uint8Array<ArrayBuffer>);
  };
  return { fetchFn, modes };
}

describe('downloadArtifactWithRepair', () => {
  it('takes good bytes as they come, with one request', async () => {
    const { fetchFn, modes } = scriptedFetch([vocab]);
    const bytes = await downloadArtifactWithRepair('https://x/movierec/artifacts/', 'vocab.txt', entry, () => undefined, fetchFn);
    expect(bytes).toEqual(vocab);
    expect(modes).toEqual(['no-cache']);
  });

  it('asks again with cache mode "reload" when the stored copy is damaged, and takes the fresh one', async () => {
    const { fetchFn, modes } = scriptedFetch([damaged, vocab]);
    const bytes = await downloadArtifactWithRepair('https://x/movierec/artifacts/', 'vocab.txt', entry, () => undefined, fetchFn);
    expect(bytes).toEqual(vocab);
    expect(modes).toEqual(['no-cache', 'reload']);
  });

  it('names both problems when the fresh download fails too', async () => {
    const { fetchFn } = scriptedFetch([damaged, new TypeError('Failed to fetch')]);
    const error = await downloadArtifactWithRepair('https://x/movierec/artifacts/', 'vocab.txt', entry, () => undefined, fetchFn).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArtifactError);
    expect((error as Error).message).toMatch(
      /^Could not download vocab\.txt: Failed to fetch\. Check the connection and reload\. \(The stored copy was unusable too: vocab\.txt does not match manifest\.json/,
    );
  });

  it('reports a file that is wrong on the server once, not twice', async () => {
    const { fetchFn, modes } = scriptedFetch([damaged]);
    const error = await downloadArtifactWithRepair('https://x/movierec/artifacts/', 'vocab.txt', entry, () => undefined, fetchFn).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^vocab\.txt does not match manifest\.json: its SHA-256 is [0-9a-f]{12}…/);
    expect((error as Error).message).not.toContain('unusable too');
    expect(modes).toEqual(['no-cache', 'reload']);
  });
});
