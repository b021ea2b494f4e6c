// When a stream's events arrived, kept for report.html's timeline in bounded memory whatever the
// stream's length: every event until MAX_ARRIVALS are kept, then every second one, every fourth…
// (the kept times stay evenly spread over the events, so a late burst still shows as one).
import type { EventArrivals } from '../report/model.ts';

export const MAX_ARRIVALS = 256;

export class ArrivalSampler {
  private every = 1;
  private count = 0;
  private times: number[] = [];
  private last = 0;

  add(atMs: number): void {
    if (this.count % this.every === 0) {
      this.times.push(atMs);
      if (this.times.length > MAX_ARRIVALS) {
        this.times = this.times.filter((_, i) => i % 2 === 0);
        this.every *= 2;
      }
    }
    this.count++;
    this.last = atMs;
  }

  /** Absent when no event arrived. */
  result(end: { endMs: number; idleTimeoutMs: number; idleEnded: boolean }): EventArrivals | undefined {
    if (this.count === 0) return undefined;
    return { every: this.every, atMs: [...this.times], lastMs: this.last, endMs: end.endMs, idleTimeoutMs: end.idleTimeoutMs, ...(end.idleEnded && { idleEnded: true }) };
  }
}
