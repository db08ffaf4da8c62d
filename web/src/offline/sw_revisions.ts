// Build time: turns the list of files Workbox found in dist/ into the service worker's precache
// list. Every entry's revision is the SHA-256 of its bytes, and its integrity the same hash in
// Subresource Integrity form, so the browser itself refuses a download that is not the file this
// build saw. For artifacts the hash is the one manifest.json lists, and a file that disagrees with
// the manifest fails the build: a precache must never pair an old index with a new catalog.

export interface PrecacheFile {
  url: string;
  revision: string | null;
  size: number;
  integrity?: string;
}

export interface ListedArtifact {
  bytes: number;
  sha256: string;
}

export const ARTIFACTS_PREFIX = 'artifacts/';

/** "sha256-<base64>" from a hexadecimal SHA-256, the form fetch()'s integrity option takes. */
export function integrityOf(sha256Hex: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256Hex)) throw new Error(`not a SHA-256 in hex: ${sha256Hex}`);
  let binary = '';
  for (let i = 0; i < 64; i += 2) binary += String.fromCharCode(parseInt(sha256Hex.slice(i, i + 2), 16));
  return `sha256-${btoa(binary)}`;
}

/**
 * `sha256Of(url)` hashes the built file at `url` (relative to dist/); `artifacts` is manifest.json's
 * "files". Artifacts the manifest does not list are left out with a warning; the caller decides
 * which listed artifacts (not the text model) the glob picks up at all.
 */
export function reviseEntries(
  entries: PrecacheFile[],
  sha256Of: (url: string) => string,
  artifacts: Record<string, ListedArtifact>,
): { manifest: PrecacheFile[]; warnings: string[] } {
  const manifest: PrecacheFile[] = [];
  const warnings: string[] = [];
  for (const entry of entries) {
    const sha256 = sha256Of(entry.url);
    if (entry.url.startsWith(ARTIFACTS_PREFIX) && entry.url !== `${ARTIFACTS_PREFIX}manifest.json`) {
      const name = entry.url.slice(ARTIFACTS_PREFIX.length);
      const listed = artifacts[name];
      if (listed === undefined) {
        warnings.push(`${entry.url} is not listed in manifest.json and is not stored for offline use`);
        continue;
      }
      if (listed.sha256 !== sha256 || listed.bytes !== entry.size) {
        throw new Error(
          `${entry.url} (${entry.size} bytes, SHA-256 ${sha256.slice(0, 12)}…) does not match manifest.json ` +
            `(${listed.bytes} bytes, ${listed.sha256.slice(0, 12)}…): the artifacts were not built together.`,
        );
      }
    }
    manifest.push({ url: entry.url, revision: sha256, size: entry.size, integrity: integrityOf(sha256) });
  }
  return { manifest, warnings };
}
