import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STARTUP_FILES } from '../../../web/src/artifacts/manifest';
import { integrityOf, type PrecacheFile, reviseEntries } from '../../../web/src/offline/sw_revisions';

const publicDir = join(import.meta.dirname, '..', '..', '..', 'public');
const haveArtifacts = existsSync(join(publicDir, 'artifacts', 'manifest.json'));

function sha256File(url: string): string {
  return createHash('sha256').update(readFileSync(join(publicDir, url))).digest('hex');
}

function entry(url: string): PrecacheFile {
  return { url, revision: 'md5-from-workbox', size: statSync(join(publicDir, url)).size };
}

describe('integrityOf', () => {
  it('is the Subresource Integrity form of the same digest', () => {
    const bytes = Buffer.from('movierec');
    const hex = createHash('sha256').update(bytes).digest('hex');
    expect(integrityOf(hex)).toBe(`sha256-${createHash('sha256').update(bytes).digest('base64')}`);
  });

  it('refuses anything but 64 lower-case hex digits', () => {
    expect(() => integrityOf('abc')).toThrow(/not a SHA-256/);
    expect(() => integrityOf('AB'.repeat(32))).toThrow(/not a SHA-256/);
  });
});

describe.skipIf(!haveArtifacts)('reviseEntries on the built artifacts', () => {
  const manifest = haveArtifacts
    ? (JSON.parse(readFileSync(join(publicDir, 'artifacts', 'manifest.json'), 'utf8')) as {
        files: Record<string, { bytes: number; sha256: string }>;
      })
    : { files: {} };

  it('uses manifest.json’s SHA-256 as the revision and integrity of every artifact', () => {
    const entries = [...STARTUP_FILES.map((name) => entry(`artifacts/${name}`)), entry('artifacts/manifest.json'), entry('icons/icon.svg')];
    const { manifest: revised, warnings } = reviseEntries(entries, sha256File, manifest.files);
    expect(warnings).toEqual([]);
    expect(revised).toHaveLength(entries.length);
    for (const name of STARTUP_FILES) {
      const listed = manifest.files[name]!;
      const got = revised.find((e) => e.url === `artifacts/${name}`)!;
      expect(got.revision).toBe(listed.sha256);
      expect(got.integrity).toBe(integrityOf(listed.sha256));
    }
    // Files the manifest does not describe are revised by their own bytes.
    const icon = revised.find((e) => e.url === 'icons/icon.svg')!;
    expect(icon.revision).toBe(sha256File('icons/icon.svg'));
    expect(revised.find((e) => e.url === 'artifacts/manifest.json')!.revision).toBe(sha256File('artifacts/manifest.json'));
  });

  it('fails the build when an artifact is not the file manifest.json describes', () => {
    const other = { ...manifest.files, 'catalog.bin': { ...manifest.files['catalog.bin']!, sha256: 'ab'.repeat(32) } };
    expect(() => reviseEntries([entry('artifacts/catalog.bin')], sha256File, other)).toThrow(
      /artifacts\/catalog\.bin \(\d+ bytes, SHA-256 [0-9a-f]{12}…\) does not match manifest\.json \(\d+ bytes, abababababab…\)/,
    );
    const shorter = { ...manifest.files, 'vocab.txt': { ...manifest.files['vocab.txt']!, bytes: 1 } };
    expect(() => reviseEntries([entry('artifacts/vocab.txt')], sha256File, shorter)).toThrow(/vocab\.txt .* does not match manifest\.json \(1 bytes/);
  });

  it('leaves out an artifact the manifest does not list, with a warning', () => {
    const { 'ratings.bin': _, ...withoutRatings } = manifest.files;
    const { manifest: revised, warnings } = reviseEntries([entry('artifacts/ratings.bin'), entry('artifacts/vocab.txt')], sha256File, withoutRatings);
    expect(revised.map((e) => e.url)).toEqual(['artifacts/vocab.txt']);
    expect(warnings).toEqual(['artifacts/ratings.bin is not listed in manifest.json and is not stored for offline use']);
  });
});
