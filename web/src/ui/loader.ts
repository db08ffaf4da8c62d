// The start-up progress bar and the error panel that replaces the app when it cannot start.
import type { Progress } from '../engine/protocol';
import { required } from './element';
import { formatBytes } from './format';

export class Loader {
  private readonly panel = required('loader', HTMLElement);
  private readonly label = required('loader-label', HTMLElement);
  private readonly bar = required('loader-bar', HTMLElement);
  private readonly detail = required('loader-detail', HTMLElement);

  progress(progress: Progress): void {
    if (progress.step === 'start') {
      this.label.textContent = 'Starting the recommender…';
      this.setFraction(1);
      this.detail.textContent = '';
      return;
    }
    if (progress.total === 0) {
      this.label.textContent = 'Reading the manifest…';
      return;
    }
    const fraction = progress.loaded / progress.total;
    this.label.textContent = 'Downloading the movie catalog, ratings and search index…';
    this.detail.textContent = `${formatBytes(progress.loaded)} of ${formatBytes(progress.total)} · ${progress.file}`;
    this.setFraction(fraction);
  }

  private setFraction(fraction: number): void {
    const clamped = Math.min(1, Math.max(0, fraction));
    this.bar.style.setProperty('--progress', String(clamped));
    this.bar.setAttribute('aria-valuenow', String(Math.round(clamped * 100)));
  }

  done(): void {
    // The moment the first query can be answered; scripts/bench-browser.mjs reads it.
    performance.mark('movierec-ready');
    this.panel.hidden = true;
    document.documentElement.dataset['state'] = 'ready';
  }

  /** Replaces the whole app with a readable explanation; nothing else can work now. */
  fail(message: string, artifactProblem: boolean): void {
    this.panel.hidden = true;
    required('app', HTMLElement).hidden = true;
    required('fatal-message', HTMLElement).textContent = message;
    required('fatal-hint', HTMLElement).textContent = artifactProblem
      ? 'The site’s data files are missing or do not belong together. If you host this site, rebuild the ' +
        'artifacts and deploy them as one set, then reload.'
      : 'Reloading the page often helps. If it keeps failing, try a current version of Firefox, Chrome, Edge or Safari.';
    required('fatal', HTMLElement).hidden = false;
    document.documentElement.dataset['state'] = 'error';
  }
}
