// The MovieLens-user tab end to end on the real ratings.
import { expect, openReady, test } from './local_only';
import { ratingsOf } from './movielens_data';

test('user 1 gets ten movies they have not rated, with their rating statistics', async ({ page }) => {
  const rated = ratingsOf(1);
  const liked = [...rated.values()].filter((stars) => stars >= 3.5).length;
  await openReady(page, '#user?id=1');
  await expect(page.getByRole('tab', { name: 'For a MovieLens user' })).toHaveAttribute('aria-selected', 'true');

  const cards = page.locator('#user-results .card');
  await expect(cards).toHaveCount(10);
  const ids = (await cards.evaluateAll((nodes) => nodes.map((n) => (n as HTMLElement).dataset['movieId']))).map(Number);
  expect(ids.filter((id) => rated.has(id))).toEqual([]);
  expect(new Set(ids).size).toBe(10);

  const stats = page.locator('.user-stats');
  await expect(stats).toHaveAttribute('data-total-ratings', String(rated.size));
  await expect(stats).toHaveAttribute('data-liked-movies', String(liked));
  await expect(stats).toContainText(`rated ${rated.size} movies and liked ${liked}`);
});

test('the form asks the engine and keeps the query in the link', async ({ page }) => {
  await openReady(page, '#user');
  await page.getByLabel('MovieLens user id').fill('42');
  await page.locator('#user-k').fill('5');
  await page.getByRole('button', { name: 'Recommend' }).click();
  await expect(page.locator('#user-results .card')).toHaveCount(5);
  await expect(page).toHaveURL(/#user\?id=42&k=5$/);
  const rated = ratingsOf(42);
  const ids = (await page.locator('#user-results .card').evaluateAll((n) => n.map((c) => (c as HTMLElement).dataset['movieId']))).map(Number);
  expect(ids.filter((id) => rated.has(id))).toEqual([]);
});

test('unknown users and malformed ids get clear messages', async ({ page }) => {
  await openReady(page, '#user?id=9999');
  const status = page.locator('#user-status.error');
  await expect(status).toContainText('9999');
  await expect(status).toContainText('users 1 to 610'); // the valid range, in plain words
  await expect(page.locator('#user-results .card')).toHaveCount(0);

  await page.getByLabel('MovieLens user id').fill('abc');
  await page.getByRole('button', { name: 'Recommend' }).click();
  await expect(status).toHaveText(/“abc” is not a user id/);
});

test('a user who liked nothing gets popular picks they have not rated, and is told why', async ({ page }) => {
  // User 442 rated 20 movies, none of them 3.5 stars or more.
  const rated = ratingsOf(442);
  expect([...rated.values()].every((stars) => stars < 3.5)).toBe(true);
  const disliked = [...rated.values()].filter((stars) => stars <= 2).length;
  await openReady(page, '#user?id=442');
  await expect(page.getByRole('heading', { name: 'Popular picks' })).toBeVisible();
  const cards = page.locator('#user-results .card');
  await expect(cards).toHaveCount(10);
  const ids = (await cards.evaluateAll((nodes) => nodes.map((n) => (n as HTMLElement).dataset['movieId']))).map(Number);
  expect(ids.filter((id) => rated.has(id))).toEqual([]);
  await expect(page.locator('#user-results .score')).toHaveCount(0); // picks are not a match to anything
  const stats = page.locator('.user-stats');
  await expect(stats).toHaveAttribute('data-personal', 'false');
  await expect(stats).toContainText(`rated ${rated.size} movies and liked none of them`);
  await expect(stats).toContainText(`kept away from films like the ${disliked} they disliked`);
  await expect(page.locator('#user-status.error')).toHaveCount(0);
});
