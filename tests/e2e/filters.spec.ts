// Filters and sorting on every result list, on the real catalog: the engine applies them before the
// top k is cut, so k results come back and every one satisfies the filter.
import type { Locator, Page } from '@playwright/test';
import { expect, openReady, test } from './local_only';

interface CardFacts {
  id: number;
  year: number;
  genres: string[];
  average: number;
  ratingCount: number;
}

/** What each card in `list` says about its movie. */
function cardFacts(list: Locator): Promise<CardFacts[]> {
  return list.locator('.card').evaluateAll((cards) =>
    cards.map((card) => {
      const rating = card.querySelector('.rating')?.textContent ?? '';
      const numbers = /^(\d\.\d) \/ 5 · ([\d,]+) ratings?$/.exec(rating);
      return {
        id: Number((card as HTMLElement).dataset['movieId']),
        year: Number(card.querySelector('.year')?.textContent ?? 0),
        genres: Array.from(card.querySelectorAll('.genres li'), (li) => li.textContent ?? ''),
        average: numbers === null ? 0 : Number(numbers[1]),
        ratingCount: numbers === null ? 0 : Number(numbers[2]!.replace(/,/g, '')),
      };
    }),
  );
}

/** The filters fold into a "Filters (n)" disclosure; opens it unless it is open. */
async function openFilters(page: Page): Promise<void> {
  if (!(await page.locator('#filter-panel').evaluate((details) => (details as HTMLDetailsElement).open))) {
    await page.locator('#filter-panel-summary').click();
  }
}

async function chooseGenres(page: Page, genres: string[], match: 'Any of them' | 'All of them'): Promise<void> {
  await openFilters(page);
  await page.locator('#filter-genres > summary').click();
  for (const genre of genres) await page.locator('#filter-genre-list').getByLabel(genre, { exact: true }).check();
  await page.getByLabel(match).check();
  await page.locator('#filter-genres > summary').click();
}

async function setNumber(page: Page, label: string, value: string): Promise<void> {
  await openFilters(page);
  const box = page.getByLabel(label, { exact: true });
  await box.fill(value);
  await box.press('Enter');
}

test('Similar: genres (any), a year range and a minimum rating count still give k movies that all pass', async ({ page }) => {
  await openReady(page, '#similar?title=Toy%20Story&k=10');
  await expect(page.locator('#similar-results .card')).toHaveCount(10);

  await chooseGenres(page, ['Comedy', 'Romance'], 'Any of them');
  await expect(page.locator('#filter-genres-summary')).toHaveText('Genres: Comedy, Romance');
  await setNumber(page, 'From year', '1990');
  await setNumber(page, 'To year', '1999');
  await setNumber(page, 'Min. ratings', '20');
  await expect(page.locator('#filter-summary')).toHaveText('Showing: Comedy or Romance · 1990–1999 · 20+ ratings');

  const list = page.locator('#similar-results');
  await expect
    .poll(async () => (await cardFacts(list)).every((m) => m.year >= 1990 && m.year <= 1999 && m.ratingCount >= 20))
    .toBe(true);
  const movies = await cardFacts(list);
  expect(movies).toHaveLength(10);
  for (const m of movies) {
    expect(m.genres.some((g) => g === 'Comedy' || g === 'Romance'), JSON.stringify(m)).toBe(true);
    expect(m.id).not.toBe(1);
  }
  // Toy Story 2 is the nearest movie that passes.
  expect(movies[0]!.id).toBe(3114);
});

test('For a user: "all of them" genres and k = 25 across a narrow filter', async ({ page }) => {
  await openReady(page, '#user');
  await chooseGenres(page, ['Action', 'Sci-Fi'], 'All of them');
  await setNumber(page, 'From year', '2000');
  await page.getByLabel('MovieLens user id').fill('1');
  await page.locator('#user-k').fill('25');
  await page.getByRole('button', { name: 'Recommend' }).click();

  const list = page.locator('#user-results');
  await expect(list.locator('.card')).toHaveCount(25);
  for (const m of await cardFacts(list)) {
    expect(m.genres, JSON.stringify(m)).toEqual(expect.arrayContaining(['Action', 'Sci-Fi']));
    expect(m.year).toBeGreaterThanOrEqual(2000);
  }
});

test('My taste: personal recommendations and popular picks obey the filters too', async ({ page }) => {
  await openReady(page, '#taste');
  await chooseGenres(page, ['Drama'], 'Any of them');
  await setNumber(page, 'To year', '1980');
  await setNumber(page, 'Min. ratings', '10');

  // The quick-start grid follows the filters as well.
  const grid = page.locator('#taste-onboarding-grid');
  await expect
    .poll(async () => (await cardFacts(grid)).every((m) => m.genres.includes('Drama') && m.year <= 1980 && m.ratingCount >= 10))
    .toBe(true);
  await expect(grid.locator('.card')).toHaveCount(24);

  await grid.locator('.card').first().getByRole('slider').focus();
  await page.keyboard.press('5');
  const results = page.locator('#taste-results[data-personal="true"]');
  await expect(results.locator('.card')).toHaveCount(20);
  for (const m of await cardFacts(results)) {
    expect(m.genres, JSON.stringify(m)).toContain('Drama');
    expect(m.year).toBeLessThanOrEqual(1980);
    expect(m.ratingCount).toBeGreaterThanOrEqual(10);
  }
});

test('sorting reorders the k results by average rating or by year; "match" restores the engine order', async ({ page }) => {
  await openReady(page, '#similar?title=Heat&k=15');
  const list = page.locator('#similar-results');
  await expect(list.locator('.card')).toHaveCount(15);
  const byMatch = (await cardFacts(list)).map((m) => m.id);

  await openFilters(page);
  await page.getByRole('radio', { name: 'Average rating' }).check();
  await expect.poll(async () => (await cardFacts(list)).map((m) => m.id)).not.toEqual(byMatch);
  const byRating = await cardFacts(list);
  expect(new Set(byRating.map((m) => m.id))).toEqual(new Set(byMatch));
  for (let i = 1; i < byRating.length; ++i) expect(byRating[i - 1]!.average).toBeGreaterThanOrEqual(byRating[i]!.average);
  await expect(list.locator('.rank').first()).toHaveText('1');

  await page.getByRole('radio', { name: 'Newest first' }).check();
  await expect.poll(async () => (await cardFacts(list)).map((m) => m.year)).toEqual(
    [...byRating.map((m) => m.year)].sort((a, b) => b - a),
  );

  await page.getByRole('radio', { name: 'Best match' }).check();
  await expect.poll(async () => (await cardFacts(list)).map((m) => m.id)).toEqual(byMatch);
});

test('"Hide movies I rated" leaves out rated and not-interested movies and still returns k', async ({ page }) => {
  await openReady(page, '#similar?title=Alien&k=10');
  const list = page.locator('#similar-results');
  await expect(list.locator('.card')).toHaveCount(10);
  const first = await cardFacts(list);
  await list.locator('.card').nth(0).getByRole('slider').focus();
  await page.keyboard.press('4');
  await list.locator('.card').nth(1).getByRole('button', { name: /^Not interested in / }).click();

  await openFilters(page);
  await page.getByLabel('Hide movies I rated').check();
  await expect.poll(async () => (await cardFacts(list)).map((m) => m.id)).not.toContain(first[0]!.id);
  const hidden = await cardFacts(list);
  expect(hidden).toHaveLength(10);
  expect(hidden.map((m) => m.id)).not.toContain(first[1]!.id);
  // What was ranked 3rd to 10th moves up; two new movies fill the list.
  expect(hidden.slice(0, 8).map((m) => m.id)).toEqual(first.slice(2).map((m) => m.id));
});

test('filters are remembered across reloads, checked as typed, and reset in one click', async ({ page }) => {
  await openReady(page, '#similar?title=Heat&k=10');
  const list = page.locator('#similar-results');
  await expect(list.locator('.card')).toHaveCount(10);
  await setNumber(page, 'To year', '1990');
  await expect.poll(async () => (await cardFacts(list)).every((m) => m.year <= 1990)).toBe(true);
  const upTo1990 = await cardFacts(list);
  await setNumber(page, 'From year', '2000');
  await expect(page.locator('#filter-status')).toHaveText('The years run from 2000 to 1990: the first must not be after the second.');
  // The impossible range is not applied: the list stays as the last valid filters made it.
  expect(await cardFacts(list)).toEqual(upTo1990);

  await setNumber(page, 'To year', '2010');
  await expect(page.locator('#filter-status')).toBeEmpty();
  await page.getByLabel('Hide movies I rated').check();
  await page.getByRole('radio', { name: 'Newest first' }).check();
  await expect
    .poll(async () => (await cardFacts(page.locator('#similar-results'))).every((m) => m.year >= 2000 && m.year <= 2010))
    .toBe(true);

  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  // Folded after a reload, with the number of filters in force on the fold.
  await expect(page.locator('#filter-panel-summary')).toHaveText('Filters (2)');
  await openFilters(page);
  await expect(page.getByLabel('From year', { exact: true })).toHaveValue('2000');
  await expect(page.getByLabel('To year', { exact: true })).toHaveValue('2010');
  await expect(page.getByLabel('Hide movies I rated')).toBeChecked();
  await expect(page.getByRole('radio', { name: 'Newest first' })).toBeChecked();
  await expect(page.locator('#similar-results .card')).toHaveCount(10);
  for (const m of await cardFacts(page.locator('#similar-results'))) expect(m.year).toBeGreaterThanOrEqual(2000);

  await page.getByRole('button', { name: 'Reset', exact: true }).click();
  await expect(page.getByLabel('From year', { exact: true })).toHaveValue('');
  await expect(page.locator('#filter-summary')).toBeEmpty();
  await expect.poll(async () => (await cardFacts(page.locator('#similar-results'))).some((m) => m.year < 2000)).toBe(true);

  // The About tab has no result list, so no filter bar.
  await page.getByRole('tab', { name: 'About' }).click();
  await expect(page.getByRole('form', { name: 'Filters and sorting' })).toBeHidden();
});

test('number boxes apply as you type, the genre list closes when you leave it, and an empty list offers a reset', async ({ page }) => {
  await openReady(page, '#similar?title=Heat&k=10');
  const list = page.locator('#similar-results');
  await expect(list.locator('.card')).toHaveCount(10);
  await openFilters(page);
  // No Enter, no blur: the list follows the typing once it pauses.
  await page.getByLabel('From year', { exact: true }).pressSequentially('2005');
  await expect.poll(async () => (await cardFacts(list)).every((m) => m.year >= 2005)).toBe(true);
  await expect(page.locator('#filter-panel-summary')).toHaveText('Filters (1)');

  // The genre list is a popover: a click elsewhere closes it, and so does Tab past its last control.
  await page.locator('#filter-genres > summary').click();
  await expect(page.locator('#filter-genre-list')).toBeVisible();
  await page.locator('.masthead').click();
  await expect(page.locator('#filter-genre-list')).toBeHidden();
  await page.locator('#filter-genres > summary').click();
  await page.getByLabel('All of them').focus();
  await page.keyboard.press('Tab');
  await expect(page.locator('#filter-genre-list')).toBeHidden();
  await page.locator('#filter-genres > summary').click();
  await page.keyboard.press('Escape');
  await expect(page.locator('#filter-genre-list')).toBeHidden();
  await expect(page.locator('#filter-genres > summary')).toBeFocused();

  // Nothing passes: the page says so and offers the way back.
  await setNumber(page, 'Min. ratings', '100000');
  await expect(list.locator('.empty-hint')).toHaveText('No movie passes your filters. Reset filters');
  await list.getByRole('button', { name: 'Reset filters' }).click();
  await expect(list.locator('.card')).toHaveCount(10);
  await expect(page.locator('#filter-panel-summary')).toHaveText('Filters');
});
