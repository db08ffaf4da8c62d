// The Playwright `test` every spec uses: the page may only talk to the local server, so a
// forgotten CDN URL or analytics call fails the suite instead of passing on a connected machine.
import { test as base, expect } from '@playwright/test';

export const test = base.extend<{ blockedRequests: string[] }>({
  blockedRequests: [
    async ({ context }, use) => {
      const blocked: string[] = [];
      await context.route('**/*', (route) => {
        const url = new URL(route.request().url());
        if (url.hostname === '127.0.0.1' || url.protocol === 'data:' || url.protocol === 'blob:') {
          return route.continue();
        }
        blocked.push(url.href);
        return route.abort('blockedbyclient');
      });
      await use(blocked);
      expect(blocked, 'requests that left 127.0.0.1').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Opens the site (optionally at a deep link) and waits until the engine is ready. */
export async function openReady(page: import('@playwright/test').Page, hash = ''): Promise<void> {
  await page.goto(`./${hash}`);
  await expect(page.locator('html')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
}

/**
 * Describe's language model: accepts the download the tab offers (it asks unless the model is stored
 * on this device), then waits until the model is ready.
 */
export async function useLanguageModel(page: import('@playwright/test').Page): Promise<void> {
  const offer = page.getByRole('button', { name: /^Download the language model/ });
  const ready = page.locator('#describe-model-label', { hasText: 'Language model ready' });
  await expect(offer.or(ready)).toBeVisible({ timeout: 60_000 });
  if (await offer.isVisible()) await offer.click();
  await expect(ready).toBeVisible({ timeout: 90_000 });
}
