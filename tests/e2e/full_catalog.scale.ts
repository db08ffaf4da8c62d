// The product on a full-size catalog: 87,585 generated movies (scripts/scale-site.sh builds it into
// build/scale/; playwright.scale.config.ts serves it). Every tab answers, a MovieLens user costs a
// Range request for a few blocks instead of every user's ratings, and About says what the build's
// evaluation left out at this size.
import { readFileSync } from 'node:fs';
import { expect, openReady, test, useLanguageModel } from './local_only';

const manifest = JSON.parse(readFileSync('build/scale/dist/artifacts/manifest.json', 'utf8')) as {
  dataset: { movies: number };
  files: Record<string, { bytes: number }>;
};

test.setTimeout(300_000);

test('start-up downloads the catalog, the users and the index, never the ratings; About says what was restricted', async ({ page }) => {
  const fetched: string[] = [];
  page.on('request', (request) => fetched.push(new URL(request.url()).pathname));
  await openReady(page, '#about');
  expect(manifest.dataset.movies).toBeGreaterThan(80_000);
  await expect(page.locator('#about-facts')).toContainText(`${manifest.dataset.movies.toLocaleString('en-US')} movies`);
  await expect(page.locator('.evaluation-restrictions')).toContainText(/\d/);
  for (const name of ['catalog.bin', 'users.bin', 'index.faiss']) expect(fetched).toContain(`/movierec/artifacts/${name}`);
  expect(fetched.filter((path) => path.endsWith('ratings.bin'))).toEqual([]);
});

test('every tab answers on the full-size catalog', async ({ page }) => {
  // My taste: three of the most-rated films from the onboarding grid give personal recommendations.
  await openReady(page, '#taste');
  const grid = page.locator('#taste-onboarding-grid');
  await expect(grid.locator('.card')).toHaveCount(24);
  const sliders = grid.getByRole('slider');
  const names = await sliders.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('aria-label') ?? ''));
  const firstTitle = names[0]!.replace(/^Your rating of /, '');
  for (let i = 0; i < 3; ++i) {
    await sliders.nth(i).focus();
    await page.keyboard.press('5');
  }
  const personal = page.locator('#taste-results[data-personal="true"] .card');
  await expect(personal).toHaveCount(20);
  await expect(personal.first().locator('.because')).toBeVisible();

  // Similar: the most-rated film.
  await page.getByRole('tab', { name: 'Similar movies' }).click();
  await page.getByRole('combobox', { name: 'A movie you like' }).fill(firstTitle);
  await page.getByRole('button', { name: 'Find similar' }).click();
  await expect(page.locator('#similar-results .card')).toHaveCount(10);

  // A MovieLens user: one Range request for the blocks that hold their ratings.
  const ranges: string[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/ratings.bin')) ranges.push(request.headers()['range'] ?? 'none');
  });
  await page.getByRole('tab', { name: 'For a MovieLens user' }).click();
  await page.getByLabel('MovieLens user id').fill('1');
  await page.getByRole('button', { name: 'Recommend' }).click();
  await expect(page.locator('#user-results .card')).toHaveCount(10);
  expect(ranges).toHaveLength(1);
  const [, start, end] = /^bytes=(\d+)-(\d+)$/.exec(ranges[0]!) ?? [];
  expect(Number(end) - Number(start) + 1).toBeLessThanOrEqual(4 * 16384);
  expect(manifest.files['ratings.bin']!.bytes).toBeGreaterThan(1_000_000);

  // Describe: the text model on the full catalog.
  await page.getByRole('tab', { name: 'Describe a movie' }).click();
  await useLanguageModel(page);
  await page.getByLabel('Describe the movie you are in the mood for').fill('a detective story in a rainy city at night');
  await page.getByRole('button', { name: 'Find movies' }).click();
  await expect(page.locator('#describe-results .card')).toHaveCount(10, { timeout: 120_000 });
});
