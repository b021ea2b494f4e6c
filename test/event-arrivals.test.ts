// The arrival times kept for report.html's timeline: every event of a short stream, an evenly
// spread bounded sample of a long one, with its last event and how reading ended.
import { describe, expect, it } from 'vitest';
import { ArrivalSampler, MAX_ARRIVALS } from '../harness/exchange/event-arrivals.ts';

const sampled = (count: number, at: (i: number) => number) => {
  const sampler = new ArrivalSampler();
  for (let i = 0; i < count; i++) sampler.add(at(i));
  return sampler.result({ endMs: at(count - 1) + 5, idleTimeoutMs: 300_000, idleEnded: false });
};

describe('ArrivalSampler', () => {
  it('keeps every event of a short stream', () => {
    expect(sampled(3, (i) => i * 10)).toEqual({ every: 1, atMs: [0, 10, 20], lastMs: 20, endMs: 25, idleTimeoutMs: 300_000 });
    expect(new ArrivalSampler().result({ endMs: 1, idleTimeoutMs: 1, idleEnded: false })).toBeUndefined();
  });

  it.each([MAX_ARRIVALS, MAX_ARRIVALS + 1, 20_000, 1_000_003])('keeps at most %i + 1 times of a long stream, each the time of event k·every', (count) => {
    const result = sampled(count, (i) => i)!;
    expect(result.atMs.length).toBeLessThanOrEqual(MAX_ARRIVALS + 1);
    expect(result.atMs.length).toBeGreaterThan(MAX_ARRIVALS / 2);
    // Event i arrived at i ms: the kept times are exactly 0, every, 2·every, …
    expect(result.atMs).toEqual(result.atMs.map((_, k) => k * result.every));
    expect(result.lastMs).toBe(count - 1);
    expect(result.atMs.at(-1)! + result.every).toBeGreaterThan(count - 1);
  });

  it('says when reading stopped on the idle timeout', () => {
    const sampler = new ArrivalSampler();
    sampler.add(4);
    expect(sampler.result({ endMs: 600, idleTimeoutMs: 500, idleEnded: true })).toMatchObject({ idleEnded: true, endMs: 600 });
  });
});
