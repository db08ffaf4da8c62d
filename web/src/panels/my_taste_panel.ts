// "My taste": the visitor rates movies and gets recommendations from those ratings, computed by the
// engine in this tab and recomputed after every rating. With no ratings yet, a grid of popular,
// varied movies gets them started; with only dislikes, popular picks stand in. The ratings list can
// be sorted, edited, exported, imported and cleared. Nothing leaves the device.
import type { EngineClient } from '../engine/engine_client';
import type { EngineFilter } from '../engine/engine_filter';
import { isLiked, type MovieInfo, type ProfileAnswer, type Result } from '../engine/protocol';
import type { MyTaste, TasteChange } from '../taste/my_taste';
import { NOT_INTERESTED, type RatingOrder, RATING_ORDERS, sortRatings, type TasteRating } from '../taste/rating';
import { ratingControl } from '../taste/rating_control';
import { combineRatings, exportFileName, exportTaste, type ImportMode, parseTasteFile, TasteImportError } from '../taste/taste_io';
import { offerUndo } from '../taste/undo_bar';
import { element, required, titleNodes } from '../ui/element';
import { formatCount, formatMovieCount, formatQuantity, splitTitleYear, titleWithYear } from '../ui/format';
import { SUGGESTION_LIMIT, TitleCombobox } from '../ui/title_combobox';
import { PanelStatus } from './panel_status';
import { movieCard, renderResults } from './result_list';

/** Personal recommendations shown at a time. */
export const TASTE_K = 20;
/** Cold-start grid size, and how many ratings it stays up for. */
export const ONBOARDING_SIZE = 24;
export const ONBOARDING_UNTIL_RATINGS = 5;

/** What a personal list is made from, in words. */
export function tasteSentence(answer: Pick<ProfileAnswer, 'likedMovies' | 'dislikedMovies'>): string {
  const disliked =
    answer.dislikedMovies === 0
      ? ''
      : `; films like the ${formatQuantity(answer.dislikedMovies, 'movie')} you disliked (2 stars or less) and the rest of their series move down`;
  return (
    `From the ${formatQuantity(answer.likedMovies, 'movie')} you liked (3.5 stars or more): the films most like them in story ` +
    `and audience${disliked}. Every movie you rated is left out.`
  );
}

export class MyTastePanel {
  private readonly panel = required('panel-taste', HTMLElement);
  private readonly picked = required('taste-picked', HTMLElement);
  private readonly results = required('taste-results', HTMLElement);
  private readonly onboarding = required('taste-onboarding', HTMLElement);
  private readonly onboardingGrid = required('taste-onboarding-grid', HTMLElement);
  private readonly list = required('taste-ratings', HTMLElement);
  private readonly listHeading = required('taste-ratings-heading', HTMLElement);
  private readonly listSummary = required('taste-ratings-summary', HTMLElement);
  private readonly order = required('taste-sort', HTMLSelectElement);
  private readonly importInput = required('taste-import', HTMLInputElement);
  private readonly clearButton = required('taste-clear', HTMLButtonElement);
  private readonly exportButton = required('taste-export', HTMLButtonElement);
  private readonly clearConfirm = required('taste-clear-confirm', HTMLElement);
  private readonly status: PanelStatus;
  private readonly ioStatus: PanelStatus;
  private readonly combobox: TitleCombobox;
  /** Bumped per recommendation request; only the latest answer is shown. */
  private latest = 0;
  private stale = true;
  private onboardingShown: number[] = [];
  private onboardingLatest = 0;
  private onboardingStale = true;

  constructor(
    private readonly client: EngineClient,
    private readonly taste: MyTaste,
    private readonly currentFilter: () => EngineFilter,
    private readonly loaded: Promise<unknown>,
  ) {
    this.status = new PanelStatus(required('taste-status', HTMLElement));
    this.ioStatus = new PanelStatus(required('taste-io-status', HTMLElement));
    const input = required('taste-title', HTMLInputElement);
    this.combobox = new TitleCombobox(
      input,
      required('taste-options', HTMLElement),
      async (query) => (await client.request('findTitles', { query, limit: SUGGESTION_LIMIT })).movies,
      (movie) => this.pick(movie),
    );
    required('taste-form', HTMLFormElement).addEventListener('submit', (event) => {
      event.preventDefault();
      void this.pickTyped(input.value);
    });

    this.order.replaceChildren(...RATING_ORDERS.map(({ value, label }) => element('option', { text: label, attributes: { value } })));
    this.order.addEventListener('change', () => this.renderList(true));
    required('taste-onboarding-more', HTMLButtonElement).addEventListener('click', () => void this.loadOnboarding(true));
    this.exportButton.addEventListener('click', () => this.exportRatings());
    this.importInput.addEventListener('change', () => void this.importRatings());
    this.clearButton.addEventListener('click', () => this.askToClear());
    required('taste-clear-yes', HTMLButtonElement).addEventListener('click', () => this.clearAll());
    required('taste-clear-no', HTMLButtonElement).addEventListener('click', () => this.closeClear(true));

    taste.subscribe((change) => this.changed(change));
    taste.onSaveError((error) =>
      this.ioStatus.error(`Your ratings could not be saved in this browser (${error.message}); they last until this tab is closed.`),
    );
  }

  /** A lasting problem with keeping the ratings, shown above the list. */
  warn(message: string): void {
    this.ioStatus.error(message);
  }

  /** The tab became visible: bring everything up to date. */
  shown(): void {
    void this.loaded.then(() => {
      this.renderList(false);
      if (this.stale) void this.refresh();
      if (this.onboardingStale) void this.loadOnboarding(false);
    });
  }

  /** Filters or sort order changed: the lists are recomputed under the new ones. */
  filtersChanged(): void {
    this.stale = true;
    this.onboardingStale = true;
    this.onboardingShown = [];
    if (this.isVisible()) this.shown();
  }

  /** The audience share moved: the recommendations change, the quick-start grid of popular picks does not. */
  blendChanged(): void {
    this.stale = true;
    if (this.isVisible()) this.shown();
  }

  private isVisible(): boolean {
    return !this.panel.hidden;
  }

  private changed(change: TasteChange): void {
    this.stale = true;
    if (change === 'all') this.onboardingStale = true;
    if (!this.isVisible()) return;
    // The engine starts on the new taste first; the list is updated while the worker computes.
    void this.refresh();
    this.renderList(change === 'all');
    // The grid stays put while the visitor rates from it; a whole new set of ratings starts it over.
    if (change === 'all') void this.loadOnboarding(false);
  }

  // ---- recommendations ------------------------------------------------------------------

  /** Asks the engine for recommendations from the current ratings; called after every change. */
  private async refresh(): Promise<void> {
    this.stale = false;
    const request = ++this.latest;
    // In a fixed order, so the same ratings always average to the same taste, bit for bit.
    const ratings = this.taste
      .all()
      .map(({ movieId, rating }) => ({ movieId, rating }))
      .sort((a, b) => a.movieId - b.movieId);
    if (ratings.length === 0) {
      this.results.replaceChildren();
      this.status.info('Rate a few movies you have seen — from the grid below, any card on the other tabs, or by title above — and recommendations for you appear here.');
      this.onboarding.hidden = false;
      return;
    }
    // From the rating to the list in the page; scripts/bench-browser.mjs reads it.
    const start = performance.now();
    let answer: Result<'profile'>;
    try {
      answer = await this.client.request('profile', { ratings, k: TASTE_K });
    } catch (error) {
      if (request !== this.latest) return;
      this.results.replaceChildren();
      this.status.error(error instanceof Error ? error.message : String(error));
      return;
    }
    if (request !== this.latest) return;
    this.render(answer);
    performance.measure('movierec-taste-update', { start });
  }

  private render(answer: Result<'profile'>): void {
    const rated = this.taste.size;
    if (answer.personal) {
      this.status.clear();
      renderResults(this.results, `${formatMovieCount(answer.results.length)} for you`, answer.results);
      this.results.prepend(element('p', { className: 'taste-note', text: tasteSentence(answer) }));
    } else {
      this.status.info(
        answer.dislikedMovies === 0
          ? 'You have no likes yet (3.5 stars or more). Give a movie you liked 3.5 stars or more and recommendations for you appear here; until then, popular picks you have not rated.'
          : `None of your ratings is a like yet (3.5 stars or more), so there is no taste to go on. Until you rate a movie you liked, here are popular picks you have not rated, kept away from films like the ${formatQuantity(answer.dislikedMovies, 'movie')} you disliked.`,
      );
      renderResults(this.results, 'Popular picks', answer.results, false);
    }
    this.results.dataset['personal'] = String(answer.personal);
    if (answer.unknownMovieIds.length > 0) {
      this.results.append(
        element('p', {
          className: 'taste-note',
          text: `${formatQuantity(answer.unknownMovieIds.length, 'rated movie')} ${answer.unknownMovieIds.length === 1 ? 'is' : 'are'} not in this catalog and ${answer.unknownMovieIds.length === 1 ? 'is' : 'are'} not used.`,
        }),
      );
    }
    this.onboarding.hidden = rated >= ONBOARDING_UNTIL_RATINGS;
  }

  // ---- cold start -----------------------------------------------------------------------

  /**
   * The grid of popular, varied movies to rate. It is fetched once and then stays put while the
   * visitor rates from it; "Show other movies" swaps in the next ones.
   */
  private async loadOnboarding(more: boolean): Promise<void> {
    this.onboardingStale = false;
    if (!more && this.taste.size >= ONBOARDING_UNTIL_RATINGS) {
      this.onboarding.hidden = true;
      return;
    }
    const request = ++this.onboardingLatest;
    const filter = this.currentFilter();
    const hidden = new Set([...filter.hiddenMovieIds, ...this.taste.ratedMovieIds(), ...(more ? this.onboardingShown : [])]);
    let answer: Result<'popular'>;
    try {
      answer = await this.client.request('popular', {
        k: ONBOARDING_SIZE,
        diverse: true,
        filter: { ...filter, hiddenMovieIds: [...hidden] },
      });
    } catch (error) {
      if (request !== this.onboardingLatest) return;
      this.onboardingGrid.replaceChildren(element('li', { className: 'status error', text: error instanceof Error ? error.message : String(error) }));
      return;
    }
    if (request !== this.onboardingLatest) return;
    this.onboardingShown = [...(more ? this.onboardingShown : []), ...answer.results.map((r) => r.movie.id)];
    this.onboarding.hidden = false;
    this.onboardingGrid.replaceChildren(
      ...(answer.results.length === 0
        ? [element('li', { className: 'taste-note', text: 'No more movies pass the filters; reset them to see others.' })]
        : answer.results.map(({ movie }) => element('li', {}, [movieCard(movie, null, null)]))),
    );
  }

  // ---- rating by title ------------------------------------------------------------------

  private pick(movie: MovieInfo): void {
    const card = movieCard(movie, null, null);
    this.picked.replaceChildren(element('p', { className: 'picked-label', text: 'Rate it:' }), card);
    this.combobox.setText('');
    card.querySelector<HTMLElement>('.stars')?.focus();
  }

  private async pickTyped(text: string): Promise<void> {
    const query = text.trim();
    if (query === '') return;
    const { movies } = await this.client.request('findTitles', { query, limit: 1 });
    if (movies[0] === undefined) {
      this.picked.replaceChildren(element('p', { className: 'status error', text: `No movie in the catalog matches “${query}”.` }));
      return;
    }
    this.pick(movies[0]);
  }

  // ---- the ratings list -----------------------------------------------------------------

  /**
   * Lists the ratings. A changed rating updates its own row in place (its control follows the
   * change) and a new or removed rating adds or drops one row, so the list does not jump under the
   * visitor; it is rebuilt in order on a new sort order, an import or a clear.
   */
  private renderList(force: boolean): void {
    const ratings = this.taste.all();
    this.renderSummary(ratings);
    const rows = new Map(Array.from(this.list.children as HTMLCollectionOf<HTMLElement>, (row) => [Number(row.dataset['movieId']), row]));
    const rated = new Set(ratings.map((r) => r.movieId));
    const added = ratings.filter((r) => !rows.has(r.movieId));
    const removed = [...rows.keys()].filter((id) => !rated.has(id));
    if (!force && added.length === 0 && removed.length === 0) return;
    const sorted = sortRatings(ratings, this.order.value as RatingOrder);
    if (!force && added.length === 1 && removed.length === 0) {
      const next = sorted[sorted.findIndex((r) => r.movieId === added[0]!.movieId) + 1];
      this.list.insertBefore(this.row(added[0]!), next === undefined ? null : (rows.get(next.movieId) ?? null));
      return;
    }
    if (!force && added.length === 0 && removed.length === 1) {
      const row = rows.get(removed[0]!)!;
      if (row.contains(document.activeElement)) {
        // Keyboard focus moves to the next rating, or the previous, or the list's heading.
        const neighbour = (row.nextElementSibling ?? row.previousElementSibling)?.querySelector<HTMLElement>('.stars');
        (neighbour ?? this.listHeading).focus();
      }
      row.remove();
      return;
    }
    // Rebuilt: keep keyboard focus on the same movie's control if it is still listed.
    const focused = document.activeElement instanceof HTMLElement && this.list.contains(document.activeElement) ? document.activeElement : null;
    const focusedId = focused?.closest<HTMLElement>('.rating-row')?.dataset['movieId'];
    const focusedClass = focused?.classList.contains('not-interested') ? '.not-interested' : '.stars';
    this.list.replaceChildren(...sorted.map((r) => this.row(r)));
    if (focusedId !== undefined) {
      (this.list.querySelector<HTMLElement>(`.rating-row[data-movie-id="${focusedId}"] ${focusedClass}`) ?? this.listHeading).focus();
    }
  }

  private renderSummary(ratings: TasteRating[]): void {
    const liked = ratings.filter((r) => isLiked(r.rating)).length;
    const notInterested = ratings.filter((r) => r.rating === NOT_INTERESTED).length;
    this.listHeading.textContent = `Your ratings (${formatCount(ratings.length)})`;
    this.listSummary.textContent =
      ratings.length === 0
        ? 'None yet. They are kept in this browser only, and work offline.'
        : `${formatCount(liked)} liked · ${formatCount(ratings.length - liked - notInterested)} not liked · ` +
          `${formatCount(notInterested)} not interested. Kept in this browser only.`;
    this.clearButton.disabled = ratings.length === 0;
    this.exportButton.disabled = ratings.length === 0;
  }

  private row(rating: TasteRating): HTMLElement {
    // A rating keeps the title as the visitor read it when rating ("A Bug's Life (1998)").
    const name = rating.title === '' ? `Movie ${rating.movieId}` : rating.title;
    const row = element('li', { className: 'rating-row' }, [
      element('span', { className: 'rating-title' }, titleNodes(splitTitleYear(name))),
      ratingControl({ id: rating.movieId, name }),
      element('time', {
        className: 'rated-at',
        text: new Date(rating.updated).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' }),
        attributes: { datetime: new Date(rating.updated).toISOString() },
      }),
    ]);
    row.dataset['movieId'] = String(rating.movieId);
    return row;
  }

  // ---- export, import, clear ------------------------------------------------------------

  private exportRatings(): void {
    const now = new Date();
    const blob = new Blob([exportTaste(this.taste.all(), now)], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const link = element('a', { attributes: { href: url, download: exportFileName(now) } });
    document.body.append(link);
    link.click();
    link.remove();
    // The download has its own copy once the click is handled.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    this.ioStatus.info(`Exported ${formatQuantity(this.taste.size, 'rating')} to ${exportFileName(now)}.`);
  }

  private async importRatings(): Promise<void> {
    const file = this.importInput.files?.[0];
    this.importInput.value = ''; // choosing the same file again is a new import
    if (file === undefined) return;
    const mode = (this.panel.querySelector<HTMLInputElement>('input[name="taste-import-mode"]:checked')?.value ?? 'merge') as ImportMode;
    try {
      const incoming = parseTasteFile(await file.text(), Date.now());
      // Movies this catalog lacks cannot be shown or used; the rest come in titled as the cards title them.
      const { movies } = await this.client.request('lookup', { movieIds: incoming.map((r) => r.movieId) });
      const known: TasteRating[] = [];
      const unknown: number[] = [];
      incoming.forEach((rating, i) => {
        const movie = movies[i];
        if (movie === null || movie === undefined) unknown.push(rating.movieId);
        else known.push({ ...rating, title: titleWithYear(movie) });
      });
      const outcome = combineRatings(this.taste.all(), known, mode);
      this.taste.replace(outcome.ratings);
      const parts = [`${formatCount(outcome.added)} new`, `${formatCount(outcome.changed)} changed`];
      if (mode === 'merge' && outcome.kept > 0) parts.push(`${formatCount(outcome.kept)} kept (yours were newer)`);
      if (mode === 'replace' && outcome.removed > 0) parts.push(`${formatCount(outcome.removed)} removed`);
      let message = `Imported ${formatQuantity(known.length, 'rating')} from ${file.name} (${parts.join(', ')}).`;
      if (unknown.length > 0) {
        message += ` Skipped ${formatQuantity(unknown.length, 'movie')} this catalog does not have (ids ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ', …' : ''}).`;
      }
      this.ioStatus.info(message);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.ioStatus.error(
        error instanceof TasteImportError
          ? `“${file.name}” was not imported: ${reason} Your ratings are unchanged.`
          : `“${file.name}” could not be imported: ${reason}`,
      );
    }
  }

  private askToClear(): void {
    required('taste-clear-question', HTMLElement).textContent =
      `Delete all ${formatQuantity(this.taste.size, 'rating')} from this browser? Export them first to keep a copy.`;
    this.clearConfirm.hidden = false;
    this.clearButton.hidden = true;
    required('taste-clear-no', HTMLButtonElement).focus();
  }

  private closeClear(refocus: boolean): void {
    this.clearConfirm.hidden = true;
    this.clearButton.hidden = false;
    if (refocus) this.clearButton.focus();
  }

  private clearAll(): void {
    const count = this.taste.size;
    const before = this.taste.all();
    this.taste.clear();
    offerUndo(`Deleted ${formatQuantity(count, 'rating')}.`, () => this.taste.replace(before));
    this.closeClear(false);
    this.picked.replaceChildren();
    this.ioStatus.info(`Deleted ${formatQuantity(count, 'rating')}.`);
    this.listHeading.focus();
  }
}
