// My taste with the offline copy (service worker) stored: after a reload with the server gone and
// the network off, the visitor's ratings and their recommendations are all there and keep working.
import type { Locator } from '@playwright/test';
import { expect, openSite, type Site, startSite, test, waitForOfflineCopy } from './offline_site';

function cardIds(list: Locator): Promise<number[]> {
  return list.locator('.card').evaluateAll((cards) => cards.map((c) => Number((c as HTMLElement).dataset['movieId'])));
}

let site: Site | null = null;
test.afterEach(async () => {
  await site?.stop();
  site = null;
});

test('ratings and recommendations come back after a reload with no network, and rating goes on', async ({ page, context }) => {
  test.setTimeout(240_000);
  site = await startSite();
  await openSite(page, `${site.url}#taste`);
  await waitForOfflineCopy(page);
  const grid = page.locator('#taste-onboarding-grid');
  await grid.getByRole('slider', { name: 'Your rating of Jurassic Park (1993)' }).focus();
  await page.keyboard.press('4');
  const results = page.locator('#taste-results[data-personal="true"]');
  await expect(results.locator('.card')).toHaveCount(20);
  const recommended = await cardIds(results);

  await site.stop();
  site = null;
  await context.setOffline(true);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  const rows = page.locator('#taste-ratings .rating-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-movie-id', '480');
  await expect(rows.first().getByRole('slider')).toHaveAttribute('aria-valuenow', '4');
  await expect(results.locator('.card')).toHaveCount(20);
  expect(await cardIds(results)).toEqual(recommended);

  await results.locator('.card').first().getByRole('slider').focus();
  await page.keyboard.press('5');
  await expect(rows).toHaveCount(2);
  await expect.poll(() => cardIds(results)).not.toEqual(recommended);
});
