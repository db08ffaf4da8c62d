// Storage honesty: the About tab lists what is stored and how big it is, deletes it on request,
// and a browser that refuses the space gets a readable message instead of a silent failure. The
// refusal is real: Chromium's quota for the test origin is lowered through the DevTools protocol.
import type { Page } from '@playwright/test';
import {
  expect,
  MOVIE_DATA_SIZE,
  openSite,
  type Site,
  startSite,
  storedEntries,
  test,
  waitForOfflineCopy,
} from './offline_site';
import { useLanguageModel } from './local_only';

let site: Site | null = null;
test.beforeEach(async () => {
  site = await startSite();
});
test.afterEach(async () => {
  await site?.stop();
  site = null;
});

/** Makes the browser allow the site at most `bytes` of storage (Chromium only). */
async function limitQuota(page: Page, url: string, bytes: number): Promise<void> {
  const session = await page.context().newCDPSession(page);
  await session.send('Storage.overrideQuotaForOrigin', { origin: new URL(url).origin, quotaSize: bytes });
}

test('About lists what is stored with its size, and deletes it on request', async ({ page }) => {
  await openSite(page, site!.url);
  await waitForOfflineCopy(page);
  await page.getByRole('tab', { name: 'About' }).click();

  const list = page.locator('#storage-list');
  await expect(list).toContainText(`Movie data (catalog, MovieLens users, search index, vocabulary): ${MOVIE_DATA_SIZE} (5 files)`);
  await expect(list).toContainText(/The app and its C\+\+ engine: [\d.]+ MB \(\d+ files\)/);
  // ONNX Runtime waits for the first description, with the model.
  await expect(list).not.toContainText('ONNX Runtime, which runs the language model:');
  await expect(list).toContainText(/The language model and ONNX Runtime, which runs it \(\d+\.\d MB\), are not stored yet/);
  await expect(list).toContainText(/Total: \d+\.\d MB/);
  await expect(page.locator('#storage-quota')).toHaveText(/The browser counts [\d.]+ MB for this site and allows up to [\d.]+ [MG]B\./);

  await page.getByRole('button', { name: 'Delete stored data' }).click();
  await expect(page.locator('#storage-status')).toHaveText(/Deleted \d+\.\d MB\. movierec keeps running in this tab/);
  expect(await storedEntries(page, 'movierec-')).toEqual({});
  expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length)).toBe(0);
  await expect(page.locator('#storage-summary')).toHaveText(/Nothing is kept for offline use/);

  // The app still answers from memory.
  await page.getByRole('tab', { name: 'Similar movies' }).click();
  await page.getByRole('combobox', { name: 'A movie you like' }).fill('Heat');
  await page.getByRole('button', { name: 'Find similar' }).click();
  await expect(page.locator('#similar-results .card')).toHaveCount(10);

  // The choice is remembered: the next visit stores nothing until asked to.
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await page.getByRole('tab', { name: 'About' }).click();
  await expect(page.locator('#storage-summary')).toHaveText(/Nothing is kept for offline use/);
  expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length)).toBe(0);
  await page.getByRole('button', { name: 'Keep an offline copy' }).click();
  await waitForOfflineCopy(page);
  await expect(page.locator('#storage-summary')).toHaveText(/stored on this device and starts without a network/);
});

test('a refused quota for the offline copy gives a readable message, and the app keeps working', async ({ page }) => {
  await limitQuota(page, site!.url, 2 * 1024 * 1024);
  await openSite(page, site!.url);
  const notice = page.locator('#storage-notice');
  await expect(notice).toBeVisible({ timeout: 60_000 });
  await expect(notice).toContainText(
    'The browser refused to store the offline copy for offline use: it does not allow this site more storage space.',
  );
  await expect(notice).toContainText('movierec keeps working while you are online');
  await page.getByRole('tab', { name: 'About' }).click();
  await expect(page.locator('#storage-status')).toContainText('The browser refused to store the offline copy');
  await expect(page.locator('#storage-summary')).toHaveText('No offline copy: it could not be stored (see the message above).');

  await page.getByRole('tab', { name: 'For a MovieLens user' }).click();
  await page.getByLabel('MovieLens user id').fill('7');
  await page.getByRole('button', { name: 'Recommend' }).click();
  await expect(page.locator('#user-results .card')).toHaveCount(10);
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await expect(notice).toBeHidden();
});

test('a refused quota for the language model gives a readable message, and describing still works', async ({ page }) => {
  // Room for the offline copy (about 22 MB), not for the model (about 22 MB) on top of it.
  await limitQuota(page, site!.url, 30 * 1024 * 1024);
  await openSite(page, site!.url);
  await waitForOfflineCopy(page);
  await page.getByRole('tab', { name: 'Describe a movie' }).click();
  await useLanguageModel(page);
  const notice = page.locator('#storage-notice');
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('The browser refused to store the language model for offline use');
  expect(Object.keys(await storedEntries(page, 'movierec-model-'))).toEqual([]);

  await page.getByLabel('Describe the movie you are in the mood for').fill('a heist inside dreams');
  await page.getByRole('button', { name: 'Find movies' }).click();
  await expect(page.locator('#describe-results .card')).toHaveCount(10);
});
