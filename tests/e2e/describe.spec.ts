// The free-text tab: the model is fetched on first use, then text → embedding → nearest movies.
import { expect, openReady, test } from './local_only';

test('a space adventure with a lonely robot returns science fiction', async ({ page }) => {
  const requested: string[] = [];
  page.on('request', (request) => requested.push(new URL(request.url()).pathname));
  await openReady(page);
  expect(requested.some((path) => path.endsWith('model.int8.onnx'))).toBe(false);

  await page.getByRole('tab', { name: 'Describe a movie' }).click();
  await expect(page.locator('#describe-model-label')).toHaveText(/Language model ready/, { timeout: 90_000 });
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
  await expect(page.locator('#describe-results .card')).toHaveCount(4, { timeout: 90_000 });

  await page.getByLabel('Describe the movie you are in the mood for').fill('   ');
  await page.getByRole('button', { name: 'Find movies' }).click();
  await expect(page.locator('#describe-status.error')).toHaveText(/Describe the movie you have in mind first/);
  await expect(page.locator('#describe-results .card')).toHaveCount(0);
});
