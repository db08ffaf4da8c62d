// A stored copy can be damaged (disk errors, an interrupted write, a browser bug). When a file's
// bytes do not match manifest.json, ask once more with cache mode "reload": the service worker
// then fetches it from the server, verifies it and replaces the stored copy (web/src/offline/sw.ts), and
// without a service worker the browser's HTTP cache is bypassed the same way.
import { ArtifactError, downloadArtifact, type FetchLike } from '../artifacts/download';
import type { FileEntry } from '../artifacts/manifest';

export async function downloadArtifactWithRepair(
  baseUrl: string,
  name: string,
  entry: FileEntry,
  onProgress: (loaded: number, total: number) => void,
  fetchFn: FetchLike = fetch,
): Promise<Uint8Array> {
  try {
    return await downloadArtifact(baseUrl, name, entry, onProgress, fetchFn);
  } catch (first) {
    if (!(first instanceof ArtifactError)) throw first;
    try {
      return await downloadArtifact(baseUrl, name, entry, onProgress, (url, init) => fetchFn(url, { ...init, cache: 'reload' }));
    } catch (second) {
      // The server's copy is what the user has to fix, so its message comes first.
      if (!(second instanceof ArtifactError) || second.message === first.message) throw second;
      throw new ArtifactError(`${second.message} (The stored copy was unusable too: ${first.message})`);
    }
  }
}
