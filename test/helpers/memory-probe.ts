// Peak memory while a piece of work runs: heap and RSS sampled every few milliseconds, against a
// baseline taken after a full garbage collection. A bound to assert, not a timing.
import v8 from 'node:v8';
import vm from 'node:vm';

v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

const SAMPLE_EVERY_MS = 10;

export interface MemoryGrowth<T> {
  result: T;
  heapGrowthBytes: number;
  rssGrowthBytes: number;
  /** Heap still in use after the work and a full collection, while its result is alive: what it kept. */
  retainedHeapBytes: number;
}

export async function measurePeakMemory<T>(run: () => Promise<T>): Promise<MemoryGrowth<T>> {
  collectGarbage();
  const base = process.memoryUsage();
  let peakHeap = base.heapUsed;
  let peakRss = base.rss;
  const sample = () => {
    const now = process.memoryUsage();
    peakHeap = Math.max(peakHeap, now.heapUsed);
    peakRss = Math.max(peakRss, now.rss);
  };
  const timer = setInterval(sample, SAMPLE_EVERY_MS);
  try {
    const result = await run();
    sample();
    collectGarbage();
    const retainedHeapBytes = process.memoryUsage().heapUsed - base.heapUsed;
    return { result, heapGrowthBytes: peakHeap - base.heapUsed, rssGrowthBytes: peakRss - base.rss, retainedHeapBytes };
  } finally {
    clearInterval(timer);
  }
}
