// The sentences the About tab and the storage notice say about stored data, from plain numbers,
// so they can be checked without a browser.
import { formatBytes } from '../ui/format';
import type { StoredCopy } from './offline_cache';
import type { StoredGroup, StoredKind } from './storage_usage';

export interface StorageEstimateLike {
  usage?: number | undefined;
  quota?: number | undefined;
}

/** Bytes for storage sizes, where quotas reach gigabytes. */
export function formatStorage(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GB` : formatBytes(bytes);
}

export const STORED_LABELS: Record<StoredKind, string> = {
  data: 'Movie data (catalog, MovieLens users, search index, vocabulary)',
  ratings: 'MovieLens users’ ratings kept for offline use',
  app: 'The app and its C++ engine',
  runtime: 'ONNX Runtime, which runs the language model',
  model: 'The language model (all-MiniLM-L6-v2, 8-bit)',
};

export function groupLine(group: StoredGroup): string {
  // Ratings are kept in 16 KiB blocks of one file, a few per MovieLens user.
  const unit = group.kind === 'ratings' ? 'block' : 'file';
  const files = `${group.files} ${unit}${group.files === 1 ? '' : 's'}`;
  return `${STORED_LABELS[group.kind]}: ${formatStorage(group.bytes)} (${files})`;
}

/** "The browser counts 45.3 MB for this site and allows up to 1.2 GB." */
export function quotaLine(estimate: StorageEstimateLike | null, persisted: boolean | null): string {
  const parts: string[] = [];
  if (estimate !== null && typeof estimate.usage === 'number' && typeof estimate.quota === 'number') {
    parts.push(`The browser counts ${formatStorage(estimate.usage)} for this site and allows up to ${formatStorage(estimate.quota)}.`);
  }
  if (persisted === true) parts.push('It keeps this data until you delete it.');
  if (persisted === false) parts.push('It may remove this data on its own if the device runs short of space.');
  return parts.join(' ');
}

const COPY_NAMES: Record<StoredCopy, string> = {
  site: 'the offline copy',
  update: 'the new version of the site',
  model: 'the language model',
  ratings: 'MovieLens users’ ratings',
};

/**
 * The notice shown when storing `copy` failed. It names no limit: what navigator.storage.estimate()
 * reports is not always the limit the browser enforced.
 */
export function refusalMessage(copy: StoredCopy, quota: boolean, detail: string): string {
  const what = COPY_NAMES[copy];
  if (quota) {
    return (
      `The browser refused to store ${what} for offline use: it does not allow this site more storage space. ` +
      'movierec keeps working while you are online; to use it offline, free some disk space or allow this site ' +
      'more storage in the browser’s site settings, then reload.'
    );
  }
  return (
    `${what.charAt(0).toUpperCase()}${what.slice(1)} could not be stored for offline use (${detail}). ` +
    'movierec keeps working while you are online and tries again the next time it is opened.'
  );
}
