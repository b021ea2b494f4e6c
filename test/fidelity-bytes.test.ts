// Every forwarding relay and translating connector of harness/fidelity/, faithful and unfaithful,
// pinned at the byte level as test/relay-bytes.test.ts pins the simulated relays: served in front of
// the reference upstream on loopback and sent fixed requests, its pin is what it sent the upstream
// (test/helpers/forwarded-bytes.ts) and what it answered the client, in
// test/relay-bytes/<catalogue>/<name>.txt. Nothing is normalised: the upstream's ids are seeded by
// the request body and its clock is fixed. A relay without a pin fails here; write one with
// `npx vitest run test/fidelity-bytes.test.ts -u` and read it in the diff.
import { describe, expect, it } from 'vitest';
import { AGENT_SETTINGS, type AgentToolCall, CHAT_DEFAULT_MODEL, CHAT_PATH, type ChatRequestKind, chatRequestBody } from '../harness/chat/agent-requests.ts';
import { startForwardingRelay } from '../harness/fidelity/forwarding-relay.ts';
import { type CasePlan, startReferenceUpstream } from '../harness/fidelity/reference-upstream.ts';
import { startTranslatingConnector } from '../harness/fidelity/translating-connector.ts';
import type { ServedHandlers } from '../harness/relays/serve-handlers.ts';
import { upstreamRequestText } from './helpers/forwarded-bytes.ts';
import { nonEmpty } from './helpers/non-empty.ts';
import { RELAY_CATALOGUES, pinOf } from './helpers/relay-catalogues.ts';
import { type PinRequest, fixtureRequest, httpExchange } from './helpers/relay-bytes.ts';

/** A placeholder, never a key: what the client sends, so a relay that forwards it shows it. */
const CLIENT_KEY = 'Bearer {{api_key}}';

const withKey = (request: PinRequest): PinRequest => ({ ...request, headers: { ...request.headers, authorization: CLIENT_KEY } });

/** Codex's tool-call turn (every tool kind, a call streamed back) and a follow-up sending a reasoning item back. */
const RESPONSES_REQUESTS = [fixtureRequest('tool-call-gpt-5.5'), fixtureRequest('after-reasoning-gpt-5.5')].map(withKey);

function chatRequest(kind: ChatRequestKind, calls?: readonly AgentToolCall[]): PinRequest {
  return withKey({ label: `chat ${kind}`, method: 'POST', path: CHAT_PATH, headers: { 'content-type': 'application/json' }, body: JSON.stringify(chatRequestBody(kind, CHAT_DEFAULT_MODEL, calls, AGENT_SETTINGS)) });
}

/** The tool calls an agent read from a chat stream's pinned text, pieces joined by index. */
function chatCalls(answer: string): AgentToolCall[] {
  const calls: AgentToolCall[] = [];
  for (const [, data] of answer.matchAll(/^data: (\{.*\})$/gm)) {
    const chunk = JSON.parse(data!) as { choices?: Array<{ delta?: { tool_calls?: Array<{ index: number; id?: string; function?: { name?: string; arguments?: string } }> } }> };
    for (const piece of chunk.choices?.[0]?.delta?.tool_calls ?? []) {
      const call = (calls[piece.index] ??= { id: '', name: '', arguments: '' });
      call.id ||= piece.id ?? '';
      call.name ||= piece.function?.name ?? '';
      call.arguments += piece.function?.arguments ?? '';
    }
  }
  return calls;
}

/** Pins created_at, so a stream is the same bytes on every run. */
const NOW = () => 1_800_000_000;

/**
 * One client request through `relay`: what the upstream got for it (each call, when the relay makes
 * more than one) and what the client got back.
 */
async function through(relay: ServedHandlers, upstream: Awaited<ReturnType<typeof startReferenceUpstream>>, request: PinRequest, plan: CasePlan): Promise<string> {
  upstream.beginCase(plan);
  // A Responses answer echoes the tools the upstream got; a translation's answer has none.
  const answer = await httpExchange(`${relay.url}/v1`, request, undefined, () => upstream.recorded().exchanges.at(-1)?.bodyText);
  const { exchanges, uncounted } = upstream.recorded();
  const sent = nonEmpty(exchanges, `${request.label}: the upstream's requests`).map((exchange) => upstreamRequestText(exchange, request));
  return [...sent, ...(uncounted > 0 ? [`⟨${uncounted} more upstream requests⟩`] : []), answer.replace(/^### /, '### client got, for ')].join('\n\n');
}

interface Pinned {
  name: string;
  start(upstreamUrl: string): Promise<ServedHandlers>;
  /** The client's requests, each built from the answers before it. */
  exchange(send: (request: PinRequest, plan?: CasePlan) => Promise<string>): Promise<string[]>;
}

const relays: Pinned[] = RELAY_CATALOGUES['fidelity-relays'].map((entry) => ({
  name: entry.name,
  start: (upstreamUrl) => startForwardingRelay(upstreamUrl, entry.behaviour),
  // Each relay gets its side's requests; the faithful one serves both sides.
  exchange: async (send) => {
    const side = 'side' in entry ? entry.side : entry.name === 'faithful' ? undefined : 'responses';
    const requests = [...(side !== 'chat' ? RESPONSES_REQUESTS : []), ...(side !== 'responses' ? [chatRequest('tool-call')] : [])];
    const parts: string[] = [];
    for (const request of requests) parts.push(await send(request));
    return parts;
  },
}));

const connectors: Pinned[] = RELAY_CATALOGUES['fidelity-connectors'].map((entry) => ({
  name: entry.name,
  start: (upstreamUrl) => startTranslatingConnector(upstreamUrl, entry.behaviour),
  // The agent's whole tool turn, the upstream reasoning before its call (as fidelity's chat-tool-turn
  // case): the follow-up carries the calls the agent got, which the connector must match to that reasoning.
  exchange: async (send) => {
    const plan = { reasoning: true };
    const first = await send(chatRequest('tool-call'), plan);
    return [first, await send(chatRequest('after-tool-call', nonEmpty(chatCalls(first), 'the tool calls the agent got')), plan)];
  },
}));

describe('every fidelity relay and connector is pinned at the byte level', () => {
  for (const [catalogue, entries] of [['fidelity-relays', relays], ['fidelity-connectors', connectors]] as const) {
    describe(catalogue, () => {
      it.each(nonEmpty(entries.map((entry) => [entry.name, entry] as const), catalogue))('%s', async (name, entry) => {
        const file = pinOf(catalogue, name);
        const upstream = await startReferenceUpstream({ now: NOW });
        const relay = await entry.start(upstream.url);
        try {
          const parts = await entry.exchange((request, plan = {}) => through(relay, upstream, request, plan));
          await expect(parts.join('\n\n')).toMatchFileSnapshot(file);
        } finally {
          await relay.close();
          await upstream.close();
        }
      }, 30_000);
    });
  }
});
