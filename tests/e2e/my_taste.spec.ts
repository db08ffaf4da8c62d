// "My taste" end to end on the real catalog: rating from cards, the grid and the title box,
// live personal recommendations with explanations, persistence across reloads and offline use,
// export / clear / import, and clear errors for files that are not a ratings export.
import type { Locator, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { expect, openReady, test } from './local_only';

const slider = (scope: Page | Locator, title: string) => scope.getByRole('slider', { name: `Your rating of ${title}` });

/** Movie ids of the cards in `list`, in order. */
function cardIds(list: Locator): Promise<number[]> {
  return list.locator('.card').evaluateAll((cards) => cards.map((c) => Number((c as HTMLElement).dataset['movieId'])));
}

/** movieId → rating ("" = none, "0" = not interested) as the ratings list shows it. */
async function listedRatings(page: Page): Promise<Record<string, string>> {
  return page.locator('#taste-ratings .rating-row').evaluateAll((rows) =>
    Object.fromEntries(
      rows.map((row) => [
        (row as HTMLElement).dataset['movieId']!,
        (row.querySelector('.rating-control') as HTMLElement).dataset['rating']!,
      ]),
    ),
  );
}

/** Rates a movie on the My taste tab through its title box: type, pick with the keyboard, press keys. */
async function rateByTitle(page: Page, typed: string, keys: string[]): Promise<void> {
  const box = page.getByRole('combobox', { name: 'Rate a movie you have seen' });
  await box.fill('');
  await box.pressSequentially(typed, { delay: 20 });
  await expect(page.getByRole('listbox', { name: 'Titles to rate' })).toBeVisible();
  await box.press('ArrowDown');
  await box.press('Enter');
  const stars = page.locator('#taste-picked [role="slider"]');
  await expect(stars).toBeFocused();
  for (const key of keys) await page.keyboard.press(key);
}

const personal = (page: Page) => page.locator('#taste-results[data-personal="true"] .card');

test('rate five movies from cards, the grid and the title box; recommendations follow each rating and survive a reload', async ({ page }) => {
  await openReady(page, '#taste');
  await expect(page.getByRole('tabpanel', { name: 'My taste' })).toBeVisible();

  // Cold start: no ratings, an onboarding grid of popular movies of different kinds.
  const grid = page.locator('#taste-onboarding-grid');
  await expect(grid.locator('.card')).toHaveCount(24);
  await expect(page.locator('#taste-status')).toContainText('Rate a few movies you have seen');
  const gridIds = await cardIds(grid);
  expect(gridIds).toContain(356); // Forrest Gump, the most rated movie
  // Diverse: the grid does not fill up with one franchise's sequels.
  const gridTitles = await grid.locator('.title-text').allTextContents();
  expect(gridTitles.filter((t) => t.startsWith('Star Wars')).length).toBeLessThanOrEqual(1);

  // 1. The grid, by keyboard: focus the stars, press 5.
  await slider(grid, 'Forrest Gump (1994)').focus();
  await page.keyboard.press('5');
  await expect(slider(grid, 'Forrest Gump (1994)')).toHaveAttribute('aria-valuenow', '5');
  await expect(personal(page)).toHaveCount(20);
  const afterOne = await cardIds(page.locator('#taste-results'));
  await expect(page.locator('#taste-results .because').first()).toHaveText('Because you liked Forrest Gump (1994)');

  // 2. The grid, by mouse: a click at 85% of the stars' width gives 4.5 stars.
  const matrix = slider(grid, 'The Matrix (1999)');
  const box = (await matrix.boundingBox())!;
  await matrix.click({ position: { x: box.width * 0.85, y: box.height / 2 } });
  await expect(matrix).toHaveAttribute('aria-valuenow', '4.5');
  await expect.poll(() => cardIds(page.locator('#taste-results'))).not.toEqual(afterOne);
  const becauseTitles = new Set(await page.locator('#taste-results .because cite').allTextContents());
  expect([...becauseTitles].every((t) => t === 'Forrest Gump (1994)' || t === 'The Matrix (1999)')).toBe(true);
  expect(becauseTitles.has('The Matrix (1999)')).toBe(true);

  // 3. "Not interested" on a grid card: left out, never a reason.
  await grid.getByRole('button', { name: 'Not interested in Apollo 13 (1995)' }).click();
  await expect(grid.getByRole('button', { name: 'Not interested in Apollo 13 (1995)' })).toHaveAttribute('aria-pressed', 'true');

  // 4. The title box: 4 stars, then a half star more with the arrow key.
  await rateByTitle(page, 'toy story', ['4', 'ArrowRight']);
  await expect(slider(page.locator('#taste-picked'), 'Toy Story (1995)')).toHaveAttribute('aria-valuetext', '4.5 stars');

  // 5. A card on another tab.
  await page.getByRole('tab', { name: 'Similar movies' }).click();
  await page.getByRole('combobox', { name: 'A movie you like' }).fill('Heat');
  await page.getByRole('button', { name: 'Find similar' }).click();
  await expect(page.locator('#similar-results .card')).toHaveCount(10);
  const firstSimilar = page.locator('#similar-results .card').first();
  const similarId = Number(await firstSimilar.getAttribute('data-movie-id'));
  await firstSimilar.getByRole('slider').focus();
  await page.keyboard.press('2');

  await page.getByRole('tab', { name: 'My taste' }).click();
  const expected = { '356': '5', '2571': '4.5', '150': '0', '1': '4.5', [String(similarId)]: '2' };
  await expect.poll(() => listedRatings(page)).toEqual(expected);
  await expect(page.locator('#taste-ratings-heading')).toHaveText('Your ratings (5)');
  await expect(personal(page)).toHaveCount(20);
  const recommended = await cardIds(page.locator('#taste-results'));
  expect(recommended.filter((id) => String(id) in expected)).toEqual([]);
  // Every personal recommendation explains itself with a liked movie.
  const reasons = await page.locator('#taste-results .card .because cite').allTextContents();
  expect(reasons).toHaveLength(20);
  for (const reason of reasons) expect(['Forrest Gump (1994)', 'The Matrix (1999)', 'Toy Story (1995)']).toContain(reason);
  // Five ratings: the quick-start grid has done its job.
  await expect(page.locator('#taste-onboarding')).toBeHidden();

  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await expect(page.getByRole('tabpanel', { name: 'My taste' })).toBeVisible();
  await expect.poll(() => listedRatings(page)).toEqual(expected);
  await expect(personal(page)).toHaveCount(20);
  expect(await cardIds(page.locator('#taste-results'))).toEqual(recommended);
});

test('the stars work from the keyboard alone, and a removed rating leaves the list', async ({ page }) => {
  await openReady(page, '#taste');
  const stars = slider(page.locator('#taste-onboarding-grid'), 'Pulp Fiction (1994)');
  await stars.focus();
  await expect(stars).toHaveAttribute('aria-valuetext', 'Not rated');
  await page.keyboard.press('ArrowRight');
  await expect(stars).toHaveAttribute('aria-valuenow', '0.5');
  await page.keyboard.press('End');
  await expect(stars).toHaveAttribute('aria-valuenow', '5');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('PageDown');
  await expect(stars).toHaveAttribute('aria-valuetext', '3.5 stars');
  await page.keyboard.press('Home');
  await expect(stars).toHaveAttribute('aria-valuenow', '0.5');
  await page.keyboard.press('3');
  await expect(stars).toHaveAttribute('aria-valuenow', '3');
  await expect(page.locator('#taste-ratings .rating-row')).toHaveCount(1);

  // The list's own control is the same rating: changing it there changes the card.
  const listed = slider(page.locator('#taste-ratings'), 'Pulp Fiction (1994)');
  await listed.focus();
  await page.keyboard.press('ArrowUp');
  await expect(stars).toHaveAttribute('aria-valuenow', '3.5');
  await expect(listed).toBeFocused();

  await page.keyboard.press('Delete');
  await expect(page.locator('#taste-ratings .rating-row')).toHaveCount(0);
  await expect(stars).toHaveAttribute('aria-valuetext', 'Not rated');
  await expect(page.locator('#taste-ratings-heading')).toBeFocused();
});

test('with only dislikes it says so and shows popular picks, leaving out what was rated', async ({ page }) => {
  await openReady(page, '#taste');
  const grid = page.locator('#taste-onboarding-grid');
  await slider(grid, 'Forrest Gump (1994)').focus();
  await page.keyboard.press('2');
  await grid.getByRole('button', { name: 'Not interested in The Shawshank Redemption (1994)' }).click();

  await expect(page.locator('#taste-status')).toContainText('None of your ratings is a like yet (3.5 stars or more)');
  await expect(page.locator('#taste-results')).toHaveAttribute('data-personal', 'false');
  await expect(page.getByRole('heading', { name: 'Popular picks' })).toBeVisible();
  const picks = page.locator('#taste-results .card');
  await expect(picks).toHaveCount(20);
  const ids = await cardIds(page.locator('#taste-results'));
  expect(ids).not.toContain(356);
  expect(ids).not.toContain(318);
  expect(ids).toContain(296); // Pulp Fiction: popular and not rated
  await expect(page.locator('#taste-results .because')).toHaveCount(0);

  // The first like turns them into personal recommendations.
  await slider(grid, 'Pulp Fiction (1994)').focus();
  await page.keyboard.press('4');
  await expect(personal(page)).toHaveCount(20);
  await expect(page.locator('#taste-status')).toBeEmpty();
});

test('an already loaded page keeps rating and recommending offline, and the ratings outlive the visit', async ({ page, context }) => {
  await openReady(page, '#taste');
  await context.setOffline(true);
  const grid = page.locator('#taste-onboarding-grid');
  await slider(grid, 'The Silence of the Lambs (1991)').focus();
  await page.keyboard.press('5');
  await expect(personal(page)).toHaveCount(20);
  await rateByTitle(page, 'alien', ['4']);
  await expect(page.locator('#taste-ratings .rating-row')).toHaveCount(2);
  await expect(page.locator('#taste-results .because cite').filter({ hasText: 'Alien (1979)' }).first()).toBeVisible();
  // The other tabs answer from the engine in memory as well.
  await page.getByRole('tab', { name: 'Similar movies' }).click();
  await page.getByRole('combobox', { name: 'A movie you like' }).fill('Alien');
  await page.getByRole('button', { name: 'Find similar' }).click();
  await expect(page.locator('#similar-results .card')).toHaveCount(10);
  await expect(page.locator('#similar-results [role="slider"]')).toHaveCount(10);

  await context.setOffline(false);
  await page.reload();
  await openReady(page, '#taste');
  await expect(page.locator('#taste-ratings .rating-row')).toHaveCount(2);
});

test('export, clear all, import: the same ratings and the same recommendations', async ({ page }) => {
  await openReady(page, '#taste');
  const grid = page.locator('#taste-onboarding-grid');
  for (const [title, key] of [
    ['The Shawshank Redemption (1994)', '5'],
    ["Schindler's List (1993)", '4'],
    ['Independence Day (1996)', '1'],
  ] as const) {
    await slider(grid, title).focus();
    await page.keyboard.press(key);
  }
  await grid.getByRole('button', { name: 'Not interested in Jurassic Park (1993)' }).click();
  await expect(personal(page)).toHaveCount(20);
  const before = await listedRatings(page);
  const recommended = await cardIds(page.locator('#taste-results'));
  expect(Object.keys(before)).toHaveLength(4);

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export ratings' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^movierec-ratings-\d{4}-\d{2}-\d{2}\.json$/);
  const text = readFileSync((await file.path())!, 'utf8');
  const exported = JSON.parse(text);
  expect(exported).toMatchObject({ format: 'movierec-ratings', version: 1 });
  expect(exported.ratings).toHaveLength(4);
  expect(exported.ratings).toContainEqual(expect.objectContaining({ movieId: 480, title: 'Jurassic Park (1993)', notInterested: true }));
  expect(exported.ratings).toContainEqual(expect.objectContaining({ movieId: 318, rating: 5 }));

  await page.getByRole('button', { name: 'Clear all ratings…' }).click();
  await expect(page.locator('#taste-clear-question')).toHaveText('Delete all 4 ratings from this browser? Export them first to keep a copy.');
  await page.getByRole('button', { name: 'Delete all' }).click();
  await expect(page.locator('#taste-ratings .rating-row')).toHaveCount(0);
  await expect(page.locator('#taste-onboarding')).toBeVisible();
  await expect(page.locator('#taste-results .card')).toHaveCount(0);
  await page.reload();
  await openReady(page, '#taste');
  await expect(page.locator('#taste-ratings-heading')).toHaveText('Your ratings (0)');

  await page.locator('#taste-import').setInputFiles({ name: 'mine.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await expect(page.locator('#taste-io-status')).toContainText('Imported 4 ratings from mine.json (4 new, 0 changed).');
  await expect.poll(() => listedRatings(page)).toEqual(before);
  await expect(personal(page)).toHaveCount(20);
  expect(await cardIds(page.locator('#taste-results'))).toEqual(recommended);

  // Replace: the file's one rating is all that is left.
  const one = JSON.stringify({ format: 'movierec-ratings', version: 1, ratings: [{ movieId: 2571, rating: 3.5 }] });
  await page.getByLabel('Replace mine').check();
  await page.locator('#taste-import').setInputFiles({ name: 'one.json', mimeType: 'application/json', buffer: Buffer.from(one) });
  await expect(page.locator('#taste-io-status')).toContainText('Imported 1 rating from one.json (1 new, 0 changed, 4 removed).');
  await expect.poll(() => listedRatings(page)).toEqual({ '2571': '3.5' });
  await expect(page.locator('#taste-ratings .rating-title')).toHaveText(['The Matrix (1999)']);
});

test('files that are not a ratings export get a clear error and change nothing', async ({ page }) => {
  await openReady(page, '#taste');
  const grid = page.locator('#taste-onboarding-grid');
  await slider(grid, 'Pulp Fiction (1994)').focus();
  await page.keyboard.press('4');
  await grid.getByRole('button', { name: 'Not interested in Braveheart (1995)' }).click();
  await expect(personal(page)).toHaveCount(20);
  const before = await listedRatings(page);
  const recommended = await cardIds(page.locator('#taste-results'));

  const status = page.locator('#taste-io-status');
  const cases: Array<[string, string, RegExp]> = [
    ['notes.txt', 'my favourite films: Heat, Alien', /“notes\.txt” was not imported: The file is not a ratings export: its text is not valid JSON.* Your ratings are unchanged\./],
    ['other.json', JSON.stringify({ format: 'letterboxd', version: 1, ratings: [] }), /This is not a movierec ratings file: "format" should be "movierec-ratings", got "letterboxd"/],
    ['future.json', JSON.stringify({ format: 'movierec-ratings', version: 7, ratings: [] }), /newer movierec \(format version 7\)/],
    [
      'bad.json',
      JSON.stringify({ format: 'movierec-ratings', version: 1, ratings: [{ movieId: 1, rating: 4 }, { movieId: 2, rating: 9 }] }),
      /ratings\[1\]\.rating must be stars from 0\.5 to 5 in half steps, got 9\./,
    ],
    [
      'twice.json',
      JSON.stringify({ format: 'movierec-ratings', version: 1, ratings: [{ movieId: 1, rating: 4 }, { movieId: 1, notInterested: true }] }),
      /ratings\[1\]: movie 1 is listed twice \(also ratings\[0\]\)\./,
    ],
  ];
  for (const mode of ['Merge with mine', 'Replace mine']) {
    await page.getByLabel(mode).check();
    for (const [name, text, message] of cases) {
      await page.locator('#taste-import').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
      await expect(status).toHaveClass(/error/);
      await expect(status).toHaveText(message);
      expect(await listedRatings(page)).toEqual(before);
    }
  }
  expect(await cardIds(page.locator('#taste-results'))).toEqual(recommended);
  await page.reload();
  await openReady(page, '#taste');
  await expect.poll(() => listedRatings(page)).toEqual(before);

  // Movies this catalog does not have are skipped and named; the rest come in.
  const partial = JSON.stringify({ format: 'movierec-ratings', version: 1, ratings: [{ movieId: 1, rating: 5 }, { movieId: 99999999, rating: 5 }] });
  await page.locator('#taste-import').setInputFiles({ name: 'partial.json', mimeType: 'application/json', buffer: Buffer.from(partial) });
  await expect(status).toContainText('Imported 1 rating from partial.json (1 new, 0 changed). Skipped 1 movie this catalog does not have (ids 99999999).');
  await expect.poll(() => listedRatings(page)).toEqual({ ...before, '1': '5' });
});
