import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../harness/exchange/exchange-end.ts';
import { routeEvents } from '../harness/checks/event-routing.ts';

const ev = (index: number, type?: string): StreamEvent => ({ index, atMs: 0, data: '{}', dataLines: 1, ...(type !== undefined && { type }) });
const recorder = () => {
  const seen: number[] = [];
  return { seen, sink: { event: (e: StreamEvent) => void seen.push(e.index) } };
};

describe('routeEvents', () => {
  const events = [ev(0, 'response.created'), ev(1), ev(2, 'response.output_text.delta'), ev(3, 'response.output_item.done'), ev(4, 'response.output_text.delta')];

  it('gives a sink that names no types every event, typed or not, in order', () => {
    const all = recorder();
    const router = routeEvents([{ sink: all.sink }]);
    for (const e of events) router.event!(e);
    expect(all.seen).toEqual([0, 1, 2, 3, 4]);
  });

  it('gives a sink that names types only events of those types, and one that names none nothing', () => {
    const deltas = recorder();
    const done = recorder();
    const nothing = recorder();
    const router = routeEvents([
      { sink: deltas.sink, observes: ['response.output_text.delta', 'response.output_text.delta'] },
      { sink: done.sink, observes: ['response.output_item.done', 'response.created'] },
      { sink: nothing.sink, observes: [] },
      { sink: {}, observes: ['response.created'] },
    ]);
    for (const e of events) router.event!(e);
    expect(deltas.seen).toEqual([2, 4]);
    expect(done.seen).toEqual([0, 3]);
    expect(nothing.seen).toEqual([]);
  });
});
