// The audience share: how much a query leans on "movies the same people liked" (the collaborative
// block of the hybrid index) against "movies like this in story and genre" (the content block).
// 0 = content only, 1 = audience only; the engine scales the content block by 2(1 - a) and the
// collaborative block by 2a. The visitor's choice is remembered in localStorage; until they move it,
// the build's tuned default applies.

export const AUDIENCE_SHARE_STORAGE_KEY = 'movierec-audience-share';
/** What the engine uses when a query carries no share. */
export const ENGINE_DEFAULT_AUDIENCE_SHARE = 0.5;
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
 * The visitor's audience share: the build's default until they choose one, then their choice, kept
 * in `storage`. Listeners hear about a change once the moves have paused for the debounce time, so
 * dragging the slider runs one query, not one per pixel.
 */
export class AudienceShareSetting {
  private stored: number | null;
  private fallback = ENGINE_DEFAULT_AUDIENCE_SHARE;
  private defaultKnown = false;
  private pending: unknown = null;
  private readonly listeners: Array<(share: number) => void> = [];

  constructor(
    private readonly storage: ShareStorage | null,
    private readonly timers: Timers = browserTimers,
    private readonly debounceMs = AUDIENCE_SHARE_DEBOUNCE_MS,
  ) {
    let text: string | null = null;
    try {
      text = storage?.getItem(AUDIENCE_SHARE_STORAGE_KEY) ?? null;
    } catch {
      // Storage switched off: the default applies.
    }
    this.stored = decodeAudienceShare(text);
  }

  /** The share queries carry now. */
  value(): number {
    return this.stored ?? this.fallback;
  }

  /** Whether the visitor chose a share (rather than following the build's default). */
  isChosen(): boolean {
    return this.stored !== null;
  }

  /**
   * The share a query should carry: undefined while the visitor has chosen none and the build's default
   * is not known yet (a deep link answered before start-up), so the worker applies the build's default.
   */
  queryShare(): number | undefined {
    return this.stored ?? (this.defaultKnown ? this.fallback : undefined);
  }

  /**
   * The build's tuned share (manifest hybrid.default_audience_share). Not announced: queries sent
   * before it was known already used it (queryShare).
   */
  setDefault(share: number): void {
    if (!isAudienceShare(share)) return;
    this.fallback = share;
    this.defaultKnown = true;
  }

  /** The visitor moved the blend. */
  choose(share: number): void {
    if (!isAudienceShare(share)) return;
    const before = this.value();
    this.stored = share;
    this.save(() => this.storage?.setItem(AUDIENCE_SHARE_STORAGE_KEY, encodeAudienceShare(share)));
    if (this.value() !== before) this.announce();
  }

  /** Back to the build's default, forgetting the stored choice. */
  reset(): void {
    const before = this.value();
    this.stored = null;
    this.save(() => this.storage?.removeItem(AUDIENCE_SHARE_STORAGE_KEY));
    if (this.value() !== before) this.announce();
  }

  onChange(listener: (share: number) => void): void {
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
      const share = this.value();
      for (const listener of this.listeners) listener(share);
    }, this.debounceMs);
  }
}

/**
 * What the filter bar shows for the blend on a tab: the slider where the query has an audience half
 * (Similar, a MovieLens user, My taste), a short note on the free-text tab (text is matched by content
 * only), nothing on a content-only build or on About.
 */
export function blendVisibility(hasCollaborative: boolean, tab: string): 'slider' | 'content-only-note' | 'none' {
  if (!hasCollaborative) return 'none';
  if (tab === 'similar' || tab === 'user' || tab === 'taste') return 'slider';
  if (tab === 'describe') return 'content-only-note';
  return 'none';
}
