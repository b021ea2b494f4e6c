// Relay bugs seen in the wild (codex-wire.md §5) in what the stream says: its items, usage and
// terminal event. Each is one small transform of the reference relay's reply or stream, and changes
// only what defines it: everything else streams as the reference. Bugs in how the stream is written
// are in wire-faults.ts, refusals and failed turns in failure-faults.ts.
import { isRecord } from '../checks/check.ts';
import type { ResponsesFault, StreamPlan } from './reference-relay.ts';
import { type ResponseObject, type ResponseStreamEvent, numberEvents } from './stream-builder.ts';

/** Events that frame a message's text; its deltas are not among them. */
const MESSAGE_FRAMING_TYPES = new Set(['response.content_part.added', 'response.content_part.done', 'response.output_text.done']);

/** The stream ends after the last item, without response.completed (buffering proxies, short read timeouts). */
export const noTerminalEvent: ResponsesFault = {
  stream: (plan) => ({ ...plan, events: plan.events.filter((event) => event.type !== 'response.completed') }),
};

/** The last event is written without its closing blank line, so SSE clients never dispatch it. */
export const unterminatedFinalEvent: ResponsesFault = {
  stream: (plan) => ({ ...plan, terminateLastEvent: false }),
};

/** Usage translated from Chat Completions: prompt_tokens / completion_tokens, none of the fields Codex reads. */
export const usageChatStyle: ResponsesFault = {
  stream: mapCompletedResponse((response) => {
    const usage = response.usage as { input_tokens: number; output_tokens: number; total_tokens: number };
    return { ...response, usage: { prompt_tokens: usage.input_tokens, completion_tokens: usage.output_tokens, total_tokens: usage.total_tokens } };
  }),
};

/** `input_tokens_details: {}`: Codex cannot parse it, retries the turn and bills it again. */
export const usageEmptyDetails: ResponsesFault = {
  stream: mapCompletedResponse((response) => ({ ...response, usage: { ...(response.usage as object), input_tokens_details: {} } })),
};

/** response.completed without response.id. */
export const completedWithoutId: ResponsesFault = {
  stream: mapCompletedResponse(({ id: _dropped, ...response }) => response as ResponseObject),
};

/** Chat chunks relayed as text deltas: a message never becomes an output item, so Codex completes the
 * turn showing nothing. Tool calls stream as in the reference (this bug is about text). */
export const deltasOnly: ResponsesFault = {
  stream: (plan) => ({
    ...plan,
    events: plan.events
      .filter((event) => !MESSAGE_FRAMING_TYPES.has(event.type) && !(isRecord(event.item) && event.item.type === 'message'))
      .map((event) => (event.type === 'response.completed' ? { ...event, response: withoutMessages(event.response as ResponseObject) } : event)),
  }),
};

/** function_call `arguments` sent as a JSON object instead of a JSON string (function calls only). */
export const objectArguments: ResponsesFault = {
  stream: mapItems((item) => (item.type === 'function_call' ? { ...item, arguments: JSON.parse(String(item.arguments) || '{}') as unknown } : item)),
};

/** Tool calls without call_id (function and custom tool calls; messages have none). */
export const missingCallId: ResponsesFault = {
  stream: mapItems(({ call_id: _dropped, ...item }) => item),
};

/** The freeform apply_patch tool answered as a function_call with `{"input": patch}` arguments. */
export const customToolAsFunction: ResponsesFault = {
  reply: (reply) => (reply.type === 'custom_tool_call' ? { type: 'function_call', name: reply.name, arguments: JSON.stringify({ input: reply.input }) } : reply),
};

/** `{"type":"response.completed"}` with no `response` object: Codex skips the event as unreadable. */
export const completedWithoutResponse: ResponsesFault = {
  stream: (plan) => ({ ...plan, events: plan.events.map((event) => (event.type === 'response.completed' ? { type: event.type, sequence_number: event.sequence_number } : event)) }),
};

/** `usage: null` in response.completed: Codex accepts it (and reports zero tokens). */
export const usageNull: ResponsesFault = {
  stream: mapCompletedResponse((response) => ({ ...response, usage: null })),
};

/** Message text streamed without output_item.added and content_part.added: Codex drops the deltas but
 * shows the message from output_item.done, so nothing is lost. */
export const deltasWithoutItemAdded: ResponsesFault = {
  stream: (plan) => ({
    ...plan,
    events: plan.events.filter((event) => event.type !== 'response.content_part.added' && !(event.type === 'response.output_item.added' && isRecord(event.item) && event.item.type === 'message')),
  }),
};

/** Every output item (message or tool call) appears only in response.completed.output: no item events at all. */
export const itemsOnlyInCompleted: ResponsesFault = {
  stream: (plan) => ({ ...plan, events: plan.events.filter((event) => event.item === undefined && event.item_id === undefined) }),
};

/** Message content typed `text` instead of `output_text` (a Chat-style translation): Codex cannot
 * read the message and drops it. */
export const messageContentText: ResponsesFault = {
  stream: mapItems((item) => (item.type === 'message' && Array.isArray(item.content) ? { ...item, content: item.content.map((part: Record<string, unknown>) => ({ ...part, type: 'text' })) } : item)),
};

/** Tool calls with `call_id: ""`: Codex runs them and sends the output back under the same empty id. */
export const emptyCallId: ResponsesFault = {
  stream: mapItems((item) => ('call_id' in item ? { ...item, call_id: '' } : item)),
};

/** Function-call arguments sent only in function_call_arguments.delta/.done, with `arguments: ""` in
 * the item: Codex reads arguments from output_item.done alone, so the command never runs. */
export const argumentsOnlyInDeltas: ResponsesFault = {
  stream: mapItems((item) => (item.type === 'function_call' ? { ...item, arguments: '' } : item)),
};

/** After response.completed, another message and a second response.completed: Codex stops reading at
 * the first terminal event, so this is harmless to it. */
export const eventsAfterCompleted: ResponsesFault = {
  stream: (plan) => {
    const completed = plan.events.at(-1)!;
    const response = completed.response as ResponseObject;
    const stray = { id: 'msg_after_completed', type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', annotations: [], logprobs: [], text: 'AFTER-COMPLETED text' }] };
    const after = [
      { type: 'response.output_item.done', output_index: response.output.length, item: stray },
      { type: 'response.completed', response: { ...response, output: [...response.output, stray] } },
    ];
    return { ...plan, events: [...plan.events, ...numberEvents(after, completed.sequence_number + 1)] };
  },
};

function withoutMessages(response: ResponseObject): ResponseObject {
  return { ...response, output: response.output.filter((item) => !(isRecord(item) && item.type === 'message')) };
}

/** Applies `edit` to the Response in response.completed. */
function mapCompletedResponse(edit: (response: ResponseObject) => ResponseObject): (plan: StreamPlan) => StreamPlan {
  return (plan) => ({
    ...plan,
    events: plan.events.map((event) => (event.type === 'response.completed' ? { ...event, response: edit(event.response as ResponseObject) } : event)),
  });
}

/** Applies `edit` to every view of each output item: output_item.added/.done and response.output. */
function mapItems(edit: (item: Record<string, unknown>) => Record<string, unknown>): (plan: StreamPlan) => StreamPlan {
  const editEvent = (event: ResponseStreamEvent): ResponseStreamEvent => {
    if (isRecord(event.item)) return { ...event, item: edit(event.item) };
    if (isRecord(event.response) && Array.isArray(event.response.output)) {
      return { ...event, response: { ...event.response, output: event.response.output.map((item) => (isRecord(item) ? edit(item) : item)) } };
    }
    return event;
  };
  return (plan) => ({ ...plan, events: plan.events.map(editEvent) });
}
