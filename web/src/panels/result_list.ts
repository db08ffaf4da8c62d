// Result cards: rank, title, year, genres, overview, tags, match, rating and outside links.
// Every piece of catalog text goes in through textContent.
import type { MovieInfo, RankedMovie } from '../engine/protocol';
import { ratingControl } from '../taste/rating_control';
import { element } from '../ui/element';
import { formatRating, formatSimilarity, imdbUrl, titleWithYear, tmdbUrl } from '../ui/format';

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
    element('span', { className: 'title-text', text: title }),
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
          element('cite', { text: titleWithYear(because) }),
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

/**
 * Replaces `container`'s content with a heading and one card per result. Popular picks (`scored` false)
 * show no match: they are not ranked by likeness to anything.
 */
export function renderResults(container: HTMLElement, heading: string, results: RankedMovie[], scored = true): void {
  const list = element(
    'ol',
    { className: 'cards', attributes: { 'aria-label': heading } },
    results.map(({ movie, score, because }, i) => element('li', {}, [movieCard(movie, i + 1, scored ? score : null, because)])),
  );
  container.replaceChildren(element('h2', { className: 'results-heading', text: heading }), list);
}
