// Reasoning items as OpenAI streams them to Codex (which asks for include:
// ["reasoning.encrypted_content"] and store:false): a reasoning item before the answer whose
// encrypted_content only the issuing organization can decrypt. Codex sends the item back, unchanged,
// in its next request. A relay that spreads one conversation over upstream accounts (codex-wire.md
// §5.11) verifies that blob with another account's key and refuses the follow-up with a 400.
import { createHmac } from 'node:crypto';
import { isRecord } from '../checks/check.ts';
import type { ResponsesFault } from './reference-relay.ts';
import { type UnnumberedEvent, numberEvents } from './stream-builder.ts';

export interface ReasoningKeys {
  /** Signs the encrypted_content of the reasoning items the relay streams. */
  issue: string;
  /** Verifies the encrypted_content of reasoning items a request sends back. */
  verify: string;
  /** false: items without `summary` (a relay that strips what it does not translate). */
  summary?: boolean;
}

const SUMMARY = [{ type: 'summary_text', text: 'The user asked for something; answering directly.' }];

/** The blob depends on the key alone, so a recording of the same scenario stays byte for byte the same. */
function encryptedContent(key: string): string {
  return `gAAAAAB${createHmac('sha256', key).update('reasoning').digest('base64url')}`;
}

/** Streams a reasoning item before every answer and refuses requests carrying a blob it cannot verify. */
export function reasoningRoundTrip(keys: ReasoningKeys): ResponsesFault {
  return {
    refuse(request) {
      const input = Array.isArray(request.input) ? request.input : [];
      const foreign = input.find((item) => isRecord(item) && item.type === 'reasoning' && typeof item.encrypted_content === 'string' && item.encrypted_content !== encryptedContent(keys.verify));
      if (!isRecord(foreign)) return undefined;
      return { status: 400, error: { message: `The encrypted content for item ${String(foreign.id)} could not be verified.`, code: 'invalid_encrypted_content', param: null } };
    },
    stream(plan) {
      const first = plan.events.findIndex((event) => event.type === 'response.output_item.added');
      if (first === -1) return plan;
      const responseId = String((plan.events[0]!.response as { id: string }).id);
      const id = `rs_${responseId.replace(/^resp_/, '')}`;
      const item = keys.summary === false ? { id, type: 'reasoning', encrypted_content: encryptedContent(keys.issue) } : { id, type: 'reasoning', summary: SUMMARY, encrypted_content: encryptedContent(keys.issue) };
      // The reasoning item takes output_index 0; the answer's events move up by one.
      const shifted = plan.events.map(({ sequence_number: _n, ...event }): UnnumberedEvent => (typeof event.output_index === 'number' ? { ...event, output_index: event.output_index + 1 } : event));
      const reasoning: UnnumberedEvent[] = [
        { type: 'response.output_item.added', output_index: 0, item: { ...item, ...(keys.summary !== false && { summary: [] }), encrypted_content: null } },
        { type: 'response.output_item.done', output_index: 0, item },
      ];
      const events = numberEvents([...shifted.slice(0, first), ...reasoning, ...shifted.slice(first)], plan.events[0]!.sequence_number);
      const last = events.at(-1)!;
      if (last.type === 'response.completed' && isRecord(last.response) && Array.isArray(last.response.output)) {
        last.response = { ...last.response, output: [item, ...last.response.output] };
      }
      return { ...plan, events };
    },
  };
}

/** A reply that is a reasoning item alone: the round trip's stream with the answer's items taken out. */
export function reasoningOnlyReply(keys: ReasoningKeys): ResponsesFault {
  const roundTrip = reasoningRoundTrip(keys);
  return {
    ...roundTrip,
    stream(plan) {
      const withReasoning = roundTrip.stream!(plan);
      const kept = withReasoning.events.filter((event) => typeof event.output_index !== 'number' || event.output_index === 0).map(({ sequence_number: _n, ...event }): UnnumberedEvent => event);
      const events = numberEvents(kept, plan.events[0]!.sequence_number);
      const last = events.at(-1)!;
      if (last.type === 'response.completed' && isRecord(last.response) && Array.isArray(last.response.output)) {
        last.response = { ...last.response, output: last.response.output.slice(0, 1) };
      }
      return { ...withReasoning, events };
    },
  };
}
