// Tabs, keyboard navigation, deep links, history and the About facts on the real build.
import { expect, openReady, test } from './local_only';

test('the tabs follow the ARIA tabs pattern with arrows, Home and End', async ({ page }) => {
  await openReady(page);
  const tab = (name: string) => page.getByRole('tab', { name });
  await tab('Similar movies').focus();
  await page.keyboard.press('ArrowRight');
  await expect(tab('For a MovieLens user')).toBeFocused();
  await expect(tab('For a MovieLens user')).toHaveAttribute('aria-selected', 'true');
  await expect(tab('For a MovieLens user')).toHaveAttribute('tabindex', '0');
  await expect(tab('Similar movies')).toHaveAttribute('tabindex', '-1');
  await expect(page.getByRole('tabpanel', { name: 'For a MovieLens user' })).toBeVisible();
  await expect(page.locator('#panel-similar')).toBeHidden();

  await page.keyboard.press('End');
  await expect(tab('About')).toBeFocused();
  await expect(page.getByRole('tabpanel', { name: 'About' })).toBeVisible();
  await expect(page).toHaveURL(/#about$/);
  await page.keyboard.press('ArrowRight'); // wraps
  await expect(tab('Similar movies')).toBeFocused();
  await page.keyboard.press('ArrowLeft'); // wraps back
  await expect(tab('About')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Home');
  await expect(tab('Similar movies')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('combobox', { name: 'A movie you like' })).toBeVisible();
});

test('deep links open the right tab with the query filled in, and Back returns to the previous query', async ({ page }) => {
  await openReady(page, '#similar?title=Toy%20Story&k=5');
  await expect(page.locator('#similar-results .card')).toHaveCount(5);
  await expect(page.getByRole('combobox', { name: 'A movie you like' })).toHaveValue('Toy Story');

  await page.getByRole('combobox', { name: 'A movie you like' }).fill('Heat');
  await page.getByRole('button', { name: 'Find similar' }).click();
  await expect(page.getByRole('heading', { name: /similar to Heat/ })).toBeVisible();
  await page.goBack();
  await expect(page.getByRole('heading', { name: /similar to Toy Story/ })).toBeVisible();
  await expect(page.locator('#similar-results .card')).toHaveCount(5);

  await page.goto('./#user?id=3&k=2');
  await expect(page.locator('#user-results .card')).toHaveCount(2);
  await expect(page.getByLabel('MovieLens user id')).toHaveValue('3');
});

test('About shows the dataset, model, index and licences of this build', async ({ page }) => {
  await openReady(page, '#about');
  const about = page.getByRole('tabpanel', { name: 'About' });
  await expect(about).toBeVisible();
  await expect(about.locator('#about-facts')).toContainText(/MovieLens ml-latest-small: 9,\d{3} movies, 610 users, 100,\d{3} ratings/);
  await expect(about.locator('#about-facts')).toContainText('all-MiniLM-L6-v2: 384-dimensional');
  await expect(about.locator('#about-facts')).toContainText('inner product');
  await expect(about.locator('#about-facts')).toContainText('catalog.bin');
  await expect(about).toContainText('F. Maxwell Harper and Joseph A. Konstan. 2015. The MovieLens Datasets: History and Context.');
  await expect(about).toContainText('non-commercial');
  await expect(about).toContainText('Apache License 2.0');
});

test('the site works from its sub-path with relative URLs only', async ({ page }) => {
  const paths: string[] = [];
  page.on('request', (request) => paths.push(new URL(request.url()).pathname));
  await openReady(page);
  expect(paths.length).toBeGreaterThan(5);
  expect(paths.filter((path) => !path.startsWith('/movierec/'))).toEqual([]);
});
