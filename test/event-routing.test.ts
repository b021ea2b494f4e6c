import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../harness/exchange/exchange-end.ts';
import { routeEvents } from '../harness/checks/event-routing.ts';
import type { ExchangeEnd } from '../harness/exchange/exchange-end.ts';
import type { CaseContext, Check } from '../harness/checks/check.ts';
import { CheckId } from '../harness/checks/ids.ts';
import { GuardedObserver } from '../harness/run/run-case.ts';

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

  it('stops giving events to a sink that throws and tells it once, while the others get every event', () => {
    const steady = recorder();
    const seen: Record<string, number[]> = { all: [], deltas: [] };
    const crashes: string[] = [];
    const fragile = (name: string, at: number) => ({
      sink: {
        event(e: StreamEvent) {
          seen[name]!.push(e.index);
          if (e.index === at) throw new Error(name);
        },
      },
      crashed: (error: unknown) => void crashes.push((error as Error).message),
    });
    const router = routeEvents([fragile('all', 2), { sink: steady.sink }, { ...fragile('deltas', 2), observes: ['response.output_text.delta'] }]);
    for (const e of events) router.event!(e);
    expect(seen).toEqual({ all: [0, 1, 2], deltas: [2] });
    expect(crashes).toEqual(['all', 'deltas']);
    expect(steady.seen).toEqual([0, 1, 2, 3, 4]);
  });

  it('gives a crashed sink none of the rest of a run of events of one type', () => {
    const seen: number[] = [];
    const crashes: number[] = [];
    const steady = recorder();
    const deltas = recorder();
    const router = routeEvents([
      { sink: { event: (e: StreamEvent) => { seen.push(e.index); if (e.index === 1) throw new Error('second delta'); } }, observes: ['response.output_text.delta'], crashed: () => void crashes.push(1) },
      { sink: steady.sink },
      { sink: deltas.sink, observes: ['response.output_text.delta'] },
    ]);
    for (const index of [0, 1, 2, 3]) router.event!(ev(index, 'response.output_text.delta'));
    router.event!(ev(4));
    expect(seen).toEqual([0, 1]);
    expect(crashes).toEqual([1]);
    expect(steady.seen).toEqual([0, 1, 2, 3, 4]);
    expect(deltas.seen).toEqual([0, 1, 2, 3]);
  });

  it('lets the error of a sink without crashed() propagate', () => {
    const router = routeEvents([{ sink: { event: () => { throw new Error('no guard'); } } }]);
    expect(() => router.event!(events[0]!)).toThrow('no guard');
  });
});

describe('GuardedObserver, routed', () => {
  const end: ExchangeEnd = { ending: 'eof', durationMs: 1, bytes: 2, events: 2, comments: 0, framing: [], maxGapMs: 0, head: { status: 200, headers: {}, url: 'http://127.0.0.1/v1/responses', headersMs: 0 } };
  const context = { expectedReply: { kind: 'message' }, requestBody: {}, idleTimeoutMs: 1000, failedCloseGraceMs: 100 } as unknown as CaseContext;
  const checkWith = (event: () => void): Check => ({
    id: CheckId.eventsParse,
    severity: 'recommended',
    title: 'test check',
    requirement: 'test requirement',
    observe: () => ({ event, end: () => ({ status: 'pass', message: 'fine' }) }),
  });

  it("turns a throw in the check's event() into its failure, and gives it no further event", () => {
    let calls = 0;
    const guarded = new GuardedObserver(
      checkWith(() => {
        calls++;
        throw new Error('kaboom');
      }),
      context,
    );
    const router = routeEvents([guarded.route()]);
    router.event!(ev(0, 'response.created'));
    router.event!(ev(1, 'response.completed'));
    expect(calls).toBe(1);
    expect(guarded.result(end)).toMatchObject({ status: 'fail', message: 'the check crashed: kaboom' });
  });

  it('passes a check whose event() does not throw', () => {
    const guarded = new GuardedObserver(checkWith(() => undefined), context);
    routeEvents([guarded.route()]).event!(ev(0, 'response.created'));
    expect(guarded.result(end)).toMatchObject({ status: 'pass', message: 'fine' });
  });
});
