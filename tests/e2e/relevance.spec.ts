// What a real visitor notices about the answers, on the real catalog: a handful of likes gives films of
// that kind rather than the most popular ones, a dislike moves the rest of its series down, sequels sit
// beside their film, and a description finds the film it describes without naming it.
import type { Locator, Page } from '@playwright/test';
import { expect, openReady, test, useLanguageModel } from './local_only';

const PIXAR = [1, 4886, 6377, 8961, 60069, 68954]; // Toy Story, Monsters Inc., Finding Nemo, The Incredibles, WALL·E, Up
const LORD_OF_THE_RINGS = [4993, 5952, 7153];

async function importRatings(page: Page, ratings: Array<{ movieId: number; rating: number }>): Promise<void> {
  await openReady(page, '#taste');
  const text = JSON.stringify({ format: 'movierec-ratings', version: 1, ratings });
  await page.locator('#taste-import').setInputFiles({ name: 'mine.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await expect(page.locator('#taste-io-status')).toContainText(`Imported ${ratings.length} ratings`);
}

/** Movie id and genres of each card in `list`, in order. */
function cards(list: Locator): Promise<Array<{ id: number; genres: string[] }>> {
  return list.locator('.card').evaluateAll((nodes) =>
    nodes.map((card) => ({
      id: Number((card as HTMLElement).dataset['movieId']),
      genres: Array.from(card.querySelectorAll('.genres li'), (li) => li.textContent ?? ''),
    })),
  );
}

test('six Pixar likes give mostly animated films, with at most two of a series', async ({ page }) => {
  await importRatings(page, PIXAR.map((movieId) => ({ movieId, rating: 5 })));
  const results = page.locator('#taste-results[data-personal="true"]');
  await expect(results.locator('.card')).toHaveCount(20);
  const top = (await cards(results)).slice(0, 10);
  expect(top.filter((c) => c.genres.includes('Animation')).length, JSON.stringify(top)).toBeGreaterThanOrEqual(6);
  expect(top.filter((c) => LORD_OF_THE_RINGS.includes(c.id)).length).toBeLessThanOrEqual(2);
  expect(top.filter((c) => PIXAR.includes(c.id))).toEqual([]);
  await expect(page.locator('#taste-results .taste-note')).toContainText('From the 6 movies you liked');
});

test('a one-star Two Towers keeps the other Lord of the Rings films out of the top ten', async ({ page }) => {
  await importRatings(page, [...PIXAR.map((movieId) => ({ movieId, rating: 5 })), { movieId: 5952, rating: 1 }]);
  const results = page.locator('#taste-results[data-personal="true"]');
  await expect(results.locator('.card')).toHaveCount(20);
  const top = (await cards(results)).slice(0, 10).map((c) => c.id);
  expect(top.filter((id) => LORD_OF_THE_RINGS.includes(id))).toEqual([]);
  await expect(page.locator('#taste-results .taste-note')).toContainText('films like the 1 movie you disliked');
});

test('The Matrix has its sequels among its similar films', async ({ page }) => {
  await openReady(page, '#similar?title=Matrix%2C%20The%20(1999)&k=10');
  const list = page.locator('#similar-results');
  await expect(list.locator('.card')).toHaveCount(10);
  const ids = (await cards(list)).map((c) => c.id);
  expect(ids).toContain(6365); // The Matrix Reloaded
  expect(ids).toContain(6934); // The Matrix Revolutions
});

test('a description finds the film it describes without its title words', async ({ page }) => {
  await openReady(page, '#describe?q=a%20heist%20inside%20dreams&k=10');
  await useLanguageModel(page);
  const list = page.locator('#describe-results');
  await expect(list.locator('.card')).toHaveCount(10, { timeout: 90_000 });
  const ids = (await cards(list)).map((c) => c.id);
  expect(ids.slice(0, 5)).toContain(79132); // Inception
});
