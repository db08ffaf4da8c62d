// "Similar movies": pick a movie, get the nearest ones by embedding.
import type { EngineClient } from '../engine/engine_client';
import type { MovieInfo } from '../engine/protocol';
import { required, titleNodes } from '../ui/element';
import { formatMovieCount } from '../ui/format';
import { K_PROBLEM, parseKInput, type Route } from '../ui/route';
import { SUGGESTION_LIMIT, TitleCombobox } from '../ui/title_combobox';
import { PanelStatus } from './panel_status';
import { QueryRunner } from './query_runner';
import { renderResults } from './result_list';

type SimilarRoute = Extract<Route, { tab: 'similar' }>;

export class SimilarPanel {
  private readonly title = required('similar-title', HTMLInputElement);
  private readonly k = required('similar-k', HTMLInputElement);
  private readonly results = required('similar-results', HTMLElement);
  private readonly combobox: TitleCombobox;
  private readonly runner: QueryRunner;
  /** The last search asked for, so a new audience share can ask again. */
  private last: { chosen: MovieInfo | null; title: string; k: number } | null = null;

  constructor(
    private readonly client: EngineClient,
    private readonly navigate: (route: Route) => void,
  ) {
    this.runner = new QueryRunner(new PanelStatus(required('similar-status', HTMLElement)), this.results);
    this.combobox = new TitleCombobox(
      this.title,
      required('similar-options', HTMLElement),
      async (query) => (await client.request('findTitles', { query, limit: SUGGESTION_LIMIT })).movies,
      (movie) => this.submit(movie),
    );
    required('similar-form', HTMLFormElement).addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit(this.combobox.chosenMovie());
    });
  }

  route(): SimilarRoute {
    return { tab: 'similar', title: this.title.value.trim(), k: parseKInput(this.k.value) ?? 10 };
  }

  /** Fills the form from a deep link and runs it. */
  apply(route: SimilarRoute): void {
    if (route.title !== this.title.value) this.combobox.setText(route.title);
    this.k.value = String(route.k);
    if (route.title !== '') this.search(null, route.title, route.k);
  }

  /** Runs the last search again (the blend moved); nothing when there was none. */
  rerun(): void {
    if (this.last !== null) this.search(this.last.chosen, this.last.title, this.last.k);
  }

  private submit(chosen: MovieInfo | null): void {
    const title = this.title.value.trim();
    const k = parseKInput(this.k.value);
    if (title === '') {
      this.runner.reject('Type a movie title first.');
      this.title.focus();
      return;
    }
    if (k === null) {
      this.runner.reject(K_PROBLEM);
      return;
    }
    this.navigate({ tab: 'similar', title, k });
    this.search(chosen, title, k);
  }

  private search(chosen: MovieInfo | null, title: string, k: number): void {
    this.last = { chosen, title, k };
    const payload = chosen !== null ? { movieIndex: chosen.index, k } : { title, k };
    void this.runner.run(
      'Finding similar movies…',
      () => this.client.request('similar', payload),
      ({ query, results }) =>
        renderResults(this.results, [`${formatMovieCount(results.length)} similar to `, ...titleNodes(query)], results),
    );
  }
}
