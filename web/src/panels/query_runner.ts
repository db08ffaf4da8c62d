// Runs one panel's queries: spinner while the worker works, inline message on failure, and
// only the latest query's answer is shown when several overlap.
import type { PanelStatus } from './panel_status';

export class QueryRunner {
  private latest = 0;

  constructor(
    private readonly status: PanelStatus,
    private readonly results: HTMLElement,
  ) {}

  /** Shows `message` instead of results, e.g. for input the page rejects before asking. */
  reject(message: string): void {
    ++this.latest;
    this.results.replaceChildren();
    this.status.error(message);
  }

  /** No message and no results (a query that waits for something else). */
  clear(): void {
    ++this.latest;
    this.results.replaceChildren();
    this.status.clear();
  }

  async run<T>(busyText: string, task: () => Promise<T>, render: (result: T) => void): Promise<void> {
    const query = ++this.latest;
    this.status.busy(busyText);
    this.results.setAttribute('aria-busy', 'true');
    try {
      const result = await task();
      if (query !== this.latest) return;
      this.status.clear();
      render(result);
    } catch (error) {
      if (query !== this.latest) return;
      this.results.replaceChildren();
      const message = error instanceof Error ? error.message : String(error);
      this.status.error(message);
    } finally {
      if (query === this.latest) this.results.removeAttribute('aria-busy');
    }
  }
}
