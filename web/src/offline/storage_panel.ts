// "Stored on this device" on the About tab: what the offline copy holds and how big it is (measured
// in Cache Storage), what the browser allows, a button to delete it all, and the notice shown on any
// tab when the browser refuses to store something.
import { element, required } from '../ui/element';
import { formatBytes } from '../ui/format';
import type { StorageNotice } from './offline_cache';
import type { OfflineRegistration } from './offline_registration';
import { groupLine, quotaLine, refusalMessage } from './storage_message';
import { measureStoredData } from './storage_usage';

export interface RatingsOffline {
  /** ratings.bin's size. */
  bytes: number;
  users: number;
  store: (onProgress: (stored: number, total: number) => void) => Promise<void>;
}

export class StoragePanel {
  private readonly summary = required('storage-summary', HTMLElement);
  private readonly list = required('storage-list', HTMLElement);
  private readonly quota = required('storage-quota', HTMLElement);
  private readonly clear = required('storage-clear', HTMLButtonElement);
  private readonly keep = required('storage-keep', HTMLButtonElement);
  private readonly status = required('storage-status', HTMLElement);
  private readonly notice = required('storage-notice', HTMLElement);
  private readonly noticeText = required('storage-notice-text', HTMLElement);
  private refreshing: Promise<void> | null = null;
  private again = false;
  /** The first copy of the site could not be stored (this visit); "saving…" would be untrue. */
  private siteRefused = false;
  private storingRatings = false;

  constructor(
    private readonly siteRoot: string,
    private readonly offline: OfflineRegistration,
    /** The language model and ONNX Runtime together, for the line that says they are not stored yet. */
    private readonly describeBytes: number,
    /** Downloads them, which stores them (the Describe tab shows the progress). */
    private readonly storeDescribe: () => Promise<void>,
    /** MovieLens users' ratings: stored one user at a time as they are opened, or all at once here. */
    private readonly ratings: RatingsOffline,
  ) {
    this.clear.addEventListener('click', () => void this.deleteAll());
    this.keep.addEventListener('click', () => {
      this.offline.enable();
      this.setStatus('', false);
      void this.refresh();
    });
    required('storage-notice-close', HTMLButtonElement).addEventListener('click', () => {
      this.notice.hidden = true;
    });
    // Measure again whenever the About tab is shown: sizes change while the copy is being saved.
    const about = required('panel-about', HTMLElement);
    new MutationObserver(() => {
      if (!about.hidden) void this.refresh();
    }).observe(about, { attributes: true, attributeFilter: ['hidden'] });
  }

  /** Re-measures; calls that arrive while a measurement runs are folded into one more. */
  private async storeForDescribe(button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    this.setStatus(`Downloading the language model and ONNX Runtime (${formatBytes(this.describeBytes)})…`, false);
    try {
      await this.storeDescribe();
      this.setStatus('Stored: “Describe a movie” now works offline too.', false);
    } catch (error) {
      this.setStatus(`They could not be stored: ${error instanceof Error ? error.message : String(error)}`, true);
      button.disabled = false;
    }
    void this.refresh();
  }

  private async storeEveryUser(button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    this.storingRatings = true;
    const size = formatBytes(this.ratings.bytes);
    this.setStatus(`Downloading the ratings of every MovieLens user (${size})…`, false);
    try {
      await this.ratings.store((stored, total) => {
        const percent = total > 0 ? Math.floor((100 * stored) / total) : 0;
        this.setStatus(`Downloading the ratings of every MovieLens user: ${formatBytes(stored)} of ${size} (${percent} %)…`, false);
      });
      this.setStatus('Stored: every MovieLens user now opens offline too.', false);
    } catch (error) {
      this.setStatus(`They could not be stored: ${error instanceof Error ? error.message : String(error)}`, true);
      button.disabled = false;
    }
    this.storingRatings = false;
    void this.refresh();
  }

  refresh(): Promise<void> {
    if (this.refreshing !== null) {
      this.again = true;
      return this.refreshing;
    }
    this.refreshing = this.render().catch((error: unknown) => {
      // Some private modes expose Cache Storage but refuse every call.
      this.summary.textContent = 'This browser does not let movierec read its stored data here.';
      this.list.replaceChildren();
      this.setStatus(error instanceof Error ? error.message : String(error), true);
    }).finally(() => {
      this.refreshing = null;
      if (this.again) {
        this.again = false;
        void this.refresh();
      }
    });
    return this.refreshing;
  }

  async handle(notice: StorageNotice): Promise<void> {
    if (notice.type === 'store-failed') {
      if (notice.copy === 'site') this.siteRefused = true;
      const message = refusalMessage(notice.copy, notice.quota, notice.detail);
      this.noticeText.textContent = message;
      this.notice.hidden = false;
      this.setStatus(message, true);
    }
    await this.refresh();
  }

  private async render(): Promise<void> {
    const state = await this.offline.state();
    this.clear.hidden = state === 'unsupported';
    this.keep.hidden = state !== 'off';
    if (state === 'unsupported') {
      this.summary.textContent =
        'This browser cannot keep an offline copy of movierec (that needs service workers and Cache Storage on an ' +
        'https:// page). Everything works while you are online.';
      this.list.replaceChildren();
      this.quota.textContent = '';
      return;
    }
    const groups = await measureStoredData(caches, this.siteRoot);
    const total = groups.reduce((sum, group) => sum + group.bytes, 0);
    const model = groups.find((group) => group.kind === 'model');
    this.summary.textContent =
      state === 'off'
        ? 'Nothing is kept for offline use: the stored copy was deleted at your request.'
        : state === 'saving'
          ? this.siteRefused
            ? 'No offline copy: it could not be stored (see the message above).'
            : 'Saving a copy of this version for offline use…'
          : 'This version of movierec is stored on this device and starts without a network.';
    const lines = groups.map((group) => element('li', { text: groupLine(group) }));
    if (model === undefined && state !== 'off') {
      const size = formatBytes(this.describeBytes);
      const store = element('button', {
        className: 'button button-quiet',
        text: `Make “Describe a movie” available offline (${size})`,
        attributes: { type: 'button' },
      });
      store.addEventListener('click', () => void this.storeForDescribe(store));
      lines.push(
        element('li', {}, [
          `The language model and ONNX Runtime, which runs it (${size}), are not stored yet: they are saved the first ` +
            'time you use “Describe a movie”; until then, describing a movie needs a connection. ',
          store,
        ]),
      );
    }
    const ratings = groups.find((group) => group.kind === 'ratings');
    if ((ratings?.bytes ?? 0) < this.ratings.bytes && this.ratings.bytes > 0 && state !== 'off' && !this.storingRatings) {
      const size = formatBytes(this.ratings.bytes);
      const store = element('button', {
        className: 'button button-quiet',
        text: `Make every MovieLens user available offline (${size})`,
        attributes: { type: 'button' },
      });
      store.addEventListener('click', () => void this.storeEveryUser(store));
      lines.push(
        element('li', {}, [
          `The ratings of the ${this.ratings.users.toLocaleString('en-US')} MovieLens users (${size}) are downloaded one ` +
            'user at a time, when you open that user, and kept; a user you have not opened needs a connection. ',
          store,
        ]),
      );
    }
    if (groups.length > 0) lines.push(element('li', { className: 'storage-total', text: `Total: ${formatBytes(total)}` }));
    this.list.replaceChildren(...lines);
    this.clear.disabled = groups.length === 0;
    const estimate = await navigator.storage?.estimate?.().catch(() => null) ?? null;
    const persisted = await navigator.storage?.persisted?.().catch(() => null) ?? null;
    this.quota.textContent = quotaLine(estimate, persisted);
  }

  private async deleteAll(): Promise<void> {
    this.clear.disabled = true;
    const before = (await measureStoredData(caches, this.siteRoot)).reduce((sum, group) => sum + group.bytes, 0);
    try {
      await this.offline.remove();
      this.setStatus(
        `Deleted ${formatBytes(before)}. movierec keeps running in this tab, but needs a connection the next time ` +
          'it starts; nothing is stored again unless you choose “Keep an offline copy”.',
        false,
      );
    } catch (error) {
      this.setStatus(`The stored data could not be deleted: ${error instanceof Error ? error.message : String(error)}`, true);
    }
    await this.refresh();
  }

  private setStatus(text: string, problem: boolean): void {
    this.status.className = problem ? 'status error' : text === '' ? 'status' : 'status info';
    this.status.textContent = text;
  }
}
