// "Describe a movie": free text → MiniLM sentence embedding (ONNX Runtime Web) → nearest movies.
// The 23 MB model is only downloaded when someone opens this tab.
import type { EngineClient } from '../engine/engine_client';
import type { Progress } from '../engine/protocol';
import { required } from '../ui/element';
import { formatBytes, formatMovieCount } from '../ui/format';
import { K_PROBLEM, parseKInput, type Route } from '../ui/route';
import { PanelStatus } from './panel_status';
import { QueryRunner } from './query_runner';
import { renderResults } from './result_list';

type DescribeRoute = Extract<Route, { tab: 'describe' }>;

export class DescribePanel {
  private readonly text = required('describe-text', HTMLTextAreaElement);
  private readonly k = required('describe-k', HTMLInputElement);
  private readonly results = required('describe-results', HTMLElement);
  private readonly model = required('describe-model', HTMLElement);
  private readonly modelLabel = required('describe-model-label', HTMLElement);
  private readonly modelBar = required('describe-model-bar', HTMLElement);
  private readonly runner: QueryRunner;
  private modelLoad: Promise<unknown> | null = null;

  constructor(
    private readonly client: EngineClient,
    private readonly navigate: (route: Route) => void,
  ) {
    this.runner = new QueryRunner(new PanelStatus(required('describe-status', HTMLElement)), this.results);
    required('describe-form', HTMLFormElement).addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    // Ctrl/Cmd+Enter submits from the text area, where plain Enter makes a new line.
    this.text.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        this.submit();
      }
    });
    client.onProgress((progress) => {
      if (progress.phase === 'model') this.showModelProgress(progress);
    });
  }

  route(): DescribeRoute {
    return { tab: 'describe', text: this.text.value.trim(), k: parseKInput(this.k.value) ?? 10 };
  }

  /** Starts the model download the first time the tab is shown. */
  shown(): void {
    if (this.modelLoad !== null) return;
    this.model.hidden = false;
    this.modelLabel.textContent = 'Downloading the language model…';
    this.modelLoad = this.client.request('loadModel', {}).then(
      ({ modelBytes }) => {
        this.modelLabel.textContent = `Language model ready (${formatBytes(modelBytes)}, runs in this tab).`;
        this.modelBar.parentElement!.hidden = true;
        this.model.classList.add('done');
      },
      (error: Error) => {
        this.modelLoad = null; // opening the tab again retries
        this.model.classList.add('failed');
        this.modelLabel.textContent = `The language model could not be loaded: ${error.message}`;
      },
    );
  }

  apply(route: DescribeRoute): void {
    this.text.value = route.text;
    this.k.value = String(route.k);
    if (route.text !== '') this.search(route.text, route.k);
  }

  private showModelProgress(progress: Progress): void {
    this.model.hidden = false;
    this.model.classList.remove('failed');
    if (progress.step === 'start') {
      this.modelLabel.textContent = 'Starting the language model…';
      this.modelBar.style.setProperty('--progress', '1');
      return;
    }
    const fraction = progress.total > 0 ? progress.loaded / progress.total : 0;
    this.modelLabel.textContent =
      `Downloading the language model: ${formatBytes(progress.loaded)}` +
      (progress.total > 0 ? ` of ${formatBytes(progress.total)}` : '');
    this.modelBar.style.setProperty('--progress', String(fraction));
    this.modelBar.setAttribute('aria-valuenow', String(Math.round(fraction * 100)));
  }

  private submit(): void {
    const text = this.text.value.trim();
    const k = parseKInput(this.k.value);
    if (text === '') {
      this.runner.reject('Describe the movie you have in mind first — a few words about its story, mood or setting.');
      this.text.focus();
      return;
    }
    if (k === null) {
      this.runner.reject(K_PROBLEM);
      return;
    }
    this.navigate({ tab: 'describe', text, k });
    this.search(text, k);
  }

  private search(text: string, k: number): void {
    this.shown();
    void this.runner.run(
      'Reading your description…',
      () => this.client.request('describe', { text, k }),
      ({ results }) => renderResults(this.results, `${formatMovieCount(results.length)} matching your description`, results),
    );
  }
}
