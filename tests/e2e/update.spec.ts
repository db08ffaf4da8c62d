// Updates: a new deployment is found, offered with "Reload to update", and the page keeps running
// the old version until the visitor accepts; then the new version runs and the old files are gone.
// A deployment whose files do not match its own manifest is never installed.
import type { Page } from '@playwright/test';
import { copyFileSync, cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect, openSite, type Site, startSite, storedEntries, test, waitForOfflineCopy } from './offline_site';
import { buildVersion, deploy, removeBuilds } from './update_site';

const A_TIME = '2030-03-01T12:00:00Z';
const B_TIME = '2031-01-15T08:30:00Z';
let siteA = '';
let siteB = '';
let site: Site | null = null;

test.describe.configure({ timeout: 240_000 });

test.beforeAll(() => {
  test.setTimeout(240_000);
  siteA = buildVersion('site-a', A_TIME);
  siteB = buildVersion('site-b', B_TIME);
});
test.afterEach(async () => {
  await site?.stop();
  site = null;
});
test.afterAll(() => removeBuilds());

async function builtLine(page: Page): Promise<string> {
  await page.getByRole('tab', { name: 'About' }).click();
  return (await page.locator('#about-facts dt:text-is("Built") + dd').textContent()) ?? '';
}

/** The revisions of manifest.json in the precache: one per version still stored. */
async function storedManifests(page: Page): Promise<string[]> {
  const urls = Object.keys(await storedEntries(page, 'movierec-precache-'));
  return urls.filter((url) => new URL(url).pathname.endsWith('/artifacts/manifest.json'));
}

test('a new deployment is offered; the old version runs until "Reload to update", then the new one', async ({ page }) => {
  site = await startSite(deploy(siteA));
  await openSite(page, site.url);
  await waitForOfflineCopy(page);
  expect(await builtLine(page)).toBe('1 March 2030 at 12:00 UTC');
  await expect(page.locator('#update-banner')).toBeHidden();

  deploy(siteB);
  await page.reload(); // a navigation makes the browser look for a new service worker
  await expect(page.locator('html')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  const reload = page.getByRole('button', { name: 'Reload to update' });
  await expect(reload).toBeVisible({ timeout: 60_000 });
  await expect(page.locator('#update-banner')).toContainText('A new version of movierec is available');

  // Still version A, and still working; both versions' files are stored side by side.
  expect(await builtLine(page)).toBe('1 March 2030 at 12:00 UTC');
  await page.getByRole('tab', { name: 'For a MovieLens user' }).click();
  await page.getByLabel('MovieLens user id').fill('3');
  await page.getByRole('button', { name: 'Recommend' }).click();
  await expect(page.locator('#user-results .card')).toHaveCount(10);
  expect(await storedManifests(page)).toHaveLength(2);

  // A plain reload does not switch versions behind the visitor's back.
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  expect(await builtLine(page)).toBe('1 March 2030 at 12:00 UTC');
  await expect(reload).toBeVisible({ timeout: 30_000 });

  await reload.click();
  await expect.poll(() => builtLine(page), { timeout: 60_000 }).toBe('15 January 2031 at 08:30 UTC');
  await expect(page.locator('html')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await expect(page.locator('#update-banner')).toBeHidden();
  // The old version's files are deleted once the new one is active.
  expect(await storedManifests(page)).toHaveLength(1);
});

test('a deployment whose files do not match its manifest is not installed; the old version stays', async ({ page }) => {
  // Half a deployment: B's service worker and app, but A's manifest.json still on the server.
  const broken = join(siteB, '..', 'site-broken');
  rmSync(broken, { recursive: true, force: true });
  cpSync(siteB, broken, { recursive: true });
  copyFileSync(join(siteA, 'artifacts', 'manifest.json'), join(broken, 'artifacts', 'manifest.json'));

  site = await startSite(deploy(siteA));
  await openSite(page, site.url);
  await waitForOfflineCopy(page);

  deploy(broken);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  const notice = page.locator('#storage-notice');
  await expect(notice).toBeVisible({ timeout: 60_000 });
  await expect(notice).toContainText('The new version of the site could not be stored for offline use');
  await expect(page.getByRole('button', { name: 'Reload to update' })).toBeHidden();

  // Version A keeps running from its own stored files, even without the server.
  await site.stop();
  site = null;
  await page.context().setOffline(true);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  expect(await builtLine(page)).toBe('1 March 2030 at 12:00 UTC');
  await page.getByRole('tab', { name: 'Similar movies' }).click();
  await page.getByRole('combobox', { name: 'A movie you like' }).fill('Alien');
  await page.getByRole('button', { name: 'Find similar' }).click();
  await expect(page.locator('#similar-results .card')).toHaveCount(10);
});
