// The filter bar above the result lists: genres (any or all of them), a year range, a minimum number
// of MovieLens ratings, "hide movies I rated", and the sort order, folded into a "Filters (n)"
// disclosure so a phone's first screen shows the search box. Changes apply at once (number boxes a
// moment after typing stops) and are remembered in localStorage.
import { element, required } from './element';
import {
  activeFilterCount,
  DEFAULT_FILTERS,
  decodeFilters,
  describeFilters,
  encodeFilters,
  FILTERS_STORAGE_KEY,
  filterProblem,
  isFiltering,
  type ResultFilters,
  SORT_ORDERS,
  type SortOrder,
} from './filters';

const TYPING_PAUSE_MS = 400;

function readStored(): ResultFilters {
  try {
    return decodeFilters(localStorage.getItem(FILTERS_STORAGE_KEY));
  } catch {
    return decodeFilters(null); // storage switched off: start from the defaults
  }
}

export class FilterBar {
  private readonly form = required('filters', HTMLFormElement);
  private readonly panelSummary = required('filter-panel-summary', HTMLElement);
  private readonly genrePicker = required('filter-genres', HTMLDetailsElement);
  private readonly genreSummary = required('filter-genres-summary', HTMLElement);
  private readonly genreList = required('filter-genre-list', HTMLElement);
  private readonly minYear = required('filter-min-year', HTMLInputElement);
  private readonly maxYear = required('filter-max-year', HTMLInputElement);
  private readonly minRatings = required('filter-min-ratings', HTMLInputElement);
  private readonly hideRated = required('filter-hide-rated', HTMLInputElement);
  private readonly sort = required('filter-sort', HTMLFieldSetElement);
  private readonly summary = required('filter-summary', HTMLElement);
  private readonly status = required('filter-status', HTMLElement);
  private applied: ResultFilters = readStored();
  private genreNames: string[] = [];
  private typing: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly onChange: () => void) {
    // Three choices, all visible: radio buttons rather than a drop-down.
    this.sort.append(
      ...SORT_ORDERS.map(({ value, label }) =>
        element('label', { className: 'check' }, [element('input', { attributes: { type: 'radio', name: 'sort', value } }), ` ${label}`]),
      ),
    );
    this.show(this.applied);
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.apply();
    });
    this.form.addEventListener('change', () => this.apply());
    // Number boxes apply as you type, once the typing pauses (a year is four key presses, not four queries).
    this.form.addEventListener('input', (event) => {
      if (!(event.target instanceof HTMLInputElement) || event.target.type !== 'number') return;
      clearTimeout(this.typing);
      this.typing = setTimeout(() => this.apply(), TYPING_PAUSE_MS);
    });
    required('filter-reset', HTMLButtonElement).addEventListener('click', () => this.reset());
    // The genre list is a popover: Escape closes it and returns to its summary, like a menu; a click
    // elsewhere or focus moving out of it closes it too, so it never lies over the controls below it.
    this.genrePicker.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.genrePicker.open) {
        this.genrePicker.open = false;
        this.genreSummary.focus();
      }
    });
    // A click on a label inside may leave focus nowhere; only keyboard focus leaving counts then.
    let pointerInside = false;
    document.addEventListener('pointerdown', (event) => {
      pointerInside = this.genrePicker.contains(event.target as Node);
      if (this.genrePicker.open && !pointerInside) this.genrePicker.open = false;
    });
    this.genrePicker.addEventListener('keydown', () => {
      pointerInside = false;
    });
    this.genrePicker.addEventListener('focusout', (event) => {
      if (pointerInside || !this.genrePicker.open) return;
      if (!this.genrePicker.contains(event.relatedTarget as Node | null)) this.genrePicker.open = false;
    });
  }

  /** Back to no filters and the default order; the lists on screen are asked for again. */
  reset(): void {
    this.show({ ...DEFAULT_FILTERS, genres: [] });
    this.apply();
  }

  /** The filters in force (the last valid state of the controls). */
  filters(): ResultFilters {
    return this.applied;
  }

  /** The catalog's genres, once the engine has started. */
  setGenres(names: readonly string[]): void {
    this.genreNames = [...names];
    const chosen = new Set(this.applied.genres);
    this.genreList.replaceChildren(
      ...this.genreNames.map((name) => {
        const box = element('input', { attributes: { type: 'checkbox', name: 'genre', value: name } });
        box.checked = chosen.has(name);
        return element('label', { className: 'check' }, [box, ` ${name}`]);
      }),
    );
    // Genres stored from another catalog build that this one lacks would filter out everything.
    const known = this.applied.genres.filter((g) => this.genreNames.includes(g));
    if (known.length !== this.applied.genres.length) this.commit({ ...this.applied, genres: known }, false);
    this.showSummary();
  }

  /** The bar belongs to the tabs with result lists. */
  setVisible(visible: boolean): void {
    this.form.hidden = !visible;
  }

  private read(): ResultFilters {
    const year = (input: HTMLInputElement): number | null => (input.value.trim() === '' ? null : Number(input.value));
    const genres = Array.from(this.genreList.querySelectorAll<HTMLInputElement>('input[name="genre"]:checked'), (box) => box.value);
    const all = this.form.querySelector<HTMLInputElement>('input[name="genre-match"]:checked')?.value === 'all';
    const count = this.minRatings.value.trim();
    return {
      genres,
      allGenres: all,
      minYear: year(this.minYear),
      maxYear: year(this.maxYear),
      minRatingCount: count === '' ? 0 : Number(count),
      hideRated: this.hideRated.checked,
      sort: (this.sort.querySelector<HTMLInputElement>('input[name="sort"]:checked')?.value ?? 'match') as SortOrder,
    };
  }

  private show(filters: ResultFilters): void {
    for (const box of this.genreList.querySelectorAll<HTMLInputElement>('input[name="genre"]')) box.checked = filters.genres.includes(box.value);
    for (const radio of this.form.querySelectorAll<HTMLInputElement>('input[name="genre-match"]')) {
      radio.checked = radio.value === (filters.allGenres ? 'all' : 'any');
    }
    this.minYear.value = filters.minYear === null ? '' : String(filters.minYear);
    this.maxYear.value = filters.maxYear === null ? '' : String(filters.maxYear);
    this.minRatings.value = filters.minRatingCount === 0 ? '' : String(filters.minRatingCount);
    this.hideRated.checked = filters.hideRated;
    for (const radio of this.sort.querySelectorAll<HTMLInputElement>('input[name="sort"]')) radio.checked = radio.value === filters.sort;
  }

  private apply(): void {
    const next = this.read();
    const problem = filterProblem(next);
    this.status.textContent = problem ?? '';
    this.status.classList.toggle('error', problem !== null);
    this.form.toggleAttribute('data-invalid', problem !== null);
    if (problem !== null) return;
    if (encodeFilters(next) === encodeFilters(this.applied)) return;
    this.commit(next, true);
  }

  private commit(next: ResultFilters, notify: boolean): void {
    this.applied = next;
    try {
      localStorage.setItem(FILTERS_STORAGE_KEY, encodeFilters(next));
    } catch {
      // Not remembered across visits, but still applied now.
    }
    this.showSummary();
    if (notify) this.onChange();
  }

  private showSummary(): void {
    const { genres, allGenres } = this.applied;
    const count = activeFilterCount(this.applied);
    this.panelSummary.textContent = count === 0 ? 'Filters' : `Filters (${count})`;
    this.genreSummary.textContent =
      genres.length === 0 ? 'Genres: any' : `Genres: ${genres.join(allGenres ? ' + ' : ', ')}${allGenres && genres.length > 1 ? ' (all)' : ''}`;
    this.summary.textContent = isFiltering(this.applied) ? `Showing: ${describeFilters(this.applied)}` : '';
  }
}
