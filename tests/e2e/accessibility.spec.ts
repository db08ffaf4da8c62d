// axe-core on every tab with results on screen, at a phone's and a desktop's width, light and dark:
// no serious or critical violation anywhere.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, openReady, test } from './local_only';

const TABS = [
  { name: 'Similar', hash: '#similar?title=Toy%20Story&k=5', ready: '#similar-results .card' },
  { name: 'User', hash: '#user?id=1&k=5', ready: '#user-results .card' },
  { name: 'Describe', hash: '#describe', ready: '#describe-form' },
  { name: 'My taste', hash: '#taste', ready: '#taste-results .card, #taste-onboarding-grid .card' },
  { name: 'About', hash: '#about', ready: '#about-facts dd' },
];

async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 4).join(', ')}`);
}

for (const width of [360, 1280]) {
  for (const scheme of ['light', 'dark'] as const) {
    test(`every tab passes axe-core at ${width} px, ${scheme}`, async ({ page }) => {
      await page.setViewportSize({ width, height: width === 360 ? 740 : 900 });
      await page.emulateMedia({ colorScheme: scheme });
      await openReady(page, TABS[0]!.hash);
      const found: string[] = [];
      for (const tab of TABS) {
        await page.goto(`./${tab.hash}`);
        await expect(page.locator(tab.ready).first()).toBeVisible({ timeout: 60_000 });
        for (const violation of await seriousViolations(page)) found.push(`${tab.name}: ${violation}`);
      }
      // The filters open, with the genre list showing.
      await page.goto(`./${TABS[0]!.hash}`);
      await page.locator('#filter-panel-summary').click();
      await page.locator('#filter-genres > summary').click();
      for (const violation of await seriousViolations(page)) found.push(`Filters: ${violation}`);
      expect(found).toEqual([]);
    });
  }
}
