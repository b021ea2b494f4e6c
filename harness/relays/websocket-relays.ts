// The simulated relays of the websocket suite: the reference relay (HTTP as ever) whose WebSocket
// side has one thing wrong. `violates` is the contract with the checks, as in catalogue.ts, for a
// run of the websocket suite whose provider uses WebSockets. They are apart from RELAYS because over
// HTTP each is the reference relay: a run without the websocket suite sees no fault.
import type { CheckIdValue } from '../checks/ids.ts';
import { CheckId } from '../checks/ids.ts';
import type { CodexVerdict } from '../model.ts';
import { referenceHandlers } from './reference-relay.ts';
import type { RelayOptions } from './relay-options.ts';
import { type ServeOptions, serveHandlers } from './serve-handlers.ts';
import { type WebSocketFault, websocketUpgrade } from './websocket-relay.ts';
import type { RunningRelay } from './catalogue.ts';

export interface WebSocketRelay {
  name: string;
  description: string;
  fault: WebSocketFault;
  /** Check ids a websocket-suite run fails, the fault's own first. */
  violates: CheckIdValue[];
  expectedCodexVerdict: CodexVerdict;
}

/** Small enough that the suite's 4 MiB frame goes over it, big enough for every recorded frame. */
const SMALL_FRAME_LIMIT = 1024 * 1024;

export const WEBSOCKET_RELAYS: readonly WebSocketRelay[] = [
  {
    name: 'websocket-404',
    description: 'Serves HTTPS only: the WebSocket upgrade of /v1/responses answers 404',
    fault: { refuseUpgrade: 404 },
    violates: [CheckId.websocketUpgrade],
    expectedCodexVerdict: 'partial',
  },
  {
    name: 'websocket-426',
    description: 'Answers the WebSocket upgrade 426 Upgrade Required: "use HTTPS"',
    fault: { refuseUpgrade: 426 },
    violates: [],
    expectedCodexVerdict: 'compatible',
  },
  {
    name: 'websocket-silent',
    description: 'Accepts the WebSocket upgrade and never sends a frame',
    fault: { silent: true },
    violates: [CheckId.websocketPrewarm, CheckId.idleGap, CheckId.websocketUnknownPreviousResponse, CheckId.websocketLargeFrame],
    expectedCodexVerdict: 'partial',
  },
  {
    name: 'websocket-forgets-responses',
    description: 'Keeps no state per socket: every previous_response_id gets previous_response_not_found',
    fault: { forgetsResponses: true },
    violates: [CheckId.websocketPreviousResponseKept],
    // With Codex's default stream retries it reconnects and resends the whole conversation, and the
    // turn completes: a warning; with stream_max_retries = 0 it falls back to HTTPS (see the test).
    expectedCodexVerdict: 'compatible',
  },
  {
    name: 'websocket-small-frames',
    description: 'Closes the socket (1009) on a frame over 1 MiB, as proxies with a small frame limit do',
    fault: { maxFrameBytes: SMALL_FRAME_LIMIT },
    violates: [CheckId.websocketLargeFrame],
    expectedCodexVerdict: 'partial',
  },
];

export function getWebSocketRelay(name: string): WebSocketRelay | undefined {
  return WEBSOCKET_RELAYS.find((r) => r.name === name);
}

/** Serves the named relay on a loopback port: HTTP like the reference, WebSocket with its fault. */
export async function startWebSocketRelay(relay: WebSocketRelay, opts: RelayOptions & ServeOptions = {}): Promise<RunningRelay> {
  const { host, port, ...relayOptions } = opts;
  const served = await serveHandlers(referenceHandlers(relayOptions), { host, port, upgrade: websocketUpgrade(relayOptions, relay.fault) });
  return { name: relay.name, baseUrl: `${served.url}/v1`, close: served.close };
}
