// Catalog text is data: hostile titles, tags and genres must render as text, never as markup.
import type { Page } from '@playwright/test';
import { buildFixtureArtifacts, type FixtureMovie, serveFixtureFiles } from './fixture_artifacts';
import { expect, openReady, test } from './local_only';

const HOSTILE_TITLE = '<img src=x onerror="window.__xss=1"> Pwned (1999)';
const HOSTILE_TAGS = '<script>window.__xss=2</script>, <b>bold</b>';
const HOSTILE_GENRE = '<i onmouseover="window.__xss=3">Drama</i>';

const movies: FixtureMovie[] = [
  { id: 1, title: 'Harmless Movie (1995)', year: 1995, genres: ['Comedy'], tags: 'plain', averageRating: 4, ratingCount: 3, imdbId: 114709, tmdbId: 862 },
  { id: 2, title: HOSTILE_TITLE, year: 1999, genres: [HOSTILE_GENRE, 'Comedy'], tags: HOSTILE_TAGS, averageRating: 3.5, ratingCount: 2, imdbId: 0, tmdbId: 0 },
  { id: 3, title: 'Another Movie, The (2001)', year: 2001, genres: ['Comedy'], tags: '', averageRating: 2.5, ratingCount: 1, imdbId: 1, tmdbId: 2 },
];

function serveFixture(page: Page): Promise<void> {
  return serveFixtureFiles(page, buildFixtureArtifacts(movies));
}

test('hostile catalog text renders as text in suggestions and cards', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await serveFixture(page);
  await openReady(page);

  const title = page.getByRole('combobox', { name: 'A movie you like' });
  await title.fill('pwned');
  const option = page.getByRole('option').first();
  await expect(option).toContainText('<img src=x onerror="window.__xss=1"> Pwned');

  await title.fill('harmless');
  await expect(page.getByRole('option').first()).toContainText('Harmless Movie');
  await title.press('ArrowDown');
  await title.press('Enter');
  const cards = page.locator('#similar-results .card');
  await expect(cards).toHaveCount(2);
  const hostile = cards.filter({ hasText: 'Pwned' });
  await expect(hostile.locator('.title-text')).toHaveText('<img src=x onerror="window.__xss=1"> Pwned');
  await expect(hostile.locator('.tags')).toHaveText(HOSTILE_TAGS);
  await expect(hostile.locator('.genres li')).toHaveText(['Comedy', HOSTILE_GENRE]);
  await hostile.hover();

  // Nothing from the catalog became an element or ran.
  await expect(page.locator('img, script:not([type="module"]), #similar-results b, #similar-results i')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(dialogs).toEqual([]);
  // The hostile movie has no outside ids, so it gets no outside links.
  await expect(hostile.locator('a')).toHaveCount(0);
});

test('a typed title that looks like markup is echoed as text', async ({ page }) => {
  await serveFixture(page);
  await openReady(page, '#similar?title=%3Csvg%20onload%3Dalert(1)%3Ezzzz&k=5');
  // Whether or not the fuzzy title match finds something, the page stays free of injected nodes.
  await expect(page.locator('#similar-status.error, #similar-results .card').first()).toBeVisible();
  await expect(page.locator('svg')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
});
