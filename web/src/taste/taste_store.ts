// Where a visitor's ratings are kept: IndexedDB in this browser, nowhere else. Ratings survive
// reloads and work offline; other tabs of the site hear about changes through a BroadcastChannel.
// MemoryTasteStorage is the stand-in when IndexedDB is unavailable (some private modes) and in tests.
import type { TasteRating } from './rating';

export interface TasteStorage {
  load(): Promise<TasteRating[]>;
  put(rating: TasteRating): Promise<void>;
  remove(movieId: number): Promise<void>;
  /** Replaces every stored rating in one transaction (import, clear). */
  replaceAll(ratings: readonly TasteRating[]): Promise<void>;
  /** Calls `listener` when another tab changed the stored ratings. */
  watch(listener: () => void): void;
}

const DATABASE = 'movierec-taste';
const DATABASE_VERSION = 1;
const STORE = 'ratings';
const CHANNEL = 'movierec-taste';

function completion(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onabort = () => reject(transaction.error ?? new Error('the ratings database refused the change'));
    transaction.onerror = () => reject(transaction.error ?? new Error('the ratings database refused the change'));
  });
}

function result<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('the ratings database failed'));
  });
}

/** A stored record as it came back: anything that is not a plausible rating is skipped. */
function isStoredRating(value: unknown): value is TasteRating {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return (
    typeof r['movieId'] === 'number' &&
    typeof r['title'] === 'string' &&
    typeof r['rating'] === 'number' &&
    typeof r['updated'] === 'number'
  );
}

export class TasteStore implements TasteStorage {
  private readonly channel: BroadcastChannel | null =
    typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : null;

  private constructor(private readonly db: IDBDatabase) {
    // Another tab upgrading the database (a newer site version) needs this connection closed.
    db.onversionchange = () => db.close();
  }

  static async open(): Promise<TasteStore> {
    if (typeof indexedDB === 'undefined') throw new Error('this browser offers no IndexedDB');
    const request = indexedDB.open(DATABASE, DATABASE_VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(STORE)) db.createObjectStore(STORE, { keyPath: 'movieId' });
    };
    const blocked = new Promise<never>((_, reject) => {
      request.onblocked = () => reject(new Error('another tab of this site holds an older ratings database; close it and reload'));
    });
    return new TasteStore(await Promise.race([result(request), blocked]));
  }

  async load(): Promise<TasteRating[]> {
    const transaction = this.db.transaction(STORE, 'readonly');
    const all = await result(transaction.objectStore(STORE).getAll());
    return all.filter(isStoredRating);
  }

  put(rating: TasteRating): Promise<void> {
    return this.write((store) => store.put({ ...rating }));
  }

  remove(movieId: number): Promise<void> {
    return this.write((store) => store.delete(movieId));
  }

  replaceAll(ratings: readonly TasteRating[]): Promise<void> {
    return this.write((store) => {
      store.clear();
      for (const rating of ratings) store.put({ ...rating });
    });
  }

  watch(listener: () => void): void {
    this.channel?.addEventListener('message', () => listener());
  }

  private async write(change: (store: IDBObjectStore) => void): Promise<void> {
    const transaction = this.db.transaction(STORE, 'readwrite');
    change(transaction.objectStore(STORE));
    await completion(transaction);
    this.channel?.postMessage('changed');
  }
}

/** Keeps ratings for as long as the page is open. */
export class MemoryTasteStorage implements TasteStorage {
  private readonly ratings = new Map<number, TasteRating>();

  load(): Promise<TasteRating[]> {
    return Promise.resolve([...this.ratings.values()].map((r) => ({ ...r })));
  }

  put(rating: TasteRating): Promise<void> {
    this.ratings.set(rating.movieId, { ...rating });
    return Promise.resolve();
  }

  remove(movieId: number): Promise<void> {
    this.ratings.delete(movieId);
    return Promise.resolve();
  }

  replaceAll(ratings: readonly TasteRating[]): Promise<void> {
    this.ratings.clear();
    for (const rating of ratings) this.ratings.set(rating.movieId, { ...rating });
    return Promise.resolve();
  }

  watch(_listener: () => void): void {
    // Nothing outside this page shares memory-only ratings.
  }
}
