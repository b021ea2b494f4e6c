// Delivers each event only to the observers that look at its type (Check.observes): on a stream of
// 240,000 deltas most checks want a handful of events, and calling every check for every event was
// a large part of validating one. A sink that throws is told so (its `crashed`) and given no more
// events; the router calls each sink directly, since a wrapper per sink was one more call per event.
import type { EventSink } from './check.ts';
import type { StreamEvent } from '../exchange/exchange-end.ts';

export interface Route {
  sink: EventSink;
  /** The event types it observes; absent: every event. */
  observes?: readonly string[];
  /** Called once if the sink throws, which then gets no further event; absent: the error propagates. */
  crashed?(error: unknown): void;
}

export function routeEvents(routes: readonly Route[]): EventSink {
  let everyEvent: Route[] = [];
  const byType = new Map<string, Route[]>();
  for (const route of routes) {
    if (!route.sink.event) continue;
    if (!route.observes) {
      everyEvent.push(route);
      continue;
    }
    for (const type of new Set(route.observes)) {
      const typed = byType.get(type);
      if (typed) typed.push(route);
      else byType.set(type, [route]);
    }
  }
  // Fresh arrays, so a loop that is delivering the current event goes on over the old one.
  const drop = (crashed: Route) => {
    everyEvent = everyEvent.filter((route) => route !== crashed);
    for (const [type, typed] of byType) byType.set(type, typed.filter((route) => route !== crashed));
  };
  const deliver = (routesForEvent: readonly Route[], event: StreamEvent) => {
    for (const route of routesForEvent) {
      try {
        route.sink.event!(event);
      } catch (error) {
        if (!route.crashed) throw error;
        drop(route);
        route.crashed(error);
      }
    }
  };
  return {
    event(event: StreamEvent) {
      deliver(everyEvent, event);
      if (event.type === undefined) return;
      const typed = byType.get(event.type);
      if (typed) deliver(typed, event);
    },
  };
}
