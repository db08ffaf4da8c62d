// Start-up: a progress bar with bytes while the artifacts download, then the app.
import { buildFixtureArtifacts } from './fixture_artifacts';
import { expect, test } from './local_only';

const files = buildFixtureArtifacts([
  { id: 1, title: 'One (2000)', year: 2000, genres: ['Drama'], tags: '', averageRating: 3, ratingCount: 1, imdbId: 0, tmdbId: 0 },
  { id: 2, title: 'Two (2001)', year: 2001, genres: ['Drama'], tags: '', averageRating: 3, ratingCount: 1, imdbId: 0, tmdbId: 0 },
]);

test('the progress bar counts downloaded bytes until the engine is ready', async ({ page }) => {
  // Hold vocab.txt back until the page has shown the partial progress of the other files.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/artifacts/*', async (route) => {
    const name = new URL(route.request().url()).pathname.split('/').pop()!;
    if (name === 'vocab.txt') await held;
    return route.fulfill({ status: 200, body: Buffer.from(files.get(name)!) });
  });
  await page.goto('./');
  await expect(page.locator('html')).toHaveAttribute('data-state', 'loading');
  const manifest = JSON.parse(new TextDecoder().decode(files.get('manifest.json')));
  const total = ['catalog.bin', 'users.bin', 'index.faiss', 'vocab.txt'].reduce((sum, n) => sum + manifest.files[n].bytes, 0);
  const bar = page.getByRole('progressbar', { name: /Downloading/ });
  await expect(bar).toBeVisible();
  const withoutVocab = total - manifest.files['vocab.txt'].bytes;
  await expect(bar).toHaveAttribute('aria-valuenow', String(Math.round((withoutVocab / total) * 100)));
  await expect(page.locator('#loader-detail')).toContainText(`of ${(total / 1024).toFixed(0)} kB`);

  release();
  await expect(page.locator('html')).toHaveAttribute('data-state', 'ready');
  await expect(page.locator('#loader')).toBeHidden();
});
