// The title box of the Similar tab: an ARIA 1.2 combobox whose listbox shows the engine's
// best title matches for every keystroke. Arrow keys move through the list, Enter picks,
// Escape closes; the input keeps focus the whole time (aria-activedescendant).
import type { MovieInfo } from '../engine/protocol';
import { element } from './element';
import { clipped, titleWithYear } from './format';

export const SUGGESTION_LIMIT = 8;

export class TitleCombobox {
  private options: MovieInfo[] = [];
  private active = -1;
  private latest = 0;
  /** The movie picked from the list, as long as the text still shows its title. */
  private chosen: MovieInfo | null = null;

  constructor(
    private readonly input: HTMLInputElement,
    private readonly listbox: HTMLElement,
    private readonly suggest: (query: string) => Promise<MovieInfo[]>,
    private readonly onChoose: (movie: MovieInfo) => void,
  ) {
    input.addEventListener('input', () => {
      this.chosen = null;
      void this.update();
    });
    input.addEventListener('keydown', (event) => this.keydown(event));
    input.addEventListener('blur', () => this.close());
    // mousedown, not click: a click would blur the input and close the list first.
    listbox.addEventListener('mousedown', (event) => {
      const option = (event.target as HTMLElement).closest<HTMLElement>('[role="option"]');
      if (option === null) return;
      event.preventDefault();
      this.choose(Number(option.dataset['position']));
    });
  }

  /** The picked movie if the box still shows its title, so a search needs no title lookup. */
  chosenMovie(): MovieInfo | null {
    return this.chosen !== null && titleWithYear(this.chosen) === this.input.value ? this.chosen : null;
  }

  setText(text: string): void {
    this.input.value = text;
    this.chosen = null;
    this.close();
  }

  private async update(): Promise<void> {
    const query = this.input.value;
    const request = ++this.latest;
    if (query.trim() === '') {
      this.close();
      return;
    }
    let movies: MovieInfo[];
    try {
      movies = await this.suggest(query);
    } catch {
      movies = []; // suggestions are a convenience; the search itself reports errors
    }
    // Answers can overtake each other; only the one for the latest keystroke counts.
    if (request !== this.latest || document.activeElement !== this.input) return;
    this.render(movies);
  }

  private render(movies: MovieInfo[]): void {
    this.options = movies;
    this.active = -1;
    this.input.removeAttribute('aria-activedescendant');
    this.listbox.replaceChildren(
      ...movies.map((movie, position) =>
        element(
          'li',
          {
            className: 'option',
            attributes: { role: 'option', id: `${this.listbox.id}-${position}`, 'aria-selected': 'false' },
          },
          [
            element('bdi', { className: 'option-title', text: clipped(movie.displayTitle) }),
            element('span', {
              className: 'option-detail',
              text: [movie.year > 0 ? String(movie.year) : '', movie.genres.slice(0, 3).join(', ')].filter(Boolean).join(' · '),
            }),
          ],
        ),
      ),
    );
    movies.forEach((_, position) => {
      (this.listbox.children[position] as HTMLElement).dataset['position'] = String(position);
    });
    const open = movies.length > 0;
    this.listbox.hidden = !open;
    this.input.setAttribute('aria-expanded', String(open));
  }

  private close(): void {
    this.listbox.hidden = true;
    this.input.setAttribute('aria-expanded', 'false');
    this.input.removeAttribute('aria-activedescendant');
    this.active = -1;
  }

  private isOpen(): boolean {
    return !this.listbox.hidden && this.options.length > 0;
  }

  private moveTo(position: number): void {
    const options = Array.from(this.listbox.children) as HTMLElement[];
    options.forEach((option, i) => option.setAttribute('aria-selected', String(i === position)));
    this.active = position;
    const option = options[position];
    if (option === undefined) {
      this.input.removeAttribute('aria-activedescendant');
      return;
    }
    this.input.setAttribute('aria-activedescendant', option.id);
    option.scrollIntoView({ block: 'nearest' });
  }

  private keydown(event: KeyboardEvent): void {
    const count = this.options.length;
    switch (event.key) {
      case 'ArrowDown':
        if (count === 0) return;
        event.preventDefault();
        if (!this.isOpen()) {
          this.listbox.hidden = false;
          this.input.setAttribute('aria-expanded', 'true');
        }
        this.moveTo((this.active + 1) % count);
        return;
      case 'ArrowUp':
        if (count === 0 || !this.isOpen()) return;
        event.preventDefault();
        this.moveTo(this.active <= 0 ? count - 1 : this.active - 1);
        return;
      case 'Enter':
        if (this.isOpen() && this.active >= 0) {
          event.preventDefault(); // the pick runs the search; the form must not submit twice
          this.choose(this.active);
        } else {
          this.close();
        }
        return;
      case 'Escape':
        if (this.isOpen()) {
          event.preventDefault();
          this.close();
        }
        return;
    }
  }

  private choose(position: number): void {
    const movie = this.options[position];
    if (movie === undefined) return;
    // The title as people write it, year included, so the box and the link read well and the engine's
    // title search still finds exactly this film.
    this.input.value = titleWithYear(movie);
    this.chosen = movie;
    this.close();
    this.onChoose(movie);
  }
}
