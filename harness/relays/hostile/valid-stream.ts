// The well-formed turn hostile behaviours start from and then damage, built with the simulated
// relays' stream builder: every event schema-valid, so the check that fails is the one the damage
// hits. The same arguments always give the same bytes.
import { type ResponseObject, type ResponseStreamEvent, buildResponseEvents, failedEvent, numberEvents } from '../stream-builder.ts';

export { serializeSse, sseFrame } from '../stream-builder.ts';

const SPEC = { model: 'gpt-5.5', seed: 'relaycheck-hostile', createdAt: 1_795_332_661 };
const DEFAULT_TEXT = 'Hello from a relay';

export const SSE_HEAD = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' } as const;

/**
 * created, in_progress, one assistant message (output_item.added, content_part.added, deltas of
 * `deltaSize` characters, the .done events), response.completed.
 */
export function validTurn(text = DEFAULT_TEXT, deltaSize = 8): ResponseStreamEvent[] {
  return buildResponseEvents({ ...SPEC, output: [{ type: 'message', text }], deltaSize });
}

/** The same turn ended by response.failed; the text streams as one delta. */
export function failedTurn(text: string, error: { code: string; message: string }): ResponseStreamEvent[] {
  const events = validTurn(text, Math.max(1, text.length)).slice(0, -1);
  return [...events, ...numberEvents([failedEvent(events[0]!.response as ResponseObject, error)], events.length)];
}

/** created … content_part.added: a message item is open and waits for deltas. */
export function openingEvents(): ResponseStreamEvent[] {
  return validTurn().slice(0, 4);
}

/** A text delta for the item openingEvents() opens, numbered `sequence`. */
export function openDelta(sequence: number, delta = 'x'): ResponseStreamEvent {
  return { ...validTurn()[4]!, delta, sequence_number: sequence };
}
