// Deep links: the URL hash names the tab and the query, e.g.
// #similar?title=Toy%20Story&k=10, #user?id=1, #describe?q=a%20heist, #taste, #about.
import { MAX_K, MIN_K } from '../engine/protocol';

export const DEFAULT_K = 10;

export type TabName = 'similar' | 'user' | 'describe' | 'taste' | 'about';
export const TAB_NAMES: readonly TabName[] = ['similar', 'user', 'describe', 'taste', 'about'];

export type Route =
  | { tab: 'similar'; title: string; k: number }
  /** `id` is kept as typed so the page can explain why "abc" is not a user id. */
  | { tab: 'user'; id: string; k: number }
  | { tab: 'describe'; text: string; k: number }
  /** The visitor's ratings never go into a link: they stay on the device. */
  | { tab: 'taste' }
  | { tab: 'about' };

/** k as typed in a link or a form: a whole number in [1, 50], anything else gives the default. */
export function parseK(value: string | null | undefined): number {
  if (value === null || value === undefined || !/^\s*\d+\s*$/.test(value)) return DEFAULT_K;
  const k = Number(value);
  return k >= MIN_K && k <= MAX_K ? k : DEFAULT_K;
}

/** Reads a location hash ("#user?id=1", "user?id=1" or ""); unknown tabs fall back to Similar. */
export function parseRoute(hash: string): Route {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  const question = text.indexOf('?');
  const name = (question < 0 ? text : text.slice(0, question)).toLowerCase();
  const params = new URLSearchParams(question < 0 ? '' : text.slice(question + 1));
  const k = parseK(params.get('k'));
  switch (name) {
    case 'user':
      return { tab: 'user', id: (params.get('id') ?? '').trim(), k };
    case 'describe':
      return { tab: 'describe', text: params.get('q') ?? '', k };
    case 'taste':
      return { tab: 'taste' };
    case 'about':
      return { tab: 'about' };
    default:
      return { tab: 'similar', title: params.get('title') ?? '', k };
  }
}

// encodeURIComponent rather than URLSearchParams.toString(): spaces become %20, which reads
// better in a shared link than "+".
function query(pairs: Array<[string, string | number]>): string {
  const parts = pairs
    .filter(([, value]) => value !== '')
    .map(([key, value]) => `${key}=${encodeURIComponent(String(value))}`);
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

export function formatRoute(route: Route): string {
  switch (route.tab) {
    case 'similar':
      return `#similar${route.title === '' ? '' : query([['title', route.title], ['k', route.k]])}`;
    case 'user':
      return `#user${route.id === '' ? '' : query([['id', route.id], ['k', route.k]])}`;
    case 'describe':
      return `#describe${route.text === '' ? '' : query([['q', route.text], ['k', route.k]])}`;
    case 'taste':
      return '#taste';
    case 'about':
      return '#about';
  }
}

/** Why a typed user id cannot be asked for, or null when it is a positive whole number. */
export function userIdProblem(id: string): string | null {
  const text = id.trim();
  if (text === '') return 'Enter a MovieLens user id.';
  // The engine keeps ids as 32-bit integers; larger numbers cannot name a user.
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 0x7fffffff) {
    return `“${text}” is not a user id: ids are whole numbers from 1 up.`;
  }
  return null;
}

/** The number in a "Results" box, or null when it is not a whole number from 1 to 50. */
export function parseKInput(text: string): number | null {
  if (!/^\s*\d+\s*$/.test(text)) return null;
  const k = Number(text);
  return k >= MIN_K && k <= MAX_K ? k : null;
}

export const K_PROBLEM = `Results: choose a whole number from ${MIN_K} to ${MAX_K}.`;
