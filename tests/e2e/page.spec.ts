// The page itself, on the real catalog: a phone's first screen, the keyboard path, the page's names,
// the ratings' safety and a strict Content-Security-Policy.
import type { Page } from '@playwright/test';
import { expect, openReady, test, useLanguageModel } from './local_only';

const PHONE = { width: 360, height: 740 };

/** Each query tab, its search box and its submit button. */
const SEARCHES = [
  { hash: '#similar', box: '#similar-title', button: '#similar-form button[type="submit"]' },
  { hash: '#user', box: '#user-id', button: '#user-form button[type="submit"]' },
  { hash: '#describe', box: '#describe-text', button: '#describe-form button[type="submit"]' },
  { hash: '#taste', box: '#taste-title', button: null },
];

async function inFirstScreen(page: Page, selector: string): Promise<boolean> {
  return page.locator(selector).evaluate((node) => {
    const box = node.getBoundingClientRect();
    return box.top >= 0 && box.bottom <= window.innerHeight && box.left >= 0 && box.right <= window.innerWidth;
  });
}

test('on a 360 x 740 phone every tab shows its search box and button in the first screen, every tab name, and no sideways scroll', async ({ page }) => {
  await page.setViewportSize(PHONE);
  await openReady(page, '#similar?title=Toy%20Story&k=10');
  await expect(page.locator('#similar-results .card')).toHaveCount(10);
  for (const { hash, box, button } of SEARCHES) {
    await page.evaluate((h) => {
      location.hash = h;
    }, hash);
    await expect(page.locator(box)).toBeVisible();
    expect(await inFirstScreen(page, box), `${hash}: search box in the first screen`).toBe(true);
    if (button !== null) expect(await inFirstScreen(page, button), `${hash}: button in the first screen`).toBe(true);
  }
  for (const tab of ['#similar', '#user', '#describe', '#taste', '#about']) {
    await page.evaluate((h) => {
      location.hash = h;
    }, tab);
    await page.waitForTimeout(100);
    const [scrollWidth, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    expect(scrollWidth, `${tab}: no sideways scroll`).toBeLessThanOrEqual(width);
    for (const name of ['Similar', 'User', 'Describe', 'My taste', 'About']) {
      expect(await inFirstScreen(page, `[role="tab"]:has-text("${name}")`), `${tab}: the ${name} tab is in view`).toBe(true);
    }
  }
});

test('the skip link moves focus to the open tab\'s search box without touching the link or history', async ({ page }) => {
  await openReady(page, '#user?id=1');
  await expect(page.locator('#user-results .card').first()).toBeVisible();
  const before = await page.evaluate(() => ({ hash: location.hash, length: history.length }));
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to the search' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('#user-id')).toBeFocused();
  expect(await page.evaluate(() => ({ hash: location.hash, length: history.length }))).toEqual(before);
  await expect(page.getByRole('tab', { name: 'For a MovieLens user' })).toHaveAttribute('aria-selected', 'true');
});

test('one h1, and the browser tab names the tab and the query', async ({ page }) => {
  await openReady(page, '#similar?title=Heat&k=10');
  await expect(page.locator('h1')).toHaveCount(1);
  await expect(page.locator('h1')).toHaveText('movierec');
  await expect(page).toHaveTitle('Similar to Heat · movierec');
  await page.getByRole('tab', { name: 'For a MovieLens user' }).click();
  await expect(page).toHaveTitle('For a MovieLens user · movierec');
  await page.getByLabel('MovieLens user id').fill('7');
  await page.getByRole('button', { name: 'Recommend' }).click();
  await expect(page).toHaveTitle('For MovieLens user 7 · movierec');
  await page.getByRole('tab', { name: 'About' }).click();
  await expect(page).toHaveTitle('About · movierec');
});

test('the first rating asks for persistent storage and About says what the browser granted', async ({ page }) => {
  await page.addInitScript(() => {
    const calls = { persist: 0 };
    (window as unknown as { __persistCalls: typeof calls }).__persistCalls = calls;
    const granted = { value: false };
    const real = navigator.storage;
    Object.defineProperty(navigator, 'storage', {
      configurable: true,
      value: {
        persist: async () => {
          calls.persist += 1;
          granted.value = true;
          return true;
        },
        persisted: async () => granted.value,
        estimate: () => real.estimate(),
      },
    });
  });
  await openReady(page, '#similar?title=Alien&k=5');
  await page.getByRole('tab', { name: 'About' }).click();
  await expect(page.locator('#storage-persistence')).toContainText('none yet');
  expect(await page.evaluate(() => (window as unknown as { __persistCalls: { persist: number } }).__persistCalls.persist)).toBe(0);

  await page.getByRole('tab', { name: 'Similar movies' }).click();
  const cards = page.locator('#similar-results .card');
  await cards.nth(0).getByRole('slider').focus();
  await page.keyboard.press('4');
  await cards.nth(1).getByRole('slider').focus();
  await page.keyboard.press('5');
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { __persistCalls: { persist: number } }).__persistCalls.persist))
    .toBe(1);
  await page.getByRole('tab', { name: 'About' }).click();
  await expect(page.locator('#storage-persistence')).toHaveText(
    'Your ratings: stored persistently. The browser keeps them until you delete them.',
  );
});

test('the Content-Security-Policy holds with zero violations across every tab, a description and a rating', async ({ page }) => {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __csp: string[] }).__csp = seen;
    document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
  await openReady(page, '#similar?title=Toy%20Story&k=5');
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(policy).toContain("object-src 'none'");
  expect(policy).toContain("base-uri 'none'");
  await expect(page.locator('#similar-results .card')).toHaveCount(5);
  await page.locator('#similar-results .card').first().getByRole('slider').focus();
  await page.keyboard.press('5');
  await page.goto('./#user?id=3');
  await expect(page.locator('#user-results .card').first()).toBeVisible({ timeout: 60_000 });
  await page.goto('./#describe?q=a%20heist%20inside%20dreams');
  await useLanguageModel(page);
  await expect(page.locator('#describe-results .card').first()).toBeVisible({ timeout: 120_000 });
  await page.getByRole('tab', { name: 'My taste' }).click();
  await expect(page.locator('#taste-results .card').first()).toBeVisible();
  await page.getByRole('tab', { name: 'About' }).click();
  await expect(page.locator('#storage-summary')).not.toHaveText('Checking…');
  expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
});

for (const viewport of [PHONE, { width: 1280, height: 900 }]) {
  test(`a deep link lays out once: cumulative layout shift at most 0.1 at ${viewport.width} px`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await page.addInitScript(() => {
      const state = { shift: 0 };
      (window as unknown as { __layoutShift: typeof state }).__layoutShift = state;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as Array<PerformanceEntry & { value: number; hadRecentInput: boolean }>) {
          if (!entry.hadRecentInput) state.shift += entry.value;
        }
      }).observe({ type: 'layout-shift', buffered: true });
    });
    await openReady(page, '#similar?title=Toy%20Story&k=10');
    await expect(page.locator('#similar-results .card')).toHaveCount(10);
    await page.waitForTimeout(500);
    const shift = await page.evaluate(() => (window as unknown as { __layoutShift: { shift: number } }).__layoutShift.shift);
    expect(shift).toBeLessThanOrEqual(0.1);
  });
}

test('a removed rating can be taken back, one at a time or all at once', async ({ page }) => {
  await openReady(page, '#similar?title=Alien&k=5');
  const cards = page.locator('#similar-results .card');
  const first = cards.nth(0).getByRole('slider');
  await first.focus();
  await page.keyboard.press('4');
  await expect(first).toHaveAttribute('aria-valuenow', '4');
  const title = (await cards.nth(0).locator('.card-title').getAttribute('title')) ?? '';
  expect(title).not.toBe('');

  await cards.nth(0).getByRole('button', { name: /^Remove my rating of / }).click();
  await expect(first).not.toHaveAttribute('aria-valuenow');
  const bar = page.locator('#undo-bar');
  await expect(bar).toContainText('Removed your rating of');
  await bar.getByRole('button', { name: 'Undo' }).click();
  await expect(first).toHaveAttribute('aria-valuenow', '4');
  await expect(bar).toBeHidden();

  // The Delete key removes too, and Undo brings it back.
  await first.focus();
  await page.keyboard.press('Delete');
  await expect(first).not.toHaveAttribute('aria-valuenow');
  await bar.getByRole('button', { name: 'Undo' }).click();
  await expect(first).toHaveAttribute('aria-valuenow', '4');

  // "Delete all" on My taste, undone.
  await cards.nth(1).getByRole('slider').focus();
  await page.keyboard.press('2');
  await page.getByRole('tab', { name: 'My taste' }).click();
  await page.locator('#taste-clear').click();
  await page.locator('#taste-clear-yes').click();
  await expect(bar).toContainText('Deleted 2 ratings.');
  await bar.getByRole('button', { name: 'Undo' }).click();
  await expect(page.locator('#taste-picked [role="slider"], .rating-row')).not.toHaveCount(0);
  await page.getByRole('tab', { name: 'Similar movies' }).click();
  await expect(first).toHaveAttribute('aria-valuenow', '4');
  await expect(cards.nth(1).getByRole('slider')).toHaveAttribute('aria-valuenow', '2');
});

test('two tabs rating at once keep both ratings, and each tab shows the other\'s', async ({ page, context }) => {
  const other = await context.newPage();
  await openReady(page, '#similar?title=Alien&k=5');
  await openReady(other, '#similar?title=Alien&k=5');
  const here = page.locator('#similar-results .card');
  const there = other.locator('#similar-results .card');
  await expect(here).toHaveCount(5);
  await expect(there).toHaveCount(5);
  await Promise.all([
    (async () => {
      await here.nth(0).getByRole('slider').focus();
      await page.keyboard.press('4');
    })(),
    (async () => {
      await there.nth(1).getByRole('slider').focus();
      await other.keyboard.press('2');
    })(),
  ]);
  // Each tab follows the other's rating without a reload.
  await expect(here.nth(1).getByRole('slider')).toHaveAttribute('aria-valuenow', '2');
  await expect(there.nth(0).getByRole('slider')).toHaveAttribute('aria-valuenow', '4');
  for (const tab of [page, other]) {
    await tab.reload();
    await expect(tab.locator('#similar-results .card')).toHaveCount(5, { timeout: 60_000 });
    await expect(tab.locator('#similar-results .card').nth(0).getByRole('slider')).toHaveAttribute('aria-valuenow', '4');
    await expect(tab.locator('#similar-results .card').nth(1).getByRole('slider')).toHaveAttribute('aria-valuenow', '2');
  }
  await other.close();
});

for (const scheme of ['light', 'dark'] as const) {
  test(`controls stand out at least 3:1 from what is around them (${scheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await openReady(page, '#similar?title=Alien&k=3');
    await expect(page.locator('#similar-results .card')).toHaveCount(3);
    const ratios = await page.evaluate(() => {
      const rgb = (color: string) => (color.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
      const luminance = (color: string) => {
        const [r, g, b] = rgb(color).map((v) => v / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
        return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
      };
      const contrast = (a: string, b: string) => {
        const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
        return (x! + 0.05) / (y! + 0.05);
      };
      const style = (selector: string) => getComputedStyle(document.querySelector(selector)!);
      const page = style('body').backgroundColor;
      const card = style('#similar-results .card').backgroundColor;
      return {
        'search box edge': contrast(style('#similar-title').borderTopColor, page),
        'filters button edge': contrast(style('#filter-panel-summary').borderTopColor, style('#filters').backgroundColor),
        'empty star outline': contrast(style('#similar-results .stars').getPropertyValue('-webkit-text-stroke-color'), card),
        'not interested edge': contrast(style('#similar-results .not-interested').borderTopColor, card),
      };
    });
    for (const [control, ratio] of Object.entries(ratios)) expect(ratio, control).toBeGreaterThanOrEqual(3);
  });
}
