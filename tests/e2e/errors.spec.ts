// Broken deployments must give a readable error panel, never a blank page. The artifacts here
// are a small fixture set, so the checks do not depend on a full pipeline run.
import type { Page } from '@playwright/test';
import { buildFixtureArtifacts } from './fixture_artifacts';
import { expect, test } from './local_only';

const files = buildFixtureArtifacts([
  { id: 1, title: 'One (2000)', year: 2000, genres: ['Drama'], tags: '', averageRating: 3, ratingCount: 1, imdbId: 0, tmdbId: 0 },
  { id: 2, title: 'Two (2001)', year: 2001, genres: ['Drama'], tags: '', averageRating: 3, ratingCount: 1, imdbId: 0, tmdbId: 0 },
]);

/** Serves the fixture artifacts, with `change` deciding what each file becomes. */
async function serve(page: Page, change: (name: string, body: Uint8Array) => Uint8Array | null = (_, b) => b): Promise<void> {
  await page.route('**/artifacts/*', (route) => {
    const name = new URL(route.request().url()).pathname.split('/').pop()!;
    const original = files.get(name);
    const body = original === undefined ? null : change(name, original);
    return body === null ? route.fulfill({ status: 404, body: 'not found' }) : route.fulfill({ status: 200, body: Buffer.from(body) });
  });
}

async function expectFatal(page: Page, message: RegExp): Promise<void> {
  await page.goto('./');
  await expect(page.locator('html')).toHaveAttribute('data-state', 'error');
  const panel = page.getByRole('alert');
  await expect(panel).toBeVisible();
  await expect(panel.getByRole('heading', { name: 'movierec could not start' })).toBeVisible();
  await expect(panel).toContainText(message);
  await expect(page.locator('#app')).toBeHidden();
  await expect(page.getByRole('button', { name: 'Try again' })).toBeVisible();
}

test('the fixture set itself starts', async ({ page }) => {
  await serve(page);
  await page.goto('./#about');
  await expect(page.locator('html')).toHaveAttribute('data-state', 'ready');
  await expect(page.locator('#about-facts')).toContainText('2 movies, 1 user, 1 rating');
});

test('a missing artifact names the file', async ({ page }) => {
  await serve(page, (name, body) => (name === 'users.bin' ? null : body));
  await expectFatal(page, /users\.bin is missing on the server \(HTTP 404/);
});

test('missing or foreign MovieLens ratings fail that user only, with the file named', async ({ page }) => {
  let ratings: Uint8Array | null = null;
  await serve(page, (name, body) => (name === 'ratings.bin' ? ratings : body));
  await page.goto('./#user');
  await expect(page.locator('html')).toHaveAttribute('data-state', 'ready');
  await page.getByLabel('MovieLens user id').fill('1');
  await page.getByRole('button', { name: 'Recommend' }).click();
  await expect(page.locator('#user-status')).toContainText(/ratings\.bin could not be read \(HTTP 404/i);
  // Bytes from another build: refused before the engine reads them.
  ratings = files.get('ratings.bin')!.map((byte) => byte ^ 1);
  await page.getByRole('button', { name: 'Recommend' }).click();
  await expect(page.locator('#user-status')).toContainText(/do not match users\.bin/);
  // The rest of the site is unaffected.
  await page.getByRole('tab', { name: 'Similar movies' }).click();
  await page.getByRole('combobox', { name: 'A movie you like' }).fill('One');
  await page.getByRole('button', { name: 'Find similar' }).click();
  await expect(page.locator('#similar-results .card')).toHaveCount(1);
});

test('a missing manifest names the manifest', async ({ page }) => {
  await serve(page, (name, body) => (name === 'manifest.json' ? null : body));
  await expectFatal(page, /manifest\.json is missing on the server/);
});

test('a file that does not match its SHA-256 is refused', async ({ page }) => {
  await serve(page, (name, body) => {
    if (name !== 'catalog.bin') return body;
    const changed = body.slice();
    changed[changed.length - 1] ^= 0xff;
    return changed;
  });
  await expectFatal(page, /catalog\.bin does not match manifest\.json/);
});

test('a file of the wrong size is refused', async ({ page }) => {
  await serve(page, (name, body) => (name === 'index.faiss' ? body.subarray(0, body.length - 8) : body));
  await expectFatal(page, /index\.faiss is truncated or the wrong file/);
});

test('artifacts of another format version are refused with an explanation', async ({ page }) => {
  await serve(page, (name, body) => {
    if (name !== 'manifest.json') return body;
    const manifest = JSON.parse(new TextDecoder().decode(body));
    manifest.format_version = 7;
    return new TextEncoder().encode(JSON.stringify(manifest));
  });
  await expectFatal(page, /format version 7, but this page reads version 6/);
});

test('a manifest that is not JSON is reported as such', async ({ page }) => {
  await serve(page, (name, body) => (name === 'manifest.json' ? new TextEncoder().encode('<html>oops</html>') : body));
  await expectFatal(page, /manifest\.json is not valid JSON/);
});

test('bytes the engine cannot read are reported with the engine’s words', async ({ page }) => {
  // A consistent manifest for a catalog.bin with a wrong magic: hash and size pass, the engine refuses.
  const broken = files.get('catalog.bin')!.slice();
  broken[0] = 'X'.charCodeAt(0);
  const manifest = JSON.parse(new TextDecoder().decode(files.get('manifest.json')));
  const { createHash } = await import('node:crypto');
  manifest.files['catalog.bin'].sha256 = createHash('sha256').update(broken).digest('hex');
  await serve(page, (name, body) =>
    name === 'catalog.bin' ? broken : name === 'manifest.json' ? new TextEncoder().encode(JSON.stringify(manifest)) : body,
  );
  await expectFatal(page, /The engine could not read the artifacts: .*catalog\.bin/);
});

test('a missing engine module is reported', async ({ page }) => {
  await serve(page);
  await page.route('**/engine/movierec_engine.mjs', (route) => route.fulfill({ status: 404 }));
  await expectFatal(page, /Could not load the engine/);
});
