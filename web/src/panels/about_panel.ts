// "About": what this copy of the site was built from and how it recommends, read from manifest.json.
import { indexDimension, type Manifest } from '../artifacts/manifest';
import { element, required } from '../ui/element';
import { formatBytes, formatQuantity } from '../ui/format';
import { type EvaluationSummary, type HybridSummary, summarizeHybrid } from './hybrid_summary';

function row(term: string, ...details: Array<string | Node>): HTMLElement[] {
  return [element('dt', { text: term }), element('dd', {}, details)];
}

function buildTime(text: string): string {
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) return text;
  return `${date.toLocaleString('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' })} UTC`;
}

/** A table in a region that scrolls sideways on a phone, where seven columns do not fit. */
function table(label: string, caption: string, headings: string[], rows: HTMLTableRowElement[], className: string): HTMLElement {
  const content = element('table', { className }, [
    element('caption', { text: caption }),
    element('thead', {}, [element('tr', {}, headings.map((text) => element('th', { text, attributes: { scope: 'col' } })))]),
    element('tbody', {}, rows),
  ]);
  // Focusable, so the sideways scroll also works from the keyboard.
  return element('div', { className: 'table-scroll', attributes: { role: 'region', tabindex: '0', 'aria-label': label } }, [
    content,
  ]);
}

/** One table row: a row heading and its numbers; `highlight` marks the served blend. */
function tableRow(heading: string, cells: string[], highlight: boolean): HTMLTableRowElement {
  const row = element('tr', highlight ? { className: 'served' } : {}, [
    element('th', { text: heading, attributes: { scope: 'row' } }),
    ...cells.map((text) => element('td', { text })),
  ]);
  return row;
}

function evaluationNodes(summary: EvaluationSummary): HTMLElement[] {
  const nodes: HTMLElement[] = [
    table(
      'Top-10 quality by method',
      summary.caption,
      ['Method', 'NDCG@10', 'Recall@10', 'Coverage@10'],
      summary.methods.map((m) => tableRow(m.label, [m.ndcg, m.recall, m.coverage], m.served)),
      'metrics',
    ),
  ];
  if (summary.versusEase !== null) nodes.push(element('p', { className: 'versus-ease', text: summary.versusEase }));
  if (summary.restrictions !== null) nodes.push(element('p', { className: 'evaluation-restrictions', text: summary.restrictions }));
  if (summary.protocols.length > 0) {
    nodes.push(
      table(
        'Top-10 quality for visitors',
        'Visitors with a handful of ratings: NDCG@10 when a held-out user keeps only that many liked movies ' +
          '(and, in the “+ dislikes” rows, their low ratings too), and on films with few ratings. ' +
          'Diversity: mean distance between two films of a top 10, from 0 (alike) up.',
        ['Ratings kept', 'Hybrid', 'EASE', 'Popular', 'Hybrid ÷ EASE', 'Diversity', 'Coverage@10'],
        summary.protocols.map((p) => {
          const row = tableRow(p.label, [p.hybrid, p.ease, p.popularity, p.ratio, p.diversity, p.coverage], false);
          row.dataset['protocol'] = p.protocol;
          return row;
        }),
        'metrics visitors',
      ),
    );
  }
  if (summary.sweep.length > 0) {
    nodes.push(
      table(
        'Top-10 quality by audience share',
        'The served hybrid as the audience share goes from content only (0%) to audience only (100%).',
        ['Audience share', 'NDCG@10', 'Recall@10'],
        summary.sweep.map((p) => tableRow(p.isDefault ? `${p.share} (default)` : p.share, [p.ndcg, p.recall], p.isDefault)),
        'metrics sweep',
      ),
    );
  }
  return nodes;
}

/** The "How recommendations are made" section: the blend, then the evaluation tables. */
export function renderRecommendationMethod(container: HTMLElement, summary: HybridSummary): void {
  const facts = element(
    'dl',
    { className: 'facts' },
    summary.facts.flatMap((fact) => row(fact.term, fact.detail)),
  );
  container.dataset['index'] = summary.hybrid ? 'hybrid' : 'content-only';
  container.replaceChildren(
    facts,
    ...(summary.evaluation === null
      ? [element('p', { className: 'file-note', text: 'This build carries no offline evaluation.' })]
      : evaluationNodes(summary.evaluation)),
  );
}

export function renderAbout(manifest: Manifest, movieCount: number, userCount: number, hasCollaborative = false): void {
  renderRecommendationMethod(required('about-recommendations', HTMLElement), summarizeHybrid(manifest, hasCollaborative));
  const { dataset, model, index } = manifest;
  const files = element(
    'ul',
    { className: 'file-list' },
    Object.entries(manifest.files).map(([name, entry]) =>
      element('li', {}, [
        element('code', { text: name }),
        ` ${formatBytes(entry.bytes)} · SHA-256 `,
        element('code', { className: 'hash', text: `${entry.sha256.slice(0, 16)}…`, attributes: { title: entry.sha256 } }),
      ]),
    ),
  );
  const list = required('about-facts', HTMLElement);
  list.replaceChildren(
    ...row(
      'Dataset',
      `MovieLens ${dataset.name}: ${formatQuantity(movieCount, 'movie')}, ${formatQuantity(userCount, 'user')}, ` +
        `${formatQuantity(dataset.ratings, 'rating')}.`,
    ),
    ...row(
      'Model',
      `${model.name}: ${model.dimension}-dimensional sentence embeddings` +
        (model.projection === undefined
          ? ''
          : ` (the catalog's ${model.projection.to} strongest of the model's ${model.projection.from} directions, ` +
            `${(model.projection.retained_energy * 100).toFixed(1)}% of what its vectors hold)`) +
        `, up to ${model.max_seq_length} tokens` +
        `${model.do_lower_case ? ', lower-cased' : ''}; quantization: ${model.quantization}.`,
    ),
    ...row(
      'Index',
      `FAISS ${index.faiss_factory ?? index.type}, ${index.metric.replace(/_/g, ' ')} over ` +
        (manifest.hybrid !== undefined && manifest.hybrid.collaborative_dimension > 0
          ? `${indexDimension(manifest)}-dimensional vectors (${manifest.hybrid.content_dimension} text + ` +
            `${manifest.hybrid.collaborative_dimension + manifest.hybrid.linear_dimension} audience` +
            (manifest.hybrid.prior_dimension > 0 ? ` + ${manifest.hybrid.prior_dimension} popularity & rating)` : ')')
          : 'L2-normalised vectors (cosine similarity)') +
        (index.recall_at_10 === undefined
          ? '.'
          : `; it finds ${(index.recall_at_10 * 100).toFixed(1)}% of the exact top 10.`),
    ),
    ...row('Text per movie', element('code', { text: manifest.embedding_text })),
    ...row('Built', buildTime(manifest.build_time)),
    ...row('Files', element('p', { className: 'file-note', text: 'Each download is checked against its SHA-256 before use.' }), files),
  );
}
