// For the reasoning scenario: the reference answer preceded by a reasoning item carrying
// encrypted_content, as OpenAI streams it with include: ["reasoning.encrypted_content"]. Codex must
// send that item back, unchanged, in its next request: the fixture that records it shows relays the
// item they must accept (relays that re-route it across upstream accounts fail with "encrypted
// content could not be verified").
import type { ResponsesFault } from '../relays/reference-relay.ts';
import { numberEvents, type UnnumberedEvent } from '../relays/stream-builder.ts';

export const REASONING_ITEM = {
  id: 'rs_0123456789abcdef0123456789abcdef',
  type: 'reasoning',
  summary: [{ type: 'summary_text', text: 'The user wants a command run; exec_command will do.' }],
  encrypted_content: 'gAAAAABrelaycheck-recorded-reasoning-placeholder-0000000000000000',
};

export const withReasoningItem: ResponsesFault = {
  stream(plan) {
    const first = plan.events.findIndex((e) => e.type === 'response.output_item.added');
    if (first === -1) return plan;
    const reasoning: UnnumberedEvent[] = [
      { type: 'response.output_item.added', output_index: 0, item: { ...REASONING_ITEM, summary: [], encrypted_content: null } },
      { type: 'response.output_item.done', output_index: 0, item: REASONING_ITEM },
    ];
    const unnumbered = plan.events.map(({ sequence_number: _n, ...event }): UnnumberedEvent => event);
    const events = [...unnumbered.slice(0, first), ...reasoning, ...unnumbered.slice(first)];
    return { ...plan, events: numberEvents(events, 0) };
  },
};
