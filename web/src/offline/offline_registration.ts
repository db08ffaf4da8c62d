// Page side of the service worker (web/src/offline/sw.ts): registers it through workbox-window, reports a
// new deployment that has finished installing, and applies it or removes the stored copy when the
// visitor asks.
import { Workbox } from 'workbox-window';
import { deleteStoredData } from './storage_usage';

/** localStorage flag set by "Delete stored data": this visitor does not want an offline copy. */
const OPT_OUT_KEY = 'movierec.offline';

/** How often an open page asks the server for a new deployment (besides every page load). */
const UPDATE_CHECK_MS = 60 * 60 * 1000;

export type OfflineState = 'unsupported' | 'off' | 'saving' | 'ready';

export class OfflineRegistration {
  private workbox: Workbox | null = null;
  private registration: ServiceWorkerRegistration | null = null;
  private reloading = false;
  private watchingController = false;
  private updateTimer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly siteRoot: string,
    private readonly onUpdateReady: () => void,
  ) {}

  /** Service workers need a secure context (https:// or localhost) and Cache Storage. */
  static supported(): boolean {
    return globalThis.isSecureContext === true && 'serviceWorker' in navigator && typeof caches !== 'undefined';
  }

  wanted(): boolean {
    try {
      return localStorage.getItem(OPT_OUT_KEY) !== 'off';
    } catch {
      return true; // storage blocked entirely: registering will fail on its own and say so
    }
  }

  async state(): Promise<OfflineState> {
    if (!OfflineRegistration.supported()) return 'unsupported';
    if (!this.wanted()) return 'off';
    const registration = this.registration ?? (await navigator.serviceWorker.getRegistration(this.siteRoot)) ?? null;
    return registration?.active ? 'ready' : 'saving';
  }

  /** Registers the service worker unless the visitor turned the offline copy off. */
  start(): void {
    if (!OfflineRegistration.supported() || !this.wanted() || this.workbox !== null) return;
    const workbox = new Workbox(new URL('sw.js', this.siteRoot).href, { scope: this.siteRoot, updateViaCache: 'none' });
    // A new version installed next to the running one (now, or on an earlier visit).
    workbox.addEventListener('waiting', () => this.onUpdateReady());
    this.workbox = workbox;
    // Once the new version controls the page (the visitor pressed "Reload to update" here or in
    // another tab), reload, so no page runs old code against the new version's stored files.
    if (!this.watchingController) {
      this.watchingController = true;
      navigator.serviceWorker.addEventListener('controllerchange', () => {
        if (this.reloading || !this.wanted()) return;
        this.reloading = true;
        location.reload();
      });
    }
    workbox.register().then(
      (registration) => {
        this.registration = registration ?? null;
        this.updateTimer ??= setInterval(() => void this.checkForUpdate(), UPDATE_CHECK_MS);
      },
      (error: unknown) => console.warn('movierec: no offline copy, the service worker could not be registered:', error),
    );
  }

  /** Asks the server whether a new version was deployed; a found one announces itself through onUpdateReady. */
  async checkForUpdate(): Promise<void> {
    if (navigator.onLine === false) return;
    await this.registration?.update().catch(() => undefined);
  }

  /** Lets the waiting version take over; the page reloads when it does (see start()). */
  applyUpdate(): void {
    this.workbox?.messageSkipWaiting();
  }

  /** "Delete stored data": stops storing, unregisters the worker and deletes every cache of this site. */
  async remove(): Promise<void> {
    try {
      localStorage.setItem(OPT_OUT_KEY, 'off');
    } catch {
      // not remembered across visits; the copy is still deleted now
    }
    const registration = this.registration ?? (await navigator.serviceWorker.getRegistration(this.siteRoot)) ?? null;
    if (registration !== null) {
      // The worker keeps serving this page until it closes; tell it to stop storing meanwhile.
      for (const worker of [registration.installing, registration.waiting, registration.active]) worker?.postMessage({ type: 'FORGET' });
      await registration.unregister();
    }
    this.registration = null;
    this.workbox = null;
    await deleteStoredData(caches, this.siteRoot);
  }

  /** "Keep an offline copy" after a removal. */
  enable(): void {
    try {
      localStorage.removeItem(OPT_OUT_KEY);
    } catch {
      // registering still works for this visit
    }
    this.start();
  }
}
