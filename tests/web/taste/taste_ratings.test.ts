// A visitor's ratings: the values a rating takes, the list's sort orders, and MyTaste, the in-page
// state that every star control and the My taste tab share, over a storage stand-in.
import { describe, expect, it } from 'vitest';
import { isLiked } from '../../../web/src/engine/protocol';
import { MyTaste, type TasteChange } from '../../../web/src/taste/my_taste';
import {
  isRatingValue,
  isStars,
  NOT_INTERESTED,
  ratingLabel,
  sortRatings,
  starsAt,
  stepStars,
  type TasteRating,
} from '../../../web/src/taste/rating';
import { MemoryTasteStorage, type TasteStorage } from '../../../web/src/taste/taste_store';
import { formatRoute, parseRoute } from '../../../web/src/ui/route';

describe('rating values', () => {
  it('are half stars from 0.5 to 5, or 0 for not interested', () => {
    expect([0.5, 1, 3.5, 5].every(isStars)).toBe(true);
    expect([0, 5.5, 3.25, -1, Number.NaN, '4', null].some(isStars)).toBe(false);
    expect(isRatingValue(NOT_INTERESTED)).toBe(true);
    expect(isRatingValue(0.25)).toBe(false);
    expect(isLiked(3.5)).toBe(true);
    expect(isLiked(3)).toBe(false);
    expect(isLiked(NOT_INTERESTED)).toBe(false);
  });

  it('read as words', () => {
    expect(ratingLabel(1)).toBe('1 star');
    expect(ratingLabel(4.5)).toBe('4.5 stars');
    expect(ratingLabel(NOT_INTERESTED)).toBe('Not interested');
  });

  it('step by keyboard within 0.5–5, starting from nothing or "not interested" at the first half star', () => {
    expect(stepStars(null, 0.5)).toBe(0.5);
    expect(stepStars(NOT_INTERESTED, 1)).toBe(1);
    expect(stepStars(3, 0.5)).toBe(3.5);
    expect(stepStars(5, 0.5)).toBe(5);
    expect(stepStars(0.5, -0.5)).toBe(0.5);
    expect(stepStars(4, -1)).toBe(3);
  });

  it('follow the pointer to the half star under it', () => {
    expect(starsAt(0)).toBe(0.5);
    expect(starsAt(0.05)).toBe(0.5);
    expect(starsAt(0.11)).toBe(1);
    expect(starsAt(0.5)).toBe(2.5);
    expect(starsAt(0.51)).toBe(3);
    expect(starsAt(1)).toBe(5);
    expect(starsAt(1.7)).toBe(5);
  });
});

describe('the My taste tab link', () => {
  it('names the tab and nothing else: ratings never go into a URL', () => {
    expect(parseRoute('#taste')).toEqual({ tab: 'taste' });
    expect(parseRoute('#TASTE?movie=1&rating=5')).toEqual({ tab: 'taste' });
    expect(formatRoute({ tab: 'taste' })).toBe('#taste');
  });
});

describe('sortRatings', () => {
  const list: TasteRating[] = [
    { movieId: 1, title: 'Toy Story (1995)', rating: 4, updated: 300 },
    { movieId: 2, title: 'Matrix, The (1999)', rating: NOT_INTERESTED, updated: 500 },
    { movieId: 3, title: 'alien (1979)', rating: 4, updated: 100 },
    { movieId: 4, title: 'Toy Story 10 (2030)', rating: 1.5, updated: 300 },
    { movieId: 5, title: 'Toy Story 2 (1999)', rating: 5, updated: 200 },
  ];
  const ids = (order: Parameters<typeof sortRatings>[1]) => sortRatings(list, order).map((r) => r.movieId);

  it('sorts by date, title, and rating both ways, with stable tie-breaks', () => {
    expect(ids('recent')).toEqual([2, 1, 4, 5, 3]); // 1 and 4 tie at 300: by title
    expect(ids('title')).toEqual([3, 2, 1, 5, 4]); // case-insensitive, numbers in numeric order
    expect(ids('highest')).toEqual([5, 1, 3, 4, 2]); // not interested last; equal stars: most recent first
    expect(ids('lowest')).toEqual([2, 4, 1, 3, 5]);
  });

  it('leaves its input alone', () => {
    const before = list.map((r) => r.movieId);
    sortRatings(list, 'title');
    expect(list.map((r) => r.movieId)).toEqual(before);
  });
});

/** A storage whose writes can be made to fail, and whose "other tab" can change it. */
class ScriptedStorage extends MemoryTasteStorage {
  failWrites = false;
  private readonly watchers: Array<() => void> = [];
  override put(rating: TasteRating): Promise<void> {
    return this.failWrites ? Promise.reject(new Error('QuotaExceededError')) : super.put(rating);
  }
  override watch(listener: () => void): void {
    this.watchers.push(listener);
  }
  changeFromOtherTab(ratings: TasteRating[]): Promise<void> {
    return super.replaceAll(ratings).then(() => this.watchers.forEach((w) => w()));
  }
}

describe('MyTaste', () => {
  const toyStory = { id: 1, title: 'Toy Story (1995)' };
  const heat = { id: 6, title: 'Heat (1995)' };

  it('loads what is stored, rates and removes at once in memory, and writes through in order', async () => {
    const storage = new MemoryTasteStorage();
    await storage.put({ movieId: 6, title: 'Heat (1995)', rating: 3, updated: 1 });
    let clock = 1000;
    const taste = new MyTaste(storage, () => clock++);
    const changes: TasteChange[] = [];
    taste.subscribe((change) => changes.push(change));
    await taste.loaded();
    expect(taste.get(6)?.rating).toBe(3);
    expect(changes).toEqual(['all']);

    taste.rate(toyStory, 4.5);
    expect(taste.get(1)).toEqual({ movieId: 1, title: 'Toy Story (1995)', rating: 4.5, updated: 1000 });
    taste.rate(heat, NOT_INTERESTED);
    expect(taste.likedCount()).toBe(1);
    expect(taste.ratedMovieIds().sort()).toEqual([1, 6]);
    taste.remove(1);
    taste.remove(1); // nothing to remove: no change reported
    expect(changes).toEqual(['all', { movieIds: [1] }, { movieIds: [6] }, { movieIds: [1] }]);

    await taste.saved();
    expect(await storage.load()).toEqual([{ movieId: 6, title: 'Heat (1995)', rating: NOT_INTERESTED, updated: 1001 }]);
  });

  it('rejects values that are not ratings', async () => {
    const taste = new MyTaste(new MemoryTasteStorage());
    await taste.loaded();
    expect(() => taste.rate(toyStory, 6)).toThrow(RangeError);
    expect(() => taste.rate(toyStory, 2.25)).toThrow(/half steps/);
    expect(taste.size).toBe(0);
  });

  it('keeps ratings given while storage was still opening, and stores them', async () => {
    const stored = new MemoryTasteStorage();
    await stored.put({ movieId: 1, title: 'Toy Story (1995)', rating: 2, updated: 1 });
    await stored.put({ movieId: 2, title: 'Jumanji (1995)', rating: 3, updated: 1 });
    let open!: (s: TasteStorage) => void;
    const taste = new MyTaste(new Promise<TasteStorage>((resolve) => (open = resolve)), () => 50);
    taste.rate(toyStory, 5);
    open(stored);
    await taste.loaded();
    await taste.saved();
    expect(taste.get(1)?.rating).toBe(5);
    expect(taste.get(2)?.rating).toBe(3);
    expect((await stored.load()).find((r) => r.movieId === 1)?.rating).toBe(5);
  });

  it('replaces and clears everything at once, and follows changes made in another tab', async () => {
    const storage = new ScriptedStorage();
    const taste = new MyTaste(storage);
    await taste.loaded();
    taste.replace([
      { movieId: 1, title: 'A', rating: 4, updated: 1 },
      { movieId: 2, title: 'B', rating: 1, updated: 2 },
    ]);
    expect(taste.size).toBe(2);
    await taste.saved();
    expect(await storage.load()).toHaveLength(2);

    const changes: TasteChange[] = [];
    taste.subscribe((change) => changes.push(change));
    await storage.changeFromOtherTab([{ movieId: 9, title: 'C', rating: 5, updated: 3 }]);
    await taste.saved();
    expect(taste.ratedMovieIds()).toEqual([9]);
    expect(changes).toEqual(['all']);

    taste.clear();
    await taste.saved();
    expect(taste.size).toBe(0);
    expect(await storage.load()).toEqual([]);
  });

  it('reports a failed write but keeps the rating for this visit', async () => {
    const storage = new ScriptedStorage();
    const taste = new MyTaste(storage);
    const errors: string[] = [];
    taste.onSaveError((error) => errors.push(error.message));
    await taste.loaded();
    storage.failWrites = true;
    taste.rate(toyStory, 4);
    await taste.saved();
    expect(errors).toEqual(['QuotaExceededError']);
    expect(taste.get(1)?.rating).toBe(4);
    storage.failWrites = false;
    taste.rate(heat, 3); // later writes still go through
    await taste.saved();
    expect((await storage.load()).map((r) => r.movieId)).toEqual([6]);
  });

  it('works in memory when storage cannot be opened, and says so once', async () => {
    const taste = new MyTaste(Promise.reject(new Error('IndexedDB is disabled')));
    const errors: string[] = [];
    taste.onSaveError((error) => errors.push(error.message));
    await taste.loaded();
    taste.rate(toyStory, 4);
    await taste.saved();
    expect(taste.get(1)?.rating).toBe(4);
    expect(errors).toEqual(['IndexedDB is disabled']); // once; the writes after it are skipped quietly
  });
});
