// The rating control on every movie card: five stars to rate in half steps, a "Not interested"
// toggle and a button that takes the rating back. The stars are one ARIA slider: arrow keys move
// by half a star, Page Up/Down by one, Home/End to the ends, digits 1–5 jump to whole stars,
// Delete or 0 removes the rating. Every control showing the same movie follows the change.
import { element } from '../ui/element';
import type { MyTaste } from './my_taste';
import { MAX_STARS, MIN_STARS, NOT_INTERESTED, ratingLabel, starsAt, stepStars } from './rating';
import { offerUndo } from './undo_bar';

let taste: MyTaste | null = null;

/** Turns the controls on: from now on movie cards carry them, bound to `myTaste`. */
export function connectRatingControls(myTaste: MyTaste): void {
  taste = myTaste;
  myTaste.subscribe((change) => {
    const selector = change === 'all' ? '.rating-control' : change.movieIds.map((id) => `.rating-control[data-movie-id="${id}"]`).join(',');
    if (selector === '') return;
    for (const control of document.querySelectorAll<HTMLElement>(selector)) show(control, myTaste);
  });
}

/**
 * The control for a movie, or null before connectRatingControls (cards then show no stars). `name` is
 * the title as people read it, year included ("A Bug's Life (1998)"): the controls' labels say it, and
 * a rating keeps it (the ratings list and the export show it).
 */
export function ratingControl(movie: { id: number; name: string }): HTMLElement | null {
  if (taste === null) return null;
  const myTaste = taste;
  const { name } = movie;
  const stars = element('span', {
    className: 'stars',
    text: '★★★★★',
    attributes: {
      role: 'slider',
      tabindex: '0',
      'aria-label': `Your rating of ${name}`,
      'aria-valuemin': String(MIN_STARS),
      'aria-valuemax': String(MAX_STARS),
      'aria-orientation': 'horizontal',
    },
  });
  const notInterested = element('button', {
    className: 'not-interested',
    text: 'Not interested',
    attributes: { type: 'button', 'aria-label': `Not interested in ${name}` },
  });
  const clear = element('button', {
    className: 'rating-clear',
    text: '×',
    attributes: { type: 'button', 'aria-label': `Remove my rating of ${name}`, title: 'Remove my rating' },
  });
  const control = element('div', { className: 'rating-control' }, [stars, notInterested, clear]);
  control.dataset['movieId'] = String(movie.id);

  const current = (): number | null => myTaste.get(movie.id)?.rating ?? null;
  const rate = (value: number | null): void => {
    if (value === null) {
      const removed = myTaste.get(movie.id);
      if (removed === undefined) return;
      myTaste.remove(movie.id);
      offerUndo(`Removed your rating of ${name}.`, () => myTaste.restore(removed));
    } else if (value !== current()) {
      myTaste.rate({ id: movie.id, title: name }, value);
    }
  };

  stars.addEventListener('keydown', (event) => {
    const now = current();
    let next: number | null | undefined;
    switch (event.key) {
      case 'ArrowRight':
      case 'ArrowUp':
        next = stepStars(now, 0.5);
        break;
      case 'ArrowLeft':
      case 'ArrowDown':
        next = now === null || now === NOT_INTERESTED ? undefined : stepStars(now, -0.5);
        break;
      case 'PageUp':
        next = stepStars(now, 1);
        break;
      case 'PageDown':
        next = now === null || now === NOT_INTERESTED ? undefined : stepStars(now, -1);
        break;
      case 'Home':
        next = MIN_STARS;
        break;
      case 'End':
        next = MAX_STARS;
        break;
      case 'Delete':
      case 'Backspace':
      case '0':
        next = null;
        break;
      default:
        if (/^[1-5]$/.test(event.key)) next = Number(event.key);
        else return;
    }
    event.preventDefault();
    if (next !== undefined) rate(next);
  });
  stars.addEventListener('click', (event) => {
    const box = stars.getBoundingClientRect();
    rate(starsAt(box.width > 0 ? (event.clientX - box.left) / box.width : 1));
  });
  // A preview of what a click would give, so half stars can be aimed at.
  stars.addEventListener('pointermove', (event) => {
    const box = stars.getBoundingClientRect();
    if (box.width > 0) stars.style.setProperty('--preview', String(starsAt((event.clientX - box.left) / box.width)));
  });
  stars.addEventListener('pointerleave', () => stars.style.removeProperty('--preview'));
  notInterested.addEventListener('click', () => rate(current() === NOT_INTERESTED ? null : NOT_INTERESTED));
  clear.addEventListener('click', () => {
    rate(null);
    stars.focus();
  });

  show(control, myTaste);
  return control;
}

/** Brings a control in line with the stored rating. */
function show(control: HTMLElement, myTaste: MyTaste): void {
  const rating = myTaste.get(Number(control.dataset['movieId']))?.rating ?? null;
  const stars = control.querySelector<HTMLElement>('.stars')!;
  const notInterested = control.querySelector<HTMLElement>('.not-interested')!;
  const clear = control.querySelector<HTMLElement>('.rating-clear')!;
  const starred = rating !== null && rating !== NOT_INTERESTED;
  stars.style.setProperty('--stars', String(starred ? rating : 0));
  if (starred) stars.setAttribute('aria-valuenow', String(rating));
  else stars.removeAttribute('aria-valuenow');
  stars.setAttribute('aria-valuetext', rating === null ? 'Not rated' : ratingLabel(rating));
  notInterested.setAttribute('aria-pressed', String(rating === NOT_INTERESTED));
  clear.hidden = rating === null;
  control.dataset['rating'] = rating === null ? '' : String(rating);
}
