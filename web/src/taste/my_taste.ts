// The visitor's ratings while the page is open: the one source every star control, the My taste
// tab and the filters read. Changes apply in memory at once (the page never waits for storage)
// and are written to TasteStorage in order behind the scenes.
import { isLiked } from '../engine/protocol';
import { isRatingValue, type TasteRating } from './rating';
import type { TasteStorage } from './taste_store';

/** Which movies changed; 'all' after a load, an import or a change in another tab. */
export type TasteChange = { movieIds: number[] } | 'all';

export class MyTaste {
  private ratings = new Map<number, TasteRating>();
  private readonly listeners = new Set<(change: TasteChange) => void>();
  private readonly saveErrorListeners = new Set<(error: Error) => void>();
  /** Every write waits for the stored ratings to be read first, then for the writes before it. */
  private writes: Promise<void>;
  private storage: TasteStorage | null = null;

  /** Starts reading the stored ratings; `loaded()` tells when they are in. */
  constructor(
    storage: Promise<TasteStorage> | TasteStorage,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.writes = this.load(Promise.resolve(storage)).catch((error: unknown) => this.failed(error));
  }

  /** Resolves once the stored ratings have been read (or reading them failed and was reported). */
  loaded(): Promise<void> {
    return this.writes;
  }

  private async load(opening: Promise<TasteStorage>): Promise<void> {
    const storage = await opening;
    const stored = await storage.load();
    this.storage = storage;
    // Ratings given while storage was still opening are newer than anything stored.
    const early = [...this.ratings.values()];
    this.replaceInMemory([...stored.filter((r) => !this.ratings.has(r.movieId)), ...early]);
    for (const rating of early) await storage.put(rating);
    storage.watch(() => {
      // Let this tab's own queued writes land first, then take the stored state as the truth.
      this.writes = this.writes.then(async () => this.replaceInMemory(await storage.load())).catch((e: unknown) => this.failed(e));
    });
  }

  get size(): number {
    return this.ratings.size;
  }

  get(movieId: number): TasteRating | undefined {
    return this.ratings.get(movieId);
  }

  all(): TasteRating[] {
    return [...this.ratings.values()];
  }

  likedCount(): number {
    let liked = 0;
    for (const r of this.ratings.values()) if (isLiked(r.rating)) ++liked;
    return liked;
  }

  ratedMovieIds(): number[] {
    return [...this.ratings.keys()];
  }

  /** Rates a movie: stars 0.5–5, or NOT_INTERESTED (0). */
  rate(movie: { id: number; title: string }, rating: number): void {
    if (!isRatingValue(rating)) throw new RangeError(`${rating} is not a rating: use 0.5–5 stars in half steps, or 0 for not interested`);
    const entry: TasteRating = { movieId: movie.id, title: movie.title, rating, updated: this.now() };
    this.ratings.set(movie.id, entry);
    this.notify({ movieIds: [movie.id] });
    this.persist((storage) => storage.put(entry));
  }

  /** Puts back a rating exactly as it was, date included (the undo of a removal). */
  restore(entry: TasteRating): void {
    const copy = { ...entry };
    this.ratings.set(copy.movieId, copy);
    this.notify({ movieIds: [copy.movieId] });
    this.persist((storage) => storage.put(copy));
  }

  remove(movieId: number): void {
    if (!this.ratings.delete(movieId)) return;
    this.notify({ movieIds: [movieId] });
    this.persist((storage) => storage.remove(movieId));
  }

  /** Replaces every rating at once (import, clear all). */
  replace(ratings: readonly TasteRating[]): void {
    const copy = ratings.map((r) => ({ ...r }));
    this.replaceInMemory(copy);
    this.persist((storage) => storage.replaceAll(copy));
  }

  clear(): void {
    this.replace([]);
  }

  /** Resolves once every change so far has been written (or has failed and been reported). */
  saved(): Promise<void> {
    return this.writes;
  }

  subscribe(listener: (change: TasteChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onSaveError(listener: (error: Error) => void): void {
    this.saveErrorListeners.add(listener);
  }

  private replaceInMemory(ratings: readonly TasteRating[]): void {
    this.ratings = new Map(ratings.map((r) => [r.movieId, r]));
    this.notify('all');
  }

  private persist(write: (storage: TasteStorage) => Promise<void>): void {
    this.writes = this.writes
      .then(() => {
        // No storage after a failed start: the failure was reported, the ratings live in memory.
        if (this.storage !== null) return write(this.storage);
        return undefined;
      })
      .catch((error: unknown) => this.failed(error));
  }

  private failed(error: unknown): void {
    const e = error instanceof Error ? error : new Error(String(error));
    for (const listener of this.saveErrorListeners) listener(e);
  }

  private notify(change: TasteChange): void {
    for (const listener of this.listeners) listener(change);
  }
}
