// What a run against the latency-injecting reference relay must cost at the least: its injected
// delays, scheduled as well as the runner's concurrency allows. Runner overhead is measured against
// this. sse-body.ts pauses before every frame after the first and once more before it closes the
// stream, and the runner reads to that close: a stream of n events carries n pauses.
import type { CaseResult } from '../harness/report/model.ts';

export interface InjectedLatency {
  firstByteMs: number;
  betweenEventsMs: number;
}

export function injectedMs(result: CaseResult, latency: InjectedLatency): number {
  const events = result.transcript?.eventsTotal ?? 0;
  return latency.firstByteMs + latency.betweenEventsMs * events;
}

/** A lower bound on wall time for jobs run `concurrency` at a time: the busiest lane, greedily filled. */
export function idealWallMs(jobsMs: number[], concurrency: number): number {
  const lanes = new Array<number>(Math.max(1, concurrency)).fill(0);
  for (const job of [...jobsMs].sort((a, b) => b - a)) {
    const lane = lanes.indexOf(Math.min(...lanes));
    lanes[lane]! += job;
  }
  return Math.max(...lanes);
}
