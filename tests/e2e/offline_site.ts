// A copy of the built site on its own server, which the offline and update tests can stop (to be
// really offline) or switch to another build (a new deployment at the same origin).
import { test as base, expect, type Page } from '@playwright/test';
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/**
 * The `test` of the offline specs. Like tests/e2e/local_only.ts it fails on any request that
 * leaves 127.0.0.1, but it only listens instead of routing: Playwright's request interception
 * sits in front of the service worker and fails the page's requests once the context is offline,
 * which is the very case these specs exercise.
 */
export const test = base.extend<{ outsideRequests: string[] }>({
  outsideRequests: [
    async ({ context }, use) => {
      const outside: string[] = [];
      context.on('request', (request) => {
        const url = new URL(request.url());
        if (url.hostname !== '127.0.0.1' && url.protocol !== 'data:' && url.protocol !== 'blob:') outside.push(url.href);
      });
      await use(outside);
      expect(outside, 'requests that left 127.0.0.1').toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

const root = join(import.meta.dirname, '..', '..');

/** Sizes as the About tab shows them (web/src/ui/format.ts), computed from the built manifest. */
function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
const manifestPath = join(root, 'dist', 'artifacts', 'manifest.json');
const builtManifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { files: Record<string, { bytes: number }> };
/** The movie data: the manifest and the four files the engine starts from. */
export const MOVIE_DATA_SIZE = megabytes(
  statSync(manifestPath).size +
    ['catalog.bin', 'users.bin', 'index.faiss', 'vocab.txt'].reduce((sum, file) => sum + builtManifest.files[file].bytes, 0),
);
export const MODEL_SIZE = megabytes(builtManifest.files['model.int8.onnx'].bytes);

export interface Site {
  /** http://127.0.0.1:PORT/movierec/ */
  url: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Serves `dir` (dist/ by default) under /movierec/ with tests/e2e/serve.mjs, on `port` or a free one;
 * `isolated` adds the COOP/COEP headers that make the page cross-origin isolated.
 */
export async function startSite(dir = join(root, 'dist'), port?: number, isolated = false): Promise<Site> {
  const chosen = port ?? (await freePort());
  const child: ChildProcess = spawn(
    process.execPath,
    [
      join(root, 'tests', 'e2e', 'serve.mjs'),
      ...['--dir', dir, '--port', String(chosen), '--base', '/movierec/'],
      ...(isolated ? ['--isolated'] : []),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`serve.mjs exited with ${code}`)));
    child.stdout!.once('data', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${chosen}/movierec/`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Opens `url` and waits until the engine answers. */
export async function openSite(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.locator('html')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
}

/** Waits until the service worker has stored this version and is active. */
export async function waitForOfflineCopy(page: Page): Promise<void> {
  await expect
    .poll(
      () =>
        page.evaluate(async () => {
          const registration = await navigator.serviceWorker.getRegistration();
          return registration?.active?.state ?? 'none';
        }),
      { timeout: 90_000 },
    )
    .toBe('activated');
}

/** URL → byte length of every entry of every cache whose name starts with `prefix`. */
export async function storedEntries(page: Page, prefix: string): Promise<Record<string, number>> {
  return page.evaluate(async (namePrefix) => {
    const entries: Record<string, number> = {};
    for (const name of await caches.keys()) {
      if (!name.startsWith(namePrefix)) continue;
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        const response = await cache.match(request);
        entries[request.url] = response === undefined ? -1 : (await response.arrayBuffer()).byteLength;
      }
    }
    return entries;
  }, prefix);
}

/** Flips the last byte of the stored copy of `path` (relative to the site root) in the cache named `prefix`…; returns its key. */
export async function damageStoredFile(page: Page, prefix: string, path: string): Promise<string> {
  return page.evaluate(
    async ({ namePrefix, filePath }) => {
      for (const name of await caches.keys()) {
        if (!name.startsWith(namePrefix)) continue;
        const cache = await caches.open(name);
        for (const request of await cache.keys()) {
          if (!new URL(request.url).pathname.endsWith(`/${filePath}`)) continue;
          const response = (await cache.match(request))!;
          const bytes = new Uint8Array(await response.arrayBuffer());
          bytes[bytes.length - 1]! ^= 0xff;
          await cache.put(request, new Response(bytes, { headers: response.headers }));
          return request.url;
        }
      }
      throw new Error(`${filePath} is not stored in ${namePrefix}…`);
    },
    { namePrefix: prefix, filePath: path },
  );
}

/** SHA-256 (hex) of the stored copy under `key` in the cache named `prefix`…. */
export async function storedSha256(page: Page, prefix: string, key: string): Promise<string> {
  return page.evaluate(
    async ({ namePrefix, cacheKey }) => {
      for (const name of await caches.keys()) {
        if (!name.startsWith(namePrefix)) continue;
        const response = await (await caches.open(name)).match(cacheKey);
        if (response === undefined) continue;
        const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await response.arrayBuffer()));
        return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
      }
      return 'missing';
    },
    { namePrefix: prefix, cacheKey: key },
  );
}

/** The SHA-256 manifest.json lists for `name`. */
export async function listedSha256(page: Page, siteUrl: string, name: string): Promise<string> {
  return page.evaluate(
    async ({ url, file }) => {
      const manifest = (await (await fetch(new URL('artifacts/manifest.json', url))).json()) as { files: Record<string, { sha256: string }> };
      return manifest.files[file]!.sha256;
    },
    { url: siteUrl, file: name },
  );
}
