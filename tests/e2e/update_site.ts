// Builds of the site that differ only in their artifacts' manifest.json, the way a redeployment
// with freshly built artifacts differs from the one before, and a symlink that a server serves, so
// a test can swap one deployment for another at the same origin.
import { execFileSync } from 'node:child_process';
import { linkSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
// One folder per test process, so two runs of the suite on one machine never delete each other's builds.
export const updateDir = join(root, 'build', `e2e-update-${process.pid}`);

/** Hard-links every file of `from` into `to` (no copy of the 40 MB of artifacts and runtime). */
function linkTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (entry.isDirectory()) linkTree(join(from, entry.name), join(to, entry.name));
    else linkSync(join(from, entry.name), join(to, entry.name));
  }
}

/**
 * Builds the site into <updateDir>/<name>/ from public/, with manifest.json's build_time set
 * to `buildTime` (or unchanged when null). Returns the output folder.
 */
export function buildVersion(name: string, buildTime: string | null): string {
  const publicDir = join(updateDir, `public-${name}`);
  const outDir = join(updateDir, name);
  rmSync(publicDir, { recursive: true, force: true });
  linkTree(join(root, 'public'), publicDir);
  if (buildTime !== null) {
    const manifestPath = join(publicDir, 'artifacts', 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { build_time: string };
    manifest.build_time = buildTime;
    unlinkSync(manifestPath); // a new file, not a write through the link into public/
    writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  }
  execFileSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--outDir', outDir, '--logLevel', 'warn'], {
    cwd: root,
    env: { ...process.env, MOVIEREC_PUBLIC_DIR: publicDir },
    stdio: 'pipe', // a failed build throws with Vite's output in the error
  });
  return outDir;
}

/** Points <updateDir>/live at `target`; the server keeps serving "live". */
export function deploy(target: string): string {
  const live = join(updateDir, 'live');
  rmSync(live, { force: true });
  symlinkSync(target, live);
  return live;
}

export function removeBuilds(): void {
  rmSync(updateDir, { recursive: true, force: true });
}
