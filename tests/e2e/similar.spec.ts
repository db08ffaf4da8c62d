// The Similar tab end to end on the real catalog.
import { expect, openReady, test } from './local_only';

test('Toy Story gives animated and children’s films, without Toy Story itself', async ({ page }) => {
  await openReady(page);
  const title = page.getByRole('combobox', { name: 'A movie you like' });
  await title.fill('Toy Story');
  await page.getByRole('button', { name: 'Find similar' }).click();

  await expect(page.getByRole('heading', { name: /10 movies similar to Toy Story \(1995\)/ })).toBeVisible();
  const cards = page.locator('#similar-results .card');
  await expect(cards).toHaveCount(10);
  await expect(page.locator('#similar-results .card[data-movie-id="1"]')).toHaveCount(0);

  const genres = await cards.evaluateAll((nodes) =>
    nodes.map((card) => Array.from(card.querySelectorAll('.genres li'), (li) => li.textContent ?? '')),
  );
  const family = genres.filter((g) => g.includes('Animation') || g.includes('Children'));
  expect(family.length, JSON.stringify(genres)).toBeGreaterThanOrEqual(7);

  // Cards are complete: rank, similarity as a percentage, rating line and outside links.
  const first = cards.first();
  await expect(first.locator('.rank')).toHaveText('1');
  await expect(first.locator('.score')).toHaveText(/^\d{1,3}\.\d%$/);
  await expect(first.locator('.rating')).toHaveText(/^\d\.\d \/ 5 · [\d,]+ ratings?$/);
  await expect(first.getByRole('link', { name: /IMDb/ })).toHaveAttribute('href', /^https:\/\/www\.imdb\.com\/title\/tt\d{7,}\/$/);
  await expect(first.getByRole('link', { name: /IMDb/ })).toHaveAttribute('rel', /noopener/);
  const scores = await cards.locator('.score').allTextContents();
  const values = scores.map((s) => Number.parseFloat(s));
  expect([...values].sort((a, b) => b - a)).toEqual(values);

  await expect(page).toHaveURL(/#similar\?title=Toy%20Story&k=10$/);
});

test('autocomplete is a keyboard-navigable listbox', async ({ page }) => {
  await openReady(page);
  const title = page.getByRole('combobox', { name: 'A movie you like' });
  await title.pressSequentially('toy sto', { delay: 30 });
  const listbox = page.getByRole('listbox', { name: 'Matching titles' });
  await expect(listbox).toBeVisible();
  await expect(title).toHaveAttribute('aria-expanded', 'true');
  const options = listbox.getByRole('option');
  await expect(options.first()).toContainText('Toy Story');
  const count = await options.count();
  expect(count).toBeGreaterThanOrEqual(3);

  await title.press('ArrowDown');
  await title.press('ArrowDown');
  const active = options.nth(1);
  await expect(active).toHaveAttribute('aria-selected', 'true');
  await expect(title).toHaveAttribute('aria-activedescendant', (await active.getAttribute('id'))!);
  await title.press('ArrowUp');
  await title.press('ArrowUp'); // wraps to the last option
  await expect(options.nth(count - 1)).toHaveAttribute('aria-selected', 'true');
  await title.press('ArrowDown'); // and back to the first
  await expect(options.first()).toHaveAttribute('aria-selected', 'true');
  await expect(title).toBeFocused();

  await title.press('Escape');
  await expect(listbox).toBeHidden();
  await expect(title).toHaveAttribute('aria-expanded', 'false');

  await title.press('ArrowDown'); // reopens on the first option
  await title.press('ArrowDown');
  const picked = (await options.nth(1).locator('.option-title').textContent())!;
  await title.press('Enter');
  await expect(listbox).toBeHidden();
  await expect(page.getByRole('heading', { name: new RegExp(`similar to ${picked.replace(/[()]/g, '\\$&')}`) })).toBeVisible();
  await expect(page.locator('#similar-results .card')).toHaveCount(10);
  // The picked catalog title is in the link, so it can be shared.
  expect(decodeURIComponent(new URL(page.url()).hash)).toContain(`title=${await title.inputValue()}`);
});

test('the result count follows the k selector and rejects values outside 1–50', async ({ page }) => {
  await openReady(page, '#similar?title=Heat&k=3');
  await expect(page.locator('#similar-results .card')).toHaveCount(3);
  await expect(page.getByLabel('Results').first()).toHaveValue('3');

  const k = page.locator('#similar-k');
  await k.fill('50');
  await page.getByRole('button', { name: 'Find similar' }).click();
  await expect(page.locator('#similar-results .card')).toHaveCount(50);

  await k.fill('51');
  await page.getByRole('button', { name: 'Find similar' }).click();
  await expect(page.locator('#similar-status')).toHaveText(/choose a whole number from 1 to 50/);
  await expect(page.locator('#similar-results .card')).toHaveCount(0);
});

test('an unknown title and an empty box get inline messages', async ({ page }) => {
  await openReady(page);
  const title = page.getByRole('combobox', { name: 'A movie you like' });
  await title.fill('qwxzvq jjkqxw');
  await title.press('Enter');
  await expect(page.locator('#similar-status.error')).toContainText('qwxzvq jjkqxw');
  await expect(page.locator('#similar-results .card')).toHaveCount(0);

  await title.fill('');
  await page.getByRole('button', { name: 'Find similar' }).click();
  await expect(page.locator('#similar-status.error')).toHaveText(/Type a movie title first/);
});
