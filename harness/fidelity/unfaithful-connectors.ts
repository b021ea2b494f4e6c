// The translating connector made unfaithful in each way chat→Responses connectors are reported to be
// (codex-wire.md §7, last bullet): each entry names the one finding `relaycheck fidelity --sides chat`
// must report for it.
import { FidelityId } from './finding-ids.ts';
import type { ConnectorBehaviour } from './translating-connector.ts';
import type { Unfaithful } from './unfaithful.ts';

export type UnfaithfulConnector = Unfaithful<ConnectorBehaviour>;

export const UNFAITHFUL_CONNECTORS: readonly UnfaithfulConnector[] = [
  {
    name: 'reformats-arguments',
    description: "re-serializes a tool call's arguments (parsed and pretty-printed) before the agent gets them",
    finding: FidelityId.toolCallsReturned,
    behaviour: { toolArguments: (args) => JSON.stringify(JSON.parse(args), null, 2) },
  },
  {
    name: 'drops-reasoning',
    description: 'drops the reasoning item that preceded a tool call when the agent sends the call back with its result',
    finding: FidelityId.reasoningRoundTrip,
    behaviour: { dropReasoning: true },
  },
  {
    name: 'strips-schema-keywords',
    description: 'strips `$schema` and `additionalProperties` from the tools’ parameters, as connectors do for a strict backend',
    finding: FidelityId.toolsPreserved,
    behaviour: {
      parameters: ({ $schema: _schema, additionalProperties: _extra, ...kept }) => kept,
    },
  },
  {
    name: 'drops-reasoning-summaries',
    description: "passes the upstream's answer text on but not its reasoning summaries, so a reasoning-only reply reaches the agent empty",
    finding: FidelityId.eventsPreserved,
    behaviour: { dropSummaries: true },
  },
  {
    name: 'drops-settings',
    description: "sends the conversation and the tools but none of the agent's settings (tool_choice, parallel_tool_calls, reasoning_effort, max_completion_tokens)",
    finding: FidelityId.requestFieldsPreserved,
    behaviour: { dropSettings: true },
  },
];
