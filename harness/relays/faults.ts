// Relay bugs seen in the wild (codex-wire.md §5), each one small transform of the reference relay's
// reply or stream. A fault changes only what defines it: everything else streams as the reference.
import { isRecord } from '../checks/check.ts';
import type { ResponsesFault, StreamPlan } from './reference-relay.ts';
import { type ResponseObject, type ResponseStreamEvent, failedEvent } from './stream-builder.ts';

/** How long failed-socket-open holds the socket: past Codex's 300 s idle timeout, so the harm shows. */
export const FAILED_HOLD_OPEN_MS = 600_000;

/** Events that frame a message's text; its deltas are not among them. */
const MESSAGE_FRAMING_TYPES = new Set(['response.content_part.added', 'response.content_part.done', 'response.output_text.done']);
const START_TYPES = new Set(['response.created', 'response.in_progress']);

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

/** The turn fails (response.failed, server_error) and the relay keeps the socket open afterwards. */
export const failedSocketOpen: ResponsesFault = {
  stream: (plan) => {
    const start = plan.events.filter((event) => START_TYPES.has(event.type));
    const failed = failedEvent(start[0]!.response as ResponseObject, { code: 'server_error', message: 'The upstream model failed while generating the response.' });
    return { ...plan, events: [...start, { ...failed, sequence_number: start.at(-1)!.sequence_number + 1 }], holdOpenMs: FAILED_HOLD_OPEN_MS };
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
