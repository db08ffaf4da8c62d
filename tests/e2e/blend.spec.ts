// The hybrid index in the browser: the Content ↔ Audience blend on the shared filter bar, and the
// About tab's account of how recommendations are made, checked against the manifest of this build.
import type { Locator, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildFixtureArtifacts, DIMENSION, type FixtureMovie, serveFixtureFiles } from './fixture_artifacts';
import { expect, openReady, test, useLanguageModel } from './local_only';

interface Method {
  name: string;
  recall_at_10: number;
  ndcg_at_10: number;
  coverage_at_10: number;
}
interface BuiltManifest {
  hybrid?: {
    collaborative_dimension: number;
    queries: { similar: { audience_share: number }; user: { audience_share: number }; visitor: { audience_share: number } };
  };
  evaluation?: {
    users: number;
    heldout: number;
    methods: Method[];
    audience_share: Array<{ audience_share: number; recall_at_10: number; ndcg_at_10: number }>;
    hybrid_vs_ease_ndcg?: number;
  };
}

const manifest = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', '..', 'public', 'artifacts', 'manifest.json'), 'utf8'),
) as BuiltManifest;
const hybrid = (manifest.hybrid?.collaborative_dimension ?? 0) > 0;

/** Movie ids and similarity percentages of the cards in a result list, in order. */
async function cards(list: Locator): Promise<Array<{ id: number; score: number }>> {
  return list.locator('.card').evaluateAll((nodes) =>
    nodes.map((card) => ({
      id: Number((card as HTMLElement).dataset['movieId']),
      score: Number.parseFloat(card.querySelector('.score')?.textContent ?? 'NaN'),
    })),
  );
}

/** A tuned share as the slider shows it: on its 5% steps. */
function roundedShare(share: number): number {
  return Math.round(share * 20) / 20;
}

function blendSlider(page: Page): Locator {
  return page.getByRole('slider', { name: 'Content ↔ Audience' });
}

/** Waits until the list holds 10 cards that differ from `before`, and returns them. */
async function changedFrom(list: Locator, before: number[]): Promise<Array<{ id: number; score: number }>> {
  await expect
    .poll(async () => {
      const now = await cards(list);
      return now.length === 10 && now.map((c) => c.id).join() !== before.join();
    })
    .toBe(true);
  await expect(list).not.toHaveAttribute('aria-busy', 'true');
  return cards(list);
}

function expectScoresInRange(list: Array<{ score: number }>): void {
  for (const { score } of list) {
    expect(score).toBeGreaterThanOrEqual(0);
    expect(score).toBeLessThanOrEqual(100);
  }
}

test.describe('a hybrid build', () => {
  test.skip(!hybrid, 'the artifacts are content-only');

  test('About shows how recommendations are made, with the evaluation numbers of this build', async ({ page }) => {
    const evaluation = manifest.evaluation;
    test.skip(evaluation === undefined, 'this build carries no evaluation');
    await openReady(page, '#about');
    const section = page.locator('#about-recommendations');
    await expect(section).toHaveAttribute('data-index', 'hybrid');
    await expect(section).toContainText(`${manifest.hybrid!.collaborative_dimension} audience factors`);
    await expect(section).toContainText(`Similar movies ${Math.round(manifest.hybrid!.queries.similar.audience_share * 100)}% audience`);

    const table = section.getByRole('table').first();
    await expect(table.locator('caption')).toContainText(`${evaluation!.users} users`);
    const rows = table.locator('tbody tr');
    await expect(rows).toHaveCount(evaluation!.methods.length);
    for (const [i, method] of evaluation!.methods.entries()) {
      const cells = rows.nth(i).locator('td');
      await expect(cells).toHaveText([
        method.ndcg_at_10.toFixed(3),
        method.recall_at_10.toFixed(3),
        `${(method.coverage_at_10 * 100).toFixed(1)}%`,
      ]);
      if (method.name === 'hybrid') {
        await expect(rows.nth(i)).toHaveClass(/served/);
        await expect(rows.nth(i).locator('th')).toHaveText('Hybrid (served here)');
      }
    }
    const ease = evaluation!.methods.find((m) => m.name === 'ease');
    const served = evaluation!.methods.find((m) => m.name === 'hybrid');
    const ratio = evaluation!.hybrid_vs_ease_ndcg ?? (ease && served ? served.ndcg_at_10 / ease.ndcg_at_10 : undefined);
    if (ratio !== undefined) await expect(section).toContainText(`The served hybrid reaches ${ratio.toFixed(2)}× EASE on NDCG@10.`);

    const sweep = section.locator('table.sweep tbody tr');
    await expect(sweep).toHaveCount(evaluation!.audience_share.length);
    for (const [i, point] of evaluation!.audience_share.entries()) {
      await expect(sweep.nth(i).locator('td')).toHaveText([point.ndcg_at_10.toFixed(3), point.recall_at_10.toFixed(3)]);
    }
  });

  test('moving the blend to either end changes the Similar results for Toy Story, and is remembered', async ({ page }) => {
    await openReady(page, '#similar?title=Toy%20Story&k=10');
    const list = page.locator('#similar-results');
    await expect(list.locator('.card')).toHaveCount(10);
    const blended = await cards(list);
    expectScoresInRange(blended);

    const slider = blendSlider(page);
    await expect(slider).toBeVisible();
    await expect(page.getByText('same story & genre', { exact: true })).toBeVisible();
    await expect(page.getByText('same audience', { exact: true })).toBeVisible();
    // Each tab starts at the share tuned for its question.
    await expect(slider).toHaveValue(String(roundedShare(manifest.hybrid!.queries.similar.audience_share)));

    // Keyboard only: Home and End are a slider's own keys.
    await slider.focus();
    await slider.press('Home');
    await expect(slider).toHaveAttribute('aria-valuetext', 'Content only: same story & genre');
    await expect(page.locator('#blend-value')).toHaveText('Content only: same story & genre');
    const content = await changedFrom(list, blended.map((c) => c.id));
    expectScoresInRange(content);
    expect(content.map((c) => c.id)).not.toContain(1); // never the query movie itself

    await slider.press('End');
    await expect(slider).toHaveAttribute('aria-valuetext', 'Audience only: liked by the same people');
    const audience = await changedFrom(list, content.map((c) => c.id));
    expectScoresInRange(audience);
    expect(audience.map((c) => c.id)).not.toContain(1);

    await slider.press('ArrowLeft');
    await expect(slider).toHaveAttribute('aria-valuetext', '95% audience, 5% story & genre');
    expect(await page.evaluate(() => localStorage.getItem('movierec-audience-share'))).toBe('0.95');
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
    await expect(blendSlider(page)).toHaveValue('0.95');

    // Reset in the filter bar returns to the build's blend.
    await page.locator('#filter-panel-summary').click();
    await page.getByRole('button', { name: 'Reset', exact: true }).click();
    await expect(blendSlider(page)).toHaveValue(String(roundedShare(manifest.hybrid!.queries.similar.audience_share)));
  });

  test('the blend applies to MovieLens users too, and free text stays content-only', async ({ page }) => {
    await openReady(page, '#user?id=1&k=10');
    const list = page.locator('#user-results');
    await expect(list.locator('.card')).toHaveCount(10);
    const before = await cards(list);
    const slider = blendSlider(page);
    await slider.focus();
    await slider.press('Home');
    expectScoresInRange(await changedFrom(list, before.map((c) => c.id)));

    await page.getByRole('tab', { name: 'Describe a movie' }).click();
    await expect(slider).toBeHidden();
    await expect(page.locator('#blend-content-only')).toBeVisible();
    await expect(page.locator('#blend-content-only')).toContainText('story & genre only');
    await useLanguageModel(page);
    await page.getByLabel('Describe the movie you are in the mood for').fill('a space adventure with a lonely robot');
    await page.getByRole('button', { name: 'Find movies' }).click();
    const described = page.locator('#describe-results');
    await expect(described.locator('.card')).toHaveCount(10);
    expectScoresInRange(await cards(described));

    await page.getByRole('tab', { name: 'About' }).click();
    await expect(slider).toBeHidden();
    await expect(page.locator('#blend-content-only')).toBeHidden();
    await page.getByRole('tab', { name: 'Similar movies' }).click();
    await expect(slider).toBeVisible();
  });
});

test('a content-only build shows no blend and says so on About', async ({ page }) => {
  test.skip(hybrid, 'the artifacts have a collaborative block');
  await openReady(page, '#similar?title=Toy%20Story&k=5');
  await expect(page.locator('#similar-results .card')).toHaveCount(5);
  await expect(blendSlider(page)).toBeHidden();
  await page.getByRole('tab', { name: 'About' }).click();
  await expect(page.locator('#about-recommendations')).toHaveAttribute('data-index', 'content-only');
  await expect(page.locator('#about-recommendations')).toContainText('Content-only');
});

// ---- a hand-made hybrid build -------------------------------------------------------------------
// Four movies whose content and audience neighbours disagree on purpose: for Alpha, Beta shares the
// story (content cosine 0.9) but not the audience (0), Gamma the audience (0.95) but not the story (0).
// So the ends of the blend must put different movies first, whatever a real ALS fit would do.

const COLLABORATIVE = 4;
const CONTENT_WEIGHT = 0.56;

function fixtureMovie(id: number, title: string): FixtureMovie {
  return { id, title: `${title} (2000)`, year: 2000, genres: ['Drama'], tags: '', averageRating: 3.5, ratingCount: 10, imdbId: 0, tmdbId: 0 };
}

/** [content_weight x unit content vector | audience factors]; `content` and `audience` list the non-zero entries. */
function hybridRow(content: Array<[number, number]>, audience: Array<[number, number]>): Float32Array {
  const row = new Float32Array(DIMENSION + COLLABORATIVE);
  const norm = Math.hypot(...content.map(([, x]) => x));
  for (const [i, x] of content) row[i] = (CONTENT_WEIGHT * x) / norm;
  for (const [i, x] of audience) row[DIMENSION + i] = x;
  return row;
}

const fixtureHybrid = {
  content_dimension: DIMENSION,
  collaborative_dimension: COLLABORATIVE,
  content_weight: CONTENT_WEIGHT,
  collaborative_weight: 1,
  factor_scale: 1,
  shrinkage_beta: 0,
  linear_dimension: 0,
  prior_dimension: 0,
  fold_in: { alpha: 0.75, rating_confidence: true },
  als: { factors: COLLABORATIVE, regularization: 30, alpha: 0.75, confidence: '1 + alpha * rating', feedback: 'positives', iterations: 12, seed: 42 },
  tuning: 'validation',
  queries: {
    visitor: profileSettings('likeness'),
    user: profileSettings('fold_in'),
    similar: { audience_share: 0.5, series_bonus: 0, genre_bonus: 0 },
    describe: { popularity: 0, rating: 0 },
  },
};

/** A profile question with an even blend and nothing else turned on. */
function profileSettings(profile: string): Record<string, unknown> {
  return {
    profile,
    audience_share: 0.5,
    fold_in_lambda: 1,
    popularity: 0,
    popularity_ratings: 0,
    linear: 0,
    dislike: 0,
    not_interested: 0,
    calibration: 0,
    diversity: 0,
    max_per_series: 0,
    disliked_neighbours: 0,
  };
}

const fixtureEvaluation = {
  protocol: 'fixture-holdout',
  users: 3,
  heldout: 7,
  catalog: 4,
  methods: [
    { name: 'popularity', recall_at_10: 0.1, ndcg_at_10: 0.12, coverage_at_10: 0.25, mean_popularity_rank: 1 },
    { name: 'content', recall_at_10: 0.2, ndcg_at_10: 0.22, coverage_at_10: 1, mean_popularity_rank: 2 },
    { name: 'collaborative', recall_at_10: 0.3, ndcg_at_10: 0.32, coverage_at_10: 0.5, mean_popularity_rank: 2 },
    { name: 'hybrid', recall_at_10: 0.35, ndcg_at_10: 0.38, coverage_at_10: 0.75, mean_popularity_rank: 2 },
    { name: 'ease', recall_at_10: 0.4, ndcg_at_10: 0.4, coverage_at_10: 0.5, mean_popularity_rank: 2 },
  ],
  audience_share: [0, 0.25, 0.5, 0.75, 1].map((share) => ({ audience_share: share, recall_at_10: 0.2 + share / 10, ndcg_at_10: 0.25 + share / 10 })),
  hybrid_vs_ease_ndcg: 0.95,
  seconds: 0.5,
};

const fixtureFiles = buildFixtureArtifacts(
  [fixtureMovie(1, 'Alpha'), fixtureMovie(2, 'Beta'), fixtureMovie(3, 'Gamma'), fixtureMovie(4, 'Delta')],
  {
    vectors: [
      hybridRow([[0, 1]], [[0, 1]]),
      hybridRow([[0, 0.9], [1, 0.436]], [[1, 1]]),
      hybridRow([[2, 1]], [[0, 0.95], [1, 0.31]]),
      hybridRow([[0, 0.5], [3, 0.866]], [[0, 0.6], [2, 0.8]]),
    ],
    manifest: { hybrid: fixtureHybrid, evaluation: fixtureEvaluation },
  },
);

function serveFixture(page: Page): Promise<void> {
  return serveFixtureFiles(page, fixtureFiles);
}

async function titles(list: Locator): Promise<string[]> {
  return list.locator('.card .title-text').allTextContents();
}

test.describe('a hand-made hybrid build', () => {
  test('the ends of the blend rank the content neighbour or the audience neighbour first', async ({ page }) => {
    await serveFixture(page);
    await openReady(page, '#similar?title=Alpha&k=3');
    const list = page.locator('#similar-results');
    await expect(list.locator('.card')).toHaveCount(3);
    const slider = blendSlider(page);
    await expect(slider).toBeVisible();
    await expect(slider).toHaveValue('0.5');

    await slider.focus();
    await slider.press('Home');
    await expect.poll(() => titles(list)).toEqual(['Beta', 'Delta', 'Gamma']);
    expectScoresInRange(await cards(list));

    await slider.press('End');
    await expect.poll(() => titles(list)).toEqual(['Gamma', 'Delta', 'Beta']);
    expectScoresInRange(await cards(list));
  });

  test('one blend for every tab: the visible list follows it, the others catch up when shown', async ({ page }) => {
    await serveFixture(page);
    await openReady(page, '#similar?title=Alpha&k=3');
    const similar = page.locator('#similar-results');
    await expect(similar.locator('.card')).toHaveCount(3);
    const slider = blendSlider(page);
    await slider.focus();
    await slider.press('End');
    await expect.poll(() => titles(similar)).toEqual(['Gamma', 'Delta', 'Beta']);

    // User 1 liked Alpha: audience only, the fold-in of that one rating points at Gamma's audience.
    await page.getByRole('tab', { name: 'For a MovieLens user' }).click();
    await page.getByLabel('MovieLens user id').fill('1');
    await page.locator('#user-k').fill('3');
    await page.getByRole('button', { name: 'Recommend' }).click();
    const user = page.locator('#user-results');
    await expect.poll(() => titles(user)).toEqual(['Gamma', 'Delta', 'Beta']);
    await slider.focus();
    await slider.press('Home');
    await expect.poll(() => titles(user)).toEqual(['Beta', 'Delta', 'Gamma']);

    // The Similar list was made at the other end; it asks again when its tab is shown.
    await page.getByRole('tab', { name: 'Similar movies' }).click();
    await expect.poll(() => titles(similar)).toEqual(['Beta', 'Delta', 'Gamma']);
  });

  test('About explains the blend and shows the evaluation, the served hybrid highlighted', async ({ page }) => {
    await serveFixture(page);
    await openReady(page, '#about');
    const section = page.locator('#about-recommendations');
    await expect(section).toHaveAttribute('data-index', 'hybrid');
    await expect(section).toContainText('4 audience factors');
    await expect(section).toContainText('Similar movies 50% audience, My taste 50%, MovieLens users 50% (tuned on a validation split)');
    const rows = section.getByRole('table').first().locator('tbody tr');
    await expect(rows.locator('th')).toHaveText(['Most popular', 'Content (story & genre text)', 'Audience (implicit ALS)', 'Hybrid (served here)', 'EASE (reference)']);
    await expect(rows.nth(3).locator('td')).toHaveText(['0.380', '0.350', '75.0%']);
    await expect(rows.nth(3)).toHaveClass('served');
    await expect(section).toContainText('The served hybrid reaches 0.95× EASE on NDCG@10.');
    await expect(section.locator('table.sweep tbody tr').nth(2).locator('th')).toHaveText('50% (default)');
    await expect(page.locator('#about-facts')).toContainText('388-dimensional vectors (384 text + 4 audience)');
  });
});
