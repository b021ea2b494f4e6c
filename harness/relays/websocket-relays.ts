// The simulated relays of the websocket suite: the reference relay (HTTP as ever) whose WebSocket
// side has one thing wrong. `violates` is the contract with the checks, as in catalogue.ts, for a
// run of the websocket suite whose provider uses WebSockets. They are apart from RELAYS because over
// HTTP each is the reference relay: a run without the websocket suite sees no fault.
import { CheckId } from '../checks/ids.ts';
import type { SimulatedRelay } from './catalogue.ts';
import { referenceHandlers } from './reference-relay.ts';
import type { RelayOptions } from './relay-options.ts';
import type { ServeOptions } from './serve-handlers.ts';
import { type RunningRelay, STALLS, serveRelay } from './simulated-relay.ts';
import { type WebSocketFault, websocketUpgrade } from './websocket-relay.ts';
import { WEBSOCKET_SUITE_ID } from '../run/suite.ts';

/** Small enough that the suite's 4 MiB frame goes over it, big enough for every recorded frame. */
const SMALL_FRAME_LIMIT = 1024 * 1024;

/** The reference relay whose WebSocket side has `fault`; its violations are a websocket-suite run's. */
function websocketFaulty(name: string, description: string, fault: WebSocketFault, violates: SimulatedRelay['violates'], expectedCodexVerdict: SimulatedRelay['expectedCodexVerdict'], extra: Partial<SimulatedRelay> = {}): SimulatedRelay {
  return {
    name,
    description,
    violates,
    showsOn: ['message'],
    expectedCodexVerdict,
    suites: [WEBSOCKET_SUITE_ID],
    handlers: (opts: RelayOptions = {}) => referenceHandlers(opts),
    upgrade: (opts: RelayOptions = {}) => websocketUpgrade(opts, fault),
    ...extra,
  };
}

export const WEBSOCKET_RELAYS: readonly SimulatedRelay[] = [
  websocketFaulty('websocket-404', 'Serves HTTPS only: the WebSocket upgrade of /v1/responses answers 404', { refuseUpgrade: 404 }, [CheckId.websocketUpgrade], 'partial'),
  websocketFaulty('websocket-426', 'Answers the WebSocket upgrade 426 Upgrade Required: "use HTTPS"', { refuseUpgrade: 426 }, [], 'compatible'),
  websocketFaulty(
    'websocket-silent',
    'Accepts the WebSocket upgrade and never sends a frame',
    { silent: true },
    [CheckId.websocketPrewarm, CheckId.idleGap, CheckId.websocketUnknownPreviousResponse, CheckId.websocketLargeFrame],
    'partial',
    { ...STALLS, holdsOpenAfter: 0 },
  ),
  // With Codex's default stream retries it reconnects and resends the whole conversation, and the
  // turn completes: a warning; with stream_max_retries = 0 it falls back to HTTPS (see the test).
  websocketFaulty('websocket-forgets-responses', 'Keeps no state per socket: every previous_response_id gets previous_response_not_found', { forgetsResponses: true }, [CheckId.websocketPreviousResponseKept], 'compatible'),
  websocketFaulty('websocket-small-frames', 'Closes the socket (1009) on a frame over 1 MiB, as proxies with a small frame limit do', { maxFrameBytes: SMALL_FRAME_LIMIT }, [CheckId.websocketLargeFrame], 'partial'),
];

export function getWebSocketRelay(name: string): SimulatedRelay | undefined {
  return WEBSOCKET_RELAYS.find((r) => r.name === name);
}

/** Serves the named relay on a loopback port: HTTP like the reference, WebSocket with its fault. */
export function startWebSocketRelay(relay: SimulatedRelay, opts: RelayOptions & ServeOptions = {}): Promise<RunningRelay> {
  return serveRelay(relay, opts);
}
