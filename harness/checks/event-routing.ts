// Delivers each event only to the observers that look at its type (Check.observes): on a stream of
// 240,000 deltas most checks want a handful of events, and calling every check for every event was
// a large part of validating one.
import type { EventSink } from './check.ts';
import type { StreamEvent } from '../exchange/exchange-end.ts';

export interface Route {
  sink: EventSink;
  /** The event types it observes; absent: every event. */
  observes?: readonly string[];
}

export function routeEvents(routes: readonly Route[]): EventSink {
  const everyEvent: EventSink[] = [];
  const byType = new Map<string, EventSink[]>();
  for (const { sink, observes } of routes) {
    if (!sink.event) continue;
    if (!observes) {
      everyEvent.push(sink);
      continue;
    }
    for (const type of new Set(observes)) {
      const sinks = byType.get(type);
      if (sinks) sinks.push(sink);
      else byType.set(type, [sink]);
    }
  }
  return {
    event(event: StreamEvent) {
      for (const sink of everyEvent) sink.event!(event);
      if (event.type === undefined) return;
      const typed = byType.get(event.type);
      if (typed) for (const sink of typed) sink.event!(event);
    },
  };
}
