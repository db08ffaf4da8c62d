// Result cards: rank, title, year, genres, overview, tags, match, rating and outside links.
// Every piece of catalog text goes in through textContent.
import type { MovieInfo, RankedMovie } from '../engine/protocol';
import { ratingControl } from '../taste/rating_control';
import { element, titleNodes } from '../ui/element';
import { clipped, formatRating, formatSimilarity, imdbUrl, titleWithYear, tmdbUrl } from '../ui/format';

function outsideLink(label: string, href: string, title: string): HTMLAnchorElement {
  return element('a', {
    className: 'outside-link',
    text: label,
    attributes: { href, target: '_blank', rel: 'noopener noreferrer', 'aria-label': `${title} on ${label}` },
  });
}

export function movieCard(movie: MovieInfo, rank: number | null, score: number | null, because?: MovieInfo): HTMLElement {
  const title = movie.displayTitle;
  const heading = element('h3', { className: 'card-title' }, [
    element('bdi', { className: 'title-text', text: clipped(title) }),
    movie.year > 0 ? element('span', { className: 'year', text: String(movie.year) }) : null,
  ]);
  // The catalog title is the exact MovieLens name; keep it reachable for people who know it.
  heading.title = movie.title;

  const head = element('div', { className: 'card-head' }, [
    rank === null ? null : element('span', { className: 'rank', text: String(rank), attributes: { 'aria-label': `Rank ${rank}` } }),
    heading,
    score === null
      ? null
      : element('span', {
          className: 'score',
          text: formatSimilarity(score),
          attributes: { title: 'Match: how close this movie is to the query' },
        }),
  ]);

  const genres = element(
    'ul',
    { className: 'genres', attributes: { 'aria-label': 'Genres' } },
    movie.genres.map((genre) => element('li', { text: genre })),
  );

  const links = element('span', { className: 'links' });
  const imdb = imdbUrl(movie.imdbId);
  const tmdb = tmdbUrl(movie.tmdbId);
  if (imdb !== null) links.append(outsideLink('IMDb', imdb, title));
  if (tmdb !== null) links.append(outsideLink('TMDb', tmdb, title));

  const card = element('article', { className: 'card' }, [
    head,
    movie.genres.length > 0 ? genres : null,
    movie.overview === '' ? null : element('p', { className: 'overview', text: movie.overview }),
    movie.tags === '' ? null : element('p', { className: 'tags', text: movie.tags, attributes: { title: 'Tags MovieLens users gave this movie' } }),
    because === undefined
      ? null
      : element('p', { className: 'because' }, [
          'Because you liked ',
          element('cite', {}, titleNodes(because)),
        ]),
    element('div', { className: 'card-foot' }, [
      element('span', { className: 'rating', text: formatRating(movie.averageRating, movie.ratingCount) }),
      links,
    ]),
    ratingControl({ id: movie.id, name: titleWithYear(movie) }),
  ]);
  if (score !== null) {
    const bar = element('span', { className: 'similarity-bar', attributes: { 'aria-hidden': 'true' } });
    bar.style.setProperty('--similarity', String(Math.min(1, Math.max(0, score))));
    card.prepend(bar);
  }
  card.dataset['movieId'] = String(movie.id);
  card.dataset['index'] = String(movie.index);
  return card;
}

/** What an empty list offers: when filters are on, a way to switch them off. */
let emptyState: { filtering: () => boolean; resetFilters: () => void } | null = null;

export function setEmptyState(filtering: () => boolean, resetFilters: () => void): void {
  emptyState = { filtering, resetFilters };
}

function emptyHint(): HTMLElement {
  if (emptyState?.filtering()) {
    const state = emptyState;
    const reset = element('button', { className: 'button button-quiet', text: 'Reset filters', attributes: { type: 'button' } });
    reset.addEventListener('click', () => state.resetFilters());
    return element('p', { className: 'empty-hint' }, ['No movie passes your filters. ', reset]);
  }
  return element('p', { className: 'empty-hint', text: 'No movie fits. Try other words or another title.' });
}

/**
 * Replaces `container`'s content with a heading and one card per result (or a way forward when none). Popular picks (`scored` false)
 * show no match: they are not ranked by likeness to anything.
 */
export function renderResults(
  container: HTMLElement,
  heading: string | Array<Node | string>,
  results: RankedMovie[],
  scored = true,
): void {
  const title = element('h2', { className: 'results-heading' }, typeof heading === 'string' ? [heading] : heading);
  const list = element(
    'ol',
    { className: 'cards', attributes: { 'aria-label': title.textContent ?? '' } },
    results.map(({ movie, score, because }, i) => element('li', {}, [movieCard(movie, i + 1, scored ? score : null, because)])),
  );
  container.replaceChildren(title, results.length === 0 ? emptyHint() : list);
}
