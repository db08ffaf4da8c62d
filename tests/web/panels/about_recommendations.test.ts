// The About tab's "How recommendations are made" on a fixture manifest: the text (hybrid_summary.ts)
// and the nodes built from it (about_panel.ts) over a minimal document that refuses innerHTML, so
// manifest text can only ever land as text.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseManifest, STARTUP_FILES } from '../../../web/src/artifacts/manifest';
import { renderRecommendationMethod } from '../../../web/src/panels/about_panel';
import { formatSetting, summarizeHybrid } from '../../../web/src/panels/hybrid_summary';
import { hybridFields } from '../hybrid_manifest';

/** Just enough of a DOM element for element.ts and about_panel.ts. */
class FakeElement {
  readonly children: FakeElement[] = [];
  readonly attributes = new Map<string, string>();
  readonly dataset: Record<string, string> = {};
  className = '';
  private text = '';
  constructor(readonly tagName: string) {}
  get textContent(): string {
    return this.text + this.children.map((child) => child.textContent).join('');
  }
  set textContent(value: string) {
    this.children.length = 0;
    this.text = value;
  }
  set innerHTML(_: string) {
    throw new Error('innerHTML is not used for manifest data');
  }
  setAttribute(name: string, value: string): void {
    this.attributes.set(name, value);
  }
  append(...nodes: Array<FakeElement | string>): void {
    for (const node of nodes) {
      if (typeof node === 'string') {
        const text = new FakeElement('#text');
        text.text = node;
        this.children.push(text);
      } else {
        this.children.push(node);
      }
    }
  }
  replaceChildren(...nodes: FakeElement[]): void {
    this.children.length = 0;
    this.text = '';
    this.append(...nodes);
  }
  all(tag: string): FakeElement[] {
    return this.children.flatMap((child) => [...(child.tagName === tag ? [child] : []), ...child.all(tag)]);
  }
}

function manifestJson(): Record<string, unknown> {
  return {
    format_version: 6,
    dataset: { name: 'ml-latest-small', movies: 9708, users: 610, ratings: 100789 },
    model: { name: 'all-MiniLM-L6-v2', dimension: 384, max_seq_length: 256, do_lower_case: true, quantization: 'int8' },
    index: { type: 'sq8', metric: 'inner_product' },
    embedding_text: '{title}.',
    files: Object.fromEntries([...STARTUP_FILES, 'ratings.bin'].map((name) => [name, { bytes: 1, sha256: 'cd'.repeat(32) }])),
    build_time: '2026-11-26T05:00:00Z',
  };
}

const cellText = (row: FakeElement) => [...row.all('th'), ...row.all('td')].map((cell) => cell.textContent);

describe('How recommendations are made', () => {
  const saved = globalThis.document;
  beforeEach(() => {
    (globalThis as { document?: unknown }).document = { createElement: (tag: string) => new FakeElement(tag) };
  });
  afterEach(() => {
    (globalThis as { document?: unknown }).document = saved;
  });

  it('explains the blend and shows the evaluation with the served hybrid highlighted', () => {
    const manifest = parseManifest({ ...manifestJson(), ...hybridFields() });
    const summary = summarizeHybrid(manifest, true);
    expect(summary.hybrid).toBe(true);
    const facts = Object.fromEntries(summary.facts.map((f) => [f.term, f.detail]));
    expect(facts['Blend']).toContain('384-dimensional text vector, weight 0.56');
    expect(facts['Blend']).toContain('64 audience factors');
    expect(facts['Audience model']).toContain('64 factors, regularization 30, confidence 1 + alpha * rating (alpha 0.75), 12 iterations');
    expect(facts['Blend']).toContain('a 128-dimensional item-to-item model');
    expect(facts['Audience model']).toContain('a rank-128 item-to-item model');
    expect(facts['MovieLens users']).toContain('least-squares fit');
    expect(facts['MovieLens users']).toContain('lambda 8.8');
    expect(facts['My taste']).toContain('for each movie you liked, how alike it is to every film');
    expect(facts['My taste']).toContain('A film you rate 2 stars or less moves its close look-alikes and the rest of its series down');
    expect(facts['Variety']).toContain('at most 2 films of one series');
    expect(facts['Default blend']).toMatch(/^Similar movies 50% audience, My taste 70%, MovieLens users 75% \(tuned on a validation split\)/);

    const container = new FakeElement('div');
    renderRecommendationMethod(container as unknown as HTMLElement, summary);
    expect(container.dataset['index']).toBe('hybrid');
    const [methods, visitors, sweep] = container.all('table');
    expect(methods!.all('caption')[0]!.textContent).toBe(
      'Top-10 quality on held-out ratings (ml-small-holdout-v1): 599 users, 12,284 held-out ratings, 9,708 movies; measured in 4.2 s.',
    );
    expect(methods!.all('thead')[0]!.all('th').map((th) => th.textContent)).toEqual(['Method', 'NDCG@10', 'Recall@10', 'Coverage@10']);
    const rows = methods!.all('tbody')[0]!.all('tr');
    expect(rows.map(cellText)).toEqual([
      ['Most popular', '0.082', '0.071', '0.4%'],
      ['Content (story & genre text)', '0.061', '0.051', '31.0%'],
      ['Audience (implicit ALS)', '0.171', '0.152', '9.0%'],
      ['Hybrid (served here)', '0.181', '0.161', '12.0%'],
      ['EASE (reference)', '0.190', '0.170', '8.0%'],
    ]);
    expect(rows.map((row) => row.className)).toEqual(['', '', '', 'served', '']);
    expect(rows[3]!.all('th')[0]!.attributes.get('scope')).toBe('row');
    expect(container.all('p').map((p) => p.textContent)).toContain('The served hybrid reaches 0.95× EASE on NDCG@10.');

    expect(visitors!.className).toBe('metrics visitors');
    const visitorRows = visitors!.all('tbody')[0]!.all('tr');
    expect(visitorRows.map(cellText)).toEqual([
      ['3 liked movies', '0.100', '–', '0.090', '–', '0.600', '20.0%'],
      ['10 liked movies', '0.130', '–', '0.140', '–', '0.600', '20.0%'],
    ]);
    expect(visitorRows.map((row) => row.dataset['protocol'])).toEqual(['visitor-3', 'visitor-10']);

    const sweepRows = sweep!.all('tbody')[0]!.all('tr');
    expect(sweepRows.map(cellText)).toEqual([
      ['0%', '0.060', '0.050'],
      ['25%', '0.090', '0.080'],
      ['50%', '0.120', '0.110'],
      ['75% (default)', '0.150', '0.140'],
      ['100%', '0.180', '0.170'],
    ]);
    expect(sweepRows.map((row) => row.className)).toEqual(['', '', '', 'served', '']);
  });

  it('shows tuned settings with three significant digits', () => {
    expect(formatSetting(0.5623413324356079)).toBe('0.562');
    expect(formatSetting(302.8982238769531)).toBe('303');
    expect(formatSetting(30)).toBe('30');
    expect(formatSetting(0.75)).toBe('0.75');
  });

  it('works out the ratio to EASE when the manifest does not state it', () => {
    const json: Record<string, any> = { ...manifestJson(), ...hybridFields() };
    delete json['evaluation'].hybrid_vs_ease_ndcg;
    const summary = summarizeHybrid(parseManifest(json), true);
    expect(summary.evaluation?.versusEase).toBe('The served hybrid reaches 0.95× EASE on NDCG@10.'); // 0.1812 / 0.19
    json['evaluation'].methods = json['evaluation'].methods.filter((m: { name: string }) => m.name !== 'ease');
    expect(summarizeHybrid(parseManifest(json), true).evaluation?.versusEase).toBeNull();
  });

  it('names what a large catalog left out of the evaluation, and refuses a restriction that is not text', () => {
    const json: Record<string, any> = { ...manifestJson(), ...hybridFields() };
    json['evaluation'].restrictions = [
      'scored a seeded sample of 2000 of 29686 users, while every rating trains the models',
      'EASE ranks only the 10000 most-rated of 87128 movies (its dense inverse fits memory there)',
    ];
    const summary = summarizeHybrid(parseManifest(json), true);
    const container = new FakeElement('div');
    renderRecommendationMethod(container as unknown as HTMLElement, summary);
    expect(container.all('p').map((p) => p.textContent)).toContain(
      'Restricted at this catalog’s size: scored a seeded sample of 2000 of 29686 users, while every rating trains the ' +
        'models; EASE ranks only the 10000 most-rated of 87128 movies (its dense inverse fits memory there).',
    );
    delete json['evaluation'].restrictions;
    expect(summarizeHybrid(parseManifest(json), true).evaluation?.restrictions).toBeNull();
    json['evaluation'].restrictions = ['fine', 7];
    expect(() => parseManifest(json)).toThrow('manifest.json: "evaluation.restrictions[1]" must be a string');
  });

  it('says the index is content-only for a build without the hybrid object', () => {
    const summary = summarizeHybrid(parseManifest(manifestJson()), false);
    expect(summary.hybrid).toBe(false);
    expect(summary.evaluation).toBeNull();
    const container = new FakeElement('div');
    renderRecommendationMethod(container as unknown as HTMLElement, summary);
    expect(container.dataset['index']).toBe('content-only');
    expect(container.textContent).toContain('Content-only: every match comes from the movies’ text');
    expect(container.textContent).toContain('This build carries no offline evaluation.');
    expect(container.all('table')).toHaveLength(0);
  });

  it('keeps manifest text as text', () => {
    const json: Record<string, any> = { ...manifestJson(), ...hybridFields() };
    json['evaluation'].methods[0].name = '<img src=x onerror=alert(1)>';
    const container = new FakeElement('div');
    renderRecommendationMethod(container as unknown as HTMLElement, summarizeHybrid(parseManifest(json), true));
    const first = container.all('tbody')[0]!.all('tr')[0]!;
    expect(first.all('th')[0]!.textContent).toBe('<img src=x onerror=alert(1)>');
    expect(first.all('img')).toHaveLength(0);
  });
});
