// The audience share: how much a query leans on "movies the same people liked" (the collaborative
// block of the hybrid index) against "movies like this in story and genre" (the content block).
// 0 = content only, 1 = audience only. The build tunes a share per kind of question (similar movies, a
// MovieLens user, My taste); the visitor's choice, once they move the slider, applies to all three and
// is remembered in localStorage.

export const AUDIENCE_SHARE_STORAGE_KEY = 'movierec-audience-share';
/** What the slider shows before the build's shares are known. */
export const ENGINE_DEFAULT_AUDIENCE_SHARE = 0.5;

/** The tabs with a blend, each with its own tuned share. */
export type BlendTab = 'similar' | 'user' | 'taste';
/** The slider moves in steps of 5%. */
export const AUDIENCE_SHARE_STEP = 0.05;
/** Slider moves closer together than this run one query, after the last move. */
export const AUDIENCE_SHARE_DEBOUNCE_MS = 250;

export function isAudienceShare(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1;
}

/** A share rounded to the slider's steps, so 0.1 + 0.2 never shows as 30.000000000000004%. */
export function roundShare(share: number): number {
  const clamped = Math.min(1, Math.max(0, share));
  // Divide by the whole number of steps: 19 / 20 is 0.95, whereas 19 * 0.05 is 0.9500000000000001.
  const steps = Math.round(1 / AUDIENCE_SHARE_STEP);
  return Math.round(clamped * steps) / steps;
}

/** The stored choice, or null when there is none or it cannot be read. */
export function decodeAudienceShare(text: string | null): number | null {
  if (text === null || text.trim() === '') return null;
  const value = Number(text);
  return isAudienceShare(value) ? value : null;
}

export function encodeAudienceShare(share: number): string {
  return String(share);
}

/**
 * The share in words, for the slider's aria-valuetext and the visible readout:
 * "50% audience: half story & genre, half same audience".
 */
export function describeAudienceShare(share: number): string {
  const audience = Math.round(share * 100);
  if (audience === 0) return 'Content only: same story & genre';
  if (audience === 100) return 'Audience only: liked by the same people';
  if (audience === 50) return 'Even blend: half story & genre, half same audience';
  return `${audience}% audience, ${100 - audience}% story & genre`;
}

/** Where the choice is kept; localStorage in the page, a Map in tests. */
export interface ShareStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const browserTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * The visitor's audience share: the build's tuned share for each tab until they choose one, then their
 * choice, kept in `storage`. Listeners hear about a change once the moves have paused for the debounce
 * time, so dragging the slider runs one query, not one per pixel.
 */
export class AudienceShareSetting {
  private stored: number | null;
  private defaults: Partial<Record<BlendTab, number>> = {};
  private pending: unknown = null;
  private readonly listeners: Array<() => void> = [];

  constructor(
    private readonly storage: ShareStorage | null,
    private readonly timers: Timers = browserTimers,
    private readonly debounceMs = AUDIENCE_SHARE_DEBOUNCE_MS,
  ) {
    let text: string | null = null;
    try {
      text = storage?.getItem(AUDIENCE_SHARE_STORAGE_KEY) ?? null;
    } catch {
      // Storage switched off: the defaults apply.
    }
    this.stored = decodeAudienceShare(text);
  }

  /** The share a tab's queries use now. */
  value(tab: BlendTab): number {
    return this.stored ?? this.defaults[tab] ?? ENGINE_DEFAULT_AUDIENCE_SHARE;
  }

  /** Whether the visitor chose a share (rather than following the build's). */
  isChosen(): boolean {
    return this.stored !== null;
  }

  /** The share a query should carry: the visitor's choice, or undefined so the engine applies the build's. */
  queryShare(): number | undefined {
    return this.stored ?? undefined;
  }

  /** The build's tuned shares (manifest hybrid.queries); queries already use them, so nothing is announced. */
  setDefaults(defaults: Record<BlendTab, number>): void {
    for (const [tab, share] of Object.entries(defaults) as Array<[BlendTab, number]>) {
      if (isAudienceShare(share)) this.defaults[tab] = share;
    }
  }

  /** The visitor moved the blend. */
  choose(share: number): void {
    if (!isAudienceShare(share)) return;
    const before = this.stored;
    this.stored = share;
    this.save(() => this.storage?.setItem(AUDIENCE_SHARE_STORAGE_KEY, encodeAudienceShare(share)));
    if (this.stored !== before) this.announce();
  }

  /** Back to the build's shares, forgetting the stored choice. */
  reset(): void {
    const before = this.stored;
    this.stored = null;
    this.save(() => this.storage?.removeItem(AUDIENCE_SHARE_STORAGE_KEY));
    if (before !== null) this.announce();
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  private save(write: () => void): void {
    try {
      write();
    } catch {
      // Not remembered across visits, but still applied now.
    }
  }

  private announce(): void {
    if (this.pending !== null) this.timers.clearTimeout(this.pending);
    this.pending = this.timers.setTimeout(() => {
      this.pending = null;
      for (const listener of this.listeners) listener();
    }, this.debounceMs);
  }
}

/**
 * What the filter bar shows for the blend on a tab: the slider where the query has an audience half
 * (Similar, a MovieLens user, My taste), a short note on the free-text tab (text is matched by content
 * only), nothing on a content-only build or on About.
 */
export function isBlendTab(tab: string): tab is BlendTab {
  return tab === 'similar' || tab === 'user' || tab === 'taste';
}

export function blendVisibility(hasCollaborative: boolean, tab: string): 'slider' | 'content-only-note' | 'none' {
  if (!hasCollaborative) return 'none';
  if (isBlendTab(tab)) return 'slider';
  if (tab === 'describe') return 'content-only-note';
  return 'none';
}
