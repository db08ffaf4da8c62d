// "About": what this copy of the site was built from, read from manifest.json.
import { element, required } from './element';
import { formatBytes, formatQuantity } from './format';
import type { Manifest } from './manifest';

function row(term: string, ...details: Array<string | Node>): HTMLElement[] {
  return [element('dt', { text: term }), element('dd', {}, details)];
}

function buildTime(text: string): string {
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) return text;
  return `${date.toLocaleString('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' })} UTC`;
}

export function renderAbout(manifest: Manifest, movieCount: number, userCount: number): void {
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
      `${model.name}: ${model.dimension}-dimensional sentence embeddings, up to ${model.max_seq_length} tokens` +
        `${model.do_lower_case ? ', lower-cased' : ''}; quantization: ${model.quantization}.`,
    ),
    ...row(
      'Index',
      `FAISS ${index.faiss_factory ?? index.type}, ${index.metric.replace(/_/g, ' ')} over L2-normalised vectors ` +
        '(cosine similarity)' +
        (index.recall_at_10 === undefined
          ? '.'
          : `; it finds ${(index.recall_at_10 * 100).toFixed(1)}% of the exact top 10.`),
    ),
    ...row('Text per movie', element('code', { text: manifest.embedding_text })),
    ...row('Built', buildTime(manifest.build_time)),
    ...row('Files', element('p', { className: 'file-note', text: 'Each download is checked against its SHA-256 before use.' }), files),
  );
}
