// The free-text tab: the model is fetched on first use, then text → embedding → nearest movies.
import { expect, openReady, test, useLanguageModel } from './local_only';

test('a space adventure with a lonely robot returns science fiction', async ({ page }) => {
  const requested: string[] = [];
  page.on('request', (request) => requested.push(new URL(request.url()).pathname));
  await openReady(page);
  expect(requested.some((path) => path.endsWith('model.int8.onnx'))).toBe(false);

  await page.getByRole('tab', { name: 'Describe a movie' }).click();
  await useLanguageModel(page);
  expect(requested.some((path) => path.endsWith('/movierec/artifacts/model.int8.onnx'))).toBe(true);
  expect(requested.some((path) => path.endsWith('/movierec/ort/ort-wasm-simd-threaded.mjs'))).toBe(true);

  await page.getByLabel('Describe the movie you are in the mood for').fill('a space adventure with a lonely robot');
  await page.getByRole('button', { name: 'Find movies' }).click();
  const cards = page.locator('#describe-results .card');
  await expect(cards).toHaveCount(10);
  const genres = await cards.evaluateAll((nodes) =>
    nodes.map((card) => Array.from(card.querySelectorAll('.genres li'), (li) => li.textContent ?? '')),
  );
  const sciFi = genres.filter((g) => g.includes('Sci-Fi'));
  expect(sciFi.length, JSON.stringify(genres)).toBeGreaterThanOrEqual(6);
  expect(genres[0]).toContain('Sci-Fi');
  await expect(page).toHaveURL(/#describe\?q=a%20space%20adventure%20with%20a%20lonely%20robot&k=10$/);
});

test('a deep link runs the description, and empty text gets an inline message', async ({ page }) => {
  await openReady(page, '#describe?q=a%20courtroom%20drama&k=4');
  await useLanguageModel(page);
  await expect(page.locator('#describe-results .card')).toHaveCount(4, { timeout: 90_000 });

  await page.getByLabel('Describe the movie you are in the mood for').fill('   ');
  await page.getByRole('button', { name: 'Find movies' }).click();
  await expect(page.locator('#describe-status.error')).toHaveText(/Describe the movie you have in mind first/);
  await expect(page.locator('#describe-results .card')).toHaveCount(0);
});

test('the tab asks before downloading, states one size, and offers a retry when the download fails', async ({ page }) => {
  const requested: string[] = [];
  page.on('request', (request) => requested.push(new URL(request.url()).pathname));
  let failModel = true;
  await page.route('**/artifacts/model.int8.onnx', (route) => (failModel ? route.abort('connectionfailed') : route.continue()));
  await openReady(page, '#describe?q=a%20heist%20inside%20dreams&k=5');
  const offer = page.getByRole('button', { name: /^Download the language model \(\d+\.\d MB\)$/ });
  await expect(offer).toBeVisible();
  const size = /\((\d+\.\d MB)\)/.exec((await offer.textContent()) ?? '')![1]!;
  await expect(page.locator('#describe-model-label')).toContainText(`${size} to download once`);
  await expect(page.locator('#describe-model-label')).toContainText('Your search runs as soon as it is here.');
  // Nothing is fetched before the visitor says yes.
  expect(requested.some((path) => path.endsWith('model.int8.onnx'))).toBe(false);

  await offer.click();
  await expect(page.locator('.model-status.failed #describe-model-label')).toContainText('could not be loaded');
  const retry = page.getByRole('button', { name: 'Try again' });
  await expect(retry).toBeVisible();
  failModel = false;
  await retry.click();
  await expect(page.locator('#describe-model-label')).toHaveText(`Language model ready (${size} with its runtime; it runs in this tab).`, {
    timeout: 90_000,
  });
  // The search typed before the download ran once the model was there.
  await expect(page.locator('#describe-results .card')).toHaveCount(5);
  await expect(page.getByText('Ctrl')).toBeVisible(); // the keyboard shortcut is written on the page
});
