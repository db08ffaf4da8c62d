import { describe, expect, it } from 'vitest';
import { DEFAULT_K, formatRoute, parseK, parseKInput, parseRoute, userIdProblem } from '../../../web/src/ui/route';

describe('parseRoute', () => {
  it('reads the deep links the page advertises', () => {
    expect(parseRoute('#similar?title=Toy%20Story&k=10')).toEqual({ tab: 'similar', title: 'Toy Story', k: 10 });
    expect(parseRoute('#user?id=1')).toEqual({ tab: 'user', id: '1', k: DEFAULT_K });
    expect(parseRoute('#describe?q=a%20space%20adventure&k=5')).toEqual({ tab: 'describe', text: 'a space adventure', k: 5 });
    expect(parseRoute('#about')).toEqual({ tab: 'about' });
  });

  it('opens Similar for an empty or unknown hash', () => {
    expect(parseRoute('')).toEqual({ tab: 'similar', title: '', k: DEFAULT_K });
    expect(parseRoute('#')).toEqual({ tab: 'similar', title: '', k: DEFAULT_K });
    expect(parseRoute('#nonsense?title=x')).toEqual({ tab: 'similar', title: 'x', k: DEFAULT_K });
  });

  it('accepts "+" for spaces and tolerates malformed escapes', () => {
    expect(parseRoute('#describe?q=lonely+robot')).toMatchObject({ text: 'lonely robot' });
    expect(parseRoute('#similar?title=%E0%A4%A')).toMatchObject({ tab: 'similar' });
  });

  it('keeps unicode and reserved characters of titles', () => {
    const route = { tab: 'similar', title: 'Amélie (Fabuleux destin d\'Amélie Poulain, Le) & co #1?', k: 7 } as const;
    expect(parseRoute(formatRoute(route))).toEqual(route);
  });

  it('falls back to the default k outside 1–50', () => {
    expect(parseRoute('#similar?title=Heat&k=0')).toMatchObject({ k: DEFAULT_K });
    expect(parseRoute('#similar?title=Heat&k=51')).toMatchObject({ k: DEFAULT_K });
    expect(parseRoute('#similar?title=Heat&k=abc')).toMatchObject({ k: DEFAULT_K });
    expect(parseRoute('#similar?title=Heat&k=50')).toMatchObject({ k: 50 });
    expect(parseRoute('#similar?title=Heat&k=1')).toMatchObject({ k: 1 });
  });
});

describe('formatRoute', () => {
  it('writes spaces as %20 and leaves out empty queries', () => {
    expect(formatRoute({ tab: 'similar', title: 'Toy Story', k: 10 })).toBe('#similar?title=Toy%20Story&k=10');
    expect(formatRoute({ tab: 'similar', title: '', k: 10 })).toBe('#similar');
    expect(formatRoute({ tab: 'user', id: '1', k: 10 })).toBe('#user?id=1&k=10');
    expect(formatRoute({ tab: 'describe', text: '', k: 3 })).toBe('#describe');
    expect(formatRoute({ tab: 'about' })).toBe('#about');
  });
});

describe('k and user id input', () => {
  it('accepts whole numbers from 1 to 50 only', () => {
    expect(parseKInput('10')).toBe(10);
    expect(parseKInput(' 50 ')).toBe(50);
    expect(parseKInput('0')).toBeNull();
    expect(parseKInput('51')).toBeNull();
    expect(parseKInput('2.5')).toBeNull();
    expect(parseKInput('')).toBeNull();
    expect(parseK(null)).toBe(DEFAULT_K);
  });

  it('explains ids that are not positive whole numbers', () => {
    expect(userIdProblem('1')).toBeNull();
    expect(userIdProblem('9999')).toBeNull(); // a well-formed id; the engine says whether it exists
    expect(userIdProblem('')).toMatch(/Enter/);
    expect(userIdProblem('abc')).toMatch(/not a user id/);
    expect(userIdProblem('0')).toMatch(/not a user id/);
    expect(userIdProblem('-3')).toMatch(/not a user id/);
    expect(userIdProblem('99999999999')).toMatch(/not a user id/);
  });
});
