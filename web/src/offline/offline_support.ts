// Starts everything that keeps movierec usable offline, once the app itself has started: the
// service worker, the "Reload to update" prompt and the About tab's storage section, all fed by
// the notices the service worker and the engine worker broadcast (web/src/offline/offline_cache.ts).
/// <reference types="vite/client" />
import { type Manifest, MODEL_FILE, RATINGS_FILE } from '../artifacts/manifest';
import { required } from '../ui/element';
import { noticeChannelName, parseStorageNotice } from './offline_cache';
import { OfflineRegistration } from './offline_registration';
import { StoragePanel } from './storage_panel';
import { UpdatePrompt } from './update_prompt';

/**
 * `storeDescribe` downloads and starts the language model (its runtime comes with it), which also
 * stores both when the site keeps an offline copy: About's "make available offline". `storeRatings`
 * stores every MovieLens user's ratings, reporting bytes stored of the total.
 */
export function startOfflineSupport(
  siteRoot: string,
  manifest: Manifest,
  storeDescribe: () => Promise<void>,
  storeRatings: (onProgress: (stored: number, total: number) => void) => Promise<void>,
): void {
  // Production builds only: on the dev server a stored copy would hide every edit.
  if (!import.meta.env.PROD) {
    required('storage-summary', HTMLElement).textContent = 'The development server keeps no offline copy.';
    required('storage-clear', HTMLButtonElement).hidden = true;
    return;
  }
  let prompt: UpdatePrompt | null = null;
  const offline = new OfflineRegistration(siteRoot, () => prompt?.show());
  prompt = new UpdatePrompt(() => offline.applyUpdate());
  const describeBytes = (manifest.files[MODEL_FILE]?.bytes ?? 0) + Number(import.meta.env['VITE_ORT_RUNTIME_BYTES'] ?? 0);
  const panel = new StoragePanel(siteRoot, offline, describeBytes, storeDescribe, {
    bytes: manifest.files[RATINGS_FILE]?.bytes ?? 0,
    users: manifest.dataset.users,
    store: storeRatings,
  });
  if (typeof BroadcastChannel === 'function') {
    new BroadcastChannel(noticeChannelName(siteRoot)).onmessage = (event: MessageEvent<unknown>) => {
      const notice = parseStorageNotice(event.data);
      if (notice !== null) void panel.handle(notice);
    };
  }
  offline.start();
  void panel.refresh();
  // A page left open notices a deployment when it comes back into view.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void offline.checkForUpdate();
  });
}
