// Every relay of the simulated catalogues (responses, websocket, doctor of test/helpers/relay-catalogues.ts),
// pinned at the byte level: what it answers (status, the headers, the exact body, SSE events or
// WebSocket frames) to the requests the suites send, on a real loopback port. A pin is a file in
// test/relay-bytes/<catalogue>/<relay>.txt; a relay without one fails here, so none can be added
// untested (write a new pin with `npx vitest run test/relay-bytes.test.ts -u` and read it in the
// diff). test/relay-catalogues.test.ts checks that every catalogue and entry has its pin, none stale.
import { describe, expect, it } from 'vitest';
import type { ExpectedReply } from '../harness/checks/check.ts';
import { chatRequestBody, CHAT_DEFAULT_MODEL, CHAT_PATH } from '../harness/chat/agent-requests.ts';
import type { SimulatedRelay } from '../harness/relays/catalogue.ts';
import { type SimulatedRelayBase, serveRelay } from '../harness/relays/simulated-relay.ts';
import { CHAT_SUITE_ID } from '../harness/run/suite.ts';
import { padFrame } from '../harness/websocket/run-websocket-case.ts';
import { LARGE_FRAME_BYTES } from '../suites/websocket.ts';
import { shapesSuite } from '../suites/shapes.ts';
import { MODEL_CATALOG_PATH } from '../harness/relays/model-catalog-relay.ts';
import { type PinRequest, fixtureRequest, httpExchange, websocketExchange } from './helpers/relay-bytes.ts';
import { nonEmpty } from './helpers/non-empty.ts';
import { type CatalogueName, RELAY_CATALOGUES, pinOf } from './helpers/relay-catalogues.ts';

/** Pins created_at, so a stream is the same bytes on every run. */
const NOW = () => 1_800_000_000;

/** The suites' request for each kind of reply a fault shows on. */
const TURN_FIXTURE: Record<ExpectedReply, string> = { message: 'plain-turn-gpt-5.5', function_call: 'tool-call-gpt-5.5', custom_tool_call: 'apply-patch-gpt-5.5' };

const CATALOG_REQUEST: PinRequest = { label: 'model catalog', method: 'GET', path: `${MODEL_CATALOG_PATH}?client_version=0.171.0`, headers: {} };
const SHAPE_FIXTURES = shapesSuite.cases.flatMap((c) => (c.fixture === undefined ? [] : [c.fixture]));

function chatRequest(kind: 'plain' | 'tool-call'): PinRequest {
  return { label: `chat ${kind}`, method: 'POST', path: CHAT_PATH, headers: { 'content-type': 'application/json' }, body: JSON.stringify(chatRequestBody(kind, CHAT_DEFAULT_MODEL)) };
}

/**
 * What a Responses relay is asked: the suites' request for the first reply its fault shows on, and
 * the requests after it where a fault shows later (the compaction pair, a retry, a reasoning item
 * sent back) — each relay's pin shows its own fault.
 */
function requestsFor(relay: SimulatedRelay): PinRequest[] {
  if (relay.suites?.includes(CHAT_SUITE_ID)) return [chatRequest(relay.showsOn[0] === 'function_call' ? 'tool-call' : 'plain')];
  const first = fixtureRequest(TURN_FIXTURE[relay.showsOn[0] ?? 'message']);
  if (relay.name.startsWith('compaction-')) return [fixtureRequest('compaction-remote-gpt-5.5'), fixtureRequest('after-compaction-remote-gpt-5.5'), fixtureRequest('compaction-local-gpt-5.5')];
  // The model catalog Codex GETs before the first turn (a full run of such a relay configures it).
  if (relay.modelCatalog) return [first, CATALOG_REQUEST];
  // A fault the default suites never show breaks a request shape only some configs send.
  if (relay.showsOn.length === 0) return [first, ...SHAPE_FIXTURES.map((fixture) => fixtureRequest(fixture))];
  if (relay.name.startsWith('reasoning-')) return [first, fixtureRequest('after-reasoning-gpt-5.5')];
  // The fault shows on the first try; the retry of the same request shows what follows.
  if (relay.showsWithRetries) return [first, { ...first, label: `${first.label}, again` }];
  return [first];
}

/** The websocket suite's frames: the prewarm, the turn chained to it, and the 4 MiB turn after that. */
const wsFrame = (fixture: string, padTo?: number) => (previousId: string | undefined) =>
  fixtureRequest(fixture, (frame) => {
    if (previousId) frame.previous_response_id = previousId;
    if (padTo) padFrame(frame, padTo);
  }).body!;
const WS_FRAMES = [wsFrame('ws-prewarm-gpt-5.5'), wsFrame('ws-turn-gpt-5.5'), wsFrame('ws-turn-gpt-5.5', LARGE_FRAME_BYTES)];
const WS_HEADERS = fixtureRequest('ws-prewarm-gpt-5.5').headers;

interface Catalogue {
  name: CatalogueName;
  relays: readonly SimulatedRelayBase[];
  pin(relay: SimulatedRelayBase, baseUrl: string): Promise<string>;
}

const CATALOGUES: Catalogue[] = [
  {
    name: 'responses',
    relays: RELAY_CATALOGUES.responses,
    pin: async (relay, baseUrl) => {
      const parts: string[] = [];
      for (const request of requestsFor(relay as SimulatedRelay)) parts.push(await httpExchange(baseUrl, request, relay.holdsOpenAfter));
      return parts.join('\n\n');
    },
  },
  { name: 'websocket', relays: RELAY_CATALOGUES.websocket, pin: (relay, baseUrl) => websocketExchange(baseUrl, WS_HEADERS, WS_FRAMES, relay.holdsOpenAfter) },
  // The doctor's first question to a relay: a plain turn, without a key, redirects not followed.
  { name: 'doctor', relays: RELAY_CATALOGUES.doctor, pin: (relay, baseUrl) => httpExchange(baseUrl, fixtureRequest(TURN_FIXTURE.message)) },
];


describe('every simulated relay is pinned at the byte level', () => {
  for (const catalogue of CATALOGUES) {
    describe(catalogue.name, () => {
      it.each(nonEmpty(catalogue.relays.map((relay) => [relay.name, relay] as const), `${catalogue.name} relays`))('%s', async (name, relay) => {
        const file = pinOf(catalogue.name, name);
        const running = await serveRelay(relay, { now: NOW });
        try {
          await expect(await catalogue.pin(relay, running.baseUrl)).toMatchFileSnapshot(file);
        } finally {
          await running.close();
        }
      }, 30_000);
    });
  }

});
