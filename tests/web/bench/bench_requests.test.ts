// The benchmark build's extra request: only "bench" messages are its own, and their payload is checked.
import { describe, expect, it } from 'vitest';
import { benchRequests, parseBenchPayload, parseBenchProfile } from '../../../web/src/bench/bench_requests';

describe('bench requests', () => {
  it('leaves every other message to the visitors\' protocol', () => {
    expect(benchRequests(1, 'similar', { movieIndex: 0, k: 10 })).toBeUndefined();
    expect(benchRequests(1, undefined, undefined)).toBeUndefined();
  });

  it('checks the payload and names the bad field', () => {
    expect(parseBenchPayload({ kind: 'jsScan', inputs: [1, 2], k: 10 })).toEqual({ kind: 'jsScan', inputs: [1, 2], k: 10 });
    expect(() => parseBenchPayload({ kind: 'mine', inputs: [], k: 5 })).toThrow(/"kind"/);
    expect(() => parseBenchPayload({ kind: 'similar', inputs: [{}], k: 5 })).toThrow(/"inputs"/);
    expect(() => parseBenchPayload({ kind: 'similar', inputs: [], k: 0 })).toThrow(/k must be between 1 and 50/);
    expect(() => parseBenchPayload({ kind: 'profile', inputs: [], k: 5, filter: { genres: 3 } })).toThrow(/filter/);
  });

  it('reads "row:stars" profiles', () => {
    const { rows, stars } = parseBenchProfile('3:4.5,10:0,');
    expect(Array.from(rows)).toEqual([3, 10]);
    expect(Array.from(stars)).toEqual([4.5, 0]);
    expect(() => parseBenchProfile('3:6')).toThrow(/bad profile entry "3:6"/);
  });
});
