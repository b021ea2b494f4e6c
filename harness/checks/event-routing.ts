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
  const live = routes.filter((route) => route.sink.event);
  // Per type, one list: the every-event routes, then those that name the type. One loop and one
  // lookup per event, and none while the type repeats (a run of deltas), instead of two of each.
  let everyEvent: Route[] = [];
  let byType = new Map<string, Route[]>();
  const plan = () => {
    everyEvent = live.filter((route) => !route.observes);
    byType = new Map();
    for (const route of live) {
      for (const type of new Set(route.observes)) {
        const typed = byType.get(type);
        if (typed) typed.push(route);
        else byType.set(type, [...everyEvent, route]);
      }
    }
  };
  plan();
  // null: no type remembered (an event's type is a string or undefined).
  let lastType: string | undefined | null = null;
  let lastRoutes = everyEvent;
  // Fresh arrays, so a loop that is delivering the current event goes on over the old one; the
  // remembered type is forgotten, its list being one of the old ones.
  const drop = (crashed: Route) => {
    live.splice(live.indexOf(crashed), 1);
    plan();
    lastType = null;
  };
  return {
    event(event: StreamEvent) {
      const type = event.type;
      if (type !== lastType) {
        lastType = type;
        lastRoutes = (type !== undefined && byType.get(type)) || everyEvent;
      }
      for (const route of lastRoutes) {
        try {
          route.sink.event!(event);
        } catch (error) {
          if (!route.crashed) throw error;
          drop(route);
          route.crashed(error);
        }
      }
    },
  };
}
