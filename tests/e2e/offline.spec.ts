// Offline after the first load: the service worker stores the app, the engine and the start-up
// artifacts; the text model and ONNX Runtime are stored on first use of "Describe a movie", a MovieLens
// user's ratings when that user is opened (or all of them on request). Then the server
// is stopped and the browser taken offline, and every kind of query still works.
import {
  damageStoredFile,
  expect,
  listedSha256,
  MODEL_SIZE,
  openSite,
  type Site,
  startSite,
  storedEntries,
  storedSha256,
  test,
  waitForOfflineCopy,
} from './offline_site';
import { useLanguageModel } from './local_only';

let site: Site | null = null;
test.afterEach(async () => {
  await site?.stop();
  site = null;
});

test('after one visit and one description, the site works with the server gone and the network off', async ({ page, context }) => {
  test.setTimeout(240_000);
  site = await startSite();
  await openSite(page, site.url);
  await waitForOfflineCopy(page);

  // The precache holds the app shell, engine and every start-up artifact, not the model nor its runtime.
  const stored = Object.keys(await storedEntries(page, 'movierec-precache-')).map((url) => new URL(url).pathname);
  for (const path of [
    'index.html',
    'engine/movierec_engine.wasm',
    'engine/movierec_engine.mjs',
    'artifacts/manifest.json',
    'artifacts/catalog.bin',
    'artifacts/users.bin',
    'artifacts/index.faiss',
    'artifacts/vocab.txt',
  ]) {
    expect(stored, path).toContain(`/movierec/${path}`);
  }
  expect(stored.some((path) => path.endsWith('model.int8.onnx'))).toBe(false);
  // MovieLens users' ratings are read one user at a time, never stored up front.
  expect(stored.some((path) => path.endsWith('ratings.bin'))).toBe(false);
  expect(stored.some((path) => path.includes('/ort/'))).toBe(false);
  await page.getByRole('tab', { name: 'About' }).click();
  await expect(page.locator('#storage-summary')).toHaveText(/stored on this device and starts without a network/);
  await expect(page.locator('#storage-list')).toContainText('The language model and ONNX Runtime, which runs it');
  await expect(page.locator('#storage-list')).toContainText('are not stored yet');

  // First use of the free-text tab stores the model and ONNX Runtime (its .wasm and .mjs).
  await page.getByRole('tab', { name: 'Describe a movie' }).click();
  await useLanguageModel(page);
  await expect
    .poll(async () => Object.keys(await storedEntries(page, 'movierec-model-')).length, { timeout: 30_000 })
    .toBe(3);
  await page.getByRole('tab', { name: 'About' }).click();
  await expect(page.locator('#storage-list')).toContainText(`The language model (all-MiniLM-L6-v2, 8-bit): ${MODEL_SIZE} (1 file)`);
  await expect(page.locator('#storage-list')).toContainText(/ONNX Runtime, which runs the language model: 13\.6 MB \(2 files\)/);

  // Opening a MovieLens user reads and keeps just the blocks of ratings.bin that hold their ratings.
  await page.getByRole('tab', { name: 'For a MovieLens user' }).click();
  await page.getByLabel('MovieLens user id').fill('1');
  await page.getByRole('button', { name: 'Recommend' }).click();
  await expect(page.locator('#user-results .card')).toHaveCount(10);
  const ratingBlocks = Object.keys(await storedEntries(page, 'movierec-ratings-'));
  expect(ratingBlocks.length).toBeGreaterThan(0);
  expect(ratingBlocks.length).toBeLessThanOrEqual(2);

  await site.stop();
  site = null;
  await context.setOffline(true);

  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

  await page.getByRole('tab', { name: 'Similar movies' }).click();
  await page.getByRole('combobox', { name: 'A movie you like' }).fill('Toy Story');
  await page.getByRole('button', { name: 'Find similar' }).click();
  await expect(page.locator('#similar-results .card')).toHaveCount(10);

  await page.getByRole('tab', { name: 'For a MovieLens user' }).click();
  await page.getByLabel('MovieLens user id').fill('1');
  await page.getByRole('button', { name: 'Recommend' }).click();
  await expect(page.locator('#user-results .card')).toHaveCount(10);
  // A user never opened, whose ratings sit in other blocks, needs the network, and says so.
  await page.getByLabel('MovieLens user id').fill('600');
  await page.getByRole('button', { name: 'Recommend' }).click();
  await expect(page.locator('#user-status')).toContainText('this one needs a connection');

  await page.getByRole('tab', { name: 'Describe a movie' }).click();
  await useLanguageModel(page);
  await page.getByLabel('Describe the movie you are in the mood for').fill('a space adventure with a lonely robot');
  await page.getByRole('button', { name: 'Find movies' }).click();
  const cards = page.locator('#describe-results .card');
  await expect(cards).toHaveCount(10);
  await expect(cards.first().locator('.genres')).toContainText('Sci-Fi');
});

test('"Make every MovieLens user available offline" stores all their ratings, with progress; offline every user opens', async ({ page, context }) => {
  test.setTimeout(180_000);
  site = await startSite();
  await openSite(page, site.url);
  await waitForOfflineCopy(page);
  await page.getByRole('tab', { name: 'About' }).click();
  const storeAll = page.getByRole('button', { name: /Make every MovieLens user available offline/ });
  await expect(page.locator('#storage-list')).toContainText('downloaded one user at a time');
  await storeAll.click();
  await expect(page.locator('#storage-status')).toContainText('Stored: every MovieLens user now opens offline too.', { timeout: 60_000 });
  await expect(page.locator('#storage-list')).toContainText(/MovieLens users’ ratings kept for offline use: [\d.]+ [kM]B/);
  await expect(storeAll).toHaveCount(0);

  await site.stop();
  site = null;
  await context.setOffline(true);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await page.getByRole('tab', { name: 'For a MovieLens user' }).click();
  for (const user of ['1', '300', '610']) {
    await page.getByLabel('MovieLens user id').fill(user);
    await page.getByRole('button', { name: 'Recommend' }).click();
    await expect(page.locator('#user-results .card')).toHaveCount(10);
  }
});

test('the web app manifest makes the site installable, with our name, icons and theme colour', async ({ page }) => {
  site = await startSite();
  await openSite(page, site.url);
  await waitForOfflineCopy(page);
  await page.reload(); // installability wants a page controlled by a service worker with a fetch handler
  await expect(page.locator('html')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  const session = await page.context().newCDPSession(page);
  const { url, errors, data } = await session.send('Page.getAppManifest');
  expect(url).toBe(`${site.url}manifest.webmanifest`);
  expect(errors).toEqual([]);
  const manifest = JSON.parse(data ?? '{}') as { short_name: string; theme_color: string; display: string; icons: Array<{ src: string; sizes: string }> };
  expect(manifest.short_name).toBe('movierec');
  expect(manifest.theme_color).toBe('#c2410c');
  expect(manifest.display).toBe('standalone');
  expect(manifest.icons.map((icon) => icon.sizes)).toEqual(['any', '192x192', '512x512', '512x512']);
  // Chromium's own installability check; Playwright's contexts are incognito, which is the one
  // reason left (an incognito window never offers to install anything).
  const installability = async () =>
    (await session.send('Page.getInstallabilityErrors')).installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito');
  await expect.poll(installability, { timeout: 30_000 }).toEqual([]);
  for (const icon of manifest.icons) {
    const response = await page.request.get(new URL(icon.src, `${site.url}manifest.webmanifest`).href);
    expect(response.ok(), icon.src).toBe(true);
  }
});

test('with cross-origin isolation (COOP/COEP, threads) the offline copy works the same', async ({ page, context }) => {
  test.setTimeout(240_000);
  site = await startSite(undefined, undefined, true);
  await openSite(page, site.url);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await waitForOfflineCopy(page);
  await page.getByRole('tab', { name: 'Describe a movie' }).click();
  await useLanguageModel(page);
  await expect.poll(async () => Object.keys(await storedEntries(page, 'movierec-model-')).length, { timeout: 30_000 }).toBe(3);

  await site.stop();
  site = null;
  await context.setOffline(true);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await page.getByRole('tab', { name: 'Describe a movie' }).click();
  await page.getByLabel('Describe the movie you are in the mood for').fill('a courtroom drama about a murder trial');
  await page.getByRole('button', { name: 'Find movies' }).click();
  await expect(page.locator('#describe-results .card')).toHaveCount(10, { timeout: 90_000 });
});

test('a damaged stored artifact is detected, fetched again and replaced; offline it is reported', async ({ page, context }) => {
  test.setTimeout(180_000);
  site = await startSite();
  await openSite(page, site.url);
  await waitForOfflineCopy(page);
  await page.reload(); // from now on the service worker serves the page
  await expect(page.locator('html')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  const listed = await listedSha256(page, site.url, 'catalog.bin');

  const key = await damageStoredFile(page, 'movierec-precache-', 'artifacts/catalog.bin');
  expect(await storedSha256(page, 'movierec-precache-', key)).not.toBe(listed);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await expect.poll(() => storedSha256(page, 'movierec-precache-', key)).toBe(listed);
  await page.getByRole('combobox', { name: 'A movie you like' }).fill('Heat');
  await page.getByRole('button', { name: 'Find similar' }).click();
  await expect(page.locator('#similar-results .card')).toHaveCount(10);

  // Without a network the damage cannot be repaired: the page says what is wrong.
  await damageStoredFile(page, 'movierec-precache-', 'artifacts/catalog.bin');
  await site.stop();
  site = null;
  await context.setOffline(true);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-state', 'error', { timeout: 60_000 });
  await expect(page.getByRole('alert')).toContainText(/Could not download catalog\.bin.*\(The stored copy was unusable too: catalog\.bin does not match manifest\.json/);
});

test('a damaged stored language model is detected, fetched again and replaced', async ({ page }) => {
  test.setTimeout(180_000);
  site = await startSite();
  await openSite(page, site.url);
  await waitForOfflineCopy(page);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await page.getByRole('tab', { name: 'Describe a movie' }).click();
  await useLanguageModel(page);
  await expect.poll(async () => Object.keys(await storedEntries(page, 'movierec-model-')).length, { timeout: 30_000 }).toBe(3);
  const listed = await listedSha256(page, site.url, 'model.int8.onnx');

  const key = await damageStoredFile(page, 'movierec-model-', 'artifacts/model.int8.onnx');
  expect(await storedSha256(page, 'movierec-model-', key)).not.toBe(listed);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await page.getByRole('tab', { name: 'Describe a movie' }).click();
  await useLanguageModel(page);
  await expect.poll(() => storedSha256(page, 'movierec-model-', key), { timeout: 30_000 }).toBe(listed);
});

test('About makes "Describe a movie" available offline without opening it, with the size it downloads', async ({ page, context }) => {
  test.setTimeout(240_000);
  site = await startSite();
  await openSite(page, site.url);
  await waitForOfflineCopy(page);
  await page.getByRole('tab', { name: 'About' }).click();
  const store = page.getByRole('button', { name: /^Make “Describe a movie” available offline \(\d+\.\d MB\)$/ });
  await store.click();
  await expect(page.locator('#storage-status')).toHaveText('Stored: “Describe a movie” now works offline too.', { timeout: 120_000 });
  await expect.poll(async () => Object.keys(await storedEntries(page, 'movierec-model-')).length, { timeout: 30_000 }).toBe(3);
  await expect(page.locator('#storage-list')).toContainText(`The language model (all-MiniLM-L6-v2, 8-bit): ${MODEL_SIZE} (1 file)`);

  await site.stop();
  site = null;
  await context.setOffline(true);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  // Stored: the tab starts the model without asking, and a description works offline.
  await page.getByRole('tab', { name: 'Describe a movie' }).click();
  await page.getByLabel('Describe the movie you are in the mood for').fill('a heist inside dreams');
  await page.getByRole('button', { name: 'Find movies' }).click();
  await expect(page.locator('#describe-results .card')).toHaveCount(10, { timeout: 90_000 });
  await expect(page.getByRole('button', { name: /^Download the language model/ })).toBeHidden();
});
