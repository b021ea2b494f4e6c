// Builds the Responses API event stream for one reply, as plain objects, the way OpenAI streams it:
// created, in_progress, per output item added → (content part →) deltas → done, then completed
// with the full Response. Everything is derived from the spec's seed and createdAt, so the same
// spec always gives the same bytes: tests and benchmarks can compare and reproduce them.
import { createHash } from 'node:crypto';
import { isRecord } from '../checks/check.ts';

/** What the model answers, before ids are assigned. */
export type ReplyItem =
  | { type: 'message'; text: string }
  | { type: 'function_call'; name: string; arguments: string }
  | { type: 'custom_tool_call'; name: string; input: string }
  /** The answer to Codex's remote compaction request: the whole history, as an opaque blob. */
  | { type: 'compaction'; encrypted_content: string };

/** An event before it is numbered: numbering happens once, where the whole order is known. */
export interface UnnumberedEvent {
  type: string;
  [field: string]: unknown;
}

/** One stream event: the JSON object sent as an SSE event's data. */
export interface ResponseStreamEvent extends UnnumberedEvent {
  sequence_number: number;
}

export type OutputItem = Record<string, unknown> & { id: string; type: ReplyItem['type'] };
export type ResponseObject = Record<string, unknown> & { id: string; object: 'response'; status: string; output: unknown[] };

export interface Usage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

export interface ResponseSpec {
  model: string;
  output: ReplyItem[];
  /** Ids (response, items, call ids) derive from it. */
  seed: string;
  /** Unix seconds. */
  createdAt: number;
  /** The request body: the Response echoes its tools, tool_choice, reasoning and cache key. */
  request?: Record<string, unknown>;
  inputTokens?: number;
  cachedTokens?: number;
  /** Characters per delta event (default 8). */
  deltaSize?: number;
}

const DEFAULT_DELTA_SIZE = 8;

/** The whole event sequence of a completed response, numbered from 0. */
export function buildResponseEvents(spec: ResponseSpec): ResponseStreamEvent[] {
  const nextId = createIdFactory(spec.seed);
  const response = initialResponse(nextId('resp'), spec);
  const items = spec.output.map((reply) => completeItem(reply, nextId));
  const deltaSize = spec.deltaSize ?? DEFAULT_DELTA_SIZE;
  const events: UnnumberedEvent[] = [...startEvents(response)];
  items.forEach((item, index) => events.push(...itemEvents(item, index, deltaSize)));
  const usage = usageFor(spec.inputTokens ?? 0, spec.cachedTokens ?? 0, outputChars(items));
  events.push(completedEvent(response, items, usage));
  return numberEvents(events, 0);
}

export function numberEvents(events: UnnumberedEvent[], first: number): ResponseStreamEvent[] {
  return events.map((event, i) => ({ ...event, sequence_number: first + i }));
}

/** Deterministic ids: `prefix_` + 32 hex characters from the seed and a running count. */
export function createIdFactory(seed: string): (prefix: string) => string {
  let count = 0;
  return (prefix) => `${prefix}_${createHash('sha256').update(`${seed}:${count++}`).digest('hex').slice(0, 32)}`;
}

/** The Response as response.created shows it: in progress, no output, no usage yet. */
export function initialResponse(id: string, spec: Pick<ResponseSpec, 'model' | 'createdAt' | 'request'>): ResponseObject {
  const request = spec.request ?? {};
  return {
    id,
    object: 'response',
    created_at: spec.createdAt,
    status: 'in_progress',
    background: false,
    completed_at: null,
    error: null,
    incomplete_details: null,
    instructions: null,
    max_output_tokens: null,
    max_tool_calls: null,
    model: spec.model,
    output: [],
    parallel_tool_calls: typeof request.parallel_tool_calls === 'boolean' ? request.parallel_tool_calls : true,
    previous_response_id: null,
    prompt_cache_key: typeof request.prompt_cache_key === 'string' ? request.prompt_cache_key : null,
    reasoning: isRecord(request.reasoning) ? request.reasoning : null,
    safety_identifier: null,
    service_tier: 'default',
    store: request.store === true,
    temperature: 1,
    text: { format: { type: 'text' }, ...(isRecord(request.text) ? request.text : {}) },
    tool_choice: echoToolChoice(request.tool_choice),
    tools: Array.isArray(request.tools) ? request.tools.filter((tool) => isRecord(tool) && typeof tool.type === 'string') : [],
    top_logprobs: 0,
    top_p: 1,
    truncation: 'disabled',
    usage: null,
    user: null,
    metadata: {},
  };
}

export function startEvents(response: ResponseObject): UnnumberedEvent[] {
  return [
    { type: 'response.created', response },
    { type: 'response.in_progress', response },
  ];
}

export function completedEvent(response: ResponseObject, items: OutputItem[], usage: Usage | null): UnnumberedEvent {
  return {
    type: 'response.completed',
    response: { ...response, status: 'completed', completed_at: response.created_at, output: items, usage },
  };
}

/** The terminal event of a turn the relay gave up on, carrying an OpenAI error code. */
export function failedEvent(response: ResponseObject, error: { code: string; message: string }): UnnumberedEvent {
  return { type: 'response.failed', response: { ...response, status: 'failed', error } };
}

/** The reply item as it is once complete, with its item id (and call id for tool calls). */
export function completeItem(reply: ReplyItem, nextId: (prefix: string) => string): OutputItem {
  switch (reply.type) {
    case 'message':
      return { id: nextId('msg'), type: 'message', status: 'completed', content: [outputText(reply.text)], role: 'assistant' };
    case 'function_call':
      return { id: nextId('fc'), type: 'function_call', status: 'completed', arguments: reply.arguments, call_id: nextId('call'), name: reply.name };
    case 'custom_tool_call':
      return { id: nextId('ctc'), type: 'custom_tool_call', status: 'completed', call_id: nextId('call'), input: reply.input, name: reply.name };
    case 'compaction':
      return { id: nextId('cmp'), type: 'compaction', encrypted_content: reply.encrypted_content };
  }
}

/** output_item.added, the item's content stream, output_item.done. */
export function itemEvents(item: OutputItem, outputIndex: number, deltaSize: number): UnnumberedEvent[] {
  const at = { item_id: item.id, output_index: outputIndex };
  const events: UnnumberedEvent[] = [];
  switch (item.type) {
    case 'message': {
      const text = messageText(item);
      events.push({ type: 'response.output_item.added', output_index: outputIndex, item: { ...item, status: 'in_progress', content: [] } });
      events.push({ type: 'response.content_part.added', ...at, content_index: 0, part: outputText('') });
      for (const delta of splitText(text, deltaSize)) events.push({ type: 'response.output_text.delta', ...at, content_index: 0, delta, logprobs: [] });
      events.push({ type: 'response.output_text.done', ...at, content_index: 0, text, logprobs: [] });
      events.push({ type: 'response.content_part.done', ...at, content_index: 0, part: outputText(text) });
      break;
    }
    case 'function_call': {
      const args = String(item.arguments);
      events.push({ type: 'response.output_item.added', output_index: outputIndex, item: { ...item, status: 'in_progress', arguments: '' } });
      for (const delta of splitText(args, deltaSize)) events.push({ type: 'response.function_call_arguments.delta', ...at, delta });
      events.push({ type: 'response.function_call_arguments.done', ...at, name: item.name, arguments: args });
      break;
    }
    case 'custom_tool_call': {
      const input = String(item.input);
      events.push({ type: 'response.output_item.added', output_index: outputIndex, item: { ...item, status: 'in_progress', input: '' } });
      for (const delta of splitText(input, deltaSize)) events.push({ type: 'response.custom_tool_call_input.delta', ...at, delta });
      events.push({ type: 'response.custom_tool_call_input.done', ...at, input });
      break;
    }
    case 'compaction':
      // No content stream: the blob arrives whole, in added and done alike.
      events.push({ type: 'response.output_item.added', output_index: outputIndex, item });
      break;
  }
  events.push({ type: 'response.output_item.done', output_index: outputIndex, item });
  return events;
}

/** Usage with every field Codex and the spec read; tokens estimated at 4 characters each. */
export function usageFor(inputTokens: number, cachedTokens: number, outputCharacters: number): Usage {
  const outputTokens = Math.ceil(outputCharacters / 4);
  return {
    input_tokens: inputTokens,
    input_tokens_details: { cached_tokens: Math.min(cachedTokens, inputTokens) },
    output_tokens: outputTokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: inputTokens + outputTokens,
  };
}

export function outputChars(items: OutputItem[]): number {
  let chars = 0;
  for (const item of items) {
    if (item.type === 'message') chars += messageText(item).length;
    else if (item.type === 'function_call') chars += String(item.arguments).length;
    else if (item.type === 'compaction') chars += String(item.encrypted_content).length;
    else chars += String(item.input).length;
  }
  return chars;
}

export interface SseOptions {
  /** Write an `event: <type>` line before data (default true); Codex ignores it, browsers use it. */
  eventLines?: boolean;
  /** End the last event with its blank line (default true). false reproduces a common relay bug. */
  terminateLast?: boolean;
}

/** One SSE event per array entry: a relay writes them one at a time. */
export function sseFrames(events: ResponseStreamEvent[], opts: SseOptions = {}): string[] {
  const frames = events.map((event) => sseFrame(event, opts.eventLines ?? true));
  const last = frames.length - 1;
  if (opts.terminateLast === false && last >= 0) frames[last] = frames[last]!.slice(0, -1);
  return frames;
}

export function serializeSse(events: ResponseStreamEvent[], opts: SseOptions = {}): string {
  return sseFrames(events, opts).join('');
}

export function sseFrame(event: ResponseStreamEvent, eventLine = true): string {
  return `${eventLine ? `event: ${event.type}\n` : ''}data: ${JSON.stringify(event)}\n\n`;
}

function outputText(text: string) {
  return { type: 'output_text', annotations: [], logprobs: [], text };
}

function messageText(item: OutputItem): string {
  const content = item.content as Array<{ text: string }>;
  return content.map((part) => part.text).join('');
}

/** Cuts text into pieces of `size` code points, so no delta splits a surrogate pair. */
function splitText(text: string, size: number): string[] {
  const points = Array.from(text);
  const pieces: string[] = [];
  for (let i = 0; i < points.length; i += size) pieces.push(points.slice(i, i + size).join(''));
  return pieces;
}

function echoToolChoice(choice: unknown): unknown {
  if (choice === 'none' || choice === 'auto' || choice === 'required') return choice;
  if (isRecord(choice) && typeof choice.type === 'string') return choice;
  return 'auto';
}
