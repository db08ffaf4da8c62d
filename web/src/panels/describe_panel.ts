// "Describe a movie": free text → MiniLM sentence embedding (ONNX Runtime Web) → nearest movies.
// The language model and its runtime are a large download: the tab says how large and asks first,
// unless this device already stores the model; a search typed before that waits for it.
import type { EngineClient } from '../engine/engine_client';
import type { Progress } from '../engine/protocol';
import { required } from '../ui/element';
import { formatBytes, formatMovieCount } from '../ui/format';
import { K_PROBLEM, parseKInput, type Route } from '../ui/route';
import { PanelStatus } from './panel_status';
import { QueryRunner } from './query_runner';
import { renderResults } from './result_list';

type DescribeRoute = Extract<Route, { tab: 'describe' }>;

/** What the Describe tab knows about the model once the site has started. */
export interface ModelFacts {
  /** The model and ONNX Runtime's .wasm together: what a first use fetches. */
  bytes: number;
  /** The model is kept on this device already: using it downloads nothing. */
  stored: Promise<boolean>;
}

type ModelState = 'unknown' | 'ask' | 'loading' | 'ready';

export class DescribePanel {
  private readonly text = required('describe-text', HTMLTextAreaElement);
  private readonly k = required('describe-k', HTMLInputElement);
  private readonly results = required('describe-results', HTMLElement);
  private readonly model = required('describe-model', HTMLElement);
  private readonly modelLabel = required('describe-model-label', HTMLElement);
  private readonly modelProgress = required('describe-model-progress', HTMLElement);
  private readonly modelBar = required('describe-model-bar', HTMLElement);
  private readonly downloadButton = required('describe-model-download', HTMLButtonElement);
  private readonly runner: QueryRunner;
  private facts: ModelFacts | null = null;
  private state: ModelState = 'unknown';
  private visible = false;
  /** A search asked for before the model was here; it runs once the model is ready. */
  private pending: { text: string; k: number } | null = null;
  private storedOnDevice = false;
  private modelReady: Promise<void> | null = null;

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
    this.downloadButton.addEventListener('click', () => this.loadModel());
    client.onProgress((progress) => {
      if (progress.phase === 'model') this.showModelProgress(progress);
    });
  }

  /** The model's size and whether it is stored, once the site has started. */
  setModel(facts: ModelFacts): void {
    this.facts = facts;
    void facts.stored.then((stored) => {
      this.storedOnDevice = stored;
      if (this.state !== 'unknown') return; // About's "make available offline" started it meanwhile
      this.state = 'ask';
      if (this.visible || this.pending !== null) this.prepare();
    });
  }

  route(): DescribeRoute {
    return { tab: 'describe', text: this.text.value.trim(), k: parseKInput(this.k.value) ?? 10 };
  }

  /** The tab is on screen: offer the model (or load it, when it is stored here). */
  shown(): void {
    this.visible = true;
    this.prepare();
  }

  /** Another tab is on screen. */
  hidden(): void {
    this.visible = false;
  }

  apply(route: DescribeRoute): void {
    this.text.value = route.text;
    this.k.value = String(route.k);
    if (route.text !== '') this.search(route.text, route.k);
  }

  /** Kept on this device: nothing to download, so nothing to ask; otherwise the offer. */
  private prepare(): void {
    if (this.state !== 'ask') return;
    if (this.storedOnDevice) this.loadModel();
    else this.offerDownload();
  }

  private offerDownload(): void {
    if (this.facts === null) return;
    this.model.hidden = false;
    this.model.classList.remove('failed', 'done');
    this.modelProgress.hidden = true;
    const size = formatBytes(this.facts.bytes);
    this.modelLabel.textContent =
      `Describing a movie needs a language model that runs in this tab: ${size} to download once, then kept on ` +
      'this device for offline use.' + (this.pending === null ? '' : ' Your search runs as soon as it is here.');
    this.downloadButton.textContent = `Download the language model (${size})`;
    this.downloadButton.hidden = false;
  }

  /**
   * Downloads and starts the model (About's "make available offline" asks for this too); resolves once
   * it is ready, rejects with the reason it is not.
   */
  download(): Promise<void> {
    this.loadModel();
    return this.modelReady ?? Promise.reject(new Error('The site has not started yet.'));
  }

  private loadModel(): void {
    if (this.state === 'loading' || this.state === 'ready' || this.facts === null) return;
    this.state = 'loading';
    const size = formatBytes(this.facts.bytes);
    this.downloadButton.hidden = true;
    this.model.hidden = false;
    this.model.classList.remove('failed', 'done');
    this.modelLabel.textContent = this.storedOnDevice ? 'Starting the language model…' : `Downloading the language model (${size})…`;
    this.modelProgress.hidden = this.storedOnDevice;
    this.modelReady = this.client.request('loadModel', {}).then(
      () => {
        this.state = 'ready';
        this.modelLabel.textContent = `Language model ready (${size} with its runtime; it runs in this tab).`;
        this.modelProgress.hidden = true;
        this.model.classList.add('done');
        const pending = this.pending;
        this.pending = null;
        if (pending !== null) this.search(pending.text, pending.k);
      },
      (error: Error) => {
        this.state = 'ask';
        this.model.classList.add('failed');
        this.modelProgress.hidden = true;
        const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
        this.modelLabel.textContent = offline
          ? 'You are offline, and the language model is not stored on this device yet. Connect once and download ' +
            'it; after that, describing a movie works offline too.'
          : `The language model could not be loaded: ${error.message}`;
        this.downloadButton.textContent = 'Try again';
        this.downloadButton.hidden = false;
        throw error;
      },
    );
    this.modelReady.catch(() => undefined); // reported on the tab; download() callers see it too
  }

  private showModelProgress(progress: Progress): void {
    if (this.state !== 'loading') return;
    if (progress.step === 'start') {
      this.modelLabel.textContent = 'Starting the language model…';
      this.modelBar.style.setProperty('--progress', '1');
      return;
    }
    const total = Math.max(progress.total, this.facts?.bytes ?? 0);
    const fraction = total > 0 ? Math.min(1, progress.loaded / total) : 0;
    this.modelProgress.hidden = false;
    this.modelLabel.textContent = `Downloading the language model: ${formatBytes(progress.loaded)} of ${formatBytes(total)}`;
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
    if (this.state !== 'ready') {
      // The model first: the search waits for it (and for the visitor's yes, unless it is stored).
      this.pending = { text, k };
      this.runner.clear();
      this.prepare(); // the offer now also says that the search waits
      return;
    }
    void this.runner.run(
      'Reading your description…',
      () => this.client.request('describe', { text, k }),
      ({ results }) => renderResults(this.results, `${formatMovieCount(results.length)} matching your description`, results),
    );
  }
}
