// What `relaycheck fidelity` holds a relay to, one entry per stable finding id. Reports, JUnit names
// and the simulated unfaithful relays refer to these ids: never reuse or rename one.
// required: Codex (or the agent) loses function (its tools, its tool calls, its context, double
// billing, a stream it cannot see); recommended: a difference it survives.
import type { Severity } from '../report/model.ts';

export const FidelityId = {
  toolsPreserved: 'fidelity.tools-preserved',
  noInjectedInput: 'fidelity.no-injected-input',
  instructionsPreserved: 'fidelity.instructions-preserved',
  requestFieldsPreserved: 'fidelity.request-fields-preserved',
  modelPreserved: 'fidelity.model-preserved',
  singleUpstreamCall: 'fidelity.single-upstream-call',
  toolCallsReturned: 'fidelity.tool-calls-returned',
  streamNotBuffered: 'fidelity.stream-not-buffered',
  eventsPreserved: 'fidelity.events-preserved',
  reasoningRoundTrip: 'fidelity.reasoning-round-trip',
  sessionHeadersForwarded: 'fidelity.session-headers-forwarded',
  clientKeyNotForwarded: 'fidelity.client-key-not-forwarded',
} as const;

export type FidelityIdValue = (typeof FidelityId)[keyof typeof FidelityId];

export interface FidelityRule {
  id: FidelityIdValue;
  severity: Severity;
  /** The rule in one sentence, shown with every finding. */
  rule: string;
}

export const FIDELITY_RULES: readonly FidelityRule[] = [
  { id: FidelityId.toolsPreserved, severity: 'required', rule: 'Every tool the client sent reaches the upstream with the same name, type and schema or grammar; none is added.' },
  { id: FidelityId.noInjectedInput, severity: 'required', rule: 'The upstream gets no input item, message or environment context the client did not send, and none of the client\'s is dropped.' },
  { id: FidelityId.instructionsPreserved, severity: 'required', rule: '`instructions` and the developer messages reach the upstream unchanged.' },
  { id: FidelityId.requestFieldsPreserved, severity: 'recommended', rule: 'Request fields (store, include, reasoning, prompt_cache_key, parallel_tool_calls, tool_choice, text, client_metadata, …) pass through unchanged; none is added.' },
  { id: FidelityId.modelPreserved, severity: 'recommended', rule: 'The upstream is asked for the model the client asked for (or its documented mapping, --model-map).' },
  { id: FidelityId.singleUpstreamCall, severity: 'required', rule: 'One client request makes one upstream request (no double billing).' },
  { id: FidelityId.toolCallsReturned, severity: 'required', rule: 'A tool call the upstream makes reaches the client with byte-identical call_id and arguments; the relay does not answer it itself.' },
  { id: FidelityId.streamNotBuffered, severity: 'required', rule: 'The relay forwards the first event before the upstream has sent its last, and each event as it comes (a median lag under half the pause between events).' },
  { id: FidelityId.eventsPreserved, severity: 'recommended', rule: 'The client gets the events the upstream sent: none dropped, added, reordered or rewritten.' },
  { id: FidelityId.reasoningRoundTrip, severity: 'required', rule: 'A reasoning item the client sends back reaches the upstream with its encrypted_content unchanged (through a chat connector: the one the upstream gave before a tool call goes back with that call).' },
  { id: FidelityId.sessionHeadersForwarded, severity: 'recommended', rule: "Codex's session and request id headers reach the upstream." },
  { id: FidelityId.clientKeyNotForwarded, severity: 'recommended', rule: "The client's key is not sent to an upstream that is not the client's." },
];

export const fidelityRule = (id: FidelityIdValue): FidelityRule => FIDELITY_RULES.find((r) => r.id === id)!;
