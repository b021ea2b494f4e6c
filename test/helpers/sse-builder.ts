// Small builders for what checks observe: the StreamEvents an exchange dispatches and the
// ExchangeEnd it ends with. A stream reads as the relay would send it:
//   stream(created(), added(0, message()), textDelta(0, 'hel'), itemDone(0, message('hel')), completed())
// stream() numbers the events (index, atMs, sequence_number) so examples only spell out what they test.
import type { CaseContext } from '../../harness/checks/check.ts';
import type { ExchangeEnd, StreamEvent } from '../../harness/exchange/exchange-end.ts';
import type { FramingIssue } from '../../harness/sse/sse-parser.ts';
import { isRecord, isTerminalType } from '../../harness/checks/check.ts';
import { buildResponseEvents, type ReplyItem } from '../../harness/relays/stream-builder.ts';

type Json = Record<string, unknown>;

/** One event before stream() places it: its JSON data (or raw data text) and SSE details. */
export interface EventSpec {
  json?: Json;
  /** Raw data text when it is not a JSON object (overrides json). */
  data?: string;
  /** The `event:` line's name. */
  name?: string;
  dataLines?: number;
  /** Milliseconds after the previous event (default 10). */
  gapMs?: number;
  /** false: no sequence_number is added; a number: that one instead of the running count. */
  seq?: number | false;
}

const GAP_MS = 10;

/** Any JSON event; the helpers below are the common ones. */
export const ev = (type: string, fields: Json = {}): EventSpec => ({ json: { type, ...fields } });
/** The data text exactly as given: [DONE], broken JSON, `12.0`, several data: lines... */
export const raw = (data: string, dataLines = 1): EventSpec => ({ data, dataLines });
/** The same event with an `event:` line. */
export const named = (name: string, spec: EventSpec): EventSpec => ({ ...spec, name });
export const seq = (value: number | false, spec: EventSpec): EventSpec => ({ ...spec, seq: value });
export const after = (gapMs: number, spec: EventSpec): EventSpec => ({ ...spec, gapMs });

export const RESPONSE_ID = 'resp_1';
const itemId = (outputIndex: number) => `item_${outputIndex}`;

export const message = (text = '', id = itemId(0)): Json => ({ id, type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', annotations: [], text }] });
export const functionCall = (fields: Json = {}): Json => ({ id: itemId(0), type: 'function_call', status: 'completed', name: 'exec_command', call_id: 'call_1', arguments: '{"cmd":"ls"}', ...fields });
export const customToolCall = (fields: Json = {}): Json => ({ id: itemId(0), type: 'custom_tool_call', status: 'completed', name: 'apply_patch', call_id: 'call_1', input: '*** Begin Patch', ...fields });

export const created = (response: Json = {}) => ev('response.created', { response: { id: RESPONSE_ID, ...response } });
export const inProgress = (response: Json = {}) => ev('response.in_progress', { response: { id: RESPONSE_ID, ...response } });
export const completed = (response: Json = {}) => ev('response.completed', { response: { id: RESPONSE_ID, status: 'completed', output: [], usage: null, ...response } });
export const failed = (error: Json | null = { code: 'server_error', message: 'boom' }) => ev('response.failed', { response: { id: RESPONSE_ID, status: 'failed', error } });
export const incomplete = (reason = 'max_output_tokens') => ev('response.incomplete', { response: { id: RESPONSE_ID, status: 'incomplete', incomplete_details: { reason } } });

export const added = (outputIndex: number, item: Json = message('', itemId(outputIndex))) => ev('response.output_item.added', { output_index: outputIndex, item });
export const itemDone = (outputIndex: number, item: Json = message('', itemId(outputIndex))) => ev('response.output_item.done', { output_index: outputIndex, item });
export const partAdded = (outputIndex: number, contentIndex = 0) => ev('response.content_part.added', { item_id: itemId(outputIndex), output_index: outputIndex, content_index: contentIndex });
export const partDone = (outputIndex: number, contentIndex = 0) => ev('response.content_part.done', { item_id: itemId(outputIndex), output_index: outputIndex, content_index: contentIndex });
export const textDelta = (outputIndex: number, delta: string, fields: Json = {}) => ev('response.output_text.delta', { item_id: itemId(outputIndex), output_index: outputIndex, content_index: 0, delta, ...fields });
export const textDone = (outputIndex: number, text: string, fields: Json = {}) => ev('response.output_text.done', { item_id: itemId(outputIndex), output_index: outputIndex, content_index: 0, text, ...fields });

/** Places the events: arrival index, time, and a running sequence_number unless the spec says otherwise. */
export function stream(...specs: EventSpec[]): StreamEvent[] {
  let atMs = 0;
  return specs.map((spec, index) => {
    atMs += spec.gapMs ?? GAP_MS;
    const json = spec.json && spec.seq !== false ? { ...spec.json, sequence_number: spec.seq ?? index } : spec.json;
    const data = spec.data ?? JSON.stringify(json);
    const event: StreamEvent = { index, atMs, data, dataLines: spec.dataLines ?? 1 };
    if (spec.name !== undefined) event.event = spec.name;
    try {
      event.json = spec.data === undefined ? json : JSON.parse(spec.data);
    } catch {
      // not JSON: the exchange leaves json and type unset too
    }
    if (isRecord(event.json) && typeof event.json.type === 'string') event.type = event.json.type;
    return event;
  });
}

/** A whole, valid stream as the reference relay sends it (every spec field present). */
export function referenceStream(...output: ReplyItem[]): StreamEvent[] {
  const events = buildResponseEvents({ model: 'gpt-5.5', output, seed: 'examples', createdAt: 1_760_000_000 });
  return stream(...events.map(({ sequence_number, ...json }) => ({ json, seq: sequence_number, name: json.type })));
}

const HEAD = { headersMs: 5, url: 'http://127.0.0.1:8080/v1/responses' };

/** The end of a 200 stream that carried these events, read to EOF or to its terminal event. */
export function streamed(events: StreamEvent[], overrides: Partial<ExchangeEnd> = {}): ExchangeEnd {
  const terminal = events.find((event) => isTerminalType(event.type));
  let maxGapMs = 0;
  events.forEach((event, i) => (maxGapMs = Math.max(maxGapMs, event.atMs - (i === 0 ? HEAD.headersMs : events[i - 1]!.atMs))));
  const end: ExchangeEnd = {
    head: { status: 200, headers: { 'content-type': 'text/event-stream' }, ...HEAD },
    ending: terminal ? 'after-terminal' : 'eof',
    durationMs: (events.at(-1)?.atMs ?? 0) + 1,
    bytes: events.reduce((sum, event) => sum + event.data.length + 8, 0),
    events: events.length,
    comments: 0,
    framing: [],
    maxGapMs,
  };
  if (terminal) end.terminal = terminal;
  if (terminal?.type === 'response.failed') end.closedAfterFailedMs = 3;
  if (events.length > 0) {
    end.firstEventAtMs = events[0]!.atMs;
    end.lastEventAtMs = events.at(-1)!.atMs;
  }
  return { ...end, ...overrides };
}

/** A non-stream answer (an error page, a JSON error): status, body and headers. */
export function answered(status: number, body: unknown = '', headers: Record<string, string> = {}, overrides: Partial<ExchangeEnd> = {}): ExchangeEnd {
  const bodyText = typeof body === 'string' ? body : JSON.stringify(body);
  return { head: { status, headers, ...HEAD }, ending: 'not-read', durationMs: 7, bytes: bodyText.length, events: 0, comments: 0, framing: [], bodyText, maxGapMs: 0, ...overrides };
}

/** No HTTP answer at all: the connection failed. */
export function unanswered(kind: 'refused' | 'timeout' = 'refused', message = 'connect ECONNREFUSED 127.0.0.1:8080'): ExchangeEnd {
  return { error: { kind, message }, ending: 'not-read', durationMs: 2, bytes: 0, events: 0, comments: 0, framing: [], maxGapMs: 0 };
}

export const issue = (kind: FramingIssue['kind'], eventIndex: number, detail: string, lost?: string): FramingIssue => (lost === undefined ? { kind, eventIndex, detail } : { kind, eventIndex, detail, lost });

/** A Codex turn that expects a plain message back, unless the example says otherwise. */
export function caseContext(overrides: Partial<CaseContext> = {}): CaseContext {
  return { expectedReply: 'message', requestBody: {}, idleTimeoutMs: 300_000, failedCloseGraceMs: 2_000, ...overrides };
}
