// Odd and hostile titles: right-to-left control characters stay inside the title, a 10,000-character
// title cannot widen the page, and Enter opens the title typed exactly, not a look-alike.
import type { Page } from '@playwright/test';
import { buildFixtureArtifacts, type FixtureMovie, serveFixtureFiles } from './fixture_artifacts';
import { expect, openReady, test } from './local_only';

const LONG = 'Endless'.repeat(1500); // 10,500 characters, no space to break at
const movie = (id: number, title: string, year: number, ratingCount: number): FixtureMovie => ({
  id, title: `${title} (${year})`, year, genres: ['Drama'], tags: '', averageRating: 3.5, ratingCount, imdbId: 0, tmdbId: 0,
});
const movies: FixtureMovie[] = [
  movie(1, 'Plain Movie', 2000, 30),
  movie(2, 'Heat!', 1995, 50),
  movie(3, 'Heat', 1995, 5),
  movie(4, 'breaker\u202e', 2018, 20),
  movie(5, LONG, 2001, 10),
];

function serveFixture(page: Page): Promise<void> {
  return serveFixtureFiles(page, buildFixtureArtifacts(movies));
}

test('Enter opens the title typed exactly, not one that differs only in punctuation', async ({ page }) => {
  await serveFixture(page);
  await openReady(page);
  const box = page.getByRole('combobox', { name: 'A movie you like' });
  await box.fill('Heat (1995)');
  await box.press('Enter');
  await expect(page.locator('#similar-results .results-heading')).toHaveText(/similar to Heat \(1995\)$/);
  await box.fill('Heat! (1995)');
  await box.press('Enter');
  await expect(page.locator('#similar-results .results-heading')).toHaveText(/similar to Heat! \(1995\)$/);
});

test('a right-to-left override in a title stays inside it, and a huge title neither widens the page nor fills it', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await serveFixture(page);
  await openReady(page, '#similar?title=breaker&k=4');
  const results = page.locator('#similar-results');
  await expect(results.locator('.card')).toHaveCount(4);
  // Every title is its own bidi-isolated element, apart from the year after it.
  const heading = results.locator('.results-heading');
  await expect(heading.locator('bdi')).toHaveText('breaker\u202e');
  await expect(heading).toHaveText(/ \(2018\)$/);
  const isolation = await page
    .locator('.title-text, .option-title, .because cite, bdi')
    .evaluateAll((nodes) => nodes.map((node) => getComputedStyle(node).unicodeBidi));
  expect(isolation.length).toBeGreaterThan(3);
  expect(new Set(isolation)).toEqual(new Set(['isolate']));

  const long = results.locator('.card').filter({ hasText: 'EndlessEndless' });
  await expect(long.locator('.title-text')).toHaveText(/^(Endless)+E?n?d?l?e?s?s?…$/);
  expect(Array.from((await long.locator('.title-text').textContent()) ?? '').length).toBe(200);
  await page.goto(`./#similar?title=${'Endless'.repeat(20)}&k=4`);
  await expect(page.locator('#similar-results .results-heading')).toContainText('similar to Endless');
  const [scrollWidth, width, headingHeight] = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    window.innerWidth,
    document.querySelector('#similar-results .results-heading')!.getBoundingClientRect().height,
  ]);
  expect(scrollWidth).toBeLessThanOrEqual(width);
  expect(headingHeight).toBeLessThan(740);
});
