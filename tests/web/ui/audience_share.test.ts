import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NO_FILTER, parseEngineFilter } from '../../../web/src/engine/engine_filter';
import { engineMovieFilter } from '../../../web/src/engine/movie_filter';
import {
  AUDIENCE_SHARE_DEBOUNCE_MS,
  AUDIENCE_SHARE_STORAGE_KEY,
  AudienceShareSetting,
  blendVisibility,
  decodeAudienceShare,
  describeAudienceShare,
  roundShare,
  type ShareStorage,
} from '../../../web/src/ui/audience_share';

/** localStorage's behaviour over a Map. */
class MapStorage implements ShareStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

describe('AudienceShareSetting', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('follows the tuned share of each tab until the visitor chooses, and lets the engine apply it meanwhile', () => {
    const setting = new AudienceShareSetting(new MapStorage());
    expect(setting.queryShare()).toBeUndefined(); // the worker applies the build's share for the question
    setting.setDefaults({ similar: 0.6, user: 0.8, taste: 0.3 });
    expect([setting.value('similar'), setting.value('user'), setting.value('taste')]).toEqual([0.6, 0.8, 0.3]);
    expect(setting.queryShare()).toBeUndefined();
    expect(setting.isChosen()).toBe(false);
  });

  it('persists the chosen share for every tab and reads it back in the next visit', () => {
    const storage = new MapStorage();
    const first = new AudienceShareSetting(storage);
    first.setDefaults({ similar: 0.5, user: 0.5, taste: 0.5 });
    first.choose(0.8);
    expect(storage.getItem(AUDIENCE_SHARE_STORAGE_KEY)).toBe('0.8');

    const next = new AudienceShareSetting(storage);
    expect(next.isChosen()).toBe(true);
    expect(next.queryShare()).toBe(0.8); // even before the build's shares arrive
    next.setDefaults({ similar: 0.5, user: 0.4, taste: 0.3 });
    expect(next.value('taste')).toBe(0.8);

    next.reset();
    expect(storage.getItem(AUDIENCE_SHARE_STORAGE_KEY)).toBeNull();
    expect([next.value('similar'), next.value('taste')]).toEqual([0.5, 0.3]);
    expect(next.queryShare()).toBeUndefined();
  });

  it('ignores stored text that is not a share, and works without storage', () => {
    const storage = new MapStorage();
    for (const text of ['', 'abc', '1.5', '-0.1', 'NaN', 'Infinity']) {
      storage.setItem(AUDIENCE_SHARE_STORAGE_KEY, text);
      expect(new AudienceShareSetting(storage).isChosen(), text).toBe(false);
    }
    const throwing: ShareStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => undefined,
    };
    const setting = new AudienceShareSetting(throwing);
    setting.choose(0.25);
    expect(setting.value('similar')).toBe(0.25); // applied now, just not remembered
    const none = new AudienceShareSetting(null);
    none.choose(1);
    expect(none.value('user')).toBe(1);
  });

  it('announces one change after a burst of moves, with the last value', () => {
    const setting = new AudienceShareSetting(new MapStorage());
    setting.setDefaults({ similar: 0.5, user: 0.5, taste: 0.5 });
    const heard: number[] = [];
    setting.onChange(() => heard.push(setting.value('similar')));
    for (const share of [0.55, 0.6, 0.65, 0.7]) {
      setting.choose(share);
      vi.advanceTimersByTime(AUDIENCE_SHARE_DEBOUNCE_MS - 10);
    }
    expect(heard).toEqual([]);
    vi.advanceTimersByTime(10);
    expect(heard).toEqual([0.7]);

    setting.choose(0.7); // no move, no query
    vi.advanceTimersByTime(AUDIENCE_SHARE_DEBOUNCE_MS);
    expect(heard).toEqual([0.7]);
    setting.choose(2); // out of range: ignored
    setting.reset();
    vi.advanceTimersByTime(AUDIENCE_SHARE_DEBOUNCE_MS);
    expect(heard).toEqual([0.7, 0.5]);
  });

  it('does not announce the tuned shares: queries sent before they were known already used them', () => {
    const setting = new AudienceShareSetting(new MapStorage());
    const heard: number[] = [];
    setting.onChange(() => heard.push(setting.value('taste')));
    setting.setDefaults({ similar: 0.3, user: 0.3, taste: 0.3 });
    vi.advanceTimersByTime(AUDIENCE_SHARE_DEBOUNCE_MS * 2);
    expect(heard).toEqual([]);
  });
});

describe('the blend in words and on screen', () => {
  it('says what each end means', () => {
    expect(describeAudienceShare(0)).toBe('Content only: same story & genre');
    expect(describeAudienceShare(1)).toBe('Audience only: liked by the same people');
    expect(describeAudienceShare(0.5)).toBe('Even blend: half story & genre, half same audience');
    expect(describeAudienceShare(0.35)).toBe('35% audience, 65% story & genre');
  });

  it('rounds slider values to its 5% steps', () => {
    expect(roundShare(0.1 + 0.2)).toBe(0.3);
    expect(roundShare(0.337)).toBe(0.35);
    expect(roundShare(0.95)).toBe(0.95); // what localStorage keeps, as the visitor reads it
    expect(String(roundShare(0.9500000000000001))).toBe('0.95');
    expect(roundShare(-1)).toBe(0);
    expect(roundShare(7)).toBe(1);
    expect(decodeAudienceShare('0.75')).toBe(0.75);
  });

  it('shows the slider on the tabs with an audience half, a note on free text, nothing without a collaborative block', () => {
    expect(['similar', 'user', 'taste', 'describe', 'about'].map((tab) => blendVisibility(true, tab))).toEqual([
      'slider',
      'slider',
      'slider',
      'content-only-note',
      'none',
    ]);
    for (const tab of ['similar', 'user', 'taste', 'describe', 'about']) expect(blendVisibility(false, tab)).toBe('none');
  });
});

describe('the share on its way to the engine', () => {
  const engine = { indexOfMovie: (id: number) => (id === 1 ? 0 : -1), genres: () => ['Comedy'] };

  it('travels in the filter and is checked by the worker', () => {
    expect(parseEngineFilter({ ...NO_FILTER, audienceShare: 0.25 }, 'similar')).toEqual({ ...NO_FILTER, audienceShare: 0.25 });
    expect(parseEngineFilter({ ...NO_FILTER }, 'similar')).toEqual(NO_FILTER);
    for (const bad of [-0.1, 1.01, '0.5', null, Number.NaN]) {
      expect(parseEngineFilter({ ...NO_FILTER, audienceShare: bad }, 'user')).toBe('user: filter.audienceShare must be a number from 0 to 1');
    }
  });

  it('reaches the engine as MovieFilter.audienceShare only when the visitor chose one', () => {
    expect(engineMovieFilter(engine, { ...NO_FILTER, audienceShare: 0 }).audienceShare).toBe(0);
    expect('audienceShare' in engineMovieFilter(engine, { ...NO_FILTER })).toBe(false); // the engine applies the build's
    expect(engineMovieFilter(engine, undefined)).toEqual({});
  });
});
