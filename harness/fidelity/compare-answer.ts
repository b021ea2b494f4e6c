// What the client got against what the upstream sent for one request: the events (or the JSON body
// of a non-streamed answer) unchanged, the upstream's tool calls returned byte for byte, and the
// stream passed on as it came rather than after it ended.
import { isDeepStrictEqual } from 'node:util';
import { excerpt, isRecord } from '../checks/check.ts';
import { ChatStreamReader } from '../chat/chat-stream.ts';
import { createSseParser } from '../sse/sse-parser.ts';
import { FidelityId } from './finding-ids.ts';
import { type Observation, fail, pass, skip } from './observation.ts';

/** One answer as parsed data: the events' JSON in order, or a JSON body. Non-JSON data stays a string. */
export type Answer = { kind: 'stream'; events: unknown[] } | { kind: 'json'; body: unknown };

const TOOL_CALL_TYPES = new Set(['function_call', 'custom_tool_call']);

export function parseSseAnswer(text: string): Answer {
  const events: unknown[] = [];
  const parser = createSseParser({ onEvent: (event) => events.push(parseData(event.data)) });
  parser.feed(text);
  parser.end();
  return { kind: 'stream', events };
}

export function parseData(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
}

/** How the client's stream ended, as the exchange saw it: a short stream is told apart from a broken one by this. */
export interface ClientEnding {
  ending: string;
  bytes: number;
  error?: { message: string };
}

/** Passes when the client's answer equals one of the upstream's (a relay that called twice returns one of them). */
export function compareEvents(upstream: Answer[], client: Answer, ended?: ClientEnding): Observation {
  const id = FidelityId.eventsPreserved;
  if (upstream.length === 0) return skip(id, 'the upstream sent nothing to compare with');
  if (upstream.some((answer) => isDeepStrictEqual(answer, client))) {
    return pass(id, client.kind === 'stream' ? `${client.events.length} event(s) arrived as the upstream sent them` : 'the JSON body arrived as the upstream sent it');
  }
  const sent = upstream.at(-1)!;
  if (sent.kind !== client.kind) return fail(id, `the upstream answered with ${describeKind(sent)}, the client got ${describeKind(client)}`);
  if (sent.kind === 'json' || client.kind === 'json') return fail(id, 'the JSON body the client got differs from the upstream\'s', excerpt(sent), excerpt(client));
  const at = sent.events.findIndex((event, i) => !isDeepStrictEqual(event, client.events[i]));
  const index = at === -1 ? sent.events.length : at;
  const counts = `the upstream sent ${sent.events.length} event(s), the client got ${client.events.length}`;
  // Only a short stream raises the question how it ended; a rewritten one is named by its events.
  const how = ended && client.events.length < sent.events.length ? `; ${describeEnding(ended)}` : '';
  return fail(id, `${counts}; they differ from event ${index} (${typeOf(sent.events[index]) ?? 'end of stream'} sent, ${typeOf(client.events[index]) ?? 'end of stream'} received)${how}`, sent.events[index] ?? null, client.events[index] ?? null);
}

/**
 * A relay that closed the stream properly after too few events (Caddy 2.6.2 does when its own
 * upstream connection breaks mid-answer, docs/fidelity.md) reads differently from a broken connection.
 */
function describeEnding({ ending, bytes, error }: ClientEnding): string {
  if (error) return `the client's read stopped after ${bytes} byte(s): ${error.message}`;
  if (ending === 'eof') return `the relay ended the stream properly after ${bytes} byte(s)`;
  return `the client stopped reading after ${bytes} byte(s) (${ending})`;
}

const describeKind = (answer: Answer) => (answer.kind === 'stream' ? 'an event stream' : 'a JSON body');
/** A Responses event's `type`, a chat chunk's `object`. */
function typeOf(event: unknown): string | undefined {
  if (event === undefined) return undefined;
  if (!isRecord(event)) return event === '[DONE]' ? '[DONE]' : 'non-JSON data';
  return typeof event.type === 'string' ? event.type : typeof event.object === 'string' ? event.object : 'JSON data';
}

/** The finished output items of an answer: output_item.done items, or the body's output. */
export function outputItems(answer: Answer): Record<string, unknown>[] {
  if (answer.kind === 'json') return isRecord(answer.body) && Array.isArray(answer.body.output) ? answer.body.output.filter(isRecord) : [];
  return answer.events.flatMap((event) => (isRecord(event) && event.type === 'response.output_item.done' && isRecord(event.item) ? [event.item] : []));
}

export function compareToolCalls(upstream: Answer | undefined, client: Answer): Observation {
  const id = FidelityId.toolCallsReturned;
  const calls = upstream ? outputItems(upstream).filter((item) => TOOL_CALL_TYPES.has(String(item.type))) : [];
  if (calls.length === 0) return skip(id, 'the upstream made no tool call');
  const returned = outputItems(client);
  const missing = calls.filter((call) => !returned.some((item) => item.type === call.type && item.call_id === call.call_id && item.arguments === call.arguments && item.input === call.input));
  if (missing.length === 0) return pass(id, `${calls.length} tool call(s) reached the client with the same call_id and arguments`);
  const names = missing.map((call) => `${String(call.type)} ${String(call.name)} (${String(call.call_id)})`).join(', ');
  return fail(id, `the upstream's ${names} did not reach the client as sent`, missing.map(callFields), returned.map(callFields));
}

/** A tool call as a chat client sees it, whichever API carried it. */
interface ChatCall {
  call_id: unknown;
  name: unknown;
  arguments: unknown;
}

/** A chat client's answer: the upstream's calls (chat tool_calls, or Responses function_call items) must come back as tool_calls. */
export function compareChatToolCalls(upstream: Answer | undefined, client: Answer): Observation {
  const id = FidelityId.toolCallsReturned;
  const calls = upstream ? chatCallsOf(upstream) : [];
  if (calls.length === 0) return skip(id, 'the upstream made no tool call');
  const returned = chatCallsOf(client);
  const missing = calls.filter((call) => !returned.some((got) => isDeepStrictEqual(got, call)));
  if (missing.length === 0) return pass(id, `${calls.length} tool call(s) reached the client as tool_calls with the same id and arguments`);
  return fail(id, `the upstream's ${missing.map((call) => `${String(call.name)} (${String(call.call_id)})`).join(', ')} did not reach the client as tool_calls as sent`, missing, returned);
}

/** The tool calls of an answer in either API: Responses function_call items, or chat tool_calls. */
export function chatCallsOf(answer: Answer): ChatCall[] {
  const responsesCalls = outputItems(answer)
    .filter((item) => item.type === 'function_call')
    .map((item) => ({ call_id: item.call_id, name: item.name, arguments: item.arguments }));
  if (responsesCalls.length > 0) return responsesCalls;
  if (answer.kind === 'json') {
    const choice = isRecord(answer.body) && Array.isArray(answer.body.choices) ? answer.body.choices[0] : undefined;
    const message = isRecord(choice) && isRecord(choice.message) ? choice.message : {};
    return (Array.isArray(message.tool_calls) ? message.tool_calls : []).filter(isRecord).map((call) => {
      const fn = isRecord(call.function) ? call.function : {};
      return { call_id: call.id, name: fn.name, arguments: fn.arguments };
    });
  }
  const reader = new ChatStreamReader();
  answer.events.forEach((event, i) => reader.add(typeof event === 'string' ? event : '', i, event));
  return [...reader.toolCalls.values()].map((call) => ({ call_id: call.id, name: call.name, arguments: call.arguments }));
}

const callFields = (item: Record<string, unknown>) => ({ type: item.type, name: item.name, call_id: item.call_id, arguments: item.arguments, input: item.input });

export interface StreamTiming {
  /** performance.now() of the upstream's first and last body chunk. */
  upstreamFirstAt?: number;
  upstreamLastAt?: number;
  /** performance.now() when the client parsed its first event. */
  clientFirstAt?: number;
  /** performance.now() of each upstream chunk (one event each) and of each event the client parsed, bounded alike. */
  upstreamChunkAt?: readonly number[];
  clientEventAt?: readonly number[];
  /** The upstream's pause between events. */
  pacedMs?: number;
}

/**
 * The median lag, as a share of the pause between events, over which a forwarded stream holds its
 * events back: a proxy that releases each event when the next arrives (nginx's proxy_buffering)
 * lags a whole pause; loopback jitter, even on a loaded machine, a few ms (test:gateways). The
 * median, so that one late event on a busy machine is not a finding.
 */
const MAX_MEDIAN_LAG_SHARE = 0.5;

/**
 * A relay that buffers passes the first event on only after the upstream's last one; one that holds
 * each event until the next lags every event by a pause. The lag is measured event by event where
 * the relay forwarded the stream as it came (as many events as upstream chunks).
 */
export function compareTiming(timing: StreamTiming): Observation {
  const id = FidelityId.streamNotBuffered;
  const { upstreamFirstAt, upstreamLastAt, clientFirstAt } = timing;
  if (upstreamFirstAt === undefined || upstreamLastAt === undefined) return skip(id, 'the upstream streamed nothing');
  if (clientFirstAt === undefined) return fail(id, 'the client got no event of the upstream\'s stream');
  const delay = Math.round(clientFirstAt - upstreamFirstAt);
  const span = Math.round(upstreamLastAt - upstreamFirstAt);
  if (clientFirstAt >= upstreamLastAt) return fail(id, `the first event reached the client ${delay} ms after the upstream sent it, after the upstream's whole ${span} ms stream: the relay buffers`, `before ${span} ms`, `${delay} ms`);
  const lag = medianLag(timing.upstreamChunkAt ?? [], timing.clientEventAt ?? []);
  if (lag !== undefined && timing.pacedMs !== undefined && lag > timing.pacedMs * MAX_MEDIAN_LAG_SHARE) {
    const bound = Math.round(timing.pacedMs * MAX_MEDIAN_LAG_SHARE);
    return fail(id, `each event reached the client a median ${lag} ms after the upstream sent it, with ${timing.pacedMs} ms between events: the relay holds every event back until the next one comes`, `at most ${bound} ms`, `${lag} ms`);
  }
  const perEvent = lag === undefined ? '' : `, each a median ${lag} ms after the upstream sent it`;
  return pass(id, `the first event reached the client ${delay} ms after the upstream sent it, within the upstream's ${span} ms stream${perEvent}`);
}

/** The median of client minus upstream time, event by event; undefined unless both saw as many events (the stream was not regrouped or translated). */
function medianLag(upstream: readonly number[], client: readonly number[]): number | undefined {
  if (upstream.length === 0 || upstream.length !== client.length) return undefined;
  const lags = client.map((at, i) => at - upstream[i]!).sort((a, b) => a - b);
  return Math.round(lags[Math.floor(lags.length / 2)]!);
}
